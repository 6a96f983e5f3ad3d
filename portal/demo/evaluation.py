"""Demo data for the evaluation: the pilot year (April 2025 – March 2026) as it could have gone.

The other demo steps date everything relative to today; the evaluation's default period
is the pilot year, so this step adds, for the demo profiles, dated history inside it:
intakes and other support, a funnel of matches with their status history, confirmed
hires with 3- and 6-month follow-ups, TWV applications with decision times, a few COA
moves and residence permits with the municipality they were linked to, and the
Amstelveen centre's 300 residents. Everything is invented and derived from a fixed seed.

The history has its own vacancies: the jobs the demo employers posted in the pilot year
(filled since), so its matches and hires never touch today's open vacancies, whose
positions and matches belong to the match review and journey steps.

Idempotent, by stable keys: the people are the first ``PEOPLE`` of the candidates
step's references (not "whatever profiles exist", which later steps add to); a person
whose planned first intake exists already is skipped; the pilot-year vacancies are
found by their reference. The rows of one person's year are written by
``portal.demo.pilot_history``.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import select

from portal.demo import candidates as candidates_demo
from portal.demo import vacancies as vacancies_demo
from portal.demo.pilot_history import (
    add_hire,
    add_match,
    add_support,
    moment,
    pilot_day,
)
from portal.demo.vacancy_jobs import JOBS
from portal.domain.pilot_reference import AMSTELVEEN_RESIDENTS, PILOT_END
from portal.extensions import db
from portal.models import (
    CentreResidents,
    Employer,
    MatchStatus,
    Relocation,
    StatusChange,
    SupportActivity,
    SupportType,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.models.base import local_today
from portal.services.candidates.consents import has_current_consent
from portal.services.candidates.profiles import find_by_ref
from portal.services.vacancies import posting

SEED = 20260331
MATCHMAKER = "matchmaker@werkplein-amstelveen.nl"
HOME_CENTRE = "Azc Amstelveen, W.H. Keesomlaan"
#: How many demo profiles get a pilot-year history, and how many of them a job.
PEOPLE = 44
HIRED = 16
#: The pilot year's vacancies: (number of the job in ``vacancies.JOBS``, days after the
#: pilot's start it was posted). Two per employer; all filled by the end of the pilot.
PILOT_JOBS = (
    (1, 5),
    (3, 60),
    (6, 10),
    (7, 120),
    (11, 20),
    (12, 150),
    (16, 30),
    (18, 180),
    (21, 40),
    (22, 210),
)
PILOT_KIND = "pilot-vacancy"
NO_REASONS = {
    MatchStatus.REJECTED: ["language", "travel", "hours", "no_bsn_yet"],
    MatchStatus.DECLINED: ["employer_put_off_by_twv", "skills_mismatch", "hours"],
    MatchStatus.NOT_HIRED: ["language", "twv_too_slow", "employer_chose_other"],
    MatchStatus.WITHDRAWN: ["relocated_by_coa", "vacancy_filled"],
}


def _set_at(obj_type: str, obj_id: int, at: dict[str, datetime]) -> None:
    """Date the state changes just recorded for ``obj_id`` when they happened."""
    for change in db.session.scalars(
        select(StatusChange).where(
            StatusChange.object_type == obj_type, StatusChange.object_id == obj_id
        )
    ):
        if change.to_state in at:
            change.at = at[change.to_state]


def _pilot_vacancies() -> tuple[list[Vacancy], int]:
    """The pilot year's vacancies (made once, through the vacancy service); how many new."""
    found: list[Vacancy] = []
    made = 0
    for number, posted_after in PILOT_JOBS:
        vacancy = vacancies_demo.find(number, PILOT_KIND)
        if vacancy is None:
            job = JOBS[number - 1]
            employer = db.session.scalar(
                select(Employer).where(Employer.kvk_number == job.kvk)
            )
            if employer is None or not employer.users:
                continue  # the accounts step did not run
            owner = employer.users[0]
            posted = pilot_day(posted_after)
            vacancy = posting.create_vacancy(
                employer,
                vacancies_demo.job_data(job, start=posted + timedelta(days=21)),
                by=owner,
                today=posted,
                ref=vacancies_demo.demo_ref(number, PILOT_KIND),
            )
            posting.publish(vacancy, by=owner, today=posted)
            posting.mark_filled(vacancy, by=owner)
            vacancy.created_at = vacancy.published_at = moment(posted, 9)
            vacancy.updated_at = vacancy.closed_at = moment(PILOT_END, 17)
            _set_at(
                "vacancy",
                vacancy.id,
                {
                    VacancyStatus.DRAFT: moment(posted, 9),
                    VacancyStatus.PUBLISHED: moment(posted, 10),
                    VacancyStatus.FILLED: moment(PILOT_END, 17),
                },
            )
            made += 1
        found.append(vacancy)
    return found, made


