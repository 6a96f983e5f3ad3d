"""The matchmaker's candidate pages: list, profile form, identity, consent, status, erasure."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    CandidateProfile,
    CandidateStatus,
    StatusChange,
)
from portal.services.candidates import consents
from portal.services.candidates import profiles as candidates
from tests.fixtures.candidates import KOK, ORDERPICKER, create_profile, essential_skill

TODAY = candidates.local_today()


@pytest.fixture
def mm_client(login, matchmaker):
    return login(matchmaker)


@pytest.fixture
def ids(app):
    """Three committed profiles: active with consent, without consent, left."""
    with app.app_context():
        active = create_profile(occupations=[(KOK, 3.0)])
        no_consent = create_profile(
            with_consent=False, occupations=[(ORDERPICKER, 2.0)]
        )
        gone = create_profile(status=CandidateStatus.LEFT)
        db.session.commit()
        return {
            "active": (active.id, active.ref),
            "no_consent": (no_consent.id, no_consent.ref),
            "gone": (gone.id, gone.ref),
        }


def events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == action)
        ).all()


def form_data(**overrides) -> dict:
    data = {
        "occupation_1": "kok",
        "years_1": "3",
        "occupation_2": "",
        "skills": "",
        "language_1": "nl",
        "level_1": "A2",
        "language_2": "ar",
        "level_2": "C2",
        "education_level": "3",
        "hours_per_week": "32",
        "available_from": TODAY.isoformat(),
        "reception_centre": "Azc Amstelveen",
        "pc4": "1183",
        "max_travel_km": "20",
        "asylum_application_date": (TODAY - timedelta(days=250)).isoformat(),
        "w_document_valid_until": (TODAY + timedelta(days=250)).isoformat(),
        "summary": "Werkte als kok in een hotel.",
    }
    data.update(overrides)
    return data


# -- list ---------------------------------------------------------------------------------
def test_list_shows_profiles_but_not_those_who_left(mm_client, ids):
    page = mm_client.get("/kandidaten/").get_data(as_text=True)
    assert ids["active"][1] in page
    assert ids["no_consent"][1] in page
    assert ids["gone"][1] not in page
    assert ids["gone"][1] in mm_client.get("/kandidaten/?status=all").get_data(
        as_text=True
    )


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("consent=no", "no_consent", "active"),
        ("consent=yes", "active", "no_consent"),
        ("q=orderpicker", "no_consent", "active"),
    ],
)
def test_list_filters(mm_client, ids, query, shown, hidden):
    page = mm_client.get(f"/kandidaten/?{query}").get_data(as_text=True)
    assert ids[shown][1] in page
    assert ids[hidden][1] not in page


def test_list_never_shows_identity(mm_client, app, ids):
    page = mm_client.get("/kandidaten/?status=all").get_data(as_text=True)
    with app.app_context():
        for profile_id, _ref in ids.values():
            assert (
                db.session.get(CandidateProfile, profile_id).identity.name not in page
            )
    assert events(app, "identity.read") == []


# -- create and edit ----------------------------------------------------------------------------
def test_create_profile_from_labels_then_go_to_identity(mm_client, app):
    response = mm_client.post("/kandidaten/nieuw", data=form_data())
    assert response.status_code == 302
    assert "/identiteit/bewerken" in response.headers["Location"]
    with app.app_context():
        profile = db.session.scalars(select(CandidateProfile)).one()
        assert [o.esco_uri for o in profile.occupations] == [KOK]
        assert {lang.code for lang in profile.languages} == {"nl", "ar"}
        assert db.session.scalars(select(StatusChange)).one().to_state == "active"


def test_summary_with_phone_number_is_refused_as_field_error(mm_client, app):
    response = mm_client.post(
        "/kandidaten/nieuw",
        data=form_data(summary="Bel hem op 06-12345678 of mail a.b@example.org"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "een telefoonnummer (06-12345678)" in page
    assert "een e-mailadres (a.b@example.org)" in page
    assert 'id="summary-error"' in page
    with app.app_context():
        assert db.session.scalars(select(CandidateProfile)).all() == []


def test_unknown_occupation_gets_suggestions(mm_client):
    page = mm_client.post(
        "/kandidaten/nieuw", data=form_data(occupation_1="magazijn")
    ).get_data(as_text=True)
    assert "kennen we niet precies" in page
    assert "magazijnmedewerker" in page


def test_language_without_level_is_an_error(mm_client):
    page = mm_client.post("/kandidaten/nieuw", data=form_data(level_1="")).get_data(
        as_text=True
    )
    assert "Kies een niveau." in page


def test_edit_keeps_checked_skills_and_adds_typed_ones(mm_client, app, ids):
    profile_id = ids["active"][0]
    skill = essential_skill(KOK)
    page = mm_client.get(f"/kandidaten/{profile_id}/bewerken").get_data(as_text=True)
    assert f'value="{skill}" checked' in page
    extra = essential_skill(ORDERPICKER, 1)
    data = form_data(skill_uris=[skill], skills=extra, hours_per_week="24")
    response = mm_client.post(f"/kandidaten/{profile_id}/bewerken", data=data)
    assert response.status_code == 302
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        assert {s.skill_uri for s in profile.skills} == {skill, extra}
        assert profile.hours_per_week == 24
    removed = mm_client.post(f"/kandidaten/{profile_id}/bewerken", data=form_data())
    assert removed.status_code == 302
    with app.app_context():
        assert db.session.get(CandidateProfile, profile_id).skills == []


def test_detail_shows_the_profile_without_identity(mm_client, app, ids):
    profile_id, ref = ids["active"]
    page = mm_client.get(f"/kandidaten/{profile_id}").get_data(as_text=True)
    assert ref in page
    assert "kok" in page
    with app.app_context():
        assert db.session.get(CandidateProfile, profile_id).identity.name not in page
    assert events(app, "identity.read") == []


def test_unknown_profile_is_404(mm_client):
    assert mm_client.get("/kandidaten/999999").status_code == 404


# -- identity ------------------------------------------------------------------------------------
def test_identity_page_shows_it_and_logs_the_read(mm_client, app, ids, matchmaker):
    profile_id = ids["active"][0]
    response = mm_client.get(f"/kandidaten/{profile_id}/identiteit")
    with app.app_context():
        name = db.session.get(CandidateProfile, profile_id).identity.name
    assert name in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    (event,) = events(app, "identity.read")
    assert (event.actor_id, event.object_id, event.details) == (
        matchmaker.id,
        profile_id,
        {"purpose": "view"},
    )
    assert event.ip_address == "127.0.0.1"


def test_identity_edit_logs_the_read_and_saves(mm_client, app, ids):
    profile_id = ids["active"][0]
    mm_client.get(f"/kandidaten/{profile_id}/identiteit/bewerken")
    assert [e.details["purpose"] for e in events(app, "identity.read")] == ["edit"]
    response = mm_client.post(
        f"/kandidaten/{profile_id}/identiteit/bewerken",
        data={"name": "Amal Haddad", "v_number": "1234 567 890", "phone": "0612345678"},
    )
    assert response.status_code == 302
    with app.app_context():
        person = db.session.get(CandidateProfile, profile_id).identity
        assert (person.name, person.v_number, person.email) == (
            "Amal Haddad",
            "1234567890",
            None,
        )


def test_identity_form_checks_shape(mm_client, ids):
    page = mm_client.post(
        f"/kandidaten/{ids['active'][0]}/identiteit/bewerken",
        data={"name": "", "v_number": "12", "email": "geen-mail"},
    ).get_data(as_text=True)
    assert "Vul de naam in." in page
    assert "10 cijfers" in page


@pytest.mark.parametrize("fixture", ["employer_user", "admin"])
def test_identity_is_forbidden_to_other_roles(request, login, ids, fixture, app):
    client = login(request.getfixturevalue(fixture))
    assert client.get(f"/kandidaten/{ids['active'][0]}/identiteit").status_code == 403
    assert events(app, "identity.read") == []


# -- consent, status, outcome --------------------------------------------------------------------
def test_give_and_withdraw_consent(mm_client, app, ids):
    profile_id = ids["no_consent"][0]
    response = mm_client.post(
        f"/kandidaten/{profile_id}/toestemming",
        data={"given_on": TODAY.isoformat(), "scopes": ["matching", "employers"]},
    )
    assert response.status_code == 302
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        assert consents.has_current_consent(profile, TODAY)
    mm_client.post(f"/kandidaten/{profile_id}/toestemming/intrekken")
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        # Today as the portal sees it now: the suite may have crossed midnight since import.
        assert not consents.has_current_consent(profile, candidates.local_today())


def test_consent_needs_a_scope(mm_client, ids):
    page = mm_client.post(
        f"/kandidaten/{ids['no_consent'][0]}/toestemming",
        data={"given_on": TODAY.isoformat()},
    ).get_data(as_text=True)
    assert "Kies minstens één onderdeel." in page


def test_status_change_needs_a_reason_for_pausing(mm_client, app, ids):
    profile_id = ids["active"][0]
    page = mm_client.post(f"/kandidaten/{profile_id}/status", data={"status": "paused"})
    assert "Kies een reden." in page.get_data(as_text=True)
    response = mm_client.post(
        f"/kandidaten/{profile_id}/status",
        data={"status": "paused", "reason_code": "health"},
    )
    assert response.status_code == 302
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        assert (profile.status, profile.status_reason) == ("paused", "health")


def test_outcome_is_saved(mm_client, app, ids):
    profile_id = ids["active"][0]
    response = mm_client.post(
        f"/kandidaten/{profile_id}/uitkomst",
        data={
            "residence_permit_on": TODAY.isoformat(),
            "linked_municipality": "Amstelveen",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert (
            db.session.get(CandidateProfile, profile_id).linked_municipality
            == "Amstelveen"
        )


# -- erasure ------------------------------------------------------------------------------------
def test_erasure_needs_confirmation_then_removes_identity(mm_client, app, ids):
    profile_id = ids["active"][0]
    page = mm_client.post(f"/kandidaten/{profile_id}/wissen", data={}).get_data(
        as_text=True
    )
    assert "Vink aan dat u het zeker weet." in page
    response = mm_client.post(f"/kandidaten/{profile_id}/wissen", data={"confirm": "y"})
    assert response.status_code == 302
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        assert profile.identity is None
        assert profile.anonymised_at is not None
    (event,) = events(app, "candidate.erased")
    assert event.details == {}
    assert event.object_id == profile_id
    edit = mm_client.get(f"/kandidaten/{profile_id}/identiteit/bewerken")
    assert edit.status_code == 302  # nothing to fill in again


# -- English ------------------------------------------------------------------------------------
def test_pages_are_translated_to_english(mm_client, ids):
    mm_client.get("/taal/en")
    page = mm_client.get(f"/kandidaten/{ids['active'][0]}").get_data(as_text=True)
    assert "Work and experience" in page
    assert "Werk en ervaring" not in page
