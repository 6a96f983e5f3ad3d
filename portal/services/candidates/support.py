"""The support record: what the Werkplein did for each candidate, for the pilot's evaluation."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import CandidateProfile, Employer, SupportActivity, SupportType, User
from portal.services import audit
from portal.services.candidates.profiles import (
    IdentifiersFound,
    ProfileInvalid,
    _t,
    check_anonymous,
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

__all__ = ["IdentifiersFound", "record_support", "remove_support", "support_totals"]


def record_support(
    profile: CandidateProfile,
    *,
    done_on: date,
    type: SupportType,
    note: str = "",
    employer: Employer | None = None,
    by: User | None,
) -> SupportActivity:
    """Log one act of support; the note must be anonymous like the summary."""
    if done_on > local_today():
        raise ProfileInvalid({"done_on": _t("Deze datum ligt in de toekomst.")})
    check_anonymous("note", note)
    activity = SupportActivity(
        done_on=done_on,
        type=type,
        note=note.strip(),
        employer_id=employer.id if employer is not None else None,
        recorded_by_id=by.id if by is not None else None,
    )
    profile.support_activities.append(activity)
    db.session.flush()
    audit.record_event(
        "support.record",
        actor=by,
        object_type="candidate_profile",
        object_id=profile.id,
        details={"support_activity_id": activity.id, "type": str(type)},
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
