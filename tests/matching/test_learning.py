"""The re-ranker is used only while it beats the hand-set weights on held-out decisions."""

import random

import pytest

from matching.learning import Decision, Reranker
from matching.types import MatchScore, Reason


def _decisions(n, approve, seed=0):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        parts = {
            "same_occupation": rng.choice([0.0, 7.0, 15.0, 25.0]),
            "essential_skills": rng.uniform(0, 20),
            "distance": rng.uniform(0, 10),
            "hours_fit": rng.uniform(0, 8),
        }
        out.append(Decision(parts, approve(parts, rng), group=f"V-{i % 17}"))
    return out


def _by_distance_only(parts, rng):
    # Matchmakers here care only about travel, which the hand-set sum barely reflects.
    return parts["distance"] + rng.gauss(0, 0.5) > 5.0


def _by_hand_set_sum(parts, rng):
    return sum(parts.values()) + rng.gauss(0, 3) > 35.0


def test_learned_model_is_used_when_it_beats_the_weights():
    reranker = Reranker(min_decisions=50).fit(_decisions(300, _by_distance_only))
    report = reranker.report_
    assert report.model_in_use == "logistic_regression"
    assert report.learned_score > report.hand_set_score + 0.02
    assert report.n_decisions == 300
    assert reranker.uses_learned_model


def test_hand_set_weights_stay_when_the_model_is_not_better():
    reranker = Reranker(min_decisions=50).fit(_decisions(300, _by_hand_set_sum))
    assert reranker.report_.model_in_use == "hand_set_weights"
    assert "not clearly better" in reranker.report_.reason
    assert not reranker.uses_learned_model


def test_too_few_decisions_fall_back_with_a_reason():
    reranker = Reranker(min_decisions=50).fit(_decisions(20, _by_distance_only))
    assert reranker.report_.model_in_use == "hand_set_weights"
    assert reranker.report_.learned_score is None
    assert "only 20 decisions" in reranker.report_.reason


def test_one_sided_decisions_fall_back():
    reranker = Reranker(min_decisions=10).fit(_decisions(60, lambda p, r: True))
    assert reranker.report_.model_in_use == "hand_set_weights"


def test_fit_is_deterministic():
    decisions = _decisions(200, _by_distance_only, seed=3)
    assert Reranker().fit(decisions).report_ == Reranker().fit(decisions).report_


def _match(ref, distance, skills):
    reasons = (Reason("distance", distance), Reason("essential_skills", skills))
    return MatchScore(ref, "V-1", round(distance + skills, 2), reasons)


def test_rerank_reorders_only_with_the_learned_model():
    matches = [_match("K-1", 1.0, 20.0), _match("K-2", 9.0, 5.0)]
    fallback = Reranker(min_decisions=50).fit(_decisions(10, _by_distance_only))
    assert fallback.rerank(matches) == matches
    learned = Reranker(min_decisions=50).fit(_decisions(300, _by_distance_only))
    assert [m.candidate_ref for m in learned.rerank(matches)] == ["K-2", "K-1"]


def test_decision_from_match_uses_the_shown_parts():
    decision = Decision.from_match(_match("K-1", 2.0, 3.0), approved=True)
    assert decision.parts == {"distance": 2.0, "essential_skills": 3.0}
    assert decision.group == "V-1"


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_inputs_do_not_crash(n):
    assert Reranker().fit(_decisions(n, _by_distance_only)).report_.n_decisions == n
