"""Candidate and vacancy feature blocks: sparse matrices plus aligned NumPy arrays.

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
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.geo import load_postcodes
from matching.inference import Inferred, OccupationInference, Ramp
from matching.permits import add_months, first_work_day
from matching.ragged import ClauseTable, RefTable, Relocations
from matching.sparse_ops import best_per_group, row_max_product
from matching.taxonomy import Taxonomy, load_taxonomy
from matching.text import load_text_encoder
from matching.textmatch import years_in_folded
from matching.textnorm import fold
from matching.types import Candidate, Vacancy, cefr_rank
from matching.weights import Weights

H = TypeVar("H", bound=Hashable)
R = TypeVar("R")
IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

BLOCKS = ("occupation", "unit_group", "minor_group", "occ_years", "unit_years", "skill")
#: ``permit_from`` of a person without a residence permit: after every day.
NO_PERMIT = date.max.toordinal()


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


def sparse_row(matrix: sp.csr_matrix, i: int) -> tuple[IntArray, FloatArray]:
    """(column indices, values) of one CSR row as array views, without scipy overhead."""
    lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
    return matrix.indices[lo:hi], matrix.data[lo:hi]


def _years_share(years: float, weights: Weights) -> float:
    return min(years, weights.experience_full_years) / weights.experience_full_years


@dataclass(frozen=True)
class CandidateFeatures:
    """Features of n candidates, row i belonging to ``refs[i]``.

    Every field is a flat array (or a sparse matrix of flat arrays), never a Python
    object per row, so a feature set can be written to a file and mapped read-only by
    several processes (:mod:`matching.store`).
    """

    refs: RefTable
    structured: sp.csr_matrix
    text: sp.csr_matrix
    lat: FloatArray
    lon: FloatArray
    max_km: FloatArray
    hours: FloatArray
    available_from: IntArray
    earliest_work: IntArray
    w_valid_until: IntArray
    consent: BoolArray
    #: Profiles with neither ESCO occupations nor skills (shown in explanations only).
    text_only: BoolArray
    #: language code → CEFR rank (0 = none) per candidate, for every language listed.
    languages: dict[str, npt.NDArray[np.int8]]
    #: What the occupation inference found (to name its evidence in a reason).
    inferred: Inferred
    #: Day ordinal of the asylum application (the waiting-period guard).
    asylum_applied: IntArray
    #: In an accelerated procedure (blocked from 12 Jun 2026 when the rule is on).
    accelerated: BoolArray
    #: Day ordinal of the residence permit (status holder), ``NO_PERMIT`` if none.
    permit_from: IntArray
    #: Moves still to come (``Candidate.relocations``).
    relocations: Relocations

    def __len__(self) -> int:
        return len(self.refs)

    @functools.cached_property
    def radians(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(lat, lon, cos lat) in radians, precomputed for the distance hot path."""
        lat = np.radians(self.lat)
        return lat, np.radians(self.lon), np.cos(lat)

    def radians_on(self, day: int) -> tuple[FloatArray, FloatArray, FloatArray]:
        """:attr:`radians` of all rows where they live on ``day`` (a day ordinal).

        Without a move by then these are the cached arrays themselves; otherwise
        copies with the movers placed at their latest new address (NaN where that
        postcode area is unknown: no distance, so never within reach).
        """
        lat, lon, cos = self.radians
        rows, new_lat, new_lon = self.relocations.due(day)
        if not rows.size:
            return lat, lon, cos
        lat, lon, cos = lat.copy(), lon.copy(), cos.copy()
        lat[rows] = np.radians(new_lat)
        lon[rows] = np.radians(new_lon)
        cos[rows] = np.cos(lat[rows])
        return lat, lon, cos

    def radians_of(
        self, row: int, days: IntArray
    ) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(lat, lon, cos lat) in radians of one row on each of ``days``."""
        lat, lon, _ = self.radians
        move_days, move_lat, move_lon = self.relocations.of_row(row)
        move = np.searchsorted(move_days, days, side="right") - 1
        moved = move >= 0
        taken = np.maximum(move, 0)
        out_lat = np.where(
            moved, np.radians(move_lat)[taken] if move_days.size else 0.0, lat[row]
        )
        out_lon = np.where(
            moved, np.radians(move_lon)[taken] if move_days.size else 0.0, lon[row]
        )
        return out_lat, out_lon, np.cos(out_lat)

    @functools.cached_property
    def structured_csc(self) -> sp.csc_matrix:
        """Column-major copy: a query touches few columns, so it reads only those."""
        return self.structured.tocsc()

    @functools.cached_property
    def text_csc(self) -> sp.csc_matrix:
        """Column-major copy of :attr:`text` (a query has a few hundred terms)."""
        return self.text.tocsc()

    def language_levels(self, code: str) -> npt.NDArray[np.int8]:
        """CEFR ranks of all rows in one language (zeros if nobody listed it)."""
        levels = self.languages.get(code)
        return np.zeros(len(self), dtype=np.int8) if levels is None else levels

    @classmethod
    def build(
        cls, candidates: Sequence[Candidate], weights: Weights
    ) -> CandidateFeatures:
        """Featurise candidates (a Python pass over the rows, the rest sparse algebra)."""
        space = feature_space()
        tx = space.tx
        n = len(candidates)
        n_occ, n_unit, n_skill = (
            len(tx.occupations),
            len(space.unit_codes),
            len(tx.skills),
        )
        # Declared occupations with their years, and listed skills, as (row, column).
        occ_r, declared_pairs = _flat(c.occupations for c in candidates)
        occ_c = _positions(tx.occupation_positions, (u for u, _ in declared_pairs))
        raw_years = np.fromiter(
            (y for _, y in declared_pairs), dtype=np.float64, count=len(declared_pairs)
        )
        skill_r, listed = _flat(c.skills for c in candidates)
        skill_c = _positions(tx.skill_positions, listed)
        declared = _indicator(occ_r, occ_c, (n, n_occ))
        full = weights.experience_full_years
        years = sp.csr_matrix(
            (np.minimum(raw_years, full) / full, (occ_r, occ_c)), shape=(n, n_occ)
        )
        # Years per ISCO unit group: the occupations' years added up, then capped.
        unit_years = sp.csr_matrix(
            (raw_years, (occ_r, space.occ_unit[occ_c])), shape=(n, n_unit)
        )
        unit_years.sum_duplicates()
        unit_years.data = np.minimum(unit_years.data, full) / full
        listed_m = _indicator(skill_r, skill_c, (n, n_skill))
        summaries = [c.summary for c in candidates]
        # Each distinct summary folded once, for the text vectors and the stated years.
        folded = {t: fold(t) for t in dict.fromkeys(summaries)}
        text = load_text_encoder().transform(summaries, folded)
        inferred = occupation_inference().infer(
            listed_m,
            summaries,
            from_skills=Ramp(
                weights.skill_inference_floor,
                weights.skill_inference_ceiling,
                weights.inferred_occupation_credit,
            ),
            from_text=Ramp(
                weights.text_inference_floor,
                weights.text_inference_ceiling,
                weights.inferred_occupation_credit,
            ),
        )
        credits = inferred.credits
        occupation = declared.maximum(credits).tocsr()
        stated = [folded[t] for t in summaries]
        occ_years = years.maximum(_inferred_years(credits, stated, weights)).tocsr()
        occ_years.sort_indices()  # once here, not in every step of the rows
        structured = _structured(
            space,
            weights,
            occupation,
            occ_years,
            unit_years,
            listed_m.maximum(inferred.mentioned_skills).tocsr(),
        )
        lat, lon = load_postcodes().coordinates(c.pc4 for c in candidates)
        codes = sorted({code for c in candidates for code in c.languages})
        languages = {
            code: np.array(
                [cefr_rank(c.languages.get(code)) for c in candidates], dtype=np.int8
            )
            for code in codes
        }
        return cls(
            refs=RefTable.of(c.ref for c in candidates),
            structured=structured,
            text=text,
            lat=lat,
            lon=lon,
            max_km=np.array([c.max_travel_km for c in candidates], dtype=np.float64),
            hours=np.array([c.hours_per_week for c in candidates], dtype=np.float64),
            available_from=_ordinals(c.available_from for c in candidates),
            earliest_work=_ordinals(
                _per_distinct(
                    _first_work_day,
                    (
                        (
                            c.asylum_application_date,
                            c.asylum_registration_date,
                            c.residence_permit_on,
                        )
                        for c in candidates
                    ),
                )
            ),
            w_valid_until=_ordinals(c.w_document_valid_until for c in candidates),
            consent=np.array([c.has_consent for c in candidates], dtype=bool),
            text_only=np.array([c.is_text_only for c in candidates], dtype=bool),
            languages=languages,
            inferred=inferred,
            asylum_applied=_ordinals(c.asylum_application_date for c in candidates),
            accelerated=np.array(
                [c.accelerated_procedure for c in candidates], dtype=bool
            ),
            permit_from=np.array(
                [
                    NO_PERMIT
                    if c.residence_permit_on is None
                    else c.residence_permit_on.toordinal()
                    for c in candidates
                ],
                dtype=np.int64,
            ),
            relocations=_relocations(candidates),
        )

    def take(self, rows: IntArray) -> CandidateFeatures:
        """A subset of rows, in the given order (used to update an index cheaply)."""
        rows = np.asarray(rows, dtype=np.int64)
        return CandidateFeatures(
            refs=self.refs.take(rows),
            structured=self.structured[rows],
            text=self.text[rows],
            lat=self.lat[rows],
            lon=self.lon[rows],
            max_km=self.max_km[rows],
            hours=self.hours[rows],
            available_from=self.available_from[rows],
            earliest_work=self.earliest_work[rows],
            w_valid_until=self.w_valid_until[rows],
            consent=self.consent[rows],
            text_only=self.text_only[rows],
            languages={k: v[rows] for k, v in self.languages.items()},
            inferred=Inferred(
                self.inferred.by_skills[rows],
                self.inferred.by_text[rows],
                self.inferred.mentioned_skills[rows],
                self.inferred.clauses.take(rows),
            ),
            asylum_applied=self.asylum_applied[rows],
            accelerated=self.accelerated[rows],
            permit_from=self.permit_from[rows],
            relocations=self.relocations.take(rows, len(self)),
        )

    @staticmethod
    def concat(parts: Sequence[CandidateFeatures]) -> CandidateFeatures:
        """Stack several feature sets (languages missing in one part count as 0)."""
        codes = sorted({k for p in parts for k in p.languages})
        return CandidateFeatures(
            refs=RefTable.concat([p.refs for p in parts]),
            structured=sp.vstack([p.structured for p in parts], format="csr"),
            text=sp.vstack([p.text for p in parts], format="csr"),
            lat=np.concatenate([p.lat for p in parts]),
            lon=np.concatenate([p.lon for p in parts]),
            max_km=np.concatenate([p.max_km for p in parts]),
            hours=np.concatenate([p.hours for p in parts]),
            available_from=np.concatenate([p.available_from for p in parts]),
            earliest_work=np.concatenate([p.earliest_work for p in parts]),
            w_valid_until=np.concatenate([p.w_valid_until for p in parts]),
            consent=np.concatenate([p.consent for p in parts]),
            text_only=np.concatenate([p.text_only for p in parts]),
            languages={
                code: np.concatenate([p.language_levels(code) for p in parts])
                for code in codes
            },
            inferred=Inferred(
                *(
                    sp.vstack([getattr(p.inferred, name) for p in parts], format="csr")
                    for name in ("by_skills", "by_text", "mentioned_skills")
                ),
                ClauseTable.concat([p.inferred.clauses for p in parts]),
            ),
            asylum_applied=np.concatenate([p.asylum_applied for p in parts]),
            accelerated=np.concatenate([p.accelerated for p in parts]),
            permit_from=np.concatenate([p.permit_from for p in parts]),
            relocations=Relocations.concat([(p.relocations, len(p)) for p in parts]),
        )


#: Rows per step when the structured rows are put together: every step's arrays stay
#: a few megabytes, so memory is reused rather than asked of the system afresh for each
#: of the dozen full-size intermediates (11 million inferred-skill entries at 100,000).
ROWS_PER_STEP = 8192


def _structured(
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


def _inferred_years(
    credits: sp.csr_matrix, folded: Sequence[str], weights: Weights
) -> sp.csr_matrix:
    """Years a summary states ("7 jaar", "4 yrs"), given to its likely occupations.

    ``folded``: the summaries, folded (:func:`matching.textnorm.fold`).

    Only occupations inferred with at least half the full inferred credit get them,
    so a faint guess never earns experience points.
    """
    share = np.array(
        [_years_share(y, weights) for y in _per_distinct(years_in_folded, folded)],
        dtype=np.float64,
    )
    strong = credits.copy().tocsr()
    strong.data = (strong.data >= weights.inferred_occupation_credit / 2).astype(
        np.float64
    )
    strong.eliminate_zeros()
    return (sp.diags(share) @ strong).tocsr()


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
            start=_ordinals(v.start_date for v in vacancies),
            contract_end=_ordinals(
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


def _indicator(rows: IntArray, cols: IntArray, shape: tuple[int, int]) -> sp.csr_matrix:
    """0/1 matrix with a one at each (row, column) given (repeats count once)."""
    out = sp.csr_matrix((np.ones(rows.size), (rows, cols)), shape=shape)
    out.sum_duplicates()
    out.data[:] = 1.0
    return out


def _relocations(candidates: Sequence[Candidate]) -> Relocations:
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


def _flat(groups: Iterable[Sequence[R]]) -> tuple[IntArray, list[R]]:
    """(row of each item, the items) of a sequence of groups, flattened in order."""
    groups = list(groups)
    lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    rows = np.repeat(np.arange(len(groups), dtype=np.int64), lengths)
    return rows, list(itertools.chain.from_iterable(groups))


def _positions(index: Mapping[str, int], uris: Iterable[str]) -> IntArray:
    """Column of each URI; a ValueError if one is unknown."""
    found = np.fromiter(map(index.get, uris, itertools.repeat(-1)), dtype=np.int64)
    if (found < 0).any():
        raise ValueError("unknown ESCO code (validate the input first)")
    return found


def _per_distinct(fn: Callable[[H], R], values: Iterable[H]) -> list[R]:
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


def _first_work_day(dates: tuple[date, date | None, date | None]) -> date:
    applied, registered, permit = dates
    return first_work_day(
        applied, registration_date=registered, residence_permit_on=permit
    )


def _ordinals(days: Iterable[date]) -> IntArray:
    return np.fromiter((d.toordinal() for d in days), dtype=np.int64)
