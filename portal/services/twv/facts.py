"""The eligibility facts of one person for one contract.

The one place that turns a candidate profile and the terms of a contract into the plain
``EligibilityFacts`` of ``portal.domain.twv_eligibility_data``. The TWV checklist
(``eligibility.eligibility_facts``) and the hire gate (``matches.hire_gate``) both call
it, so a fact recorded on the profile (the registration date, the accelerated procedure,
a final refusal, leaving COA reception, ...) reaches both gates alike.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal.domain.twv_eligibility_data import EligibilityFacts
from portal.models import CandidateProfile


def candidate_facts(
    profile: CandidateProfile,
    *,
    start_on: date,
    contract_end: date,
    hourly_wage: Decimal | None,
    via_agency: bool = False,
    agency_admitted: bool = False,
) -> EligibilityFacts:
    """What the gate needs about ``profile`` for a contract from ``start_on``.

    ``via_agency`` and ``agency_admitted`` are facts of a TWV case (the Wtta admission of
    an agency placement); before a hire exists there is no case, so they default to no
    agency.
    """
    identity = profile.identity
    return EligibilityFacts(
        start_on=start_on,
        asylum_application_on=profile.asylum_application_date,
        w_valid_until=profile.w_document_valid_until,
        has_residence_permit=profile.residence_permit_on is not None,
        residence_permit_on=profile.residence_permit_on,
        date_of_birth=identity.date_of_birth if identity is not None else None,
        in_coa_reception=profile.in_coa_reception,
        asylum_finally_rejected=profile.asylum_rejected,
        hourly_wage=hourly_wage,
        contract_end=max(contract_end, start_on),
        has_bsn=profile.has_bsn,
        registered_in_brp=profile.in_brp,
        asylum_registration_on=profile.asylum_registration_date,
        accelerated_procedure=profile.accelerated_procedure,
        via_agency=via_agency,
        agency_admitted=agency_admitted,
    )
