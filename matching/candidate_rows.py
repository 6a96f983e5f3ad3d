"""How a batch of profiles becomes the blocks of its candidate rows.

The steps of :meth:`matching.features.CandidateFeatures.build` that are plain array
work: lists of (URI, years) and skills turned into sparse indicator blocks, the
structured row put together in steps of ``ROWS_PER_STEP`` rows, years a summary states
given to its inferred occupations, moves and first work days as arrays. Separate from
the feature set itself, which says what a candidate row holds and how rows are taken
and stacked.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any, TypeVar

import numpy as np
import scipy.sparse as sp

from matching.feature_space import FeatureSpace, IntArray, occupation_inference
from matching.geo import load_postcodes
from matching.permits import first_work_day
from matching.ragged import Relocations
from matching.sparse_ops import best_per_group, row_max_product
from matching.textmatch import years_in_folded
from matching.types import Candidate
from matching.weights import Weights

H = TypeVar("H", bound=Hashable)
R = TypeVar("R")


#: Rows per step when the structured rows are put together: every step's arrays stay
#: a few megabytes, so memory is reused rather than asked of the system afresh for each
#: of the dozen full-size intermediates (11 million inferred-skill entries at 100,000).
ROWS_PER_STEP = 8192


def structured_rows(
    space: FeatureSpace,
    weights: Weights,
    occupation: sp.csr_matrix,
    occ_years: sp.csr_matrix,
    unit_years: sp.csr_matrix,
    skills: sp.csr_matrix,
) -> sp.csr_matrix:
    """The candidate rows in the column layout of :class:`FeatureSpace`.

    ``skills``: the listed and mentioned skills (full credit). The essential skills
    of every occupation, declared (credit 1) or inferred, count as inferred skills,
    weighted by the occupation's credit. Each row depends on its own inputs alone,
    so the rows are put together a step of ``ROWS_PER_STEP`` at a time.
    """
    n_unit, n_minor = len(space.unit_codes), len(space.minor_codes)
    essential = occupation_inference().essential
    steps = []
    for lo in range(0, occupation.shape[0], ROWS_PER_STEP):
        rows = slice(lo, lo + ROWS_PER_STEP)
        occ, years = occupation[rows], occ_years[rows]
        inferred = row_max_product(occ, essential)
        inferred.data *= weights.inferred_skill_credit
        step = sp.hstack(
            [
                occ,
                best_per_group(occ, space.occ_unit, n_unit),
                best_per_group(occ, space.occ_minor, n_minor),
                years,
                unit_years[rows].maximum(best_per_group(years, space.occ_unit, n_unit)),
                skills[rows].maximum(inferred),
            ],
            format="csr",
            dtype=np.float64,
        )
        step.sort_indices()
        steps.append(step)
    if not steps:
        return sp.csr_matrix((0, space.n_features), dtype=np.float64)
    return sp.vstack(steps, format="csr")


def inferred_years(
    credits: sp.csr_matrix, folded: Sequence[str], weights: Weights
) -> sp.csr_matrix:
    """Years a summary states ("7 jaar", "4 yrs"), given to its likely occupations.

    ``folded``: the summaries, folded (:func:`matching.textnorm.fold`).

    Only occupations inferred with at least half the full inferred credit get them,
    so a faint guess never earns experience points.
    """
    share = np.array(
        [_years_share(y, weights) for y in per_distinct(years_in_folded, folded)],
        dtype=np.float64,
    )
    strong = credits.copy().tocsr()
    strong.data = (strong.data >= weights.inferred_occupation_credit / 2).astype(
        np.float64
    )
    strong.eliminate_zeros()
    return (sp.diags(share) @ strong).tocsr()


def _years_share(years: float, weights: Weights) -> float:
    return min(years, weights.experience_full_years) / weights.experience_full_years


def indicator(rows: IntArray, cols: IntArray, shape: tuple[int, int]) -> sp.csr_matrix:
    """0/1 matrix with a one at each (row, column) given (repeats count once)."""
    out = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=shape)
    out.sum_duplicates()
    out.data[:] = 1.0
    return out


def relocations_of(candidates: Sequence[Candidate]) -> Relocations:
    moves = [
        (r, day.toordinal(), pc4)
        for r, c in enumerate(candidates)
        for day, pc4 in c.relocations
    ]
    if not moves:
        return Relocations.empty()
    moves.sort(key=lambda m: (m[0], m[1]))  # stable: same day keeps the given order
    table = load_postcodes()
    points = [table.get(pc4) for _, _, pc4 in moves]
    return Relocations(
        np.array([m[0] for m in moves], dtype=np.int64),
        np.array([m[1] for m in moves], dtype=np.int64),
        np.array([p.lat if p else np.nan for p in points], dtype=np.float64),
        np.array([p.lon if p else np.nan for p in points], dtype=np.float64),
    )


def flatten(groups: Iterable[Sequence[R]]) -> tuple[IntArray, list[R]]:
    """(row of each item, the items) of a sequence of groups, flattened in order."""
    groups = list(groups)
    lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    rows = np.repeat(np.arange(len(groups), dtype=np.int64), lengths)
    return rows, list(itertools.chain.from_iterable(groups))


def positions(index: Mapping[str, int], uris: Iterable[str]) -> IntArray:
    """Column of each URI; a ValueError if one is unknown."""
    found = np.fromiter(map(index.get, uris, itertools.repeat(-1)), dtype=np.int64)
    if (found < 0).any():
        raise ValueError("unknown ESCO code (validate the input first)")
    return found


def per_distinct(fn: Callable[[H], R], values: Iterable[H]) -> list[R]:
    """``[fn(v) for v in values]``, calling ``fn`` once per distinct value."""
    seen: dict[H, R] = {}
    out = []
    for value in values:
        found = seen.get(value, _MISSING)
        if found is _MISSING:
            found = seen[value] = fn(value)
        out.append(found)
    return out


_MISSING: Any = object()


def first_work_day_of(dates: tuple[date, date | None, date | None]) -> date:
    applied, registered, permit = dates
    return first_work_day(
        applied, registration_date=registered, residence_permit_on=permit
    )
