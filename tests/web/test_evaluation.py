"""The evaluation pages: the report, its exports read back, the exchange and the settings."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import openpyxl
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, EvaluationImport
from tests.fixtures.evaluation import CENTRE_A

PERIOD = "start=2025-04-01&end=2025-06-30"


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_report_shows_the_five_questions_charts_and_tables(
    login, matchmaker, evaluation_world
):
    response = login(matchmaker).get(f"/evaluatie/?{PERIOD}")
    assert response.status_code == 200
    page = text(response)
    for number in range(1, 6):
        assert "<h2 id=" in page
        assert f">{number}. " in page
    assert (
        page.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"')
        >= 5
    )
    assert "<script" not in page.split('id="inhoud"')[-1].split("</main>")[0]
    assert "1 april 2025 tot en met 30 juni 2025" in page
    # Suppressed cells, never the small number itself in the table.
    assert re.search(r'<td class="number"[^>]*><span class="suppressed"', page)
    assert "geheim" not in page
    assert "vrije tekst" not in page


def test_report_filter_by_centre_and_bad_input(login, matchmaker, evaluation_world):
    client = login(matchmaker)
    page = text(client.get(f"/evaluatie/?{PERIOD}&centre={CENTRE_A}"))
    assert f"Opvanglocatie: {CENTRE_A}." in page
    bad = client.get("/evaluatie/?start=2025-06-30&end=2025-04-01")
    assert bad.status_code == 200
    assert "De einddatum ligt voor de begindatum." in text(bad)
    assert client.get("/evaluatie/?start=morgen").status_code == 200
    assert client.get("/evaluatie/?centre=Nergens").status_code == 200


def test_csv_export_reads_back_with_period_filters_and_suppression(
    login, matchmaker, evaluation_world
):
    response = login(matchmaker).get(f"/evaluatie/export/work.csv?{PERIOD}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    raw = response.get_data()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    meta = {r[0]: r[1] for r in rows if len(r) == 2}
    assert meta["Periode"] == "2025-04-01 – 2025-06-30"
    assert meta["Opvanglocatie"] == "alle opvanglocaties"
    assert any(r[0] == "Definitie" for r in rows)
    values = {r[2]: r[3] for r in rows if len(r) == 5}
    assert values["work.placements"] == "6"
    assert values["work.follow_up_3.still"] == "x"
    assert values["work.sector.hospitality"] == "<5"
    assert values["ref.amsterdam.share"] == "35,6"  # decimal comma
    assert values["work.cost_per_person"] == "19333"
    assert values["work.placements.werkbrug"] == "<5"
    assert values["work.placements.outside"] == "x"
    assert any("Via Werkbrug" in r[1] for r in rows if r[0] == "Definitie")


def test_referrals_and_retention_are_in_the_exports(
    login, matchmaker, evaluation_world
):
    client = login(matchmaker)
    reach = client.get(f"/evaluatie/export/reach.csv?{PERIOD}&centre={CENTRE_A}")
    rows = list(
        csv.reader(io.StringIO(reach.get_data().decode("utf-8-sig")), delimiter=";")
    )
    values = {r[2]: r[3] for r in rows if len(r) == 5}
    # In A: 6 referrals, 4 taken up, 1 declined, none withdrawn, 1 open.
    assert values["referrals.total"] == "6"
    assert values["referrals.withdrawn"] == "0"
    assert values["referrals.declined"] == "<5"
    assert any("Meedoenbalie" in r[1] for r in rows if r[0] == "Definitie")
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.get(f"/evaluatie/export/bottlenecks.xlsx?{PERIOD}").get_data()
        )
    )
    cells = {
        row[2].value: row[3].value for row in book.active.iter_rows() if row[2].value
    }
    assert cells["retention.jobs"] == "<5"
    assert cells["retention.lost_job"] == "<5"


def test_xlsx_export_reads_back_with_openpyxl(login, matchmaker, evaluation_world):
    response = login(matchmaker).get(
        f"/evaluatie/export/bottlenecks.xlsx?{PERIOD}&centre={CENTRE_A}"
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sheet = book.active
    assert sheet.title == "Vraag 4"
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    meta = {r[0]: r[1] for r in cells if r[0] and r[1] and r[2] is None}
    assert meta["Periode"] == "2025-04-01 – 2025-06-30"
    assert meta["Opvanglocatie"] == CENTRE_A
    values = {r[2]: r[3] for r in cells if r[2] and r[2] != "Sleutel"}
    # Matches of A's people created in the period: m1-m8 and m13 = 9.
    assert values["funnel.suggested"] == 9
    assert isinstance(values["funnel.suggested"], int)
    assert values["no.declined.hours"] == "<5"


def test_unknown_question_or_format_is_404(login, matchmaker):
    client = login(matchmaker)
    assert client.get("/evaluatie/export/nope.csv").status_code == 404
    assert client.get("/evaluatie/export/work.pdf").status_code == 404


def test_json_export_imports_elsewhere_and_compares(login, admin, evaluation_world):
    client = login(admin)
    exported = client.get(f"/evaluatie/export.json?{PERIOD}")
    doc = json.loads(exported.get_data())
    assert doc["format"] == "werkbrug-evaluation"
    assert doc["version"] == "1.1"
    assert doc["municipality"] == "Amstelveen"
    assert doc["period"] == {"from": "2025-04-01", "to": "2025-06-30"}
    values = [f["value"] for s in doc["sections"] for f in s["figures"]]
    # No count from 1 to 4 anywhere; no person-level data (no refs).
    small = [
        f
        for s in doc["sections"]
        for f in s["figures"]
        if f["unit"] == "count"
        and not f.get("reference")
        and isinstance(f["value"], int)
        and 0 < f["value"] < 5
    ]
    assert small == []
    assert "WB-EA1" not in exported.get_data(as_text=True)
    # Version 1.1: COA referrals, jobs kept across a transfer, placements by source.
    keys = {f["key"]: f["value"] for s in doc["sections"] for f in s["figures"]}
    assert keys["referrals.total"] == 8
    assert keys["referrals.declined"] == "<5"
    assert keys["retention.jobs"] == "<5"
    assert keys["work.placements.werkbrug"] == "<5"
    assert keys["work.placements.outside"] == "x"
    assert "<5" in values
    assert "x" in values

    for name in ("Emmen", "Maastricht"):
        other = {**doc, "municipality": name}
        response = client.post(
            "/evaluatie/vergelijken",
            data={"file": (io.BytesIO(json.dumps(other).encode()), f"{name}.json")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 302
    assert db.session.scalar(select(db.func.count()).select_from(EvaluationImport)) == 2
    page = text(client.get(f"/evaluatie/vergelijken?{PERIOD}"))
    assert "Emmen" in page
    assert "Maastricht" in page
    assert page.count("Bevestigde plaatsingen") == 1  # one row, three columns
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "evaluation.imported")
    )


def test_import_refuses_small_numbers_and_other_files(login, admin, evaluation_world):
    client = login(admin)
    doc = json.loads(client.get(f"/evaluatie/export.json?{PERIOD}").get_data())
    doc["sections"][0]["figures"][0]["value"] = 3
    for payload in (
        json.dumps(doc).encode(),
        b"not json",
        json.dumps({"format": "x"}).encode(),
    ):
        response = client.post(
            "/evaluatie/vergelijken",
            data={"file": (io.BytesIO(payload), "x.json")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 200
        assert "Dit bestand kan niet worden geïmporteerd" in text(response)
    assert db.session.scalar(select(db.func.count()).select_from(EvaluationImport)) == 0


def test_admin_sets_residents_and_budget(login, admin, evaluation_world):
    client = login(admin)
    response = client.post(
        "/evaluatie/instellingen",
        data={
            "residents-centre": CENTRE_A,
            "residents-residents": "300",
            "residents-submit": "1",
        },
    )
    assert response.status_code == 302
    response = client.post(
        "/evaluatie/instellingen", data={"budget-budget": "60000", "budget-submit": "1"}
    )
    assert response.status_code == 302
    page = text(client.get(f"/evaluatie/?{PERIOD}&centre={CENTRE_A}"))
    assert "2,7%" in page  # 8 of 300 residents
    bad = client.post(
        "/evaluatie/instellingen",
        data={
            "residents-centre": CENTRE_A,
            "residents-residents": "-3",
            "residents-submit": "1",
        },
    )
    assert bad.status_code == 200
    assert "Vul een aantal van 1 tot 100.000 in." in text(bad)


def test_home_page_links_the_report(client):
    page = text(client.get("/"))
    assert '<a href="/evaluatie/">Rapporteer de resultaten van de pilot.</a>' in page


def test_exports_never_write_a_formula(login, matchmaker, evaluation_world):
    from portal.models import CandidateProfile

    profile = db.session.scalar(
        select(CandidateProfile).where(CandidateProfile.ref == "WB-EK1")
    )
    profile.reception_centre = '=HYPERLINK("http://example.test")'
    db.session.commit()
    client = login(matchmaker)
    csv_text = client.get(
        "/evaluatie/export/reach.csv?start=2025-04-01&end=2025-07-31"
    ).get_data(as_text=True)
    assert "'=HYPERLINK" in csv_text
    assert ";=HYPERLINK" not in csv_text
    book = openpyxl.load_workbook(
        io.BytesIO(
            client.get(
                "/evaluatie/export/reach.xlsx?start=2025-04-01&end=2025-07-31"
            ).get_data()
        )
    )
    labels = [row[1] for row in book.active.iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://example.test")' in labels
