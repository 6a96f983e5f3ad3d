"""Reminder schedule for one TWV cycle of a case (rules D2, D4, D5, D9).

``reminder_schedule`` is pure: given the case's dates and ``today`` it returns every
reminder that is due, each with a stable key. The portal records the key *before*
sending, so a reminder is never sent twice, and it may run the job at any interval.

Offsets are data (``REMINDER_POINTS``). The TWV-end points follow the lead's brief
(12, 9, 6, 3 and 1 weeks before, and on the last day); README D4 proposes D-70/-49/-35,
based on the 5-week legal term rather than the pilots' 9-week practice — ASSUMED.

Backlog policy (ASSUMED): points of a series that fell before the case was created are
not sent, except the most recent one, so a case created 2 weeks before expiry gets one
catch-up reminder (the 3-week one, late) instead of five. Points missed while the job
did not run are still returned, late, with ``late_by_days``; when a newer point of the
same series is also due, the older one is marked ``superseded`` so the portal can
record it without sending it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from portal.domain.twv_dates import expected_decision


def N_(s: str) -> str:  # noqa: N802 — gettext's conventional no-op marker
    """Mark a Dutch msgid for extraction; the portal translates it."""
    return s


Audience = Literal["employer", "matchmaker", "both"]

LATE_NOTE_NL = N_(
    "Let op: deze herinnering komt %(late_by_days)s dagen later dan gepland."
)


@dataclass(frozen=True)
class CaseDates:
    """The dates of one TWV cycle (cycle 1 = first TWV, 2 = first renewal, …)."""

    case_id: int
    created_on: date
    cycle: int = 1
    submitted_on: date | None = None
    decided_on: date | None = None
    #: End of the granted TWV (D3); None until granted.
    twv_end: date | None = None
    w_valid_until: date | None = None
    #: The next cycle's TWV is granted: the end-of-TWV series stops.
    next_twv_granted: bool = False
    #: A new W-document is in: the W-document series stops.
    new_w_document_received: bool = False
    #: D9: the TWV is not used since this date (job ended early, never started).
    twv_unused_since: date | None = None
    uwv_notified_on: date | None = None
    #: Track closed (status holder D10, contract over): no reminders from this day.
    closed_on: date | None = None


@dataclass(frozen=True)
class ReminderPoint:
    """One fixed moment of a series: ``offset_days`` from the series' anchor date."""

    kind: str
    offset_days: int
    audience: Audience
    subject_nl: str
    body_nl: str
    rule: str


@dataclass(frozen=True)
class ReminderSpec:
    """A reminder that is due; ``params`` fill the ``%(name)s`` placeholders."""

    key: str
    kind: str
    due_on: date
    audience: Audience
    subject_nl: str
    body_nl: str
    params: dict[str, object]
    late_by_days: int
    offset_days: int
    superseded: bool = False


_TWV_END_SUBJECT = N_("Werkvergunning loopt af op %(twv_end)s")
_TWV_END_BODY = N_(
    "De werkvergunning van uw werknemer loopt af op %(twv_end)s. Dat is over "
    "%(days_left)s dagen. Vraag op tijd een nieuwe werkvergunning aan bij UWV. UWV "
    "heeft soms 9 weken nodig. U hebt daarvoor een geldig W-document van uw werknemer "
    "nodig. Hebt u de nieuwe werkvergunning al aangevraagd? Vul dan de datum in."
)
_TWV_LAPSES_SUBJECT = N_("Werkvergunning loopt vandaag af")
_TWV_LAPSES_BODY = N_(
    "De werkvergunning van uw werknemer geldt tot en met vandaag (%(twv_end)s). Is er "
    "geen nieuwe werkvergunning? Dan mag uw werknemer vanaf morgen niet meer werken. "
    "Werken zonder werkvergunning kan een boete van de Arbeidsinspectie opleveren."
)
_W_END_SUBJECT = N_("W-document loopt af op %(w_valid_until)s")
_W_END_MATCHMAKER_BODY = N_(
    "Het W-document van de kandidaat loopt af op %(w_valid_until)s. De werkvergunning "
    "stopt dan ook. De kandidaat moet per post een nieuw W-document aanvragen bij de "
    "IND. Help de kandidaat daarbij. Zonder nieuw W-document kan de werkgever de "
    "werkvergunning niet verlengen."
)
_W_END_EMPLOYER_BODY = N_(
    "Het W-document van uw werknemer loopt af op %(w_valid_until)s. De werkvergunning "
    "stopt op dezelfde dag. Uw werknemer vraagt per post een nieuw W-document aan bij "
    "de IND. Daarna kunt u een nieuwe werkvergunning aanvragen. Vraag uw werknemer om "
    "een kopie van het nieuwe W-document."
)
_OVERDUE_SUBJECT = N_("Nog geen besluit van UWV")
_OVERDUE_BODY = N_(
    "U hebt de aanvraag voor de werkvergunning op %(submitted_on)s ingediend. UWV moet "
    "binnen 5 weken beslissen, dus uiterlijk op %(legal_on)s. Er is nog geen besluit "
    "ingevuld. Neem contact op met UWV. Hebt u het besluit al? Vul het dan in."
)
_UNUSED_SUBJECT = N_("Werkvergunning wordt niet gebruikt: meld het aan UWV")
_UNUSED_BODY = N_(
    "De werkvergunning wordt sinds %(unused_since)s niet gebruikt. Dat is langer dan "
    "een maand. U moet dit meteen schriftelijk melden aan UWV. Hebt u dat al gedaan? "
    "Vul dan de datum in."
)


