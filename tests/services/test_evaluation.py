"""Every figure of the five questions on the fixed data set of tests/fixtures/evaluation.py.

Expected values are computed by hand from the comments there. ``raw`` is the value the
database computed; ``shown`` what the page and exports show after the small-numbers rule.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from portal.extensions import db
from portal.services.evaluation import setup
from portal.services.evaluation.period import Filters
from portal.services.evaluation.report import build_report
from portal.services.evaluation.suppress import SECONDARY, SMALL
from tests.fixtures.evaluation import (
    CENTRE_A,
    CENTRE_K,
    EVAL_END,
    EVAL_PERIOD,
    EVAL_START,
)


def figures(section_key: str, filters: Filters = EVAL_PERIOD):
    section = build_report(filters, only=section_key).sections[0]
    return {f.key: f for f in section.figures()}


def raw(fs, key):
    return fs[key].value


def shown(fs, key):
    return fs[key].shown


# -- 1 reach ---------------------------------------------------------------------------
def test_reach_counts_distinct_people_with_support_or_a_match(evaluation_world) -> None:
    fs = figures("reach")
    assert raw(fs, "reach.participants") == 10
    assert raw(fs, f"reach.centre.{CENTRE_A}") == 8
    assert raw(fs, f"reach.centre.{CENTRE_K}") == 2
    # K (2) is small; A (8) would then be 10 - 2: hidden as its complement.
    assert shown(fs, f"reach.centre.{CENTRE_K}") == SMALL
    assert shown(fs, f"reach.centre.{CENTRE_A}") == SECONDARY
    assert shown(fs, "reach.participants") == 10


def test_new_intakes_per_month_count_first_intakes_inside_the_period(
    evaluation_world,
) -> None:
    fs = figures("reach")
    assert raw(fs, "reach.intakes") == 8
    assert [raw(fs, f"reach.intakes.2025-0{m}") for m in (4, 5, 6)] == [5, 2, 1]
    assert [shown(fs, f"reach.intakes.2025-0{m}") for m in (4, 5, 6)] == [
        5,
        SMALL,
        SMALL,
    ]


def test_reach_of_one_centre_with_its_residents(evaluation_world) -> None:
    setup.set_residents(CENTRE_A, 300, by=None)
    db.session.commit()
    fs = figures("reach", Filters(EVAL_START, EVAL_END, CENTRE_A))
    assert raw(fs, "reach.participants") == 8
    assert shown(fs, "reach.share_of_residents") == Decimal("2.7")  # 8 / 300
    assert shown(fs, f"reach.centre_share.{CENTRE_A}") == Decimal("2.7")
    # Intakes in A: April 5, May 2, June 0 of 7: May is small, April its complement.
    assert raw(fs, "reach.intakes") == 7
    assert shown(fs, "reach.intakes.2025-05") == SMALL
    assert shown(fs, "reach.intakes.2025-04") == SECONDARY
    assert shown(fs, "reach.intakes.2025-06") == 0


def test_share_of_residents_is_hidden_when_its_count_is(evaluation_world) -> None:
    setup.set_residents(CENTRE_K, 40, by=None)
    db.session.commit()
    fs = figures("reach")
    assert raw(fs, f"reach.centre_share.{CENTRE_K}") == Decimal("5.0")  # 2 / 40
    assert shown(fs, f"reach.centre_share.{CENTRE_K}") == SECONDARY


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # One day: 1 April holds a1's intake only.
        ("2025-04-01", "2025-04-01", 1),
        # 30 June: k2's intake and a8's cv, and m13 created at 23:30 Amsterdam time.
        ("2025-06-30", "2025-06-30", 3),
        # 1 July: k1's intake, m12 created 00:10 Amsterdam time (30 June in UTC).
        ("2025-07-01", "2025-07-01", 2),
    ],
)
def test_period_boundaries_include_both_ends_in_dutch_days(
    evaluation_world, start, end, expected
) -> None:
    from datetime import date

    fs = figures("reach", Filters(date.fromisoformat(start), date.fromisoformat(end)))
    assert raw(fs, "reach.participants") == expected


# -- 2 support -------------------------------------------------------------------------
def test_support_people_and_activities_per_type(evaluation_world) -> None:
    fs = figures("support")
    assert raw(fs, "support.people") == 9
    assert raw(fs, "support.activities") == 14
    assert (raw(fs, "support.people.intake"), raw(fs, "support.activities.intake")) == (
        8,
        9,
    )
    assert (raw(fs, "support.people.cv"), raw(fs, "support.activities.cv")) == (4, 4)
    assert raw(fs, "support.activities.job_fair") == 1
    assert raw(fs, "support.activities.mediation") == 0
    assert shown(fs, "support.activities.cv") == SMALL
    # cv (4) and job fair (1) are both hidden: the intake count may stay.
    assert shown(fs, "support.activities.intake") == 9


def test_support_of_one_centre(evaluation_world) -> None:
    fs = figures("support", Filters(EVAL_START, EVAL_END, CENTRE_K))
    assert raw(fs, "support.people") == 1  # k2's intake on 30 June
    assert shown(fs, "support.people") == SMALL


# -- 3 work ----------------------------------------------------------------------------
def test_placements_count_confirmed_hires_starting_in_the_period(
    evaluation_world,
) -> None:
    fs = figures("work")
    assert raw(fs, "work.placements") == 6
    assert raw(fs, "work.people_in_work") == 6
    assert raw(fs, "work.sector.hospitality") == 4
    assert raw(fs, "work.sector.logistics") == 2
    assert raw(fs, "work.sector.care") == 0
    assert shown(fs, "work.sector.hospitality") == SMALL


def test_follow_ups_suppress_the_complement(evaluation_world) -> None:
    fs = figures("work")
    assert raw(fs, "work.follow_up_3.recorded") == 6
    assert raw(fs, "work.follow_up_3.still") == 5
    # 6 - 5 = 1 would reveal the one person no longer at work.
    assert shown(fs, "work.follow_up_3.recorded") == 6
    assert shown(fs, "work.follow_up_3.still") == SECONDARY
    assert (
        raw(fs, "work.follow_up_6.recorded"),
        raw(fs, "work.follow_up_6.still"),
    ) == (2, 1)


def test_paid_work_six_months_after_intake(evaluation_world) -> None:
    fs = figures("work")
    assert raw(fs, "work.six_months.cohort") == 8
    assert raw(fs, "work.six_months.in_work") == 5
    assert raw(fs, "work.six_months.share") == Decimal("62.5")
    # 8 - 5 = 3 people not in work: small, so the 5 and the share are hidden.
    assert shown(fs, "work.six_months.in_work") == SECONDARY
    assert shown(fs, "work.six_months.share") == SECONDARY
    assert shown(fs, "ref.amsterdam.share") == Decimal("35.6")  # 83 / 233
    assert shown(fs, "ref.amsterdam.participants") == 233


def test_cost_per_person_in_work_uses_the_budget_setting(evaluation_world) -> None:
    fs = figures("work")
    assert shown(fs, "work.cost_per_person") == Decimal(19333)  # 116,000 / 6
    setup.set_budget(Decimal(60000), by=None)
    db.session.commit()
    assert shown(figures("work"), "work.cost_per_person") == Decimal(10000)


def test_work_of_the_other_centre(evaluation_world) -> None:
    fs = figures("work", Filters(EVAL_START, EVAL_END, CENTRE_K))
    assert raw(fs, "work.placements") == 0  # k2's hire starts on 1 July
    assert raw(fs, "work.six_months.cohort") == 1
    assert raw(fs, "work.cost_per_person") is None


# -- 4 bottlenecks ---------------------------------------------------------------------
def test_funnel_counts_each_step_reached(evaluation_world) -> None:
    fs = figures("bottlenecks")
    steps = ["suggested", "approved", "invited", "introduced", "hired"]
    assert [raw(fs, f"funnel.{s}") for s in steps] == [11, 9, 6, 5, 1]
    assert [raw(fs, f"funnel.{s}.conversion") for s in steps[1:]] == [
        Decimal("81.8"),
        Decimal("66.7"),
        Decimal("83.3"),
        Decimal("20.0"),
    ]
    # Drops of 2, 3, 1 and 4 are small: approved and introduced hide as complements.
    assert [shown(fs, f"funnel.{s}") for s in steps] == [
        11,
        SECONDARY,
        6,
        SECONDARY,
        SMALL,
    ]
    assert shown(fs, "funnel.invited.conversion") == SECONDARY


def test_funnel_of_one_centre(evaluation_world) -> None:
    fs = figures("bottlenecks", Filters(EVAL_START, EVAL_END, CENTRE_K))
    assert raw(fs, "funnel.suggested") == 2
    assert raw(fs, "funnel.approved") == 0


def test_every_coded_no_is_counted_on_its_day(evaluation_world) -> None:
    fs = figures("bottlenecks")
    assert raw(fs, "no.rejected.language") == 1
    # m13 was declined at 00:30 on 1 July (Amsterdam): not in the period.
    assert raw(fs, "no.declined") == 2
    assert raw(fs, "no.declined.hours") == 2
    assert raw(fs, "no.not_hired.language") == 1
    assert raw(fs, "no.withdrawn.relocated_by_coa") == 1
    assert raw(fs, "no.hire_ended") == 2
    assert raw(fs, "no.hire_ended.relocated_by_coa") == 1
    assert raw(fs, "no.hire_ended.twv_refused") == 1
    assert raw(fs, "events.relocations") == 2
    assert raw(fs, "events.relocated_people") == 1
    assert raw(fs, "events.consent_withdrawn") == 1
    assert raw(fs, "events.jobs_lost_coa") == 1


def test_twv_decision_times_refusals_renewals_lapses(evaluation_world) -> None:
    fs = figures("bottlenecks")
    assert raw(fs, "twv.decided") == 4
    assert [
        raw(fs, f"twv.days.{k}") for k in ("0_14", "15_35", "36_63", "64_plus")
    ] == [1, 1, 1, 1]
    assert raw(fs, "twv.over_5_weeks") == 2
    assert raw(fs, "twv.over_9_weeks") == 1
    assert raw(fs, "twv.refused") == 1
    assert raw(fs, "twv.renewals") == 2
    assert raw(fs, "twv.lapsed") == 1
    assert shown(fs, "twv.decided") == SMALL


def test_free_text_notes_are_not_in_the_report(evaluation_world) -> None:
    report = build_report(EVAL_PERIOD)
    text = repr([(f.label, f.shown) for s in report.sections for f in s.figures()])
    assert "geheim" not in text
    assert "vrije tekst" not in text


# -- 5 placement -----------------------------------------------------------------------
def test_placement_in_the_municipality_after_a_permit(evaluation_world) -> None:
    fs = figures("placement")
    assert raw(fs, "placement.permits") == 6
    assert raw(fs, "placement.linked") == 5
    assert raw(fs, "placement.linked_pilot") == 2
    assert raw(fs, "placement.with_work") == 5
    assert raw(fs, "placement.within_50km") == 4
    assert raw(fs, "placement.linked_pilot.share") == Decimal("33.3")
    assert raw(fs, "placement.within_50km.share") == Decimal("80.0")
    # One person is not linked (6 - 5): the 5 hides as its complement.
    assert shown(fs, "placement.linked") == SECONDARY
    assert shown(fs, "placement.permits") == 6


def test_placement_of_one_centre(evaluation_world) -> None:
    fs = figures("placement", Filters(EVAL_START, EVAL_END, CENTRE_K))
    assert raw(fs, "placement.permits") == 1
    assert raw(fs, "placement.within_50km") == 1  # Amsterdam, work in 1069


def test_municipality_distance_uses_pc4_centroids() -> None:
    from portal.services.evaluation.placement import distance_to_workplace

    assert distance_to_workplace("Haarlem", "1181") < 25
    assert distance_to_workplace("Groningen", "1181") > 120
    assert distance_to_workplace("Atlantis", "1181") is None


# -- across questions ------------------------------------------------------------------
def test_no_figure_is_the_difference_of_figures_in_two_questions(
    evaluation_world,
) -> None:
    report = build_report(EVAL_PERIOD)
    fs = {f.key: f for s in report.sections for f in s.figures()}
    # 10 reached - 9 with support = 1 reached through a match only (k3): the 9 hides.
    assert (raw(fs, "reach.participants"), raw(fs, "support.people")) == (10, 9)
    assert shown(fs, "support.people") == SECONDARY
    # The same count in two questions is hidden in both.
    assert shown(fs, "events.jobs_lost_coa") == shown(
        fs, "no.hire_ended.relocated_by_coa"
    )
    # A single question's export hides what the whole page hides.
    alone = figures("support")
    assert shown(alone, "support.people") == SECONDARY


def test_every_shown_count_passes_the_rule(evaluation_world) -> None:
    report = build_report(EVAL_PERIOD)
    for f in (f for s in report.sections for f in s.figures()):
        if f.unit == "count" and not f.reference and not f.hidden:
            assert not 1 <= int(f.value or 0) <= 4, f.key


# -- COA: referrals and jobs kept across a transfer (issue 13) -------------------------
def test_coa_referrals_are_counted_with_their_outcome(evaluation_world) -> None:
    fs = figures("reach")
    assert [
        raw(fs, f"referrals.{k}")
        for k in ("total", "intake", "declined", "withdrawn", "open")
    ] == [8, 5, 1, 0, 2]
    # 8 = 5 + 1 + 0 + 2: two small parts hide each other, the rest may show.
    assert [
        shown(fs, f"referrals.{k}")
        for k in ("total", "intake", "declined", "withdrawn", "open")
    ] == [8, 5, SMALL, 0, SMALL]


def test_coa_referrals_of_one_centre_and_on_the_period_boundaries(
    evaluation_world,
) -> None:
    from datetime import date

    a = figures("reach", Filters(EVAL_START, EVAL_END, CENTRE_A))
    assert [raw(a, f"referrals.{k}") for k in ("total", "intake", "declined")] == [
        6,
        4,
        1,
    ]
    k = figures("reach", Filters(EVAL_START, EVAL_END, CENTRE_K))
    assert (raw(k, "referrals.total"), raw(k, "referrals.open")) == (2, 1)
    # r1 on the first day and r3 on the last day count; r4 (31 March), r5 (1 July) not
    first = figures("reach", Filters(EVAL_START, EVAL_START))
    assert (raw(first, "referrals.total"), raw(first, "referrals.intake")) == (1, 1)
    last = figures("reach", Filters(EVAL_END, EVAL_END))
    assert (raw(last, "referrals.total"), raw(last, "referrals.open")) == (1, 1)
    before = figures("reach", Filters(date(2025, 3, 31), date(2025, 3, 31)))
    assert raw(before, "referrals.total") == 1  # r4 only


def test_jobs_kept_or_lost_across_a_planned_coa_transfer(evaluation_world) -> None:
    fs = figures("bottlenecks")
    assert [
        raw(fs, f"retention.{k}") for k in ("jobs", "kept_job", "lost_job", "open")
    ] == [4, 2, 1, 1]
    assert shown(fs, "retention.jobs") == SMALL
    # the one lost job is the hire that ended with the COA reason: counted once there
    assert raw(fs, "events.jobs_lost_coa") == 1
    k = figures("bottlenecks", Filters(EVAL_START, EVAL_END, CENTRE_K))
    assert raw(k, "retention.jobs") == 0
    last_day = figures("bottlenecks", Filters(EVAL_END, EVAL_END))
    assert raw(last_day, "retention.kept_job") == 1  # h5's transfer on 30 June


def test_placements_through_werkbrug_and_found_outside(evaluation_world) -> None:
    fs = figures("work")
    # h1 came from a match (m1); h2-h6 were recorded as found outside the portal.
    assert raw(fs, "work.placements.werkbrug") == 1
    assert raw(fs, "work.placements.outside") == 5
    assert raw(fs, "work.placements") == 6
    # 1 is small, and 6 - 1 would give it away: the 5 hides as its complement.
    assert shown(fs, "work.placements.werkbrug") == SMALL
    assert shown(fs, "work.placements.outside") == SECONDARY
    assert shown(fs, "work.placements") == 6


def test_no_hidden_figure_follows_from_the_shown_ones(evaluation_world) -> None:
    """Solving every relation of the report together pins no hidden figure down."""
    from portal.services.evaluation import suppress
    from portal.services.evaluation.report import QUESTIONS, rule_inputs

    for filters in (EVAL_PERIOD, Filters(EVAL_START, EVAL_END, CENTRE_A)):
        sections = [question(filters) for question in QUESTIONS.values()]
        counts, relations, unshown = rule_inputs(sections)
        hidden = suppress.protect(counts, relations, unshown)
        assert suppress.determined(counts, hidden, relations, unshown) == []
