"""Candidate feature sets: the sparse rows and aligned arrays of n profiles.

A candidate row holds indicator blocks in the column layout of
:mod:`matching.feature_space` (occupations, ISCO groups, years, skills), a second
matrix holds the free text, and flat arrays hold what the hard rules and practical
parts read (dates as day ordinals, coordinates, hours, languages, permits, moves).
:class:`CandidateFeatures` is what an index keeps and :mod:`matching.store` writes to a
file; the array work of building it is :mod:`matching.candidate_rows`, the vacancy side
:mod:`matching.vacancy_features`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.candidate_rows import (
    first_work_day_of,
    flatten,
    indicator,
    inferred_years,
    per_distinct,
    positions,
    relocations_of,
    structured_rows,
)
from matching.feature_space import (
    BoolArray,
    FloatArray,
    IntArray,
    feature_space,
    occupation_inference,
    ordinals,
)
from matching.geo import load_postcodes
from matching.inference import Inferred, Ramp
from matching.ragged import ClauseTable, RefTable, Relocations
from matching.text import load_text_encoder
from matching.textnorm import fold
from matching.types import Candidate, cefr_rank
from matching.weights import Weights

#: ``permit_from`` of a person without a residence permit: after every day.
NO_PERMIT = date.max.toordinal()


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
        occ_r, declared_pairs = flatten(c.occupations for c in candidates)
        occ_c = positions(tx.occupation_positions, (u for u, _ in declared_pairs))
        raw_years = np.fromiter(
            (y for _, y in declared_pairs), dtype=np.float64, count=len(declared_pairs)
        )
        skill_r, listed = flatten(c.skills for c in candidates)
        skill_c = positions(tx.skill_positions, listed)
        declared = indicator(occ_r, occ_c, (n, n_occ))
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
        listed_m = indicator(skill_r, skill_c, (n, n_skill))
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
        occ_years = years.maximum(inferred_years(credits, stated, weights)).tocsr()
        occ_years.sort_indices()  # once here, not in every step of the rows
        structured = structured_rows(
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
            available_from=ordinals(c.available_from for c in candidates),
            earliest_work=ordinals(
                per_distinct(
                    first_work_day_of,
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
            w_valid_until=ordinals(c.w_document_valid_until for c in candidates),
            consent=np.array([c.has_consent for c in candidates], dtype=bool),
            text_only=np.array([c.is_text_only for c in candidates], dtype=bool),
            languages=languages,
            inferred=inferred,
            asylum_applied=ordinals(c.asylum_application_date for c in candidates),
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
            relocations=relocations_of(candidates),
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
