"""The TWV packet: staged identity release after a confirmed hire, with consent, audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.twv_packet import LEFT_OUT, PACKET_FIELDS, VAULT_FIELDS
from portal.extensions import db
from portal.models import AuditEvent, Role, StatusChange, StepState
from portal.services.candidates import consents
from portal.services.candidates import identity as vault
from portal.services.intermediaries import delegations, organisations
from portal.services.twv import case_access, reminders
from portal.services.twv import cases as twv
from portal.services.twv import packet as twv_packet
from portal.services.twv import steps as twv_steps
from portal.services.twv.calendar_feed import build_intermediary_feed
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.intermediaries import (
    PERSON,
    create_intermediary_user,
    create_packet_case,
    delegate_to,
)


@pytest.fixture
def world(app_ctx):
    matchmaker = create_user(Role.MATCHMAKER)
    employer = create_employer()
    boss = create_user(Role.EMPLOYER, employer=employer)
    other = create_user(Role.EMPLOYER, employer=create_employer(name="Ander"))
    case = create_packet_case(employer=employer, matchmaker=matchmaker)
    return matchmaker, employer, boss, other, case


def packet_reads(profile_id: int) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "identity.read.twv_packet",
                AuditEvent.object_type == "candidate",
                AuditEvent.object_id == profile_id,
            )
        )
    )


def test_the_employer_gets_exactly_the_application_fields_and_each_read_is_logged(
    world,
):
    _mm, _employer, boss, _other, case = world
    packet = twv_packet.build_packet(case, by=boss)
    values = {line.field.key: line.value for line in packet.lines}
    assert [line.field.key for line in packet.lines] == [f.key for f in PACKET_FIELDS]
    assert values["name"] == PERSON.name
    assert values["v_number"] == PERSON.v_number
    assert values["date_of_birth"] == PERSON.date_of_birth
    shown = {str(v) for v in values.values()}
    for secret in (PERSON.nationality, PERSON.phone, PERSON.email, PERSON.notes):
        assert secret not in shown
    assert "nationality" not in values
    assert "nationality" in {x.key for x in LEFT_OUT}
    twv_packet.build_packet(case, by=boss)
    reads = packet_reads(case.candidate_id)
    assert len(reads) == 2
    assert reads[0].actor_id == boss.id
    assert reads[0].details["fields"] == list(VAULT_FIELDS)
    assert "on_behalf_of" not in reads[0].details


def test_the_vault_refuses_fields_the_application_does_not_need(world):
    _mm, _employer, boss, _other, case = world
    with pytest.raises(vault.NotAllowed):
        vault.release_for_twv_application(
            case.candidate,
            fields=("nationality",),
            by=boss,
            case_id=case.id,
            on=twv.local_today(),
        )
    assert packet_reads(case.candidate_id) == []


def test_no_packet_before_the_hire_is_confirmed(app_ctx):
    matchmaker = create_user(Role.MATCHMAKER)
    employer = create_employer()
    boss = create_user(Role.EMPLOYER, employer=employer)
    case = create_packet_case(employer=employer, matchmaker=matchmaker, confirmed=False)
    with pytest.raises(twv_packet.PacketRefused) as refused:
        twv_packet.build_packet(case, by=boss)
    assert refused.value.code == twv_packet.NOT_CONFIRMED
    assert packet_reads(case.candidate_id) == []


def test_no_packet_without_consent_for_this_purpose(app_ctx):
    matchmaker = create_user(Role.MATCHMAKER)
    employer = create_employer()
    boss = create_user(Role.EMPLOYER, employer=employer)
    case = create_packet_case(
        employer=employer,
        matchmaker=matchmaker,
        scopes=("matching", "employers", "introduction"),
    )
    with pytest.raises(twv_packet.PacketRefused) as refused:
        twv_packet.build_packet(case, by=boss)
    assert refused.value.code == twv_packet.NO_CONSENT
    assert packet_reads(case.candidate_id) == []


def test_withdrawn_consent_stops_the_packet(world):
    matchmaker, _employer, boss, _other, case = world
    twv_packet.build_packet(case, by=boss)
    consents.withdraw_consent(case.candidate, by=matchmaker)
    with pytest.raises(twv_packet.PacketRefused):
        twv_packet.build_packet(case, by=boss)


def test_other_employers_matchmakers_and_undelegated_intermediaries_are_refused(world):
    matchmaker, _employer, _boss, other, case = world
    stranger = create_intermediary_user()
    for reader in (other, matchmaker, stranger):
        with pytest.raises(twv.NotAllowed):
            twv_packet.build_packet(case, by=reader)
    assert packet_reads(case.candidate_id) == []


def test_a_delegated_intermediary_reads_on_behalf_of_the_employer(world):
    _mm, employer, _boss, _other, case = world
    agent = create_intermediary_user()
    delegate_to(employer, agent)
    packet = twv_packet.build_packet(case, by=agent)
    assert {line.field.key: line.value for line in packet.lines}["name"] == PERSON.name
    (read,) = packet_reads(case.candidate_id)
    assert read.actor_id == agent.id
    assert read.details["on_behalf_of"] == employer.id


def test_an_unverified_intermediary_sees_nothing_even_when_delegated_to(world):
    _mm, employer, _boss, _other, case = world
    agent = create_intermediary_user(verified=False)
    with pytest.raises(delegations.NotVerified):
        delegate_to(employer, agent)
    assert case_access.case_for_user(case.id, agent) is None


def test_revoking_ends_the_intermediarys_access(world):
    _mm, employer, boss, _other, case = world
    agent = create_intermediary_user()
    delegate_to(employer, agent)
    assert case_access.case_for_user(case.id, agent) is case
    assert [row.case.id for row in case_access.case_overviews(agent)] == [case.id]
    (delegation,) = delegations.delegations_of_employer(employer.id)
    delegations.revoke(delegation, by=boss)
    assert delegation.revoked_at is not None
    assert case_access.case_for_user(case.id, agent) is None
    assert case_access.case_overviews(agent) == []
    with pytest.raises(twv.NotAllowed):
        twv_steps.record_step(case, "draft_contract", action=StepState.DONE, by=agent)


def test_steps_by_an_intermediary_are_recorded_on_behalf_of_the_employer(world):
    _matchmaker, employer, _boss, _other, case = world
    agent = create_intermediary_user()
    delegate_to(employer, agent)
    row = twv_steps.record_step(
        case, "draft_contract", action=StepState.DONE, by=agent, today=twv.local_today()
    )
    change = db.session.scalar(
        select(StatusChange).where(
            StatusChange.object_type == "twv_step", StatusChange.object_id == row.id
        )
    )
    assert change.by_id == agent.id
    assert change.on_behalf_of_id == employer.id
    with pytest.raises(twv.NotAllowed):  # a matchmaker's step stays the matchmaker's
        twv_steps.record_step(case, "eligibility", action=StepState.DONE, by=agent)


def test_the_intermediary_gets_the_employers_reminders_and_calendar(world):
    _mm, employer, boss, _other, case = world
    agent = create_intermediary_user()
    assert agent.email not in reminders.recipients_for(case, "employer")
    delegate_to(employer, agent)
    assert reminders.recipients_for(case, "employer") == [boss.email, agent.email]
    assert agent.email not in reminders.recipients_for(case, "matchmaker")
    organisation = organisations.organisation_of(agent)
    feed = build_intermediary_feed(organisation).decode()
    assert case.candidate.ref in feed
    assert PERSON.name not in feed


def test_the_packet_names_the_place_of_business_and_the_place_of_work(world):
    """Domain notes 1.7: a TWV names the employer's place of business and where the work
    is done; both are the employer's facts, never the person's."""
    _mm, employer, boss, _other, case = world
    vacancy = case.hire.vacancy
    vacancy.pc4, vacancy.municipality = "1012", "Amsterdam"
    employer.workplace_pc4 = "1187"
    values = {
        line.field.key: line.value
        for line in twv_packet.build_packet(case, by=boss).lines
    }
    assert values["employer_location"].startswith("1187 ")
    assert "Amstelveen" in values["employer_location"]  # from the postcode table
    assert values["place_of_work"] == "1012 Amsterdam"
    sections = {f.key: f.section for f in PACKET_FIELDS}
    assert sections["employer_location"] == sections["employer_name"]
    assert sections["place_of_work"] == sections["function"]
    assert (
        case.candidate.pc4 not in values["employer_location"] + values["place_of_work"]
    )
