"""Profiles: references, validation, the anonymous summary, consent, status, location."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    CandidateStatus,
    Relocation,
    Role,
    StatusChange,
)
from portal.services.candidates import consents, for_matching, profile_input
from portal.services.candidates import profiles as candidates
from portal.services.candidates.profile_input import ProfileData
from tests.fixtures.actors import create_user
from tests.fixtures.candidates import (
    KEUKENHULP,
    KOK,
    ORDERPICKER,
    create_profile,
    essential_skill,
)

TODAY = candidates.local_today()


def profile_data(**overrides) -> ProfileData:
    values = {
        "reception_centre": "Azc Amstelveen",
        "pc4": "1183",
        "max_travel_km": 20,
        "hours_per_week": 32,
        "available_from": TODAY,
        "asylum_application_date": TODAY - timedelta(days=250),
        "w_document_valid_until": TODAY + timedelta(days=300),
        "summary": "Werkte vijf jaar in een bakkerij.",
        "occupations": [(KOK, 5.0)],
        "skills": [essential_skill(KOK)],
        "languages": {"nl": "A2", "ar": "C2"},
    }
    values.update(overrides)
    return ProfileData(**values)


@pytest.fixture
def mm(app_ctx):
    return create_user(Role.MATCHMAKER)


def test_new_ref_is_random_unambiguous_and_unique(app_ctx):
    refs = {candidates.new_ref() for _ in range(200)}
    assert len(refs) > 190
    assert all(re.fullmatch(r"WB-[2-9A-HJKMNP-Z]{4}", ref) for ref in refs)


def test_new_ref_skips_a_taken_reference(app_ctx, monkeypatch):
    taken = create_profile().ref
    letters = iter(taken[3:] + "2345")
    monkeypatch.setattr(candidates.secrets, "choice", lambda alphabet: next(letters))
    assert candidates.new_ref() == "WB-2345"


def test_create_profile_stores_terms_and_records_the_state(app_ctx, mm):
    profile = candidates.create_profile(profile_data(), by=mm)
    assert profile.ref.startswith("WB-")
    assert [(o.esco_uri, o.years) for o in profile.occupations] == [(KOK, 5.0)]
    assert {lang.code: lang.level for lang in profile.languages} == {
        "nl": "A2",
        "ar": "C2",
    }
    change = db.session.scalar(
        select(StatusChange).where(StatusChange.object_id == profile.id)
    )
    assert (change.object_type, change.to_state, change.by_id) == (
        "candidate_profile",
        "active",
        mm.id,
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Bel haar op 06-12345678 voor een afspraak.", "phone"),
        ("Mail naar amal.haddad@example.org", "email"),
        ("V-nummer 1234567890 staat op de pas.", "v_number"),
        ("Zijn BSN is 111222333.", "bsn"),
    ],
)
def test_summary_with_an_identifier_is_refused_and_says_what(app_ctx, mm, text, kind):
    with pytest.raises(candidates.IdentifiersFound) as caught:
        candidates.create_profile(profile_data(summary=text), by=mm)
    assert caught.value.field == "summary"
    assert kind in [f.kind for f in caught.value.findings]


def test_bsn_check_uses_the_eleven_test(app_ctx, mm):
    # 123456789 fails the eleven-test: an ordinary number, not a BSN.
    profile = candidates.create_profile(
        profile_data(summary="Ordernummer 123456789 gepickt in één dienst."), by=mm
    )
    assert "123456789" in profile.summary


def test_unknown_esco_terms_and_postcode_are_refused_per_field(app_ctx, mm):
    data = profile_data(
        occupations=[("http://data.europa.eu/esco/occupation/nope", 1.0)],
        skills=["http://data.europa.eu/esco/skill/nope"],
        pc4="0000",
    )
    with pytest.raises(candidates.ProfileInvalid) as caught:
        candidates.create_profile(data, by=mm)
    assert set(caught.value.errors) == {"occupations", "skills", "pc4"}


def test_a_profile_needs_an_occupation_skill_or_summary(app_ctx, mm):
    with pytest.raises(candidates.ProfileInvalid) as caught:
        candidates.create_profile(
            profile_data(occupations=[], skills=[], summary=""), by=mm
        )
    assert "occupations" in caught.value.errors


def test_update_profile_changes_rows_in_place_and_audits_field_names(app_ctx, mm):
    profile = candidates.create_profile(profile_data(), by=mm)
    changed = candidates.update_profile(
        profile,
        profile_data(
            occupations=[(KOK, 6.0), (KEUKENHULP, 1.0)], languages={"nl": "B1"}
        ),
        by=mm,
    )
    assert set(changed) == {"occupations", "languages"}
    assert sorted((o.esco_uri, o.years) for o in profile.occupations) == sorted(
        [(KOK, 6.0), (KEUKENHULP, 1.0)]
    )
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "candidate.update")
    )
    assert event.details == {"fields": changed}


def test_unchanged_save_records_nothing(app_ctx, mm):
    profile = candidates.create_profile(profile_data(), by=mm)
    assert candidates.update_profile(profile, profile_data(), by=mm) == []


def test_resolve_term_accepts_label_uri_and_suggests(app_ctx):
    assert profile_input.resolve_term("kok", "occupation") == KOK
    assert profile_input.resolve_term("Orderpicker", "occupation") == ORDERPICKER
    assert profile_input.resolve_term(KOK, "occupation") == KOK
    with pytest.raises(candidates.UnknownTerm) as caught:
        profile_input.resolve_term("magazijn", "occupation")
    assert any("magazijn" in s for s in caught.value.suggestions)


# -- consent -------------------------------------------------------------------------------
def test_consent_is_current_between_given_and_withdrawn(app_ctx, mm):
    profile = create_profile(with_consent=False)
    consents.give_consent(
        profile, given_on=TODAY - timedelta(days=10), scopes=["matching"], by=mm
    )
    assert not consents.has_current_consent(profile, TODAY - timedelta(days=11))
    assert consents.has_current_consent(profile, TODAY)
    consents.withdraw_consent(profile, on=TODAY, by=mm)
    assert not consents.has_current_consent(profile, TODAY)
    assert consents.has_current_consent(profile, TODAY - timedelta(days=1))


def test_consent_without_matching_scope_is_not_consent_to_matching(app_ctx, mm):
    profile = create_profile(with_consent=False)
    consents.give_consent(profile, given_on=TODAY, scopes=["evaluation"], by=mm)
    assert not consents.has_current_consent(profile, TODAY)
    assert consents.has_current_consent(profile, TODAY, scope="evaluation")


def test_new_consent_replaces_the_one_in_force(app_ctx, mm):
    profile = create_profile()
    old = consents.current_consent(profile, TODAY)
    new = consents.give_consent(profile, given_on=TODAY, scopes=["matching"], by=mm)
    assert old.withdrawn_on == TODAY
    assert consents.current_consent(profile, TODAY) is new


def test_consent_needs_a_scope_and_no_future_date(app_ctx, mm):
    profile = create_profile(with_consent=False)
    with pytest.raises(candidates.ProfileInvalid):
        consents.give_consent(profile, given_on=TODAY, scopes=[], by=mm)
    with pytest.raises(candidates.ProfileInvalid):
        consents.give_consent(
            profile, given_on=TODAY + timedelta(days=1), scopes=["matching"], by=mm
        )


def test_matchable_profiles_are_active_with_current_consent(app_ctx, mm):
    ok = create_profile()
    create_profile(with_consent=False)
    create_profile(status=CandidateStatus.PAUSED)
    withdrawn = create_profile()
    consents.withdraw_consent(withdrawn, on=TODAY, by=mm)
    evaluation_only = create_profile(consent_scope="evaluation")
    found = for_matching.matchable_profiles(TODAY)
    assert [p.id for p in found] == [ok.id]
    assert evaluation_only not in found


def test_profiles_version_changes_with_consent(app_ctx, mm):
    profile = create_profile()
    before = for_matching.profiles_version(TODAY)
    consents.withdraw_consent(profile, on=TODAY, by=mm)
    assert for_matching.profiles_version(TODAY) != before
    assert for_matching.profiles_version(TODAY)[1] == 1


# -- status and outcome ----------------------------------------------------------------------
def test_pausing_needs_a_coded_reason_and_is_recorded(app_ctx, mm):
    profile = create_profile()
    with pytest.raises(candidates.ProfileInvalid):
        candidates.set_status(profile, CandidateStatus.PAUSED, by=mm)
    candidates.set_status(
        profile, CandidateStatus.LEFT, reason_code="no_contact", by=mm
    )
    assert profile.left_on == candidates.local_today()
    change = db.session.scalars(
        select(StatusChange).where(StatusChange.to_state == "left")
    ).one()
    assert (change.from_state, change.reason_code) == ("active", "no_contact")


def test_outcome_is_stored_and_checked(app_ctx, mm):
    profile = create_profile()
    with pytest.raises(candidates.ProfileInvalid):
        candidates.record_outcome(
            profile,
            residence_permit_on=TODAY + timedelta(days=3),
            linked_municipality="Amstelveen",
            by=mm,
        )
    candidates.record_outcome(
        profile, residence_permit_on=TODAY, linked_municipality=" Amstelveen ", by=mm
    )
    assert (profile.residence_permit_on, profile.linked_municipality) == (
        TODAY,
        "Amstelveen",
    )


# -- location --------------------------------------------------------------------------------
def test_current_location_follows_relocations_from_their_date(app_ctx):
    profile = create_profile(reception_centre="Azc A", pc4="1183")
    profile.relocations.append(
        Relocation(
            moved_on=TODAY - timedelta(days=10),
            from_reception_centre="Azc A",
            from_pc4="1183",
            to_reception_centre="Azc B",
            to_pc4="1067",
        )
    )
    profile.relocations.append(
        Relocation(
            moved_on=TODAY + timedelta(days=10),
            from_reception_centre="Azc B",
            from_pc4="1067",
            to_reception_centre="Azc C",
            to_pc4="9561",
        )
    )
    db.session.flush()
    assert for_matching.current_location(profile, TODAY - timedelta(days=11)) == (
        "Azc A",
        "1183",
    )
    assert for_matching.current_location(profile, TODAY) == ("Azc B", "1067")
    assert for_matching.current_location(profile, TODAY + timedelta(days=10)) == (
        "Azc C",
        "9561",
    )
    assert for_matching.as_matching_candidate(profile, TODAY).pc4 == "1067"


def test_matching_candidate_carries_no_identity_fields(app_ctx):
    candidate = for_matching.as_matching_candidate(create_profile(), TODAY)
    assert not {"name", "v_number", "nationality", "reception_centre"} & set(
        vars(candidate)
    )