def load() -> list[str]:
    by = db.session.scalar(select(User).where(User.email == MATCHMAKER))
    people = [find_by_ref(ref) for ref in candidates_demo.demo_refs()[:PEOPLE]]
    profiles = [p for p in people if p is not None]
    employers = db.session.scalars(
        select(Employer)
        .where(Employer.is_verified.is_(True))
        .order_by(Employer.kvk_number)
    ).all()
    if len(profiles) < len(people) or not employers:
        return []  # the accounts or candidates step did not run
    vacancies, made = _pilot_vacancies()
    if not vacancies:
        return []
    lines = []
    if made:
        lines.append(f"evaluatie  {made} vacatures uit het pilotjaar (vervuld)")
    if (
        db.session.scalar(
            select(CentreResidents).where(
                CentreResidents.reception_centre == HOME_CENTRE
            )
        )
        is None
    ):
        db.session.add(
            CentreResidents(
                reception_centre=HOME_CENTRE, residents=AMSTELVEEN_RESIDENTS
            )
        )
        lines.append(f"evaluatie  {AMSTELVEEN_RESIDENTS} bewoners voor {HOME_CENTRE}")
    added = 0
    for index, profile in enumerate(profiles):
        rng = random.Random(f"{SEED}-{index}")
        intake = pilot_day(rng.randint(0, 300))
        already = db.session.scalar(
            select(SupportActivity.id).where(
                SupportActivity.profile_id == profile.id,
                SupportActivity.type == SupportType.INTAKE,
                SupportActivity.done_on == intake,
            )
        )
        if already:
            continue
        add_support(profile, intake, rng, by)
        vacancy = vacancies[index % len(vacancies)]
        employer = next(
            (e for e in employers if e.id == vacancy.employer_id), employers[0]
        )
        start = intake + timedelta(days=rng.randint(10, 40))
        # Only people who agree to be shown to employers get matches.
        may_match = has_current_consent(profile, local_today(), "employers")
        if index < HIRED:
            path = [
                MatchStatus.APPROVED,
                MatchStatus.INVITED,
                MatchStatus.INTRODUCED,
                MatchStatus.INTERVIEW_PLANNED,
                MatchStatus.OFFER,
                MatchStatus.HIRED,
            ]
            match = (
                add_match(profile, vacancy, start, path, None, by)
                if may_match
                else None
            )
            begin = start + timedelta(days=rng.randint(30, 70))
            # Some hires come from outside the portal, with another employer.
            other = employers[(index * 3) % len(employers)]
            add_hire(profile, employer if match else other, match, begin, rng, by)
        else:
            kind = [
                MatchStatus.REJECTED,
                MatchStatus.DECLINED,
                MatchStatus.NOT_HIRED,
                MatchStatus.WITHDRAWN,
            ][index % 4]
            path = {
                MatchStatus.REJECTED: [MatchStatus.REJECTED],
                MatchStatus.DECLINED: [MatchStatus.APPROVED, MatchStatus.DECLINED],
                MatchStatus.NOT_HIRED: [
                    MatchStatus.APPROVED,
                    MatchStatus.INVITED,
                    MatchStatus.INTRODUCED,
                    MatchStatus.NOT_HIRED,
                ],
                MatchStatus.WITHDRAWN: [
                    MatchStatus.APPROVED,
                    MatchStatus.INVITED,
                    MatchStatus.WITHDRAWN,
                ],
            }[kind]
            if may_match:
                add_match(
                    profile, vacancy, start, path, rng.choice(NO_REASONS[kind]), by
                )
        if index % 7 == 3:
            db.session.add(
                Relocation(
                    profile_id=profile.id,
                    moved_on=start + timedelta(days=60),
                    from_reception_centre=profile.reception_centre,
                    from_pc4=profile.pc4,
                    to_reception_centre="Azc Zoetermeer",
                    to_pc4="2711",
                    recorded_by_id=by.id if by else None,
                )
            )
        if index % 3 == 0 and profile.residence_permit_on is None:
            profile.residence_permit_on = min(
                start + timedelta(days=90), date(2026, 3, 31)
            )
            profile.linked_municipality = [
                "Amstelveen",
                "Amsterdam",
                "Haarlem",
                "Almere",
                "Groningen",
            ][index % 5]
        added += 1
    db.session.flush()
    if added:
        lines.append(
            f"evaluatie  {added} kandidaten met een pilotjaar (steun, matches, banen, TWV)"
        )
    return lines
