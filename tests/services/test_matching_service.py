"""The bridge to the matching library: anonymised input, consent, relocations, the cache."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from matching.taxonomy import load_taxonomy
from matching.types import Candidate
from portal.extensions import db
from portal.models import CandidateSkill, CandidateStatus, User, VacancyStatus
from portal.services.candidates import base, for_matching, relocations
from portal.services.candidates import profiles as candidates
from portal.services.matches import ranking as matching_service
from tests.fixtures.actors import create_employer
from tests.fixtures.matches import (
    ESCO_COOK,
    ESCO_WAREHOUSE,
    PC4_AMSTELVEEN,
    PC4_GRONINGEN,
    create_match_profile,
    create_match_vacancy,
)

FORBIDDEN_FIELDS = {
    "name",
    "v_number",
    "bsn",
    "nationality",
    "date_of_birth",
    "age",
    "reception_centre",
    "country",
    "religion",
    "sex",
    "gender",
}


def _refs(suggestions: matching_service.Suggestions) -> list[str]:
    return [s.candidate_ref for s in suggestions.items]


def test_candidate_has_no_field_for_identity_or_origin() -> None:
    names = {f.name for f in dataclasses.fields(Candidate)}
    assert not names & FORBIDDEN_FIELDS


def test_profile_mapping_carries_no_identity_or_origin_values(app_ctx) -> None:
    profile = create_match_profile(
        identity=True, reception_centre="AZC Geheimplaats", education_level=4
    )
    candidate = matching_service.to_candidate(profile, on=candidates.local_today())
    assert candidate is not None
    values = repr([getattr(candidate, f.name) for f in dataclasses.fields(candidate)])
    for secret in ("Testpersoon Geheim", "1234567890", "Eritrea", "AZC Geheimplaats"):
        assert secret not in values
    assert candidate.ref == profile.ref
    assert candidate.pc4 == PC4_AMSTELVEEN
    assert candidate.languages == {"nl": "A2"}


def test_mapping_drops_unknown_codes_instead_of_failing(app_ctx) -> None:
    profile = create_match_profile(
        skills=("http://data.europa.eu/esco/skill/not-a-skill",),
        languages={"nl": "A2", "ar": "N1"},
    )
    candidate = matching_service.to_candidate(profile, on=candidates.local_today())
    assert candidate is not None
    assert candidate.skills == ()
    assert candidate.languages == {"nl": "A2"}


def test_unknown_w_document_counts_as_expired(app_ctx) -> None:
    profile = create_match_profile(w_document_valid_until=None)
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    explanation = matching_service.explain(profile, vacancy)
    assert explanation is not None
    assert [r.code for r in explanation.blocked] == ["blocked_w_document_expired"]


def test_profile_without_current_consent_is_never_suggested(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    with_consent = create_match_profile()
    never = create_match_profile(consent=False)
    withdrawn = create_match_profile()
    withdrawn.consents[0].withdrawn_on = candidates.local_today()
    db.session.flush()

    refs = _refs(matching_service.rank_candidates(vacancy, top=10))

    assert refs == [with_consent.ref]
    for profile in (never, withdrawn):
        explanation = matching_service.explain(profile, vacancy)
        assert explanation is not None
        assert [r.code for r in explanation.blocked] == ["blocked_no_consent"]
        assert explanation.score is None


def test_inactive_or_rejected_profiles_are_not_suggested(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    paused = create_match_profile(status=CandidateStatus.PAUSED)
    rejected = create_match_profile(asylum_rejected=True)

    assert _refs(matching_service.rank_candidates(vacancy)) == []
    codes = {
        r.code
        for p in (paused, rejected)
        for r in matching_service.explain(p, vacancy).blocked
    }
    assert codes == {"profile_not_active", "asylum_rejected"}


def test_far_away_profile_is_blocked_with_its_distance(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    far = create_match_profile(pc4=PC4_GRONINGEN)

    assert _refs(matching_service.rank_candidates(vacancy)) == []
    (block,) = matching_service.explain(far, vacancy).blocked
    assert block.code == "blocked_too_far"
    assert block.params["km"] > 100
    assert block.params["max_km"] == 25


def _move(profile, *, pc4: str, in_days: int, by: User) -> None:
    relocations.record_relocation(
        profile,
        moved_on=candidates.local_today() + timedelta(days=in_days),
        reception_centre="AZC Elders",
        pc4=pc4,
        by=by,
    )
    db.session.flush()


def test_relocation_changes_the_distance_from_its_date(app_ctx, matchmaker) -> None:
    by = db.session.get(User, matchmaker.id)
    employer = create_employer()
    before_move = create_match_vacancy(employer, start_in_days=10)
    after_move = create_match_vacancy(employer, start_in_days=60)
    mover = create_match_profile()
    _move(mover, pc4=PC4_GRONINGEN, in_days=30, by=by)

    assert _refs(matching_service.rank_candidates(before_move)) == [mover.ref]
    assert _refs(matching_service.rank_candidates(after_move)) == []
    (block,) = matching_service.explain(mover, after_move).blocked
    assert block.code == "blocked_too_far"
    distance = next(
        r
        for r in matching_service.explain(mover, before_move).reasons
        if r.code == "distance"
    )
    assert distance.params["km"] < 10


def test_relocation_towards_the_workplace_counts_for_later_vacancies(
    app_ctx, matchmaker
) -> None:
    by = db.session.get(User, matchmaker.id)
    employer = create_employer()
    soon = create_match_vacancy(employer, start_in_days=10)
    later = create_match_vacancy(employer, start_in_days=60)
    mover = create_match_profile(pc4=PC4_GRONINGEN)
    _move(mover, pc4=PC4_AMSTELVEEN, in_days=30, by=by)

    assert _refs(matching_service.rank_candidates(soon)) == []
    assert _refs(matching_service.rank_candidates(later)) == [mover.ref]
    vacancies = [s.vacancy_id for s in matching_service.rank_vacancies(mover).items]
    assert vacancies == [later.id]


def test_rank_vacancies_lists_published_reachable_vacancies(app_ctx) -> None:
    employer = create_employer()
    fit = create_match_vacancy(employer)
    create_match_vacancy(employer, status=VacancyStatus.DRAFT)
    create_match_vacancy(employer, pc4=PC4_GRONINGEN)
    other_trade = create_match_vacancy(employer, occupation=ESCO_WAREHOUSE)
    profile = create_match_profile()

    result = matching_service.rank_vacancies(profile, top=10)

    assert [s.vacancy_id for s in result.items] == [fit.id, other_trade.id]
    assert result.items[0].score > result.items[1].score
    assert result.pool_size == 3


def test_excluded_profiles_are_left_out_but_the_list_stays_full(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    profiles = [create_match_profile() for _ in range(4)]

    result = matching_service.rank_candidates(
        vacancy, top=3, exclude=[profiles[0].id, profiles[1].id]
    )

    assert sorted(_refs(result)) == sorted(p.ref for p in profiles[2:])


def test_vacancy_with_unknown_occupation_is_not_available(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(
        employer, occupation="http://data.europa.eu/esco/occupation/unknown"
    )
    create_match_profile()

    result = matching_service.rank_candidates(vacancy)

    assert not result.available
    assert result.items == []
    assert matching_service.explain(create_match_profile(), vacancy) is None


def test_index_is_reused_until_a_profile_changes(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    profile = create_match_profile()
    others = [create_match_profile() for _ in range(3)]
    cache = matching_service.index_cache()

    matching_service.rank_candidates(vacancy)
    matching_service.rank_candidates(vacancy)
    assert (cache.builds["candidates"], cache.updates) == (1, 0)

    base.touch(profile)
    profile.hours_per_week = 20
    db.session.flush()
    result = matching_service.rank_candidates(vacancy)

    # Only the changed profile is featurised again; the others stay as they were.
    assert (cache.builds["candidates"], cache.updates) == (1, 1)
    hours = {
        s.candidate_ref: r.params["hours"]
        for s in result.items
        for r in s.reasons
        if r.code == "hours_fit"
    }
    assert hours == {profile.ref: 20, **{p.ref: 32 for p in others}}


@pytest.mark.parametrize(
    "change", ["new_profile", "new_skill", "withdraw_consent", "pause"]
)
def test_index_follows_changes_around_the_profile(app_ctx, change) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    profile = create_match_profile()
    before = matching_service.rank_candidates(vacancy)
    cache = matching_service.index_cache()

    if change == "new_profile":
        create_match_profile(ref="WB-LATE")
        expected = {profile.ref, "WB-LATE"}
    elif change == "new_skill":
        db.session.add(
            CandidateSkill(
                profile_id=profile.id,
                skill_uri=load_taxonomy().essential_skills(ESCO_COOK)[0],
            )
        )
        expected = {profile.ref}
    elif change == "withdraw_consent":
        profile.consents[0].withdrawn_on = candidates.local_today()
        expected = set()
    else:
        base.touch(profile)
        profile.status = CandidateStatus.PAUSED
        expected = set()
    db.session.flush()
    after = matching_service.rank_candidates(vacancy)

    assert cache.builds["candidates"] + cache.updates == 2
    assert {s.candidate_ref for s in after.items} == expected
    if change == "new_skill":
        assert after.items[0].score != before.items[0].score


def test_a_change_that_cannot_be_traced_rebuilds_the_index(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    profile = create_match_profile(
        skills=(
            "http://data.europa.eu/esco/skill/0c944316-12f6-4949-a156-a03dbaae790f",
        )
    )
    matching_service.rank_candidates(vacancy)
    cache = matching_service.index_cache()

    create_match_profile()  # the latest change is someone else's
    db.session.delete(profile.skills[0])  # written around the service: no touch
    db.session.flush()
    matching_service.rank_candidates(vacancy)

    assert (cache.builds["candidates"], cache.updates) == (2, 0)


def test_a_new_day_rebuilds_the_index(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    create_match_profile()
    today = candidates.local_today()
    matching_service.rank_candidates(vacancy, as_of=today)
    matching_service.rank_candidates(vacancy, as_of=today + timedelta(days=1))
    assert matching_service.index_cache().builds["candidates"] == 2


def test_the_pool_is_what_the_candidates_service_calls_matchable(app_ctx) -> None:
    create_match_profile()
    create_match_profile(consent=False)
    create_match_profile(status=CandidateStatus.PAUSED)
    create_match_profile(asylum_rejected=True)
    withdrawn = create_match_profile()
    withdrawn.consents[0].withdrawn_on = candidates.local_today()
    future = create_match_profile()
    future.consents[0].given_on = candidates.local_today() + timedelta(days=3)
    db.session.flush()
    today = candidates.local_today()

    pool = set(matching_service.candidate_index(today).ids.values())

    assert pool == {
        p.id for p in for_matching.matchable_profiles(today) if not p.asylum_rejected
    }
    assert len(pool) == 1


def test_vacancy_index_is_reused_until_a_vacancy_changes(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    profile = create_match_profile()
    cache = matching_service.index_cache()

    matching_service.rank_vacancies(profile)
    matching_service.rank_vacancies(profile)
    assert cache.builds["vacancies"] == 1

    vacancy.status = VacancyStatus.CLOSED
    db.session.flush()

    assert matching_service.rank_vacancies(profile).items == []
    assert cache.builds["vacancies"] == 2
