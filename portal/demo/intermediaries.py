"""Demo intermediary: a TWV service bureau, verified, that De Gouden Lepel delegated to,
and a confirmed hire at De Gouden Lepel whose person consented to the TWV packet.

All invented. A second run finds the bureau by KvK number and the candidate by its
reference and changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.demo.accounts import DEMO_PASSWORD, INTERMEDIARIES
from portal.demo.twv import AFWAS, LEPEL, MATCHMAKER, _vacancy
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Employer,
    Intermediary,
    IntermediaryKind,
    User,
)
from portal.models.base import local_today, utcnow
from portal.services.candidates import consents, identity, profile_input
from portal.services.candidates import profiles as candidates
from portal.services.intermediaries import delegations, organisations
from portal.services.matches import hires, journey

#: The demo case of the packet: confirmed hire, consent for the TWV application.
PACKET_REF = "WB-TVP5"


def load() -> list[str]:
    matchmaker = db.session.scalar(select(User).where(User.email == MATCHMAKER))
    employer = db.session.scalar(select(Employer).where(Employer.kvk_number == LEPEL))
    if matchmaker is None or employer is None or not employer.users:
        return []
    lines = []
    for email, contact, name, kvk in INTERMEDIARIES:
        organisation = db.session.scalar(
            select(Intermediary).where(Intermediary.kvk_number == kvk)
        )
        if organisation is None:
            user = organisations.register(
                organisations.Registration(
                    organisation=name,
                    kvk_number=kvk,
                    kind=IntermediaryKind.TWV_SERVICE,
                    contact_person=contact,
                    email=email,
                    phone="020 789 0123",
                    password=DEMO_PASSWORD,
                )
            )
            organisation = organisations.organisation_of(user)
            assert organisation is not None  # noqa: S101 - register made it
            organisations.verify(organisation, by=matchmaker)
            lines.append(f"{'intermediary':<10} {email:<40} {DEMO_PASSWORD}")
        boss = next(u for u in employer.users if u.is_employer)
        delegations.delegate(employer, organisation, by=boss)  # idempotent
    if (
        db.session.scalar(
            select(CandidateProfile.id).where(CandidateProfile.ref == PACKET_REF)
        )
        is None
    ):
        _packet_case(employer, matchmaker)
        lines.append(
            f"twv        TWV-pakket voor {PACKET_REF} (bevestigd, met toestemming)"
        )
    db.session.flush()
    return lines


def _packet_case(employer: Employer, matchmaker: User) -> None:
    today = local_today()
    profile = candidates.create_profile(
        profile_input.ProfileData(
            reception_centre="Azc Amstelveen, W.H. Keesomlaan",
            pc4="1183",
            max_travel_km=25,
            hours_per_week=32,
            available_from=today + timedelta(days=28),
            asylum_application_date=today - timedelta(days=300),
            w_document_valid_until=today + timedelta(days=330),
            summary="Heeft in de keuken van een hotel gewerkt.",
            has_bsn=False,
            in_brp=False,
            occupations=[(AFWAS, 3.0)],
            languages={"nl": "A2", "en": "B1"},
        ),
        by=matchmaker,
        ref=PACKET_REF,
    )
    identity.save_identity(
        profile,
        identity.IdentityData(
            name="Samira Osman",
            v_number="2094417731",
            date_of_birth=date(1996, 3, 9),
            nationality="(demo)",
            phone="06 0000 0000",
        ),
        by=matchmaker,
    )
    consents.give_consent(
        profile,
        given_on=today - timedelta(days=30),
        scopes=("matching", "employers", "introduction", "twv_application"),
        by=matchmaker,
    )
    vacancy = _vacancy(employer, today)
    hire = journey.record_hire(
        candidate=profile,
        vacancy=vacancy,
        terms=hires.ContractTerms(
            contract_start=today + timedelta(days=42),
            contract_end=today + timedelta(days=42 + 364),
            hours_per_week=32,
            hourly_wage=max(vacancy.hourly_wage, Decimal("15.25")),
        ),
        by=matchmaker,
    )
    hire.confirmed_at = utcnow()
    hire.confirmed_by_id = matchmaker.id
