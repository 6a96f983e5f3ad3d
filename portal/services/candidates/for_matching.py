"""What the matching index sees of a profile: where the person lives on a day, whether they
may be matched, and the "profiles changed" token.

Every service that changes a profile or one of its rows (skills, consent, relocation;
support does not count) calls :func:`touch`, which bumps ``CandidateProfile.updated_at``;
:func:`profiles_version` returns ``(on, count, max(updated_at))``. The date is part of
the token because consent and relocations can take effect on a later day without a write.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import selectinload

from matching.types import Candidate
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    CandidateStatus,
    Consent,
)
from portal.models.base import utcnow
from portal.services.candidates.consents import has_current_consent


# -- location and matching ----------------------------------------------------------------
def current_location(profile: CandidateProfile, on: date) -> tuple[str, str]:
    """(reception centre, PC4) on ``on``: the latest relocation that took effect by then."""
    centre, pc4 = profile.reception_centre, profile.pc4
    for move in sorted(profile.relocations, key=lambda r: (r.moved_on, r.id or 0)):
        if move.moved_on <= on:
            centre, pc4 = move.to_reception_centre, move.to_pc4
    return centre, pc4


def _consent_in_force(on: date):
    return exists().where(
        Consent.profile_id == CandidateProfile.id,
        Consent.given_on <= on,
        or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on),
    )


def matchable_profiles(on: date) -> list[CandidateProfile]:
    """Active profiles with consent to matching on ``on``, with their rows loaded."""
    rows = db.session.scalars(
        select(CandidateProfile)
        .where(CandidateProfile.status == CandidateStatus.ACTIVE)
        .where(_consent_in_force(on))
        .options(
            selectinload(CandidateProfile.occupations),
            selectinload(CandidateProfile.skills),
            selectinload(CandidateProfile.languages),
            selectinload(CandidateProfile.consents),
            selectinload(CandidateProfile.relocations),
        )
        .order_by(CandidateProfile.id)
    ).all()
    return [p for p in rows if has_current_consent(p, on)]


def as_matching_candidate(profile: CandidateProfile, on: date) -> Candidate:
    """The matching library's view of a profile on ``on`` (location after relocations).

    An unknown W-document expiry becomes ``date.min``, so the ranking treats it as
    invalid (rule A4) instead of guessing.
    """
    _, pc4 = current_location(profile, on)
    return Candidate(
        ref=profile.ref,
        pc4=pc4,
        max_travel_km=float(profile.max_travel_km),
        hours_per_week=float(profile.hours_per_week),
        available_from=profile.available_from,
        asylum_application_date=profile.asylum_application_date,
        w_document_valid_until=profile.w_document_valid_until or date.min,
        occupations=tuple((o.esco_uri, float(o.years)) for o in profile.occupations),
        skills=tuple(s.skill_uri for s in profile.skills),
        languages={lang.code: lang.level for lang in profile.languages},
        summary=profile.summary,
        has_bsn=profile.has_bsn,
        has_consent=has_current_consent(profile, on),
    )


def profiles_version(on: date) -> tuple[date, int, datetime | None]:
    """A cheap token that changes whenever the matchable set may have changed."""
    count, latest = db.session.execute(select(*profiles_version_columns())).one()
    return profiles_version_of(on, count, latest)


def profiles_version_columns() -> list[Any]:
    """The token's columns, for a caller that reads them in one query with its own."""
    return [
        select(func.count(CandidateProfile.id)).scalar_subquery(),
        select(func.max(CandidateProfile.updated_at)).scalar_subquery(),
    ]


def profiles_version_of(
    on: date, count: int | None, latest: datetime | None
) -> tuple[date, int, datetime | None]:
    """The token from the values of :func:`profiles_version_columns`."""
    if isinstance(latest, datetime) and latest.tzinfo is None:
        latest = latest.replace(tzinfo=utcnow().tzinfo)
    return on, int(count or 0), latest
