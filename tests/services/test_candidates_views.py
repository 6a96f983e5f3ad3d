"""The employer's view of a candidate: only the allowed fields, only after approval."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from matching.permits import earliest_work_date
from portal.extensions import db
from portal.models import Match, MatchStatus, VacancyStatus
from portal.services.candidates import consents
from portal.services.candidates import employer_view as candidate_views
from portal.services.candidates.employer_view import EmployerCandidateView, PermitItem
from portal.services.candidates.profiles import local_today
from tests.fixtures.actors import create_employer
from tests.fixtures.candidates import KOK, create_profile
from tests.fixtures.vacancies import create_vacancy

TODAY = local_today()

ALLOWED_FIELDS = {
    "ref",
    "occupations",
    "skills",
    "languages",
    "hours_per_week",
    "available_from",
    "distance_band",
    "permit",
    "at_risk",
}


@pytest.fixture
def pair(app_ctx):
    employer = create_employer(pc4="1187")
    vacancy = create_vacancy(
        employer,
        status=VacancyStatus.PUBLISHED,
        pc4="1187",
        start_date=TODAY + timedelta(days=30),
        contract_months=12,
    )
    profile = create_profile(pc4="1183")
    match = Match(vacancy=vacancy, candidate=profile, status=MatchStatus.APPROVED)
    db.session.add(match)
    db.session.flush()
    return employer, vacancy, profile, match


def test_the_view_has_only_the_employer_fields():
    assert {f.name for f in dataclasses.fields(EmployerCandidateView)} == ALLOWED_FIELDS


def test_view_of_an_approved_candidate(pair):
    _employer, vacancy, profile, _match = pair
    view = candidate_views.employer_view(profile, vacancy=vacancy, as_of=TODAY)
    assert view.ref == profile.ref
    assert [(o.label, o.years) for o in view.occupations] == [("kok", 4.0)]
    assert view.distance_band == "10"  # Amstelveen 1183 to 1187: about 5 km
    # Only what the vacancy asks for: Tigrinya and English are not shown.
    assert {lang.code: lang.level for lang in view.languages} == {"nl": "A2"}
    assert view.languages[0].code == "nl"  # Dutch first
    assert not view.at_risk
    text = repr(view) + str(view.as_dict())
    person = profile.identity
    for secret in (
        person.name,
        person.v_number,
        person.nationality,
        profile.reception_centre,
    ):
        assert secret not in text
    assert profile.pc4 not in str(view.as_dict())


def test_view_is_refused_without_a_visible_match(pair):
    _employer, vacancy, profile, match = pair
    match.status = MatchStatus.SUGGESTED
    db.session.flush()
    with pytest.raises(candidate_views.NotVisible):
        candidate_views.employer_view(profile, vacancy=vacancy, as_of=TODAY)


def test_withdrawn_consent_hides_the_profile_from_the_employer(pair):
    employer, vacancy, profile, _match = pair
    assert candidate_views.employer_may_see(employer, profile)
    consents.withdraw_consent(profile, by=None)
    db.session.flush()
    assert not candidate_views.employer_may_see(employer, profile)
    with pytest.raises(candidate_views.NotVisible):
        candidate_views.employer_view(profile, vacancy=vacancy, as_of=TODAY)


def test_permit_consequences_in_plain_language(pair):
    _employer, vacancy, profile, _match = pair
    profile.asylum_application_date = TODAY - timedelta(days=60)
    profile.w_document_valid_until = TODAY + timedelta(days=200)
    profile.has_bsn = False
    items = candidate_views.permit_consequences(profile, vacancy=vacancy, as_of=TODAY)
    codes = [item.code for item in items]
    assert codes == ["may_work_from", "twv_needed", "w_renewals", "no_bsn"]
    assert items[0].params["date"] == earliest_work_date(
        profile.asylum_application_date
    )
    assert items[2].params["count"] == 1
    assert items[2].text.startswith("W-document geldig tot ")
    assert "1 verlenging nodig tijdens het contract" in items[2].text
    assert items[1].text.startswith("TWV nodig")


def test_permit_for_someone_who_may_work_now_and_is_covered(pair):
    _employer, vacancy, profile, _match = pair
    profile.w_document_valid_until = TODAY + timedelta(days=800)
    codes = [
        i.code
        for i in candidate_views.permit_consequences(
            profile, vacancy=vacancy, as_of=TODAY
        )
    ]
    assert codes == ["may_work_now", "twv_needed", "w_valid_whole_contract"]


def test_status_holder_needs_no_twv(pair):
    _employer, vacancy, profile, _match = pair
    profile.residence_permit_on = TODAY - timedelta(days=1)
    assert candidate_views.permit_consequences(
        profile, vacancy=vacancy, as_of=TODAY
    ) == (PermitItem("no_twv_needed"),)


def test_w_document_expiring_before_start(pair):
    _employer, vacancy, profile, _match = pair
    profile.w_document_valid_until = TODAY + timedelta(days=5)
    codes = [
        i.code
        for i in candidate_views.permit_consequences(
            profile, vacancy=vacancy, as_of=TODAY
        )
    ]
    assert "w_expires_before_start" in codes


def test_employer_may_see_only_own_verified_visible_matches(pair):
    employer, _vacancy, profile, match = pair
    other = create_employer(name="Ander")
    assert candidate_views.employer_may_see(employer, profile)
    assert not candidate_views.employer_may_see(other, profile)
    match.status = MatchStatus.SUGGESTED
    db.session.flush()
    assert not candidate_views.employer_may_see(employer, profile)
    match.status = MatchStatus.INVITED
    employer.is_verified = False
    db.session.flush()
    assert not candidate_views.employer_may_see(employer, profile)
    assert not candidate_views.employer_may_see(None, profile)


def test_at_risk_flag_shows_without_location(pair):
    _employer, vacancy, profile, match = pair
    match.at_risk_since = match.created_at
    db.session.flush()
    view = candidate_views.employer_view(profile, vacancy=vacancy, as_of=TODAY)
    assert view.at_risk


def test_record_profile_views_logs_one_event_per_profile(pair, app_ctx):
    from sqlalchemy import select

    from portal.models import AuditEvent, Role
    from tests.fixtures.actors import create_user

    employer, vacancy, profile, _match = pair
    user = create_user(Role.EMPLOYER, employer=employer)
    assert (
        candidate_views.record_profile_views([profile], by=user, vacancy=vacancy) == 1
    )
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "profile.view")
    ).one()
    assert (event.actor_id, event.object_id, event.details) == (
        user.id,
        profile.id,
        {"vacancy_id": vacancy.id},
    )


def test_occupation_labels_follow_the_language(pair):
    _employer, vacancy, profile, _match = pair
    view = candidate_views.employer_view(
        profile, vacancy=vacancy, as_of=TODAY, lang="en"
    )
    assert view.occupations[0].label == "cook"
    assert profile.occupations[0].esco_uri == KOK
