"""Candidate profiles: create and edit, consent, status, location, and what matching may use.

The profile is anonymous by construction: a random reference, ESCO terms, levels and
dates. Identity lives in ``services.identity``. Matching reads profiles through
:func:`matchable_profiles` (active and with current consent) and
:func:`as_matching_candidate` (location after relocations).

"Profiles changed" signal for the matching index: :func:`profiles_version` returns
``(on, count, max(updated_at))``. Every service here that changes a profile or one of
its rows (skills, consent, relocation, support does not count) bumps
``CandidateProfile.updated_at``; the date is part of the token because consent and
relocations can take effect on a later day without any write.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from babel import Locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

from matching.geo import load_postcodes
from matching.taxonomy import load_taxonomy
from matching.textnorm import fold
from portal.domain.cefr import CEFR_LEVELS
from portal.domain.identifiers import find_identifiers
from portal.extensions import db
from portal.models import (
    CandidateLanguage,
    CandidateOccupation,
    CandidateProfile,
    CandidateSkill,
    CandidateStatus,
    User,
)
from portal.models.base import local_today
from portal.services import audit
from portal.services.candidates.base import (  # the errors are re-exported for callers
    CandidateError as CandidateError,
)
from portal.services.candidates.base import (
    IdentifiersFound as IdentifiersFound,
)
from portal.services.candidates.base import NotAllowed as NotAllowed
from portal.services.candidates.base import ProfileInvalid as ProfileInvalid
from portal.services.candidates.base import UnknownTerm as UnknownTerm
from portal.services.candidates.base import _t, touch

log = logging.getLogger(__name__)

#: Letters and digits that cannot be mixed up when read aloud or copied (no 0/O, 1/I/L).
REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REF_PREFIX = "WB-"
REF_LENGTH = 4


#: Languages offered in the profile form, most common in the pilots first (ISO 639-1).
LANGUAGE_CODES: tuple[str, ...] = (
    "nl", "en", "ar", "ti", "fa", "tr", "ps", "ku", "so", "am", "fr", "ru", "uk",
    "es", "de", "ur", "sw", "om", "hy", "ka", "sq", "bn", "zh", "pt", "it",
)  # fmt: skip

#: Coded reasons for pausing a profile or for a person leaving the programme.
STATUS_REASONS: dict[str, object] = {
    "health": _l("Gezondheid of persoonlijke situatie"),
    "language_course": _l("Eerst taalcursus"),
    "no_interest": _l("Wil (nu) niet werken"),
    "found_work_self": _l("Zelf werk gevonden"),
    "relocated_far": _l("Verhuisd naar een azc ver weg"),
    "residence_permit": _l("Verblijfsvergunning: gekoppeld aan een andere gemeente"),
    "asylum_rejected": _l("Asielaanvraag afgewezen"),
    "left_reception": _l("Heeft de opvang verlaten"),
    "no_contact": _l("Geen contact meer"),
    "other": _l("Andere reden"),
}
NEEDS_REASON = {CandidateStatus.PAUSED, CandidateStatus.LEFT}


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


# -- small helpers ----------------------------------------------------------------------
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


def new_ref() -> str:
    """A fresh random reference such as WB-7Q4K, checked against existing ones."""
    for _ in range(100):
        ref = REF_PREFIX + "".join(
            secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH)
        )
        if not db.session.scalar(select(exists().where(CandidateProfile.ref == ref))):
            return ref
    # ~887,000 combinations: only reachable when nearly all are taken.
    raise RuntimeError("no free candidate reference left")


def find_by_ref(ref: str) -> CandidateProfile | None:
    return db.session.scalar(
        select(CandidateProfile).where(CandidateProfile.ref == ref)
    )


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


# -- create and edit ----------------------------------------------------------------------
def create_profile(
    data: ProfileData, *, by: User | None, ref: str | None = None
) -> CandidateProfile:
    """Add a profile with a new random reference (or ``ref`` from an import)."""
    validate(data)
    profile = CandidateProfile(
        ref=ref or new_ref(),
        reception_centre=data.reception_centre,
        pc4=data.pc4,
        max_travel_km=data.max_travel_km,
        hours_per_week=data.hours_per_week,
        available_from=data.available_from,
        asylum_application_date=data.asylum_application_date,
        status=CandidateStatus.ACTIVE,
        created_by_id=by.id if by is not None else None,
    )
    db.session.add(profile)
    _apply(profile, data)
    db.session.flush()
    audit.record_change(
        "candidate_profile",
        profile.id,
        from_state=None,
        to_state=CandidateStatus.ACTIVE.value,
        by=by,
    )
    log.info("candidate profile %s created", profile.id)
    return profile


def update_profile(
    profile: CandidateProfile, data: ProfileData, *, by: User | None
) -> list[str]:
    """Save the form; returns the names of the changed fields (audited, never values)."""
    validate(data)
    before = ProfileData.from_profile(profile)
    _apply(profile, data)
    changed = [
        name
        for name in vars(data)
        if _comparable(getattr(before, name)) != _comparable(getattr(data, name))
    ]
    if changed:
        touch(profile)
        db.session.flush()
        audit.record_event(
            "candidate.update",
            actor=by,
            object_type="candidate_profile",
            object_id=profile.id,
            details={"fields": changed},
        )
        if {"pc4", "max_travel_km"} & set(changed):
            from portal.services.candidates import relocations

            relocations.reassess_risk(
                profile, on=local_today(), by=by, cause="profile_update"
            )
    return changed


def _comparable(value: object) -> object:
    if isinstance(value, list):
        return sorted(value)
    if isinstance(value, dict):
        return sorted(value.items())
    return value


def _apply(profile: CandidateProfile, data: ProfileData) -> None:
    """Copy the data onto the profile, updating child rows in place (unique keys)."""
    for name in (
        "reception_centre",
        "pc4",
        "max_travel_km",
        "hours_per_week",
        "available_from",
        "asylum_application_date",
        "w_document_valid_until",
        "education_level",
        "has_bsn",
        "in_brp",
    ):
        setattr(profile, name, getattr(data, name))
    profile.summary = data.summary.strip()

    years = dict(data.occupations)
    for occ in list(profile.occupations):
        if occ.esco_uri in years:
            occ.years = years.pop(occ.esco_uri)
        else:
            profile.occupations.remove(occ)
    for uri, value in years.items():
        profile.occupations.append(CandidateOccupation(esco_uri=uri, years=value))

    wanted = dict.fromkeys(data.skills)
    for skill in list(profile.skills):
        if skill.skill_uri in wanted:
            wanted.pop(skill.skill_uri)
        else:
            profile.skills.remove(skill)
    for uri in wanted:
        profile.skills.append(CandidateSkill(skill_uri=uri))

    levels = dict(data.languages)
    for lang in list(profile.languages):
        if lang.code in levels:
            lang.level = levels.pop(lang.code)
        else:
            profile.languages.remove(lang)
    for code, level in levels.items():
        profile.languages.append(CandidateLanguage(code=code, level=level))


def set_status(
    profile: CandidateProfile,
    status: CandidateStatus,
    *,
    by: User | None,
    reason_code: str | None = None,
    on: date | None = None,
) -> None:
    """Move the profile to another status; pausing and leaving need a coded reason."""
    if status == profile.status:
        return
    if status in NEEDS_REASON and reason_code not in STATUS_REASONS:
        raise ProfileInvalid({"reason_code": _t("Kies een reden.")})
    before = profile.status
    profile.status = status
    profile.status_reason = reason_code if status in NEEDS_REASON else None
    profile.left_on = (on or local_today()) if status == CandidateStatus.LEFT else None
    touch(profile)
    db.session.flush()
    audit.record_change(
        "candidate_profile",
        profile.id,
        from_state=str(before),
        to_state=status.value,
        by=by,
        reason_code=profile.status_reason,
    )


def record_outcome(
    profile: CandidateProfile,
    *,
    residence_permit_on: date | None,
    linked_municipality: str | None,
    by: User | None,
) -> None:
    """Record the outcome of the asylum procedure: permit date and housing municipality."""
    if residence_permit_on is not None and residence_permit_on > local_today():
        raise ProfileInvalid(
            {"residence_permit_on": _t("Deze datum ligt in de toekomst.")}
        )
    if residence_permit_on is not None and (
        residence_permit_on < profile.asylum_application_date
    ):
        raise ProfileInvalid(
            {
                "residence_permit_on": _t(
                    "De vergunning kan niet vóór de asielaanvraag zijn verleend."
                )
            }
        )
    changed = []
    municipality = (linked_municipality or "").strip() or None
    if profile.residence_permit_on != residence_permit_on:
        changed.append("residence_permit_on")
    if profile.linked_municipality != municipality:
        changed.append("linked_municipality")
    profile.residence_permit_on = residence_permit_on
    profile.linked_municipality = municipality
    if changed:
        touch(profile)
        db.session.flush()
        audit.record_event(
            "candidate.outcome",
            actor=by,
            object_type="candidate_profile",
            object_id=profile.id,
            details={"fields": changed},
        )


def get_profile(profile_id: int) -> CandidateProfile | None:
    return db.session.get(CandidateProfile, profile_id)


def profiles_by_id(ids: Iterable[int]) -> dict[int, CandidateProfile]:
    wanted = set(ids)
    if not wanted:
        return {}
    rows = db.session.scalars(
        select(CandidateProfile).where(CandidateProfile.id.in_(wanted))
    )
    return {p.id: p for p in rows}
