"""The dated records of one person's pilot year, for the evaluation's demo history.

Support activities, a match with its status history, a confirmed hire with its 3- and
6-month follow-ups and its TWV case and cycle: written as rows, dated inside the pilot
year (April 2025 – March 2026), from a random generator the caller seeds. Which people,
vacancies and employers get them is decided in ``portal.demo.evaluation``, the demo step
that uses these builders.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.domain.pilot_reference import PILOT_START
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    CycleStatus,
    Employer,
    FollowUp,
    Hire,
    HireStatus,
    Match,
    MatchStatus,
    StatusChange,
    SupportActivity,
    SupportType,
    TwvCase,
    TwvCycle,
    User,
    Vacancy,
)
from portal.models.base import AMSTERDAM

#: The pilot-year cases are history: closed after the pilot, so they send no reminders.
CASES_CLOSED_ON = date(2026, 4, 1)
OTHER_SUPPORT = [
    SupportType.CV,
    SupportType.APPLICATION_TRAINING,
    SupportType.JOB_FAIR,
    SupportType.LANGUAGE_COURSE,
    SupportType.MEDIATION,
    SupportType.ADVICE_CANDIDATE,
    SupportType.EMPLOYER_MEETING,
]


def moment(day: date, hour: int = 10) -> datetime:
    """``hour`` o'clock in Amsterdam on ``day``, as a UTC moment."""
    return datetime.combine(day, time(hour), AMSTERDAM).astimezone(UTC)


def pilot_day(offset: int) -> date:
    """The day ``offset`` days after the pilot's start."""
    return PILOT_START + timedelta(days=offset)


def add_support(
    profile: CandidateProfile, intake: date, rng: random.Random, by: User | None
) -> None:
    """The intake on ``intake`` and one to four other activities in the months after."""
    db.session.add(
        SupportActivity(
            profile_id=profile.id,
            type=SupportType.INTAKE,
            done_on=intake,
            recorded_by_id=by.id if by else None,
        )
    )
    for _ in range(rng.randint(1, 4)):
        on = intake + timedelta(days=rng.randint(7, 150))
        if on <= date(2026, 3, 31):
            db.session.add(
                SupportActivity(
                    profile_id=profile.id,
                    type=rng.choice(OTHER_SUPPORT),
                    done_on=on,
                    recorded_by_id=by.id if by else None,
                )
            )


def _change(
    match: Match,
    to: MatchStatus,
    at: datetime,
    reason: str | None,
    by: User | None,
    before: str | None,
) -> None:
    db.session.add(
        StatusChange(
            object_type="match",
            object_id=match.id,
            from_state=before,
            to_state=to,
            at=at,
            reason_code=reason,
            by_id=by.id if by else None,
        )
    )


def add_match(
    profile: CandidateProfile,
    vacancy: Vacancy,
    start: date,
    path: list[MatchStatus],
    reason: str | None,
    by: User | None,
) -> Match | None:
    """A match that went through ``path`` from ``start``, a state change every three
    days; the last carries ``reason``. None when the pair has a match already."""
    exists = db.session.scalar(
        select(Match.id).where(
            Match.vacancy_id == vacancy.id, Match.candidate_id == profile.id
        )
    )
    if exists:
        return None
    match = Match(
        vacancy_id=vacancy.id,
        candidate_id=profile.id,
        status=path[-1],
        created_at=moment(start, 9),
        reason_code=reason,
        score=0.7,
    )
    db.session.add(match)
    db.session.flush()
    before: str | None = MatchStatus.SUGGESTED
    for step, state in enumerate(path):
        last = step == len(path) - 1
        _change(
            match,
            state,
            moment(start + timedelta(days=3 * (step + 1))),
            reason if last else None,
            by,
            before,
        )
        before = state
    return match


def add_hire(
    profile: CandidateProfile,
    employer: Employer,
    match: Match | None,
    start: date,
    rng: random.Random,
    by: User | None,
) -> Hire:
    """A year's contract from ``start`` (one in five ended early), its follow-ups, and its
    TWV case with one granted cycle, closed after the pilot."""
    end = start + timedelta(days=365)
    ended_early = rng.random() < 0.2
    hire = Hire(
        candidate_id=profile.id,
        employer_id=employer.id,
        vacancy_id=match.vacancy_id if match else None,
        match_id=match.id if match else None,
        contract_start=start,
        contract_end=end,
        hours_per_week=rng.choice([24, 32, 36]),
        hourly_wage=Decimal("15.50"),
        status=HireStatus.ENDED_EARLY if ended_early else HireStatus.ACTIVE,
        ended_on=start + timedelta(days=rng.randint(100, 160)) if ended_early else None,
        end_reason_code=rng.choice(
            ["relocated_by_coa", "contract_not_extended", "health"]
        )
        if ended_early
        else None,
        confirmed_at=moment(start - timedelta(days=7)),
        confirmed_by_id=by.id if by else None,
        source="match" if match else "outside",
        created_by_id=by.id if by else None,
    )
    db.session.add(hire)
    db.session.flush()
    for months in (3, 6):
        due = start + timedelta(days=30 * months)
        if due > date(2026, 11, 30):
            continue
        still = hire.ended_on is None or hire.ended_on > due
        db.session.add(
            FollowUp(
                hire_id=hire.id,
                months=months,
                due_on=due,
                done_on=due,
                recorded_by_id=by.id if by else None,
                recorded_at=moment(due),
                still_at_work=still,
                same_employer=still,
                hours_per_week=hire.hours_per_week if still else None,
                reason_code=None if still else hire.end_reason_code,
            )
        )
    case = TwvCase(
        hire_id=hire.id,
        employer_id=employer.id,
        candidate_id=profile.id,
        created_by_id=by.id if by else None,
        closed_on=min(end, CASES_CLOSED_ON),
        close_reason_code="evaluation_demo_history",
    )
    db.session.add(case)
    db.session.flush()
    submitted = start - timedelta(days=rng.randint(50, 80))
    wait = rng.choice([12, 20, 28, 33, 38, 45, 66])
    db.session.add(
        TwvCycle(
            case_id=case.id,
            number=1,
            status=CycleStatus.GRANTED,
            opened_on=submitted - timedelta(days=3),
            submitted_on=submitted,
            decided_on=submitted + timedelta(days=wait),
            valid_from=start,
            valid_until=end,
        )
    )
    return hire
