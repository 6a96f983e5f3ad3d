"""The candidate index shared by every worker, and the fingerprints that tell when it is stale.

Only anonymised fields cross into the matching library: never a name, V-number,
nationality, age or the reception centre's name (only its postcode area, through the
person's current location). Consent and location come from the candidates service's
own rules (:func:`~portal.services.candidates.profiles.has_current_consent`,
:func:`~portal.services.candidates.profiles.current_location`).

The candidate index is built once and kept in files (:mod:`.index_files`,
:mod:`matching.store`) that every worker process maps read-only: the pages are shared,
not copied per worker, and a worker that starts or sees a change maps them in
milliseconds. A page compares a cheap fingerprint of the rows (counts, latest ids and
change times) with the one its mapped index was built from. On a difference the first
worker takes the folder's lock and, when only a few profiles changed, featurises just
those into a small delta file that masks their old rows (``CandidateIndex.update``);
the others then map what it wrote. A new day, new weights, a glossary change or a
change that cannot be traced rebuild the base file. Moves still to come are part of each
profile's row, so a ranking places people where they live on the vacancy's start day
without a second index. The small vacancy index stays per process.

The glossary (Dutch skill labels) is part of both fingerprints: a summary may mention
a skill by a label added since, and a vacancy's text holds its skills' labels. Before
an index is built or used, this process's taxonomy is given the glossary of the
fingerprint (``glossary.labels.apply_version``), inside a request or not (the ``flask
matching index`` command). The administrator's switches of the eligibility rules (the
TWV gate's settings) are not part of the index: the library applies them when it ranks,
so a changed setting counts from the next page on, without a rebuild.

The rows come from :mod:`.profile_rows`.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
from flask import current_app
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from matching.index import CandidateIndex, Segment, VacancyIndex
from matching.store import CorruptFile, read_segment, write_segment
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
from portal.services.glossary import labels as glossary
from portal.services.matches.index_files import (
    IndexFolder,
    Manifest,
    fingerprint,
    folder_for,
)
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
#: A delta of more rows than this (and than ``COMPACT_SHARE`` of the pool) is merged
#: into a new base file: ranking two segments costs a little more than one.
COMPACT_MIN = 1000
COMPACT_SHARE = 0.05

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


def _glossary_of(key: tuple[Any, ...]) -> tuple[Any, ...]:
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
    for model in _STAMPED:
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
class IndexIds(Mapping[str, int]):
    """ref → profile (or vacancy) id of every live row of an index, without a dict."""

    def __init__(self, index: CandidateIndex | None) -> None:
        self._index = index

    def __getitem__(self, ref: str) -> int:
        key = None if self._index is None else self._index.key(ref)
        if key is None:
            raise KeyError(ref)
        return key

    def __iter__(self) -> Iterator[str]:
        return iter(()) if self._index is None else self._index.refs()

    def __len__(self) -> int:
        return 0 if self._index is None else len(self._index)

    def values(self) -> list[int]:  # type: ignore[override]
        return [] if self._index is None else self._index.keys().tolist()


@dataclass
class BuiltIndex:
    """A fitted index with the ids of the rows behind its refs."""

    key: tuple[Any, ...]
    #: None when the pool is empty (the library cannot fit on nothing).
    index: CandidateIndex | VacancyIndex | None
    #: ref → row id of everything in the index.
    ids: Mapping[str, int]
    built_at: datetime
    skipped: int = 0
    as_of: date | None = None
    #: The manifest these files came from (candidate index only).
    manifest: Manifest | None = None


@dataclass
class IndexCache:
    """Per-process state: the index in use and the counters (for tests and logs).

    ``builds``/``updates`` count what this process wrote to the shared folder;
    ``loads`` what it mapped after another process wrote it.
    """

    lock: threading.Lock = field(default_factory=threading.Lock)
    candidates: BuiltIndex | None = None
    vacancies: BuiltIndex | None = None
    builds: dict[str, int] = field(
        default_factory=lambda: {"candidates": 0, "vacancies": 0}
    )
    updates: int = 0
    loads: int = 0
    #: The segment files this process maps, by name (reused while named in force).
    mapped: dict[str, tuple[Segment, dict[str, Any]]] = field(default_factory=dict)


def index_cache() -> IndexCache:
    """This app's cache in this process (``app.extensions``, never a module global)."""
    return current_app.extensions.setdefault("portal.matching_index", IndexCache())


def index_folder() -> IndexFolder:
    """The folder of this database's shared index files."""
    return folder_for(current_app._get_current_object())  # type: ignore[attr-defined]


def _latest_update() -> datetime | None:
    return db.session.scalar(select(func.max(CandidateProfile.updated_at)))


