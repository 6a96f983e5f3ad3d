"""The report: the five questions in order, each computed for the same filters.

``QUESTIONS`` is the one list; a question module adds its figures to its own section
(for example COA referrals go into ``reach``), and the page, exports and exchange
format follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass
class Report:
    filters: Filters
    sections: list[Section]

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def build_report(filters: Filters, only: str | None = None) -> Report:
    keys = [only] if only else list(QUESTIONS)
    return Report(filters, [QUESTIONS[k](filters) for k in keys])
