"""Intermediary organisations and their accounts: registering, verifying, finding them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from portal.extensions import db
from portal.models import Intermediary, IntermediaryKind, Role, User
from portal.models.base import utcnow
from portal.services import audit
from portal.services.accounts import passwords
from portal.services.accounts import users as accounts
from portal.services.accounts.employers import normalise_kvk


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
    return user


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
