"""The reminder job sends each due reminder exactly once: repeated, concurrent, after an outage.

Every test runs the real job (``run_reminder_job``, what ``flask twv send-reminders``
runs) against a real SMTP server on loopback, moves the clock with time-machine and
counts the mails that arrive. A reminder is a notification like any other: one mail per
recipient (plain text and HTML, in their language) through the outbox.

The case of every test: a TWV granted until 30 Sep 2026 (the W-document's end) for a
contract that runs to 31 Mar 2027, so the TWV must be renewed. Its reminder moments:
W-document 10 Jun and 22 Jul (matchmaker and employer each), end of TWV 8 Jul, 29 Jul,
19 Aug, 9 Sep, 23 Sep (also the matchmaker) and 30 Sep, the last day (also the matchmaker).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email.message import Message

import pytest
import time_machine
from flask import Flask
from sqlalchemy import select, text

from portal import create_app
from portal.extensions import db
from portal.models import (
    Identity,
    Notification,
    OutboxMail,
    OutboxStatus,
    Reminder,
    ReminderStatus,
    Role,
    User,
)
from portal.services.notifications import outbox
from portal.services.twv import reminders
from portal.twv_cli import run_reminder_job
from tests.conftest import USE_POSTGRES
from tests.conftest import test_config as base_config
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.twv import create_twv_candidate, create_twv_case, grant_twv

W_END = date(2026, 9, 30)
#: (day, employer mails, matchmaker mails) of each reminder moment.
MOMENTS = {
    date(2026, 6, 10): (1, 1),  # W-document in 16 weeks
    date(2026, 7, 8): (1, 0),  # TWV ends in 12 weeks
    date(2026, 7, 22): (1, 1),  # W-document in 10 weeks
    date(2026, 7, 29): (1, 0),  # 9 weeks
    date(2026, 8, 19): (1, 0),  # 6 weeks
    date(2026, 9, 9): (1, 0),  # 3 weeks
    date(2026, 9, 23): (1, 1),  # 1 week
    date(2026, 9, 30): (1, 1),  # last day
}


class World:
    """Ids and addresses of the one case the tests remind about."""

    def __init__(self, case_id: int, employer_email: str, matchmaker_email: str):
        self.case_id = case_id
        self.employer_email = employer_email
        self.matchmaker_email = matchmaker_email


def build_world(app: Flask) -> World:
    with app.app_context(), time_machine.travel(at(date(2026, 3, 2)), tick=False):
        employer = create_employer(name="Restaurant De Proef")
        boss = create_user(Role.EMPLOYER, employer=employer)
        matchmaker = create_user(Role.MATCHMAKER)
        create_user(Role.MATCHMAKER)  # another matchmaker: not the case's, gets nothing
        candidate = create_twv_candidate(ref="WB-R3M1", w_valid_until=W_END)
        candidate.identity = Identity(name="Amina Testpersoon", v_number="1234567890")
        case = create_twv_case(
            employer=employer, matchmaker=matchmaker, candidate=candidate
        )
        grant_twv(
            case,
            by=matchmaker,
            submitted_on=date(2026, 3, 2),
            granted_on=date(2026, 3, 20),
        )
        db.session.commit()
        return World(case.id, boss.email, matchmaker.email)


def at(day: date) -> datetime:
    """Six in the morning in Amsterdam, when cron runs the job."""
    return datetime(day.year, day.month, day.day, 5, 0, tzinfo=UTC)


def run_on(app: Flask, day: date, times: int = 1) -> None:
    with time_machine.travel(at(day), tick=False):
        for _ in range(times):
            with app.app_context():
                run_reminder_job()


def sent_keys(app: Flask) -> Counter[str]:
    with app.app_context():
        return Counter(
            db.session.scalars(
                select(Reminder.key).where(Reminder.status == ReminderStatus.SENT)
            )
        )


def subject(message: Message) -> str:
    """The subject unfolded (long headers arrive folded over lines)."""
    return " ".join(str(message["Subject"]).split())


def subjects(messages: list[Message]) -> list[str]:
    return [subject(m) for m in messages]


def body(message: Message) -> str:
    """The plain-text part of a mail (they come as plain text and HTML)."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no plain-text part")


