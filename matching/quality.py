"""The measured quality of the ranking in use, as the transparency documents quote it.

These figures are measured on the two stored evaluation sets (``tests/matching/sets/``:
ESCO and pilot trades, written by ``make_evalset`` and ``make_pilotset``) with the
default weights, overall and per segment (profile completeness, Dutch level, region =
province of the reception centre's PC4). ``tests/matching/test_quality.py`` and
``test_segments.py`` re-measure them and fail when they no longer agree (to 0.005),
so the algorithm register and the instructions for use cannot quote stale figures:
after changing the ranking, run ``python -m matching evaluate`` on both sets and update
them here (and in the README).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

Figures = MappingProxyType[str, float]


def _figures(values: dict[str, float]) -> Figures:
    return MappingProxyType(values)


@dataclass(frozen=True)
class SetQuality:
    """nDCG@10 and recall@10 on one evaluation set, overall and per segment."""

    name: str
    description_nl: str
    description_en: str
    ndcg: float
    recall: float
    wrongly_listed: float
    #: completeness segment → nDCG@10 within that segment.
    by_completeness: Figures = field(default_factory=lambda: _figures({}))
    #: Dutch level (geen, A1, A2, B1+) → nDCG@10 within that segment.
    by_dutch: Figures = field(default_factory=lambda: _figures({}))
    #: Region (province) → nDCG@10, for regions with at least ``REGION_MIN_VACANCIES``.
    by_region: Figures = field(default_factory=lambda: _figures({}))

    def as_dict(self) -> dict[str, Any]:
        return {
            "set": self.name,
            "description": {"nl": self.description_nl, "en": self.description_en},
            "ndcg_at_10": self.ndcg,
            "recall_at_10": self.recall,
            "wrongly_listed_share": self.wrongly_listed,
            "ndcg_at_10_by_completeness": dict(self.by_completeness),
            "ndcg_at_10_by_dutch_level": dict(self.by_dutch),
            "ndcg_at_10_by_region": dict(self.by_region),
        }


#: A region is quoted (and held to a floor) when this many vacancies measure it; the
#: smaller ones are reported by ``python -m matching evaluate`` but too noisy to quote.
REGION_MIN_VACANCIES = 5

MEASURED: tuple[SetQuality, ...] = (
    SetQuality(
        name="esco",
        description_nl="810 profielen en 60 vacatures uit heel ESCO (seed 7)",
        description_en="810 profiles and 60 vacancies from all of ESCO (seed 7)",
        ndcg=0.965,
        recall=0.994,
        wrongly_listed=0.0,
        by_completeness=_figures(
            {"occupation": 0.934, "skills_only": 0.924, "text_only": 0.968}
        ),
        by_dutch=_figures({"geen": 0.949, "A1": 0.953, "A2": 0.972, "B1+": 0.963}),
        by_region=_figures(
            {
                "Drenthe": 0.983,
                "Groningen": 0.998,
                "Limburg": 0.999,
                "Noord-Brabant": 0.959,
                "Noord-Holland": 0.942,
                "Overijssel": 0.965,
                "Utrecht": 0.988,
            }
        ),
    ),
    SetQuality(
        name="pilot",
        description_nl=(
            "714 mensen en 50 vacatures in de pilotberoepen, de helft zonder beroep "
            "(seed 2027)"
        ),
        description_en=(
            "714 people and 50 vacancies in the pilot trades, half without an "
            "occupation (seed 2027)"
        ),
        ndcg=0.959,
        recall=0.934,
        wrongly_listed=0.0,
        by_completeness=_figures(
            {"occupation": 0.978, "skills_only": 0.903, "text_only": 0.977}
        ),
        by_dutch=_figures({"geen": 0.949, "A1": 0.959, "A2": 0.964, "B1+": 0.973}),
        by_region=_figures(
            {
                "Gelderland": 0.997,
                "Groningen": 0.985,
                "Noord-Brabant": 0.982,
                "Noord-Holland": 0.976,
                "Overijssel": 0.883,
                "Utrecht": 0.934,
                "Zuid-Holland": 0.985,
            }
        ),
    ),
)
#: Plain TF-IDF search on the same sets, for comparison (nDCG@10).
BASELINE_NDCG = MappingProxyType({"esco": 0.624, "pilot": 0.403})
