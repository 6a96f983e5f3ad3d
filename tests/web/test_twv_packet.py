"""The TWV packet page and the intermediary's pages, through the test client."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Employer,
    Notification,
    Role,
    StatusChange,
    TwvCase,
    User,
)
from portal.models.base import AMSTERDAM
from portal.services.intermediaries import delegations, organisations
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.intermediaries import (
    PERSON,
    create_intermediary_user,
    create_packet_case,
    delegate_to,
)
from tests.fixtures.twv import grant_twv


def _world(app, *, confirmed=True, scopes=None, delegated=True):
    with app.app_context():
        matchmaker = create_user(Role.MATCHMAKER)
        employer = create_employer()
        boss = create_user(Role.EMPLOYER, employer=employer)
        other = create_user(Role.EMPLOYER, employer=create_employer(name="Ander"))
        kwargs = {"scopes": scopes} if scopes else {}
        case = create_packet_case(
            employer=employer, matchmaker=matchmaker, confirmed=confirmed, **kwargs
        )
        agent = create_intermediary_user(by=matchmaker)
        stranger = create_intermediary_user(by=matchmaker)
        if delegated:
            delegate_to(employer, agent)
        db.session.commit()
        return {
            "case": case.id,
            "profile": case.candidate_id,
            "employer": employer.id,
            **{
                name: db.session.get(User, user.id)
                for name, user in {
                    "boss": boss,
                    "other": other,
                    "agent": agent,
                    "stranger": stranger,
                    "matchmaker": matchmaker,
                }.items()
            },
        }


def _reads(app, profile_id):
    with app.app_context():
        return db.session.scalar(
            select(func.count(AuditEvent.id)).where(
                AuditEvent.action == "identity.read.twv_packet",
                AuditEvent.object_type == "candidate",
                AuditEvent.object_id == profile_id,
            )
        )


def test_the_employer_sees_the_packet_and_the_read_is_logged(app, login):
    w = _world(app)
    response = login(w["boss"]).get(f"/twv/{w['case']}/aanvraaggegevens")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert PERSON.name in page
    assert PERSON.v_number in page
    for secret in (PERSON.nationality, PERSON.phone, PERSON.email, PERSON.notes):
        assert secret not in page
    assert "print.css" in page
    assert _reads(app, w["profile"]) == 1


def test_the_packet_is_refused_before_the_hire_is_confirmed(app, login):
    w = _world(app, confirmed=False)
    response = login(w["boss"]).get(f"/twv/{w['case']}/aanvraaggegevens")
    assert response.status_code == 403
    assert PERSON.name not in response.get_data(as_text=True)
    assert _reads(app, w["profile"]) == 0


def test_the_packet_is_refused_without_consent_for_this_purpose(app, login):
    w = _world(app, scopes=("matching", "employers", "introduction"))
    for user in (w["boss"], w["agent"]):
        response = login(user).get(f"/twv/{w['case']}/aanvraaggegevens")
        assert response.status_code == 403
        assert PERSON.name not in response.get_data(as_text=True)
    assert _reads(app, w["profile"]) == 0


def test_other_employers_and_intermediaries_get_404_and_matchmakers_403(app, login):
    w = _world(app)
    url = f"/twv/{w['case']}/aanvraaggegevens"
    assert login(w["other"]).get(url).status_code == 404
    assert login(w["stranger"]).get(url).status_code == 404
    assert login(w["matchmaker"]).get(url).status_code == 403
    assert _reads(app, w["profile"]) == 0


def test_the_delegated_intermediary_works_the_case_on_behalf_of_the_employer(
    app, login
):
    w = _world(app)
    client = login(w["agent"])
    assert client.get("/bemiddelaar/").status_code == 200
    listing = client.get("/twv/").get_data(as_text=True)
    assert f"/twv/{w['case']}" in listing
    assert client.get(f"/twv/{w['case']}").status_code == 200
    response = client.post(
        f"/twv/{w['case']}/stappen/draft_contract",
        data={"draft_contract-action": "done"},
    )
    assert response.status_code == 302
    assert client.get(f"/twv/{w['case']}/aanvraaggegevens").status_code == 200
    with app.app_context():
        read = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "identity.read.twv_packet")
        )
        assert read.actor_id == w["agent"].id
        assert read.details["on_behalf_of"] == w["employer"]
        viewed = db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "twv.case_viewed",
                AuditEvent.actor_id == w["agent"].id,
            )
        )
        assert viewed.details["on_behalf_of"] == w["employer"]
        step_change = db.session.scalar(
            select(StatusChange).where(
                StatusChange.object_type == "twv_step",
                StatusChange.by_id == w["agent"].id,
            )
        )
        assert step_change.on_behalf_of_id == w["employer"]
    stranger = login(w["stranger"])
    assert stranger.get(f"/twv/{w['case']}").status_code == 404
    assert f"/twv/{w['case']}" not in stranger.get("/twv/").get_data(as_text=True)


def test_an_intermediary_never_reaches_candidates_matches_or_vacancies(app, login):
    w = _world(app)
    client = login(w["agent"])
    for url in ("/kandidaten/", "/matches/", "/matches/werkgever", "/vacatures/"):
        assert client.get(url).status_code == 403, url


def test_the_employer_delegates_and_revokes(app, login):
    w = _world(app, delegated=False)
    client = login(w["boss"])
    assert client.get("/bemiddelaar/machtigingen").status_code == 200
    with app.app_context():
        agent = db.session.get(User, w["agent"].id)
        organisation_id = agent.intermediary_id
    response = client.post(
        "/bemiddelaar/machtigingen", data={"intermediary_id": organisation_id}
    )
    assert response.status_code == 302
    assert login(w["agent"]).get(f"/twv/{w['case']}").status_code == 200
    with app.app_context():
        (delegation,) = delegations.delegations_of_employer(w["employer"])
        delegation_id = delegation.id
    assert (
        client.post(f"/bemiddelaar/machtigingen/{delegation_id}/intrekken").status_code
        == 302
    )
    assert login(w["agent"]).get(f"/twv/{w['case']}").status_code == 404
    # another employer cannot revoke it
    assert (
        login(w["other"])
        .post(f"/bemiddelaar/machtigingen/{delegation_id}/intrekken")
        .status_code
        == 404
    )


def test_choosing_no_bureau_rerenders_with_an_error(app, login):
    w = _world(app, delegated=False)
    response = login(w["boss"]).post(
        "/bemiddelaar/machtigingen", data={"intermediary_id": "0"}
    )
    assert response.status_code == 200
    assert "Kies een bureau." in response.get_data(as_text=True)
    response = login(w["boss"]).post(
        "/bemiddelaar/machtigingen", data={"intermediary_id": "zzz"}
    )
    assert response.status_code == 200


def test_a_bureau_registers_and_waits_for_verification(app, client):
    form = {
        "organisation": "Papierwerk B.V.",
        "kvk_number": "71234567",
        "kind": "temp_agency",
        "contact_person": "Pim Papier",
        "email": "pim@papierwerk.example",
        "phone": "",
        "password": "Een-lange-zin-voor-het-bureau",
        "confirm": "Een-lange-zin-voor-het-bureau",
    }
    bad = client.post("/bemiddelaar/aanmelden", data={**form, "kvk_number": "12"})
    assert bad.status_code == 200
    assert "8 cijfers" in bad.get_data(as_text=True)
    response = client.post("/bemiddelaar/aanmelden", data=form)
    assert response.status_code == 302
    page = client.get("/bemiddelaar/").get_data(as_text=True)
    assert "wordt nog gecontroleerd" in page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == form["email"]))
        assert user.is_intermediary
        assert not organisations.organisation_of(user).is_verified


def test_the_case_page_links_the_packet_only_when_it_is_there(app, login):
    ready = _world(app)
    waiting = _world(app, confirmed=False)
    link = "/aanvraaggegevens"
    assert link in login(ready["boss"]).get(f"/twv/{ready['case']}").get_data(
        as_text=True
    )
    assert link in login(ready["agent"]).get(f"/twv/{ready['case']}").get_data(
        as_text=True
    )
    page = login(waiting["boss"]).get(f"/twv/{waiting['case']}").get_data(as_text=True)
    assert link not in page
    assert "pas na een bevestigde aanstelling" in page
    assert link not in login(ready["matchmaker"]).get(f"/twv/{ready['case']}").get_data(
        as_text=True
    )


# -- the admin reviews packet reads -----------------------------------------------------------
def test_the_admin_sees_a_packet_read_on_behalf_of_and_an_out_of_hours_alert(
    app, login
):
    w = _world(app)
    with app.app_context():
        employer_name = db.session.get(Employer, w["employer"]).name
    assert (
        login(w["agent"]).get(f"/twv/{w['case']}/aanvraaggegevens").status_code == 200
    )
    with app.app_context():
        admin = create_user(Role.ADMIN)
        read = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "identity.read.twv_packet")
        ).one()
        assert read.details["on_behalf_of"] == w["employer"]
        # The bureau read the packet at 22:00 on the last weekday (Amsterdam time).
        day = datetime.now(AMSTERDAM).date() - timedelta(days=1)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        late = datetime.combine(day, time(22, 0), tzinfo=AMSTERDAM)
        read.at = late.astimezone(UTC)
        db.session.commit()
        admin = db.session.get(User, admin.id)
    client = login(admin)
    page = client.get("/beheer/auditlog?what=identity.read").get_data(as_text=True)
    row = next(
        r for r in page.split("<tr ") if "<code>identity.read.twv_packet</code>" in r
    )
    assert w["agent"].email in row
    assert employer_name in row  # on behalf of
    assert f"<dd>{w['case']}</dd>" in row  # the case
    assert "name, date_of_birth, v_number" in row  # the fields read
    alerts = client.get("/beheer/auditlog/signalen").get_data(as_text=True)
    alert = next(r for r in alerts.split("<tr ") if w["agent"].email in r)
    assert "buiten kantoortijd" in alert
    export = client.get("/beheer/auditlog.csv?what=identity.read.twv_packet")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert [(r["action"], r["on_behalf_of_id"], r["on_behalf_of"]) for r in rows] == [
        ("identity.read.twv_packet", str(w["employer"]), employer_name)
    ]
    assert json.loads(rows[0]["details"])["case_id"] == w["case"]


# -- the bureau's own work, registration and verification ------------------------------------
def test_the_bureau_starts_a_renewal_on_behalf_of_the_employer(app, login):
    w = _world(app)
    with app.app_context():
        case = db.session.get(TwvCase, w["case"])
        grant_twv(
            case,
            by=db.session.get(User, w["matchmaker"].id),
            submitted_on=date(2026, 3, 2),
            granted_on=date(2026, 3, 20),
            valid_until=date(2026, 9, 30),
        )
        db.session.commit()
    client = login(w["agent"])
    assert "Verlenging starten" in client.get(f"/twv/{w['case']}").get_data(
        as_text=True
    )
    assert client.post(f"/twv/{w['case']}/verlenging").status_code == 302
    with app.app_context():
        case = db.session.get(TwvCase, w["case"])
        assert [c.number for c in case.cycles] == [1, 2]
        change = db.session.scalars(
            select(StatusChange).where(
                StatusChange.object_type == "twv_case",
                StatusChange.to_state == "cycle:2",
            )
        ).one()
        assert (change.by_id, change.on_behalf_of_id) == (w["agent"].id, w["employer"])
    # A bureau the employer did not delegate to cannot.
    assert login(w["stranger"]).post(f"/twv/{w['case']}/verlenging").status_code == 404


def test_the_bureau_renews_its_calendar_link(app, login):
    w = _world(app)
    client = login(w["agent"])
    with app.app_context():
        old = organisations.organisation_of(w["agent"]).calendar_token
    assert app.test_client().get(f"/agenda/{old}.ics").status_code == 200
    page = client.get("/bemiddelaar/").get_data(as_text=True)
    assert "Nieuwe agenda-link maken" in page
    response = client.post("/bemiddelaar/agenda")
    assert response.status_code == 302
    with app.app_context():
        new = organisations.organisation_of(w["agent"]).calendar_token
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "calendar.token_renewed")
        ).one()
        assert (event.actor_id, event.object_type) == (w["agent"].id, "intermediary")
    assert new != old
    assert app.test_client().get(f"/agenda/{old}.ics").status_code == 404
    assert app.test_client().get(f"/agenda/{new}.ics").status_code == 200
    assert new in client.get("/bemiddelaar/").get_data(as_text=True)


def test_matchmakers_hear_of_a_new_bureau(app, client):
    with app.app_context():
        mm = create_user(Role.MATCHMAKER)
        db.session.commit()
        mm_id = mm.id
    response = client.post(
        "/bemiddelaar/aanmelden",
        data={
            "organisation": "TWV Hulp Noord",
            "kvk_number": "87654321",
            "kind": "twv_service",
            "contact_person": "Jan Bureau",
            "email": "jan@twvhulp.example",
            "phone": "",
            "password": "Een-lange-zin-voor-het-bureau",
            "confirm": "Een-lange-zin-voor-het-bureau",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        note = db.session.scalars(
            select(Notification).where(Notification.user_id == mm_id)
        ).one()
        assert note.kind == "intermediary_registered"
        assert note.link == "/bemiddelaar/overzicht"
        assert note.params == {"intermediary": "TWV Hulp Noord"}


def test_a_matchmaker_withdraws_a_verification(app, login):
    w = _world(app)
    with app.app_context():
        organisation_id = w["agent"].intermediary_id
    client = login(w["matchmaker"])
    assert "Verificatie intrekken" in client.get("/bemiddelaar/overzicht").get_data(
        as_text=True
    )
    refused = client.post(f"/bemiddelaar/{organisation_id}/verificatie-intrekken")
    assert refused.status_code == 200  # a reason is required
    assert "Kies een reden" in refused.get_data(as_text=True)
    response = client.post(
        f"/bemiddelaar/{organisation_id}/verificatie-intrekken",
        data={"reason_code": "no_longer_active"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert not organisations.get_intermediary(organisation_id).is_verified
        change = db.session.scalars(
            select(StatusChange).where(
                StatusChange.object_type == "intermediary",
                StatusChange.object_id == organisation_id,
                StatusChange.to_state == "unverified",
                StatusChange.from_state == "verified",
            )
        ).one()
        assert change.reason_code == "no_longer_active"
        kinds = {
            (n.user_id, n.kind)
            for n in db.session.scalars(
                select(Notification).where(
                    Notification.kind.startswith("intermediary_unverified")
                )
            )
        }
    assert (w["agent"].id, "intermediary_unverified") in kinds
    assert (w["boss"].id, "intermediary_unverified_employer") in kinds
    # From now on the bureau sees nothing of the employer's cases.
    assert login(w["agent"]).get(f"/twv/{w['case']}").status_code == 404
    assert (
        login(w["agent"]).get(f"/twv/{w['case']}/aanvraaggegevens").status_code == 404
    )


def test_the_bureau_hears_of_a_confirmed_hire_of_its_employer(app):
    from tests.fixtures.twv import create_twv_case

    w = _world(app)
    with app.app_context():
        case = create_twv_case(
            employer=db.session.get(Employer, w["employer"]),
            matchmaker=db.session.get(User, w["matchmaker"].id),
            announced=True,
        )
        notes = db.session.scalars(
            select(Notification).where(Notification.kind == "hire_confirmed")
        ).all()
        told = {
            n.user_id: n.link
            for n in notes
            if n.params["candidate"] == case.candidate.ref
        }
    assert told == {
        w["boss"].id: f"/twv/{case.id}",
        w["agent"].id: f"/twv/{case.id}",
    }
