"""The complement leaks found in review, each reproduced on a small hand-made data set and
shown closed: a figure that equals another, a total minus a part, a part of the people
with support. Expected values are computed by hand in the comments.

Period: 1 April - 30 June 2025 (``EVAL_PERIOD``), one reception centre.
"""

from __future__ import annotations

from datetime import date, timedelta

from portal.extensions import db
from portal.models import CycleStatus
from portal.services.evaluation import suppress
from portal.services.evaluation.report import QUESTIONS, build_report, rule_inputs
from portal.services.evaluation.suppress import SECONDARY, SMALL
from tests.fixtures.actors import create_employer
from tests.fixtures.evaluation import (
    CENTRE_A,
    EVAL_PERIOD,
    activity,
    eval_profile,
    hire,
    twv_case,
    twv_cycle,
)


def _shown() -> dict:
    report = build_report(EVAL_PERIOD)
    return {f.key: f for s in report.sections for f in s.figures()}


def _nothing_follows() -> None:
    sections = [question(EVAL_PERIOD) for question in QUESTIONS.values()]
    counts, relations, unshown = rule_inputs(sections)
    hidden = suppress.protect(counts, relations, unshown)
    assert suppress.determined(counts, hidden, relations, unshown) == []


def _decisions(days_and_status: list[tuple[int, CycleStatus]]) -> None:
    """One TWV case with a cycle per decision, all submitted on 1 April 2025."""
    person = eval_profile("WB-LEAK1", CENTRE_A)
    job = hire(person, create_employer(pc4="1181"), date(2025, 4, 1), date(2026, 3, 31))
    case = twv_case(job)
    submitted = date(2025, 4, 1)
    for number, (days, status) in enumerate(days_and_status, start=1):
        twv_cycle(case, number, submitted, submitted + timedelta(days=days), status)
    db.session.commit()


def test_over_nine_weeks_is_the_last_band_and_hides_with_it(app_ctx):
    """16 decisions: 7 after 20 days, 2 after 40 days, 7 after 70 days.

    The 2 is small. Before, the rule hid the 7 of 15-35 days and the 7 of 64+ days, but
    showed "over 9 weeks" = 7 (the same count as 64+), so 9 - 7 gave the hidden 2 and
    16 - 9 the hidden 7. Now "over 9 weeks" hides with the band it equals, and because
    16 (decided) - 9 (over 5 weeks) still pinned the 15-35 band down, the total hides.
    """
    granted = CycleStatus.GRANTED
    _decisions([(20, granted)] * 7 + [(40, granted)] * 2 + [(70, granted)] * 7)
    fs = _shown()
    assert [
        fs[f"twv.days.{k}"].value for k in ("0_14", "15_35", "36_63", "64_plus")
    ] == [
        0,
        7,
        2,
        7,
    ]
    assert (fs["twv.over_5_weeks"].value, fs["twv.over_9_weeks"].value) == (9, 7)
    assert fs["twv.days.36_63"].shown == SMALL
    assert fs["twv.days.64_plus"].shown == SECONDARY
    assert fs["twv.over_9_weeks"].shown == SECONDARY  # was 7: the leak
    assert fs["twv.days.15_35"].shown == SECONDARY
    assert fs["twv.decided"].shown == SECONDARY  # 16 - 9 would give the 7 of 15-35
    assert fs["twv.over_5_weeks"].shown == 9
    _nothing_follows()


def test_decided_minus_refused_does_not_give_the_granted(app_ctx):
    """9 decisions after 20 days, 7 refused: 9 - 7 = 2 granted is small, so the
    refusals (the shown part of that sum) hide."""
    _decisions([(20, CycleStatus.REFUSED)] * 7 + [(20, CycleStatus.GRANTED)] * 2)
    fs = _shown()
    assert (fs["twv.decided"].value, fs["twv.refused"].value) == (9, 7)
    assert fs["twv.refused"].shown == SECONDARY  # was 7: 9 - 7 gave the 2 granted
    assert fs["twv.decided"].shown == 9
    _nothing_follows()


def test_refusals_without_a_submission_date_are_not_decisions(app_ctx):
    """A refusal counts among the decisions it is part of (submitted and decided)."""
    _decisions([(20, CycleStatus.REFUSED)] * 6)
    from portal.models import TwvCycle

    cycle = db.session.query(TwvCycle).first()
    cycle.submitted_on = None
    db.session.commit()
    fs = _shown()
    assert (fs["twv.decided"].value, fs["twv.refused"].value) == (5, 5)


def test_people_with_one_kind_of_support_hide_when_the_rest_is_small(app_ctx):
    """9 people with support: p1-p8 an intake (15 April), p1-p5 and p9 a cv (1 May).

    Before, 9 people, 8 with an intake and 6 with a cv were all shown: 9 - 8 = 1 person
    with support but no intake (p9), 9 - 6 = 3 without a cv. Now both types hide.
    """
    people = [eval_profile(f"WB-LEAKS{i}", CENTRE_A) for i in range(1, 10)]
    for person in people[:8]:
        activity(person, "intake", date(2025, 4, 15))
    for person in [*people[:5], people[8]]:
        activity(person, "cv", date(2025, 5, 1))
    db.session.commit()
    fs = _shown()
    assert (
        fs["support.people"].value,
        fs["support.people.intake"].value,
        fs["support.people.cv"].value,
    ) == (9, 8, 6)
    assert fs["support.people"].shown == 9
    assert fs["support.people.intake"].shown == SECONDARY  # was 8
    assert fs["support.people.cv"].shown == SECONDARY  # was 6
    _nothing_follows()
