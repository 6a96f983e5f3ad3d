"""JSON Lines interchange: export, import by ref, all-or-nothing with a per-line report."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from matching.records import vacancy_from_dict
from portal.extensions import db
from portal.models import Role, Vacancy, VacancyStatus
from portal.services.vacancies import importer as vacancy_import
from portal.services.vacancies.posting import local_today
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.vacancies import KOK_URI, create_vacancy

SKILL = "http://data.europa.eu/esco/skill/5e433def-210d-4dfa-bf07-dbf6d04e0eaa"


def line(**overrides) -> dict:
    obj = {
        "ref": "EXT-001",
        "esco_occupation": KOK_URI,
        "title": "Kok",
        "description": "Koken",
        "essential_skills": [SKILL],
        "optional_skills": [],
        "pc4": "1187",
        "hours_per_week": 32,
        "start_date": (local_today() + timedelta(days=20)).isoformat(),
        "contract_months": 6,
        "hourly_wage_eur": 16.5,
        "languages_required": {"nl": "A2"},
    }
    obj.update(overrides)
    return obj


def jsonl(*objects) -> str:
    return "".join(json.dumps(o) + "\n" for o in objects)


@pytest.fixture
def owner(app_ctx):
    return create_user(Role.EMPLOYER, employer=create_employer())


def count_vacancies() -> int:
    return db.session.scalar(select(func.count(Vacancy.id)))


def test_export_is_valid_formats_md(app_ctx, owner):
    vacancy = create_vacancy(owner.employer, languages={"nl": "B1"})
    text = vacancy_import.export_jsonl([vacancy])
    obj = json.loads(text)
    parsed = vacancy_from_dict(obj)
    assert parsed.ref == vacancy.ref
    assert obj["hourly_wage_eur"] == 16.0
    assert obj["hours_per_week"] == 32
    assert obj["languages_required"] == {"nl": "B1"}
    assert obj["essential_skills"] == vacancy.essential_skills


def test_import_creates_new_vacancies_as_drafts(app_ctx, owner):
    result = vacancy_import.import_vacancies(
        jsonl(line(), line(ref="EXT-002", pc4="1118")),
        employer=owner.employer,
        by=owner,
    )
    assert [v.ref for v in result.created] == ["EXT-001", "EXT-002"]
    assert result.updated == []
    vacancy = result.created[0]
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.hourly_wage == Decimal("16.50")
    assert vacancy.employer_id == owner.employer_id


def test_export_then_import_updates_by_ref_without_duplicates(app_ctx, owner):
    vacancy = create_vacancy(owner.employer)
    obj = json.loads(vacancy_import.export_jsonl([vacancy]))
    obj["title"] = "Kok (aangepast)"
    result = vacancy_import.import_vacancies(
        jsonl(obj), employer=owner.employer, by=owner
    )
    assert result.updated == [vacancy]
    assert result.created == []
    assert count_vacancies() == 1
    assert vacancy.title == "Kok (aangepast)"


def test_matchmaker_imports_for_a_chosen_employer(app_ctx, owner):
    matchmaker = create_user(Role.MATCHMAKER)
    result = vacancy_import.import_vacancies(
        jsonl(line()), employer=owner.employer, by=matchmaker
    )
    assert result.created[0].employer_id == owner.employer_id


def test_admin_may_not_import(app_ctx, owner):
    with pytest.raises(vacancy_import.vacancies.NotAllowed):
        vacancy_import.import_vacancies(
            jsonl(line()), employer=owner.employer, by=create_user(Role.ADMIN)
        )


def problems_of(text, employer, by):
    with pytest.raises(vacancy_import.ImportFailed) as exc:
        vacancy_import.import_vacancies(text, employer=employer, by=by)
    return [(p.line, p.field, p.value, p.code) for p in exc.value.problems]


def test_one_bad_line_imports_nothing(app_ctx, owner):
    text = jsonl(line(), line(ref="EXT-002", pc4="1000"), line(ref="EXT-003"))
    assert problems_of(text, owner.employer, owner) == [(2, "pc4", "1000", "format")]
    assert count_vacancies() == 0


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"esco_occupation": KOK_URI + "0"}, ("esco_occupation", "format")),
        ({"pc4": "1000"}, ("pc4", "format")),
        ({"start_date": "2027-02-30"}, ("start_date", "format")),
        ({"start_date": "1-3-2027"}, ("start_date", "format")),
        ({"hourly_wage_eur": 10.0}, ("hourly_wage_eur", "rule:wage_below_minimum")),
        ({"hourly_wage_eur": 15.555}, ("hourly_wage_eur", "cents")),
        ({"hours_per_week": 45}, ("hours_per_week", "rule:hours_range")),
        ({"hours_per_week": 32.5}, ("hours_per_week", "whole_number")),
        ({"contract_months": 0}, ("contract_months", "format")),
        ({"start_date": "2020-01-01"}, ("start_date", "rule:start_in_past")),
        ({"title": None}, ("title", "format")),
        ({"ref": "X" * 21}, ("ref", "ref_too_long")),
        ({"languages_required": {"nl": "Z9"}}, ("languages_required.nl", "format")),
    ],
)
def test_each_bad_field_is_reported(app_ctx, owner, overrides, expected):
    found = problems_of(jsonl(line(**overrides)), owner.employer, owner)
    assert [(f, c) for _line, f, _v, c in found] == [expected]
    assert found[0][0] == 1


def test_wage_report_states_the_minimum(app, owner):
    with pytest.raises(vacancy_import.ImportFailed) as exc:
        vacancy_import.import_vacancies(
            jsonl(
                line(hourly_wage_eur=14.0, start_date="2026-12-01", contract_months=1)
            ),
            employer=owner.employer,
            by=owner,
            today=date(2026, 11, 24),
        )
    problem = exc.value.problems[0]
    assert problem.value == "14.0"
    # The rate in force on the contract's dates (December 2026) is the one of
    # 1 July 2026 (€14,99), not the 1 January 2026 rate (€14,71).
    assert problem.params["minimum"] == Decimal("14.99")
    assert problem.params["date"] == date(2026, 7, 1)
    with app.test_request_context():
        assert "€\u00a014,99" in problem.why
        assert "1 juli 2026" in problem.why
        assert "14,71" not in problem.why


def test_invalid_json_and_duplicate_refs_are_reported_per_line(app_ctx, owner):
    text = jsonl(line()) + "{not json\n" + "[1, 2]\n" + jsonl(line())
    assert [(n, c) for n, _f, _v, c in problems_of(text, owner.employer, owner)] == [
        (2, "json"),
        (3, "not_object"),
        (4, "ref_duplicate"),
    ]


def test_ref_of_another_employer_is_refused(app_ctx, owner):
    other = create_vacancy(create_employer())
    found = problems_of(jsonl(line(ref=other.ref)), owner.employer, owner)
    assert found == [(1, "ref", other.ref, "ref_other_employer")]


def test_closed_vacancy_cannot_be_updated_by_import(app_ctx, owner):
    closed = create_vacancy(owner.employer, status=VacancyStatus.CLOSED)
    found = problems_of(jsonl(line(ref=closed.ref)), owner.employer, owner)
    assert found == [(1, "ref", closed.ref, "ref_not_editable")]


def test_empty_file_is_refused(app_ctx, owner):
    assert problems_of("\n  \n", owner.employer, owner) == [(0, "", "", "empty")]


def test_blank_lines_are_skipped_and_line_numbers_kept(app_ctx, owner):
    text = "\n" + jsonl(line()) + "\n" + jsonl(line(ref="EXT-2", hours_per_week=0))
    found = problems_of(text, owner.employer, owner)
    assert [(n, f) for n, f, _v, _c in found] == [(4, "hours_per_week")]
