"""The COA and permit pages: a referral to an intake, an event with its tasks, and the
employment statement; a COA account sees only its own referrals."""

from __future__ import annotations

from datetime import timedelta
from html import unescape

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    CandidateProfile,
    PermitTask,
    Referral,
    ReferralStatus,
    Role,
    TransferRetention,
    User,
)
from portal.models.base import local_today
from tests.fixtures.actors import create_user
from tests.fixtures.permits import create_coa_user, create_working_person


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _referral_form(**changes) -> dict[str, str]:
    today = local_today()
    data = {
        "reception_centre": "AZC Kronenburg",
        "name": "Amanuel Testpersoon",
        "v_number": "1234567890",
        "phone": "0612345678",
        "asylum_application_date": "2025-09-01",
        "asylum_registration_date": "2025-07-15",
        "available_from": today.isoformat(),
        "hours_per_week": "32",
        "languages": "ti:C2, nl:A2",
        "consent_on": today.isoformat(),
        "consent": "y",
    }
    data.update(changes)
    return data


def test_coa_refers_and_a_matchmaker_makes_the_intake(app, login):
    with app.app_context():
        coa = create_coa_user()
        matchmaker = create_user(Role.MATCHMAKER)
        db.session.commit()
    coa_client = login(coa)
    assert coa_client.get("/coa/").status_code == 200
    page = coa_client.post("/coa/verwijzen", data=_referral_form(consent=""))
    assert page.status_code == 200
    assert "Zonder toestemming kunt u niet doorverwijzen." in text(page)
    assert coa_client.post("/coa/verwijzen", data=_referral_form()).status_code == 302
    with app.app_context():
        referral = db.session.scalars(select(Referral)).one()
        referral_id, ref = referral.id, referral.ref
    listing = text(coa_client.get("/coa/"))
    assert ref in listing
    assert "verstuurd" in listing
    assert "Amanuel" not in listing  # the list shows status, not the person

    mm = login(matchmaker)
    assert ref in text(mm.get("/coa/verwijzingen"))
    detail = mm.get(f"/coa/verwijzingen/{referral_id}")
    assert "Amanuel Testpersoon" in text(detail)
    bad = mm.post(
        f"/coa/verwijzingen/{referral_id}",
        data={"summary": "Bel 0612345678", "max_travel_km": "25"},
    )
    assert bad.status_code == 200
    done = mm.post(
        f"/coa/verwijzingen/{referral_id}",
        data={"summary": "Werkte als kok.", "max_travel_km": "25"},
    )
    assert done.status_code == 302
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == ReferralStatus.INTAKE
        profile = db.session.get(CandidateProfile, referral.profile_id)
        assert done.headers["Location"].endswith(f"/kandidaten/{profile.id}/bewerken")
        assert db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "referral.view",
                AuditEvent.object_id == referral_id,
            )
        )
    assert "intake gedaan" in text(coa_client.get("/coa/"))


def test_matchmaker_records_an_event_and_the_employer_closes_a_task(app, login):
    with app.app_context():
        w = create_working_person()
        db.session.commit()
        profile_id = w.candidate.id
        matchmaker = db.session.get(User, w.matchmaker.id)
        employer_user = db.session.get(User, w.employer_user.id)
        other_user = db.session.get(User, w.other_user.id)
    mm = login(matchmaker)
    assert mm.get(f"/permits/kandidaat/{profile_id}").status_code == 200
    refused = mm.post(
        f"/permits/kandidaat/{profile_id}",
        data={"kind": "transfer_done", "occurred_on": local_today().isoformat()},
    )
    assert refused.status_code == 200
    assert "Vul het nieuwe azc in." in text(refused)
    ok = mm.post(
        f"/permits/kandidaat/{profile_id}",
        data={"kind": "refused_final", "occurred_on": local_today().isoformat()},
        follow_redirects=True,
    )
    assert "3 nieuwe taken" in text(ok)
    emp = login(employer_user)
    tasks_page = text(emp.get("/permits/taken"))
    assert "Laat de kandidaat niet meer werken" in tasks_page
    with app.app_context():
        task = db.session.scalar(
            select(PermitTask).where(PermitTask.kind == "stop_work")
        )
        task_id = task.id
    assert login(other_user).post(f"/permits/taken/{task_id}/klaar").status_code == 404
    assert emp.post(f"/permits/taken/{task_id}/klaar").status_code == 302
    with app.app_context():
        assert db.session.get(PermitTask, task_id).done_on == local_today()