def html(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode()
    raise AssertionError("no HTML part")


@pytest.fixture
def world(app: Flask) -> World:
    return build_world(app)


def test_ten_runs_on_one_day_send_each_due_reminder_once(app, mail_sink, world):
    run_on(app, date(2026, 6, 10), times=10)

    assert len(mail_sink.to(world.employer_email)) == 1
    assert len(mail_sink.to(world.matchmaker_email)) == 1
    assert len(mail_sink.messages) == 2
    with app.app_context():
        rows = db.session.scalars(select(Reminder)).all()
        assert {(r.kind, r.status, r.attempts) for r in rows} == {
            ("w_end", "sent", 1),
            ("w_end_employer", "sent", 1),
        }


def test_daily_runs_across_all_moments_send_each_reminder_once(app, mail_sink, world):
    day = date(2026, 6, 1)
    while day <= date(2026, 10, 3):
        run_on(app, day, times=3 if day in MOMENTS else 1)
        day += timedelta(days=1)

    employer_mails = mail_sink.to(world.employer_email)
    matchmaker_mails = mail_sink.to(world.matchmaker_email)
    assert len(employer_mails) == sum(e for e, _ in MOMENTS.values())
    assert len(matchmaker_mails) == sum(m for _, m in MOMENTS.values())
    # Ten reminders; the two of the last week go to both: one mail per recipient.
    assert len(sent_keys(app)) == 10
    assert len(mail_sink.messages) == sum(e + m for e, m in MOMENTS.values()) == 12
    assert all(count == 1 for count in sent_keys(app).values())
    assert not any("Later dan gepland" in s for s in subjects(mail_sink.messages))
    assert "Werkbrug: Werkvergunning loopt vandaag af" in subjects(employer_mails)


def test_reminder_is_sent_on_its_day_not_the_day_before(app, mail_sink, world):
    run_on(app, date(2026, 7, 7))
    before = len(mail_sink.to(world.employer_email))
    run_on(app, date(2026, 7, 8))
    after = mail_sink.to(world.employer_email)

    assert len(after) == before + 1
    assert subject(after[-1]) == (
        "Werkbrug: Werkvergunning loopt af op 30 september 2026"
    )
    assert "Dat is over 84 dagen" in body(after[-1])
    assert "Dat is over 84 dagen" in html(after[-1])


def test_moment_missed_while_job_did_not_run_is_sent_once_late(app, mail_sink, world):
    run_on(app, date(2026, 6, 10))
    mail_sink.messages.clear()
    run_on(app, date(2026, 7, 10), times=3)  # 8 Jul passed without a run

    mails = mail_sink.to(world.employer_email)
    assert subjects(mails) == [
        "Werkbrug: Later dan gepland: Werkvergunning loopt af op 30 september 2026"
    ]
    plain = body(mails[0])
    assert "2 dagen later dan gepland" in plain
    assert "Dat is over 82 dagen" in plain  # counted from the day it is sent


def test_older_missed_moments_are_superseded_by_the_newest(app, mail_sink, world):
    run_on(app, date(2026, 9, 10), times=2)

    employer_subjects = subjects(mail_sink.to(world.employer_email))
    assert (
        employer_subjects.count(
            "Werkbrug: Later dan gepland: Werkvergunning loopt af op 30 september 2026"
        )
        == 1
    )  # the 3-week one, a day late; the 12-, 9- and 6-week ones are not sent
    with app.app_context():
        statuses = dict(
            db.session.execute(
                select(Reminder.offset_days, Reminder.status).where(
                    Reminder.kind == "twv_end"
                )
            ).all()
        )
    assert statuses == {
        -84: "superseded",
        -63: "superseded",
        -42: "superseded",
        -21: "sent",
    }


def test_outage_keeps_the_mails_in_the_outbox_and_each_arrives_once(
    app, mail_sink, world
):
    mail_sink.refuse = True
    run_on(app, date(2026, 6, 10), times=2)
    assert mail_sink.messages == []
    with app.app_context():
        rows = db.session.scalars(select(Reminder)).all()
        # Recorded and notified once; the mails wait in the outbox.
        assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}
        waiting = db.session.scalars(select(OutboxMail)).all()
        assert sorted(m.to_address for m in waiting) == sorted(
            [world.employer_email, world.matchmaker_email]
        )
        assert {m.status for m in waiting} == {OutboxStatus.PENDING}
        assert all(m.attempts == 1 and m.last_error for m in waiting)

    mail_sink.refuse = False
    run_on(app, date(2026, 6, 11), times=3)  # nothing new is due: nothing is sent
    assert mail_sink.messages == []
    for minutes in (5, 10, 15):  # cron: flask notifications send
        with (
            app.app_context(),
            time_machine.travel(
                at(date(2026, 6, 11)) + timedelta(minutes=minutes), tick=False
            ),
        ):
            outbox.send_pending()

    assert len(mail_sink.to(world.employer_email)) == 1
    assert len(mail_sink.to(world.matchmaker_email)) == 1
    assert len(mail_sink.messages) == 2
    with app.app_context():
        assert {m.status for m in db.session.scalars(select(OutboxMail))} == {
            OutboxStatus.SENT
        }
        assert len(sent_keys(app)) == 2


