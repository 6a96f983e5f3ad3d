"""The demo has a verified COA account with referrals and a planned transfer of a
working person, and a second run changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.demo import load_all
from portal.demo import permits as permits_demo
from portal.extensions import db
from portal.models import (
    CoaPartner,
    ProcedureEvent,
    Referral,
    ReferralStatus,
    TransferRetention,
)


def test_demo_permits_are_complete_and_idempotent(app_ctx) -> None:
    load_all()
    db.session.commit()
    partner = db.session.scalars(select(CoaPartner)).one()
    assert partner.is_verified
    assert partner.user.email == permits_demo.COA_EMAIL
    statuses = set(db.session.scalars(select(Referral.status)))
    assert statuses == {
        ReferralStatus.SENT,
        ReferralStatus.INTAKE,
        ReferralStatus.DECLINED,
    }
    event = db.session.scalars(select(ProcedureEvent)).one()
    assert event.kind == "transfer_planned"
    assert db.session.scalar(select(func.count()).select_from(TransferRetention)) == 1

    assert permits_demo.load() == []
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 3
