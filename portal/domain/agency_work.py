"""Temporary agency work (uitzendwerk): the Wtta admission, as dated rule rows (rule F4).

The Wet toelating terbeschikkingstelling van arbeidskrachten (Wtta) was passed by the
Eerste Kamer on 11 Nov 2025: from 1 Jan 2027 an agency that lends out workers must be
admitted (toegelaten); hirers (inleners) that use an agency without admission are fined
from 1 Jan 2028, after a transition year — Zipconomy (13 Nov 2025), README §8 F4,
VERIFIED. Pure: no Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Status = Literal["VERIFIED", "ASSUMED"]
Phase = Literal["not_required", "transition", "enforced"]

_SOURCE = (
    "Zipconomy — Eerste Kamer neemt Wtta aan (13 nov 2025): toelating verplicht vanaf "
    "1 jan 2027, handhaving (boetes) vanaf 1 jan 2028"
)


@dataclass(frozen=True)
class WttaRule:
    """From ``valid_from`` on, the admission duty is in this phase."""

    valid_from: date
    phase: Phase
    source: str
    status: Status


WTTA_RULES: tuple[WttaRule, ...] = (
    WttaRule(date.min, "not_required", _SOURCE, "VERIFIED"),
    WttaRule(date(2027, 1, 1), "transition", _SOURCE, "VERIFIED"),
    WttaRule(date(2028, 1, 1), "enforced", _SOURCE, "VERIFIED"),
)

WTTA_ADMISSION_MISSING = "WTTA_ADMISSION_MISSING"


def wtta_rule_on(day: date, rules: tuple[WttaRule, ...] = WTTA_RULES) -> WttaRule:
    """The row in force on ``day``."""
    return max((r for r in rules if r.valid_from <= day), key=lambda r: r.valid_from)


@dataclass(frozen=True)
class AdmissionCheck:
    """``severity`` None: nothing to say; else warning (transition) or blocking (fines)."""

    code: str | None
    severity: Literal["warning", "blocking"] | None
    phase: Phase
    required_from: date
    fines_from: date


def check_admission(
    *,
    start_on: date,
    end_on: date | None,
    via_agency: bool,
    admitted: bool,
    rules: tuple[WttaRule, ...] = WTTA_RULES,
) -> AdmissionCheck:
    """Does an agency placement running from ``start_on`` to ``end_on`` need an admission?

    The contract is judged on its last day (or its first when open-ended is not known):
    a placement starting in 2026 and running into 2027 needs the admission too. A
    missing admission is a warning in the transition year and blocking once fines apply
    (ASSUMED: the portal cannot stop UWV, it stops the checklist).
    """
    required_from = next(r.valid_from for r in rules if r.phase == "transition")
    fines_from = next(r.valid_from for r in rules if r.phase == "enforced")
    last_day = end_on or start_on
    phase = wtta_rule_on(last_day, rules).phase
    if not via_agency or admitted or phase == "not_required":
        return AdmissionCheck(None, None, phase, required_from, fines_from)
    severity: Literal["warning", "blocking"] = (
        "blocking" if phase == "enforced" else "warning"
    )
    return AdmissionCheck(
        WTTA_ADMISSION_MISSING, severity, phase, required_from, fines_from
    )
