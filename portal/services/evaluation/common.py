"""Query pieces the questions share: the centre filter, the first intake per person and
reason codes counted as their current code."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, case, func, select

from portal.models import CandidateProfile, SupportActivity, SupportType
from portal.services import reasons
from portal.services.evaluation.period import Filters


def in_centre(stmt: Select[Any], profile_id: Any, filters: Filters) -> Select[Any]:
    """Restrict to profiles of the chosen reception centre (the centre on the profile:
    where the person was registered for the pilot, not where COA moved them later)."""
    if not filters.centre:
        return stmt
    return stmt.where(
        profile_id.in_(
            select(CandidateProfile.id).where(
                CandidateProfile.reception_centre == filters.centre
            )
        )
    )


def first_intakes() -> Any:
    """Subquery (profile_id, first_on): the date of each person's first intake activity."""
    return (
        select(
            SupportActivity.profile_id.label("profile_id"),
            func.min(SupportActivity.done_on).label("first_on"),
        )
        .where(SupportActivity.type == SupportType.INTAKE)
        .group_by(SupportActivity.profile_id)
        .subquery("first_intake")
    )


def coded(column: Any) -> Any:
    """A reason-code column with the earlier codes counted as their current one
    (``reasons.LEGACY``: "relocated" is "relocated_by_coa", ...), in SQL."""
    return case(
        *((column == old, new) for old, new in reasons.LEGACY.items()), else_=column
    )
