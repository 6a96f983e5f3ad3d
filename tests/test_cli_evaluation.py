"""``flask evaluation export``: the JSON document, a CSV and an .xlsx, and bad input."""

from __future__ import annotations

import json

import openpyxl


def run(app, *args: str):
    return app.test_cli_runner().invoke(args=["evaluation", "export", *args])


def test_export_json_for_a_period_and_centre(app, evaluation_world):
    result = run(app, "--from", "2025-04-01", "--to", "2025-06-30")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["format"] == "werkbrug-evaluation"
    assert doc["period"] == {"from": "2025-04-01", "to": "2025-06-30"}
    reach = next(s for s in doc["sections"] if s["key"] == "reach")
    values = {f["key"]: f["value"] for f in reach["figures"]}
    assert values["reach.participants"] == 10
    centre = run(
        app, "--from", "2025-04-01", "--to", "2025-06-30", "--centre", "AZC Kronenburg"
    )
    assert json.loads(centre.output)["reception_centre"] == "AZC Kronenburg"


def test_export_csv_and_xlsx(app, evaluation_world, tmp_path):
    result = run(
        app,
        "--from",
        "2025-04-01",
        "--to",
        "2025-06-30",
        "--format",
        "csv",
        "--question",
        "work",
    )
    assert result.exit_code == 0, result.output
    assert "work.placements;6;" in result.output
    target = tmp_path / "work.xlsx"
    result = run(
        app,
        "--from",
        "2025-04-01",
        "--to",
        "2025-06-30",
        "--format",
        "xlsx",
        "--question",
        "work",
        "-o",
        str(target),
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target).active
    assert any(
        row[2] == "work.placements" and row[3] == 6
        for row in sheet.iter_rows(values_only=True)
    )


def test_export_refuses_bad_input(app):
    assert run(app, "--from", "1-4-2025").exit_code != 0
    assert run(app, "--from", "2025-06-30", "--to", "2025-04-01").exit_code != 0
    assert run(app, "--format", "csv", "--question", "nope").exit_code != 0
    assert run(app, "--format", "xlsx", "--question", "work").exit_code != 0
