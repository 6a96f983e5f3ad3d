"""The employer's secret calendar feed (iCalendar, RFC 5545) with every TWV date that matters.

The URL's token is the only key, so the feed holds no personal data: per case only the
candidate's pseudonymous reference and the vacancy title. Renewing the token makes the
old URL answer 404 at once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from babel.dates import format_date
from flask import current_app
from icalendar import Alarm, Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.domain.twv_rules import (
    expected_decision,
    reminder_schedule,
    renewal_due_date,
)
from portal.extensions import db
from portal.models import CycleStatus, Employer, Hire, Intermediary, TwvCase, User
from portal.models.base import utcnow
from portal.models.user import new_token
from portal.services import audit
from portal.services.intermediaries import delegations, organisations
from portal.services.twv.reminders import case_url
from portal.services.twv.status import case_dates, renewal_needed, snapshot_of

PRODID = "-//Werkplein//Werkbrug TWV-agenda//NL"
#: Far enough ahead to list every planned reminder of a case (the schedule is pure).
_HORIZON = date(9999, 12, 1)


@dataclass(frozen=True)
class FeedEntry:
    """One all-day event of the feed; ``uid`` is stable, so calendars update, not duplicate."""

    uid: str
    on: date
    summary: str
    description: str
    alarm: bool = False


def find_employer(token: str) -> Employer | None:
    """The employer whose current calendar token this is (an old token finds nobody)."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Employer).where(Employer.calendar_token == token))


def renew_token(employer: Employer, *, by: User) -> str:
    """Give the employer a new secret URL; the old one stops working."""
    employer.calendar_token = new_token()
    db.session.flush()
    audit.record_event(
        "calendar.token_renewed",
        actor=by,
        object_type="employer",
        object_id=employer.id,
    )
    return employer.calendar_token


def _dutch_date(day: date) -> str:
    return format_date(day, "long", locale="nl")


def _label(case: TwvCase) -> str:
    hire = case.hire
    title = hire.vacancy.title if hire.vacancy is not None else "–"
    return f"{case.candidate.ref} ({title})"


def case_entries(case: TwvCase) -> list[FeedEntry]:
    """The dates of one case: expiries, renewal and decision dates, and reminder moments."""
    label = _label(case)
    url = case_url(case.id)
    entries: list[FeedEntry] = []
    uid = f"werkbrug-case-{case.id}"
    contract_end = case.hire.contract_end
    for cycle in case.cycles:
        prefix = f"{uid}-cycle-{cycle.number}"
        if cycle.status == CycleStatus.SUBMITTED and cycle.submitted_on is not None:
            dates = expected_decision(cycle.submitted_on)
            entries.append(
                FeedEntry(
                    f"{prefix}-decision-legal",
                    dates.legal,
                    f"Uiterlijke besluitdatum UWV (wettelijk) – {label}",
                    "UWV moet binnen 5 weken beslissen. Nog geen besluit? "
                    f"Neem contact op met UWV.\n{url}",
                )
            )
            entries.append(
                FeedEntry(
                    f"{prefix}-decision-practical",
                    dates.practical,
                    f"Verwacht besluit UWV (praktijk) – {label}",
                    f"In de praktijk duurt het soms tot 9 weken.\n{url}",
                )
            )
        if cycle.status == CycleStatus.GRANTED and cycle.valid_until is not None:
            entries.append(
                FeedEntry(
                    f"{prefix}-twv-end",
                    cycle.valid_until,
                    f"Laatste dag werkvergunning – {label}",
                    "Vanaf morgen mag uw werknemer niet werken zonder nieuwe "
                    f"werkvergunning.\n{url}",
                    alarm=True,
                )
            )
            if renewal_needed(cycle.valid_until, contract_end):
                entries.append(
                    FeedEntry(
                        f"{prefix}-renewal-due",
                        renewal_due_date(cycle.valid_until),
                        f"Nieuwe werkvergunning aanvragen – {label}",
                        "Vraag vandaag de nieuwe werkvergunning aan, zodat het "
                        "besluit er is voordat de huidige werkvergunning afloopt "
                        f"op {_dutch_date(cycle.valid_until)}.\n{url}",
                        alarm=True,
                    )
                )
    current_w = case.current_cycle.w_valid_until
    if current_w is not None and current_w < contract_end:
        entries.append(
            FeedEntry(
                f"{uid}-w-end-{current_w.isoformat()}",
                current_w,
                f"W-document loopt af – {label}",
                "De werkvergunning stopt uiterlijk op deze dag. De werknemer vraagt "
                f"per post een nieuw W-document aan bij de IND.\n{url}",
            )
        )
    for dates in case_dates(snapshot_of(case)):
        # The whole plan, not only what is due: ask as if it were far in the future,
        # without the closing date, and drop what falls after it.
        planned = reminder_schedule(replace(dates, closed_on=None), _HORIZON)
        for spec in planned:
            if spec.audience == "matchmaker" or (
                dates.closed_on is not None and spec.due_on >= dates.closed_on
            ):
                continue
            params = {
                k: _dutch_date(v) if isinstance(v, date) else v
                for k, v in spec.params.items()
            }
            entries.append(
                FeedEntry(
                    f"werkbrug-{spec.key.replace(':', '-')}",
                    spec.due_on,
                    f"Herinnering: {spec.subject_nl % params} – {label}",
                    f"{spec.body_nl % params}\n{url}",
                )
            )
    return entries


