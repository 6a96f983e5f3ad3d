"""The public algorithm-register content is read from the code, never copied."""

import json
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


# -- the Algoritmeregister entry ------------------------------------------------------------
def test_register_entry_has_every_field_of_the_algorithm_register():
    from matching.algoritmeregister import REGISTER_FIELDS, algorithm_register_entry

    entry = algorithm_register_entry(organisation="Werkplein X", contact="x@example.nl")
    assert set(REGISTER_FIELDS) <= set(entry)
    for key in REGISTER_FIELDS:
        value = entry[key]
        assert value, key
        if isinstance(value, dict) and set(value) == {"nl", "en"}:
            assert value["nl"], key
            assert value["en"], key
    assert entry["organisation"] == "Werkplein X"
    assert entry["contact"] == "x@example.nl"
    assert entry["data"]["not_used"]
    json.dumps(entry)  # exportable as it is


def test_register_entry_is_regenerated_from_the_weights_in_use():
    from matching.algoritmeregister import algorithm_register_entry

    before = algorithm_register_entry()
    changed = algorithm_register_entry(
        replace(DEFAULT_WEIGHTS, distance=12.5, inferred_occupation_credit=0.7)
    )
    assert changed != before
    working = changed["technical_working"]
    assert working["weights"]["distance"] == 12.5
    assert {p["code"]: p["max_points"] for p in working["score_parts"]}[
        "distance"
    ] == 12.5
    assert "distance 12.5" in working["weights_text"]["en"]
    assert "0.7" in working["weights_text"]["nl"]


def test_register_entry_quotes_the_measured_quality_and_the_live_state():
    from matching.algoritmeregister import algorithm_register_entry
    from matching.quality import MEASURED

    entry = algorithm_register_entry(suggestions_on=False, model_in_use="reranker")
    quality = entry["technical_working"]["quality"]
    assert [q["ndcg_at_10"] for q in quality] == [q.ndcg for q in MEASURED]
    assert f"{MEASURED[1].ndcg:.3f}" in entry["technical_working"]["quality_text"]["nl"]
    assert "uitgezet" in entry["status"]["nl"]
    assert "herordening" in entry["technical_working"]["summary"]["nl"]


def test_instructions_for_use_give_accuracy_limits_and_the_explanation():
    from matching.instructions import instructions_for_use
    from matching.quality import MEASURED

    info = instructions_for_use(
        replace(DEFAULT_WEIGHTS, inferred_occupation_credit=0.6)
    )
    assert [a["ndcg_at_10"] for a in info["accuracy"]] == [q.ndcg for q in MEASURED]
    assert "alleen vaardigheden" in info["accuracy_text"]["nl"]  # the weakest group
    assert any("0.6" in item["en"] for item in info["limits"])
    assert {p["code"] for p in info["explanation"]["parts"]} == set(SCORE_REASONS)


def test_impact_assessments_say_what_is_done_and_by_whom():
    """Each assessment carries a status; none reads as done unless the deployer says so."""
    from matching.algoritmeregister import IMPACT_ASSESSMENTS, algorithm_register_entry

    entry = algorithm_register_entry()
    assessments = {a["code"]: a for a in entry["impact_assessments"]}
    assert set(assessments) == set(IMPACT_ASSESSMENTS) == {"dpia", "fria", "iama"}
    for item in assessments.values():
        assert item["name"]["nl"]
        assert item["name"]["en"]
        assert item["reported"] is False
        assert item["status"]["en"].startswith("Not yet done")
        assert "gemeente" in item["status"]["nl"]

    reported = algorithm_register_entry(
        impact_assessments={"fria": "Uitgevoerd op 2027-03-01", "dpia": "  "}
    )
    assessments = {a["code"]: a for a in reported["impact_assessments"]}
    assert assessments["fria"]["reported"] is True
    assert assessments["fria"]["status"]["nl"] == "Uitgevoerd op 2027-03-01"
    assert assessments["dpia"]["reported"] is False  # blank is not a report


def test_source_code_is_what_the_configuration_says_never_an_invented_url():
    from matching.algoritmeregister import algorithm_register_entry

    unpublished = algorithm_register_entry(version="0.1.0")["source_code"]
    assert unpublished["location"] is None
    assert unpublished["version"] == "0.1.0"
    assert "on request" in unpublished["description"]["en"]
    assert "http" not in json.dumps(unpublished)

    published = algorithm_register_entry(
        source_code="https://code.example.nl/werkbrug", version="0.1.0"
    )["source_code"]
    assert published["location"] == "https://code.example.nl/werkbrug"
    assert "https://code.example.nl/werkbrug" in published["description"]["nl"]
