"""What a matchmaker types into a profile, and the checks it must pass before it is saved.

``ProfileData`` is the profile form's content, already shaped; :func:`validate` checks what
the form cannot (ESCO terms, postcode, levels, sensible dates) and that the summary holds
no identifiers (:func:`check_anonymous`, also used for every other free text about a
person). :func:`resolve_term` turns a typed label into its ESCO term and :func:`term_label`
back. Saving is ``profiles``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from babel import Locale

from matching.geo import load_postcodes
from matching.taxonomy import load_taxonomy
from matching.textnorm import fold
from portal.domain.cefr import CEFR_LEVELS
from portal.domain.identifiers import find_identifiers
from portal.models import CandidateProfile
from portal.models.base import local_today
from portal.services.candidates.base import (
    IdentifiersFound,
    ProfileInvalid,
    UnknownTerm,
    _t,
)

#: Languages offered in the profile form, most common in the pilots first (ISO 639-1).
LANGUAGE_CODES: tuple[str, ...] = (
    "nl", "en", "ar", "ti", "fa", "tr", "ps", "ku", "so", "am", "fr", "ru", "uk",
    "es", "de", "ur", "sw", "om", "hy", "ka", "sq", "bn", "zh", "pt", "it",
)  # fmt: skip


@dataclass
class ProfileData:
    """Everything a matchmaker types into the profile form, already shaped."""

    reception_centre: str
    pc4: str
    max_travel_km: int
    hours_per_week: int
    available_from: date
    asylum_application_date: date
    w_document_valid_until: date | None = None
    summary: str = ""
    education_level: int | None = None
    has_bsn: bool = False
    in_brp: bool = False
    #: (ESCO occupation URI, years of experience)
    occupations: list[tuple[str, float]] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    #: ISO 639-1 code -> CEFR level
    languages: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_profile(cls, profile: CandidateProfile) -> ProfileData:
        return cls(
            reception_centre=profile.reception_centre,
            pc4=profile.pc4,
            max_travel_km=profile.max_travel_km,
            hours_per_week=profile.hours_per_week,
            available_from=profile.available_from,
            asylum_application_date=profile.asylum_application_date,
            w_document_valid_until=profile.w_document_valid_until,
            summary=profile.summary,
            education_level=profile.education_level,
            has_bsn=profile.has_bsn,
            in_brp=profile.in_brp,
            occupations=[(o.esco_uri, o.years) for o in profile.occupations],
            skills=[s.skill_uri for s in profile.skills],
            languages={lang.code: lang.level for lang in profile.languages},
        )


def language_name(code: str, locale: str = "nl") -> str:
    """The language's name in the page language, e.g. ``ti`` -> "Tigrinya"."""
    try:
        name = Locale.parse(locale).languages.get(code)
    except (ValueError, TypeError):
        name = None
    return name or code


def check_anonymous(field_name: str, text: str) -> None:
    """Refuse a free text that contains phone numbers, e-mail addresses, V-numbers, BSNs."""
    findings = find_identifiers(text or "")
    if findings:
        raise IdentifiersFound(field_name, findings)


ESCO_PREFIX = "http://data.europa.eu/esco/"


def resolve_term(
    text: str,
    kind: str,
    *,
    lang: str = "nl",
    prefer: Iterable[str] = (),
) -> str:
    """The ESCO URI for a typed label (Dutch or English) or a pasted URI.

    ``kind`` is "occupation" or "skill". ``prefer`` holds URIs the profile already has,
    so that saving an unchanged form never swaps a term for a namesake.
    """
    tx = load_taxonomy()
    lookup = tx.occupation if kind == "occupation" else tx.skill
    text = text.strip()
    if text.startswith(ESCO_PREFIX):
        if lookup(text) is None:
            raise UnknownTerm(text, [])
        return text
    wanted = fold(text)
    for uri in prefer:
        item = lookup(uri)
        if item is not None and wanted in {
            fold(item.label("nl")),
            fold(item.label("en")),
        }:
            return uri
    search = tx.search_occupations if kind == "occupation" else tx.search_skills
    found = search(text, lang, 8)
    for item in found:
        labels = {item.label_en, *item.alt_en, *item.alt_nl}
        if item.label_nl:
            labels.add(item.label_nl)
        if wanted in {fold(label) for label in labels}:
            return item.uri
    raise UnknownTerm(text, [item.label(lang) for item in found[:5]])


def term_label(uri: str, lang: str = "nl") -> tuple[str, str]:
    """(label, language of the label) for an ESCO URI; the URI itself when unknown."""
    try:
        return load_taxonomy().label(uri, lang)
    except KeyError:
        return uri, "en"


def validate(data: ProfileData) -> None:
    """Check what the form cannot: ESCO URIs, postcodes, levels, sensible dates."""
    errors: dict[str, str] = {}
    tx = load_taxonomy()
    for uri, years in data.occupations:
        if tx.occupation(uri) is None:
            errors["occupations"] = _t("Onbekend ESCO-beroep: %(uri)s", uri=uri)
        elif years < 0 or years > 60:
            errors["occupations"] = _t("Jaren ervaring moet tussen 0 en 60 liggen.")
    for uri in data.skills:
        if tx.skill(uri) is None:
            errors["skills"] = _t("Onbekende ESCO-vaardigheid: %(uri)s", uri=uri)
    for code, level in data.languages.items():
        if code not in LANGUAGE_CODES and len(code) != 2:
            errors["languages"] = _t("Onbekende taalcode: %(code)s", code=code)
        if level not in CEFR_LEVELS:
            errors["languages"] = _t("Onbekend taalniveau: %(level)s", level=level)
    if not load_postcodes().exists(data.pc4):
        errors["pc4"] = _t("Deze postcode (4 cijfers) kennen we niet.")
    if not 0 <= data.max_travel_km <= 300:
        errors["max_travel_km"] = _t("Kies een afstand tussen 0 en 300 km.")
    if not 1 <= data.hours_per_week <= 60:
        errors["hours_per_week"] = _t("Kies tussen 1 en 60 uur per week.")
    if data.education_level is not None and not 0 <= data.education_level <= 8:
        errors["education_level"] = _t("Kies een opleidingsniveau.")
    if data.asylum_application_date > local_today():
        errors["asylum_application_date"] = _t(
            "De datum van de asielaanvraag ligt in de toekomst."
        )

    if (
        data.w_document_valid_until is not None
        and data.w_document_valid_until < data.asylum_application_date
    ):
        errors["w_document_valid_until"] = _t(
            "Het W-document kan niet verlopen vóór de asielaanvraag."
        )

    if not (data.occupations or data.skills or data.summary.strip()):
        errors["occupations"] = _t(
            "Vul minstens een beroep, een vaardigheid of een samenvatting in."
        )

    if errors:
        raise ProfileInvalid(errors)
    check_anonymous("summary", data.summary)
