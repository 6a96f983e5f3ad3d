"""Per-row tables kept as flat NumPy arrays: refs, summary clauses, relocations.

A feature set of 100,000 profiles should hold no Python object per profile: flat arrays
can be written to a file and mapped read-only by several processes (see
:mod:`matching.store`), and take, concatenate and look up without a Python loop over
the rows. Each table here is such a view:

* :class:`RefTable`: the refs as one UTF-8 byte array with offsets, plus their sort
  order (ties in a ranking are broken by ref; a ref is found by binary search);
* :class:`ClauseTable`: per profile, the stems of each clause of its summary (what the
  occupation inference read, to name its evidence in a reason);
* :class:`Relocations`: per profile, the moves still to come (day and coordinates), so
  a ranking places each person where they live on the vacancy's start day.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


def ranges(starts: IntArray, lengths: IntArray) -> IntArray:
    """The concatenation of ``arange(s, s + n)`` for each start and length."""
    lengths = np.asarray(lengths, dtype=np.int64)
    total = int(lengths.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    offsets = np.arange(total, dtype=np.int64) - np.repeat(ends - lengths, lengths)
    return np.repeat(np.asarray(starts, dtype=np.int64), lengths) + offsets


def _pointer(lengths: Sequence[int] | IntArray) -> IntArray:
    out = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def take_ragged(
    values: np.ndarray, ptr: IntArray, rows: IntArray
) -> tuple[np.ndarray, IntArray]:
    """Rows ``rows`` of the ragged array (``values``, ``ptr``), as a new ragged array."""
    rows = np.asarray(rows, dtype=np.int64)
    lengths = ptr[rows + 1] - ptr[rows]
    return values[ranges(ptr[rows], lengths)], _pointer(lengths)


def concat_ragged(
    parts: Sequence[tuple[np.ndarray, IntArray]], dtype: npt.DTypeLike
) -> tuple[np.ndarray, IntArray]:
    """Stack ragged arrays row-wise."""
    values = np.concatenate([np.asarray(v, dtype=dtype) for v, _ in parts] or [[]])
    lengths = np.concatenate([np.diff(p) for _, p in parts] or [[]]).astype(np.int64)
    return values.astype(dtype, copy=False), _pointer(lengths)


class RefTable(Sequence[str]):
    """Row refs: UTF-8 bytes with offsets, and the rows in ref order."""

    __slots__ = ("_order", "_rank", "data", "offsets")

    def __init__(
        self,
        data: npt.NDArray[np.uint8],
        offsets: IntArray,
        order: IntArray | None = None,
    ) -> None:
        self.data = data
        self.offsets = offsets
        self._order = order
        self._rank: IntArray | None = None

    @classmethod
    def of(cls, refs: Iterable[str]) -> RefTable:
        encoded = [ref.encode("utf-8") for ref in refs]
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        return cls(data, _pointer([len(e) for e in encoded]))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
        return bytes(self.data[self.offsets[i] : self.offsets[i + 1]]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        raw = bytes(self.data)
        bounds = self.offsets.tolist()
        for lo, hi in itertools.pairwise(bounds):
            yield raw[lo:hi].decode("utf-8")

    def __contains__(self, ref: object) -> bool:
        return isinstance(ref, str) and self.position(ref) is not None

    @property
    def order(self) -> IntArray:
        """Row numbers sorted by ref (Python's string order)."""
        if self._order is None:
            refs = list(self)
            self._order = np.asarray(
                sorted(range(len(refs)), key=refs.__getitem__), dtype=np.int64
            )
        return self._order

    @property
    def rank(self) -> IntArray:
        """Position of each row's ref in ref order (ties in a ranking go by ref)."""
        if self._rank is None:
            order = self.order
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order), dtype=np.int64)
            self._rank = rank
        return self._rank

    def position(self, ref: str) -> int | None:
        """The row holding ``ref`` (None if absent); a binary search in ref order."""
        order = self.order
        i = bisect.bisect_left(_Sorted(self, order), ref)
        if i < len(order) and self[int(order[i])] == ref:
            return int(order[i])
        return None

    def take(self, rows: IntArray) -> RefTable:
        data, offsets = take_ragged(self.data, self.offsets, rows)
        return RefTable(data, offsets)

    @staticmethod
    def concat(parts: Sequence[RefTable]) -> RefTable:
        data, offsets = concat_ragged([(p.data, p.offsets) for p in parts], np.uint8)
        return RefTable(data, offsets)


class _Sorted(Sequence[str]):
    """The refs of a table in ref order, for :mod:`bisect` (decoded on access)."""

    def __init__(self, table: RefTable, order: IntArray) -> None:
        self._table, self._order = table, order

    def __len__(self) -> int:
        return len(self._order)

    def __getitem__(self, i):  # type: ignore[no-untyped-def,override]
        return self._table[int(self._order[i])]


