"""What a verified COA account records on the residents it referred: moves and departures.

COA records a planned or done transfer to another centre, a departure from reception
and a return to it (:data:`COA_EVENT_KINDS`), for its own referred residents only, and
only while the account is verified. The IND decisions are the matchmaker's. Recording
one goes through ``events.record_event``, like a matchmaker's.
"""

from __future__ import annotations

from datetime import date

from portal.models import CandidateProfile, ProcedureEventKind, Referral, User
from portal.services.permits import events
from portal.services.permits.coa_partners import NotAllowed, verified_partner
from portal.services.permits.referrals import own_referrals, referral_for

#: What COA records on its residents (the IND decisions are the matchmaker's).
COA_EVENT_KINDS = (
    ProcedureEventKind.TRANSFER_PLANNED,
    ProcedureEventKind.TRANSFER_DONE,
    ProcedureEventKind.LEFT_RECEPTION,
    ProcedureEventKind.RETURNED_TO_RECEPTION,
)


def coa_residents(user: User) -> list[Referral]:
    """Own referrals that became a profile: the people COA can record moves for."""
    return [r for r in own_referrals(user) if r.profile_id is not None]


def resident_profile(user: User, referral_id: int) -> CandidateProfile | None:
    """The profile behind one of the account's own referrals, else None.

    Raises NotAllowed when the account is not (or no longer) verified: a COA account whose
    verification an admin took back keeps its list of referrals, but records nothing.
    """
    verified_partner(user)
    referral = referral_for(user, referral_id)
    if referral is None or referral.coa_user_id != user.id:
        return None
    return referral.profile


def record_resident_event(
    user: User,
    referral_id: int,
    *,
    kind: ProcedureEventKind | str,
    occurred_on: date,
    to_reception_centre: str = "",
    to_pc4: str = "",
) -> events.EventOutcome | None:
    """A verified COA account records a move or departure of its own referred resident.

    None when the referral is not the account's own (the view answers 404); NotAllowed
    when the account is not verified or the kind is not COA's to record.
    """
    profile = resident_profile(user, referral_id)
    if profile is None:
        return None
    if ProcedureEventKind(kind) not in COA_EVENT_KINDS:
        raise NotAllowed("COA records moves and departures only")
    return events.record_event(
        profile,
        kind=kind,
        occurred_on=occurred_on,
        to_reception_centre=to_reception_centre,
        to_pc4=to_pc4,
        source="coa",
        by=user,
    )
