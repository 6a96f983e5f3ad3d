"""Demo journeys: a match in every state, hires with follow-ups, and the notifications
they caused.

Each story is one invented person with a fixed reference (their stable key), made here
rather than taken from the candidates step, and one match walked through the real
services to where the story ends: kept for review, approved, rejected, invited,
declined, introduced, interview planned, an offer awaiting the matchmaker, not hired,
withdrawn after a COA move, and two hires. The match review step's own matches are
never touched, so its states and the journey's stay as they were loaded.

The two hires happened in the past (contracts started about four and three months ago):
each is on a vacancy of its own that the employer posted then (filled by the hire), its
steps and notifications are dated when they happened, its TWV case went through the
checklist before the start, and the 3-month follow-up is recorded for the first and
due (with a notification) for the second.

Idempotent: a story whose person exists already is skipped; the journey's vacancies are
found by their reference.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from portal.demo import twv as twv_demo
from portal.demo import vacancies as vacancies_demo
from portal.demo.vacancy_jobs import JOBS
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Employer,
    Hire,
    Match,
    MatchStatus,
    Notification,
    StatusChange,
    TwvCase,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.models.base import AMSTERDAM, local_today
from portal.services.candidates import consents, identity, profile_input, relocations
from portal.services.candidates import profiles as candidates
from portal.services.matches import follow_ups, journey, match_ends
from portal.services.matches import review as matches
from portal.services.matches.hires import ContractTerms
from portal.services.vacancies import posting

MATCHMAKER = "matchmaker@werkplein-amstelveen.nl"
VACANCY_KIND = "journey-vacancy"
HOME = ("Azc Amstelveen, W.H. Keesomlaan", "1183")
#: Where COA moved the person of the "withdrawn" story (too far for the job).
MOVED_TO = ("Azc Budel", "6021")


@dataclass(frozen=True)
class Story:
    """One person and the match that ends in ``end``."""

    ref: str
    name: str  # invented; kept in the identity vault only
    job: int  # number of the demo vacancy in ``vacancies.JOBS``
    end: MatchStatus
    reason: str | None = None
    #: Contract start in days from today (an offer; a hire: negative, in the past).
    start: int = 28


S = MatchStatus
STORIES = (
    Story("WB-JRA2", "Bilal Rahmani", 2, S.SUGGESTED),
    Story("WB-JRB3", "Meron Tekle", 8, S.APPROVED),
    Story("WB-JRC4", "Hassan Jaber", 13, S.REJECTED, "hours"),
    Story("WB-JRD5", "Aster Woldu", 17, S.INVITED),
    Story("WB-JRE6", "Karim Safi", 22, S.DECLINED, "employer_put_off_by_twv"),
    Story("WB-JRF7", "Lina Darwish", 12, S.INTRODUCED),
    Story("WB-JRG8", "Tamer Nassar", 3, S.INTERVIEW_PLANNED),
    Story("WB-JRH9", "Sara Mehari", 9, S.OFFER),
    Story("WB-JRJ2", "Ali Hosseini", 23, S.NOT_HIRED, "language"),
    Story("WB-JRK3", "Noura Abbas", 18, S.WITHDRAWN, "relocated_by_coa"),
    # 3-month follow-up recorded
    Story("WB-JRL4", "Daniel Kidane", 7, S.HIRED, start=-125),
    # 3-month follow-up due, not yet recorded
    Story("WB-JRM5", "Rasha Omran", 11, S.HIRED, start=-100),
)
#: A past hire's steps, in days before the contract start.
POSTED, APPROVED, INVITED, INTRODUCED, INTERVIEW, OFFER, CONFIRMED = (
    100,
    95,
    90,
    85,
    80,
    70,
    60,
)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), AMSTERDAM).astimezone(UTC)


class _Clock:
    """Dates what the services record during a story that happened in the past.

    The services stamp their state changes and notifications with the current time;
    after each step of a past story, the rows that step added get the step's date (and
    its notifications count as read: they were seen back then). The audit log keeps the
    real time of the demo load.
    """

    def __init__(self) -> None:
        self.changes = self._last(StatusChange.id)
        self.notes = self._last(Notification.id)

    @staticmethod
    def _last(column) -> int:  # type: ignore[no-untyped-def]
        db.session.flush()
        return int(db.session.scalar(select(func.max(column))) or 0)

    def date(self, on: date) -> None:
        at = _at(on)
        db.session.flush()
        for change in db.session.scalars(
            select(StatusChange).where(StatusChange.id > self.changes)
        ):
            change.at = at
        for note in db.session.scalars(
            select(Notification).where(Notification.id > self.notes)
        ):
            note.created_at = note.read_at = at
        self.changes = self._last(StatusChange.id)
        self.notes = self._last(Notification.id)


def _person(story: Story, vacancy: Vacancy, by: User, today: date) -> CandidateProfile:
    """A person who may work and agreed to be shown to employers, with the job's skills."""
    history = max(-story.start, 0) + 120
    profile = candidates.create_profile(
        profile_input.ProfileData(
            reception_centre=HOME[0],
            pc4=HOME[1],
            max_travel_km=25,
            hours_per_week=vacancy.hours_per_week,
            available_from=today,
            asylum_application_date=today - timedelta(days=history + 600),
            w_document_valid_until=today + timedelta(days=300),
            summary="Werkt graag in een team en leert snel.",
            has_bsn=True,
            occupations=[(vacancy.esco_occupation, 2.0)],
            skills=vacancy.essential_skills[:4],
            languages={"nl": "A2", "en": "B1"},
        ),
        by=by,
        ref=story.ref,
    )
    identity.save_identity(
        profile,
        identity.IdentityData(
            name=story.name, date_of_birth=date(1993, 9, 14), nationality=None
        ),
        by=by,
    )
    consents.give_consent(
        profile,
        given_on=today - timedelta(days=history),
        scopes=("matching", "employers", "introduction", "evaluation"),
        by=by,
    )
    return profile


