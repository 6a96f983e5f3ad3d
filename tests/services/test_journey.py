"""The journey after approval: who may take which step from which state, the hire gate,
the confirmed hire and what it sets in motion, follow-ups and notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CandidateStatus,
    FollowUp,
    Hire,
    HireStatus,
    MatchStatus,
    Notification,
    OutboxMail,
    StatusChange,
    TwvCase,
    VacancyStatus,
)
from portal.models.base import local_today
from portal.services.matches import follow_ups, hire_gate, journey
from portal.services.matches import review as matches
from portal.services.notifications import batched
from tests.fixtures.journey import contract_terms, walk_to
from tests.fixtures.matches import create_match_profile


def _changes(match) -> list[tuple[str | None, str, str | None]]:
    rows = db.session.scalars(
        select(StatusChange)
        .where(StatusChange.object_type == "match", StatusChange.object_id == match.id)
        .order_by(StatusChange.id)
    )
    return [(c.from_state, c.to_state, c.reason_code) for c in rows]


def test_the_whole_chain_is_recorded_step_by_step(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.HIRED)
    assert [to for _from, to, _reason in _changes(match)] == [
        "suggested",
        "approved",
        "invited",
        "introduced",
        "interview_planned",
        "offer",
        "hired",
    ]
    hire = db.session.scalars(select(Hire).where(Hire.match_id == match.id)).one()
    assert hire.source == "match"
    assert hire.confirmed_by_id == w.matchmaker.id
    assert hire.confirmed_at is not None
    assert hire.status == HireStatus.PLANNED
    assert w.profile.status == CandidateStatus.PLACED
    # One position: the vacancy is filled.
    assert w.vacancy.status == VacancyStatus.FILLED
    assert db.session.scalars(select(TwvCase)).one().hire_id == hire.id
    assert sorted(f.months for f in hire.follow_ups) == [3, 6]


@pytest.mark.parametrize(
    "status", [MatchStatus.SUGGESTED, MatchStatus.APPROVED, MatchStatus.INVITED]
)
def test_no_offer_before_the_introduction(journey_world, status):
    w = journey_world
    if status == MatchStatus.SUGGESTED:
        match = matches.suggest(w.vacancy, w.profile, by=w.matchmaker)
        with pytest.raises(matches.MatchError):
            journey.propose_hire(match, contract_terms(), by=w.employer)
        return
    match = walk_to(w, status)
    with pytest.raises(matches.InvalidTransition):
        journey.propose_hire(match, contract_terms(), by=w.employer)
    assert journey.proposed_hire(match) is None


def test_states_cannot_be_skipped(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.APPROVED)
    with pytest.raises(matches.InvalidTransition):
        matches.introduce(match, by=w.matchmaker)  # not invited yet
    with pytest.raises(matches.InvalidTransition):
        journey.plan_interview(match, by=w.employer)
    with pytest.raises(matches.InvalidTransition):
        journey.confirm_hire(match, by=w.matchmaker)
    with pytest.raises(matches.InvalidTransition):
        journey.not_hired(match, by=w.matchmaker, reason_code="language")
    assert match.status == MatchStatus.APPROVED


def test_another_employer_cannot_act_on_the_match(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.INTRODUCED)
    with pytest.raises(matches.NotAllowed):
        matches.invite(match, by=w.other_employer)
    with pytest.raises(matches.NotAllowed):
        journey.plan_interview(match, by=w.other_employer)
    with pytest.raises(matches.NotAllowed):
        journey.propose_hire(match, contract_terms(), by=w.other_employer)
    with pytest.raises(matches.NotAllowed):
        journey.not_hired(match, by=w.other_employer, reason_code="language")


def test_roles_per_step(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.INTRODUCED)
    with pytest.raises(matches.NotAllowed):
        journey.propose_hire(match, contract_terms(), by=w.matchmaker)
    journey.propose_hire(match, contract_terms(), by=w.employer)
    with pytest.raises(matches.NotAllowed):
        journey.confirm_hire(match, by=w.employer)
    with pytest.raises(matches.NotAllowed):
        journey.withdraw(match, by=w.employer, reason_code="vacancy_closed")
    with pytest.raises(matches.NotAllowed):
        journey.confirm_hire(match, by=w.admin)


def test_a_double_proposal_keeps_one_hire(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.INTRODUCED)
    journey.propose_hire(match, contract_terms(), by=w.employer)
    journey.propose_hire(match, contract_terms(hours=24), by=w.employer)
    hires = db.session.scalars(select(Hire)).all()
    assert [(h.status, h.hours_per_week) for h in hires] == [(HireStatus.PROPOSED, 24)]


# -- the gate -----------------------------------------------------------------------------
def _gate_world(w, **profile_fields):
    """Introduced; then the facts change (matching itself would not propose the pair)."""
    match = walk_to(w, MatchStatus.INTRODUCED)
    for name, value in profile_fields.items():
        setattr(w.profile, name, value)
    return match


def test_gate_refuses_a_start_before_the_person_may_work(journey_world):
    w = journey_world
    applied = local_today() - timedelta(days=100)
    match = _gate_world(w, asylum_application_date=applied)
    with pytest.raises(hire_gate.HireBlocked) as refused:
        journey.propose_hire(match, contract_terms(start_in_days=10), by=w.employer)
    assert refused.value.codes == ["ASYLUM_APPLICATION_UNDER_6_MONTHS"]
    earliest = refused.value.earliest_start
    assert earliest is not None
    assert earliest > local_today() + timedelta(days=10)
    assert match.status == MatchStatus.INTRODUCED
    assert db.session.scalar(select(Hire)) is None


def test_gate_refuses_a_w_document_ending_before_the_start(journey_world):
    w = journey_world
    match = _gate_world(w, w_document_valid_until=local_today() + timedelta(days=5))
    with pytest.raises(hire_gate.HireBlocked) as refused:
        journey.propose_hire(match, contract_terms(start_in_days=30), by=w.employer)
    assert refused.value.codes == ["W_DOCUMENT_INVALID_OR_MISSING"]
    assert refused.value.earliest_start is None


def test_gate_refuses_a_wage_below_the_minimum(journey_world):
    w = journey_world
    match = _gate_world(w)
    with pytest.raises(hire_gate.HireBlocked) as refused:
        journey.propose_hire(match, contract_terms(wage="9.00"), by=w.employer)
    assert refused.value.codes == ["WAGE_BELOW_MINIMUM"]


def test_the_gate_runs_again_at_confirmation(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.OFFER)
    w.profile.asylum_rejected = True  # learnt between the offer and the confirmation
    with pytest.raises(hire_gate.HireBlocked):
        journey.confirm_hire(match, by=w.matchmaker)
    assert match.status == MatchStatus.OFFER
    assert journey.proposed_hire(match) is not None


# -- the ends that are not a hire ------------------------------------------------------------
def test_not_hired_needs_a_reason_and_cancels_the_proposal(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.OFFER)
    with pytest.raises(matches.ReasonRequired):
        journey.not_hired(match, by=w.employer, reason_code="relocated_by_coa")
    journey.not_hired(match, by=w.employer, reason_code="employer_chose_other")
    assert match.status == MatchStatus.NOT_HIRED
    assert _changes(match)[-1] == ("offer", "not_hired", "employer_chose_other")
    assert db.session.scalars(select(Hire)).one().status == HireStatus.CANCELLED


def test_withdrawn_from_any_open_state_by_the_portal(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.INVITED)
    count = journey.withdraw_open_matches(
        candidate=w.profile, reason_code="relocated_by_coa", by=None
    )
    assert count == 1
    assert match.status == MatchStatus.WITHDRAWN
    assert _changes(match)[-1] == ("invited", "withdrawn", "relocated_by_coa")
    with pytest.raises(matches.InvalidTransition):
        journey.withdraw(match, by=w.matchmaker, reason_code="vacancy_closed")


def test_notes_with_identifiers_are_refused(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.APPROVED)
    with pytest.raises(matches.NoteHasIdentifiers):
        matches.decline(
            match,
            by=w.employer,
            reason_code="other",
            note="Bel hem op 0612345678, BSN 111222333",
        )
    assert match.status == MatchStatus.APPROVED
    assert "0612345678" not in repr(db.session.scalars(select(StatusChange)).all())


# -- follow-up -------------------------------------------------------------------------------
def test_follow_up_is_notified_once_when_due_and_recorded_as_a_fact(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.HIRED)
    hire = db.session.scalars(select(Hire).where(Hire.match_id == match.id)).one()
    three = next(f for f in hire.follow_ups if f.months == 3)
    assert follow_ups.notify_due(three.due_on - timedelta(days=1)) == 0
    assert follow_ups.notify_due(three.due_on) == 1
    assert follow_ups.notify_due(three.due_on) == 0  # once
    notes = db.session.scalars(
        select(Notification).where(Notification.kind == "follow_up_due")
    ).all()
    assert [n.user_id for n in notes] == [w.matchmaker.id]
    assert three in follow_ups.due(three.due_on)

    with pytest.raises(follow_ups.FollowUpInvalid):
        follow_ups.record(
            three,
            follow_ups.Answers(
                on=local_today(),
                still_at_work=False,
                same_employer=None,
                hours_per_week=None,
            ),
            by=w.matchmaker,
        )
    follow_ups.record(
        three,
        follow_ups.Answers(
            on=local_today(),
            still_at_work=False,
            same_employer=None,
            hours_per_week=None,
            reason_code="dismissed",
        ),
        by=w.matchmaker,
    )
    assert (three.done_on, three.still_at_work, three.reason_code) == (
        local_today(),
        False,
        "dismissed",
    )
    assert hire.status in (HireStatus.CANCELLED, HireStatus.ENDED_EARLY)
    assert hire.end_reason_code == "dismissed"
    assert db.session.get(FollowUp, three.id).recorded_by_id == w.matchmaker.id


# -- notifications -----------------------------------------------------------------------
def test_approvals_for_one_vacancy_become_one_notification(app, journey_world):
    w = journey_world
    matches.approve(w.vacancy, w.profile, by=w.matchmaker)
    for _ in range(2):
        matches.approve(w.vacancy, create_match_profile(), by=w.matchmaker)
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id == w.employer.id)
    ).all()
    assert [(n.kind, n.params["count"]) for n in notes] == [("candidates_approved", 3)]
    assert db.session.scalar(select(OutboxMail)) is None  # not yet: still gathering
    app.config["NOTIFY_BATCH_MINUTES"] = 0
    assert batched.queue_batched() == 1
    mail = db.session.scalars(select(OutboxMail)).one()
    assert mail.to_address == w.employer.email
    assert "3" in mail.subject
    assert w.vacancy.ref in mail.text_body
    assert w.profile.ref not in mail.text_body  # no candidate in the approval digest
    assert "Testpersoon" not in mail.text_body + (mail.html_body or "")


def test_the_matchmaker_hears_the_employers_response_and_proposal(journey_world):
    w = journey_world
    walk_to(w, MatchStatus.OFFER)
    kinds = [
        n.kind
        for n in db.session.scalars(
            select(Notification)
            .where(Notification.user_id == w.matchmaker.id)
            .order_by(Notification.id)
        )
    ]
    assert kinds == ["employer_interested", "interview_planned", "hire_proposed"]
    identity = w.profile.identity
    for mail in db.session.scalars(select(OutboxMail)):
        for secret in (identity.name, identity.v_number, identity.nationality):
            assert secret not in mail.text_body
            assert secret not in (mail.html_body or "")
