"""The small-numbers rule on its own: counts 1-4 hidden, and no complement recoverable."""

from __future__ import annotations

import itertools

import pytest

from portal.services.evaluation.suppress import SECONDARY, SMALL, protect


def test_counts_from_one_to_four_are_hidden_zero_and_five_are_not() -> None:
    hidden = protect({"a": 0, "b": 1, "c": 4, "d": 5, "e": 120})
    assert hidden == {"a": None, "b": SMALL, "c": SMALL, "d": None, "e": None}


def test_a_lone_small_part_hides_the_smallest_other_part() -> None:
    values = {"total": 20, "x": 3, "y": 8, "z": 9}
    hidden = protect(values, [("total", ["x", "y", "z"])])
    assert hidden == {"total": None, "x": SMALL, "y": SECONDARY, "z": None}


def test_a_small_complement_hides_the_part_it_would_reveal() -> None:
    """recorded 6, still at work 5: 'no longer at work' (1) would be 6 - 5."""
    values = {"recorded": 6, "still": 5, "stopped": 1}
    hidden = protect(values, [("recorded", ["still", "stopped"])])
    assert hidden["still"] == SECONDARY
    assert hidden["recorded"] is None


def test_two_small_parts_need_no_secondary_suppression() -> None:
    values = {"total": 14, "a": 9, "b": 4, "c": 1}
    hidden = protect(values, [("total", ["a", "b", "c"])])
    assert hidden == {"total": None, "a": None, "b": SMALL, "c": SMALL}


def test_hiding_propagates_through_chained_relations() -> None:
    """A funnel 11 > 9 > 6 > 5 > 1 with drops 2, 3, 1, 4 (hand-computed)."""
    values = {
        "s": 11,
        "a": 9,
        "i": 6,
        "n": 5,
        "h": 1,
        "d1": 2,
        "d2": 3,
        "d3": 1,
        "d4": 4,
    }
    relations = [
        ("s", ["a", "d1"]),
        ("a", ["i", "d2"]),
        ("i", ["n", "d3"]),
        ("n", ["h", "d4"]),
    ]
    hidden = protect(values, relations)
    assert {k: hidden[k] for k in ("s", "a", "i", "n", "h")} == {
        "s": None,
        "a": SECONDARY,
        "i": None,
        "n": SECONDARY,
        "h": SMALL,
    }


@pytest.mark.parametrize("seed", range(30))
def test_no_relation_ever_has_exactly_one_hidden_cell(seed: int) -> None:
    """Whatever the numbers, no hidden cell is the only unknown of a relation."""
    import random

    rng = random.Random(seed)
    parts = {f"p{i}": rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 20]) for i in range(5)}
    sub = {f"q{i}": rng.choice([0, 1, 3, 7, 12]) for i in range(3)}
    values = {**parts, **sub, "p0": sum(sub.values())}
    values["total"] = sum(parts.values()) - parts["p0"] + values["p0"]
    relations = [("total", list(parts)), ("p0", list(sub))]
    hidden = protect(values, relations)
    for whole, members in relations:
        cells = [whole, *members]
        unknown = [k for k in cells if hidden[k]]
        assert len(unknown) != 1
        for k in cells:
            assert (hidden[k] == SMALL) == (1 <= values[k] <= 4)


def test_unknown_keys_in_a_relation_are_an_error() -> None:
    with pytest.raises(KeyError):
        protect({"a": 3}, [("a", ["b"])])


def test_no_difference_of_two_shown_figures_is_a_hidden_one() -> None:
    values = {"total": 30, "a": 12, "b": 14, "c": 4}
    hidden = protect(values, [("total", ["a", "b", "c"])])
    assert hidden == {"total": None, "a": SECONDARY, "b": None, "c": SMALL}
    shown = {k: v for k, v in values.items() if not hidden[k]}
    differences = {abs(x - y) for x, y in itertools.combinations(shown.values(), 2)}
    assert values["c"] not in differences
    assert values["a"] not in differences


def test_relations_solved_together_pin_down_no_hidden_cell() -> None:
    """p = 4 and r = 1 are small, q = 6 hides as their complement in w = p + q. Each
    relation then has two hidden cells, yet w = p + q = 10, v = q + r = 7 and u = p + r = 5
    together give p, q and r. So one more cell (the smallest shown, u) hides."""
    values = {"w": 10, "v": 7, "u": 5, "p": 4, "q": 6, "r": 1}
    relations = [("w", ["p", "q"]), ("v", ["q", "r"]), ("u", ["p", "r"])]
    hidden = protect(values, relations)
    assert hidden == {
        "w": None,
        "v": None,
        "u": SECONDARY,
        "p": SMALL,
        "q": SECONDARY,
        "r": SMALL,
    }
    from portal.services.evaluation.suppress import determined

    assert determined(values, hidden, relations) == []
    # one relation at a time would have stopped at u shown: then all three follow
    leaky = {**hidden, "u": None}
    assert determined(values, leaky, relations) == ["p", "q", "r"]


def test_a_complement_that_is_never_shown_is_an_unknown() -> None:
    """total 20 = a 12 + rest 8 (rest never shown): a hidden elsewhere is not pinned by
    the total, because the rest is not shown either."""
    from portal.services.evaluation.suppress import determined

    values = {"total": 20, "a": 12, "rest": 8}
    hidden = {"total": None, "a": SECONDARY, "rest": None}
    relations = [("total", ["a", "rest"])]
    assert determined(values, hidden, relations) == ["a"]
    assert determined(values, hidden, relations, unshown={"rest"}) == []


def test_two_figures_that_are_the_same_count_hide_together() -> None:
    values = {"over_9": 7, "band_64": 7, "over_5": 9, "band_36": 2}
    relations = [("over_5", ["band_36", "band_64"]), ("over_9", ["band_64"])]
    hidden = protect(values, relations)
    assert hidden["band_36"] == SMALL
    assert hidden["band_64"] == SECONDARY
    assert hidden["over_9"] == SECONDARY
