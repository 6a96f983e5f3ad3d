"""Profiles and vacancies as the matching library's types, read as light rows.

Only anonymised fields cross into the matching library: never a name, V-number,
nationality, age or the reception centre's name (only its postcode area, through the
person's current location). Consent and location come from the candidates service's own
rules (:func:`~portal.services.candidates.consents.has_current_consent`,
:func:`~portal.services.candidates.for_matching.current_location`). The permit facts the
TWV gate judges (``twv.facts.candidate_facts``) cross as well, with the gate's own
settings (:func:`eligibility_rules`): the application and registration dates, the
accelerated procedure, the residence permit and the W-document go to the library's hard
rules; a final refusal and leaving COA reception keep a profile out of the pool
(:func:`out_of_work`), so matching and the gate refuse the same people.

The pool is read with plain Core queries into light rows (:class:`ProfileRow`) rather
than ORM objects: for 10,000 profiles that is seconds faster, and the rows duck-type
the profile for the candidates service's functions, so its rules are used unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import or_, select

from matching import weights as match_weights
from matching.geo import load_postcodes
from matching.permits import EligibilityRules
from matching.taxonomy import load_taxonomy
from matching.types import CEFR_RANK
from matching.types import Candidate as MatchCandidate
from matching.types import Vacancy as MatchVacancy
from portal.extensions import db
from portal.models import (
    CandidateLanguage,
    CandidateOccupation,
    CandidateProfile,
    CandidateSkill,
    CandidateStatus,
    Consent,
    Relocation,
    Vacancy,
)
from portal.services.candidates import consents, for_matching
from portal.services.twv.eligibility import eligibility_settings

log = logging.getLogger(__name__)

#: An unknown W-document counts as expired (domain rule A4: "w_exp < start, or unknown").
UNKNOWN_W_DOCUMENT = date(1900, 1, 1)


class _Occupation(NamedTuple):
    esco_uri: str
    years: float


class _Skill(NamedTuple):
    skill_uri: str


class _Language(NamedTuple):
    code: str
    level: str


class _Consent(NamedTuple):
    id: int
    given_on: date
    withdrawn_on: date | None
    scope: str


class _Relocation(NamedTuple):
    id: int
    moved_on: date
    to_reception_centre: str
    to_pc4: str


@dataclass
class ProfileRow:
    """A profile read for matching: the anonymised columns and the rows matching needs."""

    id: int
    ref: str
    status: str
    asylum_rejected: bool
    summary: str
    reception_centre: str
    pc4: str
    max_travel_km: int
    hours_per_week: int
    available_from: date
    asylum_application_date: date
    w_document_valid_until: date | None
    residence_permit_on: date | None
    has_bsn: bool
    asylum_registration_date: date | None
    accelerated_procedure: bool
    in_coa_reception: bool
    occupations: list[_Occupation] = field(default_factory=list)
    skills: list[_Skill] = field(default_factory=list)
    languages: list[_Language] = field(default_factory=list)
    consents: list[_Consent] = field(default_factory=list)
    relocations: list[_Relocation] = field(default_factory=list)


_PROFILE_COLUMNS = (
    CandidateProfile.id,
    CandidateProfile.ref,
    CandidateProfile.status,
    CandidateProfile.asylum_rejected,
    CandidateProfile.summary,
    CandidateProfile.reception_centre,
    CandidateProfile.pc4,
    CandidateProfile.max_travel_km,
    CandidateProfile.hours_per_week,
    CandidateProfile.available_from,
    CandidateProfile.asylum_application_date,
    CandidateProfile.w_document_valid_until,
    CandidateProfile.residence_permit_on,
    CandidateProfile.has_bsn,
    CandidateProfile.asylum_registration_date,
    CandidateProfile.accelerated_procedure,
    CandidateProfile.in_coa_reception,
)
_CHILDREN: tuple[tuple[str, Any, tuple[Any, ...], Any], ...] = (
    ("occupations", CandidateOccupation, (CandidateOccupation.esco_uri, CandidateOccupation.years), _Occupation),
    ("skills", CandidateSkill, (CandidateSkill.skill_uri,), _Skill),
    ("languages", CandidateLanguage, (CandidateLanguage.code, CandidateLanguage.level), _Language),
    ("consents", Consent, (Consent.id, Consent.given_on, Consent.withdrawn_on, Consent.scope), _Consent),
    (
        "relocations",
        Relocation,
        (Relocation.id, Relocation.moved_on, Relocation.to_reception_centre, Relocation.to_pc4),
        _Relocation,
    ),
)  # fmt: skip


def load_profile_rows(ids: Iterable[int] | None = None) -> list[ProfileRow]:
    """Active profiles that may work (or exactly ``ids``), with their rows, by id.

    Without ``ids`` the query leaves out what :func:`is_matchable` refuses whatever
    the day: a final refusal, and a person out of COA reception without a residence
    permit.
    """
    query = select(*_PROFILE_COLUMNS).order_by(CandidateProfile.id)
    wanted = None if ids is None else sorted(set(ids))
    if wanted is None:
        query = query.where(
            CandidateProfile.status == CandidateStatus.ACTIVE,
            CandidateProfile.asylum_rejected.is_(False),
            or_(
                CandidateProfile.in_coa_reception.is_(True),
                CandidateProfile.residence_permit_on.is_not(None),
            ),
        )
    elif not wanted:
        return []
    else:
        query = query.where(CandidateProfile.id.in_(wanted))
    rows = {r.id: ProfileRow(*r) for r in db.session.execute(query)}
    for attr, model, columns, shape in _CHILDREN:
        child = select(model.profile_id, *columns).order_by(model.id)
        if wanted is not None:
            child = child.where(model.profile_id.in_(wanted))
        for profile_id, *values in db.session.execute(child):
            row = rows.get(profile_id)
            if row is not None:
                getattr(row, attr).append(shape(*values))
    return list(rows.values())


def is_matchable(profile: ProfileRow, on: date) -> bool:
    """The candidates service's rule (active, consent to matching on ``on``), and none
    of the TWV gate's blocks that hold whatever the start date (see :func:`out_of_work`)."""
    return (
        profile.status == CandidateStatus.ACTIVE
        and not out_of_work(profile, on)
        and consents.has_current_consent(profile, on)  # type: ignore[arg-type]
    )


