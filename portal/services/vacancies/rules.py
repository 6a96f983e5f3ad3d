"""What a valid vacancy is: the one set of rules the form and the import both use.

``validate`` returns every problem as a code with parameters; the Dutch message is made
when it is shown (``Problem.message``), in the reader's language. The minimum wage is
checked over the whole contract with the dated table admins keep up to date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext

from matching.geo import load_postcodes
from matching.permits import add_months
from portal.domain import dates, minimum_wage
from portal.domain.cefr import is_cefr_level
from portal.models import Vacancy
from portal.models.base import local_today
from portal.services.settings import wage_rates
from portal.services.vacancies import taxonomy_search


def N_(s: str) -> str:  # noqa: N802 - gettext's conventional no-op marker
    """Mark a Dutch msgid for extraction; it is translated when shown."""
    return s


MIN_HOURS, MAX_HOURS = 1, 40
MIN_CONTRACT_MONTHS, MAX_CONTRACT_MONTHS = 1, 120
MIN_POSITIONS, MAX_POSITIONS = 1, 100
MAX_WAGE = Decimal("999.99")
MAX_TITLE, MAX_DESCRIPTION = 200, 5000
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")
_LANG_CODE = re.compile(r"[a-z]{2}")
_PC4 = re.compile(r"[1-9][0-9]{3}")


@dataclass(frozen=True)
class Problem:
    """One reason a vacancy is invalid (or a warning), as a code with its parameters.

    The Dutch text is made when ``message`` is read, in the reader's language.
    """

    field: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return problem_message(self)


class VacancyInvalid(Exception):
    """The vacancy breaks one or more rules; ``problems`` says which."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(", ".join(f"{p.field}:{p.code}" for p in problems))
        self.problems = list(problems)


def _money(value: Decimal) -> str:
    from portal.i18n import money

    return money(value)


def _date(value: date) -> str:
    from portal.i18n import nl_date

    return nl_date(value)


def problem_message(problem: Problem) -> str:
    """The Dutch sentence (or its translation) for a problem code."""
    p = problem.params
    code = problem.code
    if code == "wage_below_minimum":
        if p.get("during_contract"):
            return gettext(
                "Het uurloon moet minstens %(minimum)s zijn (wettelijk minimumloon op "
                "%(date)s, tijdens de looptijd van het contract).",
                minimum=_money(p["minimum"]),
                date=_date(p["date"]),
            )
        return gettext(
            "Het uurloon moet minstens %(minimum)s zijn (wettelijk minimumloon op %(date)s).",
            minimum=_money(p["minimum"]),
            date=_date(p["date"]),
        )
    if code == "wage_rate_unknown":
        return gettext(
            "Het minimumloon vanaf %(date)s is nog niet bekend. We controleren met het "
            "laatst bekende bedrag (%(minimum)s). Het echte minimumloon kan hoger zijn.",
            date=_date(p["date"]),
            minimum=_money(p["minimum"]),
        )
    if code == "hours_range":
        return gettext(
            "Het aantal uren per week moet tussen %(low)s en %(high)s liggen.",
            low=MIN_HOURS,
            high=MAX_HOURS,
        )
    if code == "contract_too_short":
        return gettext("Het contract moet minstens één maand duren.")
    if code == "contract_too_long":
        return gettext(
            "Het contract kan hier hoogstens %(high)s maanden duren.",
            high=MAX_CONTRACT_MONTHS,
        )
    if code == "start_in_past":
        return gettext(
            "De startdatum ligt in het verleden. Kies vandaag (%(today)s) of later.",
            today=_date(p["today"]),
        )
    if code == "date_out_of_range":
        return gettext(
            "Kies een datum tussen %(earliest)s en %(latest)s.",
            earliest=_date(dates.EARLIEST),
            latest=_date(dates.LATEST),
        )
    if code == "non_shortage_forbidden":
        return gettext(
            "Dit beroep is geen tekortberoep. In %(municipality)s mogen alleen vacatures "
            "in tekortberoepen gepubliceerd worden.",
            municipality=p.get("municipality", ""),
        )
    return gettext(_SIMPLE_MESSAGES.get(code, N_("Deze waarde is niet geldig.")))


