"""The vacancy rules (one source for form and import) and the vacancy life cycle."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Role, Sector, StatusChange, VacancyStatus
from portal.services.settings import definitions, values, wage_rates
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies import shortage
from portal.services.vacancies.posting import VacancyData
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.vacancies import CLEANER_URI, KOK_URI, create_vacancy


def data(**overrides) -> VacancyData:
    fields = {
        "title": "Kok",
        "esco_occupation": KOK_URI,
        "pc4": "1187",
        "hours_per_week": 32,
        "start_date": date(2027, 3, 1),
        "contract_months": 3,
        "hourly_wage": Decimal("16.00"),
        "languages": {"nl": "A2"},
    }
    fields.update(overrides)
    return VacancyData(**fields)


def codes(problems) -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in problems}


#: (start date in the period, minimum, first day of the period) per row of the table;
#: the last period's rate is not published: the last known rate is the lower bound.
PERIODS = [
    (date(2025, 2, 3), Decimal("14.06"), date(2025, 1, 1)),
    (date(2025, 8, 4), Decimal("14.40"), date(2025, 7, 1)),
    (date(2026, 3, 2), Decimal("14.71"), date(2026, 1, 1)),
    (date(2026, 9, 1), Decimal("14.99"), date(2026, 7, 1)),
    (date(2027, 2, 1), Decimal("14.99"), date(2026, 7, 1)),
]


@pytest.mark.parametrize(("start", "minimum", "since"), PERIODS)
def test_wage_one_cent_below_minimum_is_refused_in_each_period(
    app_ctx, start, minimum, since
):
    problems = vacancies.validate(
        data(
            start_date=start, contract_months=1, hourly_wage=minimum - Decimal("0.01")
        ),
        today=start,
    )
    assert [(p.field, p.code) for p in problems] == [
        ("hourly_wage", "wage_below_minimum")
    ]
    assert problems[0].params["minimum"] == minimum
    assert problems[0].params["date"] == since


@pytest.mark.parametrize(("start", "minimum", "since"), PERIODS)
def test_wage_at_minimum_is_accepted_in_each_period(app_ctx, start, minimum, since):
    vacancy = data(start_date=start, contract_months=1, hourly_wage=minimum)
    assert vacancies.validate(vacancy, today=start) == []


def test_wage_message_states_the_minimum_in_dutch_money(app):
    problem = vacancies.Problem(
        "hourly_wage",
        "wage_below_minimum",
        {"minimum": Decimal("14.71"), "date": date(2026, 1, 1)},
    )
    with app.test_request_context():
        assert problem.message == (
            "Het uurloon moet minstens €\u00a014,71 zijn "
            "(wettelijk minimumloon op 1 januari 2026)."
        )


def test_wage_is_checked_over_the_whole_contract(app_ctx):
    # 14.06 meets the January 2025 rate but not the July 2025 rate inside the contract.
    problems = vacancies.validate(
        data(
            start_date=date(2025, 6, 1), contract_months=3, hourly_wage=Decimal("14.06")
        ),
        today=date(2025, 5, 1),
    )
    assert codes(problems) == {("hourly_wage", "wage_below_minimum")}
    assert problems[0].params["minimum"] == Decimal("14.40")
    assert problems[0].params["during_contract"] is True


def test_contract_ending_before_a_rate_change_is_not_held_to_it(app_ctx):
    vacancy = data(
        start_date=date(2025, 5, 1), contract_months=2, hourly_wage=Decimal("14.06")
    )
    assert vacancies.validate(vacancy, today=date(2025, 4, 1)) == []


def test_unpublished_rate_gives_a_warning_not_an_error(app_ctx):
    vacancy = data(start_date=date(2027, 2, 1), hourly_wage=Decimal("14.99"))
    assert vacancies.validate(vacancy, today=date(2027, 1, 25)) == []
    warnings = vacancies.wage_warnings(vacancy)
    assert codes(warnings) == {("hourly_wage", "wage_rate_unknown")}
    assert warnings[0].params["date"] == date(2027, 1, 1)


def test_a_rate_entered_by_an_admin_is_used(app_ctx):
    admin = create_user(Role.ADMIN)
    wage_rates.add_wage_rate(
        valid_from=date(2026, 7, 1), hourly=Decimal("15.00"), source="test", by=admin
    )
    vacancy = data(
        start_date=date(2026, 12, 1), contract_months=1, hourly_wage=Decimal("14.99")
    )
    problems = vacancies.validate(vacancy, today=date(2026, 11, 24))
    assert problems[0].params == {
        "minimum": Decimal("15.00"),
        "date": date(2026, 7, 1),
        "on": date(2026, 12, 1),
        "during_contract": False,
    }
    assert (
        vacancies.validate(
            replace(vacancy, hourly_wage=Decimal("15.00")), today=date(2026, 11, 24)
        )
        == []
    )
    at_minimum = replace(vacancy, hourly_wage=Decimal("15.00"))
    assert vacancies.wage_warnings(at_minimum) == []
    # A contract into 2027 reaches a period without a published rate again.
    longer = replace(at_minimum, contract_months=3)
    assert codes(vacancies.wage_warnings(longer)) == {
        ("hourly_wage", "wage_rate_unknown")
    }


@pytest.mark.parametrize(
    ("hours", "ok"), [(0, False), (1, True), (40, True), (41, False)]
)
def test_hours_between_1_and_40(app_ctx, hours, ok):
    problems = vacancies.validate(data(hours_per_week=hours), today=date(2027, 1, 1))
    assert (problems == []) is ok
    if not ok:
        assert codes(problems) == {("hours_per_week", "hours_range")}


@pytest.mark.parametrize(("months", "ok"), [(0, False), (1, True), (121, False)])
def test_contract_at_least_one_month(app_ctx, months, ok):
    problems = vacancies.validate(data(contract_months=months), today=date(2027, 1, 1))
    assert (problems == []) is ok


def test_start_date_not_in_the_past(app_ctx):
    today = date(2027, 3, 1)
    assert vacancies.validate(data(start_date=today), today=today) == []
    problems = vacancies.validate(
        data(start_date=today - timedelta(days=1)), today=today
    )
    assert codes(problems) == {("start_date", "start_in_past")}


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"pc4": "1000"}, ("pc4", "pc4_unknown")),
        ({"pc4": "12a4"}, ("pc4", "pc4_invalid")),
        ({"esco_occupation": KOK_URI + "x"}, ("esco_occupation", "occupation_unknown")),
        ({"esco_occupation": ""}, ("esco_occupation", "occupation_missing")),
        (
            {"essential_skills": ("http://example.org/x",)},
            ("essential_skills", "skill_unknown"),
        ),
        ({"title": "  "}, ("title", "title_missing")),
        ({"positions": 0}, ("positions", "positions_range")),
        ({"languages": {"nl": "D1"}}, ("languages", "language_invalid")),
        ({"languages": {"dutch": "A1"}}, ("languages", "language_code_invalid")),
        ({"hourly_wage": Decimal("0")}, ("hourly_wage", "wage_invalid")),
    ],
)
def test_invalid_values_are_named(app_ctx, overrides, expected):
    assert codes(vacancies.validate(data(**overrides), today=date(2027, 1, 1))) == {
        expected
    }


@pytest.fixture
def owner(app_ctx):
    return create_user(Role.EMPLOYER, employer=create_employer())


def test_create_vacancy_is_a_draft_with_derived_columns(app_ctx, owner):
    vacancy = vacancies.create_vacancy(
        owner.employer,
        data(start_date=vacancies.local_today() + timedelta(days=10)),
        by=owner,
    )
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.ref.startswith("V-")
    assert len(vacancy.ref) == 10
    assert vacancy.isco_group == "5120"
    assert vacancy.municipality == "Amstelveen"
    change = db.session.scalar(select(StatusChange))
    assert (change.object_id, change.to_state, change.by_id) == (
        vacancy.id,
        "draft",
        owner.id,
    )


def test_create_vacancy_refuses_invalid_data_with_every_problem(app_ctx, owner):
    with pytest.raises(vacancies.VacancyInvalid) as exc:
        vacancies.create_vacancy(
            owner.employer,
            data(hours_per_week=50, pc4="1000", start_date=date(2020, 1, 1)),
            by=owner,
        )
    assert {p.field for p in exc.value.problems} == {
        "hours_per_week",
        "pc4",
        "start_date",
    }


@pytest.mark.parametrize("role", [Role.ADMIN, "other_employer"])
def test_only_own_employer_or_matchmaker_may_create(app_ctx, owner, role):
    actor = (
        create_user(Role.EMPLOYER, employer=create_employer())
        if role == "other_employer"
        else create_user(role)
    )
    with pytest.raises(vacancies.NotAllowed):
        vacancies.create_vacancy(
            owner.employer, data(), by=actor, today=date(2027, 1, 1)
        )


def test_update_keeps_a_past_start_date_but_refuses_a_new_one(app_ctx, owner):
    vacancy = create_vacancy(owner.employer, start_date=date(2026, 1, 5))
    kept = replace(
        VacancyData.from_vacancy(vacancy),
        title="Zelfstandig kok",
        start_date=date(2026, 1, 5),
    )
    vacancies.update_vacancy(vacancy, kept, by=owner, today=date(2026, 2, 1))
    assert vacancy.title == "Zelfstandig kok"
    with pytest.raises(vacancies.VacancyInvalid):
        vacancies.update_vacancy(
            vacancy,
            replace(kept, start_date=date(2026, 1, 20)),
            by=owner,
            today=date(2026, 2, 1),
        )


def test_update_replaces_skills_and_languages(app_ctx, owner):
    vacancy = create_vacancy(owner.employer, languages={"nl": "A2", "en": "B1"})
    skills = vacancy.essential_skills
    new = replace(
        VacancyData.from_vacancy(vacancy),
        essential_skills=(skills[1],),
        optional_skills=(skills[0],),
        languages={"nl": "B1", "ar": "C2"},
    )
    vacancies.update_vacancy(vacancy, new, by=owner)
    db.session.expire_all()
    assert vacancy.essential_skills == [skills[1]]
    assert vacancy.optional_skills == [skills[0]]
    assert {lang.code: lang.level for lang in vacancy.languages} == {
        "nl": "B1",
        "ar": "C2",
    }


@pytest.mark.parametrize("status", [VacancyStatus.FILLED, VacancyStatus.CLOSED])
def test_filled_or_closed_vacancy_cannot_be_edited(app_ctx, owner, status):
    vacancy = create_vacancy(owner.employer, status=status)
    with pytest.raises(vacancies.VacancyInvalid) as exc:
        vacancies.update_vacancy(vacancy, VacancyData.from_vacancy(vacancy), by=owner)
    assert codes(exc.value.problems) == {("status", "not_editable")}


ALL = list(VacancyStatus)
ACTIONS = {
    "publish": (lambda v, by: vacancies.publish(v, by=by), VacancyStatus.PUBLISHED),
    "pause": (lambda v, by: vacancies.pause(v, by=by), VacancyStatus.PAUSED),
    "fill": (lambda v, by: vacancies.mark_filled(v, by=by), VacancyStatus.FILLED),
    "close": (
        lambda v, by: vacancies.close(v, reason_code="no_longer_needed", by=by),
        VacancyStatus.CLOSED,
    ),
}


@pytest.mark.parametrize("status", ALL)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_transitions_follow_the_table(app_ctx, owner, status, action):
    vacancy = create_vacancy(owner.employer, status=status)
    change, target = ACTIONS[action]
    if status in vacancies.TRANSITIONS[action]:
        change(vacancy, owner)
        assert vacancy.status == target
        row = db.session.scalars(
            select(StatusChange).where(StatusChange.object_id == vacancy.id)
        ).one()
        assert (row.from_state, row.to_state) == (status.value, target.value)
    else:
        with pytest.raises(vacancies.TransitionNotAllowed):
            change(vacancy, owner)
        assert vacancy.status == status


def test_close_records_the_reason_code(app_ctx, owner):
    vacancy = create_vacancy(owner.employer, status=VacancyStatus.PUBLISHED)
    vacancies.close(vacancy, reason_code="filled_elsewhere", note=" via via ", by=owner)
    row = db.session.scalar(select(StatusChange))
    assert (row.reason_code, row.note) == ("filled_elsewhere", "via via")
    assert vacancy.close_reason_code == "filled_elsewhere"
    assert vacancy.closed_at is not None


def test_close_needs_a_known_reason(app_ctx, owner):
    vacancy = create_vacancy(owner.employer)
    with pytest.raises(ValueError, match="close reason"):
        vacancies.close(vacancy, reason_code="", by=owner)


def test_state_change_by_another_employer_is_refused(app_ctx, owner):
    vacancy = create_vacancy(owner.employer)
    other = create_user(Role.EMPLOYER, employer=create_employer())
    with pytest.raises(vacancies.NotAllowed):
        vacancies.publish(vacancy, by=other)


def test_publish_refuses_a_start_date_that_passed(app_ctx, owner):
    vacancy = create_vacancy(owner.employer, start_date=date(2026, 1, 5))
    with pytest.raises(vacancies.VacancyInvalid) as exc:
        vacancies.publish(vacancy, by=owner, today=date(2026, 2, 1))
    assert ("start_date", "start_in_past") in codes(exc.value.problems)
    assert vacancy.status == VacancyStatus.DRAFT


def test_publish_non_shortage_depends_on_the_municipality_setting(app_ctx, owner):
    admin = create_user(Role.ADMIN)
    cook = create_vacancy(owner.employer)
    cleaner = create_vacancy(owner.employer, esco_occupation=CLEANER_URI)
    shortage.add_shortage(
        isco_code="911",
        label="schoonmakers",
        source="s",
        source_date=date(2025, 12, 18),
        by=admin,
    )
    values.set_value(definitions.ALLOW_NON_SHORTAGE, False, by=admin)
    with pytest.raises(vacancies.VacancyInvalid) as exc:
        vacancies.publish(cook, by=owner)
    assert codes(exc.value.problems) == {("esco_occupation", "non_shortage_forbidden")}
    vacancies.publish(cleaner, by=owner)
    assert cleaner.status == VacancyStatus.PUBLISHED
    values.set_value(definitions.ALLOW_NON_SHORTAGE, True, by=admin)
    vacancies.publish(cook, by=owner)
    assert cook.status == VacancyStatus.PUBLISHED


def test_unverified_employer_may_publish(app_ctx):
    user = create_user(Role.EMPLOYER, employer=create_employer(verified=False))
    vacancy = create_vacancy(user.employer)
    vacancies.publish(vacancy, by=user)
    assert vacancy.status == VacancyStatus.PUBLISHED


def test_employer_lists_only_own_vacancies(app_ctx, owner):
    mine = create_vacancy(owner.employer)
    create_vacancy(create_employer())
    assert [row.vacancy.id for row in vacancies.list_vacancies(owner)] == [mine.id]


def test_matchmaker_sees_all_shortage_first_and_can_filter(app_ctx, owner):
    admin = create_user(Role.ADMIN)
    matchmaker = create_user(Role.MATCHMAKER)
    cook = create_vacancy(owner.employer, start_date=date(2027, 1, 1))
    cleaning_company = create_employer()
    cleaning_company.sector = Sector.CLEANING
    cleaner = create_vacancy(
        cleaning_company,
        esco_occupation=CLEANER_URI,
        pc4="1118",
        start_date=date(2027, 6, 1),
    )
    shortage.add_shortage(
        isco_code="911",
        label="schoonmakers",
        source="s",
        source_date=date(2025, 12, 18),
        by=admin,
    )
    rows = vacancies.list_vacancies(matchmaker)
    assert [(r.vacancy.id, r.is_shortage) for r in rows] == [
        (cleaner.id, True),
        (cook.id, False),
    ]

    def ids(**filters):
        listed = vacancies.list_vacancies(matchmaker, vacancies.Filters(**filters))
        return [r.vacancy.id for r in listed]

    assert ids(shortage=False) == [cook.id]
    assert ids(shortage=True) == [cleaner.id]
    assert ids(region="Haarlemmermeer") == [cleaner.id]
    assert ids(sector="hospitality") == [cook.id]
    assert ids(sector="cleaning", shortage=True) == [cleaner.id]
    assert ids(status="published") == []
    assert ids(employer_id=owner.employer_id) == [cook.id]


def test_shortage_by_esco_uri_labels_only_that_occupation(app_ctx, owner):
    admin = create_user(Role.ADMIN)
    cook = create_vacancy(owner.employer)
    shortage.add_shortage(
        esco_uri=KOK_URI,
        label="kok",
        source="s",
        source_date=date(2026, 1, 1),
        by=admin,
    )
    assert shortage.is_shortage_occupation(KOK_URI)
    assert not shortage.is_shortage_occupation(CLEANER_URI)
    assert vacancies.list_vacancies(owner)[0].vacancy.id == cook.id
    assert vacancies.list_vacancies(owner)[0].is_shortage


def test_describe_gives_labels_reba_and_actions(app_ctx, owner):
    vacancy = create_vacancy(
        owner.employer, hours_per_week=40, hourly_wage=Decimal("15.00")
    )
    view = vacancies.describe(vacancy, "nl")
    assert view.occupation == ("kok", "nl")
    assert view.reba.gross_monthly == Decimal("2600.00")
    assert view.actions == {"edit", "publish", "close"}
    assert view.place == "Amstelveen, Amstelveen"