def is_status_holder(profile: Any, on: date) -> bool:
    """A1: a residence permit by ``on`` (no TWV needed any more)."""
    permit = profile.residence_permit_on
    return permit is not None and permit <= on


def out_of_work(profile: Any, on: date) -> list[str]:
    """The TWV gate's blocks kept out of matching altogether, for work from ``on``.

    A final refusal ends the right to work (A6); a person who left COA reception gets
    no TWV (A5), unless a residence permit means none is needed (A1). The date rules
    (waiting period, W-document, accelerated procedure) are the library's.
    """
    out = []
    if profile.asylum_rejected:
        out.append("asylum_rejected")
    if not profile.in_coa_reception and not is_status_holder(profile, on):
        out.append("not_in_coa_reception")
    return out


def eligibility_rules() -> EligibilityRules:
    """The TWV gate's own switches (``twv.eligibility.eligibility_settings``) as the library's rules.

    Read per request (the settings are one cached query) and applied at query time: a
    changed setting needs no new index.
    """
    settings = eligibility_settings()
    return EligibilityRules(
        block_accelerated_procedure=settings.block_accelerated_procedure
    )


# -- mapping rows to library types ------------------------------------------------------
def current_weights() -> match_weights.Weights:
    """The weights in use, read at call time: the public register page reads the same."""
    return match_weights.DEFAULT_WEIGHTS


def candidate_location(profile: Any, on: date) -> str:
    """The person's PC4 area on ``on``, relocations applied."""
    _centre, pc4 = for_matching.current_location(profile, on)
    return pc4


def to_candidate(
    profile: Any, *, on: date, location_on: date | None = None
) -> MatchCandidate | None:
    """The anonymised library view of a profile, or None if it cannot be placed on a map.

    ``on`` decides consent; ``location_on`` (default ``on``) decides where the person
    lives. Unknown ESCO codes and CEFR levels are left out rather than guessed.
    """
    tx = load_taxonomy()
    pc4 = candidate_location(profile, location_on or on)
    if not load_postcodes().exists(pc4):
        log.warning("profile %s has an unknown postcode area; not matched", profile.id)
        return None
    return MatchCandidate(
        ref=profile.ref,
        pc4=pc4,
        max_travel_km=float(profile.max_travel_km),
        hours_per_week=float(profile.hours_per_week),
        available_from=profile.available_from,
        asylum_application_date=profile.asylum_application_date,
        asylum_registration_date=profile.asylum_registration_date,
        accelerated_procedure=bool(profile.accelerated_procedure),
        residence_permit_on=profile.residence_permit_on,
        w_document_valid_until=profile.w_document_valid_until or UNKNOWN_W_DOCUMENT,
        occupations=tuple(
            sorted(
                (o.esco_uri, float(o.years or 0))
                for o in profile.occupations
                if tx.occupation(o.esco_uri) is not None
            )
        ),
        skills=tuple(
            sorted(s.skill_uri for s in profile.skills if tx.skill(s.skill_uri))
        ),
        languages={
            lang.code: lang.level
            for lang in profile.languages
            if lang.level in CEFR_RANK
        },
        summary=profile.summary or "",
        has_bsn=profile.has_bsn,
        has_consent=bool(consents.has_current_consent(profile, on)),
    )


def to_vacancy(vacancy: Vacancy) -> MatchVacancy | None:
    """The library view of a vacancy, or None if its occupation or postcode is unknown."""
    tx = load_taxonomy()
    if tx.occupation(vacancy.esco_occupation) is None or not load_postcodes().exists(
        vacancy.pc4
    ):
        log.warning("vacancy %s has an unknown occupation or postcode", vacancy.id)
        return None
    return MatchVacancy(
        ref=vacancy.ref,
        esco_occupation=vacancy.esco_occupation,
        title=vacancy.title,
        pc4=vacancy.pc4,
        hours_per_week=float(vacancy.hours_per_week),
        start_date=vacancy.start_date,
        contract_months=float(vacancy.contract_months),
        hourly_wage_eur=float(vacancy.hourly_wage),
        description=vacancy.description or "",
        essential_skills=tuple(s for s in vacancy.essential_skills if tx.skill(s)),
        optional_skills=tuple(s for s in vacancy.optional_skills if tx.skill(s)),
        languages_required={
            lang.code: lang.level
            for lang in vacancy.languages
            if lang.level in CEFR_RANK
        },
    )
