"""The TWV gate's checks on the job itself: the wage (B1–B4), agency work (F4) and the
payroll (E1–E2).

Each takes the plain ``EligibilityFacts`` and returns findings (``Check``); none of them
depends on the waiting period or the person's procedure, which are checked in
``twv_eligibility``, where :func:`check_eligibility` calls these too. A missing wage is
left to the vacancy form; the payroll findings never block (A9).
"""

from __future__ import annotations

from datetime import date

from matching.permits import add_months
from portal.domain.agency_work import check_admission
from portal.domain.minimum_wage import check_contract_wage
from portal.domain.twv_eligibility_data import (
    N_,
    Check,
    EligibilityFacts,
    EligibilitySettings,
    finding,
)


def wage_checks(facts: EligibilityFacts, settings: EligibilitySettings) -> list[Check]:
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
            finding(
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
            finding(
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
        finding(
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


def agency_check(facts: EligibilityFacts) -> Check | None:
    """F4: an agency placement needs a Wtta-admitted agency from 1 Jan 2027."""
    result = check_admission(
        start_on=facts.start_on,
        end_on=facts.contract_end,
        via_agency=facts.via_agency,
        admitted=facts.agency_admitted,
    )
    if result.code is None or result.severity is None:
        return None
    return finding(
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


def payroll_checks(facts: EligibilityFacts, today: date) -> list[Check]:
    """E1 (no BSN) and E2 (BRP registration hint). Never blocking (A9)."""
    checks: list[Check] = []
    if not facts.has_bsn:
        checks.append(
            finding(
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
            finding(
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
