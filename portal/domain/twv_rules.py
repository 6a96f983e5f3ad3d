"""TWV rules of README section 8 A, C, D and E: one import point for the portal.

The rules are split over small modules by concern; this module re-exports them so the
portal imports ``portal.domain.twv_rules`` only:

- ``twv_eligibility`` — the gate: ``check_eligibility`` (A, B, E1–E2), with its data
  (``Check``, the facts and settings) in ``twv_eligibility_data`` and the checks on the
  job (B, E1–E2, F4) in ``twv_job_checks``;
- ``twv_dates`` — decision, end and renewal dates (D1–D6);
- ``twv_reminders`` — ``reminder_schedule`` with stable keys (D2, D4, D5, D9);
- ``twv_tasks`` — tasks on case events (D7–D10);
- ``twv_checklist`` — ``CHECKLIST_STEPS`` (C1–C5, E1, E4–E5).

The waiting period itself (A3, A10) and the decision terms are in ``matching.permits``.
"""

from matching.permits import (
    TWV_LEGAL_TERM_DAYS,
    TWV_PRACTICAL_WAIT_DAYS,
    add_months,
    earliest_work_date,
    may_work_on,
    twv_renewals_needed,
)
from portal.domain.twv_checklist import CHECKLIST_STEPS, ChecklistStep, step
from portal.domain.twv_dates import (
    RENEWAL_SAFETY_MARGIN_DAYS,
    DecisionDates,
    decision_overdue,
    expected_decision,
    next_twv_start,
    renewal_due_date,
    twv_end_date,
)
from portal.domain.twv_eligibility import check_eligibility, is_blocked
from portal.domain.twv_eligibility_data import (
    N_,
    Check,
    EligibilityFacts,
    EligibilitySettings,
)
from portal.domain.twv_reminders import (
    LATE_NOTE_NL,
    REMINDER_POINTS,
    CaseDates,
    ReminderPoint,
    ReminderSpec,
    reminder_key,
    reminder_schedule,
)
from portal.domain.twv_tasks import (
    TaskSpec,
    TrackClosure,
    change_needs_new_twv_task,
    early_end_task,
    status_holder_closure,
    transfer_check_task,
    unused_twv_task,
)

__all__ = [
    "CHECKLIST_STEPS",
    "LATE_NOTE_NL",
    "N_",
    "REMINDER_POINTS",
    "RENEWAL_SAFETY_MARGIN_DAYS",
    "TWV_LEGAL_TERM_DAYS",
    "TWV_PRACTICAL_WAIT_DAYS",
    "CaseDates",
    "Check",
    "ChecklistStep",
    "DecisionDates",
    "EligibilityFacts",
    "EligibilitySettings",
    "ReminderPoint",
    "ReminderSpec",
    "TaskSpec",
    "TrackClosure",
    "add_months",
    "change_needs_new_twv_task",
    "check_eligibility",
    "decision_overdue",
    "earliest_work_date",
    "early_end_task",
    "expected_decision",
    "is_blocked",
    "may_work_on",
    "next_twv_start",
    "reminder_key",
    "reminder_schedule",
    "renewal_due_date",
    "status_holder_closure",
    "step",
    "transfer_check_task",
    "twv_end_date",
    "twv_renewals_needed",
    "unused_twv_task",
]
