"""The report: the five questions in order, each computed for the same filters.

``QUESTIONS`` is the one list; a question module adds its figures to its own section
(COA's referrals and their outcome are in ``reach``, the jobs kept or lost across a COA
transfer in ``bottlenecks``), and the page, exports and exchange format follow.

The small-numbers rule runs once over the whole report, so a figure hidden in one
question cannot be recovered from another: ``cross_relations`` declares the figures of
different questions that add up (the people reached are those with support plus those
with only a match, a follow-up is one of the placements, ...), and every complement that
is never shown is an unknown when the relations are solved together
(``suppress.protect``'s ``unshown``). A single question's export is cut from the whole
report and so hides exactly what the page hides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from portal.services.evaluation import suppress
from portal.services.evaluation.bottlenecks import bottlenecks
from portal.services.evaluation.figures import Section
from portal.services.evaluation.period import Filters
from portal.services.evaluation.placement import placement
from portal.services.evaluation.reach import reach, support
from portal.services.evaluation.work import work

QUESTIONS: dict[str, Callable[[Filters], Section]] = {
    "reach": reach,
    "support": support,
    "work": work,
    "bottlenecks": bottlenecks,
    "placement": placement,
}

#: (whole, part): the part is a subset of the whole, in another question or the same one;
#: their difference is a virtual count protected like any other.
SUBSETS: list[tuple[str, str]] = [
    ("reach.participants", "support.people"),  # the rest: reached through a match only
    ("support.people.intake", "reach.intakes"),  # the rest: a repeated intake
    (
        "reach.intakes",
        "work.six_months.cohort",
    ),  # the rest: intakes under six months ago
    ("work.placements", "work.people_in_work"),  # the rest: second jobs
    ("work.placements", "work.follow_up_3.recorded"),
    ("work.placements", "work.follow_up_6.recorded"),
    ("events.relocations", "events.relocated_people"),  # the rest: repeated moves
    ("placement.linked", "placement.with_work"),
    # The same count in two places must be hidden in both.
    ("events.jobs_lost_coa", "no.hire_ended.relocated_by_coa"),
]


def cross_relations(
    counts: dict[str, int],
) -> tuple[list[suppress.Relation], dict[str, int]]:
    relations: list[suppress.Relation] = []
    virtual: dict[str, int] = {}
    for whole, part in SUBSETS:
        if whole not in counts:
            continue
        rest = f"{whole}~minus~{part}"
        virtual[rest] = counts[whole] - counts.get(part, 0)
        if part not in counts:
            virtual[part] = 0
        relations.append((whole, [part, rest]))
    return relations, virtual


@dataclass
class Report:
    filters: Filters
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def rule_inputs(
    sections: list[Section],
) -> tuple[dict[str, int], list[suppress.Relation], set[str]]:
    """The counts, relations and never-shown keys the small-numbers rule works on."""
    counts: dict[str, int] = {}
    relations: list[suppress.Relation] = []
    unshown: set[str] = set()
    for section in sections:
        counts.update(section.counts())
        relations.extend(section.relations)
        unshown.update(section.virtual)
    extra, virtual = cross_relations(counts)
    counts.update(virtual)
    unshown.update(k for k in virtual if "~minus~" in k)
    return counts, [*relations, *extra], unshown


def protect(sections: list[Section]) -> None:
    """Apply the small-numbers rule to all sections together."""
    hidden = suppress.protect(*rule_inputs(sections))
    for section in sections:
        section.protect(hidden)


def build_report(filters: Filters, only: str | None = None) -> Report:
    sections = [question(filters) for question in QUESTIONS.values()]
    protect(sections)
    if only:
        sections = [s for s in sections if s.key == only]
    return Report(filters, sections)
