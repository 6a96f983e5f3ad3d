"""TWV decision, end and renewal dates (rules D1–D6), as pure date arithmetic.

The waiting-period rules and the term constants live in ``matching.permits`` (the
matching library needs them and must not import the portal); this module builds the
portal's case dates on top of them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from matching.permits import TWV_LEGAL_TERM_DAYS, TWV_PRACTICAL_WAIT_DAYS

#: D4 — ASSUMED: extra time on top of the practical 9-week wait so a renewal is filed
#: 12 weeks (84 days) before the TWV ends, the first point of the reminder schedule.
RENEWAL_SAFETY_MARGIN_DAYS = 21


class DecisionDates(NamedTuple):
    """When UWV should decide (legal, D1) and when it usually does (pilots' practice)."""

    legal: date
    practical: date


def expected_decision(submitted_on: date) -> DecisionDates:
    """D1: submission + 35 days (Wav art. 6(2)); practical + 63 days (Amstelveen 2025).

    The legal term runs from receipt of the *complete* application; the portal only
    knows the day the employer submitted it in the digital loket, taken as the day of
    receipt (ASSUMED).
    """
    return DecisionDates(
        legal=submitted_on + timedelta(days=TWV_LEGAL_TERM_DAYS),
        practical=submitted_on + timedelta(days=TWV_PRACTICAL_WAIT_DAYS),
    )


def decision_overdue(
    submitted_on: date, today: date, *, decided_on: date | None = None
) -> bool:
    """D2 — ASSUMED: overdue from the day *after* the legal term's last day (day 36).

    Day 35 is still inside "binnen vijf weken na ontvangst", so UWV is late only from
    day 36. A recorded decision is never overdue.
    """
    if decided_on is not None and decided_on <= today:
        return False
    return today > expected_decision(submitted_on).legal


def twv_end_date(w_valid_until: date, stated_end: date | None = None) -> date:
    """D3: the TWV runs as long as the W-document, unless the decision states an end.

    uwv.nl (asielzoeker, after 29 Nov 2023): "voor de maximale duur van het
    Vreemdelingen Identiteitsbewijs" — VERIFIED. The stated date wins (VERIFIED).
    Both are the last day on which the person may work.
    """
    return stated_end if stated_end is not None else w_valid_until


def renewal_due_date(
    twv_end: date,
    *,
    practical_wait_days: int = TWV_PRACTICAL_WAIT_DAYS,
    safety_margin_days: int = RENEWAL_SAFETY_MARGIN_DAYS,
) -> date:
    """D4 — ASSUMED: file the renewal by this date so the 9-week wait ends before expiry."""
    return twv_end - timedelta(days=practical_wait_days + safety_margin_days)


def next_twv_start(prev_end: date) -> date:
    """D6: a new TWV may start the day after the previous one ends ("geen wachttijd")."""
    return prev_end + timedelta(days=1)
