"""Writing the shared candidate index: a full build, or a delta of the changed profiles.

The first worker to see a new fingerprint calls these under the folder's lock
(:func:`.index.candidate_index`); what they write is mapped by every worker.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import func, select

from matching.index import CandidateIndex
from matching.segments import Segment
from matching.store import write_segment
from portal.extensions import db
from portal.models import CandidateProfile
from portal.models.base import utcnow
from portal.services.matches.index_files import IndexFolder, Manifest, fingerprint
from portal.services.matches.index_state import BuiltIndex, IndexCache, open_manifest
from portal.services.matches.index_versions import (
    STAMPED,
    child_table_stamps,
    glossary_of,
    latest_update,
)
from portal.services.matches.profile_rows import (
    current_weights,
    is_matchable,
    load_profile_rows,
    to_candidate,
)

log = logging.getLogger(__name__)

#: Above this share of changed profiles a full rebuild is cheaper than an update.
REBUILD_SHARE = 0.2
#: A delta of more rows than this (and than ``COMPACT_SHARE`` of the pool) is merged
#: into a new base file: ranking two segments costs a little more than one.
COMPACT_MIN = 1000
COMPACT_SHARE = 0.05


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
        glossary=fingerprint(glossary_of(key)),
        base=base,
        delta=delta,
        seen_until=seen_until.isoformat() if seen_until else None,
        child_stamps={k: list(v) for k, v in child_stamps.items()},
        skipped=skipped,
        built_at=utcnow().isoformat(),
    )


def build(
    cache: IndexCache, folder: IndexFolder, key: tuple[Any, ...], as_of: date
) -> BuiltIndex:
    """Featurise the whole pool, write it as the new base and map it."""
    seen_until, child_stamps = latest_update(), child_table_stamps()
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
    built = open_manifest(cache, folder, manifest, key)
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
    for model in STAMPED:
        old_count, old_max = manifest.child_stamps.get(model.__tablename__, (0, 0))
        new_owners = list(
            db.session.scalars(select(model.profile_id).where(model.id > old_max))
        )
        if stamps[model.__tablename__][0] != old_count + len(new_owners):
            return None
        changed |= set(new_owners)
    if index is not None and _profiles_deleted(manifest, stamps):
        in_index = set(index.keys().tolist())
        existing = set(
            db.session.scalars(
                select(CandidateProfile.id).where(CandidateProfile.id.in_(in_index))
            )
        )
        changed |= in_index - existing
    return changed or None  # nothing found: a change we cannot see


def _profiles_deleted(manifest: Manifest, stamps: dict[str, tuple[int, int]]) -> bool:
    """Whether profile rows were deleted since ``manifest`` (or it cannot tell).

    Looking up which of the index's ids still exist sends them all to the database
    (tens of milliseconds at 10,000), so only a count that fell short asks.
    """
    table = CandidateProfile.__tablename__
    if table not in manifest.child_stamps:
        return True  # files written before the profiles had a stamp
    old_count, old_max = manifest.child_stamps[table]
    added = db.session.scalar(select(func.count()).where(CandidateProfile.id > old_max))
    return stamps[table][0] < old_count + (added or 0)


def update(
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
    seen_until, child_stamps = latest_update(), child_table_stamps()
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
    return open_manifest(cache, folder, fresh, key)


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
