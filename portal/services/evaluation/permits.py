"""Question 4, the work permit: days from submission to decision, refusals, renewals, lapses.

A decision is a cycle with a submission date and a decision date in the period; the
refusals are the decisions that refused (so they are part of the decisions). The
figures that add up, or are the same count, are declared as relations for the
small-numbers rule: the decisions are the sum of the day bands and of refused and not
refused; "over 5 weeks" is the sum of the last two bands, "within 5 weeks" (not shown) the
rest of the decisions; "over 9 weeks" *is* the last band.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select

from portal.domain.twv_rules import TWV_LEGAL_TERM_DAYS, TWV_PRACTICAL_WAIT_DAYS
from portal.extensions import db
from portal.models import CycleStatus, TwvCase, TwvCycle
from portal.services.evaluation.common import in_centre
from portal.services.evaluation.figures import Figure
from portal.services.evaluation.labels import _
from portal.services.evaluation.period import Filters, days_between, on_dates

#: TWV decision time in days: (key, low, high) with both ends included.
TWV_BUCKETS = [
    ("0_14", 0, 14),
    ("15_35", 15, TWV_LEGAL_TERM_DAYS),
    ("36_63", TWV_LEGAL_TERM_DAYS + 1, TWV_PRACTICAL_WAIT_DAYS),
    ("64_plus", TWV_PRACTICAL_WAIT_DAYS + 1, None),
]


def twv_figures(filters: Filters) -> tuple[list[Figure], list, dict[str, int]]:
    """(figures, relations, virtual complements) of the TWV block."""
    days = days_between(TwvCycle.submitted_on, TwvCycle.decided_on)
    bucket_columns = []
    for _key, low, high in TWV_BUCKETS:
        cond = days >= low if high is None else and_(days >= low, days <= high)
        bucket_columns.append(func.coalesce(func.sum(case((cond, 1), else_=0)), 0))
    refused_column = func.coalesce(
        func.sum(case((TwvCycle.status == CycleStatus.REFUSED, 1), else_=0)), 0
    )
    base = (
        select(func.count(), refused_column, *bucket_columns)
        .select_from(TwvCycle)
        .join(TwvCase, TwvCase.id == TwvCycle.case_id)
        .where(
            TwvCycle.submitted_on.is_not(None),
            TwvCycle.decided_on.is_not(None),
            on_dates(TwvCycle.decided_on, filters),
        )
    )
    decided, refused, *buckets = db.session.execute(
        in_centre(base, TwvCase.candidate_id, filters)
    ).one()
    later = TwvCycle.__table__.alias("later")
    lapse = and_(
        TwvCycle.status == CycleStatus.GRANTED,
        TwvCycle.valid_until.is_not(None),
        on_dates(TwvCycle.valid_until, filters),
        TwvCycle.valid_until < filters.as_of,
        ~select(later.c.id)
        .where(later.c.case_id == TwvCycle.case_id, later.c.number > TwvCycle.number)
        .exists(),
        or_(TwvCase.closed_on.is_(None), TwvCase.closed_on > TwvCycle.valid_until),
    )
    renewals, lapses = db.session.execute(
        in_centre(
            select(
                func.coalesce(
                    func.sum(
                        case(
                            (
                                and_(
                                    TwvCycle.number > 1,
                                    on_dates(TwvCycle.submitted_on, filters),
                                ),
                                1,
                            ),
                            else_=0,
                        )
                    ),
                    0,
                ),
                func.coalesce(func.sum(case((lapse, 1), else_=0)), 0),
            )
            .select_from(TwvCycle)
            .join(TwvCase, TwvCase.id == TwvCycle.case_id),
            TwvCase.candidate_id,
            filters,
        )
    ).one()
    bucket_figures = [
        Figure(
            f"twv.days.{key}",
            _("%(low)s tot en met %(high)s dagen", low=low, high=high)
            if high is not None
            else _("%(low)s dagen of meer", low=low),
            int(n),
        )
        for (key, low, high), n in zip(TWV_BUCKETS, buckets, strict=True)
    ]
    over_5 = int(buckets[2]) + int(buckets[3])
    figures = [
        Figure("twv.decided", _("TWV-besluiten in de periode"), int(decided)),
        *bucket_figures,
        Figure(
            "twv.over_5_weeks",
            _("Besluit na meer dan 5 weken (wettelijke termijn)"),
            over_5,
        ),
        Figure("twv.over_9_weeks", _("Besluit na meer dan 9 weken"), int(buckets[3])),
        Figure("twv.refused", _("TWV geweigerd"), int(refused)),
        Figure("twv.renewals", _("Verlengingen aangevraagd"), int(renewals)),
        Figure("twv.lapsed", _("TWV verlopen zonder verlenging"), int(lapses)),
    ]
    relations = [
        ("twv.decided", [f.key for f in bucket_figures]),
        ("twv.over_5_weeks", ["twv.days.36_63", "twv.days.64_plus"]),
        ("twv.decided", ["twv.over_5_weeks", "twv.within_5_weeks"]),
        ("twv.over_9_weeks", ["twv.days.64_plus"]),  # the same count
        ("twv.decided", ["twv.refused", "twv.not_refused"]),
    ]
    virtual = {
        "twv.within_5_weeks": int(decided) - over_5,
        "twv.not_refused": int(decided) - int(refused),
    }
    return figures, relations, virtual
