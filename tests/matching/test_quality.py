"""Ranking quality on two stored evaluation sets, against plain TF-IDF search.

Two sets built differently, so the ranking cannot be tuned to one construction,
stored as fixed files in ``tests/matching/sets/`` (see ``evalsets.py``; the
generators are ``make_evalset``, seed 7, 60 vacancies and 810 profiles drawn from all
of ESCO, and ``make_pilotset``, seed 2027, 50 vacancies and 714 people in the pilots'
trades, half without an ESCO occupation: skills only, or a short Dutch/English/mixed
summary with alternative labels and typos, some with a second occupation).

Measured: nDCG@10 0.965 / 0.959 and recall@10 0.994 / 0.934 (matching) against
0.62 / 0.40 for plain TF-IDF and 0.85 / 0.81 for TF-IDF with the hard rules. The
floors below are the project's target (0.95 on both); they fail on a regression.
(Recall on the pilot set cannot reach 1: some vacancies have more than ten people
of the same ISCO unit group.)
"""

import pytest

from matching.evaluation import evaluate_rankings, tfidf_baseline_rankings
from matching.index import CandidateIndex
from matching.quality import MEASURED
from tests.matching.evalsets import load

#: Floors per set: (nDCG@10, recall@10) of the matcher.
FLOORS = {"esco": (0.95, 0.98), "pilot": (0.95, 0.91)}


@pytest.fixture(scope="module", params=["esco", "pilot"])
def scores(request):
    data = load(request.param)
    index = CandidateIndex().fit(data.candidates)
    results = index.rank_many(data.vacancies, top=10, as_of=data.as_of)
    ours = {
        v.ref: [m.candidate_ref for m in r]
        for v, r in zip(data.vacancies, results, strict=True)
    }

    def measure(rankings):
        return evaluate_rankings(
            rankings, data.labels, data.candidates, data.vacancies, data.as_of
        )

    return {
        "set": request.param,
        "matching": measure(ours),
        "tfidf": measure(tfidf_baseline_rankings(data.candidates, data.vacancies)),
        "tfidf_rules": measure(
            tfidf_baseline_rankings(data.candidates, data.vacancies, as_of=data.as_of)
        ),
    }


def test_matching_keeps_its_measured_quality(scores):
    ndcg, recall = FLOORS[scores["set"]]
    assert scores["matching"].ndcg_at_k >= ndcg
    assert scores["matching"].recall_at_k >= recall


def test_matching_beats_plain_tfidf_by_a_clear_margin(scores):
    assert scores["matching"].ndcg_at_k >= scores["tfidf"].ndcg_at_k + 0.15


def test_matching_beats_tfidf_with_the_same_hard_rules(scores):
    assert scores["matching"].ndcg_at_k >= scores["tfidf_rules"].ndcg_at_k + 0.04
    assert scores["matching"].recall_at_k >= scores["tfidf_rules"].recall_at_k + 0.05


def test_matching_lists_no_pair_that_should_be_blocked(scores):
    assert scores["matching"].wrongly_listed_share == 0.0
    assert scores["tfidf"].wrongly_listed_share > 0.3


def test_the_quoted_figures_are_the_measured_ones(scores):
    """matching/quality.py (quoted in the register and instructions) must stay true."""
    quoted = {q.name: q for q in MEASURED}[scores["set"]]
    assert quoted.ndcg == pytest.approx(scores["matching"].ndcg_at_k, abs=0.005)
    assert quoted.recall == pytest.approx(scores["matching"].recall_at_k, abs=0.005)
    assert quoted.wrongly_listed == scores["matching"].wrongly_listed_share
