"""The fitted indexes cached per process, and the fingerprints that tell when they are stale.

Only anonymised fields cross into the matching library: never a name, V-number,
nationality, age or the reception centre's name (only its postcode area, through the
person's current location). Consent and location come from the candidates service's
own rules (:func:`~portal.services.candidates.profiles.has_current_consent`,
:func:`~portal.services.candidates.profiles.current_location`).

The fitted indexes live in process memory (``app.extensions``), keyed by a cheap
fingerprint of the rows (counts, latest ids and change times), so a page view reuses
them. After a profile change only the changed profiles are featurised again
(``CandidateIndex.update``); a new day or a large change rebuilds the pool. Each worker
process holds its own copy: a cache, never shared state.

The rows come from :mod:`.profile_rows`.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from matching.geo import load_postcodes
from matching.index import CandidateIndex, VacancyIndex
from matching.types import Candidate as MatchCandidate
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
    VacancyStatus,
)
from portal.models.base import utcnow
from portal.services.candidates import for_matching
from portal.services.candidates import profiles as candidates
from portal.services.matches.profile_rows import (
    current_weights,
    is_matchable,
    load_profile_rows,
    to_candidate,
    to_vacancy,
)

log = logging.getLogger(__name__)

#: Above this share of changed profiles a full rebuild is cheaper than an update.
REBUILD_SHARE = 0.2

# -- fingerprints ------------------------------------------------------------------------
_STAMPED = (CandidateOccupation, CandidateSkill, CandidateLanguage, Consent, Relocation)


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
    withdrawn consent.
    """
    count, latest, *stamps = _stamps()[0]
    return (*for_matching.profiles_version_of(on, count, latest), *stamps)


def decisions_version() -> tuple[Any, ...]:
    """(count, latest ``decided_at``) of the decided matches: the re-ranker's token."""
    return _stamps()[1]


# Both tokens come from one query, kept in the session's ``info`` until the session
# flushes, commits or rolls back (a page asks for both, the re-ranker first).
_STAMPS = "werkbrug.matching_stamps"


def _stamps() -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    cached = db.session.info.get(_STAMPS)
    if cached is not None:
        return cached
    columns: list[Any] = for_matching.profiles_version_columns()
    for model in _STAMPED:
        columns += _table_stamp(model)
    columns.append(select(func.count(Consent.withdrawn_on)).scalar_subquery())
    decided = Match.decided_at.is_not(None)
    columns += [
        select(func.count(Match.id)).where(decided).scalar_subquery(),
        select(func.max(Match.decided_at)).where(decided).scalar_subquery(),
    ]
    *profiles, n_decided, last_decided = db.session.execute(select(*columns)).one()
    if isinstance(last_decided, datetime) and last_decided.tzinfo is None:
        last_decided = last_decided.replace(tzinfo=utcnow().tzinfo)
    cached = (tuple(profiles), (n_decided, last_decided))
    db.session.info[_STAMPS] = cached
    return cached


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _forget_stamps(session: Session, *_args: Any) -> None:
    session.info.pop(_STAMPS, None)


def vacancies_version() -> tuple[Any, ...]:
    """A cheap fingerprint of the vacancies and their skills and languages."""
    columns = [
        select(func.count()).select_from(Vacancy).scalar_subquery(),
        select(func.max(Vacancy.updated_at)).scalar_subquery(),
        *_table_stamp(VacancySkill),
        *_table_stamp(VacancyLanguage),
    ]
    return tuple(db.session.execute(select(*columns)).one())


def _child_stamps() -> dict[str, tuple[int, int]]:
    """(row count, latest id) of each child table of the profile."""
    columns: list[Any] = []
    for model in _STAMPED:
        columns += _table_stamp(model)
    values = db.session.execute(select(*columns)).one()
    return {
        m.__tablename__: (values[2 * i] or 0, values[2 * i + 1] or 0)
        for i, m in enumerate(_STAMPED)
    }


