"""The evaluation in a real browser: the report with its SVG charts, the comparison view
with imported municipalities, and the admin's settings, all checked with axe-core.

Uses the live server (with the demo's pilot year) and the browser of ``tests/browser``.
"""

from __future__ import annotations

import json

import pytest

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


def test_report_and_charts_pass_axe(page_as, live_server, axe_source) -> None:
    page = page_as("matchmaker")
    response = page.goto(live_server.url("reports.index"))
    assert response.status == 200
    charts = page.locator("svg.chart[role=img]")
    assert charts.count() >= 5
    # Every chart has a text alternative and a table of its numbers right after it.
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.locator("title").text_content().strip()
        assert chart.locator("desc").text_content().strip()
    assert page.locator("figure.chart-figure + table").count() == charts.count()
    assert page.locator("script[src^='http']").count() == 0
    assert_accessible(page, axe_source)
    # The same page as printed for the council stays readable and accessible.
    page.emulate_media(media="print")
    assert page.locator("form.filter-form").is_hidden()
    assert_accessible(page, axe_source)


def test_report_with_filter_errors_passes_axe(page_as, live_server, axe_source) -> None:
    page = page_as("matchmaker")
    page.goto(live_server.url("reports.index", start="2026-03-31", end="2025-04-01"))
    assert page.locator(".error-summary").count() == 1
    assert_accessible(page, axe_source)


def test_comparison_view_with_imports_passes_axe(
    page_as, live_server, axe_source, tmp_path
) -> None:
    from portal.services.evaluation import exchange
    from portal.services.evaluation.period import default_filters
    from portal.services.evaluation.report import build_report

    with live_server.app.app_context():
        doc = exchange.document(build_report(default_filters()))
    page = page_as("admin")
    for name in ("Amsterdam", "Maastricht", "Emmen"):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({**doc, "municipality": name}))
        page.goto(live_server.url("reports.compare"))
        page.set_input_files("input[type=file]", str(path))
        page.get_by_role("button", name="Importeren").click()
        page.wait_for_load_state("load")
    headers = (
        page.locator("table.comparison").first.locator("thead th").all_inner_texts()
    )
    for name in ("Amstelveen", "Amsterdam", "Maastricht", "Emmen"):
        assert any(name in h for h in headers)
    assert_accessible(page, axe_source)


def test_evaluation_settings_pass_axe(page_as, live_server, axe_source) -> None:
    page = page_as("admin")
    response = page.goto(live_server.url("reports.settings"))
    assert response.status == 200
    assert_accessible(page, axe_source)
