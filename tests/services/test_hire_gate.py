"""The hire gate and the TWV checklist judge a person from the same facts and settings.

Both build their facts with ``twv.facts.candidate_facts``; these tests change one fact
recorded on the profile (the registration date, the accelerated procedure) or one
setting and show that both gates move together.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from portal.services.matches import hire_gate
from portal.services.permits import procedure
from portal.services.settings import definitions, values
from portal.services.twv import eligibility as twv_eligibility
from tests.fixtures.permits import create_working_person

TODAY = date(2026, 12, 4)


def _terms(start: date, end: date) -> SimpleNamespace:
    return SimpleNamespace(
        contract_start=start, contract_end=end, hourly_wage=Decimal("16.00")
    )


def _hire_gate(w, start: date, end: date) -> list[str]:
    return [
        c.code
        for c in hire_gate.blocking_checks(w.candidate, _terms(start, end), today=TODAY)
    ]


def _twv_gate(w, start: date, end: date) -> list[str]:
    w.hire.contract_start, w.hire.contract_end = start, end
    return [
        c.code
        for c in twv_eligibility.eligibility(w.case, today=TODAY)
        if c.severity == "blocking" and c.params.get("blocks") != "submission"
    ]


def test_the_accelerated_procedure_blocks_a_hire_as_it_blocks_the_twv(app_ctx):
    w = create_working_person()
    start, end = date(2027, 1, 4), date(2027, 6, 30)
    assert _hire_gate(w, start, end) == _twv_gate(w, start, end) == []
    procedure.set_procedure_facts(
        w.candidate, registration_date=None, accelerated=True, by=w.matchmaker
    )
    assert _hire_gate(w, start, end) == ["ACCELERATED_PROCEDURE_NO_WORK"]
    assert _twv_gate(w, start, end) == ["ACCELERATED_PROCEDURE_NO_WORK"]
    with pytest.raises(hire_gate.HireBlocked) as refused:
        hire_gate.check(w.candidate, _terms(start, end), today=TODAY)
    assert refused.value.earliest_start is None  # a later start does not help
    # The setting is the same for both: switched off, neither gate blocks.
    values.set_value(definitions.BLOCK_ACCELERATED, False, by=None)
    assert _hire_gate(w, start, end) == _twv_gate(w, start, end) == []


def test_an_earlier_registration_date_lets_both_gates_start_earlier(app_ctx):
    """Lodged 1 Sep 2026, registered 1 May 2026: from 12 Jun 2026 the six months count
    from the registration, so work may start on 1 Nov 2026 instead of 1 Mar 2027."""
    w = create_working_person()
    w.candidate.asylum_application_date = date(2026, 9, 1)
    start, end = date(2026, 12, 7), date(2027, 2, 28)
    waiting = ["ASYLUM_APPLICATION_UNDER_6_MONTHS"]
    assert _hire_gate(w, start, end) == _twv_gate(w, start, end) == waiting
    with pytest.raises(hire_gate.HireBlocked) as refused:
        hire_gate.check(w.candidate, _terms(start, end), today=TODAY)
    assert refused.value.earliest_start == date(2027, 3, 1)

    procedure.set_procedure_facts(
        w.candidate,
        registration_date=date(2026, 5, 1),
        accelerated=False,
        by=w.matchmaker,
    )
    assert _hire_gate(w, start, end) == _twv_gate(w, start, end) == []
    # The day before the registration's six months is still too early, in both.
    day_before = date(2026, 10, 31)
    assert _hire_gate(w, day_before, end) == waiting
    assert _twv_gate(w, day_before, end) == waiting
    assert _hire_gate(w, date(2026, 11, 1), end) == []


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("asylum_rejected", True, "ASYLUM_REJECTED_NO_WORK"),
        ("in_coa_reception", False, "NOT_IN_COA_RECEPTION"),
        ("w_document_valid_until", date(2026, 12, 31), "W_DOCUMENT_INVALID_OR_MISSING"),
    ],
)
def test_every_profile_fact_reaches_both_gates(app_ctx, field, value, code):
    w = create_working_person()
    start, end = date(2027, 1, 4), date(2027, 6, 30)
    setattr(w.candidate, field, value)
    assert code in _hire_gate(w, start, end)
    assert _hire_gate(w, start, end) == _twv_gate(w, start, end)


def test_the_eu_pact_setting_is_read_by_both_gates(app_ctx, monkeypatch):
    """The Dutch 3-month proposal (EU_PACT_2026, off) reaches the hire gate through the
    TWV checklist's own settings object."""
    w = create_working_person()
    seen = []
    real = twv_eligibility.eligibility_settings

    def spy():
        result = real()
        seen.append(result.eu_pact_2026)
        return result

    monkeypatch.setattr(twv_eligibility, "eligibility_settings", spy)
    values.set_value(definitions.EU_PACT_PROPOSAL, True, by=None)
    _hire_gate(w, date(2027, 1, 4), date(2027, 6, 30))
    assert seen == [True]
