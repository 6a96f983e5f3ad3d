"""The support record: what the Werkplein did for each candidate, for the pilot's evaluation.

Volunteer work is its own track (rule F1, ``portal.domain.volunteer``): a
``volunteer_declaration`` activity carries the organisation's vrijwilligersverklaring
(held, or applied for with UWV's receipt date) and whether the organisation is
for-profit. The rule is checked when it is recorded (the problems go into the audit
event) and again whenever the activity is shown (``volunteer_check`` on the stored facts),
so nobody arranges volunteer work the rule does not allow without seeing why.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.domain.volunteer import PROBLEM_MESSAGES, volunteer_problems
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Employer,
    SupportActivity,
    SupportType,
    User,
    VolunteerDeclaration,
)
from portal.services import audit
from portal.services.candidates.profile_input import check_anonymous
from portal.services.candidates.profiles import (
    IdentifiersFound,
    ProfileInvalid,
    _t,
    local_today,
)

log = logging.getLogger(__name__)

SUPPORT_LABELS: dict[SupportType, object] = {
    SupportType.INTAKE: _l("Intake"),
    SupportType.CV: _l("Cv maken of verbeteren"),
    SupportType.APPLICATION_TRAINING: _l("Sollicitatietraining"),
    SupportType.JOB_FAIR: _l("Banenmarkt"),
    SupportType.EMPLOYER_MEETING: _l("Kennismaking met werkgevers"),
    SupportType.LANGUAGE_COURSE: _l("Taalcursus"),
    SupportType.MEDIATION: _l("Bemiddeling naar werk"),
    SupportType.ADVICE_CANDIDATE: _l("Informatie en advies aan de kandidaat"),
    SupportType.ADVICE_EMPLOYER: _l("Informatie en advies aan een werkgever"),
    SupportType.VOLUNTEER_DECLARATION: _l(
        "Vrijwilligerswerk: vrijwilligersverklaring van de organisatie"
    ),
    SupportType.OTHER: _l("Anders"),
}
#: Kinds of support that are about a particular employer (it may be named).
EMPLOYER_TYPES = {
    SupportType.EMPLOYER_MEETING,
    SupportType.ADVICE_EMPLOYER,
    SupportType.MEDIATION,
    SupportType.VOLUNTEER_DECLARATION,
}

#: The organisation's declaration: held, applied for (UWV's receipt), or none.
DECLARATION_LABELS: dict[str, object] = {
    "held": _l("De organisatie heeft een vrijwilligersverklaring"),
    "applied": _l("De organisatie heeft de verklaring aangevraagd bij UWV"),
    "none": _l("De organisatie heeft geen verklaring en heeft die niet aangevraagd"),
}

__all__ = [
    "IdentifiersFound",
    "VolunteerData",
    "record_support",
    "remove_support",
    "support_totals",
    "volunteer_check",
]


@dataclass(frozen=True)
class VolunteerData:
    """The organisation's declaration, as the matchmaker records it."""

    organisation: str
    status: str  # held | applied | none
    for_profit: bool | None  # None: not answered (refused)
    uwv_receipt_on: date | None = None


def _volunteer_row(data: VolunteerData, done_on: date) -> VolunteerDeclaration:
    errors: dict[str, str] = {}
    organisation = data.organisation.strip()
    if not organisation:
        errors["volunteer_organisation"] = _t("Vul de naam van de organisatie in.")
    if data.status not in DECLARATION_LABELS:
        errors["volunteer_status"] = _t("Kies of de organisatie een verklaring heeft.")
    if data.for_profit is None:
        errors["volunteer_for_profit"] = _t(
            "Kies of de organisatie een winstoogmerk heeft."
        )
    if data.status == "applied":
        if data.uwv_receipt_on is None:
            errors["volunteer_receipt_on"] = _t(
                "Vul de datum van de ontvangstbevestiging van UWV in."
            )
        elif data.uwv_receipt_on > local_today():
            errors["volunteer_receipt_on"] = _t("Deze datum ligt in de toekomst.")
    if errors:
        raise ProfileInvalid(errors)
    return VolunteerDeclaration(
        organisation=organisation,
        status=data.status,
        uwv_receipt_on=data.uwv_receipt_on if data.status == "applied" else None,
        for_profit=bool(data.for_profit),
    )


