"""The evaluation's own settings: residents per reception centre and the pilot budget.

The budget is the shared setting ``evaluation.budget`` (services/settings/definitions.py,
default the Amstelveen budget of €116,000); the residents are one row per centre. Every
change is an audit event with who and when.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import CandidateProfile, CentreResidents, User
from portal.models.base import utcnow
from portal.services import audit
from portal.services.settings import definitions, values

MAX_RESIDENTS = 100_000


def residents_by_centre() -> dict[str, int]:
    return dict(
        db.session.execute(
            select(CentreResidents.reception_centre, CentreResidents.residents)
        ).all()
    )


def centres() -> list[str]:
    """Every reception centre on a profile or with a resident count, sorted."""
    on_profiles = db.session.scalars(
        select(CandidateProfile.reception_centre).distinct()
    ).all()
    return sorted(set(on_profiles) | set(residents_by_centre()))


def set_residents(centre: str, residents: int | None, *, by: User | None) -> None:
    """Store (or with ``None`` remove) the number of residents of a centre."""
    centre = centre.strip()
    if not centre:
        raise ValueError("a reception centre needs a name")
    if residents is not None and not 0 < residents <= MAX_RESIDENTS:
        raise ValueError(f"residents out of range: {residents}")
    row = db.session.scalar(
        select(CentreResidents).where(CentreResidents.reception_centre == centre)
    )
    before = row.residents if row is not None else None
    if residents is None:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(
            CentreResidents(
                reception_centre=centre,
                residents=residents,
                changed_by_id=by.id if by else None,
            )
        )
    else:
        row.residents = residents
        row.changed_by_id = by.id if by else None
        row.changed_at = utcnow()
    if before != residents:
        audit.record_event(
            "evaluation.residents_changed",
            actor=by,
            object_type="centre_residents",
            details={"centre": centre, "from": before, "to": residents},
        )
    db.session.flush()


def budget() -> Decimal:
    return values.get_decimal(definitions.EVALUATION_BUDGET)


def set_budget(value: Decimal, *, by: User | None) -> None:
    values.set_value(definitions.EVALUATION_BUDGET, value, by=by)
