"""Vacancy pages through the test client: the two-step form, every action, every role."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from html import unescape
from urllib.parse import quote

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import StatusChange, User, Vacancy, VacancyStatus
from portal.services.settings import definitions, values
from portal.services.vacancies import shortage
from portal.services.vacancies.posting import local_today
from tests.fixtures.vacancies import CLEANER_URI, KOK_URI, create_vacancy

COMPLY_FOOD_SAFETY = (
    "http://data.europa.eu/esco/skill/0ff99f51-40d9-42f1-a1ec-377b2bb5e15f"
)


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def form_data(**overrides) -> dict:
    fields = {
        "esco_occupation": KOK_URI,
        "title": "Kok in de keuken",
        "essential_skills": [COMPLY_FOOD_SAFETY],
        "pc4": "1187",
        "hours_per_week": "32",
        "start_date": (local_today() + timedelta(days=14)).isoformat(),
        "contract_months": "6",
        "hourly_wage": "16,25",
        "positions": "2",
        "language_nl": "A2",
        "language_en": "",
        "other_language_code": "",
        "other_language_level": "",
        "save": "Opslaan",
    }
    fields.update(overrides)
    return fields


def only_vacancy(app) -> Vacancy:
    with app.app_context():
        vacancy = db.session.scalars(select(Vacancy)).one()
        db.session.expunge(vacancy)
        return vacancy


# -- step 1: choose the occupation (no JavaScript) ---------------------------------
@pytest.mark.parametrize("query", ["kok", "cook", "chef-kok", "Kok"])
def test_step_one_search_finds_the_cook(login, employer_user, query):
    response = login(employer_user).get(f"/vacatures/nieuw?q={quote(query)}")
    assert response.status_code == 200
    assert f'href="/vacatures/nieuw?beroep={KOK_URI}"' in text(response)


def test_step_one_without_query_shows_the_search_form(login, employer_user):
    page = text(login(employer_user).get("/vacatures/nieuw"))
    assert "Stap 1 van 2" in page
    assert 'name="q"' in page
    assert "data-picker" in page  # picker.js enhances the same form


def test_step_two_prefills_the_essential_skills(login, employer_user):
    page = text(login(employer_user).get(f"/vacatures/nieuw?beroep={quote(KOK_URI)}"))
    assert "Stap 2 van 2" in page
    checked = re.findall(
        r'<input checked class="utrecht-checkbox[^"]*" id="essential_skills-\d+" name="essential_skills" type="checkbox" value="([^"]+)"',
        page,
    )
    assert len(checked) == 16
    assert COMPLY_FOOD_SAFETY in checked
    # English-only labels are marked for screen readers, Dutch ones are not; every
    # essential skill of a cook has a Dutch label (ESCO v1.1.1, v1.0.3 or the starter).
    assert "hygiënewetgeving op het gebied van voedsel naleven" in page
    assert '<span lang="en">identify nutritional properties of food</span>' in page
    assert "afval verwijderen" in page
    assert '<span lang="en">afval verwijderen' not in page
    assert 'value="1187"' in page  # the employer's workplace postcode


def test_step_two_in_english_shows_english_labels(login, employer_user):
    client = login(employer_user)
    client.get("/taal/en?next=/")
    page = text(client.get(f"/vacatures/nieuw?beroep={quote(KOK_URI)}"))
    assert '<html lang="en">' in page
    assert "cook" in page
    assert '<span lang="en">comply with food safety' not in page


def test_employer_creates_a_vacancy(app, login, employer_user):
    response = login(employer_user).post("/vacatures/nieuw", data=form_data())
    vacancy = only_vacancy(app)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/vacatures/{vacancy.id}")
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.title == "Kok in de keuken"
    assert vacancy.hourly_wage == Decimal("16.25")
    assert vacancy.positions == 2
    with app.app_context():
        assert db.session.get(Vacancy, vacancy.id).essential_skills == [
            COMPLY_FOOD_SAFETY
        ]


def test_skill_search_without_javascript_keeps_the_input(app, login, employer_user):
    response = login(employer_user).post(
        "/vacatures/nieuw",
        data=form_data(
            skill_q="nutritional properties", search_skill="Zoek vaardigheid", save=None
        ),
    )
    page = text(response)
    assert response.status_code == 200
    assert "1 vaardigheid gevonden. Die staat onderaan de lijst" in page
    # Found skills are offered unticked; the ticked one stays ticked.
    assert '<span lang="en">identify nutritional properties of food</span>' in page
    assert re.search(
        r'<input class="utrecht-checkbox[^"]*" id="essential_skills-\d+" name="essential_skills" type="checkbox" value="[^"]+"> <label[^>]*><span lang="en">identify nutritional properties of food',
        page,
    )
    assert (
        f'<input checked class="utrecht-checkbox utrecht-checkbox--html-input" id="essential_skills-0" name="essential_skills" type="checkbox" value="{COMPLY_FOOD_SAFETY}">'
        in page
    )
    assert 'value="Kok in de keuken"' in page
    with app.app_context():
        assert db.session.scalars(select(Vacancy)).first() is None


def test_skill_search_without_results_says_so(login, employer_user):
    response = login(employer_user).post(
        "/vacatures/nieuw",
        data=form_data(skill_q="qqxyzzy", search_skill="Zoek vaardigheid", save=None),
    )
    assert "Geen vaardigheden gevonden." in text(response)


def test_enter_in_a_field_with_empty_skill_search_saves(app, login, employer_user):
    response = login(employer_user).post(
        "/vacatures/nieuw",
        data=form_data(skill_q="", search_skill="Zoek vaardigheid", save=None),
    )
    assert response.status_code == 302
    assert only_vacancy(app).title == "Kok in de keuken"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours_per_week", "41", "tussen 1 en 40"),
        ("hours_per_week", "veel", "heel getal"),
        ("contract_months", "0", "minstens één maand"),
        ("pc4", "1000", "Deze postcode bestaat niet"),
        ("pc4", "11", "4 cijfers"),
        ("start_date", "2020-01-01", "De startdatum ligt in het verleden"),
        ("hourly_wage", "veertien", "bijvoorbeeld 14,71"),
        ("title", "", "Vul een functietitel in"),
    ],
)
def test_invalid_input_rerenders_with_a_dutch_message(
    app, login, employer_user, field, value, message
):
    response = login(employer_user).post(
        "/vacatures/nieuw", data=form_data(**{field: value})
    )
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert 'aria-invalid="true"' in page
    assert "Er is een probleem" in page
    with app.app_context():
        assert db.session.scalars(select(Vacancy)).first() is None


#: (a day to travel to, a start date in the period, the minimum, its date in Dutch)
PERIODS = [
    (date(2025, 1, 10), date(2025, 2, 3), "14,06", "1 januari 2025"),
    (date(2025, 7, 10), date(2025, 8, 4), "14,40", "1 juli 2025"),
    (date(2026, 1, 10), date(2026, 3, 2), "14,71", "1 januari 2026"),
    (date(2026, 11, 24), date(2026, 12, 1), "14,99", "1 juli 2026"),
]


@pytest.mark.parametrize(("today", "start", "minimum", "since"), PERIODS)
def test_wage_one_cent_below_the_minimum_is_refused_and_the_minimum_accepted(
    app, login, employer_user, today, start, minimum, since
):
    below = f"{Decimal(minimum.replace(',', '.')) - Decimal('0.01'):.2f}".replace(
        ".", ","
    )
    moment = datetime(today.year, today.month, today.day, 9, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        client = login(employer_user)
        common = {"start_date": start.isoformat(), "contract_months": "1"}
        refused = client.post(
            "/vacatures/nieuw", data=form_data(hourly_wage=below, **common)
        )
        assert refused.status_code == 200
        assert (
            f"Het uurloon moet minstens €\u00a0{minimum} zijn "
            f"(wettelijk minimumloon op {since})."
        ) in text(refused)
        accepted = client.post(
            "/vacatures/nieuw", data=form_data(hourly_wage=minimum, **common)
        )
        assert accepted.status_code == 302
    assert only_vacancy(app).hourly_wage == Decimal(minimum.replace(",", "."))


def test_detail_warns_when_the_minimum_is_not_published(app, login, employer_user):
    with app.app_context():
        user = db.session.get(User, employer_user.id)
        vacancy = create_vacancy(
            user.employer, start_date=date(2027, 2, 1), hourly_wage=Decimal("15.00")
        )
        db.session.commit()
        vacancy_id = vacancy.id
    with time_machine.travel(datetime(2027, 1, 20, 9, tzinfo=UTC), tick=False):
        page = text(login(employer_user).get(f"/vacatures/{vacancy_id}"))
    assert "Het minimumloon vanaf 1 januari 2027 is nog niet bekend" in page


def test_detail_shows_a_wage_now_below_a_newer_minimum(app, login, employer_user):
    # Saved at 14.80 (fine until 30 June 2026); the 1 July 2026 row puts it below.
    with app.app_context():
        user = db.session.get(User, employer_user.id)
        vacancy = create_vacancy(
            user.employer,
            start_date=date(2026, 3, 2),
            contract_months=12,
            hourly_wage=Decimal("14.80"),
        )
        db.session.commit()
        vacancy_id = vacancy.id
    with time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=UTC), tick=False):
        page = text(login(employer_user).get(f"/vacatures/{vacancy_id}"))
    assert "Het uurloon moet minstens €\u00a014,99 zijn" in page


# -- detail and actions --------------------------------------------------------------
@pytest.fixture
def vacancy_id(app, employer_user) -> int:
    with app.app_context():
        user = db.session.get(User, employer_user.id)
        vacancy = create_vacancy(
            user.employer, hours_per_week=40, hourly_wage=Decimal("15.00")
        )
        db.session.commit()
        return vacancy.id


def status_of(app, vacancy_id: int) -> VacancyStatus:
    with app.app_context():
        return db.session.get(Vacancy, vacancy_id).status


def test_detail_shows_labels_shortage_and_reba(login, employer_user, vacancy_id):
    page = text(login(employer_user).get(f"/vacatures/{vacancy_id}"))
    assert "<h1>Kok</h1>" in page
    assert "geen tekortberoep" in page
    assert "Dit is een schatting." in page
    assert "COA publiceert de berekening voor gezinnen niet." in page
    assert "€\u00a02.600,00" in page  # 40 h × € 15 × 52 / 12
    assert "hygiënewetgeving op het gebied van voedsel naleven" in page
    assert '<span lang="en">comply with food safety and hygiene</span>' not in page


def test_matchmaker_detail_has_no_employer_buttons(login, matchmaker, vacancy_id):
    page = text(login(matchmaker).get(f"/vacatures/{vacancy_id}"))
    assert "Publiceren" not in page
    assert "Testbedrijf" in page  # the employer's name


def test_full_life_cycle_by_the_employer(app, login, employer_user, vacancy_id):
    client = login(employer_user)
    base = f"/vacatures/{vacancy_id}"
    assert client.post(base + "/publiceren").status_code == 302
    assert status_of(app, vacancy_id) == VacancyStatus.PUBLISHED
    assert client.post(base + "/pauzeren").status_code == 302
    assert status_of(app, vacancy_id) == VacancyStatus.PAUSED
    client.post(base + "/publiceren")
    assert status_of(app, vacancy_id) == VacancyStatus.PUBLISHED
    client.post(base + "/vervuld")
    assert status_of(app, vacancy_id) == VacancyStatus.FILLED
    with app.app_context():
        states = db.session.scalars(
            select(StatusChange.to_state).order_by(StatusChange.id)
        ).all()
    assert states == ["published", "paused", "published", "filled"]


def test_refused_transition_flashes_and_changes_nothing(
    app, login, employer_user, vacancy_id
):
    client = login(employer_user)
    response = client.post(f"/vacatures/{vacancy_id}/pauzeren", follow_redirects=True)
    assert "Dat kan niet met een vacature die deze status heeft." in text(response)
    assert status_of(app, vacancy_id) == VacancyStatus.DRAFT


def test_close_needs_a_reason_and_records_it(app, login, employer_user, vacancy_id):
    client = login(employer_user)
    page = text(client.post(f"/vacatures/{vacancy_id}/sluiten", data={}))
    assert "Kies een reden." in page
    assert status_of(app, vacancy_id) == VacancyStatus.DRAFT
    response = client.post(
        f"/vacatures/{vacancy_id}/sluiten",
        data={"reason_code": "no_suitable_candidates"},
    )
    assert response.status_code == 302
    assert status_of(app, vacancy_id) == VacancyStatus.CLOSED
    with app.app_context():
        change = db.session.scalars(select(StatusChange)).one()
        assert change.reason_code == "no_suitable_candidates"
    page = text(client.get(f"/vacatures/{vacancy_id}"))
    assert "Er zijn geen geschikte kandidaten" in page
    assert client.get(f"/vacatures/{vacancy_id}/bewerken").status_code == 302


def test_publish_refused_when_only_shortage_allowed(
    app, login, employer_user, admin, vacancy_id
):
    with app.app_context():
        values.set_value(
            definitions.ALLOW_NON_SHORTAGE, False, by=db.session.get(User, admin.id)
        )
        db.session.commit()
    response = login(employer_user).post(
        f"/vacatures/{vacancy_id}/publiceren", follow_redirects=True
    )
    assert "Dit beroep is geen tekortberoep" in text(response)
    assert status_of(app, vacancy_id) == VacancyStatus.DRAFT


def test_edit_changes_the_vacancy(app, login, employer_user, vacancy_id):
    client = login(employer_user)
    page = text(client.get(f"/vacatures/{vacancy_id}/bewerken"))
    assert 'value="15,00"' in page
    response = client.post(
        f"/vacatures/{vacancy_id}/bewerken",
        data=form_data(
            title="Hulpkok", start_date=(local_today() + timedelta(days=30)).isoformat()
        ),
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Vacancy, vacancy_id).title == "Hulpkok"


def test_change_occupation_prefills_the_new_essential_skills(
    login, employer_user, vacancy_id
):
    client = login(employer_user)
    page = text(client.get(f"/vacatures/{vacancy_id}/beroep?q=schoonmaker"))
    assert f"/vacatures/{vacancy_id}/bewerken?beroep=" in page
    page = text(
        client.get(f"/vacatures/{vacancy_id}/bewerken?beroep={quote(CLEANER_URI)}")
    )
    assert f'value="{CLEANER_URI}"' in page
    assert "schoonmaker gebouwen" in page


# -- who may see what ---------------------------------------------------------------
def test_another_employers_vacancy_is_404(login, other_employer_user, vacancy_id):
    client = login(other_employer_user)
    for path in ("", "/bewerken", "/beroep", "/sluiten"):
        assert client.get(f"/vacatures/{vacancy_id}{path}").status_code == 404
    for action in ("publiceren", "pauzeren", "vervuld", "sluiten"):
        assert client.post(f"/vacatures/{vacancy_id}/{action}").status_code == 404


def test_admin_has_no_vacancy_pages(login, admin, vacancy_id):
    client = login(admin)
    assert client.get("/vacatures/").status_code == 403
    assert client.get(f"/vacatures/{vacancy_id}").status_code == 403
    assert client.post(f"/vacatures/{vacancy_id}/publiceren").status_code == 403


def test_matchmaker_cannot_change_a_vacancy(app, login, matchmaker, vacancy_id):
    client = login(matchmaker)
    assert client.get("/vacatures/nieuw").status_code == 403
    assert client.post(f"/vacatures/{vacancy_id}/publiceren").status_code == 403
    assert client.get(f"/vacatures/{vacancy_id}/bewerken").status_code == 403
    assert status_of(app, vacancy_id) == VacancyStatus.DRAFT


def test_anonymous_goes_to_login(client, vacancy_id):
    response = client.get(f"/vacatures/{vacancy_id}")
    assert response.status_code == 302
    assert "/account/inloggen" in response.headers["Location"]


def test_employer_list_shows_only_own(app, login, employer_user, other_employer_user):
    with app.app_context():
        mine = create_vacancy(
            db.session.get(User, employer_user.id).employer, title="Mijn kok"
        )
        create_vacancy(
            db.session.get(User, other_employer_user.id).employer, title="Andere kok"
        )
        db.session.commit()
        mine_id = mine.id
    page = text(login(employer_user).get("/vacatures/"))
    assert "Mijn kok" in page
    assert "Andere kok" not in page
    assert f"/vacatures/{mine_id}" in page


def test_matchmaker_list_filters_and_puts_shortage_first(
    app, login, matchmaker, employer_user, other_employer_user, admin
):
    with app.app_context():
        create_vacancy(db.session.get(User, employer_user.id).employer, title="Kok A")
        create_vacancy(
            db.session.get(User, other_employer_user.id).employer,
            title="Schoonmaker B",
            esco_occupation=CLEANER_URI,
            pc4="1118",
            start_date=local_today() + timedelta(days=90),
        )
        shortage.add_shortage(
            isco_code="911",
            label="schoonmakers",
            source="s",
            source_date=date(2025, 12, 18),
            by=db.session.get(User, admin.id),
        )
        db.session.commit()
    client = login(matchmaker)
    page = text(client.get("/vacatures/"))
    assert page.index("Schoonmaker B") < page.index("Kok A")
    assert "Alle vacatures (2)" in page
    page = text(client.get("/vacatures/?shortage=nee"))
    assert "Kok A" in page
    assert "Schoonmaker B" not in page
    page = text(client.get("/vacatures/?region=Haarlemmermeer"))
    assert "Schoonmaker B" in page
    assert "Kok A" not in page
    page = text(client.get("/vacatures/?status=published"))
    assert "Geen vacatures gevonden." in page


# -- interchange ---------------------------------------------------------------------
def test_export_and_import_round_trip(app, login, employer_user, vacancy_id):
    client = login(employer_user)
    exported = client.get("/vacatures/export")
    assert exported.status_code == 200
    assert exported.mimetype == "application/jsonl"
    assert "attachment" in exported.headers["Content-Disposition"]
    body = exported.get_data().replace(b'"title": "Kok"', b'"title": "Kok (import)"')
    import io

    response = client.post(
        "/vacatures/import",
        data={"file": (io.BytesIO(body), "vacatures.jsonl")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(Vacancy)).all()
        assert [(v.id, v.title) for v in rows] == [(vacancy_id, "Kok (import)")]


def test_import_report_lists_line_field_value_and_why(app, login, employer_user):
    import io

    bad = b'{"ref": "X1", "title": "Kok"}\n'
    response = login(employer_user).post(
        "/vacatures/import",
        data={"file": (io.BytesIO(bad), "v.jsonl")},
        content_type="multipart/form-data",
    )
    page = text(response)
    assert response.status_code == 200
    assert "Niets geïmporteerd" in page
    assert "<code>esco_occupation</code>" in page
    assert '<span lang="en">(required field is missing)</span>' in page


def test_matchmaker_imports_for_an_employer(app, login, matchmaker, employer_user):
    import io
    import json

    line = {
        "ref": "EXT-1",
        "esco_occupation": KOK_URI,
        "title": "Kok",
        "pc4": "1187",
        "hours_per_week": 24,
        "start_date": (local_today() + timedelta(days=5)).isoformat(),
        "contract_months": 3,
        "hourly_wage_eur": 15.5,
    }
    response = login(matchmaker).post(
        "/vacatures/import",
        data={
            "employer_id": str(employer_user.employer_id),
            "file": (io.BytesIO(json.dumps(line).encode()), "v.jsonl"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    vacancy = only_vacancy(app)
    assert (vacancy.ref, vacancy.employer_id) == ("EXT-1", employer_user.employer_id)


def test_pages_and_messages_in_english(app, login, employer_user):
    client = login(employer_user)
    client.get("/taal/en?next=/")
    page = text(client.get("/vacatures/"))
    assert "<h1>Vacancies</h1>" in page
    assert "New vacancy" in page
    with time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=UTC), tick=False):
        client = login(employer_user)
        client.get("/taal/en?next=/")
        refused = client.post(
            "/vacatures/nieuw",
            data=form_data(
                hourly_wage="14,70", start_date="2026-03-02", contract_months="1"
            ),
        )
    assert (
        "The hourly wage must be at least €14.71 "
        "(statutory minimum wage on 1 January 2026)."
    ) in text(refused)