_SIMPLE_MESSAGES = {
    "title_missing": N_("Vul een functietitel in."),
    "title_too_long": N_("De functietitel is te lang (hoogstens 200 tekens)."),
    "description_too_long": N_("De omschrijving is te lang (hoogstens 5000 tekens)."),
    "occupation_missing": N_("Kies een beroep."),
    "occupation_unknown": N_("Dit beroep staat niet in de ESCO-lijst."),
    "skill_unknown": N_("Deze vaardigheid staat niet in de ESCO-lijst."),
    "pc4_invalid": N_("Vul de 4 cijfers van de postcode in, bijvoorbeeld 1187."),
    "pc4_unknown": N_("Deze postcode bestaat niet."),
    "wage_invalid": N_("Vul een bruto uurloon in euro's in, bijvoorbeeld 14,71."),
    "positions_range": N_("Het aantal plaatsen moet tussen 1 en 100 liggen."),
    "language_invalid": N_("Kies een taalniveau van A1 tot en met C2."),
    "language_code_invalid": N_(
        "Gebruik een taalcode van twee letters, bijvoorbeeld ar."
    ),
    "not_editable": N_("Een vervulde of gesloten vacature kunt u niet meer aanpassen."),
}


# -- what a vacancy is -----------------------------------------------------------------
@dataclass(frozen=True)
class VacancyData:
    """Everything an employer says about a vacancy, before it is stored."""

    title: str
    esco_occupation: str
    pc4: str
    hours_per_week: int
    start_date: date
    contract_months: int
    hourly_wage: Decimal
    description: str = ""
    essential_skills: tuple[str, ...] = ()
    optional_skills: tuple[str, ...] = ()
    languages: dict[str, str] = field(default_factory=dict)
    positions: int = 1

    @property
    def contract_end(self) -> date:
        """Last day of the contract (start + months - 1 day)."""
        return add_months(self.start_date, self.contract_months) - timedelta(days=1)

    @classmethod
    def from_vacancy(cls, vacancy: Vacancy) -> VacancyData:
        return cls(
            title=vacancy.title,
            esco_occupation=vacancy.esco_occupation,
            pc4=vacancy.pc4,
            hours_per_week=vacancy.hours_per_week,
            start_date=vacancy.start_date,
            contract_months=vacancy.contract_months,
            hourly_wage=Decimal(vacancy.hourly_wage),
            description=vacancy.description,
            essential_skills=tuple(vacancy.essential_skills),
            optional_skills=tuple(vacancy.optional_skills),
            languages={lang.code: lang.level for lang in vacancy.languages},
            positions=vacancy.positions,
        )


def contract_end(start: date, months: int) -> date:
    """Last day of a contract of ``months`` months from ``start``."""
    return add_months(start, months) - timedelta(days=1)


def wage_check(
    hourly: Decimal,
    start: date,
    months: int,
    rates: Sequence[minimum_wage.WageRate] | None = None,
) -> minimum_wage.ContractWageCheck:
    """B1 over the whole contract: every date on which the minimum can change."""
    rates = wage_rates.get_wage_rates() if rates is None else rates
    return minimum_wage.check_contract_wage(
        hourly, start, contract_end(start, max(months, 1)), rates=rates
    )


def _wage_problems(
    data: VacancyData, rates: Sequence[minimum_wage.WageRate]
) -> list[Problem]:
    try:
        result = wage_check(
            data.hourly_wage, data.start_date, data.contract_months, rates
        )
    except minimum_wage.NoMinimumWageError:
        return []  # a start before the table begins: nothing to check against
    if not result.failures:
        return []
    # State the highest minimum the wage misses, from the first day it applies.
    worst = max(result.failures, key=lambda c: (c.minimum, -c.on.toordinal()))
    rate = minimum_wage.minimum_hourly_wage(worst.on, rates=rates).rate
    return [
        Problem(
            "hourly_wage",
            "wage_below_minimum",
            {
                "minimum": worst.minimum,
                "date": rate.valid_from,
                "on": worst.on,
                "during_contract": worst.on > data.start_date,
            },
        )
    ]