def test_statement_walk(app, login):
    with app.app_context():
        w = create_working_person()
        w.hire.status = "active"
        db.session.commit()
        profile_id = w.candidate.id
        matchmaker = db.session.get(User, w.matchmaker.id)
    mm = login(matchmaker)
    mm.post(
        f"/permits/kandidaat/{profile_id}",
        data={
            "kind": "transfer_planned",
            "occurred_on": (local_today() + timedelta(days=10)).isoformat(),
            "to_reception_centre": "azc Ter Apel",
            "to_pc4": "9561",
        },
    )
    with app.app_context():
        item_id = db.session.scalars(select(TransferRetention)).one().id
    url = f"/permits/verklaring/{item_id}"
    assert mm.get(url).status_code == 200
    page = mm.post(url, data={"action": "make"})
    assert page.status_code == 200
    assert "toestemming" in text(page)
    for action in ("consent", "make", "sent"):
        assert (
            mm.post(url, data={"action": action, "on": local_today().isoformat()})
        ).status_code == 302
    final = mm.post(
        url,
        data={"action": "outcome", "outcome": "kept_job"},
        follow_redirects=True,
    )
    assert "werk behouden" in text(final)
    with app.app_context():
        item = db.session.get(TransferRetention, item_id)
        assert item.statement["hours_per_week"] == 32
        assert item.sent_to_coa_on == local_today()


def test_admin_verifies_a_coa_account(app, login, admin):
    with app.app_context():
        coa = create_coa_user(verified=False)
        db.session.commit()
        from portal.models import CoaPartner

        partner_id = db.session.scalar(
            select(CoaPartner.id).where(CoaPartner.user_id == coa.id)
        )
    client = login(admin)
    assert coa.email in text(client.get("/coa/beheer"))
    bad = client.post(
        f"/coa/beheer/{partner_id}",
        data={
            f"p{partner_id}-centres": "zonder postcode",
            f"p{partner_id}-verified": "y",
        },
        follow_redirects=True,
    )
    assert "Schrijf per regel" in text(bad)
    client.post(
        f"/coa/beheer/{partner_id}",
        data={
            f"p{partner_id}-centres": "AZC Kronenburg; 1186\nazc Willinklaan; 1067",
            f"p{partner_id}-verified": "y",
        },
    )
    with app.app_context():
        from portal.models import CoaPartner

        partner = db.session.get(CoaPartner, partner_id)
        assert partner.is_verified
        assert partner.centre_names == ["AZC Kronenburg", "azc Willinklaan"]
    assert login(coa).get("/coa/verwijzen").status_code == 200


def test_procedure_facts_and_agency_admission_pages(app, login):
    with app.app_context():
        w = create_working_person()
        db.session.commit()
        profile_id, case_id = w.candidate.id, w.case.id
        matchmaker = db.session.get(User, w.matchmaker.id)
        employer_user = db.session.get(User, w.employer_user.id)
    mm = login(matchmaker)
    mm.post(
        f"/permits/kandidaat/{profile_id}/procedure",
        data={"registration_date": "2025-05-20", "accelerated": "y"},
    )
    emp = login(employer_user)
    assert "Wtta" in text(emp.get(f"/permits/werkvergunning/{case_id}/uitzendbureau"))
    assert (
        emp.post(
            f"/permits/werkvergunning/{case_id}/uitzendbureau",
            data={"via_agency": "y", "admission_number": "WTTA-1"},
        ).status_code
        == 302
    )
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        assert profile.accelerated_procedure is True
        assert str(profile.asylum_registration_date) == "2025-05-20"
        from portal.models import TwvCase

        case = db.session.get(TwvCase, case_id)
        assert case.via_agency is True
        assert case.wtta_admission_number == "WTTA-1"


