"""The public algorithm-register content is read from the code, never copied."""

from dataclasses import replace

from matching.reasons import BLOCK_REASONS, SCORE_REASONS
from matching.register import register_entry, score_parts
from matching.weights import DEFAULT_WEIGHTS


def test_score_parts_carry_the_weights_from_weights_py():
    parts = {p["code"]: p["max_points"] for p in score_parts()}
    assert set(parts) == set(SCORE_REASONS)
    assert parts["same_occupation"] == DEFAULT_WEIGHTS.same_occupation
    assert parts["essential_skills"] == DEFAULT_WEIGHTS.essential_skills
    assert (
        parts["language_one_level_short"] == -DEFAULT_WEIGHTS.language_one_level_short
    )


def test_changed_weights_show_up_in_the_entry():
    weights = replace(DEFAULT_WEIGHTS, distance=12.5)
    entry = register_entry(weights)
    assert {p["code"]: p["max_points"] for p in entry["score_parts"]}[
        "distance"
    ] == 12.5
    assert entry["weights"]["distance"] == 12.5


def test_entry_has_every_section_in_dutch_and_english():
    entry = register_entry()
    for key in (
        "name",
        "short_description",
        "purpose",
        "human_oversight",
        "objection",
        "learning",
    ):
        assert entry[key]["nl"]
        assert entry[key]["en"]
    assert {r["code"] for r in entry["hard_rules"]} == set(BLOCK_REASONS)
    assert all(
        r["description"]["nl"] and r["description"]["en"] for r in entry["hard_rules"]
    )


def test_entry_says_which_data_is_not_used():
    not_used = " ".join(
        item["en"] for item in register_entry()["data_not_used"]
    ).lower()
    for word in (
        "nationality",
        "country of origin",
        "mother tongue",
        "religion",
        "sex",
        "age",
        "reception centre",
    ):
        assert word in not_used


def test_entry_credits_esco_and_geonames():
    sources = " ".join(register_entry()["sources"])
    assert "ESCO" in sources
    assert "GeoNames" in sources
