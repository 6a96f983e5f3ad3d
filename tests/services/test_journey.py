"""The journey after approval: who may take which step from which state, the hire gate,
the confirmed hire and what it sets in motion, follow-ups and notifications."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import (
    CandidateStatus,
    FollowUp,
    Hire,
    HireStatus,
    Match,
    MatchStatus,
    Notification,
    OutboxMail,
    StatusChange,
    TwvCase,
    VacancyStatus,
)
from portal.models.base import local_today
from portal.services.matches import follow_ups, hire_gate, hires, journey, match_ends
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
    assert match_ends.proposed_hire(match) is None


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
        match_ends.not_hired(match, by=w.matchmaker, reason_code="language")
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
        match_ends.not_hired(match, by=w.other_employer, reason_code="language")


def test_roles_per_step(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.INTRODUCED)
    with pytest.raises(matches.NotAllowed):
        journey.propose_hire(match, contract_terms(), by=w.matchmaker)
    journey.propose_hire(match, contract_terms(), by=w.employer)
    with pytest.raises(matches.NotAllowed):
        journey.confirm_hire(match, by=w.employer)
    with pytest.raises(matches.NotAllowed):
        match_ends.withdraw(match, by=w.employer, reason_code="vacancy_closed")
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
    assert match_ends.proposed_hire(match) is not None


# -- the ends that are not a hire ------------------------------------------------------------
def test_not_hired_needs_a_reason_and_cancels_the_proposal(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.OFFER)
    with pytest.raises(matches.ReasonRequired):
        match_ends.not_hired(match, by=w.employer, reason_code="relocated_by_coa")
    match_ends.not_hired(match, by=w.employer, reason_code="employer_chose_other")
    assert match.status == MatchStatus.NOT_HIRED
    assert _changes(match)[-1] == ("offer", "not_hired", "employer_chose_other")
    assert db.session.scalars(select(Hire)).one().status == HireStatus.CANCELLED


def test_withdrawn_from_any_open_state_by_the_portal(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.INVITED)
    count = match_ends.withdraw_open_matches(
        candidate=w.profile, reason_code="relocated_by_coa", by=None
    )
    assert count == 1
    assert match.status == MatchStatus.WITHDRAWN
    assert _changes(match)[-1] == ("invited", "withdrawn", "relocated_by_coa")
    with pytest.raises(matches.InvalidTransition):
        match_ends.withdraw(match, by=w.matchmaker, reason_code="vacancy_closed")


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


# -- a hire found outside the portal ---------------------------------------------------------
def _outside(w, *, start_in_days: int = 30, vacancy=None):
    return journey.record_hire_by_ref(
        candidate_ref=w.profile.ref,
        vacancy_id=(vacancy or w.vacancy).id,
        terms=contract_terms(start_in_days=start_in_days),
        by=w.matchmaker,
    )


def test_an_outside_hire_takes_effect_like_a_hire_on_a_match(journey_world):
    w = journey_world
    other = create_match_profile()
    waiting = matches.approve(w.vacancy, other, by=w.matchmaker)
    hire = _outside(w)
    assert (hire.source, hire.match_id, hire.status) == (
        "outside",
        None,
        HireStatus.PLANNED,
    )
    assert w.profile.status == CandidateStatus.PLACED
    # One position: filled, and the vacancy's other open match ends with the reason.
    assert w.vacancy.status == VacancyStatus.FILLED
    assert waiting.status == MatchStatus.WITHDRAWN
    assert waiting.reason_code == "vacancy_filled"
    assert db.session.scalars(select(TwvCase)).one().hire_id == hire.id
    assert sorted((f.months, f.due_on) for f in hire.follow_ups) == [
        (3, follow_ups.add_months(hire.contract_start, 3)),
        (6, follow_ups.add_months(hire.contract_start, 6)),
    ]
    kinds = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == w.employer.id)
    ).all()
    assert "hire_confirmed" in kinds


def test_an_outside_hire_may_have_started_in_the_past(journey_world):
    w = journey_world
    hire = _outside(w, start_in_days=-40)
    assert hire.contract_start == local_today() - timedelta(days=40)
    assert w.profile.status == CandidateStatus.PLACED


@pytest.mark.parametrize(
    "status", [MatchStatus.SUGGESTED, MatchStatus.INTRODUCED, MatchStatus.OFFER]
)
def test_an_outside_hire_is_refused_for_a_pair_with_a_match(journey_world, status):
    w = journey_world
    if status == MatchStatus.SUGGESTED:
        match = matches.suggest(w.vacancy, w.profile, by=w.matchmaker)
    else:
        match = walk_to(w, status)
    with pytest.raises(hires.PairHasMatch) as refused:
        _outside(w)
    assert refused.value.match.id == match.id
    assert match.status == status
    assert (
        db.session.scalars(select(Hire).where(Hire.status != HireStatus.PROPOSED)).all()
        == []
    )
    assert w.profile.status != CandidateStatus.PLACED


def test_an_outside_hire_after_a_no_on_the_match_is_allowed(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.INTRODUCED)
    match_ends.not_hired(match, by=w.employer, reason_code="hours")
    hire = _outside(w)
    assert hire.match_id is None
    assert match.status == MatchStatus.NOT_HIRED


@pytest.mark.parametrize("status", [VacancyStatus.FILLED, VacancyStatus.CLOSED])
def test_an_outside_hire_needs_a_vacancy_open_for_hire(journey_world, status):
    w = journey_world
    w.vacancy.status = status
    db.session.flush()
    assert w.vacancy not in hires.vacancies_open_for_hire()
    with pytest.raises(hires.UnknownVacancy):
        _outside(w)
    assert db.session.scalar(select(Hire)) is None


def test_a_proposal_on_a_match_cannot_start_in_the_past(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.INTRODUCED)
    with pytest.raises(hires.StartInPast):
        journey.propose_hire(match, contract_terms(start_in_days=-1), by=w.employer)
    assert match.status == MatchStatus.INTRODUCED
    assert db.session.scalar(select(Hire)) is None
    journey.propose_hire(match, contract_terms(start_in_days=0), by=w.employer)
    assert match.status == MatchStatus.OFFER


# -- "other" needs a note --------------------------------------------------------------------
def _follow_up_answers(**changes):
    values = {
        "on": local_today(),
        "still_at_work": False,
        "same_employer": None,
        "hours_per_week": None,
        "reason_code": "other",
    }
    values.update(changes)
    return follow_ups.Answers(**values)


def test_a_follow_up_with_reason_other_needs_a_clean_note(journey_world):
    w = journey_world
    match = walk_to(w, MatchStatus.HIRED)
    hire = db.session.scalars(select(Hire).where(Hire.match_id == match.id)).one()
    three = next(f for f in hire.follow_ups if f.months == 3)
    with pytest.raises(follow_ups.FollowUpInvalid) as missing:
        follow_ups.record(three, _follow_up_answers(), by=w.matchmaker)
    assert missing.value.field == "note"
    with pytest.raises(matches.NoteHasIdentifiers):
        follow_ups.record(
            three,
            _follow_up_answers(note="Bel hem op 0612345678"),
            by=w.matchmaker,
        )
    assert three.done_on is None
    assert hire.status == HireStatus.PLANNED
    follow_ups.record(
        three, _follow_up_answers(note="Terug naar school gegaan"), by=w.matchmaker
    )
    assert three.reason_code == "other"
    notes = db.session.scalars(
        select(StatusChange.note).where(
            StatusChange.object_type.in_(("follow_up", "hire")),
            StatusChange.reason_code == "other",
        )
    ).all()
    assert notes == ["Terug naar school gegaan", "Terug naar school gegaan"]


def test_ending_a_hire_with_reason_other_needs_a_clean_note(journey_world):
    w = journey_world
    hire = _outside(w)
    with pytest.raises(hires.NoteRequired):
        hires.end_early(
            hire, ended_on=local_today(), reason_code="other", by=w.matchmaker
        )
    with pytest.raises(matches.NoteHasIdentifiers):
        hires.end_early(
            hire,
            ended_on=local_today(),
            reason_code="other",
            by=w.matchmaker,
            note="BSN 111222333",
        )
    assert hire.status == HireStatus.PLANNED
    hires.end_early(
        hire,
        ended_on=local_today(),
        reason_code="other",
        by=w.matchmaker,
        note="Bedrijf ging failliet",
    )
    assert hire.status == HireStatus.CANCELLED
    change = db.session.scalars(
        select(StatusChange)
        .where(StatusChange.object_type == "hire", StatusChange.object_id == hire.id)
        .order_by(StatusChange.id.desc())
    ).first()
    assert (change.reason_code, change.note) == ("other", "Bedrijf ging failliet")


# -- IND/COA events end matches through the journey -------------------------------------------
def test_an_ind_event_withdraws_through_the_journey_and_cancels_the_proposal(
    journey_world,
):
    from portal.models import ProcedureEventKind
    from portal.services.permits import events

    w = journey_world
    match = walk_to(w, MatchStatus.OFFER)
    proposal = match_ends.proposed_hire(match)
    outcome = events.record_event(
        w.profile,
        kind=ProcedureEventKind.REFUSED_FINAL,
        occurred_on=local_today() - timedelta(days=1),
        by=w.matchmaker,
    )
    assert outcome.withdrawn == [match]
    assert match.status == MatchStatus.WITHDRAWN
    assert _changes(match)[-1] == ("offer", "withdrawn", "asylum_rejected")
    assert proposal.status == HireStatus.CANCELLED  # off the employer's home
    note = db.session.scalars(
        select(Notification).where(
            Notification.user_id == w.employer.id,
            Notification.kind == "match_withdrawn",
        )
    ).one()
    assert note.link == "/werkgever/"  # the employer's own page, not /matches
    assert note.params["reason_code"] == "asylum_rejected"  # a code, not a label
    assert "reason" not in note.params


def test_an_event_loses_a_race_quietly(journey_world):
    from portal.services.permits import withdraw

    w = journey_world
    match = walk_to(w, MatchStatus.INTRODUCED)
    # Someone else ended the match after this request read it.
    db.session.execute(
        update(Match)
        .where(Match.id == match.id)
        .values(status=MatchStatus.NOT_HIRED)
        .execution_options(synchronize_session=False)
    )
    assert not withdraw.withdraw_match(
        match, reason_code="left_procedure", by=w.matchmaker
    )
    assert match.status == MatchStatus.NOT_HIRED
    assert [c for c in _changes(match) if c[1] == "withdrawn"] == []


def test_an_approval_taken_back_lowers_the_employers_count(app, journey_world):
    w = journey_world
    second = create_match_profile()
    matches.approve(w.vacancy, w.profile, by=w.matchmaker)
    matches.approve(w.vacancy, second, by=w.matchmaker)

    def open_counts():
        return [
            n.params["count"]
            for n in db.session.scalars(
                select(Notification).where(
                    Notification.user_id == w.employer.id,
                    Notification.kind == "candidates_approved",
                )
            )
        ]

    assert open_counts() == [2]
    matches.reject(
        w.vacancy, second, by=w.matchmaker, reason_code="language", seen="approved"
    )
    assert open_counts() == [1]
    matches.reject(
        w.vacancy, w.profile, by=w.matchmaker, reason_code="hours", seen="approved"
    )
    assert open_counts() == []  # nothing left to tell: no mail goes out
    app.config["NOTIFY_BATCH_MINUTES"] = 0
    assert batched.queue_batched() == 0
    assert db.session.scalar(select(OutboxMail)) is None
