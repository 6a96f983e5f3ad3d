"""Demo TWV cases in every state, including one whose work permit lapses this week.

Each case is a hire of a dedicated demo candidate (fixed reference, invented person) for
a demo vacancy of the employer. The candidates are made here rather than taken from the
candidates' demo set, because each state needs its own dates (asylum application,
W-document, contract); they get no matching consent, so matching never proposes them.
The vacancies are the vacancies area's demo ones (the employer's first published one);
when that area has not run, a minimal vacancy is made. Dates are relative to today; a
second run finds every candidate by its reference and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Employer,
    Hire,
    StepState,
    TwvCase,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.services.matches import hires, journey
from portal.services.twv import cases as twv
from portal.services.twv import steps as twv_steps

MATCHMAKER = "matchmaker@werkplein-amstelveen.nl"
AFWAS = "http://data.europa.eu/esco/occupation/f756fdab-7726-4c48-bfcc-94ff8810fc08"
LEPEL, BAKKERIJ, SCHIPHOL, SCHOON, ZORG = (
    "81234567",
    "82345678",
    "83456789",
    "84567890",
    "85678901",
)


@dataclass(frozen=True)
class Scenario:
    """One demo case; day numbers count from today (negative = in the past)."""

    ref: str
    name: str  # invented; kept in the identity vault only
    kvk: str
    applied: int  # asylum application
    w_until: int  # W-document's last day
    start: int  # contract
    end: int
    story: str  # name of the function that walks the checklist
    has_bsn: bool = True


SCENARIOS = (
    Scenario("WB-TVA2", "Hamid Rahimi", LEPEL, -420, 200, 21, 190, "to_apply"),
    Scenario("WB-TVB3", "Saba Tesfaye", BAKKERIJ, -150, 320, 60, 300, "nothing", False),
    Scenario("WB-TVC4", "Omar Haddad", LEPEL, -380, 250, 14, 180, "applied"),
    Scenario("WB-TVD5", "Nour Khalil", SCHOON, -500, 260, 0, 240, "overdue"),
    Scenario("WB-TVE6", "Yonas Gebremedhin", ZORG, -600, 220, -120, 200, "working"),
    Scenario("WB-TVF7", "Leyla Karimi", LEPEL, -650, 70, -150, 300, "renewal_due"),
    Scenario("WB-TVG8", "Ahmad Nazari", LEPEL, -700, 4, -200, 200, "lapses_this_week"),
    Scenario("WB-TVH9", "Mariam Yousef", LEPEL, -640, -3, -160, 220, "working"),
    Scenario("WB-TVJ2", "Dawit Haile", SCHIPHOL, -400, 400, 30, 300, "eligible"),
    Scenario("WB-TVK3", "Rania Saleh", SCHOON, -520, 180, -100, 150, "ended_early"),
    Scenario("WB-TVM4", "Elias Berhane", ZORG, -720, 150, -200, 240, "status_holder"),
)


def load() -> list[str]:
    matchmaker = db.session.scalar(select(User).where(User.email == MATCHMAKER))
    if matchmaker is None:
        return []  # the accounts step did not run
    today = twv.local_today()
    created = 0
    for scenario in SCENARIOS:
        if db.session.scalar(
            select(CandidateProfile.id).where(CandidateProfile.ref == scenario.ref)
        ):
            continue
        employer = db.session.scalar(
            select(Employer).where(Employer.kvk_number == scenario.kvk)
        )
        if employer is None or not employer.users:
            continue
        case = _open(scenario, employer, matchmaker, today)
        STORIES[scenario.story](case, scenario, employer.users[0], matchmaker, today)
        created += 1
    db.session.flush()
    return [f"twv        {created} demowerkvergunningen"] if created else []


def _day(today: date, offset: int) -> date:
    return today + timedelta(days=offset)


def _candidate(scenario: Scenario, by: User, today: date) -> CandidateProfile:
    from portal.services.candidates import identity, profile_input
    from portal.services.candidates import profiles as candidates

    profile = candidates.create_profile(
        profile_input.ProfileData(
            reception_centre="Azc Amstelveen, W.H. Keesomlaan",
            pc4="1183",
            max_travel_km=25,
            hours_per_week=32,
            available_from=_day(today, scenario.start),
            asylum_application_date=_day(today, scenario.applied),
            w_document_valid_until=_day(today, scenario.w_until),
            summary="Werkt graag in een team en is op tijd.",
            has_bsn=scenario.has_bsn,
            in_brp=scenario.has_bsn,
            occupations=[(AFWAS, 2.0)],
            languages={"nl": "A2"},
        ),
        by=by,
        ref=scenario.ref,
    )
    identity.save_identity(
        profile,
        identity.IdentityData(
            name=scenario.name, date_of_birth=date(1994, 5, 17), nationality=None
        ),
        by=by,
    )
    return profile


def _vacancy(employer: Employer, today: date) -> Vacancy:
    """The employer's own vacancy of the TWV demo cases (a hire fills a position of it,
    so it is not one of the vacancies the match review and the journeys use)."""
    ref = f"V-TWV{employer.kvk_number[-3:]}"
    found = db.session.scalar(select(Vacancy).where(Vacancy.ref == ref))
    if found is None:
        found = Vacancy(
            ref=ref,
            employer_id=employer.id,
            title="Medewerker schoonmaak en keuken",
            esco_occupation=AFWAS,
            pc4=employer.workplace_pc4,
            hours_per_week=32,
            start_date=today,
            contract_months=12,
            hourly_wage=Decimal("15.25"),
            positions=10,
            status=VacancyStatus.PUBLISHED,
        )
        db.session.add(found)
        db.session.flush()
    return found


def _open(scenario: Scenario, employer: Employer, by: User, today: date) -> TwvCase:
    candidate = _candidate(scenario, by, today)
    vacancy = _vacancy(employer, today)
    hire = journey.record_hire(
        candidate=candidate,
        vacancy=vacancy,
        terms=hires.ContractTerms(
            contract_start=_day(today, scenario.start),
            contract_end=_day(today, scenario.end),
            hours_per_week=min(vacancy.hours_per_week, 32),
            hourly_wage=max(vacancy.hourly_wage, Decimal("15.25")),
        ),
        by=by,
    )
    case = db.session.scalar(select(TwvCase).where(TwvCase.hire_id == hire.id))
    assert case is not None  # noqa: S101 - record_hire always opens one
    # The case was opened when the hire was agreed, weeks before the contract started.
    case.current_cycle.opened_on = min(today, _day(today, scenario.start - 42))
    return case


def _step(case: TwvCase, key: str, by: User, on: date, **data: object) -> None:
    twv_steps.record_step(case, key, action=StepState.DONE, by=by, today=on, **data)  # type: ignore[arg-type]


def _prepare(case: TwvCase, boss: User, matchmaker: User, on: date) -> None:
    _step(case, "eligibility", matchmaker, on)
    _step(case, "draft_contract", boss, on)
    _step(
        case, "w_document_copy", boss, on, on_date=case.candidate.w_document_valid_until
    )
    twv_steps.record_step(
        case, "agency_work", action=StepState.NOT_APPLICABLE, by=boss, today=on
    )
    _step(case, "apply_uwv", boss, on)


def _submit(case: TwvCase, boss: User, on: date) -> None:
    _step(case, "submitted", boss, on, on_date=on)


def _grant(case: TwvCase, boss: User, on: date, number: str) -> None:
    _step(case, "twv_granted", boss, on, number=number)


def _work(case: TwvCase, boss: User, on: date) -> None:
    _step(case, "start_work", boss, on, on_date=on)
    for key in ("payroll_without_bsn", "reba_payslips"):
        _step(case, key, boss, on)


def _nothing(case: TwvCase, s: Scenario, boss: User, mm: User, today: date) -> None:
    """Just recorded: the checklist is still to do (or blocked by a check)."""


def _eligible(case: TwvCase, s: Scenario, boss: User, mm: User, today: date) -> None:
    """Checked by the matchmaker; every employer step is still open."""
    _step(case, "eligibility", mm, today)


def _to_apply(case: TwvCase, s: Scenario, boss: User, mm: User, today: date) -> None:
    _step(case, "eligibility", mm, today)
    _step(case, "draft_contract", boss, today)


def _applied(case: TwvCase, s: Scenario, boss: User, mm: User, today: date) -> None:
    _prepare(case, boss, mm, _day(today, -22))
    _submit(case, boss, _day(today, -21))


def _overdue(case: TwvCase, s: Scenario, boss: User, mm: User, today: date) -> None:
    _prepare(case, boss, mm, _day(today, -42))
    _submit(case, boss, _day(today, -40))


def _working(case: TwvCase, s: Scenario, boss: User, mm: User, today: date) -> None:
    start = _day(today, s.start)
    _prepare(case, boss, mm, start - timedelta(days=50))
    _submit(case, boss, start - timedelta(days=49))
    _grant(case, boss, start - timedelta(days=3), f"TWV-{s.ref[-3:]}01")
    _work(case, boss, start)


def _renewal_due(case: TwvCase, s: Scenario, boss: User, mm: User, today: date) -> None:
    _working(case, s, boss, mm, today)
    twv.open_renewal(case, by=None, today=_day(today, -14))  # what the daily job did


def _lapses(case: TwvCase, s: Scenario, boss: User, mm: User, today: date) -> None:
    """TWV ends in 4 days; the new W-document came, the renewal waits for UWV."""
    _working(case, s, boss, mm, today)
    case.candidate.w_document_valid_until = _day(today, 365)
    twv.on_w_document_extended(case.candidate, by=mm, today=_day(today, -75))
    _step(case, "eligibility", mm, _day(today, -31))
    _step(case, "apply_uwv", boss, _day(today, -31))
    _submit(case, boss, _day(today, -30))


def _ended_early(case: TwvCase, s: Scenario, boss: User, mm: User, today: date) -> None:
    _working(case, s, boss, mm, today)
    hires.end_early(
        case.hire, ended_on=_day(today, -10), reason_code="candidate_left", by=boss
    )


def _status_holder(
    case: TwvCase, s: Scenario, boss: User, mm: User, today: date
) -> None:
    _working(case, s, boss, mm, today)
    case.candidate.residence_permit_on = _day(today, -20)


STORIES: dict[str, Callable[[TwvCase, Scenario, User, User, date], None]] = {
    "nothing": _nothing,
    "eligible": _eligible,
    "to_apply": _to_apply,
    "applied": _applied,
    "overdue": _overdue,
    "working": _working,
    "renewal_due": _renewal_due,
    "lapses_this_week": _lapses,
    "ended_early": _ended_early,
    "status_holder": _status_holder,
}


def demo_hires() -> list[Hire]:
    """The hires this module made (for tests)."""
    refs = [s.ref for s in SCENARIOS]
    return list(
        db.session.scalars(
            select(Hire).join(Hire.candidate).where(CandidateProfile.ref.in_(refs))
        )
    )
