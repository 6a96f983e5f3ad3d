"""What an IND or COA event changes, and the tasks that follow: pure rule rows.

Each row says which eligibility facts the event writes, whether the person's open
matches end (with which coded reason) and which tasks it creates for each running hire
and for the matchmaker. The portal applies them (``services/permits/events.py``).
Sources: README §1.2 (UWV conditions: COA reception), §1.2 (Labour Authority: a
rejected applicant may no longer work), §8 D8–D10. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["VERIFIED", "ASSUMED"]
Audience = Literal["employer", "matchmaker"]


def N_(s: str) -> str:  # noqa: N802 — gettext's conventional no-op marker
    return s


@dataclass(frozen=True)
class TaskRule:
    kind: str
    audience: Audience
    title_nl: str
    #: Days after the event's date the task is due (0: on the day).
    due_after_days: int = 0


@dataclass(frozen=True)
class EventRule:
    kind: str
    #: Profile facts the event writes (attribute -> value; "DATE" means the event date).
    writes: dict[str, object]
    #: Coded reason (reasons.py, use "withdraw") for ending open matches; None keeps them.
    withdraw_matches: str | None
    #: Tasks for every running hire (proposed, planned, active).
    hire_tasks: tuple[TaskRule, ...]
    #: Tasks for the matchmaker, once per event.
    person_tasks: tuple[TaskRule, ...]
    #: Notify the employer of each running hire.
    notify_employers: bool
    rule: str
    source: str
    status: Status
    #: Tasks for the matchmaker when the person has no running hire (a planned transfer
    #: of someone not at work still needs a follow-up: matches, travel distance).
    person_tasks_if_not_working: tuple[TaskRule, ...] = ()


STOP_WORK = TaskRule(
    "stop_work",
    "employer",
    N_("Laat de kandidaat niet meer werken vanaf de datum van het besluit"),
)
NOTIFY_UWV = TaskRule(
    "notify_uwv",
    "employer",
    N_("Meld schriftelijk aan UWV dat de werkvergunning niet meer wordt gebruikt"),
)
REGULAR_CONTRACT = TaskRule(
    "regular_contract",
    "employer",
    N_(
        "Geen werkvergunning meer nodig: zet het werk voort met een gewoon contract "
        "(de werkvergunning hoeft niet verlengd)"
    ),
)
CHECK_WORK = TaskRule(
    "check_work",
    "employer",
    N_("Overleg met de matchmaker of het werk door kan gaan"),
)
FOLLOW_UP = TaskRule(
    "follow_up", "matchmaker", N_("Neem contact op met de kandidaat en de werkgever")
)
LINK_MUNICIPALITY = TaskRule(
    "municipality_link",
    "matchmaker",
    N_("Geef de werkplek door aan het COA voor de koppeling aan een gemeente"),
)
EMPLOYMENT_STATEMENT = TaskRule(
    "employment_statement",
    "matchmaker",
    N_(
        "Vraag toestemming en stuur de werkgeversverklaring naar het COA, zodat het COA "
        "de kandidaat binnen bereik van het werk kan plaatsen"
    ),
)
TRANSFER_CHECK = TaskRule(
    "transfer_check",
    "matchmaker",
    N_(
        "Controleer of de kandidaat het werk nog kan bereiken en nog in de opvang woont"
    ),
)
TRANSFER_FOLLOW_UP = TaskRule(
    "transfer_follow_up",
    "matchmaker",
    N_(
        "Bekijk met de kandidaat of de open matches na de verhuizing nog binnen bereik "
        "liggen"
    ),
)
RESUME_WORK = TaskRule(
    "resume_work",
    "employer",
    N_(
        "De kandidaat woont weer in de opvang van het COA: overleg met de matchmaker of "
        "het werk weer kan beginnen"
    ),
)
RESUME_MATCHING = TaskRule(
    "resume_matching",
    "matchmaker",
    N_(
        "De kandidaat woont weer in de opvang: bekijk of matchen en werk weer kunnen en "
        "of de werkvergunning weer aangevraagd kan worden"
    ),
)
RECORD_OUTCOME = TaskRule(
    "retention_outcome",
    "matchmaker",
    N_("Leg vast of de kandidaat het werk na de verhuizing heeft gehouden"),
    due_after_days=14,
)

EVENT_RULES: dict[str, EventRule] = {
    r.kind: r
    for r in (
        EventRule(
            kind="permit_granted",
            writes={"residence_permit_on": "DATE", "asylum_rejected": False},
            withdraw_matches=None,  # status holders may work freely: matches go on
            hire_tasks=(REGULAR_CONTRACT,),
            person_tasks=(LINK_MUNICIPALITY,),
            notify_employers=True,
            rule="A1/D10",
            source="README §8 A1, D10: met een verblijfsvergunning is geen TWV nodig",
            status="VERIFIED",
        ),
        EventRule(
            kind="refused_appeal",
            writes={},  # still an asylum seeker while the appeal runs
            withdraw_matches=None,
            hire_tasks=(),
            person_tasks=(FOLLOW_UP,),
            notify_employers=False,
            rule="A6",
            source=(
                "README §1.2: pas bij een (definitieve) afwijzing mag de kandidaat niet "
                "meer werken; tijdens het beroep blijft de kandidaat asielzoeker"
            ),
            status="ASSUMED",
        ),
        EventRule(
            kind="refused_final",
            writes={"asylum_rejected": True},
            withdraw_matches="asylum_rejected",
            hire_tasks=(STOP_WORK, NOTIFY_UWV),
            person_tasks=(FOLLOW_UP,),
            notify_employers=True,
            rule="A6/D9",
            source=(
                "nllabourauthority.nl — Asylum seekers: na afwijzing mag de asielzoeker "
                "niet meer werken; RuWav art. 4: niet-gebruik melden aan UWV"
            ),
            status="VERIFIED",
        ),
        EventRule(
            kind="left_reception",
            writes={"in_coa_reception": False},
            withdraw_matches="left_procedure",
            hire_tasks=(CHECK_WORK,),
            person_tasks=(FOLLOW_UP,),
            notify_employers=True,
            rule="A5",
            source=(
                "uwv.nl — Speciale voorwaarden Asielzoeker: het COA biedt opvang "
                "(voorwaarde; gevolg voor een lopende TWV ASSUMED)"
            ),
            status="ASSUMED",
        ),
        EventRule(
            kind="returned_to_reception",
            writes={"in_coa_reception": True},
            withdraw_matches=None,  # ended matches stay ended; matching proposes anew
            hire_tasks=(RESUME_WORK,),
            person_tasks=(RESUME_MATCHING,),
            notify_employers=True,
            rule="A5",
            source=(
                "uwv.nl — Speciale voorwaarden Asielzoeker: het COA biedt opvang "
                "(voorwaarde weer vervuld; gevolg voor een lopende TWV ASSUMED)"
            ),
            status="ASSUMED",
        ),
        EventRule(
            kind="transfer_planned",
            writes={},
            withdraw_matches=None,
            hire_tasks=(EMPLOYMENT_STATEMENT,),
            person_tasks=(),
            notify_employers=True,
            rule="D8",
            source=(
                "README §5.4 (COA: betaald werk in de gemeente is een harde "
                "koppelingsgrond); §8 D8 (verhuizing: TWV blijft, reistijd controleren)"
            ),
            status="ASSUMED",
            person_tasks_if_not_working=(TRANSFER_FOLLOW_UP,),
        ),
        EventRule(
            kind="transfer_done",
            writes={},
            withdraw_matches=None,
            hire_tasks=(TRANSFER_CHECK, RECORD_OUTCOME),
            person_tasks=(),
            notify_employers=True,
            rule="D8",
            source="README §8 D8: verhuizing beëindigt de TWV niet; controleer het werk",
            status="ASSUMED",
        ),
    )
}


def rule_for(kind: str) -> EventRule:
    """The row for an event kind (KeyError for an unknown kind)."""
    return EVENT_RULES[kind]


#: Task kind -> Dutch title (msgid), for the task lists.
TASK_TITLES: dict[str, str] = {
    t.kind: t.title_nl
    for t in (
        STOP_WORK,
        NOTIFY_UWV,
        REGULAR_CONTRACT,
        CHECK_WORK,
        FOLLOW_UP,
        LINK_MUNICIPALITY,
        EMPLOYMENT_STATEMENT,
        TRANSFER_CHECK,
        TRANSFER_FOLLOW_UP,
        RESUME_WORK,
        RESUME_MATCHING,
        RECORD_OUTCOME,
    )
}
