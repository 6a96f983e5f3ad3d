"""The journey's pages: the employer sees only what the job needs, notes are checked for
identifiers, mail goes out after the request, the demo mailbox and the notification list."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import select

from portal import i18n
from portal.extensions import db
from portal.models import (
    DemoMail,
    Hire,
    Match,
    MatchStatus,
    Notification,
    OutboxMail,
    Role,
    StatusChange,
    TwvCase,
    User,
)
from portal.models.base import local_today
from portal.services import mail
from portal.services.matches import hire_gate
from portal.services.matches import review as matches
from portal.services.matches.hires import ContractTerms
from portal.services.notifications import batched, outbox
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.journey import walk_to
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


# -- every page and mail an employer gets about a candidate ----------------------------------
ORIGIN_PROXIES = ("Pasjtoe", "Perzisch", "Pashto", "Persian")


def _walk(app, employer_id, mm_id, match_id, to: MatchStatus) -> None:
    with app.app_context():
        match = db.session.get(Match, match_id)
        boss, mm = db.session.get(User, employer_id), db.session.get(User, mm_id)
        walk_to(SimpleNamespace(matchmaker=mm, employer=boss), to, match)
        db.session.commit()


def _no_origin_or_distance(html: str, where: str) -> None:
    for proxy in ORIGIN_PROXIES:
        assert proxy not in html, f"{proxy} on {where}"
    for km in range(150, 200):  # Groningen–Amstelveen is about 160 km
        assert f"{km} km" not in html, f"{km} km on {where}"
        assert f"{km}km" not in html, f"{km}km on {where}"


def test_no_language_or_exact_distance_beyond_the_need_on_any_employer_page(
    app, mail_sink
):
    employer_id, mm_id, match_id = _setup(app, pc4=PC4_GRONINGEN)
    client = _client(app, employer_id)
    with app.app_context():
        match = db.session.get(Match, match_id)
        vacancy_id = match.vacancy_id
        employer_email = db.session.get(User, employer_id).email
    seen: list[str] = []

    def visit(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, path
        _no_origin_or_distance(response.get_data(as_text=True), path)
        seen.append(path)

    for path in (
        "/werkgever/",
        "/matches/werkgever",
        f"/matches/werkgever/{match_id}",
        f"/vacatures/{vacancy_id}",
        "/meldingen/",
    ):
        visit(path)
    _walk(app, employer_id, mm_id, match_id, MatchStatus.INTRODUCED)
    for path in (
        f"/matches/werkgever/{match_id}",
        f"/traject/{match_id}/contract",
        f"/traject/{match_id}/niet-aangenomen",
    ):
        visit(path)
    _walk(app, employer_id, mm_id, match_id, MatchStatus.HIRED)
    with app.app_context():
        hire = db.session.scalars(select(Hire).where(Hire.match_id == match_id)).one()
        case_id = db.session.scalar(
            select(TwvCase.id).where(TwvCase.hire_id == hire.id)
        )
        app.config["NOTIFY_BATCH_MINUTES"] = 0
        batched.queue_batched()  # the gathered approval
        db.session.commit()
        outbox.send_pending()
        mails = db.session.scalars(
            select(OutboxMail).where(OutboxMail.to_address == employer_email)
        ).all()
    for path in ("/werkgever/", f"/matches/werkgever/{match_id}", f"/twv/{case_id}"):
        visit(path)
    # the employer's mails: approval, introduction, the confirmed hire
    assert len(mails) >= 3
    for row in mails:
        _no_origin_or_distance(row.text_body + (row.html_body or ""), row.subject)
    for message in mail_sink.to(employer_email):
        for part in message.walk():
            if part.get_content_maintype() == "text":
                body = part.get_payload(decode=True).decode()
                _no_origin_or_distance(body, message["Subject"])
    assert len(seen) == 11


# -- the contract page: the gate's reasons and the earliest start ---------------------------
def _introduced(app, **profile_fields):
    with app.app_context():
        organisation = create_employer()
        employer = create_user(Role.EMPLOYER, employer=organisation)
        mm = create_user(Role.MATCHMAKER)
        vacancy = create_match_vacancy(organisation)
        profile = create_match_profile(identity=True)
        match = matches.approve(vacancy, profile, by=mm)
        walk_to(
            SimpleNamespace(matchmaker=mm, employer=employer),
            MatchStatus.INTRODUCED,
            match,
        )
        for name, value in profile_fields.items():
            target = profile.identity if name == "date_of_birth" else profile
            setattr(target, name, value)
        db.session.commit()
        return employer.id, mm.id, match.id


def _propose(app, employer_id, match_id, start: date):
    return _client(app, employer_id).post(
        f"/traject/{match_id}/contract",
        data={
            "contract_start": start.isoformat(),
            "contract_end": (start + timedelta(days=300)).isoformat(),
            "hours_per_week": "32",
            "hourly_wage": "15.50",
        },
    )


def _earliest(app, match_id, start: date) -> date:
    with app.app_context():
        profile = db.session.get(Match, match_id).candidate
        terms = ContractTerms(start, start + timedelta(days=300), 32, Decimal("15.50"))
        checks = hire_gate.blocking_checks(profile, terms)
        earliest = hire_gate.earliest_start(checks, terms)
    assert earliest is not None
    return earliest


def test_the_contract_page_names_the_reason_and_the_earliest_start(app):
    applied = local_today() - timedelta(days=100)
    employer_id, _mm, match_id = _introduced(app, asylum_application_date=applied)
    start = local_today() + timedelta(days=10)
    response = _propose(app, employer_id, match_id, start)
    page = " ".join(response.get_data(as_text=True).split())
    assert response.status_code == 200
    earliest = _earliest(app, match_id, start)
    assert earliest > start
    with app.test_request_context():
        shown = i18n.nl_date(earliest)
    assert f"De vroegst mogelijke startdatum is {shown}." in page
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.INTRODUCED


def test_an_employer_never_sees_a_date_from_the_date_of_birth(app):
    eighteen_on = local_today() + timedelta(days=75)
    born = eighteen_on.replace(year=eighteen_on.year - 18)
    employer_id, _mm, match_id = _introduced(app, date_of_birth=born)
    start = local_today() + timedelta(days=10)
    response = _propose(app, employer_id, match_id, start)
    page = " ".join(response.get_data(as_text=True).split())
    assert response.status_code == 200
    assert _earliest(app, match_id, start) == eighteen_on  # what the gate knows
    with app.test_request_context():
        for shown in (i18n.nl_date(eighteen_on), i18n.nl_date(born)):
            assert shown not in page
    assert eighteen_on.isoformat() not in page
    assert "18 jaar" not in page
    assert "De vroegst mogelijke startdatum" not in page
    assert "nog niet bij u beginnen" in page
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.INTRODUCED


def test_the_matchmaker_sees_the_birthday_reason_and_date(app):
    eighteen_on = local_today() + timedelta(days=75)
    born = eighteen_on.replace(year=eighteen_on.year - 18)
    employer_id, mm_id, match_id = _introduced(app)
    start = local_today() + timedelta(days=10)
    assert _propose(app, employer_id, match_id, start).status_code == 302
    with app.app_context():
        db.session.get(Match, match_id).candidate.identity.date_of_birth = born
        db.session.commit()
    client = _client(app, mm_id)
    response = client.post(f"/traject/{match_id}/bevestigen", follow_redirects=True)
    page = " ".join(response.get_data(as_text=True).split())
    with app.test_request_context():
        shown = i18n.nl_date(eighteen_on)
    assert f"De vroegst mogelijke startdatum is {shown}." in page
    assert "jonger dan 18 jaar" in page


def test_a_contract_proposed_on_a_match_cannot_start_in_the_past(app):
    employer_id, _mm, match_id = _introduced(app)
    response = _propose(app, employer_id, match_id, local_today() - timedelta(days=1))
    assert response.status_code == 200
    assert "kan niet in het verleden liggen" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Hire)) is None
        assert db.session.get(Match, match_id).status == MatchStatus.INTRODUCED


def test_the_employer_can_open_the_notice_of_a_match_an_event_ended(app):
    from portal.models import ProcedureEventKind
    from portal.services.permits import events

    employer_id, mm_id, match_id = _setup(app)
    with app.app_context():
        match = db.session.get(Match, match_id)
        events.record_event(
            match.candidate,
            kind=ProcedureEventKind.LEFT_RECEPTION,
            occurred_on=local_today(),
            by=db.session.get(User, mm_id),
        )
        db.session.commit()
        note_id = db.session.scalars(
            select(Notification.id).where(
                Notification.user_id == employer_id,
                Notification.kind == "match_withdrawn",
            )
        ).one()
    client = _client(app, employer_id)
    opened = client.get(f"/meldingen/{note_id}")
    assert opened.status_code == 302
    assert client.get(opened.location).status_code == 200
    listing = " ".join(client.get("/meldingen/").get_data(as_text=True).split())
    assert "Uit de procedure of de opvang vertrokken" in listing
