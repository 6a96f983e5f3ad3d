"""Language levels (CEFR) and education levels (ISCED 2011) for the portal's forms.

CEFR: Council of Europe, Common European Framework of Reference for Languages, six
levels A1 < A2 < B1 < B2 < C1 < C2 (also the order in ``FORMATS.md``). ISCED: UNESCO
Institute for Statistics, International Standard Classification of Education 2011,
levels 0–8. The Dutch examples per ISCED level are a guide for matchmakers — ASSUMED,
not an official mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["nl", "en"]

CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")

CEFR_LABELS: dict[str, dict[Language, str]] = {
    "A1": {"nl": "A1 – beginner", "en": "A1 – beginner"},
    "A2": {"nl": "A2 – basis", "en": "A2 – elementary"},
    "B1": {"nl": "B1 – gevorderd (zelfstandig)", "en": "B1 – intermediate"},
    "B2": {"nl": "B2 – hoger gevorderd", "en": "B2 – upper intermediate"},
    "C1": {"nl": "C1 – vaardig", "en": "C1 – advanced"},
    "C2": {"nl": "C2 – zeer vaardig", "en": "C2 – proficient"},
}


def normalize_cefr(level: str) -> str:
    """Upper-case and strip a level; ValueError if it is not A1–C2."""
    normalized = level.strip().upper()
    if normalized not in CEFR_LEVELS:
        raise ValueError(f"not a CEFR level: {level!r}")
    return normalized


def is_cefr_level(level: str) -> bool:
    """Whether ``level`` is one of A1–C2 (case and spaces ignored)."""
    return level.strip().upper() in CEFR_LEVELS


def cefr_rank(level: str) -> int:
    """0 for A1 up to 5 for C2, so levels can be compared and subtracted."""
    return CEFR_LEVELS.index(normalize_cefr(level))


def cefr_at_least(level: str, required: str) -> bool:
    """Whether ``level`` meets ``required`` (B1 meets A2 and B1, not B2)."""
    return cefr_rank(level) >= cefr_rank(required)


def cefr_shortfall(level: str | None, required: str) -> int:
    """How many levels short of ``required``; 0 when met. No level counts as below A1."""
    have = -1 if level is None else cefr_rank(level)
    return max(0, cefr_rank(required) - have)


def cefr_choices(lang: Language = "nl") -> list[tuple[str, str]]:
    """(value, label) pairs for a select field, lowest level first."""
    return [(level, CEFR_LABELS[level][lang]) for level in CEFR_LEVELS]


@dataclass(frozen=True)
class IscedLevel:
    """One ISCED 2011 level with labels and Dutch examples."""

    code: int
    label_nl: str
    label_en: str
    examples_nl: str


ISCED_LEVELS: tuple[IscedLevel, ...] = (
    IscedLevel(
        0,
        "Voorschoolse educatie",
        "Early childhood education",
        "peuterspeelzaal, kleuterklas",
    ),
    IscedLevel(1, "Basisonderwijs", "Primary education", "basisschool"),
    IscedLevel(
        2,
        "Onderbouw voortgezet onderwijs",
        "Lower secondary education",
        "vmbo, onderbouw havo/vwo",
    ),
    IscedLevel(
        3,
        "Bovenbouw voortgezet onderwijs",
        "Upper secondary education",
        "havo, vwo, mbo",
    ),
    IscedLevel(
        4,
        "Vervolgonderwijs, niet hoger onderwijs",
        "Post-secondary non-tertiary education",
        "korte beroepsopleiding na de middelbare school",
    ),
    IscedLevel(
        5, "Kort hoger onderwijs", "Short-cycle tertiary education", "associate degree"
    ),
    IscedLevel(
        6,
        "Bachelor of vergelijkbaar",
        "Bachelor's or equivalent level",
        "hbo-bachelor, wo-bachelor",
    ),
    IscedLevel(7, "Master of vergelijkbaar", "Master's or equivalent level", "master"),
    IscedLevel(
        8,
        "Doctoraat of vergelijkbaar",
        "Doctoral or equivalent level",
        "promotie (PhD)",
    ),
)


def isced_level(code: int) -> IscedLevel:
    """The level for code 0–8; ValueError otherwise."""
    if not 0 <= code < len(ISCED_LEVELS):
        raise ValueError(f"not an ISCED 2011 level: {code!r}")
    return ISCED_LEVELS[code]


def isced_choices(lang: Language = "nl") -> list[tuple[int, str]]:
    """(code, label) pairs for a select field, lowest level first."""
    return [
        (level.code, level.label_nl if lang == "nl" else level.label_en)
        for level in ISCED_LEVELS
    ]
