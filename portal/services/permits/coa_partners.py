"""COA accounts as partners: their reception centres and their verification.

An admin links a COA account (role ``coa``) to the centres it refers residents from, and
verifies it; only a verified account refers people (``referrals``) or records their
moves (``resident_moves``). The errors of the COA pages live here, the lowest of the
three modules, and ``referrals`` re-exports them.
"""

from __future__ import annotations

from sqlalchemy import select

from matching.geo import load_postcodes
from portal.extensions import db
from portal.models import CoaPartner, Role, User
from portal.models.base import utcnow
from portal.services import audit
from portal.services.candidates.base import _t


class ReferralInvalid(Exception):
    """Input the form could not check (a referral, an intake, a list of centres); per
    field, in Dutch."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NotAllowed(Exception):
    """Not a verified COA account, or not this account's referral."""


def partner_of(user: User) -> CoaPartner | None:
    return db.session.scalar(select(CoaPartner).where(CoaPartner.user_id == user.id))


def ensure_partner(user: User) -> CoaPartner:
    """The partner row of a COA account (created unverified on first use)."""
    if user.role != Role.COA:
        raise NotAllowed("not a COA account")
    partner = partner_of(user)
    if partner is None:
        partner = CoaPartner(user_id=user.id, centres=[])
        db.session.add(partner)
        db.session.flush()
    return partner


def coa_accounts() -> list[CoaPartner]:
    """Every COA account with its partner row, for the admin page."""
    users = db.session.scalars(
        select(User).where(User.role == Role.COA).order_by(User.id)
    ).all()
    return [ensure_partner(user) for user in users]


def parse_centres(text: str) -> list[dict[str, str]]:
    """Lines "name; 1234" to centres; raises ReferralInvalid on a bad line."""
    centres = []
    postcodes = load_postcodes()
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, pc4 = line.rpartition(";")
        name, pc4 = name.strip(), pc4.strip()
        if not name or not postcodes.exists(pc4):
            raise ReferralInvalid(
                {
                    "centres": _t(
                        "Schrijf per regel: naam van het azc; postcode (4 cijfers)."
                    )
                }
            )
        centres.append({"name": name, "pc4": pc4})
    return centres


def update_partner(
    partner: CoaPartner, *, centres: list[dict[str, str]], verified: bool, by: User
) -> None:
    """An admin links the account to its centres and verifies it (or takes that back)."""
    if not by.is_admin:
        raise NotAllowed("only admins verify COA accounts")
    partner.centres = centres
    before = "verified" if partner.is_verified else "unverified"
    if verified and not partner.is_verified:
        partner.verified_at = utcnow()
        partner.verified_by_id = by.id
    elif not verified:
        partner.verified_at = None
        partner.verified_by_id = None
    after = "verified" if partner.is_verified else "unverified"
    if before != after:
        audit.record_change(
            "coa_partner", partner.id, from_state=before, to_state=after, by=by
        )
    audit.record_event(
        "coa_partner.updated",
        actor=by,
        object_type="coa_partner",
        object_id=partner.id,
        details={"centres": len(centres), "verified": partner.is_verified},
    )
    db.session.flush()


def get_partner(partner_id: int) -> CoaPartner | None:
    return db.session.get(CoaPartner, partner_id)


def verified_partner(user: User) -> CoaPartner:
    partner = partner_of(user)
    if user.role != Role.COA or partner is None or not partner.is_verified:
        raise NotAllowed("not a verified COA account")
    return partner
