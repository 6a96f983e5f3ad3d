"""The matchmaker's list of profiles (filters on status, consent, permit situation and terms),
and one profile loaded for its page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from matching.permits import add_months
from matching.taxonomy import load_taxonomy
from portal.extensions import db
from portal.models import (
    CandidateOccupation,
    CandidateProfile,
    CandidateStatus,
    Consent,
)

STATUSES = {s.value for s in CandidateStatus}
#: The W-document counts as "expiring" this many days ahead (and when already expired).
EXPIRING_DAYS = 91


@dataclass(frozen=True)
class ProfileFilters:
    """``status``: "" (all but left), "all" or a status; ``consent``: "", "yes", "no";
    ``permit``: "", "may_work", "waiting", "w_expiring", "no_bsn"."""

    q: str = ""
    status: str = ""
    consent: str = ""
    permit: str = ""


def _consent_to_matching(on: date) -> ColumnElement[bool]:
    return CandidateProfile.consents.any(
        (Consent.given_on <= on)
        & or_(Consent.withdrawn_on.is_(None), Consent.withdrawn_on > on)
        & Consent.scope.contains("matching")
    )


@lru_cache(maxsize=512)
def _occupations_named(q: str, lang: str) -> tuple[str, ...]:
    """ESCO occupations matching the search words (the taxonomy is fixed data, and a
    search over it costs tens of milliseconds: kept per process)."""
    return tuple(o.uri for o in load_taxonomy().search_occupations(q, lang, 30))


def _filtered(
    filters: ProfileFilters, on: date, lang: str
) -> Select[tuple[CandidateProfile]]:
    query = select(CandidateProfile)
    if filters.status == "":
        query = query.where(CandidateProfile.status != CandidateStatus.LEFT)
    elif filters.status in STATUSES:
        query = query.where(CandidateProfile.status == filters.status)
    if q := filters.q.strip():
        uris = list(_occupations_named(q, lang))
        query = query.where(
            or_(
                func.upper(CandidateProfile.ref).contains(q.upper()),
                CandidateProfile.occupations.any(
                    CandidateOccupation.esco_uri.in_(uris)
                ),
            )
        )
    if filters.consent == "yes":
        query = query.where(_consent_to_matching(on))
    elif filters.consent == "no":
        query = query.where(~_consent_to_matching(on))
    six_months_ago = add_months(on, -6)
    if filters.permit == "may_work":
        query = query.where(CandidateProfile.asylum_application_date <= six_months_ago)
    elif filters.permit == "waiting":
        query = query.where(CandidateProfile.asylum_application_date > six_months_ago)
    elif filters.permit == "w_expiring":
        query = query.where(
            CandidateProfile.w_document_valid_until
            <= on + timedelta(days=EXPIRING_DAYS)
        )
    elif filters.permit == "no_bsn":
        query = query.where(CandidateProfile.has_bsn.is_(False))
    return query


#: Pages past this are empty anyway; the cap keeps a typed page number within SQL's range.
MAX_PAGE = 100_000


def search_profiles(
    filters: ProfileFilters, *, on: date, page: int, page_size: int, lang: str = "nl"
) -> tuple[list[CandidateProfile], int]:
    """One page of matching profiles (by reference) and the total count.

    One query: the page with its occupations and consents joined, and the count as an
    uncorrelated subquery (computed once). Only a page past the end asks again.
    """
    query = _filtered(filters, on, lang)
    total = select(func.count()).select_from(query.subquery()).scalar_subquery()
    page = min(max(page, 1), MAX_PAGE)
    rows = (
        db.session.execute(
            query.add_columns(total)
            .options(
                joinedload(CandidateProfile.occupations),
                joinedload(CandidateProfile.consents),
            )
            .order_by(CandidateProfile.ref)
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
        .unique()
        .all()
    )
    if rows:
        return [profile for profile, _ in rows], int(rows[0][1])
    if page == 1:
        return [], 0
    return [], int(db.session.scalar(select(total)) or 0)


def profile_for_page(
    profile_id: int | None = None, *, ref: str | None = None
) -> CandidateProfile | None:
    """One profile (by id or reference) with the rows its pages show, in two queries.

    The small collections (occupations, languages, consents, relocations) and the
    identity come in one joined query; the skills, the longest list, in a second.
    """
    query = select(CandidateProfile).options(
        joinedload(CandidateProfile.occupations),
        joinedload(CandidateProfile.languages),
        joinedload(CandidateProfile.consents),
        joinedload(CandidateProfile.relocations),
        joinedload(CandidateProfile.identity),
        selectinload(CandidateProfile.skills),
    )
    if ref is not None:
        query = query.where(CandidateProfile.ref == ref)
    else:
        query = query.where(CandidateProfile.id == profile_id)
    return db.session.scalars(query).unique().one_or_none()
