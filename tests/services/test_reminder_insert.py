"""The reminder insert tells a new row from a conflict, on SQLite and PostgreSQL alike.

On PostgreSQL the rowcount of ``INSERT … ON CONFLICT DO NOTHING`` came back -1, so a run
counted every existing reminder as recorded again and never reached the branch that marks
an overtaken reminder as superseded. ``plan`` is the recording step of the job, without mail.
"""

from __future__ import annotations

from datetime import date

import time_machine
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Reminder, ReminderStatus
from portal.models.base import utcnow
from portal.services.twv import reminders
from tests.services.test_reminders import at, build_world


def _values(case_id: int, key: str) -> dict:
    return {
        "key": key,
        "case_id": case_id,
        "cycle_number": 1,
        "kind": "twv_end",
        "offset_days": -84,
        "due_on": date(2026, 7, 8),
        "audience": "employer",
        "recipients": [],
        "params": {},
        "status": ReminderStatus.PENDING.value,
        "attempts": 0,
        "late_by_days": 0,
        "created_at": utcnow(),
    }


def test_insert_if_absent_is_true_once_then_false(app):
    world = build_world(app)
    with app.app_context():
        values = _values(world.case_id, "test:insert-once")
        assert reminders._insert_if_absent(values) is True
        assert reminders._insert_if_absent(values) is False
        assert reminders._insert_if_absent(values) is False
        assert db.session.scalar(select(func.count()).select_from(Reminder)) == 1


def test_a_second_plan_records_nothing_and_supersedes_the_overtaken(app):
    world = build_world(app)
    with app.app_context(), time_machine.travel(at(date(2026, 7, 8)), tick=False):
        first = reminders.plan(date(2026, 7, 8))  # the 12-week reminder, pending
        db.session.commit()
    assert first.recorded
    with app.app_context(), time_machine.travel(at(date(2026, 9, 10)), tick=False):
        again = reminders.plan(date(2026, 9, 10))
        db.session.commit()
        repeat = reminders.plan(date(2026, 9, 10))
        db.session.commit()
        statuses = dict(
            db.session.execute(
                select(Reminder.offset_days, Reminder.status).where(
                    Reminder.kind == "twv_end", Reminder.case_id == world.case_id
                )
            ).all()
        )
    # The pending 12-week reminder was overtaken by the 3-week one: superseded, not sent.
    overtaken = [key for key in first.recorded if "twv_end" in key]
    assert overtaken
    assert set(overtaken) <= set(again.superseded)
    assert not set(first.recorded) & set(again.recorded)
    assert repeat.recorded == []
    assert repeat.superseded == []
    assert statuses[-84] == ReminderStatus.SUPERSEDED
    assert statuses[-21] == ReminderStatus.PENDING