def _vacancy(
    story: Story, employer: Employer, owner: User, today: date
) -> Vacancy | None:
    """The vacancy of the story: today's demo vacancy, or for a past hire its own."""
    if story.end != MatchStatus.HIRED:
        found = vacancies_demo.find(story.job)
        if found is None or found.status != VacancyStatus.PUBLISHED:
            return None
        return found
    found = vacancies_demo.find(story.job, VACANCY_KIND)
    if found is not None:
        return found
    job = JOBS[story.job - 1]
    start = today + timedelta(days=story.start)
    posted = start - timedelta(days=POSTED)
    data = dataclasses.replace(vacancies_demo.job_data(job, start=start), positions=1)
    clock = _Clock()
    vacancy = posting.create_vacancy(
        employer,
        data,
        by=owner,
        today=posted,
        ref=vacancies_demo.demo_ref(story.job, VACANCY_KIND),
    )
    posting.publish(vacancy, by=owner, today=posted)
    vacancy.created_at = vacancy.published_at = _at(posted, 9)
    clock.date(posted)
    return vacancy


def _terms(vacancy: Vacancy, start: date) -> ContractTerms:
    return ContractTerms(
        contract_start=start,
        contract_end=start + timedelta(days=364),
        hours_per_week=vacancy.hours_per_week,
        hourly_wage=vacancy.hourly_wage,
    )


def _walk(story: Story, match: Match, owner: User, mm: User, today: date) -> None:
    """From approved to where a story of today ends."""
    if story.end == MatchStatus.DECLINED:
        matches.decline(match, by=owner, reason_code=story.reason)
        return
    matches.invite(match, by=owner)
    if story.end == MatchStatus.INVITED:
        return
    if story.end == MatchStatus.WITHDRAWN:
        relocations.record_relocation(
            match.candidate,
            moved_on=today - timedelta(days=3),
            reception_centre=MOVED_TO[0],
            pc4=MOVED_TO[1],
            by=mm,
        )
        match_ends.withdraw(
            match, by=mm, reason_code=story.reason or "relocated_by_coa"
        )
        return
    matches.introduce(match, by=mm, note="Kennismaking op de werkvloer")
    if story.end == MatchStatus.INTRODUCED:
        return
    if story.end == MatchStatus.NOT_HIRED:
        match_ends.not_hired(match, by=owner, reason_code=story.reason)
        return
    journey.plan_interview(match, by=owner)
    if story.end == MatchStatus.OFFER:
        start = today + timedelta(days=story.start)
        journey.propose_hire(match, _terms(match.vacancy, start), by=owner)


