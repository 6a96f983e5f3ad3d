"""ESCO v1.1.1 occupations, skills and ISCO groups, loaded from ``matching/data``.

The portal shows labels in Dutch where ESCO has them and searches in Dutch and English;
the ranking uses the occupation→skill relations and the ISCO hierarchy. The data file is
a compact derived copy (see ``matching/data/README.md``), so a fresh clone works
offline. Load it once per process with :func:`load_taxonomy`. The search over the
labels (how a typed query finds and orders them) is :mod:`matching.label_search`.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from matching.label_search import LabelEntry, LabelIndex, label_entries

Lang = Literal["nl", "en"]

ISCO_PREFIX = "http://data.europa.eu/esco/isco/C"
TAXONOMY_FILE = "esco_taxonomy.json.gz"
DESCRIPTIONS_FILE = "esco_occupation_descriptions.json.gz"


@dataclass(frozen=True, slots=True)
class Occupation:
    """An ESCO occupation with its ISCO-08 unit group and labels in both languages."""

    uri: str
    isco_group: str  # 4-digit ISCO-08 unit group, e.g. "5120"
    code: str  # ESCO code, e.g. "5120.1"
    label_nl: str
    label_en: str
    alt_nl: tuple[str, ...]
    alt_en: tuple[str, ...]

    def label(self, lang: str = "nl") -> str:
        """Preferred label in ``lang`` (Dutch unless English is asked for)."""
        return self.label_en if lang == "en" else self.label_nl


@dataclass(frozen=True, slots=True)
class Skill:
    """An ESCO skill or knowledge concept; ``label_nl`` is None where ESCO-nl lacks it."""

    uri: str
    label_en: str
    label_nl: str | None
    alt_en: tuple[str, ...]
    alt_nl: tuple[str, ...]
    skill_type: str  # "skill/competence", "knowledge" or "" (six upstream gaps)
    reuse_level: str  # "transversal", "cross-sector", "sector-specific", ...
    #: Where ``label_nl`` comes from: "esco-1.1.1", "esco-1.0.3", "werkbrug" (the
    #: shipped starter glossary), "glossary" (set by :meth:`Taxonomy.set_glossary`) or "".
    label_nl_source: str = ""

    def label(self, lang: str = "nl") -> str:
        """Label in ``lang``, falling back to English when there is no Dutch label."""
        if lang == "nl" and self.label_nl:
            return self.label_nl
        return self.label_en


class Taxonomy:
    """Read-only view of ESCO; build it with :func:`load_taxonomy`, not directly."""

    def __init__(self, payload: dict[str, Any], source_digest: str = "") -> None:
        #: SHA-256 of the data file this view was read from ("" if built otherwise):
        #: tables derived from the taxonomy ship with it and are used only if it fits.
        self.source_digest = source_digest
        occ_prefix: str = payload["occupation_prefix"]
        skill_prefix: str = payload["skill_prefix"]
        self.esco_version: str = payload["esco_version"]
        self.skills: tuple[Skill, ...] = tuple(
            Skill(
                uri=skill_prefix + row[0],
                label_en=row[3],
                label_nl=row[6],
                alt_en=tuple(row[4]),
                alt_nl=tuple(row[7]),
                skill_type=row[1],
                reuse_level=row[2],
                label_nl_source=(row[8] if len(row) > 8 else "esco-1.1.1")
                if row[6]
                else "",
            )
            for row in payload["skills"]
        )
        #: The skills as shipped, before any glossary (see :meth:`set_glossary`).
        self._shipped_skills = self.skills
        #: Goes up with every glossary change: callers that cache labels key on it.
        self.labels_version = 0
        self._skill_hidden: list[list[str]] = [row[5] for row in payload["skills"]]
        self.occupations: tuple[Occupation, ...] = tuple(
            Occupation(
                uri=occ_prefix + row[0],
                isco_group=row[1],
                code=row[2],
                label_nl=row[3],
                label_en=row[4],
                alt_nl=tuple(row[5]),
                alt_en=tuple(row[6]),
            )
            for row in payload["occupations"]
        )
        self._occ_hidden: list[list[str]] = [row[7] for row in payload["occupations"]]
        #: Skill indices per occupation index, as stored (sorted).
        self.essential_idx: tuple[tuple[int, ...], ...] = tuple(
            tuple(row[8]) for row in payload["occupations"]
        )
        self.optional_idx: tuple[tuple[int, ...], ...] = tuple(
            tuple(row[9]) for row in payload["occupations"]
        )
        self._occ_index = {o.uri: i for i, o in enumerate(self.occupations)}
        self._skill_index = {s.uri: i for i, s in enumerate(self.skills)}
        self._isco: dict[str, tuple[str, str]] = {
            code: (nl, en) for code, nl, en in payload["isco"]
        }
        usage = [0] * len(self.skills)
        for ess, opt in zip(self.essential_idx, self.optional_idx, strict=True):
            for j in ess:
                usage[j] += 1
            for j in opt:
                usage[j] += 1
        #: Number of occupations whose profile lists each skill (essential or optional).
        self.skill_usage: tuple[int, ...] = tuple(usage)

    # -- glossary -----------------------------------------------------------------
    def set_glossary(self, labels: Mapping[str, tuple[str, Sequence[str]]]) -> None:
        """Put Dutch (label, alternative labels) per skill URI over the shipped labels.

        A municipality's glossary wins over ESCO and the starter glossary; a skill left
        out of ``labels`` gets its shipped label back. Pages, search, reasons and text
        all read :attr:`skills`, so one call changes them everywhere at once.
        """
        if not labels and self.skills is self._shipped_skills:
            return
        skills = list(self._shipped_skills)
        for uri, (text, alternatives) in labels.items():
            i = self._skill_index.get(uri)
            if i is None or not text.strip():
                continue
            skills[i] = dataclasses.replace(
                skills[i],
                label_nl=text.strip(),
                alt_nl=tuple(dict.fromkeys([*alternatives, *skills[i].alt_nl])),
                label_nl_source="glossary",
            )
        self.skills = self._shipped_skills if not labels else tuple(skills)
        self.labels_version += 1
        self.__dict__.pop("_skill_search", None)

    @property
    def glossary_applied(self) -> bool:
        """Whether some skill labels are the glossary's rather than the shipped ones."""
        return self.skills is not self._shipped_skills

    def shipped_skill(self, uri: str) -> Skill | None:
        """The skill as shipped (ESCO and the starter glossary), without the glossary."""
        i = self._skill_index.get(uri)
        return None if i is None else self._shipped_skills[i]

    # -- look-ups -----------------------------------------------------------------
    def occupation(self, uri: str) -> Occupation | None:
        """The occupation with this URI, or None."""
        i = self._occ_index.get(uri)
        return None if i is None else self.occupations[i]

    def skill(self, uri: str) -> Skill | None:
        """The skill with this URI, or None."""
        i = self._skill_index.get(uri)
        return None if i is None else self.skills[i]

    @functools.cached_property
    def occupation_uris(self) -> dict[str, str]:
        """URI → the taxonomy's own string for it (readers share one copy)."""
        return {o.uri: o.uri for o in self.occupations}

    @functools.cached_property
    def skill_uris(self) -> dict[str, str]:
        """URI → the taxonomy's own string for it (URIs never change, labels may)."""
        return {uri: uri for uri in self._skill_index}

    @property
    def occupation_positions(self) -> Mapping[str, int]:
        """URI → position in :attr:`occupations` (:meth:`occupation_index` as a map)."""
        return self._occ_index

    @property
    def skill_positions(self) -> Mapping[str, int]:
        """URI → position in :attr:`skills` (:meth:`skill_index` as a map)."""
        return self._skill_index

    def occupation_index(self, uri: str) -> int | None:
        """Position of an occupation in :attr:`occupations` (stable for one data file)."""
        return self._occ_index.get(uri)

    def skill_index(self, uri: str) -> int | None:
        """Position of a skill in :attr:`skills` (stable for one data file)."""
        return self._skill_index.get(uri)

    def label(self, uri: str, lang: str = "nl") -> tuple[str, str]:
        """(text, language of the text) for an occupation, skill or ISCO-group URI.

        A skill without a Dutch label yields its English label with ``"en"``, so the UI
        can mark it ``lang="en"``. Raises KeyError for an unknown URI.
        """
        want = "en" if lang == "en" else "nl"
        if (occ := self.occupation(uri)) is not None:
            return occ.label(want), want
        if (skill := self.skill(uri)) is not None:
            text = skill.label(want)
            return text, ("nl" if want == "nl" and skill.label_nl else "en")
        if uri.startswith(ISCO_PREFIX):
            return self.isco_label(uri[len(ISCO_PREFIX) :], want), want
        raise KeyError(f"unknown ESCO URI: {uri!r}")

    def isco_label(self, code: str, lang: str = "nl") -> str:
        """Label of an ISCO-08 group of 1–4 digits, e.g. ``"512"`` → "Koks"."""
        try:
            nl, en = self._isco[code]
        except KeyError:
            raise KeyError(f"unknown ISCO-08 group: {code!r}") from None
        return en if lang == "en" else nl

    def occupations_in_isco(self, prefix: str) -> list[Occupation]:
        """Occupations whose 4-digit unit group starts with ``prefix``, by ESCO code."""
        found = [o for o in self.occupations if o.isco_group.startswith(prefix)]
        return sorted(found, key=lambda o: (o.code, o.uri))

    def essential_skills(self, occupation_uri: str) -> list[str]:
        """URIs of the skills ESCO marks essential for the occupation ([] if unknown)."""
        return self._skill_uris(self.essential_idx, occupation_uri)

    def optional_skills(self, occupation_uri: str) -> list[str]:
        """URIs of the skills ESCO marks optional for the occupation ([] if unknown)."""
        return self._skill_uris(self.optional_idx, occupation_uri)

    def _skill_uris(
        self, table: tuple[tuple[int, ...], ...], occupation_uri: str
    ) -> list[str]:
        i = self._occ_index.get(occupation_uri)
        return [] if i is None else [self.skills[j].uri for j in table[i]]

    def occupation_description(self, uri: str, lang: str = "nl") -> str:
        """ESCO's description of the occupation ('' if unknown); loaded on first use."""
        occ = self.occupation(uri)
        if occ is None:
            return ""
        uuid = uri.rsplit("/", 1)[-1]
        nl, en = load_occupation_descriptions().get(uuid, ("", ""))
        return en if lang == "en" else nl

    # -- search -------------------------------------------------------------------
    def search_occupations(
        self, query: str, lang: str = "nl", limit: int = 10
    ) -> list[Occupation]:
        """Search-as-you-type over Dutch and English preferred and alternative labels.

        Ranking: exact label, prefix of a preferred label, prefix of a word in it,
        alternative label, substring; then labels in ``lang``, shorter, more common.
        Accents, case and hyphens are ignored.
        """
        return [
            self.occupations[i]
            for i in self._occupation_search.search(query, lang, limit)
        ]

    def search_skills(
        self, query: str, lang: str = "nl", limit: int = 10
    ) -> list[Skill]:
        """Like :meth:`search_occupations`, for skills (more widely used skills first)."""
        return [self.skills[i] for i in self._skill_search.search(query, lang, limit)]

    @functools.cached_property
    def _occupation_search(self) -> LabelIndex:
        entries: list[LabelEntry] = []
        for i, occ in enumerate(self.occupations):
            entries += label_entries(i, "nl", occ.label_nl, occ.alt_nl)
            entries += label_entries(i, "en", occ.label_en, occ.alt_en)
            entries += label_entries(i, "", None, self._occ_hidden[i])
        # Occupations have no usage figures; the number of skills in the profile is a
        # rough proxy for how broad (and commonly searched) an occupation is.
        breadth = [len(e) for e in self.essential_idx]
        return LabelIndex(entries, breadth)

    @functools.cached_property
    def _skill_search(self) -> LabelIndex:
        entries: list[LabelEntry] = []
        for i, skill in enumerate(self.skills):
            entries += label_entries(i, "nl", skill.label_nl, skill.alt_nl)
            entries += label_entries(i, "en", skill.label_en, skill.alt_en)
            entries += label_entries(i, "", None, self._skill_hidden[i])
        return LabelIndex(entries, self.skill_usage)


def _read_json_gz(name: str) -> Any:
    return json.loads(gzip.decompress(_read_data(name)))


def _read_data(name: str) -> bytes:
    return resources.files("matching").joinpath("data", name).read_bytes()


@functools.cache
def load_occupation_descriptions() -> dict[str, tuple[str, str]]:
    """ESCO (Dutch, English) description per occupation UUID, loaded on first use."""
    payload = _read_json_gz(DESCRIPTIONS_FILE)
    return {k: (v[0], v[1]) for k, v in payload["descriptions"].items()}


@functools.cache
def load_taxonomy() -> Taxonomy:
    """The process-wide ESCO taxonomy, loaded once (about 0.2 s) and then shared."""
    data = _read_data(TAXONOMY_FILE)
    return Taxonomy(json.loads(gzip.decompress(data)), hashlib.sha256(data).hexdigest())
