"""Turn the computed arrays of one pair into readable :class:`Reason` objects.

Only the pairs that are shown (the top-K, or one pair a matchmaker looks up) get
reasons, so this module may loop in Python. The parts are rounded to cents so that
they add up exactly to the reported score (see :func:`_round_to_total`).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np

from matching.feature_space import (
    BLOCKS,
    feature_space,
    occupation_inference,
    sparse_row,
)
from matching.features import CandidateFeatures
from matching.permits import ACCELERATED_PROCEDURE_BLOCK
from matching.reasons import SCORE_REASONS
from matching.scoring import PairArrays
from matching.text import load_text_encoder
from matching.types import CEFR_LEVELS, Reason
from matching.vacancy_features import VacancyFeatures
from matching.weights import Weights

#: Order in which parts are listed when contributions are equal: the registry's.
PART_ORDER = tuple(SCORE_REASONS)


def _iso(ordinal: int) -> str:
    return date.fromordinal(int(ordinal)).isoformat()


def _level(rank: int) -> str | None:
    return CEFR_LEVELS[rank - 1] if rank > 0 else None


def blocked_reasons(
    cf: CandidateFeatures,
    c: int,
    vf: VacancyFeatures,
    v: int,
    arrays: PairArrays,
    k: int,
) -> tuple[Reason, ...]:
    """The hard rules that block pair ``k`` of ``arrays`` (empty if none)."""
    out: list[Reason] = []
    start = int(arrays.start[k])
    if arrays.rules["blocked_not_allowed_to_work_yet"][k]:
        out.append(
            Reason(
                "blocked_not_allowed_to_work_yet",
                0.0,
                {"earliest": _iso(cf.earliest_work[c]), "start": _iso(start)},
            )
        )
    if arrays.rules["blocked_accelerated_procedure"][k]:
        out.append(
            Reason(
                "blocked_accelerated_procedure",
                0.0,
                {
                    "since": ACCELERATED_PROCEDURE_BLOCK.valid_from.isoformat(),
                    "start": _iso(start),
                },
            )
        )
    if arrays.rules["blocked_w_document_expired"][k]:
        out.append(
            Reason(
                "blocked_w_document_expired",
                0.0,
                {"valid_until": _iso(cf.w_valid_until[c]), "start": _iso(start)},
            )
        )
    if arrays.rules["blocked_too_far"][k]:
        out.append(
            Reason(
                "blocked_too_far",
                0.0,
                {
                    "km": round(float(arrays.distance_km[k]), 1),
                    "max_km": float(cf.max_km[c]),
                },
            )
        )
    for code, mask in arrays.languages_blocking.items():
        if mask[k]:
            out.append(
                Reason("blocked_language", 0.0, _language_params(cf, c, vf, v, code))
            )
    if arrays.rules["blocked_no_consent"][k]:
        out.append(Reason("blocked_no_consent", 0.0, {}))
    return tuple(out)


def _language_params(
    cf: CandidateFeatures, c: int, vf: VacancyFeatures, v: int, code: str
) -> dict[str, Any]:
    return {
        "lang": code,
        "has": _level(int(cf.language_levels(code)[c])),
        "required": _level(int(vf.languages[code][v])),
    }


def score_reasons(
    cf: CandidateFeatures,
    c: int,
    vf: VacancyFeatures,
    v: int,
    arrays: PairArrays,
    k: int,
    weights: Weights,
) -> tuple[float, tuple[Reason, ...]]:
    """(score, parts) of pair ``k``; the score is the exact sum of the rounded parts."""
    raw: list[tuple[str, float, dict[str, Any]]] = []
    raw += _structured_parts(cf, c, vf, v, weights)
    cosine = float(arrays.cosine[k])
    text_words = load_text_encoder().shared_words(
        sparse_row(cf.text, c), sparse_row(vf.text, v)
    )
    raw.append(
        (
            "text_similarity",
            float(arrays.parts["text_similarity"][k]),
            {
                "similarity": round(cosine, 3),
                "text_only": bool(cf.text_only[c]),
                "words": text_words,
            },
        )
    )
    raw.append(
        (
            "distance",
            float(arrays.parts["distance"][k]),
            {"km": round(float(arrays.distance_km[k]), 1)},
        )
    )
    raw.append(
        (
            "hours_fit",
            float(arrays.parts["hours_fit"][k]),
            {"hours": float(cf.hours[c]), "required_hours": float(vf.hours[v])},
        )
    )
    earliest = int(arrays.earliest_start[k])
    raw.append(
        (
            "start_soon",
            float(arrays.parts["start_soon"][k]),
            {
                "earliest_start": _iso(earliest),
                "delay_days": max(0, earliest - int(arrays.start[k])),
            },
        )
    )
    raw.append(
        (
            "twv_renewals",
            float(arrays.parts["twv_renewals"][k]),
            {"renewals": int(arrays.renewals[k])},
        )
    )

    # Penalties, one per short language, never take the score below 0.
    positive = sum(value for _, value, _ in raw)
    for code, mask in arrays.languages_short.items():
        if mask[k]:
            points = min(weights.language_one_level_short, positive)
            positive -= points
            raw.append(
                (
                    "language_one_level_short",
                    -points,
                    _language_params(cf, c, vf, v, code),
                )
            )
    values = _round_to_total([value for _, value, _ in raw], float(arrays.total[k]))
    reasons = [
        Reason(code, value, params)
        for (code, _, params), value in zip(raw, values, strict=True)
        if value != 0.0
    ]
    order = {code: i for i, code in enumerate(PART_ORDER)}
    reasons.sort(key=lambda r: (-r.contribution, order[r.code]))
    # Same rounding as the ranking (NumPy: scale, round half to even, unscale).
    return round(float(arrays.total[k]) * 100) / 100, tuple(reasons)


def _round_to_total(values: list[float], total: float) -> list[float]:
    """Round to cents so that the parts add up exactly to ``round(total, 2)``.

    Largest-remainder rounding: every part is rounded down, then the cents still
    missing go to the parts with the largest remainders. The ranking sorts on the same
    rounded total, so the order shown always agrees with the scores shown.
    """
    cents = [v * 100 for v in values]
    floors = [math.floor(x) for x in cents]
    missing = round(total * 100) - sum(floors)
    by_remainder = sorted(range(len(values)), key=lambda i: (floors[i] - cents[i], i))
    for i in by_remainder[: max(missing, 0)]:
        floors[i] += 1
    return [f / 100 for f in floors]


def _values_at(idx: np.ndarray, val: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Values of a sorted sparse row at ``cols`` (0 where the row has no entry)."""
    if idx.size == 0:
        return np.zeros(cols.shape, dtype=np.float64)
    pos = np.minimum(np.searchsorted(idx, cols), idx.size - 1)
    return np.where(idx[pos] == cols, val[pos], 0.0)


