"""The TWV pages through the test client: recording a hire, the whole checklist, printing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from sqlalchemy import select

from portal import i18n
from portal.extensions import db
from portal.models import (
    AuditEvent,
    CandidateProfile,
    CandidateStatus,
    CycleStatus,
    HireStatus,
    Identity,
    Match,
    MatchStatus,
    StepState,
    TwvCase,
    User,
    Vacancy,
    VacancyStatus,
)
from portal.services.matches import hire_gate, hires
from portal.services.twv import eligibility as twv_eligibility
from portal.views.twv_common import message
from tests.fixtures.twv import create_twv_candidate, create_twv_vacancy, grant_twv


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        yield


def text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def step_post(client, case_id: int, key: str, action: str = "done", **fields):
    data = {f"{key}-action": action}
    data.update({f"{key}-{name}": value for name, value in fields.items()})
    return client.post(f"/twv/{case_id}/stappen/{key}", data=data)


def get_case(app, case_id: int) -> TwvCase:
    return db.session.get(TwvCase, case_id)


# -- recording a hire --------------------------------------------------------------------


@pytest.fixture
def hire_world(app, employer_user):
    with app.app_context():
        employer = db.session.get(User, employer_user.id).employer
        create_twv_candidate(ref="WB-H1R3")
        vacancy = create_twv_vacancy(employer, title="Productiemedewerker")
        db.session.commit()
        return vacancy.id


def hire_form(vid: int, **changes: str) -> dict[str, str]:
    data = {
        "candidate_ref": "wb-h1r3",
        "vacancy_id": str(vid),
        "contract_start": "2026-04-01",
        "contract_end": "2027-03-31",
        "hours_per_week": "32",
        "hourly_wage": "15.00",
    }
    data.update(changes)
    return data


def test_matchmaker_records_a_hire_and_lands_on_its_case(
    app, login, matchmaker, hire_world
):
    client = login(matchmaker)
    assert client.get("/twv/nieuw").status_code == 200
    response = client.post("/twv/nieuw", data=hire_form(hire_world))

    assert response.status_code == 302
    with app.app_context():
        case = db.session.scalar(select(TwvCase))
        assert response.headers["Location"].endswith(f"/twv/{case.id}")
        assert case.hire.created_by_id == matchmaker.id
        assert case.candidate.ref == "WB-H1R3"


def test_hire_below_the_minimum_wage_is_refused_on_the_field(
    app, login, matchmaker, hire_world
):
    response = login(matchmaker).post(
        "/twv/nieuw", data=hire_form(hire_world, hourly_wage="14.70")
    )
    assert response.status_code == 200
    assert "lager dan het minimumloon" in text(response)
    assert "€ 14,71" in text(response) or "€14,71" in text(response)
    with app.app_context():
        assert db.session.scalar(select(TwvCase)) is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"candidate_ref": "WB-ONBEKEND"}, "geen kandidaat met deze referentie"),
        ({"contract_end": "2026-03-31"}, "De einddatum ligt voor de begindatum"),
        ({"hours_per_week": "0"}, "Kies 1 tot en met 60 uur"),
        ({"vacancy_id": "0"}, "Kies een vacature"),
    ],
)
def test_hire_form_shows_what_is_wrong(
    app, login, matchmaker, hire_world, changes, message
):
    response = login(matchmaker).post(
        "/twv/nieuw", data=hire_form(hire_world, **changes)
    )
    assert response.status_code == 200
    assert message in text(response)


def _form_text(app, login, matchmaker, vid, **changes) -> str:
    response = login(matchmaker).post("/twv/nieuw", data=hire_form(vid, **changes))
    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(TwvCase)) is None  # nothing recorded
    return text(response)


def test_hire_form_refuses_a_start_before_the_waiting_time_with_the_earliest_date(
    app, login, matchmaker, employer_user
):
    """A3: the asylum application is not six months old on the first day."""
    with app.app_context():
        employer = db.session.get(User, employer_user.id).employer
        profile = create_twv_candidate(
            ref="WB-A3A3", asylum_application_date=date(2026, 1, 12)
        )
        vid = create_twv_vacancy(employer).id
        terms = hires.ContractTerms(
            date(2026, 4, 1), date(2027, 3, 31), 32, Decimal("15.00")
        )
        checks = hire_gate.blocking_checks(profile, terms)
        earliest = hire_gate.earliest_start(checks, terms)
        db.session.commit()
    assert [c.code for c in checks] == ["ASYLUM_APPLICATION_UNDER_6_MONTHS"]
    page = _form_text(app, login, matchmaker, vid, candidate_ref="WB-A3A3")
    with app.test_request_context():
        shown = i18n.nl_date(earliest)
        reason = message(checks[0].message_nl, checks[0].params)
    assert reason in page
    assert f"De vroegst mogelijke startdatum is {shown}." in page
    assert "De werkvergunning kan beginnen" not in page


def test_hire_form_refuses_a_w_document_ending_before_the_start(
    app, login, matchmaker, employer_user
):
    """A4: no valid W-document on the first day; a later start does not help."""
    with app.app_context():
        employer = db.session.get(User, employer_user.id).employer
        create_twv_candidate(ref="WB-A4A4", w_valid_until=date(2026, 3, 20))
        vid = create_twv_vacancy(employer).id
        db.session.commit()
    page = _form_text(app, login, matchmaker, vid, candidate_ref="WB-A4A4")
    assert "W-document" in page
    assert "De vroegst mogelijke startdatum" not in page


def test_hire_form_sends_a_pair_with_a_match_to_the_match(
    app, login, matchmaker, hire_world
):
    with app.app_context():
        profile = hires.find_candidate("WB-H1R3")
        match = Match(
            vacancy_id=hire_world,
            candidate_id=profile.id,
            status=MatchStatus.INTRODUCED,
            reasons=[],
        )
        db.session.add(match)
        db.session.commit()
        match_id = match.id
    client = login(matchmaker)
    response = client.post("/twv/nieuw", data=hire_form(hire_world))
    assert response.status_code == 200
    assert "heeft een match met deze vacature" in text(response)
    assert f'href="/matches/{match_id}"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(TwvCase)) is None
        assert db.session.get(Match, match_id).status == MatchStatus.INTRODUCED


def test_hire_form_offers_only_vacancies_open_for_hire(
    app, login, matchmaker, employer_user
):
    with app.app_context():
        employer = db.session.get(User, employer_user.id).employer
        create_twv_candidate(ref="WB-V4C4")
        open_one = create_twv_vacancy(employer, title="Open vacature")
        filled = create_twv_vacancy(employer, title="Vervulde vacature")
        filled.status = VacancyStatus.FILLED
        closed = create_twv_vacancy(employer, title="Gesloten vacature")
        closed.status = VacancyStatus.CLOSED
        db.session.commit()
        ids = open_one.id, filled.id
    client = login(matchmaker)
    page = text(client.get("/twv/nieuw"))
    assert "Open vacature" in page
    assert "Vervulde vacature" not in page
    assert "Gesloten vacature" not in page
    refused = client.post("/twv/nieuw", data=hire_form(ids[1], candidate_ref="WB-V4C4"))
    assert refused.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(TwvCase)) is None


def test_an_outside_hire_is_placed_filled_and_followed_up(
    app, login, matchmaker, hire_world
):
    response = login(matchmaker).post("/twv/nieuw", data=hire_form(hire_world))
    assert response.status_code == 302
    with app.app_context():
        case = db.session.scalar(select(TwvCase))
        assert case.candidate.status == CandidateStatus.PLACED
        assert db.session.get(Vacancy, hire_world).status == VacancyStatus.FILLED
        assert sorted(f.months for f in case.hire.follow_ups) == [3, 6]


# -- the checklist -----------------------------------------------------------------------


def test_employer_and_matchmaker_complete_the_whole_checklist(
    app, login, employer_user, matchmaker, twv_world
):
    boss = login(employer_user)
    staff = login(matchmaker)
    case_id = twv_world

    assert step_post(boss, case_id, "eligibility").status_code == 403
    assert step_post(staff, case_id, "eligibility").status_code == 302
    assert step_post(boss, case_id, "draft_contract").status_code == 302
    assert (
        step_post(boss, case_id, "w_document_copy", on_date="2026-09-30").status_code
        == 302
    )
    assert (
        step_post(boss, case_id, "agency_work", action="not_applicable").status_code
        == 302
    )
    assert step_post(boss, case_id, "apply_uwv").status_code == 302
    assert (
        step_post(boss, case_id, "submitted", on_date="2026-03-02").status_code == 302
    )

    page = text(boss.get(f"/twv/{case_id}"))
    assert "Aangevraagd (wacht 0 weken)" in page
    assert "6 april 2026" in page  # legal term: 5 weeks
    assert "4 mei 2026" in page  # practical: 9 weeks

    refused = step_post(boss, case_id, "start_work", on_date="2026-04-01")
    assert refused.status_code == 200
    assert "mag pas beginnen als de werkvergunning er is" in text(refused)

    assert (
        step_post(
            boss, case_id, "twv_granted", number="TWV-778899", on_date=""
        ).status_code
        == 302
    )
    for key in ("payroll_without_bsn", "reba_payslips"):
        assert step_post(boss, case_id, key).status_code == 302
    assert (
        step_post(boss, case_id, "start_work", on_date="2026-04-01").status_code == 302
    )

    with app.app_context():
        case = get_case(app, case_id)
        cycle = case.current_cycle
        assert cycle.status == CycleStatus.GRANTED
        assert cycle.twv_number == "TWV-778899"
        assert cycle.valid_until == date(2026, 9, 30)
        assert case.hire.status == HireStatus.ACTIVE
        states = {s.step_key: s.state for s in cycle.steps}
        assert states["agency_work"] == StepState.NOT_APPLICABLE
        assert all(
            states.get(key) in {StepState.DONE, StepState.NOT_APPLICABLE}
            for key in twv_eligibility.STEP_KEYS
            if key != "early_end"
        )
        who = {s.step_key: s.done_by_id for s in cycle.steps}
        assert who["eligibility"] == matchmaker.id
        assert who["submitted"] == employer_user.id

    # the matchmaker sees the same case, with who did each step
    page = text(staff.get(f"/twv/{case_id}"))
    assert f"Door {employer_user.name}" in page
    assert "Geldig tot en met 30 september 2026" in page


def test_empty_step_form_reports_the_problem(login, employer_user, twv_world):
    response = login(employer_user).post(f"/twv/{twv_world}/stappen/submitted", data={})
    assert response.status_code == 200
    assert "Kies wat u wilt doen" in text(response)


def test_missing_date_is_an_error_on_the_date_field(login, employer_user, twv_world):
    response = step_post(login(employer_user), twv_world, "submitted")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert 'id="submitted-on_date-error"' in body
    assert 'aria-invalid="true"' in body


def test_unknown_step_is_404(login, employer_user, twv_world):
    assert step_post(login(employer_user), twv_world, "no_such_step").status_code == 404


def test_blocking_check_stops_the_checklist_with_its_reason(
    app, login, matchmaker, employer_user
):
    with app.app_context():
        from tests.fixtures.twv import create_twv_case

        candidate = create_twv_candidate(w_valid_until=date(2026, 3, 1))
        case = create_twv_case(
            employer=db.session.get(User, employer_user.id).employer,
            matchmaker=db.session.get(User, matchmaker.id),
            candidate=candidate,
        )
        db.session.commit()
        case_id = case.id
    client = login(employer_user)
    page = text(client.get(f"/twv/{case_id}"))
    assert "Eerst oplossen" in page
    assert "geen geldig W-document" in page
    assert "Nog niet aanvragen" in page
    response = step_post(client, case_id, "draft_contract")
    assert response.status_code == 200
    assert "geen geldig W-document" in text(response)


def test_case_page_is_audited_and_shows_no_identity(
    app, login, employer_user, twv_world
):
    with app.app_context():
        case = get_case(app, twv_world)
        case.candidate.identity = Identity(name="Yonas Geheim", v_number="9876543210")
        db.session.commit()
    page = text(login(employer_user).get(f"/twv/{twv_world}"))
    assert "Yonas" not in page
    assert "9876543210" not in page
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "twv.case_viewed")
        )
        assert (event.actor_id, event.object_id) == (employer_user.id, twv_world)


def test_case_page_shows_the_reba_estimate(login, employer_user, twv_world):
    page = text(login(employer_user).get(f"/twv/{twv_world}"))
    assert "Wat houdt een asielzoeker over?" in page


def test_print_page_is_clean(login, employer_user, twv_world):
    response = login(employer_user).get(f"/twv/{twv_world}/afdrukken")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'media="print"' in body
    assert "css/print.css" in body
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert '<form method="post" action="/twv/' not in main  # no step forms on paper
    assert 'class="no-print"' in main
    assert "Stappen voor de werkvergunning" in main


# -- early end, W-document, renewal ------------------------------------------------------


def test_early_end_creates_the_tell_uwv_task(
    app, login, employer_user, matchmaker, twv_world
):
    with app.app_context():
        case = get_case(app, twv_world)
        grant_twv(
            case,
            by=db.session.get(User, matchmaker.id),
            submitted_on=date(2026, 3, 2),
            granted_on=date(2026, 3, 2),
        )
        db.session.commit()
    client = login(employer_user)
    assert client.get(f"/twv/{twv_world}/einde").status_code == 200
    response = client.post(
        f"/twv/{twv_world}/einde",
        data={"ended_on": "2026-03-02", "reason_code": "dismissed"},
    )
    assert response.status_code == 302
    page = text(client.get(f"/twv/{twv_world}"))
    assert (
        "Meld aan UWV dat het werk is gestopt" in page
        or "De werkvergunning wordt niet gebruikt" in page
    )
    assert "Werk gestopt: meld het aan UWV" in page
    with app.app_context():
        assert get_case(app, twv_world).hire.end_reason_code == "dismissed"


def test_end_hire_form_needs_a_reason(login, employer_user, twv_world):
    response = login(employer_user).post(
        f"/twv/{twv_world}/einde", data={"ended_on": "2026-03-02"}
    )
    assert response.status_code == 200
    assert "Kies een reden" in text(response)


def test_matchmaker_enters_a_new_w_document_and_the_renewal_opens(
    app, login, matchmaker, twv_world
):
    with app.app_context():
        grant_twv(
            get_case(app, twv_world),
            by=db.session.get(User, matchmaker.id),
            submitted_on=date(2026, 3, 2),
            granted_on=date(2026, 3, 2),
        )
        db.session.commit()
    client = login(matchmaker)
    response = client.post(
        f"/twv/{twv_world}/w-document", data={"valid_until": "2027-03-31"}
    )
    assert response.status_code == 302
    page = text(client.get(f"/twv/{twv_world}"))
    assert "Stappen voor verlenging 1" in page
    assert "Eerdere aanvragen" in page
    with app.app_context():
        case = get_case(app, twv_world)
        assert [c.number for c in case.cycles] == [1, 2]
        assert db.session.get(
            CandidateProfile, case.candidate_id
        ).w_document_valid_until == date(2027, 3, 31)


def test_renewal_button_opens_the_next_cycle(
    app, login, employer_user, matchmaker, twv_world
):
    with app.app_context():
        grant_twv(
            get_case(app, twv_world),
            by=db.session.get(User, matchmaker.id),
            submitted_on=date(2026, 3, 2),
            granted_on=date(2026, 3, 2),
        )
        db.session.commit()
    client = login(employer_user)
    assert "Verlenging starten" in text(client.get(f"/twv/{twv_world}"))
    assert client.post(f"/twv/{twv_world}/verlenging").status_code == 302
    with app.app_context():
        assert len(get_case(app, twv_world).cycles) == 2
    assert "Verlenging starten" not in text(client.get(f"/twv/{twv_world}"))


# -- overviews ---------------------------------------------------------------------------


def test_index_lists_cases_most_urgent_first(
    app, login, employer_user, matchmaker, twv_world
):
    with app.app_context():
        from tests.fixtures.twv import create_twv_case

        employer = db.session.get(User, employer_user.id).employer
        mm = db.session.get(User, matchmaker.id)
        lapsing = create_twv_case(
            employer=employer,
            matchmaker=mm,
            candidate=create_twv_candidate(ref="WB-LAPS"),
        )
        grant_twv(
            lapsing,
            by=mm,
            submitted_on=date(2026, 1, 5),
            granted_on=date(2026, 2, 1),
            valid_until=date(2026, 3, 5),
        )
        db.session.commit()
    page = text(login(employer_user).get("/twv/"))
    assert page.index("WB-LAPS") < page.index("Werkvergunning WB-T")
    assert "Loopt af op 5 maart 2026" in page


def test_employer_dashboard_shows_the_cases_and_lapsed_in_red(
    app, login, employer_user, matchmaker, twv_world
):
    with app.app_context():
        grant_twv(
            get_case(app, twv_world),
            by=db.session.get(User, matchmaker.id),
            submitted_on=date(2026, 1, 5),
            granted_on=date(2026, 2, 1),
            valid_until=date(2026, 3, 1),
        )
        db.session.commit()
    page = text(login(employer_user).get("/werkgever/"))
    assert "1 werknemer mag nu niet werken" in page
    assert "Verlopen: mag niet werken" in page
    assert "badge-danger" in page
    assert "KvK-nummer" in page


def test_other_employer_does_not_see_the_case(login, other_employer_user, twv_world):
    client = login(other_employer_user)
    assert client.get(f"/twv/{twv_world}").status_code == 404
    assert "Werkvergunning WB-" not in text(client.get("/twv/"))


def test_case_page_in_english(login, employer_user, twv_world):
    client = login(employer_user)
    client.get("/taal/en?next=/")
    with client.session_transaction() as session:
        session["lang"] = "en"
    page = text(client.get(f"/twv/{twv_world}"))
    assert "Work permit" in page
    assert "Steps for the work permit" in page