def _twv_end_points() -> tuple[ReminderPoint, ...]:
    """D4 — ASSUMED: 12, 9, 6, 3 and 1 weeks before, and on the last valid day."""
    points = [
        ReminderPoint(
            "twv_end",
            -weeks * 7,
            "both" if weeks == 1 else "employer",
            _TWV_END_SUBJECT,
            _TWV_END_BODY,
            "D4",
        )
        for weeks in (12, 9, 6, 3, 1)
    ]
    points.append(
        ReminderPoint("twv_end", 0, "both", _TWV_LAPSES_SUBJECT, _TWV_LAPSES_BODY, "D4")
    )
    return tuple(points)


def _w_end_points() -> tuple[ReminderPoint, ...]:
    """D5 — timing ASSUMED: 16 and 10 weeks before the W-document ends."""
    return tuple(
        ReminderPoint(kind, offset, audience, _W_END_SUBJECT, body, "D5")
        for kind, audience, body in (
            ("w_end", "matchmaker", _W_END_MATCHMAKER_BODY),
            ("w_end_employer", "employer", _W_END_EMPLOYER_BODY),
        )
        for offset in (-112, -70)
    )


REMINDER_POINTS: tuple[ReminderPoint, ...] = (
    *_twv_end_points(),
    *_w_end_points(),
    # D2 — ASSUMED: overdue from day 36 after submission (see twv_dates.decision_overdue).
    ReminderPoint(
        "decision_overdue", 36, "both", _OVERDUE_SUBJECT, _OVERDUE_BODY, "D2"
    ),
    # D9: "langer dan een maand geen gebruik" (RuWav 2013 art. 4) read as > 30 days.
    ReminderPoint("twv_unused", 31, "both", _UNUSED_SUBJECT, _UNUSED_BODY, "D9"),
)


def reminder_key(case_id: int, cycle: int, kind: str, offset_days: int) -> str:
    """Stable key, e.g. ``case:17:cycle:2:twv_end:-42``; the portal stores it before sending."""
    return f"case:{case_id}:cycle:{cycle}:{kind}:{offset_days}"


def _anchor(
    case: CaseDates, kind: str, today: date
) -> tuple[date | None, dict[str, object]]:
    """The date a series counts from, or None when the series does not apply."""
    if kind == "twv_end" and case.twv_end and not case.next_twv_granted:
        return case.twv_end, {"twv_end": case.twv_end}
    if (
        kind in ("w_end", "w_end_employer")
        and case.w_valid_until
        and not case.new_w_document_received
        and not case.next_twv_granted
    ):
        return case.w_valid_until, {"w_valid_until": case.w_valid_until}
    decided = case.decided_on is not None and case.decided_on <= today
    if kind == "decision_overdue" and case.submitted_on and not decided:
        legal_on = expected_decision(case.submitted_on).legal
        return case.submitted_on, {
            "submitted_on": case.submitted_on,
            "legal_on": legal_on,
        }
    if kind == "twv_unused" and case.twv_unused_since and case.uwv_notified_on is None:
        return case.twv_unused_since, {"unused_since": case.twv_unused_since}
    return None, {}


def _due_points(case: CaseDates, today: date) -> Iterator[ReminderSpec]:
    for point in REMINDER_POINTS:
        anchor, params = _anchor(case, point.kind, today)
        if anchor is None:
            continue
        due_on = anchor + timedelta(days=point.offset_days)
        if due_on > today:
            continue
        late_by = (today - due_on).days
        yield ReminderSpec(
            key=reminder_key(case.case_id, case.cycle, point.kind, point.offset_days),
            kind=point.kind,
            due_on=due_on,
            audience=point.audience,
            subject_nl=point.subject_nl,
            body_nl=point.body_nl,
            params={
                **params,
                "case_id": case.case_id,
                "cycle": case.cycle,
                "late_by_days": late_by,
                **({"days_left": -point.offset_days} if point.offset_days <= 0 else {}),
            },
            late_by_days=late_by,
            offset_days=point.offset_days,
        )


def reminder_schedule(case: CaseDates, today: date) -> list[ReminderSpec]:
    """Reminders due on or before ``today`` for this cycle, oldest first (see module doc)."""
    if case.closed_on is not None and case.closed_on <= today:
        return []
    by_kind: dict[str, list[ReminderSpec]] = {}
    for spec in _due_points(case, today):
        by_kind.setdefault(spec.kind, []).append(spec)
    result: list[ReminderSpec] = []
    for specs in by_kind.values():
        specs.sort(key=lambda s: s.due_on)
        before_creation = [s for s in specs if s.due_on < case.created_on]
        kept = [s for s in specs if s.due_on >= case.created_on]
        if before_creation:
            kept.insert(0, before_creation[-1])
        latest = kept[-1]
        result += [
            spec if spec is latest else replace(spec, superseded=True) for spec in kept
        ]
    return sorted(result, key=lambda s: (s.due_on, s.key))
