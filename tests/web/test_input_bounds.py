"""Dates outside 1900–2199, NUL characters and numbers no column holds: field errors, never 500.

The probe's year-9999 start date crashed ``add_months`` on vacancy create, edit and import;
a ``\\u0000`` in an imported summary crashed PostgreSQL. Each is now refused where it comes
in: by the shared base form (every field of every form), and per line by both imports.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict
from wtforms import DateField, DecimalField, IntegerField, StringField

from forms._base import BaseForm
from portal.domain import dates
from portal.domain.text import nul_path
from portal.extensions import db
from portal.models import CandidateProfile, Role, Setting, Vacancy
from portal.services.candidates import importer as candidate_import
from portal.services.vacancies import importer as vacancy_import
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.vacancies import create_vacancy
from tests.services.test_candidate_import import CSV, TODAY
from tests.services.test_candidate_import import line as candidate_line
from tests.services.test_vacancy_import import line as vacancy_line
from tests.web.test_vacancies import form_data, text

DATE_ERROR = "Kies een datum tussen 1 januari 1900 en 31 december 2199."
NUL_ERROR = "Deze tekst bevat een ongeldig teken."


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("start", ["9999-12-31", "1899-12-31", "2200-01-01"])
def test_vacancy_create_refuses_a_start_date_out_of_range(
    app, login, employer_user, start
):
    response = login(employer_user).post(
        "/vacatures/nieuw", data=form_data(start_date=start)
    )
    assert response.status_code == 200
    assert DATE_ERROR in text(response)
    with app.app_context():
        assert _count(Vacancy) == 0


def test_vacancy_edit_refuses_year_9999(app, login, employer_user):
    with app.app_context():
        vacancy = create_vacancy(db.session.merge(employer_user).employer)
        db.session.commit()
        vacancy_id, start = vacancy.id, vacancy.start_date
    response = login(employer_user).post(
        f"/vacatures/{vacancy_id}/bewerken", data=form_data(start_date="9999-12-31")
    )
    assert response.status_code == 200
    assert DATE_ERROR in text(response)
    with app.app_context():
        assert db.session.get(Vacancy, vacancy_id).start_date == start


@pytest.mark.parametrize(
    ("field", "value"),
    [("title", "Kok\x00"), ("hourly_wage", "NaN"), ("hours_per_week", "1" * 30)],
)
def test_vacancy_form_refuses_nul_and_impossible_numbers(
    app, login, employer_user, field, value
):
    response = login(employer_user).post(
        "/vacatures/nieuw", data=form_data(**{field: value})
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in text(response)
    assert "\x00" not in response.get_data(as_text=True)
    with app.app_context():
        assert _count(Vacancy) == 0


def test_vacancy_import_reports_year_9999_and_nul_per_line(app_ctx):
    owner = create_user(Role.EMPLOYER, employer=create_employer())
    lines = [
        vacancy_line(ref="A-1", start_date="9999-12-31"),
        vacancy_line(ref="A-2", description="Koken\x00"),
        vacancy_line(ref="A-3", hourly_wage_eur=float("inf")),
    ]
    with pytest.raises(vacancy_import.ImportFailed) as failed:
        vacancy_import.import_vacancies(
            "".join(json.dumps(o) + "\n" for o in lines),
            employer=owner.employer,
            by=owner,
        )
    found = {(p.line, p.field, p.code) for p in failed.value.problems}
    assert (1, "start_date", "rule:date_out_of_range") in found
    assert (2, "description", "nul") in found
    assert {(3, "hourly_wage_eur", "number"), (3, "hourly_wage_eur", "format")} & found
    assert _count(Vacancy) == 0


@pytest.mark.parametrize("wage", [1e300, 10**40, 1e26])
def test_vacancy_import_refuses_a_wage_with_no_room_for_cents(app_ctx, wage):
    """A huge wage is reported as a rule problem, not quantized into InvalidOperation."""
    owner = create_user(Role.EMPLOYER, employer=create_employer())
    with pytest.raises(vacancy_import.ImportFailed) as failed:
        vacancy_import.import_vacancies(
            json.dumps(vacancy_line(ref="W-1", hourly_wage_eur=wage)) + "\n",
            employer=owner.employer,
            by=owner,
        )
    found = {(p.line, p.field, p.code) for p in failed.value.problems}
    assert found == {(1, "hourly_wage_eur", "rule:wage_invalid")}
    assert _count(Vacancy) == 0


@pytest.mark.parametrize("value", ["1e309", "99999999999999999999999999,001"])
def test_amount_fields_refuse_numbers_beyond_the_decimal_context(
    app, login, admin, value
):
    """The settings' euro fields: a field error for 1e309, not a 500 from quantize."""
    data = {
        "disregard_rate": "0,25",
        "disregard_cap": "246,00",
        "economic_value": "536,79",
        "net_gross_ratio": value,
    }
    response = login(admin).post("/beheer/instellingen/", data=data)
    assert response.status_code == 200
    page = text(response)
    assert 'aria-invalid="true"' in page
    assert "Dit getal is niet geldig of te groot." in page
    with app.app_context():
        assert _count(Setting) == 0


