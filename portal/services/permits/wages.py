"""A new, corrected or deleted minimum wage re-checks every open vacancy and running hire.

Before, a new rate changed nothing until a vacancy was saved again. Now the admin's
:func:`add_rate_and_recheck` stores the rate (a new one, or one that supersedes a built-in
ASSUMED row) and :func:`delete_rate_and_recheck` removes one (the built-in row for that
date applies again); both check every open vacancy and running hire whose contract
reaches the rate's date: for each one now below the minimum, the employer's users and the
matchmaker get a notice (references only). The vacancy page shows the shortfall itself
(``vacancies.posting.describe``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.domain import minimum_wage
from portal.extensions import db
from portal.models import (
    Hire,
    HireStatus,
    MinimumWageRate,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.services import audit
from portal.services.notifications import inbox
from portal.services.notifications.recipients import employer_accounts, matchmakers
from portal.services.permits import recipients
from portal.services.settings import wage_rates
from portal.services.vacancies.rules import contract_end

log = logging.getLogger(__name__)

OPEN_VACANCIES = (VacancyStatus.DRAFT, VacancyStatus.PUBLISHED, VacancyStatus.PAUSED)
RUNNING_HIRES = (HireStatus.PROPOSED, HireStatus.PLANNED, HireStatus.ACTIVE)


@dataclass
class RecheckResult:
    valid_from: date
    vacancies: list[Vacancy] = field(default_factory=list)  # now below the minimum
    hires: list[Hire] = field(default_factory=list)
    notified: int = 0


def _money(amount: Decimal) -> str:
    return "€ " + f"{amount:.2f}".replace(".", ",")


def _failure_from(
    hourly: Decimal,
    start: date,
    end: date,
    valid_from: date,
    rates: tuple[minimum_wage.WageRate, ...],
) -> minimum_wage.WageCheck | None:
    """The first failure on or after ``valid_from`` (earlier ones are not news)."""
    try:
        result = minimum_wage.check_contract_wage(hourly, start, end, rates=rates)
    except minimum_wage.NoMinimumWageError:
        return None
    return next((c for c in result.failures if c.on >= valid_from), None)


def recheck_from(valid_from: date, *, by: User | None) -> RecheckResult:
    """Check open vacancies and running hires whose contract reaches ``valid_from``."""
    rates = wage_rates.get_wage_rates()
    result = RecheckResult(valid_from=valid_from)
    vacancies = db.session.scalars(
        select(Vacancy).where(Vacancy.status.in_(OPEN_VACANCIES)).order_by(Vacancy.id)
    )
    for vacancy in vacancies:
        end = contract_end(vacancy.start_date, max(vacancy.contract_months, 1))
        if end < valid_from:
            continue
        failure = _failure_from(
            Decimal(vacancy.hourly_wage), vacancy.start_date, end, valid_from, rates
        )
        if failure is None:
            continue
        result.vacancies.append(vacancy)
        params = {
            "vacancy": vacancy.ref,
            "date": failure.on.isoformat(),
            "minimum": _money(failure.minimum),
        }
        users = [
            *employer_accounts(vacancy.employer_id),
            *matchmakers(),
        ]
        for user in users:
            inbox.notify(
                user,
                "wage_below_minimum_vacancy",
                link=f"/vacatures/{vacancy.id}",
                params=params,
            )
        result.notified += len(users)
    hires = db.session.scalars(
        select(Hire)
        .where(Hire.status.in_(RUNNING_HIRES), Hire.contract_end >= valid_from)
        .order_by(Hire.id)
    )
    for hire in hires:
        failure = _failure_from(
            Decimal(hire.hourly_wage),
            hire.contract_start,
            hire.contract_end,
            valid_from,
            rates,
        )
        if failure is None:
            continue
        result.hires.append(hire)
        params = {
            "candidate": hire.candidate.ref,
            "date": failure.on.isoformat(),
            "minimum": _money(failure.minimum),
        }
        employers, staff = recipients.for_hire(hire)
        for user in [*employers, *staff]:
            inbox.notify(user, "wage_below_minimum_hire", link="/twv", params=params)
        result.notified += len(employers) + len(staff)
    audit.record_event(
        "wage_rate.rechecked",
        actor=by,
        object_type="minimum_wage_rate",
        details={
            "valid_from": valid_from.isoformat(),
            "vacancies": [v.id for v in result.vacancies],
            "hires": [h.id for h in result.hires],
        },
    )
    log.info(
        "wage rate from %s: %s vacancies, %s hires below the minimum",
        valid_from,
        len(result.vacancies),
        len(result.hires),
    )
    return result


def add_rate_and_recheck(
    *,
    valid_from: date,
    hourly: Decimal,
    source: str,
    by: User | None,
    age: int = 21,
) -> tuple[MinimumWageRate, RecheckResult]:
    """``wage_rates.add_wage_rate`` followed by the re-check (what the admin page calls)."""
    row = wage_rates.add_wage_rate(
        valid_from=valid_from, hourly=hourly, source=source, by=by, age=age
    )
    return row, recheck_from(valid_from, by=by)


def delete_rate_and_recheck(row: MinimumWageRate, *, by: User | None) -> RecheckResult:
    """``wage_rates.delete_wage_rate`` followed by the re-check from the rate's date."""
    valid_from = row.valid_from
    wage_rates.delete_wage_rate(row, by=by)
    return recheck_from(valid_from, by=by)
