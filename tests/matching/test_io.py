"""Strict reading of the FORMATS.md JSON Lines files."""

from datetime import date

import pytest

from matching.input_fields import InputError
from matching.io import read_candidates, read_labels, read_vacancies
from matching.records import (
    candidate_from_dict,
    candidate_to_dict,
    vacancy_from_dict,
    vacancy_to_dict,
)

COOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"
SKILL = "http://data.europa.eu/esco/skill/0ff99f51-40d9-42f1-a1ec-377b2bb5e15f"

CANDIDATE = {
    "ref": "K-1",
    "occupations": [{"esco_uri": COOK, "years": 3}],
    "skills": [SKILL],
    "languages": {"nl": "A2", "en": "B2"},
    "summary": "Kok",
    "pc4": "1187",
    "max_travel_km": 30,
    "hours_per_week": 32,
    "available_from": "2026-01-01",
    "asylum_application_date": "2025-06-01",
    "w_document_valid_until": "2026-12-31",
    "has_bsn": False,
}
VACANCY = {
    "ref": "V-1",
    "esco_occupation": COOK,
    "title": "Kok",
    "pc4": "1011",
    "hours_per_week": 32,
    "start_date": "2026-03-02",
    "contract_months": 12,
    "hourly_wage_eur": 15.0,
    "languages_required": {"nl": "A2"},
}


def test_candidate_is_read_with_all_fields():
    cand = candidate_from_dict(CANDIDATE)
    assert cand.occupations == ((COOK, 3.0),)
    assert cand.skills == (SKILL,)
    assert dict(cand.languages) == {"en": "B2", "nl": "A2"}
    assert cand.asylum_application_date == date(2025, 6, 1)
    assert cand.has_consent is True


def test_candidate_round_trips_through_dict():
    cand = candidate_from_dict(CANDIDATE)
    assert candidate_from_dict(candidate_to_dict(cand)) == cand


def test_vacancy_round_trips_through_dict():
    vac = vacancy_from_dict(VACANCY)
    assert vacancy_from_dict(vacancy_to_dict(vac)) == vac


def test_unknown_extra_keys_are_ignored():
    extra = {**CANDIDATE, "nationality": "SY", "religion": "x", "favourite": [1, 2]}
    assert candidate_from_dict(extra) == candidate_from_dict(CANDIDATE)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ref": None}, "ref"),
        ({"pc4": "1234"}, "pc4"),
        ({"pc4": 1187}, "pc4"),
        ({"max_travel_km": "far"}, "max_travel_km"),
        ({"max_travel_km": -1}, "max_travel_km"),
        ({"hours_per_week": 0}, "hours_per_week"),
        ({"available_from": "2026-02-30"}, "available_from"),
        ({"asylum_application_date": "01-06-2025"}, "asylum_application_date"),
        ({"w_document_valid_until": None}, "w_document_valid_until"),
        ({"languages": {"nl": "B3"}}, "languages.nl"),
        ({"languages": {"dutch": "B1"}}, "languages.dutch"),
        ({"skills": ["http://data.europa.eu/esco/skill/nope"]}, "skills[0]"),
        (
            {
                "occupations": [
                    {"esco_uri": "http://data.europa.eu/esco/occupation/x", "years": 1}
                ]
            },
            "occupations[0].esco_uri",
        ),
        ({"occupations": [{"esco_uri": COOK}]}, "occupations[0].years"),
        ({"has_bsn": "yes"}, "has_bsn"),
        ({"occupations": [], "skills": [], "summary": ""}, "occupations"),
    ],
)
def test_bad_candidate_field_is_named(change, field):
    with pytest.raises(InputError) as info:
        candidate_from_dict({**CANDIDATE, **change})
    assert info.value.field == field


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (
            {"esco_occupation": "http://data.europa.eu/esco/occupation/x"},
            "esco_occupation",
        ),
        ({"title": ""}, "title"),
        ({"start_date": "2026-13-01"}, "start_date"),
        ({"contract_months": 0}, "contract_months"),
        ({"hourly_wage_eur": None}, "hourly_wage_eur"),
        ({"languages_required": {"nl": "X1"}}, "languages_required.nl"),
        ({"essential_skills": [SKILL, 5]}, "essential_skills[1]"),
    ],
)
def test_bad_vacancy_field_is_named(change, field):
    with pytest.raises(InputError) as info:
        vacancy_from_dict({**VACANCY, **change})
    assert info.value.field == field


def test_file_error_names_file_line_and_field(tmp_path, write_jsonl):
    path = write_jsonl(
        tmp_path / "c.jsonl", [CANDIDATE, {**CANDIDATE, "ref": "K-2", "pc4": "0000"}]
    )
    with pytest.raises(InputError) as info:
        read_candidates(path)
    assert (info.value.source, info.value.line, info.value.field) == (
        str(path),
        2,
        "pc4",
    )
    assert str(info.value).startswith(f"{path}:2: field 'pc4':")


def test_invalid_json_names_the_line(tmp_path, write_jsonl):
    path = write_jsonl(tmp_path / "v.jsonl", [VACANCY, '{"ref": "V-2",'])
    with pytest.raises(InputError, match=r"v\.jsonl:2: invalid JSON"):
        read_vacancies(path)


def test_duplicate_ref_is_an_error(tmp_path, write_jsonl):
    path = write_jsonl(tmp_path / "c.jsonl", [CANDIDATE, CANDIDATE])
    with pytest.raises(InputError) as info:
        read_candidates(path)
    assert (info.value.line, info.value.field) == (2, "ref")


def test_blank_lines_are_skipped_and_numbering_kept(tmp_path, write_jsonl):
    path = write_jsonl(
        tmp_path / "c.jsonl", [CANDIDATE, "", {**CANDIDATE, "ref": "K-2", "pc4": "x"}]
    )
    with pytest.raises(InputError) as info:
        read_candidates(path)
    assert info.value.line == 3


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read file"):
        read_candidates(tmp_path / "nope.jsonl")


@pytest.mark.parametrize("relevance", [4, -1, 1.5, True, "2"])
def test_label_relevance_must_be_0_to_3(tmp_path, write_jsonl, relevance):
    path = write_jsonl(
        tmp_path / "l.jsonl",
        [{"vacancy": "V-1", "candidate": "K-1", "relevance": relevance}],
    )
    with pytest.raises(InputError) as info:
        read_labels(path)
    assert info.value.field == "relevance"
