import pytest

from portal.domain.cefr import (
    CEFR_LEVELS,
    ISCED_LEVELS,
    cefr_at_least,
    cefr_choices,
    cefr_rank,
    cefr_shortfall,
    is_cefr_level,
    isced_choices,
    isced_level,
    normalize_cefr,
)


def test_levels_are_ordered():
    assert [cefr_rank(level) for level in CEFR_LEVELS] == list(range(6))


@pytest.mark.parametrize(
    ("have", "need", "ok"),
    [("A2", "B1", False), ("B1", "B1", True), ("B2", "B1", True), ("c2", " a1 ", True)],
)
def test_cefr_at_least(have, need, ok):
    assert cefr_at_least(have, need) is ok


@pytest.mark.parametrize(
    ("have", "need", "short"),
    [(None, "A1", 1), (None, "A2", 2), ("A1", "B1", 2), ("B1", "A2", 0)],
)
def test_cefr_shortfall(have, need, short):
    assert cefr_shortfall(have, need) == short


@pytest.mark.parametrize("bad", ["A3", "", "native", "B"])
def test_bad_level_is_refused(bad):
    assert not is_cefr_level(bad)
    with pytest.raises(ValueError, match="CEFR"):
        normalize_cefr(bad)


def test_cefr_choices():
    assert cefr_choices()[0][0] == "A1"
    assert cefr_choices("en")[-1] == ("C2", "C2 – proficient")


def test_isced_has_levels_0_to_8_in_both_languages():
    assert [level.code for level in ISCED_LEVELS] == list(range(9))
    assert all(level.label_nl and level.label_en for level in ISCED_LEVELS)
    assert isced_level(6).label_en == "Bachelor's or equivalent level"
    assert isced_choices("nl")[1] == (1, "Basisonderwijs")


@pytest.mark.parametrize("bad", [-1, 9])
def test_isced_out_of_range(bad):
    with pytest.raises(ValueError, match="ISCED"):
        isced_level(bad)
