"""The Werkplein checks registered employers: verify, or reject with a coded reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Employer, StatusChange, User


def employer_id_of(app, user) -> int:
    with app.app_context():
        return db.session.get(User, user.id).employer_id


def test_list_shows_registration_date_contact_and_postcode(
    app, login, matchmaker, unverified_employer_user
):
    html = login(matchmaker).get("/werkplein/werkgevers").get_data(as_text=True)
    assert unverified_employer_user.email in html
    assert "Test Contact" in html
    assert "1187" in html
    assert "wacht op controle" in html
    employer_id = employer_id_of(app, unverified_employer_user)
    assert f"/werkplein/werkgevers/{employer_id}/afwijzen" in html
    assert f"/werkplein/werkgevers/{employer_id}/verifieren" in html


def test_verification_is_recorded(app, login, matchmaker, unverified_employer_user):
    employer_id = employer_id_of(app, unverified_employer_user)
    response = login(matchmaker).post(f"/werkplein/werkgevers/{employer_id}/verifieren")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Employer, employer_id).is_verified
        change = db.session.scalar(select(StatusChange))
        assert (change.from_state, change.to_state, change.by_id) == (
            "unverified",
            "verified",
            matchmaker.id,
        )


def test_rejection_needs_a_reason_and_switches_the_accounts_off(
    app, login, matchmaker, unverified_employer_user
):
    employer_session = login(unverified_employer_user)
    employer_id = employer_id_of(app, unverified_employer_user)
    client = login(matchmaker)
    page = client.get(f"/werkplein/werkgevers/{employer_id}/afwijzen")
    assert page.status_code == 200
    assert 'value="kvk_not_found"' in page.get_data(as_text=True)
    response = client.post(f"/werkplein/werkgevers/{employer_id}/afwijzen", data={})
    assert response.status_code == 200
    assert "Kies een reden." in response.get_data(as_text=True)
    response = client.post(
        f"/werkplein/werkgevers/{employer_id}/afwijzen",
        data={"reason": "kvk_not_found"},
    )
    assert response.status_code == 302
    with app.app_context():
        change = db.session.scalar(select(StatusChange))
        assert change.to_state == "rejected"
        assert change.reason_code == "kvk_not_found"
        assert change.by_id == matchmaker.id
        assert not db.session.get(User, unverified_employer_user.id).is_active
    assert employer_session.get("/werkgever/").status_code == 302
    html = client.get("/werkplein/werkgevers").get_data(as_text=True)
    assert "afgewezen" in html
    assert "KvK-nummer niet gevonden" in html
    assert "Geen werkgevers om te controleren." in client.get("/werkplein/").get_data(
        as_text=True
    )


def test_other_reason_needs_a_note(app, login, matchmaker, unverified_employer_user):
    employer_id = employer_id_of(app, unverified_employer_user)
    client = login(matchmaker)
    response = client.post(
        f"/werkplein/werkgevers/{employer_id}/afwijzen", data={"reason": "other"}
    )
    assert response.status_code == 200
    assert "Leg uit waarom" in response.get_data(as_text=True)
    response = client.post(
        f"/werkplein/werkgevers/{employer_id}/afwijzen",
        data={"reason": "other", "note": "Bestaat niet op dit adres"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("reason", ["fraud", "", "x" * 10_000])
def test_unknown_reason_is_a_field_error(
    app, login, matchmaker, unverified_employer_user, reason
):
    employer_id = employer_id_of(app, unverified_employer_user)
    response = login(matchmaker).post(
        f"/werkplein/werkgevers/{employer_id}/afwijzen", data={"reason": reason}
    )
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(StatusChange)) is None


def test_employers_cannot_verify_themselves(app, login, unverified_employer_user):
    employer_id = employer_id_of(app, unverified_employer_user)
    client = login(unverified_employer_user)
    assert (
        client.post(f"/werkplein/werkgevers/{employer_id}/verifieren").status_code
        == 403
    )
    with app.app_context():
        assert not db.session.get(Employer, employer_id).is_verified
