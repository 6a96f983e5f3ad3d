"""Bulk import and export: all or nothing, every error per line, updates by reference."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, CandidateProfile, Relocation, Role
from portal.services.candidates import consents, for_matching
from portal.services.candidates import export as candidate_export
from portal.services.candidates import importer as candidate_import
from portal.services.candidates import profiles as candidates
from tests.fixtures.actors import create_user
from tests.fixtures.candidates import KOK, ORDERPICKER, create_profile, essential_skill

TODAY = candidates.local_today()


def line(ref: str, **overrides) -> dict:
    record = {
        "ref": ref,
        "occupations": [{"esco_uri": KOK, "years": 3}],
        "skills": [essential_skill(KOK)],
        "languages": {"nl": "A2", "ar": "C2"},
        "summary": "Kookt graag voor grote groepen.",
        "pc4": "1183",
        "max_travel_km": 20,
        "hours_per_week": 32,
        "available_from": TODAY.isoformat(),
        "asylum_application_date": (TODAY - timedelta(days=300)).isoformat(),
        "w_document_valid_until": (TODAY + timedelta(days=300)).isoformat(),
        "has_bsn": False,
        "consent_given_on": (TODAY - timedelta(days=3)).isoformat(),
    }
    record.update(overrides)
    return {k: v for k, v in record.items() if v is not None}


def jsonl(records) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def profile_count() -> int:
    return db.session.scalar(select(func.count(CandidateProfile.id)))


@pytest.fixture
def mm(app_ctx):
    return create_user(Role.MATCHMAKER)


def test_one_bad_line_in_500_writes_nothing_and_reports_that_line(app_ctx, mm):
    records = [line(f"IMP-{i:04d}") for i in range(1, 501)]
    records[316]["pc4"] = "0000"  # line 317
    result = candidate_import.import_profiles(jsonl(records), fmt="jsonl", by=mm)
    db.session.rollback()
    assert not result.ok
    assert not result.written
    assert result.total == 500
    assert [(e.line, e.field, e.value) for e in result.errors] == [(317, "pc4", "0000")]
    assert "postcode" in result.errors[0].why
    assert profile_count() == 0


def test_a_good_file_of_500_lines_is_written(app_ctx, mm):
    records = [line(f"IMP-{i:04d}") for i in range(1, 501)]
    result = candidate_import.import_profiles(jsonl(records), fmt="jsonl", by=mm)
    assert result.ok
    assert result.written
    assert len(result.created) == 500
    assert profile_count() == 500
    assert result.without_consent == []


def test_every_faulty_field_of_a_line_is_reported(app_ctx, mm):
    bad = line(
        "IMP-1",
        pc4="12",
        max_travel_km="ver",
        available_from="morgen",
        languages={"nl": "Z9"},
        skills=["http://data.europa.eu/esco/skill/bestaat-niet"],
        summary="Bereikbaar op 06-12345678",
    )
    del bad["asylum_application_date"]
    text = jsonl([line("IMP-0"), bad, "not json"]).replace('"not json"', "{not json")
    result = candidate_import.import_profiles(text, fmt="jsonl", by=mm)
    by_line = {}
    for error in result.errors:
        by_line.setdefault(error.line, set()).add(error.field)
    assert set(by_line) == {2, 3}
    assert by_line[2] == {
        "pc4",
        "max_travel_km",
        "available_from",
        "languages.nl",
        "skills[0]",
        "summary",
        "asylum_application_date",
    }
    errors = {e.field: e for e in result.errors if e.line == 2}
    assert errors["max_travel_km"].value == "ver"
    assert errors["asylum_application_date"].why == "verplicht veld ontbreekt"
    assert "06-12345678" in errors["summary"].why
    assert profile_count() == 0 or db.session.rollback() is None


def test_duplicate_refs_and_identifier_like_refs_are_refused(app_ctx, mm):
    text = jsonl([line("IMP-1"), line("IMP-1"), line("111222333")])
    result = candidate_import.import_profiles(text, fmt="jsonl", by=mm)
    assert [(e.line, e.field) for e in result.errors] == [(2, "ref"), (3, "ref")]


def test_reimport_updates_instead_of_duplicating(app_ctx, mm):
    candidate_import.import_profiles(jsonl([line("IMP-1")]), fmt="jsonl", by=mm)
    changed = line(
        "IMP-1", hours_per_week=24, occupations=[{"esco_uri": ORDERPICKER, "years": 1}]
    )
    result = candidate_import.import_profiles(jsonl([changed]), fmt="jsonl", by=mm)
    assert (result.created, result.updated) == ([], ["IMP-1"])
    assert profile_count() == 1
    profile = candidates.find_by_ref("IMP-1")
    assert profile.hours_per_week == 24
    assert [o.esco_uri for o in profile.occupations] == [ORDERPICKER]
    again = candidate_import.import_profiles(jsonl([changed]), fmt="jsonl", by=mm)
    assert again.unchanged == ["IMP-1"]


def test_reimport_with_another_postcode_records_a_relocation(app_ctx, mm):
    candidate_import.import_profiles(jsonl([line("IMP-1")]), fmt="jsonl", by=mm)
    moved = line("IMP-1", pc4="9561", reception_centre="Azc Ter Apel")
    candidate_import.import_profiles(jsonl([moved]), fmt="jsonl", by=mm)
    profile = candidates.find_by_ref("IMP-1")
    assert for_matching.current_location(profile, TODAY) == ("Azc Ter Apel", "9561")
    assert db.session.scalar(select(func.count(Relocation.id))) == 1


def test_consent_only_when_the_file_says_so(app_ctx, mm):
    text = jsonl(
        [
            line("IMP-1"),
            line("IMP-2", consent_given_on=None),
            line("IMP-3", consent_given_on=None, has_consent=True),
        ]
    )
    result = candidate_import.import_profiles(text, fmt="jsonl", by=mm)
    assert result.without_consent == ["IMP-2"]
    assert consents.has_current_consent(candidates.find_by_ref("IMP-3"), TODAY)
    withdraw = line("IMP-1", consent_given_on=None, has_consent=False)
    candidate_import.import_profiles(jsonl([withdraw]), fmt="jsonl", by=mm)
    assert not consents.has_current_consent(candidates.find_by_ref("IMP-1"), TODAY)


def test_dry_run_checks_but_writes_nothing(app_ctx, mm):
    result = candidate_import.import_profiles(
        jsonl([line("IMP-1")]), fmt="jsonl", by=mm, dry_run=True
    )
    assert result.ok
    assert not result.written
    assert profile_count() == 0


def test_empty_file_is_an_error(app_ctx, mm):
    assert not candidate_import.import_profiles("\n\n", fmt="jsonl", by=mm).ok


# -- CSV -------------------------------------------------------------------------------------
CSV = (
    "ref;occupations;skills;languages;summary;pc4;max_travel_km;hours_per_week;"
    "available_from;asylum_application_date;w_document_valid_until;has_bsn;consent_given_on\n"
    'CSV-1;{kok}=2,5;{skill};"nl=A2; ar=C2";Kookt graag;1183;20;32;{today};{applied};{w};nee;{today}\n'
)


def test_csv_with_semicolons_and_dutch_decimals(app_ctx, mm):
    text = CSV.format(
        kok=KOK,
        skill=essential_skill(KOK),
        today=TODAY.isoformat(),
        applied=(TODAY - timedelta(days=300)).isoformat(),
        w=(TODAY + timedelta(days=300)).isoformat(),
    )
    result = candidate_import.import_profiles(text, fmt="csv", by=mm)
    assert result.ok, result.errors
    profile = candidates.find_by_ref("CSV-1")
    assert [(o.esco_uri, o.years) for o in profile.occupations] == [(KOK, 2.5)]
    assert {lang.code: lang.level for lang in profile.languages} == {
        "nl": "A2",
        "ar": "C2",
    }
    assert profile.has_bsn is False


def test_csv_reports_the_physical_line(app_ctx, mm):
    header = ",".join(candidate_import.COLUMNS)
    rows = [header]
    for _i in range(3):
        rec = candidate_export.profile_record(create_profile(), TODAY)
        rows.append(
            ",".join(
                f'"{candidate_export._csv_value(c, rec.get(c))}"'
                for c in candidate_import.COLUMNS
            )
        )
    rows[2] = rows[2].replace('"1183"', '"99999"')
    db.session.rollback()
    result = candidate_import.import_profiles("\n".join(rows) + "\n", fmt="csv", by=mm)
    assert [(e.line, e.field) for e in result.errors] == [(3, "pc4")]


def test_csv_without_required_columns(app_ctx, mm):
    result = candidate_import.import_profiles("ref,pc4\nX-1,1183\n", fmt="csv", by=mm)
    assert result.errors[0].line == 1
    assert "max_travel_km" in result.errors[0].field


# -- export ----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_then_import_round_trips(app_ctx, mm, fmt):
    originals = [create_profile(), create_profile(with_consent=False)]
    body = candidate_export.export_profiles(fmt, by=mm)
    for secret in (originals[0].identity.name, originals[0].identity.v_number):
        assert secret not in body
    result = candidate_import.import_profiles(body, fmt=fmt, by=mm)
    assert result.ok, result.errors
    assert sorted(result.unchanged) == sorted(p.ref for p in originals)
    assert profile_count() == 2
    assert db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "candidates.export")
    ).one().details == {"format": fmt, "count": 2}


def test_export_is_valid_formats_jsonl(app_ctx, mm):
    from matching.records import candidate_from_dict

    create_profile()
    body = candidate_export.export_profiles("jsonl", by=mm)
    record = json.loads(body.splitlines()[0])
    candidate = candidate_from_dict(record)
    assert candidate.pc4 == "1183"
    assert candidate.has_consent


# -- CLI -------------------------------------------------------------------------------------
def test_cli_import_reports_lines_and_exits_non_zero(app, tmp_path):
    path = tmp_path / "profielen.jsonl"
    path.write_text(
        jsonl([line("IMP-1"), line("IMP-2", hours_per_week=0)]), encoding="utf-8"
    )
    result = app.test_cli_runner().invoke(args=["candidates", "import", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2: hours_per_week" in result.output
    with app.app_context():
        assert profile_count() == 0


def test_cli_import_and_export(app, tmp_path):
    path = tmp_path / "profielen.jsonl"
    path.write_text(jsonl([line("IMP-1"), line("IMP-2")]), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["candidates", "import", str(path), "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    assert "2 nieuw" in result.output
    out = tmp_path / "uit.csv"
    result = runner.invoke(
        args=["candidates", "export", "--format", "csv", "-o", str(out)]
    )
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").count("IMP-") == 2