def test_a_mail_sent_after_an_outage_on_its_day_is_not_called_late(
    app, mail_sink, world
):
    mail_sink.refuse = True
    run_on(app, date(2026, 6, 10))
    mail_sink.refuse = False
    with (
        app.app_context(),
        time_machine.travel(at(date(2026, 6, 10)) + timedelta(hours=2), tick=False),
    ):
        outbox.send_pending()

    mail = mail_sink.to(world.employer_email)[0]
    assert "Later dan gepland" not in subject(mail)


def test_the_reminder_is_in_the_portal_list_in_the_readers_language(
    app, mail_sink, world
):
    run_on(app, date(2026, 6, 10))  # the W-document's first moment, in Dutch
    mail_sink.messages.clear()
    with app.app_context():
        boss = db.session.scalar(select(User).where(User.email == world.employer_email))
        boss.language = "en"
        db.session.commit()
        boss_id = boss.id
    run_on(app, date(2026, 7, 8))

    mail = mail_sink.to(world.employer_email)[0]
    assert subject(mail) == "Werkbrug: Work permit expires on 30 September 2026"
    assert "That is in 84 days" in body(mail)
    assert "That is in 84 days" in html(mail)
    with app.app_context():
        notes = db.session.scalars(
            select(Notification).where(Notification.user_id == boss_id)
        ).all()
        assert sorted((n.kind, n.params["reminder"]) for n in notes) == [
            ("twv_step_due", "twv_end"),
            ("twv_step_due", "w_end_employer"),
        ]
        assert {n.link for n in notes} == {f"/twv/{world.case_id}"}
        client = app.test_client(user=db.session.get(User, boss_id))
    page = " ".join(client.get("/meldingen/").get_data(as_text=True).split())
    assert "Candidate WB-R3M1: Work permit expires on 30 September 2026" in page


def test_mail_names_reference_and_vacancy_but_not_the_person(app, mail_sink, world):
    run_on(app, date(2026, 9, 23))

    for mail in mail_sink.messages:
        for content in (body(mail), html(mail)):
            assert "WB-R3M1" in content
            assert "Afwasser" in content
            assert "Amina" not in content
            assert "1234567890" not in content
            assert f"/twv/{world.case_id}" in content


def test_reminders_go_to_active_contacts_and_the_hires_matchmaker(
    app, mail_sink, world
):
    with app.app_context():
        case_employer = db.session.scalar(
            select(User).where(User.email == world.employer_email)
        ).employer
        colleague = create_user(Role.EMPLOYER, employer=case_employer)
        gone = create_user(Role.EMPLOYER, employer=case_employer)
        gone.is_active = False
        other = create_user(Role.EMPLOYER, employer=create_employer())
        db.session.commit()
        colleague_email, gone_email, other_email = (
            colleague.email,
            gone.email,
            other.email,
        )
    run_on(app, date(2026, 7, 8))  # the 12-week moment, and the W-document's, late

    assert len(mail_sink.to(colleague_email)) == 2
    assert len(mail_sink.to(world.employer_email)) == 2
    assert mail_sink.to(gone_email) == []
    assert mail_sink.to(other_email) == []


def test_without_the_hires_matchmaker_all_active_matchmakers_are_told(
    app, mail_sink, world
):
    with app.app_context():
        creator = db.session.scalar(
            select(User).where(User.email == world.matchmaker_email)
        )
        creator.is_active = False
        others = db.session.scalars(
            select(User.email).where(
                User.role == Role.MATCHMAKER, User.is_active.is_(True)
            )
        ).all()
        db.session.commit()
    run_on(app, date(2026, 6, 10))

    assert mail_sink.to(world.matchmaker_email) == []
    assert others
    assert all(len(mail_sink.to(address)) == 1 for address in others)


def test_granted_renewal_stops_the_end_of_twv_series(app, mail_sink, world):
    from portal.models import StepState, TwvCase
    from portal.services.twv import cases as twv
    from portal.services.twv import steps as twv_steps

    with app.app_context(), time_machine.travel(at(date(2026, 7, 1)), tick=False):
        case = db.session.get(TwvCase, world.case_id)
        matchmaker = db.session.scalar(
            select(User).where(User.email == world.matchmaker_email)
        )
        case.candidate.w_document_valid_until = date(2027, 6, 30)
        twv.on_w_document_extended(case.candidate, by=matchmaker)
        for key in ("eligibility", "apply_uwv"):
            twv_steps.record_step(case, key, action=StepState.DONE, by=matchmaker)
        twv_steps.record_step(
            case,
            "submitted",
            action=StepState.DONE,
            on_date=date(2026, 7, 1),
            by=matchmaker,
        )
        twv_steps.record_step(
            case, "twv_granted", action=StepState.DONE, number="TWV-2", by=matchmaker
        )
        db.session.commit()
    run_on(app, date(2026, 7, 8))
    run_on(app, date(2026, 9, 30))

    assert not any("Werkvergunning loopt" in s for s in subjects(mail_sink.messages))


