"""Transfers by COA to another reception centre, and the "at risk" flag they can raise.

A relocation changes where the person lives from its date on (also a date still ahead).
Every active match and hire whose workplace is then beyond the person's maximum travel
distance gets ``at_risk_since``; when a later change brings it back within reach the flag
is cleared. Employers see only the flag, never where the person went.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select

from matching.geo import load_postcodes
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Hire,
    HireStatus,
    Match,
    MatchStatus,
    Relocation,
    User,
)
from portal.models.base import local_today, utcnow
from portal.services import audit
from portal.services.candidates.base import ProfileInvalid, _t, touch
from portal.services.candidates.for_matching import current_location

log = logging.getLogger(__name__)

#: Matches the employer works with (a suggestion is not yet anybody's plan).
ACTIVE_MATCH_STATUSES = (
    MatchStatus.APPROVED,
    MatchStatus.INVITED,
    MatchStatus.INTRODUCED,
)
ACTIVE_HIRE_STATUSES = (HireStatus.PLANNED, HireStatus.ACTIVE)


def record_relocation(
    profile: CandidateProfile,
    *,
    moved_on: date,
    reception_centre: str,
    pc4: str,
    by: User | None,
) -> Relocation:
    """Record a COA transfer and re-check every active match and hire against it."""
    reception_centre = reception_centre.strip()
    errors = {}
    if not reception_centre:
        errors["reception_centre"] = _t("Vul het nieuwe azc in.")
    if not load_postcodes().exists(pc4):
        errors["pc4"] = _t("Deze postcode (4 cijfers) kennen we niet.")
    if moved_on < profile.asylum_application_date:
        errors["moved_on"] = _t("De verhuizing kan niet vóór de asielaanvraag liggen.")

    if errors:
        raise ProfileInvalid(errors)
    from_centre, from_pc4 = current_location(profile, moved_on)
    move = Relocation(
        moved_on=moved_on,
        from_reception_centre=from_centre,
        from_pc4=from_pc4,
        to_reception_centre=reception_centre,
        to_pc4=pc4,
        recorded_by_id=by.id if by is not None else None,
    )
    profile.relocations.append(move)
    touch(profile)
    db.session.flush()
    audit.record_event(
        "candidate.relocation",
        actor=by,
        object_type="candidate_profile",
        object_id=profile.id,
        details={"relocation_id": move.id},
    )
    reassess_risk(profile, on=max(moved_on, local_today()), by=by)
    return move


def workplace_pc4(item: Match | Hire) -> str | None:
    """Where the work is: the vacancy's postcode, else the employer's workplace."""
    vacancy = item.vacancy
    if vacancy is not None and vacancy.pc4:
        return vacancy.pc4
    employer = item.employer if isinstance(item, Hire) else None
    if employer is None and vacancy is not None:
        employer = vacancy.employer
    return employer.workplace_pc4 if employer is not None else None


def beyond_reach(profile: CandidateProfile, workplace: str | None, on: date) -> bool:
    """Whether the workplace lies further than the person's maximum travel distance."""
    if not workplace:
        return False
    postcodes = load_postcodes()
    _, home = current_location(profile, on)
    if not (postcodes.exists(home) and postcodes.exists(workplace)):
        return False
    return postcodes.distance_km(home, workplace) > profile.max_travel_km


def items_at_risk(profile: CandidateProfile) -> list[Match | Hire]:
    """The person's active matches and hires that carry the "at risk" flag."""
    matches = db.session.scalars(
        select(Match).where(
            Match.candidate_id == profile.id,
            Match.status.in_(ACTIVE_MATCH_STATUSES),
            Match.at_risk_since.is_not(None),
        )
    ).all()
    hires = db.session.scalars(
        select(Hire).where(
            Hire.candidate_id == profile.id,
            Hire.status.in_(ACTIVE_HIRE_STATUSES),
            Hire.at_risk_since.is_not(None),
        )
    ).all()
    return [*matches, *hires]


def reassess_risk(
    profile: CandidateProfile, *, on: date, by: User | None, cause: str = "relocation"
) -> list[Match | Hire]:
    """Set or clear ``at_risk_since`` on the person's active matches and hires; audited."""
    matches = db.session.scalars(
        select(Match).where(
            Match.candidate_id == profile.id, Match.status.in_(ACTIVE_MATCH_STATUSES)
        )
    ).all()
    hires = db.session.scalars(
        select(Hire).where(
            Hire.candidate_id == profile.id, Hire.status.in_(ACTIVE_HIRE_STATUSES)
        )
    ).all()
    changed: list[Match | Hire] = []
    now = utcnow()
    for item in [*matches, *hires]:
        kind = "match" if isinstance(item, Match) else "hire"
        risky = beyond_reach(profile, workplace_pc4(item), on)
        if risky and item.at_risk_since is None:
            item.at_risk_since = now
            action = f"{kind}.at_risk"
        elif not risky and item.at_risk_since is not None:
            item.at_risk_since = None
            action = f"{kind}.at_risk_cleared"
        else:
            continue
        changed.append(item)
        audit.record_event(
            action,
            actor=by,
            object_type=kind,
            object_id=item.id,
            details={"candidate_profile_id": profile.id, "cause": cause},
        )
    db.session.flush()
    return changed


def remove_relocation(move: Relocation, *, by: User | None) -> None:
    """Take back a transfer recorded by mistake; the risk flags follow the location again."""
    profile = move.profile
    audit.record_event(
        "candidate.relocation_removed",
        actor=by,
        object_type="candidate_profile",
        object_id=profile.id,
        details={"relocation_id": move.id},
    )
    profile.relocations.remove(move)
    db.session.delete(move)
    touch(profile)
    db.session.flush()
    reassess_risk(profile, on=local_today(), by=by, cause="relocation_removed")