def test_candidate_import_reports_nul_and_dates_per_line(app_ctx):
    mm = create_user(Role.MATCHMAKER)
    records = [
        candidate_line("NUL-1", summary="Kookt\x00 graag"),
        candidate_line("NUL-2", reception_centre="azc\x00"),
        candidate_line("DAT-1", available_from="9999-12-31"),
        candidate_line("DAT-2", w_document_valid_until="1000-01-01"),
    ]
    text_ = "".join(json.dumps(r) + "\n" for r in records)
    result = candidate_import.import_profiles(text_, fmt="jsonl", by=mm)
    found = {(e.line, e.field) for e in result.errors}
    assert {(1, "summary"), (2, "reception_centre")} <= found
    assert {(3, "available_from"), (4, "w_document_valid_until")} <= found
    assert not result.written
    assert _count(CandidateProfile) == 0


def test_candidate_csv_import_reports_nul(app_ctx):
    mm = create_user(Role.MATCHMAKER)
    csv_text = CSV.format(
        kok="http://data.europa.eu/esco/occupation/x",
        skill="s",
        today=TODAY.isoformat(),
        applied=(TODAY - timedelta(days=300)).isoformat(),
        w=(TODAY + timedelta(days=300)).isoformat(),
    ).replace("Kookt graag", "Kookt\x00graag")
    result = candidate_import.import_profiles(csv_text, fmt="csv", by=mm)
    assert ("summary" in {e.field for e in result.errors}) or not result.ok
    assert _count(CandidateProfile) == 0


def test_the_date_range_keeps_the_helpers_in_the_calendar():
    from matching.permits import add_months

    assert add_months(dates.LATEST, 12 * 120) < date.max  # the longest any helper adds
    assert dates.parse_iso("9999-12-31") is None
    assert dates.parse_iso("2026-02-28") == date(2026, 2, 28)
    with pytest.raises(dates.DateOutOfRange):
        dates.check(date(9999, 12, 31))


def test_nul_path_names_the_field():
    assert nul_path({"a": "x", "skills": ["y", "z\x00"]}) == "skills[1]"
    assert nul_path({"a": {"b": "\x00"}}) == "a.b"
    assert nul_path({"a": "clean"}) is None


class _Probe(BaseForm):
    name = StringField()
    day = DateField()
    amount = DecimalField()
    count = IntegerField()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "a\x00b"}, "name"),
        ({"day": "9999-12-31"}, "day"),
        ({"amount": "Infinity"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"count": str(2**40)}, "count"),
    ],
)
def test_every_base_form_refuses_what_no_column_holds(app, data, field):
    with app.test_request_context(method="POST"):
        form = _Probe(formdata=MultiDict(data), meta={"csrf": False})
        assert not form.validate()
        assert form.errors[field]
        assert getattr(form, field).data is None


def test_base_form_accepts_ordinary_values(app):
    data = {"name": " kok ", "day": "2026-03-01", "amount": "14.71", "count": "32"}
    with app.test_request_context(method="POST"):
        form = _Probe(formdata=MultiDict(data), meta={"csrf": False})
        assert form.validate(), form.errors
        assert (form.name.data, form.amount.data) == ("kok", Decimal("14.71"))
