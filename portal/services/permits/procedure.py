"""Procedure facts the recast Reception Conditions Directive needs, and the Wtta admission
of an agency placement's TWV case.

The registration date (where it differs from the lodging date) and the accelerated
procedure are facts of the asylum procedure, recorded by a matchmaker; the agency's
Wtta admission is recorded on the TWV case by its employer or a matchmaker.
"""

from __future__ import annotations

from datetime import date

from portal.extensions import db
from portal.models import CandidateProfile, TwvCase, User
from portal.models.base import local_today
from portal.services import audit
from portal.services.candidates.base import _t, touch
from portal.services.permits.events import EventInvalid


def set_procedure_facts(
    profile: CandidateProfile,
    *,
    registration_date: date | None,
    accelerated: bool,
    by: User,
) -> list[str]:
    """Store the registration date and the accelerated-procedure flag (audited by name)."""
    if registration_date is not None and (
        registration_date > profile.asylum_application_date
        or registration_date > local_today()
    ):
        raise EventInvalid(
            {
                "registration_date": _t(
                    "De registratie ligt vóór of op de datum van de asielaanvraag."
                )
            }
        )
    changed = []
    if profile.asylum_registration_date != registration_date:
        profile.asylum_registration_date = registration_date
        changed.append("asylum_registration_date")
    if profile.accelerated_procedure != accelerated:
        profile.accelerated_procedure = accelerated
        changed.append("accelerated_procedure")
    if changed:
        touch(profile)
        audit.record_event(
            "candidate.procedure_facts",
            actor=by,
            object_type="candidate_profile",
            object_id=profile.id,
            details={"fields": changed},
        )
        db.session.flush()
    return changed


def record_agency(
    case: TwvCase, *, via_agency: bool, admission_number: str, by: User
) -> None:
    """F4: the placement goes through an agency and its Wtta admission (number, date)."""
    number = admission_number.strip() or None
    if number is not None and len(number) > 40:
        raise EventInvalid({"admission_number": _t("Dit nummer is te lang.")})
    case.via_agency = via_agency
    case.wtta_admission_number = number if via_agency else None
    case.wtta_checked_on = local_today() if via_agency and number else None
    case.wtta_checked_by_id = by.id if via_agency and number else None
    audit.record_event(
        "twv.agency_admission",
        actor=by,
        object_type="twv_case",
        object_id=case.id,
        details={"via_agency": via_agency, "admitted": bool(number)},
    )
    db.session.flush()
