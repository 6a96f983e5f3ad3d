"""A new minimum wage re-checks open vacancies and running hires at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, Role, VacancyStatus
from portal.services.permits import wages
from portal.services.vacancies import posting
from tests.fixtures.actors import create_user
from tests.fixtures.permits import create_working_person
from tests.fixtures.twv import create_twv_vacancy


def _notes(user, kind):
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.user_id == user.id, Notification.kind == kind
            )
        )
    )


def test_a_new_rate_flags_every_vacancy_and_hire_now_below_it(app_ctx):
    w = create_working_person()  # hire at 15.00 until 2027-03-31
    admin = create_user(Role.ADMIN)
    low = create_twv_vacancy(w.employer, hourly_wage="15.00")  # to 2027-02-28
    high = create_twv_vacancy(w.employer, hourly_wage="16.00")
    closed = create_twv_vacancy(w.employer, hourly_wage="15.00")
    closed.status = VacancyStatus.CLOSED
    short = create_twv_vacancy(w.employer, hourly_wage="15.00")
    short.contract_months = 6  # ends 2026-08-31, before the new rate
    db.session.flush()
    assert posting.describe(low).warnings[0].code == "wage_rate_unknown"

    row, result = wages.add_rate_and_recheck(
        valid_from=date(2027, 1, 1),
        hourly=Decimal("15.30"),
        source="Test: besluit SZW",
        by=admin,
    )

    assert row.id is not None
    assert low in result.vacancies
    assert high not in result.vacancies
    assert closed not in result.vacancies
    assert short not in result.vacancies
    assert result.hires == [w.hire]
    vacancy_notes = _notes(w.employer_user, "wage_below_minimum_vacancy")
    assert {n.params["vacancy"] for n in vacancy_notes} == {
        v.ref for v in result.vacancies if v.employer_id == w.employer.id
    }
    # the other employer's open vacancy (the match's) hears only about its own
    assert {
        n.params["vacancy"] for n in _notes(w.other_user, "wage_below_minimum_vacancy")
    } == {w.match.vacancy.ref}
    assert vacancy_notes[0].params["date"] == "01-01-2027"
    assert vacancy_notes[0].params["minimum"] == "€ 15,30"
    assert _notes(w.employer_user, "wage_below_minimum_hire")[0].params == {
        "candidate": w.candidate.ref,
        "date": "01-01-2027",
        "minimum": "€ 15,30",
    }
    assert _notes(w.matchmaker, "wage_below_minimum_hire")
    # the vacancy page shows the shortfall without the vacancy being saved again
    codes = [p.code for p in posting.describe(low).warnings]
    assert codes == ["wage_below_minimum"]
    assert [p.code for p in posting.describe(high).warnings] == []


def test_a_rate_nobody_falls_below_notifies_nobody(app_ctx):
    w = create_working_person(hourly_wage="18.00")
    w.match.vacancy.hourly_wage = Decimal("18.00")
    result = wages.recheck_from(date(2026, 7, 1), by=None)
    assert result.vacancies == []
    assert result.hires == []
    assert result.notified == 0
