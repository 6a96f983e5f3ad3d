"""The journey's pages: the employer sees only what the job needs, notes are checked for
identifiers, mail goes out after the request, the demo mailbox and the notification list."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    DemoMail,
    Match,
    MatchStatus,
    Notification,
    Role,
    StatusChange,
    User,
)
from portal.services import mail
from portal.services.matches import review as matches
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.matches import (
    PC4_GRONINGEN,
    create_match_profile,
    create_match_vacancy,
)


def _setup(app, *, pc4: str = "1187", languages=None, vacancy_languages=None):
    with app.app_context():
        organisation = create_employer()
        employer = create_user(Role.EMPLOYER, employer=organisation)
        mm = create_user(Role.MATCHMAKER)
        vacancy = create_match_vacancy(
            organisation, languages=vacancy_languages or {"nl": "A2"}
        )
        profile = create_match_profile(
            pc4=pc4,
            max_travel_km=250,
            languages=languages or {"nl": "A2", "ps": "B2", "fa": "C2"},
        )
        match = matches.approve(vacancy, profile, by=mm)
        db.session.commit()
        return employer.id, mm.id, match.id


def _client(app, user_id):
    with app.app_context():
        return app.test_client(user=db.session.get(User, user_id))


def test_the_employer_sees_only_the_languages_the_vacancy_asks_for(app):
    employer_id, _mm, match_id = _setup(app)
    page = _client(app, employer_id).get(f"/matches/werkgever/{match_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Nederlands" in html
    for origin_proxy in ("Pasjtoe", "Perzisch", "Pashto", "Persian"):
        assert origin_proxy not in html


def test_distance_is_a_band_never_exact_kilometres(app):
    employer_id, _mm, match_id = _setup(app, pc4=PC4_GRONINGEN)
    html = (
        _client(app, employer_id)
        .get(f"/matches/werkgever/{match_id}")
        .get_data(as_text=True)
    )
    assert "verder dan 50 km" in html
    assert "ongeveer 1" not in html  # the old "ongeveer 161 km"
    for km in range(150, 200):  # Groningen–Amstelveen is about 160 km
        assert f"{km} km" not in html


def test_a_note_with_identifiers_is_refused_on_the_field(app):
    employer_id, _mm, match_id = _setup(app)
    response = _client(app, employer_id).post(
        f"/matches/{match_id}/afzeggen",
        data={"reason_code": "other", "note": "Bel hem op 0612345678, BSN 111222333"},
    )
    assert response.status_code == 200
    assert "Schrijf geen telefoonnummer" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.APPROVED
        notes = [c.note for c in db.session.scalars(select(StatusChange))]
        assert not any("0612345678" in (n or "") for n in notes)


def test_the_matchmaker_is_mailed_during_the_request_that_queued_it(app, mail_sink):
    employer_id, mm_id, match_id = _setup(app)
    response = _client(app, employer_id).post(f"/matches/{match_id}/uitnodigen")
    assert response.status_code == 302
    with app.app_context():
        mm = db.session.get(User, mm_id)
        assert len(mail_sink.to(mm.email)) == 1
        message = mail_sink.to(mm.email)[0]
        assert message.is_multipart()  # plain text and HTML
    page = _client(app, mm_id).get("/meldingen/")
    html = page.get_data(as_text=True)
    assert "wil kandidaat" in html
    assert 'class="badge badge-info">1' in html  # the unread count in the header


def test_a_failing_smtp_server_never_fails_the_request(app):
    employer_id, _mm, match_id = _setup(app)  # MAIL_PORT 9: nothing listens
    response = _client(app, employer_id).post(f"/matches/{match_id}/uitnodigen")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.INVITED


def test_opening_a_notification_marks_it_read_and_follows_its_link(app):
    employer_id, mm_id, match_id = _setup(app)
    _client(app, employer_id).post(f"/matches/{match_id}/uitnodigen")
    with app.app_context():
        note = db.session.scalars(
            select(Notification).where(Notification.user_id == mm_id)
        ).one()
        note_id = note.id
    response = _client(app, mm_id).get(f"/meldingen/{note_id}")
    assert response.status_code == 302
    assert response.location.endswith(f"/matches/{match_id}")
    with app.app_context():
        assert db.session.get(Notification, note_id).read_at is not None
    # Someone else's notification: back to one's own list.
    other = _client(app, employer_id).get(f"/meldingen/{note_id}")
    assert other.location.endswith("/meldingen/")


def test_digest_frequency_is_chosen_by_the_user(app):
    employer_id, _mm, _match = _setup(app)
    client = _client(app, employer_id)
    assert client.get("/meldingen/instellingen").status_code == 200
    response = client.post(
        "/meldingen/instellingen", data={"notify_frequency": "daily"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, employer_id).notify_frequency == "daily"


def test_demo_mode_keeps_every_mail_in_the_mailbox_for_the_admin(app):
    app.config["MAIL_BACKEND"] = "mailbox"
    with app.app_context():
        admin = create_user(Role.ADMIN)
        db.session.commit()
        admin_id = admin.id
        mail.send_mail(
            "someone@example.test",
            "Nieuw wachtwoord voor Werkbrug",
            "Klik: http://127.0.0.1:5000/account/nieuw-wachtwoord/abc",
        )
        db.session.commit()
        row = db.session.scalars(select(DemoMail)).one()
        row_id = row.id
    client = _client(app, admin_id)
    listing = client.get("/meldingen/postvak").get_data(as_text=True)
    assert "Nieuw wachtwoord voor Werkbrug" in listing
    page = client.get(f"/meldingen/postvak/{row_id}").get_data(as_text=True)
    assert 'href="http://127.0.0.1:5000/account/nieuw-wachtwoord/abc"' in page


def test_production_mail_does_not_use_the_mailbox(app):
    with app.app_context():
        assert app.config["WERKBRUG_ENV"] != "demo"
        assert not mail.uses_mailbox()
