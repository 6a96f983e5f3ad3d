from decimal import Decimal

import pytest

from portal.domain.reba import (
    DISREGARD_CAP_2008,
    DISREGARD_CAP_DEFAULT,
    DISREGARD_CAP_SOURCE,
    ECONOMIC_VALUE_DEFAULT,
    ECONOMIC_VALUE_SOURCE,
    FAMILIES_COMPUTED,
    RebaSettings,
    estimate_reba,
    reba_from_net,
)

D = Decimal
SETTINGS = RebaSettings()
GROSS_IS_NET = RebaSettings(net_gross_ratio=D("1"))


def test_defaults_and_their_sources():
    assert D("246.00") == DISREGARD_CAP_DEFAULT
    assert D("183.00") == DISREGARD_CAP_2008
    assert D("536.79") == ECONOMIC_VALUE_DEFAULT
    assert "Amstelveen" in DISREGARD_CAP_SOURCE
    assert "Meppel" in ECONOMIC_VALUE_SOURCE
    assert set(SETTINGS.sources) == {
        "disregard_rate",
        "disregard_cap",
        "economic_value",
        "net_gross_ratio",
    }


def test_families_are_not_computed():
    assert FAMILIES_COMPUTED is False
    estimate = reba_from_net(D("1000"), settings=SETTINGS)
    assert estimate.is_estimate
    assert estimate.household == "single"


@pytest.mark.parametrize(
    ("net", "contribution", "kept"),
    [
        (D("200.00"), D("150.00"), D("50.00")),  # Meppel 2025: 10 h/week
        (D("2000.00"), D("536.79"), D("1463.21")),  # Meppel 2025: 40 h/week
    ],
)
def test_meppel_practice_examples(net, contribution, kept):
    estimate = reba_from_net(net, settings=SETTINGS)
    assert estimate.contribution == contribution
    assert estimate.kept == kept


@pytest.mark.parametrize(
    ("net", "disregard"),
    [
        (D("983.96"), D("245.99")),
        (D("984.00"), D("246.00")),  # 25% × net equals the cap
        (D("984.04"), D("246.00")),
    ],
)
def test_disregard_reaches_the_cap(net, disregard):
    # A high economic value keeps the contribution cap out of the way.
    settings = RebaSettings(economic_value=D("5000"))
    estimate = reba_from_net(net, settings=settings)
    assert estimate.disregard == disregard
    assert estimate.contribution == net - disregard


def test_2008_cap_is_a_setting():
    settings = RebaSettings(disregard_cap=DISREGARD_CAP_2008, economic_value=D("5000"))
    assert reba_from_net(D("1000"), settings=settings).disregard == D("183.00")


@pytest.mark.parametrize(
    ("net", "contribution", "kept"),
    [
        (D("715.68"), D("536.76"), D("178.92")),
        (D("715.72"), D("536.79"), D("178.93")),  # contribution reaches the value
        (D("715.76"), D("536.79"), D("178.97")),
    ],
)
def test_contribution_reaches_the_economic_value(net, contribution, kept):
    estimate = reba_from_net(net, settings=SETTINGS)
    assert estimate.contribution == contribution
    assert estimate.kept == kept


@pytest.mark.parametrize("hours", [D("0"), D("0.0")])
def test_zero_hours_means_nothing_to_pay(hours):
    estimate = estimate_reba(D("14.71"), hours, settings=SETTINGS)
    assert estimate.gross_monthly == D("0.00")
    assert estimate.net_monthly == D("0.00")
    assert estimate.contribution == D("0.00")
    assert estimate.kept == D("0.00")


def test_gross_is_hours_times_wage_times_52_over_12():
    estimate = estimate_reba(D("14.71"), D("40"), settings=GROSS_IS_NET)
    assert estimate.gross_monthly == D("2549.73")  # 2549.7333…
    assert estimate.net_monthly == D("2549.73")


def test_net_uses_the_assumed_ratio_rounded_half_up():
    estimate = estimate_reba(D("14.71"), D("40"), settings=SETTINGS)
    assert estimate.net_monthly == D("2294.76")  # 2549.73 × 0.90 = 2294.757
    assert estimate.kept == estimate.net_monthly - estimate.contribution


def test_half_cent_rounds_up():
    # 25% of 100.02 is 25.005: ROUND_HALF_UP gives 25.01.
    assert reba_from_net(D("100.02"), settings=SETTINGS).disregard == D("25.01")


def test_reba_from_net_has_no_gross():
    assert reba_from_net(D("500"), settings=SETTINGS).gross_monthly is None


@pytest.mark.parametrize(("wage", "hours"), [(D("-1"), D("10")), (D("14.71"), D("-1"))])
def test_negative_input_is_refused(wage, hours):
    with pytest.raises(ValueError, match="negative"):
        estimate_reba(wage, hours, settings=SETTINGS)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"net_gross_ratio": D("0")},
        {"net_gross_ratio": D("1.1")},
        {"disregard_rate": D("-0.1")},
        {"disregard_cap": D("-1")},
    ],
)
def test_settings_are_validated(kwargs):
    with pytest.raises(ValueError, match=r"must|cannot"):
        RebaSettings(**kwargs)
