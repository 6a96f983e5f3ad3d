"""Vacancy feature sets: one weighted query row per vacancy, and the text it is read as.

A vacancy row holds the *weights* of the candidate columns it rewards (the layout and
the weighting are described in :mod:`matching.feature_space`), so one sparse product
with the candidate rows scores every candidate at once. Separate from
:mod:`matching.features` because vacancies are few and short-lived: they are built
per query, in a Python loop, and never stored.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.feature_space import FloatArray, IntArray, feature_space, ordinals
from matching.geo import load_postcodes
from matching.permits import add_months
from matching.taxonomy import Taxonomy
from matching.text import load_text_encoder
from matching.types import Vacancy, cefr_rank
from matching.weights import Weights


class _Triplets:
    """Accumulates (row, column, value) entries of a sparse matrix."""

    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []

    def add(self, row: int, col: int, value: float) -> None:
        self.rows.append(row)
        self.cols.append(col)
        self.vals.append(value)

    def matrix(self, n_rows: int, n_cols: int) -> sp.csr_matrix:
        return sp.csr_matrix(
            (
                np.asarray(self.vals, dtype=np.float64),
                (
                    np.asarray(self.rows, dtype=np.int64),
                    np.asarray(self.cols, dtype=np.int64),
                ),
            ),
            shape=(n_rows, n_cols),
        )


@dataclass(frozen=True)
class VacancyFeatures:
    """Query weights and arrays of m vacancies, row i belonging to ``refs[i]``."""

    refs: tuple[str, ...]
    query: sp.csr_matrix
    text: sp.csr_matrix
    lat: FloatArray
    lon: FloatArray
    hours: FloatArray
    start: IntArray
    #: Last contract day if the job starts on ``start``.
    contract_end: IntArray
    #: language code → required CEFR rank (0 = not required) per vacancy.
    languages: dict[str, npt.NDArray[np.int8]]
    #: Essential skill indices per vacancy (to split the skill block into two parts).
    essential: tuple[frozenset[int], ...]

    def __len__(self) -> int:
        return len(self.refs)

    @functools.cached_property
    def radians(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(lat, lon, cos lat) in radians, precomputed for the distance hot path."""
        lat = np.radians(self.lat)
        return lat, np.radians(self.lon), np.cos(lat)

    @classmethod
    def build(cls, vacancies: Sequence[Vacancy], weights: Weights) -> VacancyFeatures:
        """Turn each vacancy into one weighted query row (see the module docstring)."""
        space = feature_space()
        tx = space.tx
        off = space.offset
        w = weights
        entries = _Triplets()
        essential_sets: list[frozenset[int]] = []
        for r, vac in enumerate(vacancies):
            o = tx.occupation_index(vac.esco_occupation)
            assert o is not None  # noqa: S101
            unit, minor = int(space.occ_unit[o]), int(space.occ_minor[o])
            same_minus_unit = w.same_occupation - w.related_occupation_unit_group
            unit_minus_minor = (
                w.related_occupation_unit_group - w.related_occupation_minor_group
            )
            entries.add(r, off["occupation"] + o, same_minus_unit)
            entries.add(r, off["unit_group"] + unit, unit_minus_minor)
            entries.add(r, off["minor_group"] + minor, w.related_occupation_minor_group)
            entries.add(r, off["occ_years"] + o, w.experience_years / 2)
            entries.add(r, off["unit_years"] + unit, w.experience_years / 2)
            essential, optional = space.vacancy_skills(vac)
            essential_sets.append(frozenset(essential))
            for skills, weight in (
                (essential, w.essential_skills),
                (optional, w.optional_skills),
            ):
                if not skills:
                    continue
                idf = space.skill_idf[skills]
                for j, share in zip(skills, idf / idf.sum(), strict=True):
                    entries.add(r, off["skill"] + j, weight * float(share))
        query = entries.matrix(len(vacancies), space.n_features)
        query.sum_duplicates()
        text = load_text_encoder().transform(vacancy_text(v, tx) for v in vacancies)
        lat, lon = load_postcodes().coordinates(v.pc4 for v in vacancies)
        codes = sorted({code for v in vacancies for code in v.languages_required})
        return cls(
            refs=tuple(v.ref for v in vacancies),
            query=query,
            text=text,
            lat=lat,
            lon=lon,
            hours=np.array([v.hours_per_week for v in vacancies], dtype=np.float64),
            start=ordinals(v.start_date for v in vacancies),
            contract_end=ordinals(
                contract_end(v.start_date, v.contract_months) for v in vacancies
            ),
            languages={
                code: np.array(
                    [cefr_rank(v.languages_required.get(code)) for v in vacancies],
                    dtype=np.int8,
                )
                for code in codes
            },
            essential=tuple(essential_sets),
        )


def vacancy_text(vacancy: Vacancy, tx: Taxonomy) -> str:
    """The text a summary is compared with: the employer's words plus ESCO labels.

    Labels of the occupation (preferred and alternative) and of the essential skills,
    in Dutch and English, let a Dutch or English summary meet a vacancy written in the
    other language or in other words.
    """
    occ = tx.occupation(vacancy.esco_occupation)
    assert occ is not None  # noqa: S101
    space = feature_space()
    essential, _ = space.vacancy_skills(vacancy)
    skill_labels = []
    for j in essential:
        skill = tx.skills[j]
        skill_labels += [skill.label_en] + ([skill.label_nl] if skill.label_nl else [])
    return "\n".join(
        [
            vacancy.title,
            vacancy.description,
            occ.label_nl,
            occ.label_en,
            *occ.alt_nl,
            *occ.alt_en,
            *skill_labels,
        ]
    )


def contract_end(start: date, months: float) -> date:
    """Last contract day: start + whole calendar months (+ 30.44 days per fraction) − 1 day."""
    whole = math.floor(months)
    end = add_months(start, whole) + timedelta(days=round((months - whole) * 30.44))
    return max(start, end - timedelta(days=1))