def test_a_revoked_coa_account_records_nothing(app, login, admin):
    """An admin takes the verification back: the account keeps its list, but every page
    that records or refers answers 403 and nothing is stored."""
    from portal.models import CoaPartner, ProcedureEvent
    from portal.services.permits import referrals as referral_service

    with app.app_context():
        coa = create_coa_user()
        matchmaker = create_user(Role.MATCHMAKER)
        referral = referral_service.create_referral(
            referral_service.ReferralData(
                reception_centre="AZC Kronenburg",
                name="Bewoner Een",
                asylum_application_date=local_today() - timedelta(days=400),
                available_from=local_today(),
                hours_per_week=24,
                consent_on=local_today(),
            ),
            by=coa,
        )
        referral_service.start_intake(
            referral, summary="Werkte als kok.", max_travel_km=25, by=matchmaker
        )
        db.session.commit()
        referral_id = referral.id
        partner_id = db.session.scalar(
            select(CoaPartner.id).where(CoaPartner.user_id == coa.id)
        )
    client = login(coa)
    url = f"/coa/bewoner/{referral_id}/gebeurtenis"
    assert client.get(url).status_code == 200
    login(admin).post(
        f"/coa/beheer/{partner_id}",
        data={f"p{partner_id}-centres": "AZC Kronenburg; 1186"},  # verified unticked
    )
    event = {"kind": "left_reception", "occurred_on": local_today().isoformat()}
    assert client.get(url).status_code == 403
    assert client.post(url, data=event).status_code == 403
    assert client.get("/coa/verwijzen").status_code == 403
    assert client.post("/coa/verwijzen", data=_referral_form()).status_code == 403
    home = client.get("/coa/")
    assert home.status_code == 200
    assert "gecontroleerd" in text(home)
    assert url not in text(home)  # no link to record anything
    with app.app_context():
        assert db.session.scalar(select(ProcedureEvent.id)) is None
        assert (
            db.session.scalar(select(Referral.id).where(Referral.id != referral_id))
            is None
        )


def test_the_intake_page_asks_for_the_consent_the_referral_does_not_cover(app, login):
    with app.app_context():
        coa = create_coa_user()
        matchmaker = create_user(Role.MATCHMAKER)
        db.session.commit()
    login(coa).post("/coa/verwijzen", data=_referral_form())
    with app.app_context():
        referral_id = db.session.scalars(select(Referral.id)).one()
    mm = login(matchmaker)
    page = text(mm.get(f"/coa/verwijzingen/{referral_id}"))
    assert "Waarvoor geeft de kandidaat bij de intake nog meer toestemming?" in page
    assert 'value="employers"' in page
    mm.post(
        f"/coa/verwijzingen/{referral_id}",
        data={
            "summary": "Werkte als kok.",
            "max_travel_km": "25",
            "scopes": ["employers", "introduction"],
        },
    )
    with app.app_context():
        profile = db.session.get(
            CandidateProfile, db.session.get(Referral, referral_id).profile_id
        )
        assert sorted(c.scope for c in profile.consents) == [
            "matching",
            "matching,employers,introduction",
        ]


def test_a_matchmaker_marks_an_event_as_recorded_in_error(app, login):
    with app.app_context():
        w = create_working_person()
        db.session.commit()
        profile_id = w.candidate.id
        matchmaker = db.session.get(User, w.matchmaker.id)
    mm = login(matchmaker)
    mm.post(
        f"/permits/kandidaat/{profile_id}",
        data={"kind": "refused_final", "occurred_on": local_today().isoformat()},
    )
    with app.app_context():
        from portal.models import ProcedureEvent

        event_id = db.session.scalars(select(ProcedureEvent.id)).one()
    page = text(mm.get(f"/permits/kandidaat/{profile_id}"))
    assert "Markeer als vergissing" in page
    refused = mm.post(
        f"/permits/gebeurtenis/{event_id}/vergissing", follow_redirects=True
    )
    assert "Kies waarom de gebeurtenis een vergissing is." in text(refused)
    done = mm.post(
        f"/permits/gebeurtenis/{event_id}/vergissing",
        data={f"void{event_id}-reason_code": "wrong_person"},
        follow_redirects=True,
    )
    shown = text(done)
    assert "De gebeurtenis is als vergissing gemarkeerd. 3 taken vervallen" in shown
    assert "Bij de verkeerde persoon vastgelegd" in shown
    assert "vervallen" in shown
    with app.app_context():
        assert db.session.get(CandidateProfile, profile_id).asylum_rejected is False
