"""COA's referrals of residents, and the intake a matchmaker makes of one.

COA's participation desk (Meedoenbalie) refers a resident, with the person's consent
and the minimum the intake needs. The COA account sees the status of its own referrals
only, never matches, employers or vacancies. A matchmaker turns a referral into an
intake: a candidate profile with identity and consent, so nobody re-types it. Every
view of a referral's personal data is an audit event. The COA accounts and their centres
are in ``coa_partners``; the moves COA records for its referred residents in
``resident_moves``.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Referral,
    ReferralStatus,
    Role,
    User,
)
from portal.models.base import local_today, utcnow
from portal.services import audit, reasons
from portal.services.candidates.base import _t
from portal.services.candidates.consents import give_consent
from portal.services.candidates.identity import IdentityData, save_identity
from portal.services.candidates.profile_input import ProfileData
from portal.services.candidates.profiles import create_profile
from portal.services.notifications import inbox
from portal.services.notifications.recipients import matchmakers
from portal.services.permits.coa_partners import (  # the errors are re-exported
    NotAllowed as NotAllowed,
)
from portal.services.permits.coa_partners import (
    ReferralInvalid as ReferralInvalid,
)
from portal.services.permits.coa_partners import verified_partner

log = logging.getLogger(__name__)

#: Why a matchmaker does not take a referral up, or COA withdraws it.
DECLINE_REASONS = (
    "not_yet_allowed_to_work",
    "not_available",
    "candidate_not_interested",
    "relocated_by_coa",
    "left_procedure",
    "other",
)
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
#: What the resident's consent on the referral form covers: the data go to the
#: Werkplein for guidance to work, i.e. the Werkplein may use the anonymous profile to
#: look for work ("matching"). Showing it to employers, an introduction, the TWV
#: application and the evaluation are not in that sentence: the matchmaker asks for them
#: at the intake (``start_intake``'s ``scopes``).
REFERRAL_CONSENT_SCOPES = ("matching",)
#: What the matchmaker can record on top of that at the intake.
INTAKE_CONSENT_SCOPES = ("employers", "introduction", "twv_application", "evaluation")


# -- referrals ------------------------------------------------------------------------
@dataclass
class ReferralData:
    reception_centre: str
    name: str
    asylum_application_date: date
    available_from: date
    hours_per_week: int
    consent_on: date
    v_number: str = ""
    phone: str = ""
    asylum_registration_date: date | None = None
    w_document_valid_until: date | None = None
    languages: str = ""


def parse_languages(text: str) -> dict[str, str]:
    """ "nl:A2, en:B1" -> {"nl": "A2", "en": "B1"}; raises ValueError on a bad pair."""
    result = {}
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        code, _, level = part.partition(":")
        code, level = code.strip().lower(), level.strip().upper()
        if len(code) != 2 or not code.isalpha() or level not in CEFR:
            raise ValueError(part)
        result[code] = level
    return result


def _new_ref() -> str:
    for _ in range(100):
        ref = "VW-" + "".join(
            secrets.choice("23456789ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(5)
        )
        if db.session.scalar(select(Referral.id).where(Referral.ref == ref)) is None:
            return ref
    raise RuntimeError("no free referral reference left")


def create_referral(
    data: ReferralData, *, by: User, ref: str | None = None
) -> Referral:
    """COA refers a resident of one of its centres (with consent); matchmakers hear of it.

    ``ref`` is a fixed reference (the demo data); normally a new random one is made.
    """
    partner = verified_partner(by)
    centres = {c["name"]: c["pc4"] for c in partner.centres}
    errors: dict[str, str] = {}
    today = local_today()
    if data.reception_centre not in centres:
        errors["reception_centre"] = _t("Kies een van uw azc's.")
    if not data.name.strip():
        errors["name"] = _t("Vul de naam in.")
    if data.consent_on > today:
        errors["consent_on"] = _t("Deze datum ligt in de toekomst.")
    if data.asylum_application_date > today:
        errors["asylum_application_date"] = _t("Deze datum ligt in de toekomst.")
    if (
        data.asylum_registration_date is not None
        and data.asylum_registration_date > data.asylum_application_date
    ):
        errors["asylum_registration_date"] = _t(
            "De registratie ligt vóór of op de datum van de asielaanvraag."
        )
    if not 1 <= data.hours_per_week <= 60:
        errors["hours_per_week"] = _t("Kies tussen 1 en 60 uur per week.")
    try:
        languages = parse_languages(data.languages)
    except ValueError:
        errors["languages"] = _t(
            "Schrijf talen als code:niveau, bijvoorbeeld nl:A2, en:B1."
        )
        languages = {}
    if errors:
        raise ReferralInvalid(errors)
    referral = Referral(
        ref=ref or _new_ref(),
        coa_user_id=by.id,
        reception_centre=data.reception_centre,
        pc4=centres[data.reception_centre],
        referred_on=today,
        name=data.name.strip(),
        v_number=data.v_number.strip() or None,
        phone=data.phone.strip() or None,
        asylum_application_date=data.asylum_application_date,
        asylum_registration_date=data.asylum_registration_date,
        w_document_valid_until=data.w_document_valid_until,
        available_from=data.available_from,
        hours_per_week=data.hours_per_week,
        languages=",".join(f"{c}:{lv}" for c, lv in languages.items()),
        consent_on=data.consent_on,
        status=ReferralStatus.SENT,
    )
    db.session.add(referral)
    db.session.flush()
    audit.record_change(
        "referral",
        referral.id,
        from_state=None,
        to_state=ReferralStatus.SENT.value,
        by=by,
    )
    for user in matchmakers():
        inbox.notify(
            user,
            "referral_received",
            link=f"/coa/verwijzingen/{referral.id}",
            params={"referral": referral.ref},
        )
    log.info("referral %s created", referral.id)
    return referral


def own_referrals(user: User) -> list[Referral]:
    """A COA account's own referrals, newest first (status only on the list)."""
    return list(
        db.session.scalars(
            select(Referral)
            .where(Referral.coa_user_id == user.id)
            .order_by(Referral.referred_on.desc(), Referral.id.desc())
        )
    )


