"""Demo data for the permit's life: a verified COA account of AZC Kronenburg with three
referrals (one waiting, one turned into an intake, one declined) and a planned COA
transfer of a working person (demo TWV case WB-TVE6) with its employment statement
waiting for consent. Referrals and the intake's profile get fixed references, so every
load makes the same ones. Idempotent: referrals are found by name, the transfer by its
event.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    ProcedureEvent,
    ProcedureEventKind,
    Referral,
    User,
)
from portal.models.base import local_today, utcnow
from portal.services.permits import coa_partners, events, referrals

COA_EMAIL = "coa@coa-kronenburg.nl"
MATCHMAKER = "matchmaker@werkplein-amstelveen.nl"
ADMIN = "admin@werkplein-amstelveen.nl"
CENTRES = [
    {"name": "AZC Kronenburg", "pc4": "1186"},
    {"name": "azc Willinklaan", "pc4": "1067"},
]
WORKING_REF = "WB-TVE6"

#: (reference, name, days since the application, hours, status after the demo) — all
#: invented.
REFERRALS = (
    ("VW-KR2T4", "Tesfay Gebru", 240, 32, "sent"),
    ("VW-KR3S5", "Samira Haidari", 300, 24, "intake"),
    ("VW-KR4K6", "Karim Azizi", 90, 20, "declined"),
)
#: The profile the intake of Samira Haidari makes.
INTAKE_REF = "WB-KRS3"


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def load() -> list[str]:
    coa, matchmaker, admin = _user(COA_EMAIL), _user(MATCHMAKER), _user(ADMIN)
    if coa is None or matchmaker is None or admin is None:
        return []
    lines: list[str] = []
    partner = coa_partners.ensure_partner(coa)
    if not partner.is_verified:
        partner.centres = CENTRES
        partner.verified_at = utcnow()
        partner.verified_by_id = admin.id
        lines.append("COA account verified for AZC Kronenburg and azc Willinklaan")
    today = local_today()
    for ref, name, days, hours, status in REFERRALS:
        if db.session.scalar(select(Referral.id).where(Referral.name == name)):
            continue
        referral = referrals.create_referral(
            referrals.ReferralData(
                reception_centre="AZC Kronenburg",
                name=name,
                asylum_application_date=today - timedelta(days=days),
                asylum_registration_date=today - timedelta(days=days + 21),
                available_from=today,
                hours_per_week=hours,
                consent_on=today,
                languages="nl:A2, en:B1",
            ),
            by=coa,
            ref=ref,
        )
        if status == "intake":
            referrals.start_intake(
                referral,
                summary="Werkte vijf jaar in een bakkerij; wil graag in de productie.",
                max_travel_km=25,
                by=matchmaker,
                ref=INTAKE_REF,
            )
        elif status == "declined":
            referrals.decline(
                referral, reason_code="not_yet_allowed_to_work", by=matchmaker
            )
        lines.append(f"referral {referral.ref} ({status})")
    working = db.session.scalar(
        select(CandidateProfile).where(CandidateProfile.ref == WORKING_REF)
    )
    if working is not None:
        planned = db.session.scalar(
            select(ProcedureEvent.id).where(
                ProcedureEvent.profile_id == working.id,
                ProcedureEvent.kind == ProcedureEventKind.TRANSFER_PLANNED,
            )
        )
        if planned is None:
            outcome = events.record_event(
                working,
                kind=ProcedureEventKind.TRANSFER_PLANNED,
                occurred_on=today + timedelta(days=14),
                to_reception_centre="azc Ter Apel",
                to_pc4="9561",
                source="coa",
                by=coa,
            )
            lines.append(
                f"planned transfer of {WORKING_REF}: "
                f"{len(outcome.retentions)} job(s) to keep"
            )
    db.session.flush()
    return lines
