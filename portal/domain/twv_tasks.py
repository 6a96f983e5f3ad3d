"""Tasks the portal creates on case events (rules D7–D10), as plain descriptors.

The portal stores a task under its ``key``; creating the same task twice for the same
event gives the same key, so it can be made idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal


def N_(s: str) -> str:  # noqa: N802 — gettext's conventional no-op marker
    """Mark a Dutch msgid for extraction; the portal translates it."""
    return s


Audience = Literal["employer", "matchmaker", "both"]

#: D9: "langer dan een maand geen gebruik" (RuWav 2013 art. 4) read as more than 30 days.
UNUSED_ESCALATION_DAYS = 30


@dataclass(frozen=True)
class TaskSpec:
    """A to-do item for a role; ``params`` fill the ``%(name)s`` placeholders."""

    key: str
    kind: str
    due_on: date
    audience: Audience
    title_nl: str
    body_nl: str
    params: dict[str, object]
    rule: str
    escalated: bool = False


@dataclass(frozen=True)
class TrackClosure:
    """D10: the TWV track ends because no TWV is needed from ``no_twv_needed_from``."""

    key: str
    no_twv_needed_from: date
    message_nl: str
    params: dict[str, object]
    close_track: bool = True
    rule: str = "D10"


def transfer_check_task(case_id: int, transferred_on: date) -> TaskSpec:
    """D8 — ASSUMED: a move to another azc does not end the TWV, but check the commute."""
    return TaskSpec(
        key=f"case:{case_id}:transfer_check:{transferred_on.isoformat()}",
        kind="transfer_check",
        due_on=transferred_on,
        audience="matchmaker",
        title_nl=N_("De kandidaat is verhuisd naar een ander azc"),
        body_nl=N_(
            "De kandidaat woont sinds %(transferred_on)s in een ander azc. De "
            "werkvergunning blijft geldig. Controleer twee dingen: kan de kandidaat "
            "het werk nog bereiken? En woont de kandidaat nog in de opvang van het COA?"
        ),
        params={"case_id": case_id, "transferred_on": transferred_on},
        rule="D8",
    )


def early_end_task(case_id: int, cycle: int, ended_on: date) -> TaskSpec:
    """D9: when the job ends early, the employer tells UWV in writing without delay."""
    return TaskSpec(
        key=f"case:{case_id}:cycle:{cycle}:early_end:{ended_on.isoformat()}",
        kind="early_end",
        due_on=ended_on,
        audience="employer",
        title_nl=N_("Meld aan UWV dat het werk is gestopt"),
        body_nl=N_(
            "Het werk is gestopt op %(ended_on)s. Meld dit meteen schriftelijk aan UWV. "
            "Dat is verplicht als u de werkvergunning niet meer gebruikt. Vul daarna de "
            "datum van uw melding in."
        ),
        params={"case_id": case_id, "cycle": cycle, "ended_on": ended_on},
        rule="D9",
    )


def unused_twv_task(
    case_id: int, cycle: int, unused_since: date, today: date
) -> TaskSpec:
    """D9: TWV granted but not used; escalated once unused for more than 30 days."""
    escalate_on = unused_since + timedelta(days=UNUSED_ESCALATION_DAYS + 1)
    return TaskSpec(
        key=f"case:{case_id}:cycle:{cycle}:twv_unused:{unused_since.isoformat()}",
        kind="twv_unused",
        due_on=unused_since,
        audience="employer",
        title_nl=N_("De werkvergunning wordt niet gebruikt"),
        body_nl=N_(
            "De werkvergunning wordt sinds %(unused_since)s niet gebruikt. Gebruikt u "
            "de werkvergunning langer dan een maand niet? Dan moet u dat meteen "
            "schriftelijk melden aan UWV."
        ),
        params={
            "case_id": case_id,
            "cycle": cycle,
            "unused_since": unused_since,
            "escalate_on": escalate_on,
        },
        rule="D9",
        escalated=today >= escalate_on,
    )


def change_needs_new_twv_task(
    case_id: int, changed_on: date, change: Literal["employer", "work"]
) -> TaskSpec:
    """D7: a new employer or different work needs a new TWV (it is employer-bound)."""
    return TaskSpec(
        key=f"case:{case_id}:new_twv_needed:{change}:{changed_on.isoformat()}",
        kind="new_twv_needed",
        due_on=changed_on,
        audience="both",
        title_nl=N_("Nieuwe werkvergunning nodig"),
        body_nl=(
            N_(
                "De kandidaat gaat werken bij een andere werkgever. De werkvergunning "
                "hoort bij één werkgever. De nieuwe werkgever moet zelf een "
                "werkvergunning aanvragen."
            )
            if change == "employer"
            else N_(
                "De kandidaat gaat ander werk doen dan in de werkvergunning staat. "
                "Vraag een nieuwe werkvergunning aan voordat het nieuwe werk begint."
            )
        ),
        params={"case_id": case_id, "changed_on": changed_on, "change": change},
        rule="D7",
    )


def status_holder_closure(case_id: int, permit_on: date) -> TrackClosure:
    """D10: with a residence permit the person may work freely from the permit date."""
    return TrackClosure(
        key=f"case:{case_id}:status_holder:{permit_on.isoformat()}",
        no_twv_needed_from=permit_on,
        message_nl=N_(
            "De kandidaat heeft een verblijfsvergunning sinds %(permit_on)s. Vanaf die "
            "dag is geen werkvergunning meer nodig. Herinneringen over de "
            "werkvergunning stoppen."
        ),
        params={"case_id": case_id, "permit_on": permit_on},
    )
