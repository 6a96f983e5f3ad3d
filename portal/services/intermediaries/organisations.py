"""Intermediary organisations and their accounts: registering, verifying, finding them.

A new registration is announced to the matchmakers (they verify it); a matchmaker can
withdraw a verification (with a coded reason): from then on no delegation to the bureau
counts, and the bureau and the employers that had delegated to it are told. A bureau
renews its own calendar link like an employer does.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Delegation, Intermediary, IntermediaryKind, Role, User
from portal.models.base import utcnow
from portal.models.user import new_token
from portal.services import audit
from portal.services.accounts import passwords
from portal.services.accounts import users as accounts
from portal.services.accounts.employers import normalise_kvk
from portal.services.notifications import inbox

#: Why a matchmaker withdraws a verification (coded, for the StatusChange).
UNVERIFY_REASONS = ("details_incorrect", "no_longer_active", "misconduct", "other")


class IntermediaryError(Exception):
    """Base class of the errors the views turn into messages."""


class NotAllowed(IntermediaryError):
    """This user may not do this."""


class KvkTaken(IntermediaryError):
    """An intermediary with this KvK number is registered already."""


@dataclass(frozen=True)
class Registration:
    """What an intermediary's first account holder fills in (shape checked by the form)."""

    organisation: str
    kvk_number: str
    kind: IntermediaryKind
    contact_person: str
    email: str
    phone: str | None
    password: str


def register(data: Registration, *, by: User | None = None) -> User:
    """Create an unverified intermediary and its first account.

    Raises KvkTaken, accounts.EmailTaken or passwords.WeakPassword.
    """
    kvk = normalise_kvk(data.kvk_number)
    passwords.check_policy(data.password, email=data.email)
    if db.session.scalar(select(Intermediary.id).where(Intermediary.kvk_number == kvk)):
        raise KvkTaken
    if accounts.find_user_by_email(data.email) is not None:
        raise accounts.EmailTaken
    organisation = Intermediary(
        name=data.organisation.strip(),
        kvk_number=kvk,
        kind=data.kind,
        contact_person=data.contact_person.strip(),
        phone=(data.phone or "").strip() or None,
        is_verified=False,
    )
    db.session.add(organisation)
    db.session.flush()
    user = add_account(
        organisation,
        email=data.email,
        name=data.contact_person,
        password=data.password,
        by=by,
    )
    audit.record_change(
        "intermediary",
        organisation.id,
        from_state=None,
        to_state="unverified",
        by=by or user,
    )
    for matchmaker in _matchmakers():
        inbox.notify(
            matchmaker,
            "intermediary_registered",
            link="/bemiddelaar/overzicht",
            params={"intermediary": organisation.name},
        )
    return user


def _matchmakers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.MATCHMAKER, User.is_active.is_(True))
            .order_by(User.id)
        )
    )


def add_account(
    organisation: Intermediary, *, email: str, name: str, password: str, by: User | None
) -> User:
    """Another account of the intermediary organisation."""
    user = accounts.create_user(
        email=email, name=name, password=password, role=Role.INTERMEDIARY, by=by
    )
    user.intermediary_id = organisation.id
    db.session.flush()
    return user


def verify(organisation: Intermediary, *, by: User) -> None:
    """A matchmaker checked the organisation; from now on delegations to it count."""
    if not by.is_matchmaker:
        raise NotAllowed("only a matchmaker verifies an intermediary")
    if organisation.is_verified:
        return
    organisation.is_verified = True
    organisation.verified_at = utcnow()
    db.session.flush()
    audit.record_change(
        "intermediary",
        organisation.id,
        from_state="unverified",
        to_state="verified",
        by=by,
    )


def unverify(organisation: Intermediary, *, by: User, reason_code: str) -> None:
    """A matchmaker withdraws the verification: no delegation to the bureau counts now.

    The delegations stay on record (they count again after a new verification); the
    bureau's accounts and the employers with a delegation to it are told.
    """
    if not by.is_matchmaker:
        raise NotAllowed("only a matchmaker withdraws a verification")
    if reason_code not in UNVERIFY_REASONS:
        raise ValueError(f"unknown reason {reason_code!r}")
    if not organisation.is_verified:
        return
    organisation.is_verified = False
    organisation.verified_at = None
    db.session.flush()
    audit.record_change(
        "intermediary",
        organisation.id,
        from_state="verified",
        to_state="unverified",
        by=by,
        reason_code=reason_code,
    )
    params = {"intermediary": organisation.name}
    for user in db.session.scalars(
        select(User)
        .where(
            User.intermediary_id == organisation.id,
            User.role == Role.INTERMEDIARY,
            User.is_active.is_(True),
        )
        .order_by(User.id)
    ):
        inbox.notify(
            user, "intermediary_unverified", link="/bemiddelaar/", params=params
        )
    employer_ids = db.session.scalars(
        select(Delegation.employer_id).where(
            Delegation.intermediary_id == organisation.id,
            Delegation.revoked_at.is_(None),
        )
    ).all()
    for user in db.session.scalars(
        select(User)
        .where(
            User.employer_id.in_(employer_ids),
            User.role == Role.EMPLOYER,
            User.is_active.is_(True),
        )
        .order_by(User.id)
    ):
        inbox.notify(
            user,
            "intermediary_unverified_employer",
            link="/bemiddelaar/machtigingen",
            params=params,
        )


def renew_calendar_token(organisation: Intermediary, *, by: User) -> str:
    """A new secret calendar link for the bureau; the old one stops working at once."""
    if not by.is_intermediary or by.intermediary_id != organisation.id:
        raise NotAllowed("only the bureau's own accounts renew its calendar link")
    organisation.calendar_token = new_token()
    db.session.flush()
    audit.record_event(
        "calendar.token_renewed",
        actor=by,
        object_type="intermediary",
        object_id=organisation.id,
    )
    return organisation.calendar_token


def get_intermediary(intermediary_id: int) -> Intermediary | None:
    return db.session.get(Intermediary, intermediary_id)


def all_intermediaries(*, verified_only: bool = False) -> list[Intermediary]:
    query = select(Intermediary).order_by(Intermediary.name, Intermediary.id)
    if verified_only:
        query = query.where(Intermediary.is_verified.is_(True))
    return list(db.session.scalars(query))


def organisation_of(user: User) -> Intermediary | None:
    """The intermediary organisation of an intermediary account (None for anyone else)."""
    if not user.is_intermediary or user.intermediary_id is None:
        return None
    return db.session.get(Intermediary, user.intermediary_id)


def find_by_calendar_token(token: str) -> Intermediary | None:
    """The verified intermediary whose current calendar token this is."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(Intermediary).where(
            Intermediary.calendar_token == token, Intermediary.is_verified.is_(True)
        )
    )
