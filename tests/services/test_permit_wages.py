"""A new minimum wage re-checks open vacancies and running hires at once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Notification, Role, VacancyStatus
from portal.services.notifications import kinds
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
    assert (
        vacancy_notes[0].params["date"] == "2027-01-01"
    )  # stored ISO, shown localised
    assert "1 januari 2027" in kinds.render(
        "wage_below_minimum_vacancy", vacancy_notes[0].params
    )
    assert vacancy_notes[0].params["minimum"] == "€ 15,30"
    assert _notes(w.employer_user, "wage_below_minimum_hire")[0].params == {
        "candidate": w.candidate.ref,
        "date": "2027-01-01",
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


# -- an admin corrects a built-in ASSUMED rate ------------------------------------------
def _row(valid_from, age=21):
    from portal.services.settings import wage_rates

    return next(
        r
        for r in wage_rates.wage_rate_rows()
        if (r.valid_from, r.age) == (valid_from, age)
    )


def _minimum(on, age=None):
    from portal.domain import minimum_wage
    from portal.services.settings import wage_rates

    return minimum_wage.minimum_hourly_wage(
        on, age=age, rates=wage_rates.get_wage_rates()
    )


def test_an_admin_rate_supersedes_the_built_in_assumed_row(app_ctx):
    from portal.services.settings import wage_rates

    admin = create_user(Role.ADMIN)
    july = date(2026, 7, 1)
    assert (_row(july).status, _row(july).hourly) == ("ASSUMED", Decimal("14.99"))
    assert "NIET GECONTROLEERD" in _row(july).source
    wage_rates.seed_wage_rates()  # an installed portal stores the built-in rows
    assert _row(july).status == "ASSUMED"  # a seeded copy keeps the flag

    row, _result = wages.add_rate_and_recheck(
        valid_from=july,
        hourly=Decimal("15.02"),
        source="Staatscourant 2026, besluit minimumloon per 1 juli 2026",
        by=admin,
    )

    shown = _row(july)
    assert shown.stored.id == row.id
    assert (shown.status, shown.hourly) == ("VERIFIED", Decimal("15.02"))
    assert shown.source.startswith("Staatscourant 2026")
    assert shown.replaces.hourly == Decimal("14.99")
    assert shown.entered_by_admin
    # day before, on and after the date
    assert _minimum(date(2026, 6, 30)).hourly == Decimal("14.71")
    for on in (july, date(2026, 7, 2)):
        lookup = _minimum(on)
        assert (lookup.hourly, lookup.known) == (Decimal("15.02"), True)
        assert lookup.rate.status == "VERIFIED"
    # the youth rows of that date are still the built-in (ASSUMED) ones
    assert _minimum(july, age=20).rate.status == "ASSUMED"
    # an admin's own rate is not overwritten by another entry: delete it first
    with pytest.raises(wage_rates.WageRateExists):
        wage_rates.add_wage_rate(
            valid_from=july, hourly=Decimal("15.10"), source="x", by=admin
        )
    # deleting it brings the built-in row back
    wages.delete_rate_and_recheck(db.session.get(type(row), row.id), by=admin)
    assert (_row(july).status, _row(july).hourly) == ("ASSUMED", Decimal("14.99"))
    assert _minimum(july).hourly == Decimal("14.99")


def test_deleting_a_rate_rechecks_vacancies_and_hires(app_ctx):
    """An admin lowered the 1 July 2026 rate to 14.90; a vacancy pays 14.95. Deleting the
    admin's rate brings 14.99 back: the vacancy is now below it, and its employer hears."""
    admin = create_user(Role.ADMIN)
    row, added = wages.add_rate_and_recheck(
        valid_from=date(2026, 7, 1),
        hourly=Decimal("14.90"),
        source="Test: een verkeerd ingevoerd bedrag",
        by=admin,
    )
    assert added.vacancies == []
    # agreed while 14.90 applied: the hire gate lets 14.95 through
    w = create_working_person(hourly_wage="14.95")
    vacancy = create_twv_vacancy(w.employer, hourly_wage="14.95")  # Mar 2026 - Feb 2027

    result = wages.delete_rate_and_recheck(row, by=admin)

    assert vacancy in result.vacancies
    assert result.hires == [w.hire]
    note = _notes(w.employer_user, "wage_below_minimum_vacancy")[0]
    assert note.params["minimum"] == "€ 14,99"
    assert note.params["date"] == "2026-07-01"
    assert _notes(w.matchmaker, "wage_below_minimum_hire")
