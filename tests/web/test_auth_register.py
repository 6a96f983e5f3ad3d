"""Employer self-registration: the form, its field errors, and what a new employer sees."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from forms.auth import SECTOR_CHOICES
from portal.extensions import db
from portal.models import AuditEvent, Employer, Role, Sector, StatusChange
from tests.fixtures.actors import create_employer, create_user

GOOD = {
    "organisation": "Bakkerij Het Korenschoof",
    "kvk_number": "12345678",
    "contact_person": "Ineke de Wit",
    "email": "ineke@korenschoof.example.com",
    "phone": "020 123 4567",
    "postcode": "1187 AB",
    "sector": "production",
    "password": "deeg kneden om vijf uur",
    "confirm": "deeg kneden om vijf uur",
}


def register(client, **changes):
    return client.post("/account/aanmelden", data={**GOOD, **changes})


def errors_of(response) -> str:
    return response.get_data(as_text=True)


def test_sector_choices_follow_the_model():
    assert [c.value for c in SECTOR_CHOICES] == [s.value for s in Sector]


def test_registration_page_has_every_field(client):
    html = client.get("/account/aanmelden").get_data(as_text=True)
    for name in GOOD:
        assert f'name="{name}"' in html
    assert html.count("<h1>") == 1


RECEIVED = "Uw aanmelding is ontvangen en we hebben u een e-mail gestuurd."


def test_registration_creates_an_unverified_employer_that_can_log_in(
    app, client, mail_sink
):
    response = register(client)
    assert response.status_code == 302
    assert response.location.endswith("/account/inloggen")
    assert RECEIVED in client.get(response.location).get_data(as_text=True)
    (welcome,) = mail_sink.to(GOOD["email"])
    assert str(welcome["Subject"]) == "Uw aanmelding bij Werkbrug"
    client.post(
        "/account/inloggen",
        data={"email": GOOD["email"], "password": GOOD["password"]},
    )
    html = client.get("/werkgever/").get_data(as_text=True)
    assert "Uw organisatie wordt nog gecontroleerd" in html
    with app.app_context():
        employer = db.session.scalar(select(Employer))
        assert employer.kvk_number == "12345678"
        assert employer.workplace_pc4 == "1187"
        assert employer.sector == Sector.PRODUCTION
        assert not employer.is_verified
        user = employer.users[0]
        assert user.email == "ineke@korenschoof.example.com"
        assert user.password_hash != GOOD["password"]
        change = db.session.scalar(select(StatusChange))
        assert (change.object_id, change.to_state) == (employer.id, "unverified")
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "employer.registered")
        )


def test_new_registration_waits_in_the_matchmakers_list(app, client, login, matchmaker):
    register(client)
    html = login(matchmaker).get("/werkplein/").get_data(as_text=True)
    assert "Bakkerij Het Korenschoof" in html


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kvk_number": "1234567"}, "Een KvK-nummer heeft precies 8 cijfers."),
        ({"kvk_number": "1234567a"}, "Een KvK-nummer heeft precies 8 cijfers."),
        ({"kvk_number": "123456789"}, "Een KvK-nummer heeft precies 8 cijfers."),
        ({"postcode": "1000"}, "Deze postcode bestaat niet in Nederland."),
        ({"postcode": "0187"}, "Vul een postcode in zoals 1187 of 1187 AB."),
        ({"postcode": "1187 A"}, "Vul een postcode in zoals 1187 of 1187 AB."),
        ({"email": "geen-adres"}, "Dit is geen geldig e-mailadres."),
        ({"phone": "bel me"}, "Dit is geen geldig telefoonnummer."),
        ({"sector": "mining"}, "Sector"),
        (
            {"password": "kort wachtw", "confirm": "kort wachtw"},
            "minstens 12 en hoogstens 128 tekens",
        ),
        (
            {"password": "x" * 129, "confirm": "x" * 129},
            "minstens 12 en hoogstens 128 tekens",
        ),
        (
            {"password": "Wachtwoord1234", "confirm": "Wachtwoord1234"},
            "Dit wachtwoord wordt veel gebruikt",
        ),
        (
            {
                "password": "ineke@korenschoof.example.com",
                "confirm": "ineke@korenschoof.example.com",
            },
            "Gebruik niet uw e-mailadres als wachtwoord.",
        ),
        (
            {"confirm": "iets anders dan het eerste"},
            "De twee wachtwoorden zijn niet gelijk.",
        ),
        ({"organisation": ""}, "Vul de naam van uw organisatie in."),
    ],
)
def test_wrong_input_gives_a_field_error_and_creates_nothing(
    app, client, changes, message
):
    response = register(client, **changes)
    assert response.status_code == 200
    assert message in errors_of(response)
    assert 'aria-invalid="true"' in errors_of(response)
    with app.app_context():
        assert db.session.scalar(select(Employer)) is None


@pytest.mark.parametrize("kvk", ["12 345 678", "12.345.678", "1234 5678"])
def test_kvk_number_with_spaces_or_dots_is_accepted(app, client, kvk):
    assert register(client, kvk_number=kvk).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Employer.kvk_number)) == "12345678"


@pytest.mark.parametrize("postcode", ["1187", "1187AB", "1187 ab"])
def test_postcode_with_or_without_letters(app, client, postcode):
    assert register(client, postcode=postcode).status_code == 302


def test_phone_is_optional(client):
    assert register(client, phone="").status_code == 302


def test_taken_kvk_number_is_a_field_error(app, client):
    with app.app_context():
        user = create_user(Role.EMPLOYER, employer=create_employer())
        db.session.commit()
        taken_kvk = user.employer.kvk_number
    response = register(client, kvk_number=taken_kvk)
    assert "Deze organisatie is al aangemeld." in errors_of(response)


def test_a_taken_email_gets_the_answer_of_a_new_registration(app, mail_sink):
    """No oracle: the page is the same; the owner of the address learns it by mail."""
    with app.app_context():
        create_user(
            Role.EMPLOYER, employer=create_employer(), email="taken@example.com"
        )
        db.session.commit()
    taken, new = app.test_client(), app.test_client()
    response_taken = register(taken, email="Taken@Example.com")
    response_new = register(new, kvk_number="87654321")
    assert response_taken.status_code == response_new.status_code == 302
    assert response_taken.location == response_new.location
    page_taken = taken.get(response_taken.location).get_data(as_text=True)
    page_new = new.get(response_new.location).get_data(as_text=True)
    assert RECEIVED in page_taken
    assert _without_tokens(page_taken) == _without_tokens(page_new)
    assert "Er is al een account" not in page_taken
    (notice,) = mail_sink.to("taken@example.com")
    assert str(notice["Subject"]) == "U heeft al een account bij Werkbrug"
    assert "U heeft al een account met dit e-mailadres" in notice.get_payload(
        decode=True
    ).decode("utf-8")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Employer)) == 2
        assert db.session.scalar(
            select(AuditEvent).where(
                AuditEvent.action == "employer.registration_for_existing_account"
            )
        )


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*>|data-request-id="[^"]*"', "", html)


def test_huge_and_wrongly_typed_input_never_breaks_the_form(client):
    huge = "ä" * 10_000
    response = client.post(
        "/account/aanmelden",
        data=dict.fromkeys(GOOD, huge) | {"sector": ["a", "b"]},
    )
    assert response.status_code == 200
    assert "Er is een probleem" in errors_of(response)


def test_logged_in_users_do_not_register(login, employer_user):
    assert login(employer_user).get("/account/aanmelden").status_code == 302


def test_registered_employer_logs_in_with_the_chosen_password(app, client):
    register(client)
    client.post("/account/uitloggen")
    response = client.post(
        "/account/inloggen",
        data={"email": GOOD["email"], "password": GOOD["password"]},
    )
    assert response.location.endswith("/werkgever/")


def test_password_is_not_stripped(app, client):
    padded = "  deeg kneden om vijf uur  "
    register(client, password=padded, confirm=padded)
    client.post("/account/uitloggen")
    response = client.post(
        "/account/inloggen", data={"email": GOOD["email"], "password": GOOD["password"]}
    )
    assert response.status_code == 200
    response = client.post(
        "/account/inloggen", data={"email": GOOD["email"], "password": padded}
    )
    assert response.status_code == 302


def test_unverified_employer_dashboard_shows_the_notice(
    login, unverified_employer_user
):
    html = login(unverified_employer_user).get("/werkgever/").get_data(as_text=True)
    assert "Uw organisatie wordt nog gecontroleerd" in html