def _structured_parts(
    cf: CandidateFeatures, c: int, vf: VacancyFeatures, v: int, weights: Weights
) -> list[tuple[str, float, dict[str, Any]]]:
    """Split the sparse dot product of a pair into occupation, experience and skill parts."""
    space = feature_space()
    tx = space.tx
    off = space.offset
    x_idx, x_val = sparse_row(cf.structured, c)
    q_idx, q_val = sparse_row(vf.query, v)
    x_at_q = _values_at(x_idx, x_val, q_idx)
    contribution = q_val * x_at_q
    block = space.block_of_column[q_idx]
    skill = block == BLOCKS.index("skill")
    years = (block == BLOCKS.index("occ_years")) | (block == BLOCKS.index("unit_years"))
    vac_occ = int(q_idx[block == BLOCKS.index("occupation")][0]) - off["occupation"]

    out: list[tuple[str, float, dict[str, Any]]] = []
    occupation_value = float(contribution[~skill & ~years].sum())
    if occupation_value > 0:
        out.append(
            _occupation_part(cf, c, (x_idx, x_val), vac_occ, occupation_value, weights)
        )
    experience = float(contribution[years].sum())
    if experience > 0:
        unit_col = off["unit_years"] + int(space.occ_unit[vac_occ])
        occ_years, unit_years = _values_at(
            x_idx, x_val, np.array([off["occ_years"] + vac_occ, unit_col])
        )
        full = weights.experience_full_years
        out.append(
            (
                "experience_years",
                experience,
                {
                    "years": round(float(occ_years) * full, 1),
                    "years_in_unit_group": round(float(unit_years) * full, 1),
                    "counted_up_to": full,
                },
            )
        )
    skill_j = (q_idx[skill] - off["skill"]).tolist()
    has = x_at_q[skill].tolist()
    gained = contribution[skill].tolist()
    essential = vf.essential[v]
    for kind, full in (
        ("essential", weights.essential_skills),
        ("optional", weights.optional_skills),
    ):
        mine = [
            i
            for i, j in enumerate(skill_j)
            if (j in essential) == (kind == "essential")
        ]
        value = sum(gained[i] for i in mine)
        if value <= 0:
            continue
        listed = [tx.skills[skill_j[i]].uri for i in mine if has[i] == 1.0]
        inferred = [tx.skills[skill_j[i]].uri for i in mine if 0.0 < has[i] < 1.0]
        out.append(
            (
                f"{kind}_skills",
                value,
                {
                    "share": round(value / full, 3),
                    "listed": listed,
                    "inferred": inferred,
                    "total": len(mine),
                },
            )
        )
    return out


