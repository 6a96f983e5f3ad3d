"""Eligibility gate for the TWV checklist (rules A1–A10, B1–B4, E1–E2).

``check_eligibility`` turns plain facts into a list of ``Check`` objects. Messages are
plain Dutch (B1 level) msgids marked with ``N_``; the portal translates them and fills
the ``%(name)s`` placeholders from ``params`` after formatting dates and amounts.

What is deliberately *not* checked: a 24-week cap (A7, struck down by the Raad van
State on 29 Nov 2023), a labour market test or 5-week vacancy report (A8), and a BSN as
a precondition (A9).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from matching.permits import (
    ACCELERATED_PROCEDURE_BLOCK,
    EU_PACT_2026_START,
    accelerated_procedure_blocks,
    add_months,
    earliest_work_date,
    twv_renewals_needed,
)
from portal.domain.agency_work import check_admission
from portal.domain.minimum_wage import (
    DEFAULT_RATES,
    WageRate,
    age_on,
    birthday_in,
    check_contract_wage,
)


def N_(s: str) -> str:  # noqa: N802 — gettext's conventional no-op marker
    """Mark a Dutch msgid for extraction; the portal translates it."""
    return s


Severity = Literal["blocking", "warning", "info"]
Chance = Literal["high", "normal", "low"]

ADULT_AGE_FOR_TWV = 18


@dataclass(frozen=True)
class Check:
    """One finding of the gate; ``params`` holds raw values (date, Decimal, int)."""

    code: str
    severity: Severity
    params: dict[str, object]
    message_nl: str
    action_nl: str
    rule: str = ""


@dataclass(frozen=True)
class EligibilityFacts:
    """What the portal knows about one candidate and one planned job."""

    start_on: date
    asylum_application_on: date | None
    w_valid_until: date | None
    has_residence_permit: bool = False
    residence_permit_on: date | None = None
    date_of_birth: date | None = None
    in_coa_reception: bool = True
    asylum_finally_rejected: bool = False
    hourly_wage: Decimal | None = None
    contract_end: date | None = None
    has_bsn: bool = False
    registered_in_brp: bool = False
    #: A10: chance of a permit as flagged by the matchmaker; only used with the pact flag.
    eu_pact_chance: Chance | None = None
    #: Registration of the asylum application where it differs from the lodging date
    #: (recast directive 2024/1346: 6 months from registration, from 12 Jun 2026).
    asylum_registration_on: date | None = None
    #: The application is examined in an accelerated procedure (directive 2024/1346).
    accelerated_procedure: bool = False
    #: F4: the placement is through an agency (uitzendbureau) and whether it showed its
    #: Wtta admission.
    via_agency: bool = False
    agency_admitted: bool = False


@dataclass(frozen=True)
class EligibilitySettings:
    """Switches an administrator can change; defaults are the README's."""

    #: A10 feature flag ``EU_PACT_2026``: off until the amended BuWav/RuWav is published.
    eu_pact_2026: bool = False
    #: Directive 2024/1346: no work in an accelerated procedure from 12 Jun 2026. Its own
    #: switch, separate from the Dutch proposal above (ASSUMED: on, the directive applies).
    block_accelerated_procedure: bool = True
    #: A3b — ASSUMED: block submission before 6 months; drafting allowed from month 5.
    block_submission_before_6_months: bool = True
    drafting_from_months: int = 5
    #: B3 — ASSUMED: 21+ rate regardless of age; True uses youth rates (the override).
    use_youth_rates: bool = False
    wage_rates: tuple[WageRate, ...] = field(default=DEFAULT_RATES, repr=False)


def _check(
    code: str,
    severity: Severity,
    rule: str,
    message_nl: str,
    action_nl: str,
    **params: object,
) -> Check:
    return Check(code, severity, dict(params), message_nl, action_nl, rule)


