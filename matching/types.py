"""Inputs and outputs of the matching library, mirroring ``FORMATS.md``.

The dataclasses hold only what matching may use. Nationality, country of origin, mother
tongue, religion, sex, age and the reception centre have no field here on purpose, so no
code path can use them as a proxy (the reception centre only shows through ``pc4``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any

#: CEFR levels in order; a missing language counts as level 0 (below A1).
CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")
CEFR_RANK: Mapping[str, int] = MappingProxyType(
    {level: i + 1 for i, level in enumerate(CEFR_LEVELS)}
)


def cefr_rank(level: str | None) -> int:
    """1 for A1 … 6 for C2, 0 for a missing language."""
    return 0 if level is None else CEFR_RANK[level]


def _frozen_mapping(value: Mapping[str, str]) -> Mapping[str, str]:
    items = tuple(sorted(value.items()))
    try:
        return _shared_mapping(items)
    except TypeError:  # unhashable values: not shared
        return MappingProxyType(dict(items))


@functools.lru_cache(maxsize=4096)
def _shared_mapping(items: tuple[tuple[str, str], ...]) -> Mapping[str, str]:
    """One read-only mapping per distinct content (100,000 profiles list a few dozen
    language combinations): immutable, so sharing it is safe."""
    return MappingProxyType(dict(items))


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """An anonymised candidate profile (FORMATS.md, "Candidate profile")."""

    ref: str
    pc4: str
    max_travel_km: float
    hours_per_week: float
    available_from: date
    asylum_application_date: date
    w_document_valid_until: date
    #: (ESCO occupation URI, years of experience) pairs.
    occupations: tuple[tuple[str, float], ...] = ()
    skills: tuple[str, ...] = ()
    #: ISO 639-1 code → CEFR level, e.g. {"nl": "A2"}.
    languages: Mapping[str, str] = field(default_factory=dict)
    summary: str = ""
    has_bsn: bool | None = None
    #: Registration of the asylum application where it came before the lodging: from
    #: 12 Jun 2026 the waiting period counts from it (directive 2024/1346 art. 17).
    asylum_registration_date: date | None = None
    #: The application is examined in an accelerated procedure: no work from 12 Jun
    #: 2026 while ``EligibilityRules.block_accelerated_procedure`` is on.
    accelerated_procedure: bool = False
    #: Day of the residence permit (status holder, A1): from then no TWV is needed and
    #: the waiting period, W-document and procedure rules no longer apply (the portal
    #: fills this; the JSON Lines files do not carry it).
    residence_permit_on: date | None = None
    #: Set by the portal; without current consent a profile is never proposed.
    has_consent: bool = True
    #: Moves still to come, as (day, PC4) in order; ``pc4`` is where the person lives
    #: until the first. A ranking places the person where they live on the vacancy's
    #: start day (the portal fills this; the JSON Lines files do not carry it).
    relocations: tuple[tuple[date, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", _frozen_mapping(self.languages))

    @property
    def is_text_only(self) -> bool:
        """Described only in words: no ESCO occupation and no ESCO skill."""
        return not self.occupations and not self.skills


@dataclass(frozen=True, kw_only=True)
class Vacancy:
    """A vacancy (FORMATS.md, "Vacancy")."""

    ref: str
    esco_occupation: str
    title: str
    pc4: str
    hours_per_week: float
    start_date: date
    contract_months: float
    hourly_wage_eur: float
    description: str = ""
    essential_skills: tuple[str, ...] = ()
    optional_skills: tuple[str, ...] = ()
    #: ISO 639-1 code → minimum CEFR level.
    languages_required: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "languages_required", _frozen_mapping(self.languages_required)
        )


@dataclass(frozen=True)
class Reason:
    """One named part of a score (or one hard rule that blocks a pair).

    ``contribution`` is in score points (0 for a block); ``params`` are JSON-ready
    values (strings, numbers, lists) that the portal uses to phrase the reason.
    """

    code: str
    contribution: float
    params: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """FORMATS.md shape: ``{"code": ..., "weight": contribution, **params}``."""
        return {"code": self.code, "weight": self.contribution, **self.params}


@dataclass(frozen=True)
class MatchScore:
    """A proposed pair with its score (0–100) and the parts that add up to it."""

    candidate_ref: str
    vacancy_ref: str
    score: float
    reasons: tuple[Reason, ...]

    def to_json(self) -> dict[str, Any]:
        """One entry of ``matches`` in a FORMATS.md result line."""
        return {
            "candidate": self.candidate_ref,
            "score": self.score,
            "reasons": [r.to_json() for r in self.reasons],
        }


@dataclass(frozen=True)
class Explanation:
    """Why a pair is (not) proposed: the blocking rules, the score and its parts.

    ``score`` is None when a hard rule blocks the pair; ``reasons`` then still show
    what the pair would have scored, so a matchmaker can see what else fits.
    """

    candidate_ref: str
    vacancy_ref: str
    blocked: tuple[Reason, ...]
    score: float | None
    reasons: tuple[Reason, ...]

    @property
    def is_blocked(self) -> bool:
        """Whether any hard rule forbids proposing this pair."""
        return bool(self.blocked)
