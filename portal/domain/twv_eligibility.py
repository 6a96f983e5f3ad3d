"""Eligibility gate for the TWV checklist (rules A1–A10, B1–B4, E1–E2).

``check_eligibility`` turns plain facts into a list of ``Check`` objects. Messages are
plain Dutch (B1 level) msgids marked with ``N_``; the portal translates them and fills
the ``%(name)s`` placeholders from ``params`` after formatting dates and amounts.

What is deliberately *not* checked: a 24-week cap (A7, struck down by the Raad van
State on 29 Nov 2023), a labour market test or 5-week vacancy report (A8), and a BSN as
a precondition (A9).

The facts, settings and findings are ``twv_eligibility_data``; the checks on the job
(wage, agency work, payroll) are ``twv_job_checks``. This module holds the checks on the
person and the procedure (A1–A6, A10, the recast directive) and puts them all together.
"""

from __future__ import annotations

from datetime import date

from matching.permits import (
    ACCELERATED_PROCEDURE_BLOCK,
    EU_PACT_2026_START,
    accelerated_procedure_blocks,
    add_months,
    earliest_work_date,
    twv_renewals_needed,
)
from portal.domain.minimum_wage import age_on, birthday_in
from portal.domain.twv_eligibility_data import (
    N_,
    Check,
    EligibilityFacts,
    EligibilitySettings,
    Severity,
    finding,
)
from portal.domain.twv_job_checks import agency_check, payroll_checks, wage_checks

ADULT_AGE_FOR_TWV = 18


def _status_holder(facts: EligibilityFacts) -> Check | None:
    """A1: a residence permit on the start date means no TWV is needed."""
    if not facts.has_residence_permit:
        return None
    if (
        facts.residence_permit_on is not None
        and facts.residence_permit_on > facts.start_on
    ):
        return None  # still an asylum seeker on the start date; D10 closes later
    return finding(
        "NO_TWV_NEEDED_STATUS_HOLDER",
        "info",
        "A1",
        N_(
            "De kandidaat heeft een verblijfsvergunning. Daarom is geen werkvergunning nodig."
        ),
        N_(
            "U hoeft geen werkvergunning aan te vragen. De kandidaat mag gewoon werken."
        ),
        permit_on=facts.residence_permit_on,
    )


def _status_checks(
    facts: EligibilityFacts, settings: EligibilitySettings
) -> list[Check]:
    checks: list[Check] = []
    if facts.asylum_finally_rejected:
        checks.append(
            finding(
                "ASYLUM_REJECTED_NO_WORK",
                "blocking",
                "A6",
                N_(
                    "De asielaanvraag is definitief afgewezen. Dan mag de kandidaat niet meer werken."
                ),
                N_("Vraag geen werkvergunning aan. Neem contact op met de matchmaker."),
            )
        )
    if (
        settings.eu_pact_2026
        and facts.eu_pact_chance == "low"
        and facts.start_on >= EU_PACT_2026_START
    ):
        checks.append(
            finding(
                "LOW_CHANCE_NO_WORK",
                "blocking",
                "A10",
                N_(
                    "De kandidaat heeft weinig kans op een verblijfsvergunning. Sinds %(pact_start)s mag deze groep niet werken."
                ),
                N_("Vraag geen werkvergunning aan. Neem contact op met de matchmaker."),
                pact_start=EU_PACT_2026_START,
            )
        )
    if settings.block_accelerated_procedure and accelerated_procedure_blocks(
        facts.start_on, accelerated=facts.accelerated_procedure
    ):
        checks.append(
            finding(
                ACCELERATED_PROCEDURE_BLOCK.code,
                "blocking",
                "RCD-17",
                N_(
                    "De asielaanvraag wordt behandeld in een versnelde procedure. Sinds %(rule_start)s mag de kandidaat dan niet werken."
                ),
                N_("Vraag geen werkvergunning aan. Neem contact op met de matchmaker."),
                rule_start=ACCELERATED_PROCEDURE_BLOCK.valid_from,
            )
        )
    if not facts.in_coa_reception:
        checks.append(
            finding(
                "NOT_IN_COA_RECEPTION",
                "blocking",
                "A5",
                N_(
                    "De kandidaat woont niet (meer) in de opvang van het COA. UWV geeft dan geen werkvergunning."
                ),
                N_(
                    "Vraag de matchmaker om na te gaan of de kandidaat weer in de opvang komt."
                ),
            )
        )
    return checks


def _age_check(facts: EligibilityFacts) -> Check | None:
    """A2: 18 or older on the start date (exactly 18 counts as eligible — ASSUMED)."""
    if facts.date_of_birth is None:
        return finding(
            "DATE_OF_BIRTH_MISSING",
            "warning",
            "A2",
            N_(
                "De geboortedatum is niet bekend. UWV geeft alleen een werkvergunning voor iemand van 18 jaar of ouder."
            ),
            N_("Vul de geboortedatum in. Die staat op het W-document."),
        )
    if age_on(facts.date_of_birth, facts.start_on) >= ADULT_AGE_FOR_TWV:
        return None
    return finding(
        "UNDER_18",
        "blocking",
        "A2",
        N_(
            "De kandidaat is op de startdatum jonger dan 18 jaar. Dan geeft UWV geen werkvergunning."
        ),
        N_("Kies een startdatum op of na %(adult_on)s. Dan is de kandidaat 18 jaar."),
        adult_on=birthday_in(
            facts.date_of_birth, facts.date_of_birth.year + ADULT_AGE_FOR_TWV
        ),
    )