def wage_problems(
    data: VacancyData, rates: Sequence[minimum_wage.WageRate] | None = None
) -> list[Problem]:
    """B1 with the rates in force now: a shortfall to show on a saved vacancy."""
    rates = wage_rates.get_wage_rates() if rates is None else rates
    return _wage_problems(data, rates)


def wage_warnings(
    data: VacancyData, rates: Sequence[minimum_wage.WageRate] | None = None
) -> list[Problem]:
    """B2: the contract reaches a period whose minimum wage is not published yet."""
    rates = wage_rates.get_wage_rates() if rates is None else rates
    try:
        result = wage_check(
            data.hourly_wage, data.start_date, data.contract_months, rates
        )
    except minimum_wage.NoMinimumWageError:
        return []
    unknown = result.first_unknown
    if unknown is None or unknown.blocking:
        return []
    return [
        Problem(
            "hourly_wage",
            "wage_rate_unknown",
            {
                "date": minimum_wage.indexation_date(unknown.on),
                "minimum": unknown.minimum,
            },
        )
    ]


def validate(
    data: VacancyData,
    *,
    today: date | None = None,
    rates: Sequence[minimum_wage.WageRate] | None = None,
    check_start: bool = True,
) -> list[Problem]:
    """Every rule a vacancy must meet; an empty list means valid.

    ``check_start=False`` skips "start date not in the past" (an edit that keeps the
    start date of a vacancy that already started).
    """
    today = local_today() if today is None else today
    rates = wage_rates.get_wage_rates() if rates is None else rates
    problems: list[Problem] = []
    add = problems.append
    title = data.title.strip()
    if not title:
        add(Problem("title", "title_missing"))
    elif len(title) > MAX_TITLE:
        add(Problem("title", "title_too_long"))
    if len(data.description) > MAX_DESCRIPTION:
        add(Problem("description", "description_too_long"))
    if not data.esco_occupation:
        add(Problem("esco_occupation", "occupation_missing"))
    elif not taxonomy_search.occupation_exists(data.esco_occupation):
        add(
            Problem(
                "esco_occupation", "occupation_unknown", {"value": data.esco_occupation}
            )
        )
    for name, uris in (
        ("essential_skills", data.essential_skills),
        ("optional_skills", data.optional_skills),
    ):
        for uri in uris:
            if not taxonomy_search.skill_exists(uri):
                add(Problem(name, "skill_unknown", {"value": uri}))
    if not _PC4.fullmatch(data.pc4 or ""):
        add(Problem("pc4", "pc4_invalid", {"value": data.pc4}))
    elif not load_postcodes().exists(data.pc4):
        add(Problem("pc4", "pc4_unknown", {"value": data.pc4}))
    if not MIN_HOURS <= data.hours_per_week <= MAX_HOURS:
        add(Problem("hours_per_week", "hours_range", {"value": data.hours_per_week}))
    contract_ok = True
    if not dates.in_range(data.start_date):
        # Also keeps add_months and the wage table within the calendar.
        add(Problem("start_date", "date_out_of_range"))
        contract_ok = False
    elif check_start and data.start_date < today:
        add(Problem("start_date", "start_in_past", {"today": today}))
    if data.contract_months < MIN_CONTRACT_MONTHS:
        add(Problem("contract_months", "contract_too_short"))
        contract_ok = False
    elif data.contract_months > MAX_CONTRACT_MONTHS:
        add(Problem("contract_months", "contract_too_long"))
        contract_ok = False
    if (
        not data.hourly_wage.is_finite()
        or not Decimal(0) < data.hourly_wage <= MAX_WAGE
    ):
        add(Problem("hourly_wage", "wage_invalid"))
    elif contract_ok:
        problems += _wage_problems(data, rates)
    if not MIN_POSITIONS <= data.positions <= MAX_POSITIONS:
        add(Problem("positions", "positions_range"))
    for code, level in data.languages.items():
        if not _LANG_CODE.fullmatch(code):
            add(Problem("languages", "language_code_invalid", {"value": code}))
        elif not is_cefr_level(level):
            add(Problem("languages", "language_invalid", {"value": level}))
    return problems
