"""Settings the vacancy rules read: typed values with defaults, REBA figures, wage table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from portal.domain import minimum_wage, reba
from portal.extensions import db
from portal.models import Role, Setting
from portal.services.settings import definitions, values, wage_rates
from tests.fixtures.actors import create_user


@pytest.fixture
def admin_user(app_ctx):
    return create_user(Role.ADMIN)


def test_defaults_apply_until_an_admin_sets_a_value(app_ctx):
    assert values.get_reba_settings() == reba.RebaSettings()
    assert values.non_shortage_allowed() is True
    assert wage_rates.get_wage_rates() == tuple(
        sorted(minimum_wage.DEFAULT_RATES, key=lambda r: (r.valid_from, r.age))
    )


def test_default_policy_comes_from_the_configuration(app):
    app.config["ALLOW_NON_SHORTAGE_VACANCIES"] = False
    with app.app_context():
        assert values.non_shortage_allowed() is False


def test_set_value_is_typed_recorded_and_audited(app_ctx, admin_user):
    assert values.set_value(definitions.REBA_DISREGARD_CAP, "183,00", by=admin_user)
    row = db.session.get(Setting, definitions.REBA_DISREGARD_CAP)
    assert (row.value, row.changed_by_id) == ("183.00", admin_user.id)
    current = values.get_reba_settings()
    assert current.disregard_cap == Decimal("183.00")
    assert current.sources["disregard_cap"].startswith("Ingesteld door de beheerder op")
    assert current.sources["economic_value"] == reba.ECONOMIC_VALUE_SOURCE
    assert not values.set_value(definitions.REBA_DISREGARD_CAP, "183", by=admin_user)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        (definitions.REBA_DISREGARD_RATE, "1.5"),
        (definitions.REBA_NET_GROSS_RATIO, "0"),
        (definitions.REBA_DISREGARD_CAP, "abc"),
        (definitions.REBA_ECONOMIC_VALUE, "NaN"),
        (definitions.ALLOW_NON_SHORTAGE, "misschien"),
    ],
)
def test_bad_values_are_refused(app_ctx, admin_user, key, value):
    with pytest.raises(definitions.InvalidSetting):
        values.set_value(key, value, by=admin_user)
    assert db.session.get(Setting, key) is None


def test_reset_goes_back_to_the_default(app_ctx, admin_user):
    values.set_value(definitions.ALLOW_NON_SHORTAGE, False, by=admin_user)
    assert values.non_shortage_allowed() is False
    values.reset(definitions.ALLOW_NON_SHORTAGE, by=admin_user)
    assert values.non_shortage_allowed() is True


def test_entered_rate_is_added_to_and_overrides_the_table(app_ctx, admin_user):
    wage_rates.add_wage_rate(
        valid_from=date(2026, 7, 1), hourly=Decimal("14.93"), source="x", by=admin_user
    )
    wage_rates.add_wage_rate(
        valid_from=date(2026, 1, 1),
        hourly=Decimal("14.72"),
        source="fix",
        by=admin_user,
    )
    rates = wage_rates.get_wage_rates()
    lookup = minimum_wage.minimum_hourly_wage(date(2026, 8, 1), rates=rates)
    assert (lookup.hourly, lookup.known) == (Decimal("14.93"), True)
    assert minimum_wage.minimum_hourly_wage(
        date(2026, 3, 1), rates=rates
    ).hourly == Decimal("14.72")
    assert wage_rates.missing_wage_period(date(2026, 11, 24)) is None
    assert wage_rates.missing_wage_period(date(2027, 1, 5)) == date(2027, 1, 1)


def test_duplicate_and_bad_rates_are_refused(app_ctx, admin_user):
    wage_rates.add_wage_rate(
        valid_from=date(2026, 7, 1), hourly=Decimal("15"), source="x", by=admin_user
    )
    with pytest.raises(wage_rates.WageRateExists):
        wage_rates.add_wage_rate(
            valid_from=date(2026, 7, 1), hourly=Decimal("15"), source="x", by=admin_user
        )
    with pytest.raises(definitions.InvalidSetting):
        wage_rates.add_wage_rate(
            valid_from=date(2027, 1, 1), hourly=Decimal("0"), source="x", by=admin_user
        )
    with pytest.raises(definitions.InvalidSetting):
        wage_rates.add_wage_rate(
            valid_from=date(2027, 1, 1),
            hourly=Decimal("9"),
            source="x",
            by=admin_user,
            age=14,
        )


def test_seed_wage_rates_is_idempotent(app_ctx):
    assert wage_rates.seed_wage_rates() == len(minimum_wage.DEFAULT_RATES)
    assert wage_rates.seed_wage_rates() == 0
    assert all(row.stored is not None for row in wage_rates.wage_rate_rows())
    assert wage_rates.get_wage_rates() == tuple(
        sorted(minimum_wage.DEFAULT_RATES, key=lambda r: (r.valid_from, r.age))
    )