def employer_cases(employer: Employer) -> list[TwvCase]:
    """The employer's open cases with their cycles, hire, vacancy and candidate (one query)."""
    return list(
        db.session.scalars(
            select(TwvCase)
            .where(TwvCase.employer_id == employer.id, TwvCase.closed_on.is_(None))
            .options(
                joinedload(TwvCase.cycles),
                joinedload(TwvCase.hire).joinedload(Hire.vacancy),
                joinedload(TwvCase.candidate),
            )
            .order_by(TwvCase.id)
        ).unique()
    )


def intermediary_cases(intermediary: Intermediary) -> list[TwvCase]:
    """The open cases of every employer that delegated to the intermediary."""
    cases: list[TwvCase] = []
    for employer in delegations.delegating_employers(intermediary.id):
        cases += employer_cases(employer)
    return cases


def build_feed(employer: Employer) -> bytes:
    """The iCalendar document for all open cases of the employer."""
    return _feed(f"Werkvergunningen – {employer.name}", employer_cases(employer))


def build_intermediary_feed(intermediary: Intermediary) -> bytes:
    """The feed of an intermediary: the open cases of the employers it works for."""
    return _feed(
        f"Werkvergunningen – {intermediary.name}", intermediary_cases(intermediary)
    )


def find_intermediary(token: str) -> Intermediary | None:
    """The verified intermediary whose current calendar token this is."""
    return organisations.find_by_calendar_token(token)


def _feed(name: str, cases: list[TwvCase]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add(
        "x-wr-caldesc",
        f"TWV-data uit Werkbrug (Werkplein {current_app.config['MUNICIPALITY']})",
    )
    calendar.add(
        "refresh-interval", timedelta(hours=12), parameters={"value": "DURATION"}
    )
    stamp = utcnow()
    for case in cases:
        for entry in case_entries(case):
            event = Event()
            event.add("uid", f"{entry.uid}@werkbrug")
            event.add("dtstamp", stamp)
            event.add("dtstart", entry.on)
            event.add("dtend", entry.on + timedelta(days=1))
            event.add("summary", entry.summary)
            event.add("description", entry.description)
            event.add("transp", "TRANSPARENT")
            if entry.alarm:
                alarm = Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", entry.summary)
                alarm.add("trigger", timedelta(hours=9))
                event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical()
