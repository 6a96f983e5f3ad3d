"""The reader's fast path gives exactly what the careful path gives, and defers to it."""

from __future__ import annotations

import json

import pytest

from matching import records
from matching.evalset import synthetic_population
from matching.input_fields import InputError
from matching.records import candidate_to_dict


def _careful(obj):
    fast = records._candidate_fast
    records._candidate_fast = lambda _obj: None
    try:
        return records.parse_candidate(obj)
    finally:
        records._candidate_fast = fast


def test_the_fast_path_reads_valid_profiles_as_the_careful_path() -> None:
    candidates, _ = synthetic_population(300, 1, seed=12)
    objects = [json.loads(json.dumps(candidate_to_dict(c))) for c in candidates]
    odd = dict(objects[0])
    odd.update(
        languages={"nl": " b1 ", "en": "a2"},
        occupations=[*objects[0]["occupations"], *objects[0]["occupations"]],
        skills=[*objects[0]["skills"], *objects[0]["skills"]],
        summary="  spaties  ",
        max_travel_km=0,
        hours_per_week=1,
        has_bsn=False,
        has_consent=False,
    )
    fast_hits = 0
    for obj in [*objects, odd]:
        fast = records._candidate_fast(obj)
        assert fast is not None
        fast_hits += 1
        assert fast == _careful(obj)
    assert fast_hits == len(objects) + 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("max_travel_km", True),
        ("max_travel_km", float("nan")),
        ("hours_per_week", 0),
        ("pc4", "0000"),
        ("pc4", 1181),
        ("available_from", "2026-02-30"),
        ("languages", {"nl": "Z9"}),
        ("languages", {"NL": "A1"}),
        ("skills", ["http://data.europa.eu/esco/skill/nonexistent"]),
        ("skills", [["nested"]]),
        ("occupations", [{"esco_uri": "x", "years": 1}]),
        ("occupations", [{"years": 1}]),
        ("ref", "  "),
        ("has_bsn", "yes"),
        ("summary", 5),
    ],
)
def test_anything_unusual_goes_the_careful_way(field, value) -> None:
    candidates, _ = synthetic_population(5, 1, seed=13)
    obj = candidate_to_dict(candidates[0])
    obj[field] = value
    assert records._candidate_fast(obj) is None
    with pytest.raises(InputError):
        records.candidate_from_dict(obj)
