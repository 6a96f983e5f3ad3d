"""Delegations: an employer lets a verified intermediary work its TWV cases, dated and revocable.

The TWV area asks :func:`delegating_employer_ids` which employers an intermediary account
may act for *now*: a delegation not revoked, to an organisation a matchmaker verified.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Delegation, Employer, Intermediary, Role, User
from portal.models.base import utcnow
from portal.services import audit
from portal.services.intermediaries.organisations import NotAllowed
from portal.services.notifications import inbox


class NotVerified(Exception):
    """Only a verified intermediary can be delegated to."""


def _require_employer_user(by: User, employer: Employer) -> None:
    if not by.is_employer or by.employer_id != employer.id:
        raise NotAllowed("only the employer's own accounts delegate")


def active_delegation(employer_id: int, intermediary_id: int) -> Delegation | None:
    return db.session.scalar(
        select(Delegation).where(
            Delegation.employer_id == employer_id,
            Delegation.intermediary_id == intermediary_id,
            Delegation.revoked_at.is_(None),
        )
    )


def delegate(employer: Employer, intermediary: Intermediary, *, by: User) -> Delegation:
    """The employer lets the intermediary do its TWV paperwork from now on (idempotent)."""
    _require_employer_user(by, employer)
    if not intermediary.is_verified:
        raise NotVerified(f"intermediary {intermediary.id} is not verified")
    existing = active_delegation(employer.id, intermediary.id)
    if existing is not None:
        return existing
    delegation = Delegation(
        employer_id=employer.id, intermediary_id=intermediary.id, granted_by_id=by.id
    )
    db.session.add(delegation)
    db.session.flush()
    audit.record_change(
        "delegation", delegation.id, from_state=None, to_state="active", by=by
    )
    audit.record_event(
        "delegation.granted",
        actor=by,
        object_type="employer",
        object_id=employer.id,
        details={"intermediary_id": intermediary.id, "delegation_id": delegation.id},
    )
    for user in intermediary_accounts(intermediary.id):
        inbox.notify(
            user,
            "delegation_granted",
            link="/bemiddelaar/",
            params={"employer": employer.name},
        )
    return delegation


def revoke(delegation: Delegation, *, by: User) -> None:
    """End the delegation: from now on the intermediary sees none of these cases."""
    _require_employer_user(by, delegation.employer)
    if delegation.revoked_at is not None:
        return
    delegation.revoked_at = utcnow()
    delegation.revoked_by_id = by.id
    db.session.flush()
    audit.record_change(
        "delegation",
        delegation.id,
        from_state="active",
        to_state="revoked",
        by=by,
        reason_code="revoked_by_employer",
    )
    audit.record_event(
        "delegation.revoked",
        actor=by,
        object_type="employer",
        object_id=delegation.employer_id,
        details={
            "intermediary_id": delegation.intermediary_id,
            "delegation_id": delegation.id,
        },
    )
    for user in intermediary_accounts(delegation.intermediary_id):
        inbox.notify(
            user,
            "delegation_revoked",
            link="/bemiddelaar/",
            params={"employer": delegation.employer.name},
        )


def delegations_of_employer(employer_id: int) -> list[Delegation]:
    """Every delegation of the employer, current and revoked, newest first."""
    return list(
        db.session.scalars(
            select(Delegation)
            .where(Delegation.employer_id == employer_id)
            .options(selectinload(Delegation.intermediary))
            .order_by(Delegation.granted_at.desc(), Delegation.id.desc())
        )
    )


def get_delegation_of_employer(
    delegation_id: int, employer_id: int
) -> Delegation | None:
    """The delegation when it belongs to this employer (else None: a 404)."""
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.employer_id != employer_id:
        return None
    return delegation


def delegating_employer_ids(user: User) -> set[int]:
    """The employers an intermediary account may act for now (empty for anyone else)."""
    if not user.is_intermediary or user.intermediary_id is None:
        return set()
    return set(
        db.session.scalars(
            select(Delegation.employer_id)
            .join(Delegation.intermediary)
            .where(
                Delegation.intermediary_id == user.intermediary_id,
                Delegation.revoked_at.is_(None),
                Intermediary.is_verified.is_(True),
            )
        )
    )


def delegating_employers(intermediary_id: int) -> list[Employer]:
    """The employers with a delegation in force to this (verified) intermediary."""
    return list(
        db.session.scalars(
            select(Employer)
            .join(Delegation, Delegation.employer_id == Employer.id)
            .join(Delegation.intermediary)
            .where(
                Delegation.intermediary_id == intermediary_id,
                Delegation.revoked_at.is_(None),
                Intermediary.is_verified.is_(True),
            )
            .order_by(Employer.name, Employer.id)
        )
    )


def intermediary_accounts(intermediary_id: int) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.intermediary_id == intermediary_id,
                User.role == Role.INTERMEDIARY,
                User.is_active.is_(True),
            )
            .order_by(User.id)
        )
    )


def acting_for_users(employer_id: int) -> list[User]:
    """The active intermediary accounts acting for this employer now (verified bureau)."""
    return list(
        db.session.scalars(
            select(User)
            .join(Delegation, Delegation.intermediary_id == User.intermediary_id)
            .join(Intermediary, Intermediary.id == Delegation.intermediary_id)
            .where(
                Delegation.employer_id == employer_id,
                Delegation.revoked_at.is_(None),
                Intermediary.is_verified.is_(True),
                User.role == Role.INTERMEDIARY,
                User.is_active.is_(True),
            )
            .order_by(User.id)
        )
    )


def acting_for_emails(employer_id: int) -> list[str]:
    """E-mail addresses of the intermediary accounts acting for this employer now."""
    return list(
        db.session.scalars(
            select(User.email)
            .join(Delegation, Delegation.intermediary_id == User.intermediary_id)
            .join(Intermediary, Intermediary.id == Delegation.intermediary_id)
            .where(
                Delegation.employer_id == employer_id,
                Delegation.revoked_at.is_(None),
                Intermediary.is_verified.is_(True),
                User.role == Role.INTERMEDIARY,
                User.is_active.is_(True),
            )
            .order_by(User.id)
        )
    )