def _waiting_checks(
    facts: EligibilityFacts, settings: EligibilitySettings, today: date
) -> list[Check]:
    """A3 on the start date, A3b on the submission date (today), A10 for "high chance"."""
    if facts.asylum_application_on is None:
        return [
            finding(
                "ASYLUM_APPLICATION_DATE_MISSING",
                "blocking",
                "A3",
                N_(
                    "De datum van de asielaanvraag is niet bekend. Zonder die datum kunnen we niet controleren of de kandidaat mag werken."
                ),
                N_(
                    "Vraag de matchmaker om de datum van de asielaanvraag in te vullen."
                ),
            )
        ]
    earliest = earliest_work_date(
        facts.asylum_application_on,
        eu_pact=settings.eu_pact_2026,
        high_chance=facts.eu_pact_chance == "high",
        registration_date=facts.asylum_registration_on,
    )
    checks: list[Check] = []
    if facts.start_on < earliest:
        checks.append(
            finding(
                "ASYLUM_APPLICATION_UNDER_6_MONTHS",
                "blocking",
                "A3",
                N_(
                    "De asielaanvraag loopt op de startdatum nog niet lang genoeg. De kandidaat mag pas werken vanaf %(earliest_on)s."
                ),
                N_("Kies een startdatum op of na %(earliest_on)s."),
                earliest_on=earliest,
                application_on=facts.asylum_application_on,
            )
        )
    if today < earliest:
        # Never later than the submission date (the A10 3-month rule is shorter).
        draft_from = min(
            add_months(facts.asylum_application_on, settings.drafting_from_months),
            earliest,
        )
        may_draft = today >= draft_from
        if not settings.block_submission_before_6_months:
            severity: Severity = "warning"
            message = N_(
                "De asielaanvraag loopt nog niet lang genoeg. UWV kan een aanvraag die te vroeg komt afwijzen. Indienen kan vanaf %(submit_from)s."
            )
        elif may_draft:
            severity = "blocking"
            message = N_(
                "U kunt de aanvraag nu al voorbereiden. Indienen bij UWV kan pas vanaf %(submit_from)s."
            )
        else:
            severity = "blocking"
            message = N_(
                "Het is nog te vroeg voor de aanvraag. Voorbereiden kan vanaf %(draft_from)s. Indienen kan vanaf %(submit_from)s."
            )
        checks.append(
            finding(
                "SUBMISSION_BEFORE_6_MONTHS",
                severity,
                "A3b",
                message,
                N_("Dien de aanvraag in op of na %(submit_from)s."),
                submit_from=earliest,
                draft_from=draft_from,
                may_draft=may_draft,
                blocks="submission",
            )
        )
    return checks


def _w_document_checks(facts: EligibilityFacts) -> list[Check]:
    """A4: a valid W-document on the start date; info when renewals will be needed."""
    if facts.w_valid_until is None or facts.w_valid_until < facts.start_on:
        return [
            finding(
                "W_DOCUMENT_INVALID_OR_MISSING",
                "blocking",
                "A4",
                N_(
                    "De kandidaat heeft op de startdatum geen geldig W-document. Zonder W-document geeft UWV geen werkvergunning."
                ),
                N_(
                    "De kandidaat vraagt per post een nieuw W-document aan bij de IND. Vul daarna de nieuwe einddatum in."
                ),
                w_valid_until=facts.w_valid_until,
            )
        ]
    if facts.contract_end is None:
        return []
    renewals = twv_renewals_needed(
        facts.w_valid_until, facts.start_on, facts.contract_end
    )
    if renewals == 0:
        return []
    return [
        finding(
            "TWV_RENEWAL_EXPECTED",
            "info",
            "D3",
            N_(
                "De werkvergunning geldt zolang het W-document geldig is: tot en met %(w_valid_until)s. Het contract loopt langer. U moet de werkvergunning dus verlengen, naar schatting %(renewals)s keer."
            ),
            N_("Werkbrug stuurt u op tijd een herinnering."),
            w_valid_until=facts.w_valid_until,
            renewals=renewals,
        )
    ]


def check_eligibility(
    facts: EligibilityFacts,
    *,
    today: date,
    settings: EligibilitySettings | None = None,
) -> list[Check]:
    """All checks for starting the TWV checklist, blocking ones first.

    A status holder (A1) gets only ``NO_TWV_NEEDED_STATUS_HOLDER``: the TWV track is
    skipped and nothing else in it applies. Raises ValueError when ``contract_end`` is
    before ``start_on`` (an input error the form should catch).
    """
    settings = settings or EligibilitySettings()
    holder = _status_holder(facts)
    if holder is not None:
        return [holder]
    checks = _status_checks(facts, settings)
    age = _age_check(facts)
    if age is not None:
        checks.append(age)
    checks += _waiting_checks(facts, settings, today)
    checks += _w_document_checks(facts)
    checks += wage_checks(facts, settings)
    agency = agency_check(facts)
    if agency is not None:
        checks.append(agency)
    checks += payroll_checks(facts, today)
    order = {"blocking": 0, "warning": 1, "info": 2}
    return sorted(checks, key=lambda check: order[check.severity])


def is_blocked(checks: list[Check]) -> bool:
    """True when any check blocks (submission-only blocks included)."""
    return any(check.severity == "blocking" for check in checks)
