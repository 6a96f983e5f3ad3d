"""The administrators' settings pages: municipality policy, REBA, minimum wage, shortage list."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from html import unescape
from urllib.parse import quote

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, MinimumWageRate, ShortageOccupation, User
from portal.services.settings import definitions, values, wage_rates
from portal.services.vacancies import shortage
from tests.fixtures.vacancies import KOK_URI


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


SETTINGS = {
    "allow_non_shortage": "y",
    "automated_suggestions": "y",
    "block_accelerated": "y",
    "disregard_rate": "0,25",
    "disregard_cap": "246,00",
    "economic_value": "536,79",
    "net_gross_ratio": "0,90",
}


def test_settings_page_shows_defaults_and_sources(login, admin):
    page = text(login(admin).get("/beheer/instellingen/"))
    assert "<h1>Instellingen</h1>" in page
    assert "Standaard: €\u00a0246,00. Bron: Gemeente Amstelveen" in page
    assert 'value="536,79"' in page
    assert "14,71" in page
    assert "ingebouwd" in page


def test_admin_changes_reba_figures_and_policy(app, login, admin):
    response = login(admin).post(
        "/beheer/instellingen/",
        data={**SETTINGS, "allow_non_shortage": "", "disregard_cap": "183"},
    )
    assert response.status_code == 302
    with app.app_context():
        assert values.get_reba_settings().disregard_cap == Decimal("183")
        assert values.non_shortage_allowed() is False
        keys = db.session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "setting.changed")
        ).all()
        assert {d["key"] for d in keys} == {
            "allow_non_shortage_vacancies",
            "reba.disregard_cap",
        }


def test_admin_switches_the_eu_pact_rules_apart(app, login, admin):
    page = text(login(admin).get("/beheer/instellingen/"))
    assert "Richtlijn (EU) 2024/1346" in page
    response = login(admin).post(
        "/beheer/instellingen/",
        data={**SETTINGS, "block_accelerated": "", "eu_pact_proposal": ""},
    )
    assert response.status_code == 302
    with app.app_context():
        assert values.get_bool(definitions.BLOCK_ACCELERATED) is False
        assert values.get_bool(definitions.EU_PACT_PROPOSAL) is False
        from portal.services.twv import eligibility as twv

        gate = twv.eligibility_settings()
        assert gate.block_accelerated_procedure is False
        assert gate.eu_pact_2026 is False


@pytest.mark.parametrize(
    ("field", "value"),
    [("disregard_rate", "1,5"), ("net_gross_ratio", "0"), ("disregard_cap", "-1")],
)
def test_out_of_range_figures_are_refused(app, login, admin, field, value):
    response = login(admin).post(
        "/beheer/instellingen/", data={**SETTINGS, field: value}
    )
    assert response.status_code == 200
    assert "Controleer de getallen" in text(response)
    with app.app_context():
        assert values.get_reba_settings().disregard_rate == Decimal("0.25")


def test_empty_settings_form_rerenders_with_errors(login, admin):
    response = login(admin).post("/beheer/instellingen/", data={})
    assert response.status_code == 200
    assert "Er is een probleem" in text(response)


def test_missing_rate_warning_and_admin_adds_it(app, login, admin):
    with time_machine.travel(datetime(2027, 1, 20, 9, tzinfo=UTC), tick=False):
        client = login(admin)
        page = text(client.get("/beheer/instellingen/"))
        assert "Het minimumloon vanaf 1 januari 2027 is nog niet ingevoerd" in page
        response = client.post(
            "/beheer/instellingen/minimumloon",
            data={
                "valid_from": "2027-01-01",
                "age": "21",
                "hourly": "15,30",
                "source": "Rijksoverheid",
            },
        )
        assert response.status_code == 302
        page = text(client.get("/beheer/instellingen/"))
        assert "nog niet ingevoerd" not in page
    with app.app_context():
        row = db.session.scalars(select(MinimumWageRate)).one()
        assert (row.valid_from, row.hourly, row.entered_by_id) == (
            date(2027, 1, 1),
            Decimal("15.30"),
            admin.id,
        )
        assert any(r.hourly == Decimal("15.30") for r in wage_rates.get_wage_rates())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"valid_from": "2026-07-15", "hourly": "15", "source": "x"},
            "1 januari en 1 juli",
        ),
        ({"valid_from": "2026-07-01", "hourly": "0", "source": "x"}, "groter dan 0"),
        ({"valid_from": "2026-07-01", "hourly": "15", "source": ""}, "Vul de bron in."),
    ],
)
def test_bad_wage_rate_is_refused(app, login, admin, data, message):
    response = login(admin).post(
        "/beheer/instellingen/minimumloon", data={"age": "21", **data}
    )
    assert response.status_code == 200
    assert message in text(response)
    with app.app_context():
        assert db.session.scalars(select(MinimumWageRate)).first() is None


def test_duplicate_wage_rate_is_refused_and_delete_works(app, login, admin):
    client = login(admin)
    data = {"valid_from": "2026-07-01", "age": "21", "hourly": "15,00", "source": "x"}
    assert client.post("/beheer/instellingen/minimumloon", data=data).status_code == 302
    again = client.post("/beheer/instellingen/minimumloon", data=data)
    assert "al een bedrag ingevoerd" in text(again)
    with app.app_context():
        rate_id = db.session.scalars(select(MinimumWageRate.id)).one()
    assert (
        client.post(
            f"/beheer/instellingen/minimumloon/{rate_id}/verwijderen"
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.get(MinimumWageRate, rate_id) is None


def test_admin_adds_and_removes_shortage_by_isco(app, login, admin):
    client = login(admin)
    response = client.post(
        "/beheer/instellingen/tekortberoepen",
        data={
            "isco_code": "911",
            "label": "schoonmakers",
            "source": "UWV via ANP",
            "source_date": "2025-12-18",
        },
    )
    assert response.status_code == 302
    page = text(client.get("/beheer/instellingen/tekortberoepen"))
    assert "ISCO 911" in page
    assert "UWV via ANP" in page
    assert "18 december 2025" in page
    with app.app_context():
        entry = db.session.scalars(select(ShortageOccupation)).one()
        assert entry.added_by_id == admin.id
    assert (
        client.post(
            f"/beheer/instellingen/tekortberoepen/{entry.id}/verwijderen"
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.scalars(select(ShortageOccupation)).first() is None


def test_admin_picks_an_esco_occupation_without_javascript(app, login, admin):
    client = login(admin)
    page = text(client.get("/beheer/instellingen/tekortberoepen?q=cook"))
    assert (
        f"esco_uri={quote(KOK_URI, safe=':/')}" in page or f"esco_uri={KOK_URI}" in page
    )
    page = text(
        client.get(f"/beheer/instellingen/tekortberoepen?esco_uri={quote(KOK_URI)}")
    )
    assert "Gekozen beroep:" in page
    assert 'value="kok"' in page
    response = client.post(
        "/beheer/instellingen/tekortberoepen",
        data={
            "esco_uri": KOK_URI,
            "label": "kok",
            "source": "eigen keuze",
            "source_date": "2026-11-01",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert shortage.is_shortage_occupation(KOK_URI)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"isco_code": "", "esco_uri": ""}, "niet allebei"),
        ({"isco_code": "9999"}, "Deze ISCO-code bestaat niet."),
        ({"isco_code": "91a"}, "1 tot 4 cijfers"),
        ({"isco_code": "911", "esco_uri": KOK_URI}, "niet allebei"),
        ({"esco_uri": KOK_URI + "x"}, "niet in de ESCO-lijst"),
    ],
)
def test_bad_shortage_entry_is_refused(app, login, admin, data, message):
    response = login(admin).post(
        "/beheer/instellingen/tekortberoepen",
        data={"label": "x", "source": "s", "source_date": "2026-01-01", **data},
    )
    assert response.status_code == 200
    assert message in text(response)
    with app.app_context():
        assert db.session.scalars(select(ShortageOccupation)).first() is None


def test_duplicate_shortage_entry_is_refused(app, login, admin):
    with app.app_context():
        shortage.add_shortage(
            isco_code="911",
            label="s",
            source="bron",
            source_date=date(2025, 1, 1),
            by=db.session.get(User, admin.id),
        )
        db.session.commit()
    response = login(admin).post(
        "/beheer/instellingen/tekortberoepen",
        data={
            "isco_code": "911",
            "label": "s",
            "source": "bron",
            "source_date": "2025-01-01",
        },
    )
    assert "al in de lijst" in text(response)


@pytest.mark.parametrize("fixture", ["employer_user", "matchmaker"])
def test_settings_are_for_admins_only(request, login, fixture):
    client = login(request.getfixturevalue(fixture))
    assert client.get("/beheer/instellingen/").status_code == 403
    assert (
        client.post("/beheer/instellingen/tekortberoepen", data={}).status_code == 403
    )
    assert client.post("/beheer/instellingen/minimumloon", data={}).status_code == 403


def test_admin_menu_links_to_settings(login, admin):
    page = text(login(admin).get("/beheer/"))
    assert 'href="/beheer/instellingen/tekortberoepen"' in page
    assert 'href="/beheer/instellingen/"' in page


def test_shortage_seed_file_loads_once(app_ctx):
    first = shortage.seed_shortage()
    assert first == len(shortage.read_seed()) == 39
    assert shortage.seed_shortage() == 0
    assert shortage.is_shortage_occupation(
        "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
    )
    assert not shortage.is_shortage_occupation(KOK_URI)


def test_rate_table_shows_status_and_source_and_corrects_a_built_in_row(
    app, login, admin
):
    client = login(admin)
    page = text(client.get("/beheer/instellingen/"))
    row = page.split('id="minimumloon-2026-07-01-21"')[1].split("</tr>")[0]
    assert "ASSUMED: niet gecontroleerd" in row
    assert "NIET GECONTROLEERD: €14,99 (21+)" in row
    assert "Corrigeren" in row
    january = page.split('id="minimumloon-2026-01-01-21"')[1].split("</tr>")[0]
    assert "VERIFIED: gecontroleerd" in january
    assert "besluit SZW 2025-0000213859" in january
    # the "correct" link fills in the date and age of the row
    form = text(client.get("/beheer/instellingen/?valid_from=2026-07-01&age=20")).split(
        'id="add-rate-title"'
    )[1]
    assert 'name="valid_from" required type="date" value="2026-07-01"' in form
    assert '<option selected value="20">' in form
    response = client.post(
        "/beheer/instellingen/minimumloon",
        data={
            "valid_from": "2026-07-01",
            "age": "21",
            "hourly": "15,02",
            "source": "Staatscourant 2026: minimumloon per 1 juli 2026",
        },
        follow_redirects=True,
    )
    page = text(response)
    row = page.split('id="minimumloon-2026-07-01-21"')[1].split("</tr>")[0]
    assert "VERIFIED: gecontroleerd" in row
    assert "Staatscourant 2026" in row
    assert "Vervangt het ingebouwde bedrag van €\xa014,99 (ASSUMED)." in row
    with app.app_context():
        rate_id = db.session.scalars(select(MinimumWageRate.id)).one()
    removed = client.post(
        f"/beheer/instellingen/minimumloon/{rate_id}/verwijderen", follow_redirects=True
    )
    row = text(removed).split('id="minimumloon-2026-07-01-21"')[1].split("</tr>")[0]
    assert "ASSUMED: niet gecontroleerd" in row
