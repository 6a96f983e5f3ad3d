"""Employer organisations: registration and verification by the Werkplein."""

from __future__ import annotations

from portal.models import Employer, User
from portal.models.base import utcnow
from portal.services import audit


def verify(employer: Employer, *, by: User | None) -> None:
    """From now on the employer may see candidates a matchmaker approved for them."""
    if employer.is_verified:
        return
    employer.is_verified = True
    employer.verified_at = utcnow()
    audit.record_change(
        "employer", employer.id, from_state="unverified", to_state="verified", by=by
    )
    audit.record_event(
        "employer.verified", actor=by, object_type="employer", object_id=employer.id
    )
