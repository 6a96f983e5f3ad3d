"""Volunteer work as its own track (F1): the organisation's declaration is recorded with the
volunteer support activity and checked with ``volunteer_problems`` when recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.domain.volunteer import FOR_PROFIT_NO_VOLUNTEERS, NO_VOLUNTEER_DECLARATION
from portal.extensions import db
from portal.models import AuditEvent, Role, SupportType, VolunteerDeclaration
from portal.services.candidates import support
from portal.services.candidates.base import ProfileInvalid
from tests.fixtures.actors import create_user
from tests.fixtures.candidates import create_profile

TODAY = support.local_today()
VOLUNTEER = SupportType.VOLUNTEER_DECLARATION


def _record(profile, by, **volunteer):
    data = {
        "organisation": "Voedselbank Amstelland",
        "status": "held",
        "for_profit": False,
    }
    data.update(volunteer)
    return support.record_support(
        profile,
        done_on=TODAY,
        type=VOLUNTEER,
        volunteer=support.VolunteerData(**data),
        by=by,
    )


def test_a_held_declaration_of_a_non_profit_may_go_ahead(app_ctx):
    mm = create_user(Role.MATCHMAKER)
    activity = _record(create_profile(), mm)
    assert activity.volunteer.organisation == "Voedselbank Amstelland"
    assert activity.volunteer.status == "held"
    assert support.volunteer_check(activity) == []
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "support.record")
    )
    assert event.details["volunteer_problems"] == []


def test_an_application_counts_with_uwvs_receipt_date(app_ctx):
    mm = create_user(Role.MATCHMAKER)
    profile = create_profile()
    with pytest.raises(ProfileInvalid) as caught:
        _record(profile, mm, status="applied")
    assert set(caught.value.errors) == {"volunteer_receipt_on"}
    with pytest.raises(ProfileInvalid):
        _record(profile, mm, status="applied", uwv_receipt_on=TODAY + timedelta(days=1))
    activity = _record(
        profile, mm, status="applied", uwv_receipt_on=TODAY - timedelta(days=3)
    )
    assert activity.volunteer.uwv_receipt_on == TODAY - timedelta(days=3)
    assert support.volunteer_check(activity) == []


def test_no_declaration_or_a_commercial_organisation_is_a_problem(app_ctx):
    mm = create_user(Role.MATCHMAKER)
    profile = create_profile()
    without = _record(profile, mm, status="none")
    assert support.volunteer_check(without) == [NO_VOLUNTEER_DECLARATION]
    commercial = _record(profile, mm, status="held", for_profit=True)
    assert support.volunteer_check(commercial) == [FOR_PROFIT_NO_VOLUNTEERS]
    both = _record(profile, mm, status="none", for_profit=True)
    assert support.volunteer_check(both) == [
        FOR_PROFIT_NO_VOLUNTEERS,
        NO_VOLUNTEER_DECLARATION,
    ]
    event = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "support.record")
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event.details["volunteer_problems"] == [
        FOR_PROFIT_NO_VOLUNTEERS,
        NO_VOLUNTEER_DECLARATION,
    ]
    # a receipt date means nothing without the status "applied"
    held = _record(profile, mm, status="held", uwv_receipt_on=TODAY)
    assert held.volunteer.uwv_receipt_on is None


def test_a_volunteer_activity_needs_the_declaration(app_ctx):
    mm = create_user(Role.MATCHMAKER)
    profile = create_profile()
    with pytest.raises(ProfileInvalid):
        support.record_support(profile, done_on=TODAY, type=VOLUNTEER, by=mm)
    with pytest.raises(ProfileInvalid) as caught:
        _record(profile, mm, organisation=" ", status="maybe", for_profit=None)
    assert set(caught.value.errors) == {
        "volunteer_organisation",
        "volunteer_status",
        "volunteer_for_profit",
    }
    # other kinds of support carry no declaration
    cv = support.record_support(profile, done_on=TODAY, type=SupportType.CV, by=mm)
    assert cv.volunteer is None
    assert support.volunteer_check(cv) == []


def test_removing_the_activity_removes_its_declaration(app_ctx):
    mm = create_user(Role.MATCHMAKER)
    activity = _record(create_profile(), mm)
    support.remove_support(activity, by=mm)
    assert db.session.scalar(select(func.count(VolunteerDeclaration.id))) == 0