def _hired(story: Story, vacancy: Vacancy, profile: CandidateProfile, owner: User, mm: User, today: date) -> Hire:  # fmt: skip
    """The whole journey of a hire in the past, each step dated when it happened."""
    start = today + timedelta(days=story.start)

    def day(before_start: int) -> date:
        return start - timedelta(days=before_start)

    clock = _Clock()
    match = matches.approve(vacancy, profile, by=mm, as_of=day(APPROVED))
    match.created_at = match.decided_at = _at(day(APPROVED))
    clock.date(day(APPROVED))
    matches.invite(match, by=owner)
    clock.date(day(INVITED))
    matches.introduce(match, by=mm, note="Kennismaking op de werkvloer")
    clock.date(day(INTRODUCED))
    journey.plan_interview(match, by=owner)
    clock.date(day(INTERVIEW))
    hire = journey.propose_hire(
        match, _terms(vacancy, start), by=owner, today=day(OFFER)
    )
    hire.created_at = _at(day(OFFER))
    clock.date(day(OFFER))
    journey.confirm_hire(match, by=mm, today=day(CONFIRMED))
    hire.confirmed_at = vacancy.closed_at = _at(day(CONFIRMED))
    clock.date(day(CONFIRMED))
    case = db.session.scalar(select(TwvCase).where(TwvCase.hire_id == hire.id))
    if case is not None:  # granted before the start, as the law requires
        twv_demo._prepare(case, owner, mm, day(55))
        twv_demo._submit(case, owner, day(54))
        twv_demo._grant(case, owner, day(5), f"TWV-{story.ref[-3:]}01")
        twv_demo._work(case, owner, start)
        clock.date(start)
    return hire


def _record_three_months(hire: Hire, mm: User) -> None:
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


def _tell(story: Story, vacancy: Vacancy, profile: CandidateProfile, owner: User, mm: User, today: date) -> None:  # fmt: skip
    """Walk one story through the services."""
    if story.end == MatchStatus.HIRED:
        hire = _hired(story, vacancy, profile, owner, mm, today)
        if (today - hire.contract_start).days >= 120:
            _record_three_months(hire, mm)
        return
    if story.end == MatchStatus.SUGGESTED:
        matches.suggest(vacancy, profile, by=mm)
        return
    if story.end == MatchStatus.REJECTED:
        matches.reject(vacancy, profile, by=mm, reason_code=story.reason)
        return
    match = matches.approve(vacancy, profile, by=mm)
    if story.end != MatchStatus.APPROVED:
        _walk(story, match, owner, mm, today)


def load() -> list[str]:
    mm = db.session.scalar(select(User).where(User.email == MATCHMAKER))
    if mm is None:
        return []  # the accounts step did not run
    today = local_today()
    told: list[str] = []
    for story in STORIES:
        if candidates.find_by_ref(story.ref) is not None:
            continue  # told in an earlier run
        employer = db.session.scalar(
            select(Employer).where(Employer.kvk_number == JOBS[story.job - 1].kvk)
        )
        owners = [u for u in employer.users if u.is_active] if employer else []
        if not owners:
            continue  # the accounts step did not run
        vacancy = _vacancy(story, employer, owners[0], today)
        if vacancy is None:
            continue  # the vacancies step did not run
        profile = _person(story, vacancy, mm, today)
        _tell(story, vacancy, profile, owners[0], mm, today)
        db.session.flush()
        told.append(str(story.end))
    if not told:
        return []
    due = follow_ups.notify_due()
    summary = ", ".join(told)
    return [f"journey    {len(told)} trajecten ({summary}); {due} nazorg-meldingen"]