def _occupation_part(
    cf: CandidateFeatures,
    c: int,
    row: tuple[np.ndarray, np.ndarray],
    vac_occ: int,
    value: float,
    weights: Weights,
) -> tuple[str, float, dict[str, Any]]:
    """Name the occupation part after the closest level reached (same, unit, minor)."""
    space = feature_space()
    tx = space.tx
    x_idx, x_val = row
    lo, hi = np.searchsorted(
        x_idx, [space.offset["occupation"], space.offset["unit_group"]]
    )
    occs = x_idx[lo:hi] - space.offset["occupation"]
    credits = x_val[lo:hi]
    vac = tx.occupations[vac_occ]
    levels = (
        ("same_occupation", occs == vac_occ, None),
        (
            "related_occupation_unit_group",
            space.occ_unit[occs] == space.occ_unit[vac_occ],
            vac.isco_group,
        ),
        (
            "related_occupation_minor_group",
            space.occ_minor[occs] == space.occ_minor[vac_occ],
            vac.isco_group[:3],
        ),
    )
    for code, at_level, group in levels:
        if not at_level.any():
            continue
        # Highest credit first; occs are sorted, so ties go to the lowest index.
        pick = int(np.flatnonzero(at_level)[np.argmax(credits[at_level])])
        best, credit = int(occs[pick]), float(credits[pick])
        source, evidence = _occupation_source(cf, c, best, credit)
        params: dict[str, Any] = {
            "occupation": tx.occupations[best].uri,
            "credit": round(credit, 3),
            "source": source,
        }
        if evidence:
            params["evidence"] = evidence
        if group is not None:
            params["isco_group"] = group
        return code, value, params
    raise AssertionError(
        "occupation part without a matching occupation"
    )  # pragma: no cover


def _occupation_source(
    cf: CandidateFeatures, c: int, occupation: int, credit: float
) -> tuple[str, list[str]]:
    """ "declared", or which evidence ("skills" or "summary") inferred the occupation.

    The evidence names what the inference saw: the profile's skills that weigh most
    in the occupation's ESCO profile (URIs), or the occupation label the summary
    contains ("afgeleid uit de samenvatting: kok").
    """
    if credit >= 1.0:
        return "declared", []
    inference = occupation_inference()
    found = cf.inferred
    by_skills = _values_at(*sparse_row(found.by_skills, c), np.array([occupation]))[0]
    by_text = _values_at(*sparse_row(found.by_text, c), np.array([occupation]))[0]
    if by_skills >= by_text:
        space = feature_space()
        x_idx, x_val = sparse_row(cf.structured, c)
        first_skill = space.offset["skill"]
        listed = x_idx[(x_idx >= first_skill) & (x_val == 1.0)] - first_skill
        evidence = inference.skill_evidence(listed, occupation)
        return "skills", [space.tx.skills[j].uri for j in evidence]
    label = inference.label_evidence(found.clauses[c], occupation)
    return "summary", [label] if label else []