def _status_holder(facts: EligibilityFacts) -> Check | None:
    """A1: a residence permit on the start date means no TWV is needed."""
    if not facts.has_residence_permit:
        return None
    if (
        facts.residence_permit_on is not None
        and facts.residence_permit_on > facts.start_on
    ):
        return None  # still an asylum seeker on the start date; D10 closes later
    return _check(
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
            _check(
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
            _check(
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
            _check(
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
            _check(
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
        return _check(
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
    return _check(
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
            _check(
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
            _check(
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
            _check(
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
            _check(
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
        _check(
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


def _wage_checks(facts: EligibilityFacts, settings: EligibilitySettings) -> list[Check]:
    """B1–B4. A missing wage is left to the vacancy form."""
    if facts.hourly_wage is None:
        return []
    result = check_contract_wage(
        facts.hourly_wage,
        facts.start_on,
        facts.contract_end,
        date_of_birth=facts.date_of_birth if settings.use_youth_rates else None,
        rates=settings.wage_rates,
    )
    checks: list[Check] = []
    if result.failures:
        failure = result.failures[0]
        checks.append(
            _check(
                "WAGE_BELOW_MINIMUM",
                "blocking",
                "B1",
                N_(
                    "Het uurloon is lager dan het minimumloon. Op %(on)s is het minimumloon %(minimum)s per uur."
                ),
                N_("Verhoog het uurloon tot minstens %(minimum)s."),
                on=failure.on,
                minimum=failure.minimum,
                hourly_wage=facts.hourly_wage,
            )
        )
    unknown = result.first_unknown
    if unknown is not None and not result.failures:
        checks.append(
            _check(
                "WML_RATE_UNKNOWN",
                "warning",
                "B2",
                N_(
                    "Het minimumloon vanaf %(on)s is nog niet bekend. We hebben gerekend met het laatst bekende bedrag: %(minimum)s per uur."
                ),
                N_(
                    "Controleer het uurloon opnieuw als het nieuwe minimumloon bekend is."
                ),
                on=unknown.on,
                minimum=unknown.minimum,
            )
        )
    checks.append(
        _check(
            "MARKTCONFORM_REMINDER",
            "info",
            "B4",
            N_(
                "UWV kijkt ook of het loon normaal is voor dit werk. Dat kan meer zijn dan het minimumloon, bijvoorbeeld door de cao."
            ),
            N_("Controleer het loon in de cao van uw sector."),
        )
    )
    return checks


def _agency_check(facts: EligibilityFacts) -> Check | None:
    """F4: an agency placement needs a Wtta-admitted agency from 1 Jan 2027."""
    result = check_admission(
        start_on=facts.start_on,
        end_on=facts.contract_end,
        via_agency=facts.via_agency,
        admitted=facts.agency_admitted,
    )
    if result.code is None or result.severity is None:
        return None
    return _check(
        result.code,
        result.severity,
        "F4",
        N_(
            "Het werk gaat via een uitzendbureau. Vanaf %(required_from)s moet een uitzendbureau toegelaten zijn onder de Wtta. Vanaf %(fines_from)s krijgt u een boete als het bureau niet is toegelaten."
        ),
        N_(
            "Vraag het uitzendbureau om het nummer van de toelating en vul het in bij de werkvergunning."
        ),
        required_from=result.required_from,
        fines_from=result.fines_from,
    )


def _payroll_checks(facts: EligibilityFacts, today: date) -> list[Check]:
    """E1 (no BSN) and E2 (BRP registration hint). Never blocking (A9)."""
    checks: list[Check] = []
    if not facts.has_bsn:
        checks.append(
            _check(
                "NO_BSN_PAYROLL",
                "warning",
                "E1",
                N_(
                    "De kandidaat heeft nog geen BSN. Voor de werkvergunning is dat niet nodig. Voor de loonadministratie wel."
                ),
                N_(
                    "Gebruik een eigen personeelsnummer. Gebruik nooit een verzonnen BSN. Zonder BSN geldt het anoniementarief, tenzij de Belastingdienst ermee instemt dat u dat niet toepast omdat de vertraging niet aan u of de werknemer ligt. Twijfelt u? Vraag het de Belastingdienst schriftelijk. Komt het BSN later, dan mag u de loonaangifte in hetzelfde jaar corrigeren."
                ),
            )
        )
    if not facts.registered_in_brp and facts.asylum_application_on is not None:
        checks.append(
            _check(
                "BRP_REGISTRATION_HINT",
                "info",
                "E2",
                N_(
                    "De kandidaat staat nog niet in de BRP. Een asielzoeker kan zich na 6 maanden in Nederland inschrijven. Soms kan het eerder. Dat kan niet bij een Dublin-zaak, een veilig land van herkomst, bescherming in een ander EU-land of een onbekende identiteit."
                ),
                N_(
                    "De kandidaat vraagt het COA naar inschrijving in de BRP. Dan krijgt hij of zij ook een BSN."
                ),
                eligible_from=add_months(facts.asylum_application_on, 6),
                eligible_now=today >= add_months(facts.asylum_application_on, 6),
            )
        )
    return checks


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
    checks += _wage_checks(facts, settings)
    agency = _agency_check(facts)
    if agency is not None:
        checks.append(agency)
    checks += _payroll_checks(facts, today)
    order = {"blocking": 0, "warning": 1, "info": 2}
    return sorted(checks, key=lambda check: order[check.severity])


def is_blocked(checks: list[Check]) -> bool:
    """True when any check blocks (submission-only blocks included)."""
    return any(check.severity == "blocking" for check in checks)