# -- the cache ------------------------------------------------------------------------------
@dataclass
class BuiltIndex:
    """A fitted index with the ids of the rows behind its refs."""

    key: tuple[Any, ...]
    #: None when the pool is empty (the library cannot fit on nothing).
    index: CandidateIndex | VacancyIndex | None
    #: ref → row id of everything in the index.
    ids: dict[str, int]
    built_at: datetime
    skipped: int = 0
    as_of: date | None = None
    #: Latest ``updated_at`` of the profiles when built, and (count, latest id) per
    #: child table: what an update compares against.
    seen_until: datetime | None = None
    child_stamps: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: Profiles in the index that move after ``as_of``: profile id → (the candidate
    #: as indexed, its moves as (day, PC4) in order). A ranking for a later day places
    #: them from these, without reading their rows again.
    movers: dict[int, Mover] = field(default_factory=dict)


@dataclass(frozen=True)
class Mover:
    """A profile of the index with relocations after the index's day."""

    candidate: MatchCandidate
    moves: tuple[tuple[date, str], ...]

    def on(self, day: date) -> MatchCandidate | None:
        """The candidate placed where they live on ``day`` (None: unknown postcode)."""
        pc4 = self.candidate.pc4
        for moved_on, to_pc4 in self.moves:
            if moved_on <= day:
                pc4 = to_pc4
        if pc4 == self.candidate.pc4:
            return self.candidate
        if not load_postcodes().exists(pc4):
            return None
        return dataclasses.replace(self.candidate, pc4=pc4)

    def moves_within(self, after: date, until: date) -> bool:
        return any(after < day <= until for day, _ in self.moves)


@dataclass
class IndexCache:
    """Per-process cache of fitted indexes; the counters are for tests and logs."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    candidates: BuiltIndex | None = None
    vacancies: BuiltIndex | None = None
    builds: dict[str, int] = field(
        default_factory=lambda: {"candidates": 0, "vacancies": 0}
    )
    updates: int = 0


def index_cache() -> IndexCache:
    """This app's cache in this process (``app.extensions``, never a module global)."""
    return current_app.extensions.setdefault("portal.matching_index", IndexCache())


def _latest_update() -> datetime | None:
    return db.session.scalar(select(func.max(CandidateProfile.updated_at)))


def candidate_index(as_of: date | None = None) -> BuiltIndex:
    """The fitted candidate pool for ``as_of``: reused, updated or rebuilt as needed."""
    as_of = as_of or candidates.local_today()
    cache = index_cache()
    key = (current_weights(), *profiles_version(as_of))
    built = cache.candidates
    if built is not None and built.key == key:
        return built
    with cache.lock:
        built = cache.candidates
        if built is not None and built.key == key:
            return built
        fresh = None
        if built is not None and built.as_of == as_of and built.key[0] == key[0]:
            fresh = _update(built, key, as_of)
        if fresh is None:
            fresh = _build(key, as_of)
            cache.builds["candidates"] += 1
        else:
            cache.updates += 1
        cache.candidates = fresh
        return fresh


def _matchable(
    rows: Iterable[Any], as_of: date
) -> tuple[list[Any], dict[str, int], int, dict[int, Mover]]:
    """The matchable rows as library candidates, their ids by ref, how many were
    unusable, and the movers among them."""
    pool, ids, skipped, movers = [], {}, 0, {}
    for row in rows:
        if not is_matchable(row, as_of):
            continue
        candidate = to_candidate(row, on=as_of)
        if candidate is None:
            skipped += 1
            continue
        pool.append(candidate)
        ids[row.ref] = row.id
        later = sorted(
            (r.moved_on, r.id or 0, r.to_pc4)
            for r in row.relocations
            if r.moved_on > as_of
        )
        if later:
            movers[row.id] = Mover(candidate, tuple((d, pc4) for d, _, pc4 in later))
    return pool, ids, skipped, movers


def _build(key: tuple[Any, ...], as_of: date) -> BuiltIndex:
    seen_until, child_stamps = _latest_update(), _child_stamps()
    pool, ids, skipped, movers = _matchable(load_profile_rows(), as_of)
    index = CandidateIndex(current_weights()).fit(pool) if pool else None
    log.info("candidate index built: %s profiles", len(pool))
    return BuiltIndex(
        key, index, ids, utcnow(), skipped, as_of, seen_until, child_stamps, movers
    )


def _changed_since(
    built: BuiltIndex, stamps: dict[str, tuple[int, int]]
) -> set[int] | None:
    """Profiles written since ``built``; None when a change cannot be attributed.

    New child rows (id above the old latest) name their profile. A child table that
    lost rows (count lower than old count plus new rows) cannot say whose: rebuild.
    """
    changed: set[int] = set()
    if built.seen_until is not None:
        changed |= set(
            db.session.scalars(
                select(CandidateProfile.id).where(
                    CandidateProfile.updated_at > built.seen_until
                )
            )
        )
    for model in _STAMPED:
        old_count, old_max = built.child_stamps.get(model.__tablename__, (0, 0))
        new_owners = list(
            db.session.scalars(select(model.profile_id).where(model.id > old_max))
        )
        if stamps[model.__tablename__][0] != old_count + len(new_owners):
            return None
        changed |= set(new_owners)
    in_index = set(built.ids.values())
    existing = set(
        db.session.scalars(
            select(CandidateProfile.id).where(CandidateProfile.id.in_(in_index))
        )
    )
    changed |= in_index - existing  # deleted profiles
    return changed or None  # nothing found: a change we cannot see


def _update(built: BuiltIndex, key: tuple[Any, ...], as_of: date) -> BuiltIndex | None:
    """Featurise only the changed profiles; None when a rebuild is the better choice."""
    seen_until, child_stamps = _latest_update(), _child_stamps()
    changed = _changed_since(built, child_stamps)
    if changed is None or not isinstance(built.index, CandidateIndex):
        return None
    if len(changed) > max(50, REBUILD_SHARE * len(built.ids)):
        return None
    by_id = {v: k for k, v in built.ids.items()}
    ids, skipped = dict(built.ids), built.skipped
    remove = {by_id[i] for i in changed if i in by_id}
    for ref in remove:
        del ids[ref]
    new, new_ids, new_skipped, new_movers = _matchable(
        load_profile_rows(changed), as_of
    )
    movers = {k: v for k, v in built.movers.items() if k not in changed}
    movers.update(new_movers)
    ids.update(new_ids)
    skipped += new_skipped
    if not ids:
        return None
    # Update a copy: requests still ranking on the old index keep a consistent one.
    index = copy.copy(built.index).update(new, remove=remove)
    log.info("candidate index updated: %s profiles re-read", len(changed))
    return BuiltIndex(
        key, index, ids, utcnow(), skipped, as_of, seen_until, child_stamps, movers
    )


def open_vacancies() -> list[Vacancy]:
    """Published vacancies."""
    return list(
        db.session.scalars(
            select(Vacancy)
            .where(Vacancy.status == VacancyStatus.PUBLISHED)
            .order_by(Vacancy.id)
        )
    )


def vacancy_index() -> BuiltIndex:
    """The fitted pool of published vacancies, rebuilt only when vacancies changed."""
    cache = index_cache()
    key = (current_weights(), *vacancies_version())
    built = cache.vacancies
    if built is not None and built.key == key:
        return built
    with cache.lock:
        built = cache.vacancies
        if built is not None and built.key == key:
            return built
        vacancies, ids, skipped = [], {}, 0
        for vacancy in open_vacancies():
            mv = to_vacancy(vacancy)
            if mv is None:
                skipped += 1
                continue
            vacancies.append(mv)
            ids[vacancy.ref] = vacancy.id
        index = VacancyIndex(current_weights()).fit(vacancies) if vacancies else None
        cache.vacancies = BuiltIndex(key, index, ids, utcnow(), skipped)
        cache.builds["vacancies"] += 1
        log.info("vacancy index built: %s vacancies", len(vacancies))
        return cache.vacancies
