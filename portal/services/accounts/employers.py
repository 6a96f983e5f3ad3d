"""Employer organisations: self-registration, and verification or rejection by the Werkplein."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.extensions import db
from portal.models import Employer, Role, Sector, StatusChange, User
from portal.models.base import utcnow
from portal.services import audit, mail
from portal.services.accounts import passwords
from portal.services.accounts import users as accounts

#: Coded reasons for refusing a registration (the evaluation counts them).
REJECTION_REASONS = ("kvk_not_found", "not_an_employer", "duplicate", "other")


class RegistrationError(Exception):
    """Base class for registration errors that belong to one form field."""


class InvalidKvk(RegistrationError):
    """Not a KvK number: it must be exactly 8 digits."""


class UnknownPostcode(RegistrationError):
    """The four digits of the postcode do not exist in the Netherlands."""


class InvalidReason(ValueError):
    """A rejection needs a known reason code, and a note for "other"."""


def normalise_kvk(number: str) -> str:
    return re.sub(r"[ .]", "", number.strip())


def _valid_kvk(number: str) -> bool:
    try:
        from portal.domain.identifiers import valid_kvk
    except ImportError:  # pragma: no cover - the domain module ships with the portal
        return re.fullmatch(r"\d{8}", number) is not None
    return valid_kvk(number)


def postcode_digits(postcode: str) -> str:
    """ "1187 AB", "1187AB" and "1187" all give "1187"."""
    return postcode.strip()[:4]


def postcode_exists(pc4: str) -> bool:
    from matching.geo import load_postcodes

    return bool(re.fullmatch(r"[1-9]\d{3}", pc4)) and load_postcodes().exists(pc4)


@dataclass(frozen=True)
class Registration:
    """What an employer fills in to register; the form checked its shape already."""

    organisation: str
    kvk_number: str
    contact_person: str
    email: str
    phone: str | None
    postcode: str
    sector: Sector
    password: str


def register(data: Registration, *, ip_address: str | None = None) -> User:
    """Create an unverified organisation and its first account.

    Raises InvalidKvk, UnknownPostcode, passwords.WeakPassword, accounts.KvkTaken or
    accounts.EmailTaken (each belongs to one field of the form).
    """
    kvk = normalise_kvk(data.kvk_number)
    if not _valid_kvk(kvk):
        raise InvalidKvk
    pc4 = postcode_digits(data.postcode)
    if not postcode_exists(pc4):
        raise UnknownPostcode
    passwords.check_policy(data.password, email=data.email)
    if db.session.scalar(select(Employer.id).where(Employer.kvk_number == kvk)):
        raise accounts.KvkTaken
    if accounts.find_user_by_email(data.email) is not None:
        # The same password hash as a new account costs, so the time does not tell.
        passwords.hash_password(data.password)
        raise accounts.EmailTaken
    employer = Employer(
        name=data.organisation.strip(),
        kvk_number=kvk,
        contact_person=data.contact_person.strip(),
        phone=(data.phone or "").strip() or None,
        workplace_pc4=pc4,
        sector=data.sector,
        is_verified=False,
    )
    db.session.add(employer)
    db.session.flush()
    user = accounts.create_user(
        email=data.email,
        name=data.contact_person,
        password=data.password,
        role=Role.EMPLOYER,
        by=None,
        employer=employer,
    )
    audit.record_change(
        "employer", employer.id, from_state=None, to_state="unverified", by=user
    )
    audit.record_event(
        "employer.registered",
        actor=user,
        object_type="employer",
        object_id=employer.id,
        ip_address=ip_address,
    )
    return user


def _mail_owner(user: User, subject: str, body: str, about: str) -> None:
    mail.send_later(user.email, subject, body, about=f"{about} for user {user.id}")


def welcome(user: User, *, login_url: str) -> None:
    """Tell a new account that the registration arrived (the visitor is told neutrally)."""
    with force_locale(user.language or current_app.config["DEFAULT_LANGUAGE"]):
        body = _(
            "Beste %(name)s,\n\n"
            "Uw aanmelding bij Werkbrug is ontvangen. Het Werkplein controleert de gegevens "
            "van uw organisatie; daarna kunt u kandidaten zien.\n\n"
            "U kunt nu al inloggen met dit e-mailadres en het wachtwoord dat u koos:\n"
            "%(login)s\n\n"
            "Werkplein %(municipality)s",
            name=user.name,
            login=login_url,
            municipality=current_app.config["MUNICIPALITY"],
        )
        subject = _("Uw aanmelding bij Werkbrug")
    _mail_owner(user, subject, body, "registration welcome")


def tell_existing_account(
    email: str, *, login_url: str, reset_url: str, ip_address: str | None
) -> None:
    """Someone registered with an address that has an account: tell that address only.

    The page says the same as for a new registration, so it does not reveal who has an
    account; the owner reads in the mail that they already have one.
    """
    user = accounts.find_user_by_email(email)
    if user is None:  # pragma: no cover - called after EmailTaken
        return
    audit.record_event(
        "employer.registration_for_existing_account",
        actor=None,
        object_type="user",
        object_id=user.id,
        ip_address=ip_address,
    )
    with force_locale(user.language or current_app.config["DEFAULT_LANGUAGE"]):
        body = _(
            "Beste %(name)s,\n\n"
            "Iemand (hopelijk u) probeerde zich bij Werkbrug aan te melden met dit "
            "e-mailadres. U heeft al een account met dit e-mailadres.\n\n"
            "Log in: %(login)s\n"
            "Wachtwoord vergeten? Vraag een nieuw aan: %(reset)s\n\n"
            "Was u dit niet? Dan hoeft u niets te doen.\n\n"
            "Werkplein %(municipality)s",
            name=user.name,
            login=login_url,
            reset=reset_url,
            municipality=current_app.config["MUNICIPALITY"],
        )
        subject = _("U heeft al een account bij Werkbrug")
    _mail_owner(user, subject, body, "registration for an existing account")


def verify(employer: Employer, *, by: User | None) -> None:
    """From now on the employer may see candidates a matchmaker approved for them."""
    if employer.is_verified:
        return
    from_state = state(employer)
    employer.is_verified = True
    employer.verified_at = utcnow()
    audit.record_change(
        "employer", employer.id, from_state=from_state, to_state="verified", by=by
    )
    audit.record_event(
        "employer.verified", actor=by, object_type="employer", object_id=employer.id
    )


def reject(
    employer: Employer, reason_code: str, *, by: User | None, note: str | None = None
) -> None:
    """Refuse (or withdraw) the registration; every account of the organisation is switched off."""
    note = (note or "").strip() or None
    if reason_code not in REJECTION_REASONS or (reason_code == "other" and not note):
        raise InvalidReason(reason_code)
    from_state = state(employer)
    employer.is_verified = False
    employer.verified_at = None
    audit.record_change(
        "employer",
        employer.id,
        from_state=from_state,
        to_state="rejected",
        by=by,
        reason_code=reason_code,
        note=note,
    )
    audit.record_event(
        "employer.rejected",
        actor=by,
        object_type="employer",
        object_id=employer.id,
        details={"reason_code": reason_code},
    )
    for user in employer.users:
        if user.is_active:
            accounts.set_active(user, False, by=by)


def latest_changes(employer_ids: list[int]) -> dict[int, StatusChange]:
    """The newest state change of each employer (for the list and the rejected state)."""
    if not employer_ids:
        return {}
    rows = db.session.scalars(
        select(StatusChange)
        .where(
            StatusChange.object_type == "employer",
            StatusChange.object_id.in_(employer_ids),
        )
        .order_by(StatusChange.at, StatusChange.id)
    )
    return {row.object_id: row for row in rows}


def state(employer: Employer) -> str:
    """ "verified", "rejected" or "unverified"."""
    if employer.is_verified:
        return "verified"
    change = latest_changes([employer.id]).get(employer.id)
    return "rejected" if change and change.to_state == "rejected" else "unverified"


def overview() -> list[tuple[Employer, str, StatusChange | None]]:
    """Every employer with its state and latest change: waiting ones first, then by name."""
    employers = db.session.scalars(select(Employer).order_by(Employer.name)).all()
    changes = latest_changes([e.id for e in employers])
    rows = []
    for employer in employers:
        change = changes.get(employer.id)
        if employer.is_verified:
            current = "verified"
        elif change and change.to_state == "rejected":
            current = "rejected"
        else:
            current = "unverified"
        rows.append((employer, current, change))
    order = {"unverified": 0, "verified": 1, "rejected": 2}
    rows.sort(key=lambda row: order[row[1]])
    return rows


def pending() -> list[Employer]:
    """Registrations that still wait for a matchmaker's decision, oldest first.

    Only the employers not verified yet are read (with their latest change, to leave out
    the rejected ones): the matchmaker's home shows this on every visit.
    """
    unverified = db.session.scalars(
        select(Employer)
        .where(Employer.is_verified.is_(False))
        .order_by(Employer.created_at, Employer.id)
    ).all()
    changes = latest_changes([e.id for e in unverified])
    return [
        e
        for e in unverified
        if not ((c := changes.get(e.id)) and c.to_state == "rejected")
    ]


# -- lookups for the views ------------------------------------------------------------------
def get_employer(employer_id: int) -> Employer | None:
    return db.session.get(Employer, employer_id)


def all_employers(*, verified_only: bool = False) -> list[Employer]:
    """Employers by name (for select boxes); ``verified_only`` leaves out unchecked ones."""
    query = select(Employer).order_by(Employer.name)
    if verified_only:
        query = query.where(Employer.is_verified.is_(True))
    return list(db.session.scalars(query))
