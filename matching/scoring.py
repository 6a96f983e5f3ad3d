"""Vectorised hard rules and score parts for many candidate–vacancy pairs at once.

:func:`evaluate` takes index arrays into a :class:`CandidateFeatures` and a
:class:`VacancyFeatures` that broadcast against each other: all candidates against one
vacancy (shapes ``(n,)`` and ``(1,)``), one candidate against all vacancies, or ``P``
aligned pairs. The same code therefore serves both ranking directions and the
explanation of a single pair, so a ranked score and its explanation cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from matching.feature_space import BoolArray, FloatArray, IntArray
from matching.features import CandidateFeatures
from matching.geo import haversine_radians_km
from matching.permits import (
    ACCELERATED_PROCEDURE_BLOCK,
    DEFAULT_RULES,
    TWV_PRACTICAL_WAIT_DAYS,
    W_DOCUMENT_TERM_DAYS,
    EligibilityRules,
)
from matching.vacancy_features import VacancyFeatures
from matching.weights import Weights

#: Distances are compared with this slack (1 mm) so that rounding in the last bit of
#: a float cannot flip "exactly at the maximum".
DISTANCE_EPS_KM = 1e-6


@dataclass(frozen=True)
class PairArrays:
    """Everything computed for a batch of pairs, broadcast to one shape."""

    total: FloatArray
    blocked: BoolArray
    rules: dict[str, BoolArray]
    parts: dict[str, FloatArray]
    distance_km: FloatArray
    start: IntArray
    earliest_start: IntArray
    renewals: IntArray
    cosine: FloatArray
    languages_short: dict[str, BoolArray]
    languages_blocking: dict[str, BoolArray]


def rowwise_dot(a: sp.csr_matrix, b: sp.csr_matrix) -> FloatArray:
    """Dot products of aligned sparse rows (row i of ``a`` with row i of ``b``)."""
    return np.asarray(a.multiply(b).sum(axis=1), dtype=np.float64).ravel()


def evaluate(
    cf: CandidateFeatures,
    ci: IntArray,
    vf: VacancyFeatures,
    vi: IntArray,
    *,
    as_of: date,
    weights: Weights,
    structured: FloatArray | None = None,
    cosine: FloatArray | None = None,
    located: tuple[FloatArray, FloatArray, FloatArray] | None = None,
    rules: EligibilityRules = DEFAULT_RULES,
) -> PairArrays:
    """Hard rules and all score parts for the pairs ``(ci, vi)`` (broadcast).

    ``structured`` and ``cosine`` may be passed in when a fast sparse mat-vec already
    computed them for exactly these pairs; otherwise they are computed row by row.
    ``located`` is (lat, lon, cos lat) in radians of the candidate side, aligned with
    the pairs, where the person lives on the start day (default: their address).
    ``rules`` are the administrator's switches of the eligibility rules.
    """
    w = weights
    bci, bvi = np.broadcast_arrays(ci, vi)
    if structured is None:
        structured = rowwise_dot(cf.structured[bci], vf.query[bvi])
    if cosine is None:
        cosine = rowwise_dot(cf.text[bci], vf.text[bvi])

    as_of_ord = as_of.toordinal()
    # A vacancy whose start date has passed starts as soon as possible (today).
    start = np.maximum(vf.start[vi], as_of_ord)
    if located is None:
        c_lat, c_lon, c_cos = cf.radians
        located = (c_lat[ci], c_lon[ci], c_cos[ci])
    v_lat, v_lon, v_cos = vf.radians
    distance = haversine_radians_km(*located, v_lat[vi], v_lon[vi], v_cos[vi])

    permit_from = cf.permit_from[ci]
    # A status holder on the start day needs no TWV: the asylum seeker's rules end
    # (``earliest_work`` is never after the permit day either).
    asylum_seeker = permit_from > start
    rules = {
        "blocked_no_consent": ~cf.consent[ci],
        "blocked_not_allowed_to_work_yet": start < cf.earliest_work[ci],
        "blocked_w_document_expired": (cf.w_valid_until[ci] < start) & asylum_seeker,
        "blocked_accelerated_procedure": accelerated_blocks(
            cf.accelerated[ci], start, rules
        )
        & asylum_seeker,
        # Written so that an unknown address (NaN distance) is never within reach.
        "blocked_too_far": ~(distance <= cf.max_km[ci] + DISTANCE_EPS_KM),
    }
    languages_short: dict[str, BoolArray] = {}
    languages_blocking: dict[str, BoolArray] = {}
    n_short = np.zeros(np.broadcast(ci, vi).shape, dtype=np.int64)
    blocked_language = np.zeros_like(n_short, dtype=bool)
    for code, required_all in vf.languages.items():
        required = required_all[vi].astype(np.int64)
        has = cf.language_levels(code)[ci].astype(np.int64)
        needed = required > 0
        languages_blocking[code] = needed & (has < required - 1)
        languages_short[code] = needed & (has == required - 1)
        blocked_language |= languages_blocking[code]
        n_short += languages_short[code]
    rules["blocked_language"] = blocked_language
    blocked = np.zeros_like(blocked_language)
    for mask in rules.values():
        blocked = blocked | mask

    earliest_start = np.maximum(
        np.maximum(cf.available_from[ci], cf.earliest_work[ci]),
        # The TWV lead time, unless a residence permit comes first.
        np.minimum(as_of_ord + TWV_PRACTICAL_WAIT_DAYS, permit_from),
    )
    delay = np.maximum(earliest_start - start, 0)
    renewals = np.where(
        asylum_seeker,
        twv_renewals_vectorised(
            cf.w_valid_until[ci], start, vf.contract_end[vi] + (start - vf.start[vi])
        ),
        0,
    )
    parts = {
        "text_similarity": w.text_similarity
        * np.minimum(1.0, cosine / w.text_full_cosine),
        # No points for an unknown address (NaN: a move to an unknown area).
        "distance": np.where(
            np.isnan(distance),
            0.0,
            w.distance * w.distance_half_km / (w.distance_half_km + distance),
        ),
        "hours_fit": w.hours_fit * np.minimum(1.0, cf.hours[ci] / vf.hours[vi]),
        "start_soon": w.start_soon
        * np.clip(1.0 - delay / w.start_horizon_days, 0.0, 1.0),
        "twv_renewals": w.twv_renewals / (1.0 + renewals),
    }
    positive = structured.astype(np.float64)
    for value in parts.values():
        positive = positive + value
    penalty = np.minimum(n_short * w.language_one_level_short, positive)
    parts["language_one_level_short"] = -penalty
    return PairArrays(
        total=np.broadcast_to(positive - penalty, n_short.shape),
        blocked=blocked,
        rules=rules,
        parts=parts,
        distance_km=np.broadcast_to(distance, n_short.shape),
        start=np.broadcast_to(start, n_short.shape),
        earliest_start=np.broadcast_to(earliest_start, n_short.shape),
        renewals=np.broadcast_to(renewals, n_short.shape),
        cosine=np.broadcast_to(cosine, n_short.shape),
        languages_short=languages_short,
        languages_blocking=languages_blocking,
    )


def accelerated_blocks(
    accelerated: BoolArray, start: IntArray, rules: EligibilityRules
) -> BoolArray:
    """The accelerated-procedure rule on start-day ordinals (the directive from its date)."""
    rule = ACCELERATED_PROCEDURE_BLOCK
    if not rules.block_accelerated_procedure:
        return np.zeros(np.broadcast(accelerated, start).shape, dtype=bool)
    in_force = start >= rule.valid_from.toordinal()
    if rule.valid_until is not None:
        in_force &= start <= rule.valid_until.toordinal()
    return accelerated & in_force


def twv_renewals_vectorised(
    w_valid_until: IntArray,
    contract_start: IntArray,
    contract_end: IntArray,
    term_days: int = W_DOCUMENT_TERM_DAYS,
) -> npt.NDArray[np.int64]:
    """:func:`matching.permits.twv_renewals_needed` over day-ordinal arrays."""
    covered = np.where(
        w_valid_until < contract_start, contract_start + term_days - 1, w_valid_until
    )
    uncovered = contract_end - covered
    return np.where(uncovered > 0, -(-uncovered // term_days), 0).astype(np.int64)
