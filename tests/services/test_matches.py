"""The match review: who may take which step, coded reasons for every "no", the trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Match,
    MatchStatus,
    Role,
    StatusChange,
    VacancyStatus,
)
from portal.services.matches import review as matches
from portal.services.matches import transitions
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.matches import (
    PC4_GRONINGEN,
    create_match_profile,
    create_match_row,
    create_match_vacancy,
)


@pytest.fixture
def people(app_ctx):
    employer = create_employer()
    return {
        "matchmaker": create_user(Role.MATCHMAKER),
        "employer": create_user(Role.EMPLOYER, employer=employer),
        "other_employer": create_user(Role.EMPLOYER, employer=create_employer()),
        "admin": create_user(Role.ADMIN),
        "organisation": employer,
    }


@pytest.fixture
def pair(people):
    vacancy = create_match_vacancy(people["organisation"])
    profile = create_match_profile()
    return vacancy, profile


def changes(match: Match) -> list[tuple[str | None, str, str | None, int | None]]:
    rows = db.session.scalars(
        select(StatusChange)
        .where(StatusChange.object_type == "match", StatusChange.object_id == match.id)
        .order_by(StatusChange.id)
    )
    return [(c.from_state, c.to_state, c.reason_code, c.by_id) for c in rows]


def test_approve_records_the_decision_and_the_score_parts(people, pair) -> None:
    vacancy, profile = pair
    mm = people["matchmaker"]

    match = matches.approve(vacancy, profile, by=mm)

    assert match.status == MatchStatus.APPROVED
    assert match.decided_by_id == mm.id
    assert match.decided_at is not None
    assert match.score is not None
    assert match.score > 50
    codes = [r["code"] for r in match.reasons]
    assert "same_occupation" in codes
    assert sum(r["contribution"] for r in match.reasons) == pytest.approx(match.score)
    assert changes(match) == [
        (None, "suggested", None, mm.id),
        ("suggested", "approved", None, mm.id),
    ]
    assert match.visible_to_employer


def test_only_a_matchmaker_approves(people, pair) -> None:
    vacancy, profile = pair
    for who in ("employer", "admin"):
        with pytest.raises(matches.NotAllowed):
            matches.approve(vacancy, profile, by=people[who])
    assert db.session.scalars(select(Match)).all() == []


def test_a_blocked_pair_cannot_be_approved_and_leaves_no_trace(people) -> None:
    vacancy = create_match_vacancy(people["organisation"])
    far = create_match_profile(pc4=PC4_GRONINGEN)
    no_consent = create_match_profile(consent=False)

    for profile, code in ((far, "blocked_too_far"), (no_consent, "blocked_no_consent")):
        with pytest.raises(matches.PairBlocked) as caught:
            matches.approve(vacancy, profile, by=people["matchmaker"])
        assert caught.value.codes == [code]
    assert db.session.scalars(select(Match)).all() == []
    assert db.session.scalars(select(StatusChange)).all() == []


def test_approval_needs_a_verified_employer_and_a_published_vacancy(people) -> None:
    unverified = create_employer(verified=False)
    profile = create_match_profile()
    with pytest.raises(matches.EmployerNotVerified):
        matches.approve(
            create_match_vacancy(unverified), profile, by=people["matchmaker"]
        )
    draft = create_match_vacancy(people["organisation"], status=VacancyStatus.DRAFT)
    with pytest.raises(matches.VacancyNotOpen):
        matches.approve(draft, profile, by=people["matchmaker"])


def test_approval_needs_consent_to_show_employers(people) -> None:
    vacancy = create_match_vacancy(people["organisation"])
    profile = create_match_profile()
    profile.consents[0].scope = "matching"

    with pytest.raises(matches.NoConsentForEmployers):
        matches.approve(vacancy, profile, by=people["matchmaker"])
    assert db.session.scalars(select(Match)).all() == []


@pytest.mark.parametrize(
    ("code", "note"),
    [
        (None, None),
        ("", None),
        ("not_a_reason", None),
        ("other", None),
        ("other", "  "),
    ],
)
def test_every_rejection_needs_a_coded_reason(people, pair, code, note) -> None:
    vacancy, profile = pair
    with pytest.raises(matches.ReasonRequired):
        matches.reject(
            vacancy, profile, by=people["matchmaker"], reason_code=code, note=note
        )
    assert db.session.scalars(select(Match)).all() == []


def test_reject_keeps_the_reason_and_the_parts(people, pair) -> None:
    vacancy, profile = pair
    mm = people["matchmaker"]

    match = matches.reject(vacancy, profile, by=mm, reason_code="language")

    assert match.status == MatchStatus.REJECTED
    assert match.reason_code == "language"
    assert match.reasons
    assert changes(match)[-1] == ("suggested", "rejected", "language", mm.id)
    assert not match.visible_to_employer


def test_reject_with_other_needs_and_keeps_a_note(people, pair) -> None:
    vacancy, profile = pair
    match = matches.reject(
        vacancy,
        profile,
        by=people["matchmaker"],
        reason_code="other",
        note="Wil eerst taalles",
    )
    change = db.session.scalars(
        select(StatusChange).where(StatusChange.to_state == "rejected")
    ).one()
    assert (match.reason_code, change.note) == ("other", "Wil eerst taalles")


def test_a_blocked_pair_can_still_be_rejected(people) -> None:
    vacancy = create_match_vacancy(people["organisation"])
    far = create_match_profile(pc4=PC4_GRONINGEN)
    match = matches.reject(
        vacancy, far, by=people["matchmaker"], reason_code="distance"
    )
    assert match.score is None
    assert match.reasons[0]["code"] == "blocked_too_far"


def test_an_approval_can_be_withdrawn_before_the_employer_acts(people, pair) -> None:
    vacancy, profile = pair
    mm = people["matchmaker"]
    match = matches.approve(vacancy, profile, by=mm)
    matches.reject(vacancy, profile, by=mm, reason_code="not_available")
    assert match.status == MatchStatus.REJECTED
    assert changes(match)[-1] == ("approved", "rejected", "not_available", mm.id)


def test_a_colleague_overturns_a_decision_only_when_they_saw_it(people, pair) -> None:
    vacancy, profile = pair
    colleague = create_user(Role.MATCHMAKER)
    match = matches.approve(vacancy, profile, by=people["matchmaker"])
    with pytest.raises(matches.AlreadyDecided) as refused:  # clicked on the proposal
        matches.reject(vacancy, profile, by=colleague, reason_code="language")
    assert refused.value.by_name == people["matchmaker"].name
    assert match.status == MatchStatus.APPROVED
    matches.reject(
        vacancy,
        profile,
        by=colleague,
        reason_code="language",
        seen=MatchStatus.APPROVED,
    )
    assert match.status == MatchStatus.REJECTED
    assert changes(match)[-1] == ("approved", "rejected", "language", colleague.id)


def test_suggest_keeps_a_pair_for_review_once(people, pair) -> None:
    vacancy, profile = pair
    first = matches.suggest(vacancy, profile, by=people["matchmaker"])
    again = matches.suggest(vacancy, profile, by=people["matchmaker"])
    assert first is again
    assert first.status == MatchStatus.SUGGESTED
    assert first.decided_at is None
    assert len(changes(first)) == 1


def test_suggest_refuses_a_blocked_pair(people) -> None:
    vacancy = create_match_vacancy(people["organisation"])
    with pytest.raises(matches.PairBlocked):
        matches.suggest(
            vacancy, create_match_profile(consent=False), by=people["matchmaker"]
        )
    assert db.session.scalars(select(Match)).all() == []


def test_the_owner_invites_an_approved_candidate(people, pair) -> None:
    vacancy, profile = pair
    match = matches.approve(vacancy, profile, by=people["matchmaker"])

    with pytest.raises(matches.NotAllowed):
        matches.invite(match, by=people["other_employer"])
    with pytest.raises(matches.NotAllowed):
        matches.invite(match, by=people["matchmaker"])
    matches.invite(match, by=people["employer"])

    assert match.status == MatchStatus.INVITED
    assert changes(match)[-1] == ("approved", "invited", None, people["employer"].id)
    with pytest.raises(matches.InvalidTransition):
        matches.invite(match, by=people["employer"])


def test_invite_needs_an_approval_first(people, pair) -> None:
    vacancy, profile = pair
    match = create_match_row(vacancy, profile, MatchStatus.SUGGESTED)
    with pytest.raises(matches.InvalidTransition):
        matches.invite(match, by=people["employer"])


@pytest.mark.parametrize("who", ["employer", "matchmaker"])
def test_decline_needs_a_coded_reason(people, pair, who) -> None:
    vacancy, profile = pair
    match = matches.approve(vacancy, profile, by=people["matchmaker"])
    with pytest.raises(matches.ReasonRequired):
        matches.decline(match, by=people[who], reason_code=None)
    with pytest.raises(matches.ReasonRequired):
        matches.decline(
            match, by=people[who], reason_code="relocated_by_coa"
        )  # a withdrawal code, not a decline code

    matches.decline(match, by=people[who], reason_code="position_filled")

    assert match.status == MatchStatus.DECLINED
    assert changes(match)[-1] == (
        "approved",
        "declined",
        "position_filled",
        people[who].id,
    )
    assert not match.visible_to_employer


@pytest.mark.parametrize("who", ["other_employer", "admin"])
def test_others_cannot_decline(people, pair, who) -> None:
    vacancy, profile = pair
    match = matches.approve(vacancy, profile, by=people["matchmaker"])
    with pytest.raises(matches.NotAllowed):
        matches.decline(match, by=people[who], reason_code="position_filled")


def test_introduction_is_recorded_after_an_invitation(people, pair) -> None:
    vacancy, profile = pair
    mm = people["matchmaker"]
    match = matches.approve(vacancy, profile, by=mm)
    with pytest.raises(matches.InvalidTransition):
        matches.introduce(match, by=mm)
    matches.invite(match, by=people["employer"])
    with pytest.raises(matches.NotAllowed):
        matches.introduce(match, by=people["employer"])

    matches.introduce(match, by=mm, note="Kennismaking dinsdag")

    assert match.status == MatchStatus.INTRODUCED
    assert changes(match)[-1] == ("invited", "introduced", None, mm.id)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "match.introduced")
    ).one()
    assert (event.actor_id, event.object_id) == (mm.id, match.id)
    assert "Kennismaking" not in repr(event.details)


@pytest.mark.parametrize("status", [MatchStatus.APPROVED, MatchStatus.INTRODUCED])
def test_a_match_is_hired_only_from_an_offer(people, pair, status) -> None:
    vacancy, profile = pair
    match = create_match_row(vacancy, profile, status)
    with pytest.raises(matches.InvalidTransition):
        transitions.move(match, MatchStatus.HIRED, by=people["matchmaker"])
    assert match.status == status
    assert changes(match) == []


def test_old_reason_codes_stay_valid(people, pair) -> None:
    vacancy, profile = pair
    match = matches.approve(vacancy, profile, by=people["matchmaker"])
    matches.decline(match, by=people["employer"], reason_code="position_filled")
    assert match.reason_code == "position_filled"
    from portal.services import reasons

    assert reasons.label("position_filled") == reasons.label("vacancy_filled")


def test_employer_candidate_view_is_logged_and_anonymous(people) -> None:
    vacancy = create_match_vacancy(people["organisation"])
    profile = create_match_profile(identity=True)
    match = matches.approve(vacancy, profile, by=people["matchmaker"])
    from portal.services.candidates.profiles import local_today

    view = matches.employer_candidate(
        match, by=people["employer"], as_of=local_today(), ip_address="192.0.2.1"
    )

    assert view.ref == profile.ref
    assert "Testpersoon" not in repr(view)
    assert "Eritrea" not in repr(view)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "profile.view")
    ).one()
    assert (event.actor_id, event.object_id, event.ip_address) == (
        people["employer"].id,
        profile.id,
        "192.0.2.1",
    )
    with pytest.raises(matches.NotAllowed):
        matches.employer_candidate(
            match, by=people["other_employer"], as_of=local_today()
        )


def test_employer_does_not_see_unapproved_or_declined_candidates(people) -> None:
    vacancy = create_match_vacancy(people["organisation"])
    suggested = create_match_row(vacancy, create_match_profile(), MatchStatus.SUGGESTED)
    rejected = create_match_row(vacancy, create_match_profile(), MatchStatus.REJECTED)
    approved = matches.approve(vacancy, create_match_profile(), by=people["matchmaker"])
    declined = matches.approve(vacancy, create_match_profile(), by=people["matchmaker"])
    matches.decline(declined, by=people["employer"], reason_code="position_filled")

    assert matches.employer_matches(people["employer"]) == [approved]
    assert matches.employer_matches(people["other_employer"]) == []
    for match in (suggested, rejected, declined):
        with pytest.raises(matches.NotAllowed):
            matches.employer_candidate(
                match, by=people["employer"], as_of=vacancy.start_date
            )


def test_review_queue_groups_open_matches(people) -> None:
    vacancy = create_match_vacancy(people["organisation"])
    kept = matches.suggest(vacancy, create_match_profile(), by=people["matchmaker"])
    approved = matches.approve(vacancy, create_match_profile(), by=people["matchmaker"])
    rejected = matches.reject(
        vacancy, create_match_profile(), by=people["matchmaker"], reason_code="hours"
    )

    queue = matches.review_queue()

    assert queue[MatchStatus.SUGGESTED] == [kept]
    assert queue[MatchStatus.APPROVED] == [approved]
    assert queue[MatchStatus.REJECTED] == [rejected]
    assert queue[MatchStatus.INVITED] == []
