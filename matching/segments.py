"""Segments: the rows of a candidate index that were featurised together.

Separate from :mod:`matching.index` because a segment is also what
:mod:`matching.store` writes to a file and maps back, and what the portal's shared
index keeps per file: it holds rows and masks, and knows nothing of ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.feature_space import BoolArray, IntArray
from matching.features import CandidateFeatures


@dataclass(frozen=True)
class Segment:
    """Rows of an index featurised together, some perhaps masked out.

    An update never rewrites the rows it keeps: changed and new profiles go into a
    small second segment and their old rows are masked (``alive``), so an update costs
    what the changed profiles cost, and a segment mapped from a file stays shared.
    """

    features: CandidateFeatures
    #: False for rows replaced or removed since (None: every row is live).
    alive: BoolArray | None = None
    #: One integer per row that the caller attached (e.g. a database id), or None.
    keys: IntArray | None = None

    def __len__(self) -> int:
        n = len(self.features)
        return n if self.alive is None else int(np.count_nonzero(self.alive))

    def live_rows(self) -> IntArray:
        if self.alive is None:
            return np.arange(len(self.features), dtype=np.int64)
        return np.flatnonzero(self.alive)

    def row(self, ref: str) -> int | None:
        """The live row holding ``ref``, or None."""
        row = self.features.refs.position(ref)
        if row is None or (self.alive is not None and not self.alive[row]):
            return None
        return row

    def masked(self, rows: IntArray) -> Segment:
        """This segment with ``rows`` masked as well (a new mask; this one unchanged)."""
        if not len(rows):
            return self
        alive = (
            np.ones(len(self.features), dtype=bool)
            if self.alive is None
            else self.alive.copy()
        )
        alive[rows] = False
        return Segment(self.features, alive, self.keys)

    def compacted(self) -> Segment:
        """Only the live rows, as a segment without a mask."""
        if self.alive is None:
            return self
        rows = self.live_rows()
        keys = None if self.keys is None else self.keys[rows]
        return Segment(self.features.take(rows), None, keys)


def concat_segments(parts: Sequence[Segment]) -> Segment:
    live = [p.compacted() for p in parts]
    keys = None
    if all(p.keys is not None for p in live):
        keys = np.concatenate([p.keys for p in live])  # type: ignore[misc]
    return Segment(CandidateFeatures.concat([p.features for p in live]), None, keys)