def open_referrals() -> list[Referral]:
    """Referrals waiting for a matchmaker, oldest first."""
    return list(
        db.session.scalars(
            select(Referral)
            .where(Referral.status == ReferralStatus.SENT)
            .order_by(Referral.referred_on, Referral.id)
        )
    )


def referral_for(user: User, referral_id: int) -> Referral | None:
    """The referral when ``user`` may see it: its own COA account, or a matchmaker."""
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        return None
    if user.is_matchmaker or (
        user.role == Role.COA and referral.coa_user_id == user.id
    ):
        return referral
    return None


def record_view(referral: Referral, *, by: User) -> None:
    """Every view of a referral's personal data is audited (ids only)."""
    audit.record_event(
        "referral.view", actor=by, object_type="referral", object_id=referral.id
    )


def _set_status(
    referral: Referral, status: ReferralStatus, *, by: User, reason: str | None = None
) -> None:
    before = referral.status
    referral.status = status
    referral.reason_code = reason
    referral.handled_by_id = by.id
    referral.handled_at = utcnow()
    audit.record_change(
        "referral",
        referral.id,
        from_state=str(before),
        to_state=status.value,
        by=by,
        reason_code=reason,
    )
    if referral.coa_user_id is not None:
        coa_user = db.session.get(User, referral.coa_user_id)
        if coa_user is not None and coa_user.is_active:
            inbox.notify(
                coa_user,
                "referral_updated",
                link="/coa/",
                params={"referral": referral.ref},
            )
    db.session.flush()


def decline(referral: Referral, *, reason_code: str, by: User) -> None:
    """A matchmaker does not take the referral up (coded reason)."""
    if referral.status != ReferralStatus.SENT:
        raise NotAllowed("the referral was already handled")
    if reason_code not in DECLINE_REASONS or reason_code not in reasons.REASONS:
        raise ReferralInvalid({"reason_code": _t("Kies een reden.")})
    _set_status(referral, ReferralStatus.DECLINED, by=by, reason=reason_code)


def start_intake(
    referral: Referral,
    *,
    summary: str,
    max_travel_km: int,
    by: User,
    ref: str | None = None,
    scopes: tuple[str, ...] | list[str] = (),
) -> CandidateProfile:
    """Turn a referral into a candidate profile with identity and consent (no re-typing).

    The referral's consent (dated as COA recorded it) covers ``REFERRAL_CONSENT_SCOPES``
    only. What else the person agrees to at the intake (``scopes``, from
    ``INTAKE_CONSENT_SCOPES``) is a new consent dated today, recorded by the matchmaker.

    ``ref`` is a fixed reference for the profile (the demo data); normally a random one.
    """
    if not by.is_matchmaker:
        raise NotAllowed("only matchmakers hold intakes")
    if referral.status != ReferralStatus.SENT:
        raise NotAllowed("the referral was already handled")
    if any(scope not in INTAKE_CONSENT_SCOPES for scope in scopes):
        raise ReferralInvalid({"scopes": _t("Kies uit de lijst.")})
    data = ProfileData(
        reception_centre=referral.reception_centre,
        pc4=referral.pc4,
        max_travel_km=max_travel_km,
        hours_per_week=referral.hours_per_week,
        available_from=referral.available_from,
        asylum_application_date=referral.asylum_application_date,
        w_document_valid_until=referral.w_document_valid_until,
        summary=summary,
        languages=parse_languages(referral.languages),
    )
    profile = create_profile(data, by=by, ref=ref)  # ProfileInvalid / IdentifiersFound
    profile.asylum_registration_date = referral.asylum_registration_date
    save_identity(
        profile,
        IdentityData(
            name=referral.name, v_number=referral.v_number, phone=referral.phone
        ),
        by=by,
    )
    give_consent(
        profile,
        given_on=min(referral.consent_on, local_today()),
        scopes=REFERRAL_CONSENT_SCOPES,
        by=by,
    )
    if scopes:
        give_consent(
            profile,
            given_on=local_today(),
            scopes=(*REFERRAL_CONSENT_SCOPES, *scopes),
            by=by,
        )
    referral.profile_id = profile.id
    _set_status(referral, ReferralStatus.INTAKE, by=by)
    return profile


def referral_counts(
    start: date, end: date, centre: str | None = None
) -> dict[str, int]:
    """For the evaluation: referrals made between two dates (both included), by status
    (``sent`` = still open); ``centre`` limits to one reception centre (the referral's).
    One SQL aggregate."""
    stmt = (
        select(Referral.status, func.count(Referral.id))
        .where(Referral.referred_on.between(start, end))
        .group_by(Referral.status)
    )
    if centre:
        stmt = stmt.where(Referral.reception_centre == centre)
    counts = {status.value: 0 for status in ReferralStatus}
    for status, n in db.session.execute(stmt).all():
        counts[str(status)] = int(n)
    return counts
