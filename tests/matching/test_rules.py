"""Hard rules: a pair that breaks one is never proposed, and explain() says why."""

from datetime import date, timedelta

import numpy as np
import pytest

from matching.evalset import make_evalset
from matching.features import CandidateFeatures
from matching.geo import load_postcodes
from matching.index import CandidateIndex
from matching.pair_explanation import explain_pair
from matching.permits import earliest_work_date, may_work_on, twv_renewals_needed
from matching.rules import hard_rule_violations
from matching.scoring import evaluate, twv_renewals_vectorised
from matching.vacancy_features import VacancyFeatures
from matching.vacancy_index import VacancyIndex
from matching.weights import DEFAULT_WEIGHTS

AS_OF = date(2026, 1, 15)
START = date(2026, 3, 2)


def _blocks(candidate, vacancy, as_of=AS_OF):
    return [r.code for r in explain_pair(candidate, vacancy, as_of=as_of).blocked]


def _listed(candidate, vacancy, as_of=AS_OF):
    by_candidate = CandidateIndex().fit([candidate]).rank(vacancy, top=5, as_of=as_of)
    by_vacancy = VacancyIndex().fit([vacancy]).rank(candidate, top=5, as_of=as_of)
    assert bool(by_candidate) == bool(by_vacancy)
    return bool(by_candidate)


@pytest.mark.parametrize(("offset", "blocked"), [(-1, True), (0, False), (1, False)])
def test_not_allowed_to_work_yet_at_the_boundary(
    make_candidate, make_vacancy, offset, blocked
):
    application = date(2025, 9, 2)  # may work from 2026-03-02
    assert earliest_work_date(application) == START
    cand = make_candidate(asylum_application_date=application)
    vac = make_vacancy(start_date=START + timedelta(days=offset))
    assert ("blocked_not_allowed_to_work_yet" in _blocks(cand, vac)) is blocked
    assert _listed(cand, vac) is not blocked
    assert (not may_work_on(application, vac.start_date)) is blocked


def test_not_allowed_to_work_yet_names_the_earliest_date(make_candidate, make_vacancy):
    cand = make_candidate(asylum_application_date=date(2025, 9, 2))
    explanation = explain_pair(
        cand, make_vacancy(start_date=date(2026, 3, 1)), as_of=AS_OF
    )
    assert explanation.score is None
    assert explanation.blocked[0].params == {
        "earliest": "2026-03-02",
        "start": "2026-03-01",
    }


@pytest.mark.parametrize(("offset", "blocked"), [(-1, True), (0, False), (1, False)])
def test_w_document_expiry_at_the_boundary(
    make_candidate, make_vacancy, offset, blocked
):
    cand = make_candidate(w_document_valid_until=START + timedelta(days=offset))
    vac = make_vacancy(start_date=START)
    assert ("blocked_w_document_expired" in _blocks(cand, vac)) is blocked
    assert _listed(cand, vac) is not blocked


@pytest.mark.parametrize(
    ("slack", "blocked"), [(-0.01, True), (0.0, False), (0.01, False)]
)
def test_travel_distance_at_the_boundary(make_candidate, make_vacancy, slack, blocked):
    distance = load_postcodes().distance_km("1187", "1011")
    cand = make_candidate(pc4="1187", max_travel_km=distance + slack)
    vac = make_vacancy(pc4="1011")
    assert ("blocked_too_far" in _blocks(cand, vac)) is blocked
    assert _listed(cand, vac) is not blocked


def test_too_far_gives_distance_and_maximum(make_candidate, make_vacancy):
    cand = make_candidate(pc4="1187", max_travel_km=5.0)
    reason = explain_pair(cand, make_vacancy(pc4="6211"), as_of=AS_OF).blocked[0]
    assert reason.code == "blocked_too_far"
    assert reason.params["max_km"] == 5.0
    assert 160 < reason.params["km"] < 190


@pytest.mark.parametrize(
    ("has", "required", "blocked", "short"),
    [
        ("B1", "B1", False, False),
        ("C2", "B1", False, False),
        ("A2", "B1", False, True),  # one level short: allowed, with a penalty
        ("A1", "B1", True, False),  # two levels short
        (None, "A1", False, True),  # missing counts as below A1: one short of A1
        (None, "A2", True, False),
    ],
)
def test_language_levels(make_candidate, make_vacancy, has, required, blocked, short):
    cand = make_candidate(languages={"nl": has} if has else {"en": "C1"})
    vac = make_vacancy(languages_required={"nl": required})
    explanation = explain_pair(cand, vac, as_of=AS_OF)
    assert ("blocked_language" in [r.code for r in explanation.blocked]) is blocked
    penalties = [r for r in explanation.reasons if r.code == "language_one_level_short"]
    assert bool(penalties) is short
    if penalties:
        assert penalties[0].contribution == -DEFAULT_WEIGHTS.language_one_level_short
        assert penalties[0].params == {"lang": "nl", "has": has, "required": required}
    assert _listed(cand, vac) is not blocked


def test_no_consent_blocks(make_candidate, make_vacancy):
    cand = make_candidate(has_consent=False)
    assert _blocks(cand, make_vacancy()) == ["blocked_no_consent"]
    assert not _listed(cand, make_vacancy())


def test_explain_lists_every_rule_broken(make_candidate, make_vacancy):
    cand = make_candidate(
        asylum_application_date=date(2025, 12, 1),
        w_document_valid_until=date(2026, 2, 1),
        max_travel_km=1.0,
        languages={},
        has_consent=False,
    )
    vac = make_vacancy(languages_required={"nl": "B1"})
    assert _blocks(cand, vac) == [
        "blocked_not_allowed_to_work_yet",
        "blocked_w_document_expired",
        "blocked_too_far",
        "blocked_language",
        "blocked_no_consent",
    ]


def test_a_start_date_in_the_past_means_starting_on_as_of(make_candidate, make_vacancy):
    cand = make_candidate(w_document_valid_until=date(2026, 1, 10))
    vac = make_vacancy(start_date=date(2026, 1, 5))  # W-document valid then, not today
    assert _blocks(cand, vac, as_of=AS_OF) == ["blocked_w_document_expired"]


def test_vectorised_rules_agree_with_the_scalar_reference():
    data = make_evalset(n_vacancies=8, per_level=2, n_background=60, seed=3)
    cf = CandidateFeatures.build(data.candidates, DEFAULT_WEIGHTS)
    vf = VacancyFeatures.build(data.vacancies, DEFAULT_WEIGHTS)
    rows = np.arange(len(cf))
    for v, vacancy in enumerate(data.vacancies):
        arrays = evaluate(
            cf, rows, vf, np.array([v]), as_of=data.as_of, weights=DEFAULT_WEIGHTS
        )
        for c, candidate in enumerate(data.candidates):
            broken = set(hard_rule_violations(candidate, vacancy, data.as_of))
            vector = {code for code, mask in arrays.rules.items() if mask[c]}
            assert vector == broken, (candidate.ref, vacancy.ref)


def test_vectorised_twv_renewals_match_permits():
    rng = np.random.default_rng(5)
    start = date(2026, 3, 1).toordinal()
    w = start + rng.integers(-30, 900, 400)
    end = start + rng.integers(0, 1500, 400)
    vector = twv_renewals_vectorised(w, np.full(400, start), end)
    scalar = [
        twv_renewals_needed(
            date.fromordinal(int(a)), date.fromordinal(start), date.fromordinal(int(b))
        )
        for a, b in zip(w, end, strict=True)
    ]
    assert vector.tolist() == scalar
