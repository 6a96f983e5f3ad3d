"""The TWV gate's eligibility rules in matching: registration date, accelerated procedure,
status holders, the administrator's switch, and the JSON Lines fields that carry them.

Each rule is tested on the day before, on and after its date, through the scalar
reference (``matching.rules``), the explanation and both rankings (vectorised).
``tests/domain/test_matching_agreement.py`` checks the same rules against the portal's
TWV gate.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from matching.index import CandidateIndex
from matching.input_fields import InputError
from matching.io import read_candidates
from matching.pair_explanation import explain_pair
from matching.permits import (
    ACCELERATED_PROCEDURE_BLOCK,
    RECAST_RCD_START,
    EligibilityRules,
    first_work_day,
)
from matching.records import candidate_from_dict, candidate_to_dict
from matching.rules import eligibility_violations, hard_rule_violations
from matching.store import read_segment, write_segment
from matching.vacancy_index import VacancyIndex

DAY = timedelta(days=1)
ON = EligibilityRules()
OFF = EligibilityRules(block_accelerated_procedure=False)
ELIGIBILITY_CODES = {
    "blocked_not_allowed_to_work_yet",
    "blocked_w_document_expired",
    "blocked_accelerated_procedure",
}


def _as_of(start: date) -> date:
    return start - timedelta(days=30)


def _blocks(candidate, vacancy, rules=ON) -> list[str]:
    explanation = explain_pair(
        candidate, vacancy, as_of=_as_of(vacancy.start_date), rules=rules
    )
    return [r.code for r in explanation.blocked]


def _listed(candidate, vacancy, rules=ON) -> bool:
    as_of = _as_of(vacancy.start_date)
    by_candidate = (
        CandidateIndex().fit([candidate]).rank(vacancy, as_of=as_of, rules=rules)
    )
    by_vacancy = VacancyIndex().fit([vacancy]).rank(candidate, as_of=as_of, rules=rules)
    assert bool(by_candidate) == bool(by_vacancy)
    return bool(by_candidate)


def _check_all_ways(candidate, vacancy, expected: set[str], rules=ON):
    """The scalar rule, the explanation and both rankings say the same."""
    start = vacancy.start_date
    assert set(eligibility_violations(candidate, start, rules)) == expected
    assert set(_blocks(candidate, vacancy, rules)) & ELIGIBILITY_CODES == expected
    assert set(hard_rule_violations(candidate, vacancy, _as_of(start), rules)) == (
        expected
    )
    assert _listed(candidate, vacancy, rules) is (not expected)


# -- the registration date ------------------------------------------------------------
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_the_waiting_period_counts_from_an_earlier_registration(
    make_candidate, make_vacancy, offset
):
    # Registered 10 Jan, lodged 20 Mar 2026: 6 months from the registration is 10 Jul,
    # from the application 20 Sep.
    candidate = make_candidate(
        asylum_application_date=date(2026, 3, 20),
        asylum_registration_date=date(2026, 1, 10),
        w_document_valid_until=date(2027, 12, 31),
        available_from=date(2026, 1, 1),
    )
    start = date(2026, 7, 10) + offset * DAY
    blocked = {"blocked_not_allowed_to_work_yet"} if offset < 0 else set()
    _check_all_ways(candidate, make_vacancy(start_date=start), blocked)


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_a_registration_counts_only_from_the_directive_s_date(
    make_candidate, make_vacancy, offset
):
    # 6 months from the registration (1 May 2026) falls before 12 Jun 2026: the
    # directive allows work from its own first day, not earlier.
    candidate = make_candidate(
        asylum_application_date=date(2026, 1, 20),
        asylum_registration_date=date(2025, 11, 1),
    )
    assert first_work_day(
        candidate.asylum_application_date,
        registration_date=candidate.asylum_registration_date,
    ) == (RECAST_RCD_START)
    start = RECAST_RCD_START + offset * DAY
    blocked = {"blocked_not_allowed_to_work_yet"} if offset < 0 else set()
    _check_all_ways(candidate, make_vacancy(start_date=start), blocked)


def test_without_a_registration_date_the_application_date_counts(
    make_candidate, make_vacancy
):
    candidate = make_candidate(asylum_application_date=date(2026, 3, 20))
    _check_all_ways(
        candidate,
        make_vacancy(start_date=date(2026, 9, 19)),
        {"blocked_not_allowed_to_work_yet"},
    )
    _check_all_ways(candidate, make_vacancy(start_date=date(2026, 9, 20)), set())


def test_the_blocked_reason_names_the_earliest_day_from_the_registration(
    make_candidate, make_vacancy
):
    candidate = make_candidate(
        asylum_application_date=date(2026, 3, 20),
        asylum_registration_date=date(2026, 1, 10),
    )
    vacancy = make_vacancy(start_date=date(2026, 7, 1))
    explanation = explain_pair(candidate, vacancy, as_of=date(2026, 6, 1))
    reason = next(
        r for r in explanation.blocked if r.code == "blocked_not_allowed_to_work_yet"
    )
    assert reason.params == {"earliest": "2026-07-10", "start": "2026-07-01"}


# -- the accelerated procedure ----------------------------------------------------------
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_an_accelerated_procedure_blocks_from_the_directive_s_date(
    make_candidate, make_vacancy, offset
):
    candidate = make_candidate(
        accelerated_procedure=True, w_document_valid_until=date(2027, 12, 31)
    )
    start = RECAST_RCD_START + offset * DAY
    blocked = {"blocked_accelerated_procedure"} if offset >= 0 else set()
    _check_all_ways(candidate, make_vacancy(start_date=start), blocked)
    # Switched off by the administrator: never blocked.
    _check_all_ways(candidate, make_vacancy(start_date=start), set(), OFF)


def test_the_accelerated_reason_names_the_rule_s_date_and_the_start(
    make_candidate, make_vacancy
):
    candidate = make_candidate(
        accelerated_procedure=True, w_document_valid_until=date(2027, 12, 31)
    )
    vacancy = make_vacancy(start_date=date(2026, 9, 1))
    explanation = explain_pair(candidate, vacancy, as_of=date(2026, 8, 1))
    assert explanation.score is None
    assert [(r.code, dict(r.params)) for r in explanation.blocked] == [
        (
            "blocked_accelerated_procedure",
            {
                "since": ACCELERATED_PROCEDURE_BLOCK.valid_from.isoformat(),
                "start": "2026-09-01",
            },
        )
    ]


def test_the_same_index_ranks_under_either_setting(make_candidate, make_vacancy):
    """The switch applies when ranking: one fitted index serves both settings."""
    candidates = [
        make_candidate(
            ref="K-FAST",
            accelerated_procedure=True,
            w_document_valid_until=date(2027, 12, 31),
        ),
        make_candidate(ref="K-REG", w_document_valid_until=date(2027, 12, 31)),
    ]
    index = CandidateIndex().fit(candidates)
    vacancy = make_vacancy(start_date=date(2026, 9, 1))
    as_of = date(2026, 8, 1)
    on = [m.candidate_ref for m in index.rank(vacancy, as_of=as_of)]
    off = [m.candidate_ref for m in index.rank(vacancy, as_of=as_of, rules=OFF)]
    assert on == ["K-REG"]
    assert sorted(off) == ["K-FAST", "K-REG"]


# -- status holders ----------------------------------------------------------------------
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_a_residence_permit_ends_the_asylum_seeker_s_rules(
    make_candidate, make_vacancy, offset
):
    # Lodged 1 May 2026 (waiting until 1 Nov), accelerated, W-document ended 30 Jun;
    # permit granted 15 Jul: from then none of that matters (A1).
    permit = date(2026, 7, 15)
    candidate = make_candidate(
        asylum_application_date=date(2026, 5, 1),
        accelerated_procedure=True,
        w_document_valid_until=date(2026, 6, 30),
        residence_permit_on=permit,
    )
    start = permit + offset * DAY
    blocked = (
        {
            "blocked_not_allowed_to_work_yet",
            "blocked_w_document_expired",
            "blocked_accelerated_procedure",
        }
        if offset < 0
        else set()
    )
    _check_all_ways(candidate, make_vacancy(start_date=start), blocked)


def test_a_status_holder_needs_no_twv_renewals_or_lead_time(
    make_candidate, make_vacancy
):
    vacancy = make_vacancy(start_date=date(2026, 3, 2), contract_months=24)
    as_of = date(2026, 3, 1)
    seeker = make_candidate(w_document_valid_until=date(2026, 6, 30))
    holder = make_candidate(
        w_document_valid_until=date(2026, 6, 30), residence_permit_on=date(2026, 2, 1)
    )

    def parts(candidate):
        explanation = explain_pair(candidate, vacancy, as_of=as_of)
        return {r.code: r for r in explanation.reasons}

    assert parts(seeker)["twv_renewals"].params["renewals"] > 0
    assert parts(holder)["twv_renewals"].params["renewals"] == 0
    assert parts(seeker)["start_soon"].params["delay_days"] > 0
    assert parts(holder)["start_soon"].params["delay_days"] == 0


# -- files -----------------------------------------------------------------------------
def test_a_segment_file_keeps_the_procedure_facts(
    tmp_path, make_candidate, make_vacancy
):
    candidates = [
        make_candidate(ref="K-FAST", accelerated_procedure=True),
        make_candidate(
            ref="K-HOLDER",
            asylum_application_date=date(2026, 5, 1),
            residence_permit_on=date(2026, 7, 15),
        ),
        make_candidate(
            ref="K-REG",
            asylum_application_date=date(2026, 3, 20),
            asylum_registration_date=date(2026, 1, 10),
        ),
    ]
    fitted = CandidateIndex().fit(candidates)
    write_segment(tmp_path / "x.seg", fitted.segments_[0])
    segment, _, _ = read_segment(tmp_path / "x.seg")
    mapped = CandidateIndex.from_segments([segment])
    for start in (date(2026, 7, 14), date(2026, 7, 15), date(2026, 9, 1)):
        vacancy = make_vacancy(start_date=start)
        as_of = _as_of(start)
        assert mapped.rank(vacancy, as_of=as_of) == fitted.rank(vacancy, as_of=as_of)
        for c in candidates:
            assert mapped.explain(vacancy, c.ref, as_of) == fitted.explain(
                vacancy, c.ref, as_of
            )


CANDIDATE = {
    "ref": "K-1",
    "occupations": [
        {
            "esco_uri": "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e",
            "years": 3,
        }
    ],
    "languages": {"nl": "A2"},
    "pc4": "1187",
    "max_travel_km": 30,
    "hours_per_week": 32,
    "available_from": "2026-01-01",
    "asylum_application_date": "2026-03-20",
    "w_document_valid_until": "2026-12-31",
}


def test_json_lines_carry_the_registration_date_and_the_accelerated_flag():
    plain = candidate_from_dict(CANDIDATE)
    assert plain.asylum_registration_date is None
    assert plain.accelerated_procedure is False
    assert "asylum_registration_date" not in candidate_to_dict(plain)
    assert "accelerated_procedure" not in candidate_to_dict(plain)

    line = {
        **CANDIDATE,
        "asylum_registration_date": "2026-01-10",
        "accelerated_procedure": True,
    }
    read = candidate_from_dict(line)
    assert read.asylum_registration_date == date(2026, 1, 10)
    assert read.accelerated_procedure is True
    written = candidate_to_dict(read)
    assert written["asylum_registration_date"] == "2026-01-10"
    assert written["accelerated_procedure"] is True
    assert candidate_from_dict(written) == read


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"asylum_registration_date": "10-01-2026"}, "asylum_registration_date"),
        ({"asylum_registration_date": 20260110}, "asylum_registration_date"),
        ({"accelerated_procedure": "ja"}, "accelerated_procedure"),
    ],
)
def test_a_bad_procedure_field_is_named(change, field):
    with pytest.raises(InputError) as info:
        candidate_from_dict({**CANDIDATE, **change})
    assert info.value.field == field


def test_the_command_line_reader_applies_the_fields(
    tmp_path, write_jsonl, make_vacancy
):
    path = write_jsonl(
        tmp_path / "c.jsonl",
        [
            {**CANDIDATE, "ref": "K-REG", "asylum_registration_date": "2026-01-10"},
            {**CANDIDATE, "ref": "K-FAST", "accelerated_procedure": True},
            {**CANDIDATE, "ref": "K-LATE"},
        ],
    )
    candidates = read_candidates(path)
    vacancy = make_vacancy(start_date=date(2026, 7, 10))
    ranked = CandidateIndex().fit(candidates).rank(vacancy, as_of=date(2026, 7, 1))
    assert [m.candidate_ref for m in ranked] == ["K-REG"]