def test_decision_overdue_from_day_36(app, mail_sink):
    with app.app_context(), time_machine.travel(at(date(2026, 3, 2)), tick=False):
        employer = create_employer()
        boss = create_user(Role.EMPLOYER, employer=employer)
        matchmaker = create_user(Role.MATCHMAKER)
        case = create_twv_case(employer=employer, matchmaker=matchmaker)
        from portal.models import StepState
        from portal.services.twv import steps as twv_steps

        twv_steps.record_step(case, "eligibility", action=StepState.DONE, by=matchmaker)
        twv_steps.record_step(
            case,
            "submitted",
            action=StepState.DONE,
            on_date=date(2026, 3, 2),
            by=matchmaker,
        )
        db.session.commit()
        boss_email = boss.email
    run_on(app, date(2026, 4, 6))  # day 35: still in time
    assert mail_sink.to(boss_email) == []
    run_on(app, date(2026, 4, 7))  # day 36
    assert subjects(mail_sink.to(boss_email)) == ["Werkbrug: Nog geen besluit van UWV"]


def test_a_claimed_reminder_is_left_alone_until_its_lease_ends(app, mail_sink, world):
    with app.app_context(), time_machine.travel(at(date(2026, 6, 10)), tick=False):
        reminders.plan(date(2026, 6, 10))
        db.session.commit()
        first = reminders.claimable_ids()[0]
        assert reminders.claim(first)
        db.session.commit()
        assert not reminders.claim(first)  # a second run, at the same moment
        db.session.rollback()
    with (
        app.app_context(),
        time_machine.travel(
            at(date(2026, 6, 10)) + reminders.CLAIM_LEASE + timedelta(seconds=1),
            tick=False,
        ),
    ):
        assert reminders.claim(first)  # the first run died: the lease has ended
        db.session.commit()


def test_cli_command_sends_the_reminders_of_the_given_day(app, mail_sink, world):
    result = app.test_cli_runner().invoke(
        args=["twv", "send-reminders", "--today", "2026-06-10"]
    )

    assert result.exit_code == 0, result.output
    assert "sent: 2" in result.output
    assert len(mail_sink.messages) == 2


# -- two runs at the same moment ---------------------------------------------------------


@pytest.fixture
def shared_app(
    request: pytest.FixtureRequest, tmp_path, smtp_server
) -> Iterator[tuple[Flask, object]]:
    """An app whose database several threads really share, pointed at the SMTP sink.

    On PostgreSQL that is the worker's test database (the ``app`` fixture); an in-memory
    SQLite database cannot be shared, so on SQLite a temporary file in WAL mode with a
    busy timeout, as a production SQLite would run.
    """
    sink, port = smtp_server
    if USE_POSTGRES:
        app = request.getfixturevalue("app")
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        yield app, sink
        return
    app = create_app(
        base_config(
            None,
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'twv.sqlite'}",
            SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 30}},
            MAIL_PORT=port,
        )
    )
    with app.app_context():
        with db.engine.connect() as connection:
            connection.execute(text("PRAGMA journal_mode=WAL"))
        db.create_all()
    yield app, sink
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def run_concurrently(app: Flask, day: date, runs: int = 2) -> list[BaseException]:
    """Start ``runs`` jobs at the same moment, each in its own thread and app context."""
    barrier = threading.Barrier(runs)
    errors: list[BaseException] = []

    def job() -> None:
        try:
            with app.app_context():
                barrier.wait(timeout=30)
                run_reminder_job(day)
        except BaseException as error:  # reported by the test
            errors.append(error)

    with time_machine.travel(at(day), tick=False):
        threads = [threading.Thread(target=job) for _ in range(runs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    return errors


def test_two_runs_started_at_the_same_moment_send_each_reminder_once(shared_app):
    app, sink = shared_app
    world = build_world(app)

    for day in sorted(MOMENTS):
        assert run_concurrently(app, day) == []

    assert len(sink.to(world.employer_email)) == sum(e for e, _ in MOMENTS.values())
    assert len(sink.to(world.matchmaker_email)) == sum(m for _, m in MOMENTS.values())
    assert len(sink.messages) == sum(e + m for e, m in MOMENTS.values()) == 12
    assert len(sent_keys(app)) == 10
    assert all(count == 1 for count in sent_keys(app).values())
