"""Candidate profiles: create and edit, status, the asylum procedure's outcome, lookups.

The profile is anonymous by construction: a random reference, ESCO terms, levels and
dates. What the form gives (``ProfileData``) and the checks it must pass are in
``profile_input``. Identity lives in ``services.identity``. Matching reads profiles through
``for_matching`` (``matchable_profiles``: active and with current consent;
``as_matching_candidate``: location after relocations).

"Profiles changed" signal for the matching index: ``for_matching.profiles_version``
returns ``(on, count, max(updated_at))``. Every service here that changes a profile or one of
its rows (skills, consent, relocation, support does not count) bumps
``CandidateProfile.updated_at``; the date is part of the token because consent and
relocations can take effect on a later day without any write.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, select

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
from portal.services.candidates.profile_input import ProfileData, validate

log = logging.getLogger(__name__)

#: Letters and digits that cannot be mixed up when read aloud or copied (no 0/O, 1/I/L).
REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
REF_PREFIX = "WB-"
REF_LENGTH = 4


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
