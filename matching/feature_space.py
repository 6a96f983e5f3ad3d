"""The column layout that candidate and vacancy rows share, and what both are built on.

A candidate row concatenates indicator blocks (occupation, ISCO unit and minor group,
years per occupation and unit group, skills); a vacancy row holds the matching
*weights* in the same columns, built so that one sparse dot product gives the sum of
the occupation, experience and skill parts:

* occupation column: ``same - unit``; unit-group column: ``unit - minor``; minor-group
  column: ``minor``. Indicators are 0/1, so a candidate gets exactly one of the three.
* years: half of the experience weight on the occupation, half on its unit group.
* skills: essential/optional weight × IDF share of the skill in the vacancy's list.

Free text is a second, separate matrix (see :mod:`matching.text`), because its part
is capped (``min(1, cosine / full)``) and so is not linear. Hard rules and practical
parts use the arrays (dates as day ordinals, coordinates, hours, languages).

This module holds the layout (:class:`FeatureSpace`), the process-wide occupation
inference both sides read, and the array types and small conversions they share; the
rows themselves are built in :mod:`matching.features` (candidates, with
:mod:`matching.candidate_rows`) and :mod:`matching.vacancy_features` (vacancies).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.inference import OccupationInference
from matching.taxonomy import Taxonomy, load_taxonomy
from matching.text import load_text_encoder
from matching.types import Vacancy

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

BLOCKS = ("occupation", "unit_group", "minor_group", "occ_years", "unit_years", "skill")


class FeatureSpace:
    """Column layout shared by candidate and vacancy rows (fixed by the taxonomy)."""

    def __init__(self, tx: Taxonomy) -> None:
        self.tx = tx
        units = sorted({o.isco_group for o in tx.occupations})
        minors = sorted({u[:3] for u in units})
        self.unit_codes: tuple[str, ...] = tuple(units)
        self.minor_codes: tuple[str, ...] = tuple(minors)
        unit_pos = {u: i for i, u in enumerate(units)}
        minor_pos = {m: i for i, m in enumerate(minors)}
        #: ISCO unit-group / minor-group position of each occupation index.
        self.occ_unit = np.array([unit_pos[o.isco_group] for o in tx.occupations])
        self.occ_minor = np.array([minor_pos[o.isco_group[:3]] for o in tx.occupations])
        sizes = {
            "occupation": len(tx.occupations),
            "unit_group": len(units),
            "minor_group": len(minors),
            "occ_years": len(tx.occupations),
            "unit_years": len(units),
            "skill": len(tx.skills),
        }
        offsets = np.cumsum([0, *(sizes[b] for b in BLOCKS)])
        #: First column of each block.
        self.offset = {b: int(offsets[i]) for i, b in enumerate(BLOCKS)}
        self.n_features = int(offsets[-1])
        #: Block number of every column, to split a row product into parts.
        self.block_of_column = np.repeat(
            np.arange(len(BLOCKS)), [sizes[b] for b in BLOCKS]
        )
        n_occ = len(tx.occupations)
        usage = np.asarray(tx.skill_usage, dtype=np.float64)
        #: Skill specificity: IDF of each skill over the ESCO occupation profiles.
        self.skill_idf = np.log((1.0 + n_occ) / (1.0 + usage)) + 1.0

    def vacancy_skills(self, vacancy: Vacancy) -> tuple[list[int], list[int]]:
        """Essential and optional skill indices; ESCO's profile stands in for an empty list."""
        tx = self.tx
        occ = tx.occupation_index(vacancy.esco_occupation)
        assert occ is not None  # validated on input  # noqa: S101
        essential = [tx.skill_index(u) for u in vacancy.essential_skills] or list(
            tx.essential_idx[occ]
        )
        optional = [tx.skill_index(u) for u in vacancy.optional_skills] or list(
            tx.optional_idx[occ]
        )
        ess = [j for j in dict.fromkeys(essential) if j is not None]
        taken = set(ess)
        opt = [j for j in dict.fromkeys(optional) if j is not None and j not in taken]
        return ess, opt


@functools.cache
def feature_space() -> FeatureSpace:
    """The process-wide column layout for the loaded taxonomy."""
    return FeatureSpace(load_taxonomy())


@functools.cache
def occupation_inference() -> OccupationInference:
    """The process-wide occupation-inference tables (built on first use, ~0.5 s)."""
    space = feature_space()
    return OccupationInference(space.tx, load_text_encoder(), space.skill_idf)


def sparse_row(matrix: sp.csr_matrix, i: int) -> tuple[IntArray, FloatArray]:
    """(column indices, values) of one CSR row as array views, without scipy overhead."""
    lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[lo:hi], matrix.data[lo:hi]


def ordinals(days: Iterable[date]) -> IntArray:
    return np.fromiter((d.toordinal() for d in days), dtype=np.int64)
