"""Relocations and the at-risk flag, the identity vault and the support record."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Hire,
    HireStatus,
    Match,
    MatchStatus,
    Role,
    SupportType,
    VacancyStatus,
)
from portal.services.candidates import (
    for_matching,
    identity,
    profile_input,
    relocations,
    support,
)
from portal.services.candidates import profiles as candidates
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.candidates import create_profile
from tests.fixtures.vacancies import create_vacancy

TODAY = candidates.local_today()


@pytest.fixture
def mm(app_ctx):
    return create_user(Role.MATCHMAKER)


@pytest.fixture
def placed(app_ctx):
    """A person in Amstelveen (25 km reach) with a match, a suggestion and a hire nearby."""
    employer = create_employer(pc4="1187")
    vacancy = create_vacancy(employer, status=VacancyStatus.PUBLISHED, pc4="1187")
    other = create_vacancy(employer, status=VacancyStatus.PUBLISHED, pc4="1181")
    profile = create_profile(pc4="1183", max_travel_km=25)
    match = Match(vacancy=vacancy, candidate=profile, status=MatchStatus.INVITED)
    suggestion = Match(vacancy=other, candidate=profile, status=MatchStatus.SUGGESTED)
    hire = Hire(
        candidate_id=profile.id,
        employer_id=employer.id,
        vacancy_id=vacancy.id,
        contract_start=TODAY + timedelta(days=20),
        contract_end=TODAY + timedelta(days=200),
        hours_per_week=32,
        hourly_wage=Decimal("16.00"),
        status=HireStatus.PLANNED,
    )
    db.session.add_all([match, suggestion, hire])
    db.session.flush()
    return profile, match, suggestion, hire


def test_relocation_far_away_flags_active_match_and_hire(placed, mm):
    profile, match, suggestion, hire = placed
    move = relocations.record_relocation(
        profile, moved_on=TODAY, reception_centre="Azc Ter Apel", pc4="9561", by=mm
    )
    assert (move.from_reception_centre, move.from_pc4) == (
        profile.reception_centre,
        "1183",
    )
    assert match.at_risk_since is not None
    assert hire.at_risk_since is not None
    assert suggestion.at_risk_since is None  # a suggestion is nobody's plan yet
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert {"candidate.relocation", "match.at_risk", "hire.at_risk"} <= set(actions)


def test_relocation_within_reach_flags_nothing(placed, mm):
    profile, match, _suggestion, hire = placed
    relocations.record_relocation(
        profile, moved_on=TODAY, reception_centre="Azc Amsterdam", pc4="1067", by=mm
    )
    assert match.at_risk_since is None
    assert hire.at_risk_since is None


def test_moving_back_within_reach_clears_the_flag(placed, mm):
    profile, match, _suggestion, hire = placed
    relocations.record_relocation(
        profile,
        moved_on=TODAY - timedelta(days=5),
        reception_centre="Azc Ter Apel",
        pc4="9561",
        by=mm,
    )
    relocations.record_relocation(
        profile, moved_on=TODAY, reception_centre="Azc Amstelveen", pc4="1183", by=mm
    )
    assert match.at_risk_since is None
    assert hire.at_risk_since is None
    cleared = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "match.at_risk_cleared")
    ).all()
    assert len(cleared) == 1


def test_future_relocation_applies_from_its_date_and_flags_now(placed, mm):
    profile, match, _suggestion, _hire = placed
    relocations.record_relocation(
        profile,
        moved_on=TODAY + timedelta(days=14),
        reception_centre="Azc Budel",
        pc4="6021",
        by=mm,
    )
    assert for_matching.current_location(profile, TODAY)[1] == "1183"
    assert (
        for_matching.current_location(profile, TODAY + timedelta(days=14))[1] == "6021"
    )
    assert match.at_risk_since is not None


def test_larger_travel_distance_clears_risk_on_profile_update(placed, mm):
    profile, match, _suggestion, _hire = placed
    relocations.record_relocation(
        profile, moved_on=TODAY, reception_centre="Azc Ter Apel", pc4="9561", by=mm
    )
    data = profile_input.ProfileData.from_profile(profile)
    data.max_travel_km = 250
    candidates.update_profile(profile, data, by=mm)
    assert match.at_risk_since is None


def test_relocation_input_is_checked(placed, mm):
    profile, *_ = placed
    with pytest.raises(candidates.ProfileInvalid) as caught:
        relocations.record_relocation(
            profile,
            moved_on=profile.asylum_application_date - timedelta(days=1),
            reception_centre=" ",
            pc4="0000",
            by=mm,
        )
    assert set(caught.value.errors) == {"moved_on", "reception_centre", "pc4"}


# -- identity --------------------------------------------------------------------------------
def test_identity_read_is_logged_without_values(app_ctx, mm):
    profile = create_profile()
    person = identity.read_identity(
        profile, by=mm, purpose="view", ip_address="10.0.0.1"
    )
    assert person is profile.identity
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "identity.read")
    ).one()
    assert (event.actor_id, event.object_id, event.ip_address) == (
        mm.id,
        profile.id,
        "10.0.0.1",
    )
    assert person.name not in str(event.details)


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.ADMIN])
def test_only_matchmakers_reach_the_vault(app_ctx, role):
    profile = create_profile()
    user = create_user(
        role, employer=create_employer() if role == Role.EMPLOYER else None
    )
    with pytest.raises(identity.NotAllowed):
        identity.read_identity(profile, by=user)
    with pytest.raises(identity.NotAllowed):
        identity.save_identity(profile, identity.IdentityData(name="X"), by=user)
    assert not db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "identity.read")
    ).all()


def test_save_identity_audits_changed_field_names(app_ctx, mm):
    profile = create_profile(with_identity=False)
    identity.save_identity(
        profile, identity.IdentityData(name="Amal Haddad", phone=" 0612345678 "), by=mm
    )
    assert profile.identity.phone == "0612345678"
    identity.save_identity(
        profile, identity.IdentityData(name="Amal Haddad", phone="0612345678"), by=mm
    )
    identity.save_identity(
        profile,
        identity.IdentityData(name="Amal Haddad-Khoury", phone="0612345678"),
        by=mm,
    )
    events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "identity.update")
        .order_by(AuditEvent.id)
    ).all()
    assert [e.details["fields"] for e in events] == [["name", "phone"], ["name"]]
    assert "Amal" not in str([e.details for e in events])


# -- support -----------------------------------------------------------------------------------
def test_support_is_recorded_and_counted(app_ctx, mm):
    profile = create_profile()
    other = create_profile()
    support.record_support(profile, done_on=TODAY, type=SupportType.CV, by=mm)
    support.record_support(profile, done_on=TODAY, type=SupportType.CV, by=mm)
    support.record_support(
        other, done_on=TODAY, type=SupportType.ADVICE_EMPLOYER, note="Uitleg TWV", by=mm
    )
    totals = support.support_totals(TODAY - timedelta(days=1), TODAY)
    assert totals[SupportType.CV] == (2, 1)
    assert totals[SupportType.ADVICE_EMPLOYER] == (1, 1)
    assert totals[SupportType.JOB_FAIR] == (0, 0)


def test_support_note_must_be_anonymous(app_ctx, mm):
    profile = create_profile()
    with pytest.raises(candidates.IdentifiersFound):
        support.record_support(
            profile,
            done_on=TODAY,
            type=SupportType.INTAKE,
            note="Bel 06-12345678",
            by=mm,
        )
    with pytest.raises(candidates.ProfileInvalid):
        support.record_support(
            profile, done_on=TODAY + timedelta(days=2), type=SupportType.INTAKE, by=mm
        )


def test_remove_support(app_ctx, mm):
    profile = create_profile()
    activity = support.record_support(
        profile, done_on=TODAY, type=SupportType.JOB_FAIR, by=mm
    )
    support.remove_support(activity, by=mm)
    db.session.expire(profile)
    assert profile.support_activities == []


@pytest.mark.parametrize(
    ("days_after_18th_birthday", "adult"), [(-1, False), (0, True), (400, True)]
)
def test_is_adult_on_tells_only_the_age(app_ctx, days_after_18th_birthday, adult):
    from datetime import date

    profile = create_profile()
    profile.identity.date_of_birth = date(2000, 2, 29)
    eighteenth = date(2018, 3, 1)
    day = eighteenth + timedelta(days=days_after_18th_birthday)
    assert identity.is_adult_on(profile, day) is adult


def test_is_adult_on_unknown_birth_date_and_logged_read(app_ctx, mm):
    profile = create_profile(with_identity=False)
    assert identity.is_adult_on(profile, TODAY, by=mm) is None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "identity.read")
    ).one()
    assert event.details == {"purpose": "age_check"}
