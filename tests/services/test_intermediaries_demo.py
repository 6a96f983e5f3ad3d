"""The demo shows the feature: a verified bureau, a delegation, a packet that opens."""

from __future__ import annotations

from sqlalchemy import select

from portal.demo import load_all
from portal.demo.accounts import INTERMEDIARIES
from portal.demo.intermediaries import PACKET_REF
from portal.extensions import db
from portal.models import CandidateProfile, TwvCase
from portal.services.accounts import users as accounts
from portal.services.intermediaries import delegations
from portal.services.twv import packet as twv_packet


def test_demo_packet_works_for_the_employer_and_its_bureau_and_is_idempotent(app_ctx):
    first = load_all()
    assert any(PACKET_REF in line for line in first)
    second = load_all()
    assert not any("intermediary" in line or PACKET_REF in line for line in second)
    agent = accounts.find_user_by_email(INTERMEDIARIES[0][0])
    assert agent is not None
    assert agent.is_intermediary
    case = db.session.scalar(
        select(TwvCase)
        .join(TwvCase.candidate)
        .where(CandidateProfile.ref == PACKET_REF)
    )
    assert case.hire.is_confirmed
    assert case.employer_id in delegations.delegating_employer_ids(agent)
    boss = next(u for u in case.employer.users if u.is_employer)
    for reader in (boss, agent):
        packet = twv_packet.build_packet(case, by=reader)
        values = {line.field.key: line.value for line in packet.lines}
        assert values["name"] == "Samira Osman"
    assert len(delegations.delegations_of_employer(case.employer_id)) == 1
