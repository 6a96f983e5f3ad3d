"""Demo journeys: matches in every state after the review, hires with follow-ups, and the
notifications they caused.

Takes the demo matches the review step left (approved, invited, introduced) and walks a
few of them further through the real services: an interview, a contract proposed by the
employer, hires confirmed by the matchmaker (one started four months ago, so its 3-month
follow-up is due and recorded), a "not hired" and a withdrawal after a COA move.

Idempotent: nothing happens once a hire from a match exists.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import Hire, Match, MatchStatus, User
from portal.models.base import local_today
from portal.services.matches import follow_ups, hire_gate, journey
from portal.services.matches import review as matches
from portal.services.matches.hires import ContractTerms


def _terms(vacancy, start_days_ago: int) -> ContractTerms:  # type: ignore[no-untyped-def]
    start = local_today() - timedelta(days=start_days_ago)
    wage = max(Decimal(vacancy.hourly_wage or 0), Decimal("15.00"))
    return ContractTerms(
        contract_start=start,
        contract_end=start + timedelta(days=365),
        hours_per_week=vacancy.hours_per_week or 32,
        hourly_wage=wage,
    )


def _owner(match: Match) -> User | None:
    users = [u for u in match.vacancy.employer.users if u.is_active]
    return users[0] if users else None


def _matchmaker(match: Match) -> User | None:
    if match.decided_by_id is None:
        return None
    return db.session.get(User, match.decided_by_id)


def _to_introduced(match: Match, owner: User, mm: User) -> None:
    if match.status == MatchStatus.APPROVED:
        matches.invite(match, by=owner)
    if match.status == MatchStatus.INVITED:
        matches.introduce(match, by=mm, note="Kennismaking op de werkvloer")


def load() -> list[str]:
    if db.session.scalar(select(Hire.id).where(Hire.source == "match")):
        return []
    candidates = db.session.scalars(
        select(Match)
        .where(
            Match.status.in_(
                (MatchStatus.APPROVED, MatchStatus.INVITED, MatchStatus.INTRODUCED)
            )
        )
        .order_by(Match.id)
    ).all()
    # One match per person and per vacancy, so the stories do not withdraw each other.
    seen_people: set[int] = set()
    seen_vacancies: set[int] = set()
    chosen = []
    for match in candidates:
        if match.candidate_id in seen_people or match.vacancy_id in seen_vacancies:
            continue
        if _owner(match) is None or _matchmaker(match) is None:
            continue
        seen_people.add(match.candidate_id)
        seen_vacancies.add(match.vacancy_id)
        chosen.append(match)
    # (story, start of the contract in days ago)
    stories = [
        ("hired", 125),  # 3-month follow-up due and recorded
        ("hired", 100),  # 3-month follow-up due, still open
        ("offer", 0),
        ("interview", 0),
        ("not_hired", 0),
        ("withdrawn", 0),
        ("introduced", 0),
    ]
    done: dict[str, int] = {}
    for match, (story, days_ago) in zip(chosen, stories, strict=False):
        owner, mm = _owner(match), _matchmaker(match)
        if owner is None or mm is None:  # pragma: no cover - filtered when chosen
            continue
        if story == "withdrawn":
            journey.withdraw(match, by=mm, reason_code="relocated_by_coa")
            done[story] = done.get(story, 0) + 1
            continue
        _to_introduced(match, owner, mm)
        if story == "introduced":
            done[story] = done.get(story, 0) + 1
            continue
        if story == "not_hired":
            journey.not_hired(match, by=owner, reason_code="employer_chose_other")
            done[story] = done.get(story, 0) + 1
            continue
        journey.plan_interview(match, by=owner)
        if story == "interview":
            done[story] = done.get(story, 0) + 1
            continue
        try:
            journey.propose_hire(match, _terms(match.vacancy, days_ago), by=owner)
            if story == "hired":
                hire = journey.confirm_hire(match, by=mm)
                if days_ago >= 120:
                    three = next(f for f in hire.follow_ups if f.months == 3)
                    follow_ups.record(
                        three,
                        follow_ups.Answers(
                            on=three.due_on + timedelta(days=2),
                            still_at_work=True,
                            same_employer=True,
                            hours_per_week=hire.hours_per_week,
                        ),
                        by=mm,
                    )
        except hire_gate.HireBlocked:
            continue  # this person may not work on that date: the story stops here
        done[story] = done.get(story, 0) + 1
    db.session.flush()
    due = follow_ups.notify_due()
    if not done:
        return []
    summary = ", ".join(f"{v} {k}" for k, v in done.items())
    return [f"journey    {summary}; {due} nazorg-meldingen"]
