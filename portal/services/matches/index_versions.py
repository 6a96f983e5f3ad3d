"""The cheap fingerprints that tell when a matching index is stale.

A page compares them with the ones its index was built from, so they are read with one
query per session (kept until it flushes, commits or rolls back); the building code
(:mod:`.index_build`) uses the same stamps to find the profiles changed since.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    CandidateLanguage,
    CandidateOccupation,
    CandidateProfile,
    CandidateSkill,
    Consent,
    Match,
    Relocation,
    Vacancy,
    VacancyLanguage,
    VacancySkill,
)
from portal.models.base import utcnow
from portal.services.candidates import for_matching
from portal.services.glossary import labels as glossary

#: The child tables of a profile, each stamped with (row count, latest id).
STAMPED = (CandidateOccupation, CandidateSkill, CandidateLanguage, Consent, Relocation)


def _table_stamp(model: Any, *extra: Any) -> list[Any]:
    return [
        select(func.count()).select_from(model).scalar_subquery(),
        select(func.max(model.id)).scalar_subquery(),
        *extra,
    ]


def profiles_version(on: date) -> tuple[Any, ...]:
    """A cheap fingerprint of everything a candidate index for ``on`` depends on.

    The candidates service bumps ``updated_at`` on every change of a profile or its
    rows (its own ``profiles_version``); counts and latest ids of the child rows also
    catch rows written around it (imports, scripts), ``count(withdrawn_on)`` a
    withdrawn consent. The glossary's version comes last (:func:`glossary_version`).
    """
    count, latest, *stamps = _stamps()[0]
    return (
        *for_matching.profiles_version_of(on, count, latest),
        *stamps,
        *glossary_version(),
    )


def glossary_version() -> tuple[int, Any]:
    """(rows, newest change) of the glossary, read with the profiles' fingerprint."""
    return _stamps()[2]


def glossary_of(key: tuple[Any, ...]) -> tuple[Any, ...]:
    """The glossary's version in a candidate index's key (the last two values)."""
    return key[-2:]


def decisions_version() -> tuple[Any, ...]:
    """(count, latest ``decided_at``) of the decided matches: the re-ranker's token."""
    return _stamps()[1]


# The tokens come from one query, kept in the session's ``info`` until the session
# flushes, commits or rolls back (a page asks for all, the re-ranker first).
_STAMPS = "werkbrug.matching_stamps"


def _stamps() -> tuple[tuple[Any, ...], tuple[Any, ...], tuple[int, Any]]:
    cached = db.session.info.get(_STAMPS)
    if cached is not None:
        return cached
    columns: list[Any] = for_matching.profiles_version_columns()
    for model in STAMPED:
        columns += _table_stamp(model)
    columns.append(select(func.count(Consent.withdrawn_on)).scalar_subquery())
    decided = Match.decided_at.is_not(None)
    columns += [
        select(func.count(Match.id)).where(decided).scalar_subquery(),
        select(func.max(Match.decided_at)).where(decided).scalar_subquery(),
        *glossary.version_columns(),
    ]
    *profiles, n_decided, last_decided, n_labels, last_label = db.session.execute(
        select(*columns)
    ).one()
    if isinstance(last_decided, datetime) and last_decided.tzinfo is None:
        last_decided = last_decided.replace(tzinfo=utcnow().tzinfo)
    cached = (
        tuple(profiles),
        (n_decided, last_decided),
        (int(n_labels or 0), last_label),
    )
    db.session.info[_STAMPS] = cached
    return cached


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_stamps(session: Session, *_args: Any) -> None:
    session.info.pop(_STAMPS, None)


def vacancies_version() -> tuple[Any, ...]:
    """A cheap fingerprint of the vacancies and their skills and languages, and of the
    glossary (its last two values: a vacancy's text holds its skills' labels)."""
    columns = [
        select(func.count()).select_from(Vacancy).scalar_subquery(),
        select(func.max(Vacancy.updated_at)).scalar_subquery(),
        *_table_stamp(VacancySkill),
        *_table_stamp(VacancyLanguage),
        *glossary.version_columns(),
    ]
    return tuple(db.session.execute(select(*columns)).one())


def child_table_stamps() -> dict[str, tuple[int, int]]:
    """(row count, latest id) of each child table of the profile and of the profiles.

    The profiles' own stamp tells an update whether any profile row was deleted since
    (fewer rows than before plus the new ones), so it looks for which only then.
    """
    tables = (*STAMPED, CandidateProfile)
    columns: list[Any] = []
    for model in tables:
        columns += _table_stamp(model)
    values = db.session.execute(select(*columns)).one()
    return {
        m.__tablename__: (values[2 * i] or 0, values[2 * i + 1] or 0)
        for i, m in enumerate(tables)
    }


def latest_update() -> datetime | None:
    """The newest change of any profile: an index's files name it as ``seen_until``."""
    return db.session.scalar(select(func.max(CandidateProfile.updated_at)))