def candidate_index(as_of: date | None = None) -> BuiltIndex:
    """The candidate pool for ``as_of``: mapped from the shared files, updated or built.

    The first worker to see a new fingerprint takes the folder's lock and writes the
    files (an update when only a few profiles changed); the others wait for it and map
    what it wrote.
    """
    as_of = as_of or candidates.local_today()
    cache = index_cache()
    key = (current_weights(), *profiles_version(as_of))
    # The labels the rows were (or will be) featurised with; vacancies ranked on this
    # index are featurised with them too.
    glossary.apply_version(_glossary_of(key))
    built = cache.candidates
    if built is not None and built.key == key:
        return built
    with cache.lock:
        built = cache.candidates
        if built is not None and built.key == key:
            return built
        fresh = _shared_index(cache, key, as_of)
        cache.candidates = fresh
        # Let go of the files no longer in force (their pages go once unused).
        keep = fresh.manifest.files() if fresh.manifest else set()
        for name in set(cache.mapped) - keep:
            del cache.mapped[name]
        return fresh


def _shared_index(cache: IndexCache, key: tuple[Any, ...], as_of: date) -> BuiltIndex:
    folder = index_folder()
    token = fingerprint(key)
    manifest = folder.read_manifest()
    if manifest is not None and manifest.token == token:
        opened = _open(cache, folder, manifest, key)
        if opened is not None:
            cache.loads += 1
            return opened
    with folder.locked():
        manifest = folder.read_manifest()
        if manifest is not None and manifest.token == token:
            opened = _open(cache, folder, manifest, key)
            if opened is not None:
                cache.loads += 1
                return opened
        fresh = None
        if (
            manifest is not None
            and manifest.as_of == as_of.isoformat()
            and manifest.weights == fingerprint(key[0])
            and manifest.glossary == fingerprint(_glossary_of(key))
        ):
            current = _open(cache, folder, manifest, key)
            if current is not None:
                fresh = _update(cache, folder, current, key, as_of)
        if fresh is None:
            fresh = _build(cache, folder, key, as_of)
            cache.builds["candidates"] += 1
        else:
            cache.updates += 1
        folder.sweep(keep=fresh.manifest.files() if fresh.manifest else set())
        return fresh


def _mapped(
    cache: IndexCache, folder: IndexFolder, name: str
) -> tuple[Segment, dict[str, Any]]:
    found = cache.mapped.get(name)
    if found is None:
        segment, _meta, extra = read_segment(folder.file(name))
        found = cache.mapped[name] = (segment, extra)
    return found


def _open(
    cache: IndexCache, folder: IndexFolder, manifest: Manifest, key: tuple[Any, ...]
) -> BuiltIndex | None:
    """The index the manifest names, mapped; None if its files are gone or damaged."""
    try:
        index = None
        if manifest.base is not None:
            base, _ = _mapped(cache, folder, manifest.base)
            segments = [base]
            if manifest.delta is not None:
                delta, extra = _mapped(cache, folder, manifest.delta)
                segments = [base.masked(extra["base_masked"]), delta]
            index = CandidateIndex.from_segments(segments, current_weights())
    except (OSError, CorruptFile, KeyError) as exc:
        log.warning("matching index files unusable (%s): rebuilt", exc)
        return None
    return BuiltIndex(
        key,
        index,
        IndexIds(index),
        datetime.fromisoformat(manifest.built_at) if manifest.built_at else utcnow(),
        manifest.skipped,
        date.fromisoformat(manifest.as_of),
        manifest,
    )


def _matchable(rows: Iterable[Any], as_of: date) -> tuple[list[Any], list[int], int]:
    """The matchable rows as library candidates (with the moves still to come), their
    ids, and how many were unusable."""
    pool, ids, skipped = [], [], 0
    for row in rows:
        if not is_matchable(row, as_of):
            continue
        candidate = to_candidate(row, on=as_of)
        if candidate is None:
            skipped += 1
            continue
        later = sorted(
            (r.moved_on, r.id or 0, r.to_pc4)
            for r in row.relocations
            if r.moved_on > as_of
        )
        if later:
            moves = tuple((day, pc4) for day, _, pc4 in later)
            candidate = dataclasses.replace(candidate, relocations=moves)
        pool.append(candidate)
        ids.append(row.id)
    return pool, ids, skipped


def _stamp_manifest(
    key: tuple[Any, ...],
    as_of: date,
    base: str | None,
    delta: str | None,
    seen_until: datetime | None,
    child_stamps: dict[str, tuple[int, int]],
    skipped: int,
) -> Manifest:
    return Manifest(
        token=fingerprint(key),
        as_of=as_of.isoformat(),
        weights=fingerprint(key[0]),
        glossary=fingerprint(_glossary_of(key)),
        base=base,
        delta=delta,
        seen_until=seen_until.isoformat() if seen_until else None,
        child_stamps={k: list(v) for k, v in child_stamps.items()},
        skipped=skipped,
        built_at=utcnow().isoformat(),
    )


