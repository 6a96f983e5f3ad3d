"""The ESCO look-ups the portal's pickers and pages need, in display-ready form.

A thin layer over ``matching.taxonomy``: it says in which language each label is (Dutch
skill labels exist for only part of ESCO, so an English label must be marked
``lang="en"``) and caps what a search may ask for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matching.taxonomy import Taxonomy, load_taxonomy

MAX_QUERY = 100
MAX_LIMIT = 25


def taxonomy() -> Taxonomy:
    """The process-wide taxonomy (loaded once)."""
    return load_taxonomy()


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


@dataclass(frozen=True)
class Hit:
    """One search result: label in the page language (or English), the other label, ISCO."""

    uri: str
    label: str
    lang: str
    other_label: str
    other_lang: str
    isco_group: str = ""
    isco_label: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "uri": self.uri,
            "label": self.label,
            "lang": self.lang,
            "other_label": self.other_label,
            "other_lang": self.other_lang,
            "isco_group": self.isco_group,
            "isco_label": self.isco_label,
        }


def _clean(query: str, limit: int) -> tuple[str, int]:
    return query.strip()[:MAX_QUERY], max(1, min(limit, MAX_LIMIT))


def search_occupations(query: str, lang: str = "nl", limit: int = 10) -> list[Hit]:
    """Occupations by Dutch and English labels, alternative labels included."""
    query, limit = _clean(query, limit)
    want = _lang(lang)
    other = "nl" if want == "en" else "en"
    tx = taxonomy()
    hits = []
    for occ in tx.search_occupations(query, want, limit):
        try:
            isco = tx.isco_label(occ.isco_group, want)
        except KeyError:
            isco = ""
        hits.append(
            Hit(
                uri=occ.uri,
                label=occ.label(want),
                lang=want,
                other_label=occ.label(other),
                other_lang=other,
                isco_group=occ.isco_group,
                isco_label=isco,
            )
        )
    return hits


def search_skills(query: str, lang: str = "nl", limit: int = 10) -> list[Hit]:
    """Skills by Dutch and English labels; an English-only label says so."""
    query, limit = _clean(query, limit)
    want = _lang(lang)
    tx = taxonomy()
    hits = []
    for skill in tx.search_skills(query, want, limit):
        text, text_lang = tx.label(skill.uri, want)
        other_lang = "en" if text_lang == "nl" else "nl"
        other = skill.label(other_lang) if other_lang == "en" else skill.label_nl or ""
        hits.append(Hit(skill.uri, text, text_lang, other, other_lang))
    return hits


def label(uri: str, lang: str = "nl") -> tuple[str, str]:
    """(text, language of the text); an unknown URI shows as itself."""
    try:
        return taxonomy().label(uri, _lang(lang))
    except KeyError:
        return uri, "en"


def occupation_exists(uri: str) -> bool:
    return taxonomy().occupation(uri) is not None


def skill_exists(uri: str) -> bool:
    return taxonomy().skill(uri) is not None


def isco_group(occupation_uri: str) -> str:
    """4-digit ISCO-08 unit group of an occupation ('' if unknown)."""
    occ = taxonomy().occupation(occupation_uri)
    return occ.isco_group if occ is not None else ""


def isco_label(code: str, lang: str = "nl") -> str:
    """Label of an ISCO-08 group ('' if unknown)."""
    try:
        return taxonomy().isco_label(code, _lang(lang))
    except KeyError:
        return ""


def essential_skills(occupation_uri: str) -> list[str]:
    """ESCO's essential skills of the occupation (what picking it pre-fills)."""
    return taxonomy().essential_skills(occupation_uri)


def optional_skills(occupation_uri: str) -> list[str]:
    """ESCO's optional skills of the occupation."""
    return taxonomy().optional_skills(occupation_uri)


def labelled(uris: list[str], lang: str = "nl") -> list[tuple[str, tuple[str, str]]]:
    """(uri, (text, lang)) pairs, for lists of skills on a page."""
    return [(uri, label(uri, lang)) for uri in uris]
