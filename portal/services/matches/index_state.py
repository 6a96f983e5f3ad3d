"""What a process holds of the matching indexes: the ones in use and the files it maps.

Kept apart from building (:mod:`.index_build`) and choosing (:mod:`.index`) an index: both
hand out a ``BuiltIndex`` mapped from the shared folder by :func:`open_manifest`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask import current_app

from matching.index import CandidateIndex
from matching.segments import Segment
from matching.store import CorruptFile, read_segment
from matching.vacancy_index import VacancyIndex
from portal.models.base import utcnow
from portal.services.matches.index_files import IndexFolder, Manifest, folder_for
from portal.services.matches.profile_rows import current_weights

log = logging.getLogger(__name__)


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


def _mapped(
    cache: IndexCache, folder: IndexFolder, name: str
) -> tuple[Segment, dict[str, Any]]:
    found = cache.mapped.get(name)
    if found is None:
        segment, _meta, extra = read_segment(folder.file(name))
        found = cache.mapped[name] = (segment, extra)
    return found


def open_manifest(
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