def _build(
    cache: IndexCache, folder: IndexFolder, key: tuple[Any, ...], as_of: date
) -> BuiltIndex:
    """Featurise the whole pool, write it as the new base and map it."""
    seen_until, child_stamps = _latest_update(), _child_stamps()
    pool, ids, skipped = _matchable(load_profile_rows(), as_of)
    base = None
    if pool:
        index = CandidateIndex(current_weights()).fit(pool, keys=ids)
        base = folder.new_name("base")
        write_segment(folder.file(base), index.segments_[0], durable=False)
        del index  # this process maps the file like every other
    manifest = _stamp_manifest(
        key, as_of, base, None, seen_until, child_stamps, skipped
    )
    folder.write_manifest(manifest)
    log.info("candidate index built: %s profiles", len(pool))
    built = _open(cache, folder, manifest, key)
    if built is None:  # pragma: no cover - the file was just written
        raise RuntimeError("the matching index just written cannot be read")
    return built


def _changed_since(
    manifest: Manifest, index: CandidateIndex | None, stamps: dict[str, tuple[int, int]]
) -> set[int] | None:
    """Profiles written since ``manifest``; None when a change cannot be attributed.

    New child rows (id above the old latest) name their profile. A child table that
    lost rows (count lower than old count plus new rows) cannot say whose: rebuild.
    """
    changed: set[int] = set()
    if manifest.seen_until is not None:
        seen_until = datetime.fromisoformat(manifest.seen_until)
        changed |= set(
            db.session.scalars(
                select(CandidateProfile.id).where(
                    CandidateProfile.updated_at > seen_until
                )
            )
        )
    for model in _STAMPED:
        old_count, old_max = manifest.child_stamps.get(model.__tablename__, (0, 0))
        new_owners = list(
            db.session.scalars(select(model.profile_id).where(model.id > old_max))
        )
        if stamps[model.__tablename__][0] != old_count + len(new_owners):
            return None
        changed |= set(new_owners)
    in_index = set() if index is None else set(index.keys().tolist())
    existing = set(
        db.session.scalars(
            select(CandidateProfile.id).where(CandidateProfile.id.in_(in_index))
        )
    )
    changed |= in_index - existing  # deleted profiles
    return changed or None  # nothing found: a change we cannot see


def _update(
    cache: IndexCache,
    folder: IndexFolder,
    current: BuiltIndex,
    key: tuple[Any, ...],
    as_of: date,
) -> BuiltIndex | None:
    """Featurise only the changed profiles into a new delta file; None: rebuild instead.

    The base file stays as it is: the changed profiles' old rows are masked and the
    new rows join the earlier delta rows in one small file. When the delta grows past
    ``COMPACT_SHARE`` of the pool, base and delta are merged into a new base (no
    profile featurised again).
    """
    manifest = current.manifest
    index = current.index
    if manifest is None or not isinstance(index, CandidateIndex):
        return None
    seen_until, child_stamps = _latest_update(), _child_stamps()
    changed = _changed_since(manifest, index, child_stamps)
    if changed is None or len(changed) > max(50, REBUILD_SHARE * len(index)):
        return None
    remove = _refs_of(index, changed)
    new, new_ids, new_skipped = _matchable(load_profile_rows(changed), as_of)
    updated = CandidateIndex.from_segments(index.segments_, index.weights)
    updated.update(new, remove=remove, keys=new_ids)
    if len(updated) == 0:
        return None
    skipped = manifest.skipped + new_skipped
    base, delta = manifest.base, None
    later = updated.segments_[1:]
    if later and len(later[0]) > max(COMPACT_MIN, COMPACT_SHARE * len(updated)):
        updated.compact()
        base = folder.new_name("base")
        write_segment(folder.file(base), updated.segments_[0], durable=False)
    elif later or updated.segments_[0].alive is not None:
        first = updated.segments_[0]
        masked = (
            np.empty(0, dtype=np.int64)
            if first.alive is None
            else np.flatnonzero(~first.alive)
        )
        delta_segment = later[0] if later else _empty_segment(first)
        delta = folder.new_name("delta")
        write_segment(
            folder.file(delta),
            delta_segment,
            extra={"base_masked": masked},
            durable=False,
        )
    fresh = _stamp_manifest(key, as_of, base, delta, seen_until, child_stamps, skipped)
    folder.write_manifest(fresh)
    log.info("candidate index updated: %s profiles re-read", len(changed))
    return _open(cache, folder, fresh, key)


def _refs_of(index: CandidateIndex, ids: set[int]) -> set[str]:
    """Refs of the live rows whose key (profile id) is in ``ids``."""
    wanted = np.fromiter(ids, dtype=np.int64, count=len(ids))
    refs = set()
    for segment in index.segments_:
        if segment.keys is None:
            continue
        rows = np.flatnonzero(np.isin(segment.keys, wanted))
        refs |= {segment.features.refs[int(r)] for r in rows}
    return refs


def _empty_segment(like: Segment) -> Segment:
    """A segment of no rows (a delta that only masks base rows)."""
    features = like.features.take(np.empty(0, dtype=np.int64))
    return Segment(features, None, np.empty(0, dtype=np.int64))


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
    glossary.apply_version(key[-2:])
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