class ClauseTable(Sequence[tuple[npt.NDArray[np.int64], ...]]):
    """Per row, the stem numbers of each clause: two levels of offsets over one array."""

    __slots__ = ("clause_ptr", "row_ptr", "stems")

    def __init__(self, stems: np.ndarray, clause_ptr: IntArray, row_ptr: IntArray):
        self.stems = stems
        self.clause_ptr = clause_ptr
        self.row_ptr = row_ptr

    @classmethod
    def of(cls, rows: Iterable[Iterable[np.ndarray]]) -> ClauseTable:
        stems: list[np.ndarray] = []
        per_row: list[int] = []
        for clauses in rows:
            before = len(stems)
            stems.extend(np.asarray(c, dtype=np.int64) for c in clauses)
            per_row.append(len(stems) - before)
        flat = np.concatenate(stems) if stems else np.empty(0, dtype=np.int64)
        return cls(flat, _pointer([s.size for s in stems]), _pointer(per_row))

    def __len__(self) -> int:
        return len(self.row_ptr) - 1

    def __getitem__(self, i):  # type: ignore[no-untyped-def,override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        lo, hi = int(self.row_ptr[i]), int(self.row_ptr[i + 1])
        ptr = self.clause_ptr
        return tuple(self.stems[ptr[c] : ptr[c + 1]] for c in range(lo, hi))

    def take(self, rows: IntArray) -> ClauseTable:
        rows = np.asarray(rows, dtype=np.int64)
        counts = self.row_ptr[rows + 1] - self.row_ptr[rows]
        clauses = ranges(self.row_ptr[rows], counts)
        stems, clause_ptr = take_ragged(self.stems, self.clause_ptr, clauses)
        return ClauseTable(stems, clause_ptr, _pointer(counts))

    @staticmethod
    def concat(parts: Sequence[ClauseTable]) -> ClauseTable:
        stems, clause_ptr = concat_ragged(
            [(p.stems, p.clause_ptr) for p in parts], np.int64
        )
        counts = np.concatenate([np.diff(p.row_ptr) for p in parts] or [[]])
        return ClauseTable(stems, clause_ptr, _pointer(counts.astype(np.int64)))


@dataclass(frozen=True)
class Relocations:
    """Moves still to come: one entry per move, sorted by row, then day.

    ``lat``/``lon`` are degrees, NaN where the new postcode area is unknown (such a
    person cannot be placed on a map from that day on, and is never proposed then).
    """

    row: IntArray
    day: IntArray
    lat: FloatArray
    lon: FloatArray

    @classmethod
    def empty(cls) -> Relocations:
        return cls(
            np.empty(0, dtype=np.int64),
            np.empty(0, dtype=np.int64),
            np.empty(0, dtype=np.float64),
            np.empty(0, dtype=np.float64),
        )

    def __len__(self) -> int:
        return int(self.row.size)

    def due(self, day: int) -> tuple[IntArray, FloatArray, FloatArray]:
        """(rows, lat, lon) of everyone who has moved by ``day``: their latest move."""
        if not self.row.size:
            return self.row, self.lat, self.lon
        taken = self.day <= day
        rows = self.row[taken]
        if not rows.size:
            return rows, self.lat[taken], self.lon[taken]
        last = np.r_[rows[1:] != rows[:-1], True]
        return rows[last], self.lat[taken][last], self.lon[taken][last]

    def of_row(self, row: int) -> tuple[IntArray, FloatArray, FloatArray]:
        """(days, lat, lon) of one row's moves, in order."""
        lo, hi = np.searchsorted(self.row, [row, row + 1])
        return self.day[lo:hi], self.lat[lo:hi], self.lon[lo:hi]

    def take(self, rows: IntArray, n_rows: int) -> Relocations:
        """The moves of ``rows`` (of a table of ``n_rows``), renumbered in that order."""
        if not self.row.size:
            return self
        position = np.full(n_rows, -1, dtype=np.int64)
        position[np.asarray(rows, dtype=np.int64)] = np.arange(len(rows))
        new_row = position[self.row]
        kept = np.flatnonzero(new_row >= 0)
        order = kept[np.lexsort((self.day[kept], new_row[kept]))]
        return Relocations(
            new_row[order], self.day[order], self.lat[order], self.lon[order]
        )

    @staticmethod
    def concat(parts: Sequence[tuple[Relocations, int]]) -> Relocations:
        """Stack the moves of parts of (moves, number of rows)."""
        offsets = np.cumsum([0] + [n for _, n in parts[:-1]])
        pieces = [(m, int(off)) for (m, _), off in zip(parts, offsets, strict=True)]
        return Relocations(
            np.concatenate([m.row + off for m, off in pieces] or [[]]).astype(np.int64),
            np.concatenate([m.day for m, _ in pieces] or [[]]).astype(np.int64),
            np.concatenate([m.lat for m, _ in pieces] or [[]]).astype(np.float64),
            np.concatenate([m.lon for m, _ in pieces] or [[]]).astype(np.float64),
        )
