"""The identity vault: the only way to read or change who a candidate is.

Only matchmakers reach it, and every read is an ``identity.read`` audit event (with the
profile id, never a value). Code elsewhere must not touch ``CandidateProfile.identity``;
``tests/web/test_anonymity.py`` proves an employer can never see it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import date

from portal.domain.twv_packet import VAULT_FIELDS
from portal.extensions import db
from portal.models import CandidateProfile, Identity, User
from portal.services import audit
from portal.services.candidates.consents import has_current_consent

log = logging.getLogger(__name__)


class NotAllowed(Exception):
    """Only matchmakers may read or change identities."""


class Anonymised(Exception):
    """The identity was removed (retention or erasure) and cannot be filled in again."""


@dataclass
class IdentityData:
    name: str
    v_number: str | None = None
    date_of_birth: date | None = None
    phone: str | None = None
    email: str | None = None
    nationality: str | None = None
    notes: str = ""


def _clean(name: str, value: object) -> object:
    """Strip text; empty becomes None, except for the NOT NULL text columns."""
    if isinstance(value, str):
        value = value.strip() or None
    if value is None and name in {"notes", "name"}:
        return ""
    return value


def _require_matchmaker(user: User | None) -> None:
    if user is None or not user.is_matchmaker:
        raise NotAllowed("only matchmakers reach the identity vault")


def read_identity(
    profile: CandidateProfile,
    *,
    by: User | None,
    purpose: str = "view",
    ip_address: str | None = None,
    request_id: str | None = None,
) -> Identity | None:
    """The person's identity, logged as ``identity.read`` with the purpose (view, edit, ...)."""
    _require_matchmaker(by)
    audit.record_event(
        "identity.read",
        actor=by,
        object_type="candidate_profile",
        object_id=profile.id,
        ip_address=ip_address,
        request_id=request_id,
        details={"purpose": purpose},
    )
    return profile.identity


def save_identity(
    profile: CandidateProfile, data: IdentityData, *, by: User | None
) -> Identity:
    """Create or change the identity; the audit event names the changed fields only."""
    _require_matchmaker(by)
    if profile.anonymised_at is not None:
        raise Anonymised("the identity of this profile was erased")
    values = {f.name: _clean(f.name, getattr(data, f.name)) for f in fields(data)}
    identity = profile.identity
    if identity is None:
        identity = Identity(name=values["name"])
        profile.identity = identity
        changed = [name for name, value in values.items() if value]
    else:
        changed = [
            name for name, value in values.items() if getattr(identity, name) != value
        ]
    for name, value in values.items():
        setattr(identity, name, value)
    db.session.flush()
    if changed:
        audit.record_event(
            "identity.update",
            actor=by,
            object_type="candidate_profile",
            object_id=profile.id,
            details={"fields": changed},
        )
    return identity


def is_adult_on(
    profile: CandidateProfile, day: date, *, by: User | None = None
) -> bool | None:
    """Whether the person is 18 or older on ``day`` (None when the birth date is unknown).

    For rules that need only the age (TWV rule A2): the date of birth itself never leaves
    the vault. With ``by`` the read is logged as ``identity.read`` (purpose age_check).
    """
    person = profile.identity
    if by is not None:
        audit.record_event(
            "identity.read",
            actor=by,
            object_type="candidate_profile",
            object_id=profile.id,
            details={"purpose": "age_check"},
        )
    if person is None or person.date_of_birth is None:
        return None
    born = person.date_of_birth
    years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return years >= 18


# -- staged release: what the TWV application needs, after a confirmed hire ----------------

#: The consent scope under which the packet may show identity fields (consents.py).
TWV_SCOPE = "twv_application"
#: The only vault fields the TWV packet may ever read (why: portal/domain/twv_packet.py).
TWV_RELEASABLE = frozenset(VAULT_FIELDS)


class NoConsent(Exception):
    """The person did not (or no longer) agree to share these details for the TWV."""


def release_for_twv_application(
    profile: CandidateProfile,
    *,
    fields: tuple[str, ...],
    by: User,
    case_id: int,
    on: date,
    ip_address: str | None = None,
    request_id: str | None = None,
) -> dict[str, object]:
    """The fields the TWV application asks for, for the employer or its intermediary.

    The caller (the TWV area) checked the confirmed hire and the case; the vault checks
    the role, the person's consent for this purpose and that only releasable fields are
    asked. Each release is one ``identity.read.twv_packet`` event on the candidate with
    the field names (never values).
    """
    if by is None or not (by.is_employer or by.is_intermediary):
        raise NotAllowed("only the employer or its intermediary gets the TWV packet")
    asked = set(fields)
    if not asked <= TWV_RELEASABLE:
        raise NotAllowed(
            f"not releasable for the TWV: {sorted(asked - TWV_RELEASABLE)}"
        )
    if profile.anonymised_at is not None or profile.identity is None:
        raise Anonymised("no identity to release")
    if not has_current_consent(profile, on, scope=TWV_SCOPE):
        raise NoConsent(f"profile {profile.id} has no consent for {TWV_SCOPE}")
    audit.record_event(
        "identity.read.twv_packet",
        actor=by,
        object_type="candidate",
        object_id=profile.id,
        ip_address=ip_address,
        request_id=request_id,
        details={"fields": list(fields), "case_id": case_id, "purpose": TWV_SCOPE},
    )
    person = profile.identity
    return {name: getattr(person, name) for name in fields}
