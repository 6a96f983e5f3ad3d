"""COA referrals to intake, COA-recorded moves, and the employment statement."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    Notification,
    ReferralStatus,
    RetentionOutcome,
    Role,
    StatusChange,
)
from portal.models.base import local_today
from portal.services.permits import (
    coa_partners,
    events,
    referrals,
    resident_moves,
    retention,
)
from tests.fixtures.actors import create_user
from tests.fixtures.permits import create_coa_user, create_working_person


def _data(**changes) -> referrals.ReferralData:
    values = {
        "reception_centre": "AZC Kronenburg",
        "name": "Amanuel Testpersoon",
        "v_number": "1234567890",
        "phone": "0612345678",
        "asylum_application_date": date(2025, 9, 1),
        "asylum_registration_date": date(2025, 7, 15),
        "available_from": local_today(),
        "hours_per_week": 32,
        "consent_on": local_today(),
        "languages": "ti:C2, nl:A2",
    }
    values.update(changes)
    return referrals.ReferralData(**values)


def test_a_referral_becomes_an_intake_without_retyping(app_ctx):
    coa = create_coa_user()
    matchmaker = create_user(Role.MATCHMAKER)
    referral = referrals.create_referral(_data(), by=coa)
    assert referral.status == ReferralStatus.SENT
    assert referral.pc4 == "1186"
    note = db.session.scalar(
        select(Notification).where(Notification.user_id == matchmaker.id)
    )
    assert note.kind == "referral_received"
    assert note.params == {"referral": referral.ref}  # no name in a notification
    assert referrals.open_referrals() == [referral]

    profile = referrals.start_intake(
        referral, summary="Werkte als kok.", max_travel_km=25, by=matchmaker
    )
    assert referral.status == ReferralStatus.INTAKE
    assert referral.profile_id == profile.id
    assert profile.identity.name == "Amanuel Testpersoon"
    assert profile.identity.v_number == "1234567890"
    assert profile.asylum_registration_date == date(2025, 7, 15)
    assert profile.reception_centre == "AZC Kronenburg"
    assert {lang.code: lang.level for lang in profile.languages} == {
        "ti": "C2",
        "nl": "A2",
    }
    # The referral form's consent covers passing the data to the Werkplein to look for
    # work: matching only. Employers see nothing until the person agrees at the intake.
    assert [c.scope for c in profile.consents] == ["matching"]
    assert profile.consents[0].given_on == referral.consent_on
    assert referrals.open_referrals() == []
    assert (
        "referral_updated"
        in db.session.scalars(
            select(Notification.kind).where(Notification.user_id == coa.id)
        ).all()
    )
    changes = db.session.scalars(
        select(StatusChange.to_state).where(StatusChange.object_type == "referral")
    ).all()
    assert changes == ["sent", "intake"]


def test_only_a_verified_coa_account_refers_and_only_to_its_own_centres(app_ctx):
    unverified = create_coa_user(verified=False)
    with pytest.raises(referrals.NotAllowed):
        referrals.create_referral(_data(), by=unverified)
    coa = create_coa_user()
    with pytest.raises(referrals.ReferralInvalid) as caught:
        referrals.create_referral(
            _data(reception_centre="azc Elders", languages="dutch"), by=coa
        )
    assert set(caught.value.errors) == {"reception_centre", "languages"}


def test_a_coa_account_sees_only_its_own_referrals(app_ctx):
    coa = create_coa_user()
    other = create_coa_user(centres=(("AZC Kronenburg", "1186"),))
    mine = referrals.create_referral(_data(), by=coa)
    theirs = referrals.create_referral(_data(name="Iemand Anders"), by=other)
    assert referrals.own_referrals(coa) == [mine]
    assert referrals.referral_for(coa, theirs.id) is None
    assert referrals.referral_for(coa, mine.id) is mine
    employer = create_user(Role.EMPLOYER)
    assert referrals.referral_for(employer, mine.id) is None


def test_decline_needs_a_coded_reason(app_ctx):
    coa = create_coa_user()
    matchmaker = create_user(Role.MATCHMAKER)
    referral = referrals.create_referral(_data(), by=coa)
    with pytest.raises(referrals.ReferralInvalid):
        referrals.decline(referral, reason_code="because", by=matchmaker)
    referrals.decline(referral, reason_code="not_available", by=matchmaker)
    assert referral.status == ReferralStatus.DECLINED
    assert referral.reason_code == "not_available"
    today = local_today()
    assert referrals.referral_counts(today, today) == {
        "sent": 0,
        "intake": 0,
        "declined": 1,
        "withdrawn": 0,
    }
    assert (
        referrals.referral_counts(today - timedelta(days=9), today - timedelta(days=1))[
            "declined"
        ]
        == 0
    )


def test_coa_records_a_planned_transfer_and_the_statement_follows(app_ctx):
    w = create_working_person()
    w.hire.status = "active"
    coa = create_coa_user()
    outcome = events.record_event(
        w.candidate,
        kind="transfer_planned",
        occurred_on=local_today() + timedelta(days=7),
        to_reception_centre="azc Ter Apel",
        to_pc4="9561",
        source="coa",
        by=coa,
    )
    assert outcome.event.source == "coa"
    item = outcome.retentions[0]
    with pytest.raises(retention.RetentionNotAllowed):
        retention.make_statement(item, by=w.matchmaker)  # no consent yet
    with pytest.raises(retention.RetentionNotAllowed):
        retention.record_consent(item, on=local_today(), by=coa)
    retention.record_consent(item, on=local_today(), by=w.matchmaker)
    statement = retention.make_statement(item, by=w.matchmaker)
    assert statement["employer"] == w.employer.name
    assert statement["workplace_pc4"] == w.hire.vacancy.pc4
    assert statement["contract_start"] == w.hire.contract_start.isoformat()
    assert statement["contract_end"] == w.hire.contract_end.isoformat()
    assert statement["hours_per_week"] == w.hire.hours_per_week
    assert "name" not in statement
    retention.mark_sent(item, on=local_today(), by=w.matchmaker)
    with pytest.raises(events.EventInvalid):
        retention.record_outcome(
            item, outcome="lost_job", on=local_today(), by=w.matchmaker
        )
    retention.record_outcome(
        item, outcome=RetentionOutcome.KEPT_JOB, on=local_today(), by=w.matchmaker
    )
    today = local_today()
    assert retention.outcome_counts(today, today + timedelta(days=30)) == {
        "kept_job": 1,
        "lost_job": 0,
        "open": 0,
    }
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "retention.statement_made")
    )


def test_the_intake_records_the_consent_the_referral_does_not_cover(app_ctx):
    from portal.services.candidates.consents import has_current_consent

    coa = create_coa_user()
    matchmaker = create_user(Role.MATCHMAKER)
    referral = referrals.create_referral(
        _data(consent_on=local_today() - timedelta(days=3)), by=coa
    )
    with pytest.raises(referrals.ReferralInvalid):
        referrals.start_intake(
            referral,
            summary="Werkte als kok.",
            max_travel_km=25,
            scopes=("matching_everywhere",),
            by=matchmaker,
        )
    profile = referrals.start_intake(
        referral,
        summary="Werkte als kok.",
        max_travel_km=25,
        scopes=("employers", "evaluation"),
        by=matchmaker,
    )
    first, second = sorted(profile.consents, key=lambda c: c.given_on)
    # the referral's consent from its own date; the rest from the intake, by the matchmaker
    assert (first.given_on, first.scope) == (referral.consent_on, "matching")
    assert (second.given_on, second.scope) == (
        local_today(),
        "matching,employers,evaluation",
    )
    assert second.recorded_by_id == matchmaker.id
    yesterday = local_today() - timedelta(days=1)
    assert has_current_consent(profile, yesterday, "matching")
    assert not has_current_consent(profile, yesterday, "employers")
    assert has_current_consent(profile, local_today(), "employers")


def test_a_revoked_coa_account_records_no_event(app_ctx):
    admin = create_user(Role.ADMIN)
    matchmaker = create_user(Role.MATCHMAKER)
    coa = create_coa_user()
    referral = referrals.create_referral(_data(), by=coa)
    referrals.start_intake(
        referral, summary="Werkte als kok.", max_travel_km=25, by=matchmaker
    )
    outcome = resident_moves.record_resident_event(
        coa, referral.id, kind="left_reception", occurred_on=local_today()
    )
    assert outcome is not None
    assert outcome.event.source == "coa"
    partner = coa_partners.partner_of(coa)
    coa_partners.update_partner(
        partner, centres=partner.centres, verified=False, by=admin
    )
    with pytest.raises(referrals.NotAllowed):
        resident_moves.resident_profile(coa, referral.id)
    with pytest.raises(referrals.NotAllowed):
        resident_moves.record_resident_event(
            coa, referral.id, kind="returned_to_reception", occurred_on=local_today()
        )
    assert referral.profile.in_coa_reception is False  # nothing recorded


def test_coa_records_moves_of_its_own_residents_only(app_ctx):
    matchmaker = create_user(Role.MATCHMAKER)
    coa, other = create_coa_user(), create_coa_user()
    theirs = referrals.create_referral(_data(), by=other)
    referrals.start_intake(
        theirs, summary="Werkte als kok.", max_travel_km=25, by=matchmaker
    )
    assert resident_moves.resident_profile(coa, theirs.id) is None
    assert (
        resident_moves.record_resident_event(
            coa, theirs.id, kind="left_reception", occurred_on=local_today()
        )
        is None
    )
    # the IND's decisions are the matchmaker's to record
    with pytest.raises(referrals.NotAllowed):
        resident_moves.record_resident_event(
            other, theirs.id, kind="refused_final", occurred_on=local_today()
        )