def volunteer_check(activity: SupportActivity) -> list[str]:
    """The F1 problem codes of a volunteer activity on its date (empty: it may go ahead)."""
    declaration = activity.volunteer
    if declaration is None:
        return []
    return volunteer_problems(
        activity.done_on,
        has_declaration=declaration.status == "held",
        declaration_applied=declaration.status == "applied"
        and declaration.uwv_receipt_on is not None,
        for_profit=declaration.for_profit,
    )


def problem_message(code: str) -> str:
    """The Dutch msgid of a volunteer problem (translate it in the view)."""
    return PROBLEM_MESSAGES[code]


def record_support(
    profile: CandidateProfile,
    *,
    done_on: date,
    type: SupportType,
    note: str = "",
    employer: Employer | None = None,
    volunteer: VolunteerData | None = None,
    by: User | None,
) -> SupportActivity:
    """Log one act of support; the note must be anonymous like the summary.

    A volunteer activity needs ``volunteer`` (the organisation's declaration); its
    problems under rule F1 are then ``volunteer_check(activity)``.
    """
    if done_on > local_today():
        raise ProfileInvalid({"done_on": _t("Deze datum ligt in de toekomst.")})
    check_anonymous("note", note)
    declaration = None
    if type == SupportType.VOLUNTEER_DECLARATION:
        if volunteer is None:
            raise ProfileInvalid(
                {"volunteer_status": _t("Kies of de organisatie een verklaring heeft.")}
            )
        declaration = _volunteer_row(volunteer, done_on)
    activity = SupportActivity(
        done_on=done_on,
        type=type,
        note=note.strip(),
        employer_id=employer.id if employer is not None else None,
        recorded_by_id=by.id if by is not None else None,
        volunteer=declaration,
    )
    profile.support_activities.append(activity)
    db.session.flush()
    details: dict[str, object] = {
        "support_activity_id": activity.id,
        "type": str(type),
    }
    if declaration is not None:
        details["volunteer_problems"] = volunteer_check(activity)
    audit.record_event(
        "support.record",
        actor=by,
        object_type="candidate_profile",
        object_id=profile.id,
        details=details,
    )
    return activity


def remove_support(activity: SupportActivity, *, by: User | None) -> None:
    """Delete a wrongly entered activity (audited with its type, never the note)."""
    audit.record_event(
        "support.remove",
        actor=by,
        object_type="candidate_profile",
        object_id=activity.profile_id,
        details={"support_activity_id": activity.id, "type": str(activity.type)},
    )
    db.session.delete(activity)
    db.session.flush()


def support_totals(start: date, end: date) -> dict[SupportType, tuple[int, int]]:
    """Per kind of support between two dates: (number of activities, number of people)."""
    rows = db.session.execute(
        select(
            SupportActivity.type,
            func.count(SupportActivity.id),
            func.count(func.distinct(SupportActivity.profile_id)),
        )
        .where(SupportActivity.done_on.between(start, end))
        .group_by(SupportActivity.type)
    ).all()
    found = {SupportType(t): (int(n), int(people)) for t, n, people in rows}
    return {t: found.get(t, (0, 0)) for t in SupportType}


def type_counts(profile: CandidateProfile) -> Counter[SupportType]:
    return Counter(SupportType(a.type) for a in profile.support_activities)


def get_activity(profile: CandidateProfile, activity_id: int) -> SupportActivity | None:
    """The activity, only when it belongs to ``profile`` (ids in a URL can be changed)."""
    activity = db.session.get(SupportActivity, activity_id)
    if activity is None or activity.profile_id != profile.id:
        return None
    return activity
