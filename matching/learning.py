"""Learn from matchmakers' decisions, but only where that beats the hand-set weights.

Each approved or rejected proposal gives one example: the vector of its score parts
(the same named parts the matchmaker saw) and the decision. Once there are enough
decisions, a logistic regression on those parts is cross-validated against the
hand-set score (the plain sum of the parts) on the same held-out folds, by ROC AUC.
It re-orders proposals only while it is clearly better; otherwise the hand-set order
stays. Either way the shown score and its reasons remain the hand-set, explainable
ones, and :class:`LearningReport` says which order is used and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Self

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from matching.reasons import SCORE_REASONS
from matching.types import MatchScore, Reason

#: Feature order of the part vectors: every score part, in registry order.
PART_CODES: tuple[str, ...] = tuple(SCORE_REASONS)

ModelName = Literal["hand_set_weights", "logistic_regression"]


@dataclass(frozen=True)
class Decision:
    """One matchmaker decision on a proposed pair."""

    parts: Mapping[str, float]  # reason code → contribution, as shown
    approved: bool
    #: Pairs of the same vacancy share a group, so a vacancy is never in both the
    #: training and the held-out part of a fold.
    group: str = ""

    @classmethod
    def from_match(cls, match: MatchScore, approved: bool) -> Decision:
        """Record a decision on a proposal made by the ranking."""
        return cls(_parts(match.reasons), approved, match.vacancy_ref)


@dataclass(frozen=True)
class LearningReport:
    """What the portal shows: which order is used, why, and the evidence."""

    model_in_use: ModelName
    reason: str
    n_decisions: int
    n_approved: int
    min_decisions: int
    metric: str
    hand_set_score: float | None
    learned_score: float | None
    folds: int

    def as_dict(self) -> dict[str, object]:
        """Plain data for templates and JSON."""
        return dict(self.__dict__)


def _parts(reasons: Iterable[Reason]) -> dict[str, float]:
    out: dict[str, float] = {}
    for reason in reasons:
        if reason.code in SCORE_REASONS:
            out[reason.code] = out.get(reason.code, 0.0) + reason.contribution
    return out


def part_matrix(parts: Sequence[Mapping[str, float]]) -> np.ndarray:
    """Rows of part contributions in :data:`PART_CODES` order (missing parts are 0)."""
    return np.array(
        [[p.get(code, 0.0) for code in PART_CODES] for p in parts], dtype=float
    )


class Reranker:
    """Cross-validated logistic re-ranker over the score parts, with a safe fallback."""

    def __init__(
        self,
        min_decisions: int = 50,
        folds: int = 5,
        margin: float = 0.02,
        C: float = 1.0,  # noqa: N803 - scikit-learn's name for the regularisation
        random_state: int = 0,
    ) -> None:
        self.min_decisions = min_decisions
        self.folds = folds
        self.margin = margin
        self.C = C
        self.random_state = random_state

    def _model(self) -> Pipeline:
        return make_pipeline(
            StandardScaler(),
            LogisticRegression(C=self.C, max_iter=1000, random_state=self.random_state),
        )

    def fit(self, decisions: Sequence[Decision]) -> Self:
        """Compare learned and hand-set ordering on held-out folds; keep the better one."""
        x = part_matrix([d.parts for d in decisions])
        y = np.array([d.approved for d in decisions], dtype=int)
        groups = [d.group for d in decisions]
        n, n_pos = len(y), int(y.sum())
        self.model_: Pipeline | None = None

        def report(
            model: ModelName,
            why: str,
            hand: float | None = None,
            learned: float | None = None,
        ) -> None:
            self.report_ = LearningReport(
                model_in_use=model,
                reason=why,
                n_decisions=n,
                n_approved=n_pos,
                min_decisions=self.min_decisions,
                metric="roc_auc",
                hand_set_score=None if hand is None else round(hand, 4),
                learned_score=None if learned is None else round(learned, 4),
                folds=self.folds,
            )

        if n < self.min_decisions:
            report(
                "hand_set_weights",
                f"only {n} decisions; at least {self.min_decisions} needed",
            )
            return self
        if min(n_pos, n - n_pos) < self.folds:
            report(
                "hand_set_weights",
                f"too few approvals or rejections for {self.folds}-fold validation",
            )
            return self
        hand_scores, learned_scores = [], []
        for train, test in self._splits(x, y, groups):
            if len(set(y[test])) < 2 or len(set(y[train])) < 2:
                continue
            model = self._model().fit(x[train], y[train])
            learned_scores.append(
                roc_auc_score(y[test], model.predict_proba(x[test])[:, 1])
            )
            hand_scores.append(roc_auc_score(y[test], x[test].sum(axis=1)))
        if not hand_scores:
            report("hand_set_weights", "no fold held both approvals and rejections")
            return self
        hand, learned = float(np.mean(hand_scores)), float(np.mean(learned_scores))
        if learned >= hand + self.margin:
            self.model_ = self._model().fit(x, y)
            report(
                "logistic_regression",
                f"learned order beats the hand-set weights on held-out decisions "
                f"(ROC AUC {learned:.3f} vs {hand:.3f}, margin {self.margin})",
                hand,
                learned,
            )
        else:
            report(
                "hand_set_weights",
                f"learned order is not clearly better on held-out decisions "
                f"(ROC AUC {learned:.3f} vs {hand:.3f}, margin {self.margin})",
                hand,
                learned,
            )
        return self

    def _splits(
        self, x: np.ndarray, y: np.ndarray, groups: Sequence[str]
    ) -> Iterable[tuple[np.ndarray, np.ndarray]]:
        if len(set(groups)) >= self.folds:
            cv: StratifiedKFold | StratifiedGroupKFold = StratifiedGroupKFold(
                n_splits=self.folds, shuffle=True, random_state=self.random_state
            )
            return cv.split(x, y, groups)
        cv = StratifiedKFold(
            n_splits=self.folds, shuffle=True, random_state=self.random_state
        )
        return cv.split(x, y)

    @property
    def uses_learned_model(self) -> bool:
        """Whether :meth:`rerank` re-orders (the learned model won on held-out data)."""
        return self.model_ is not None

    def predict(self, matches: Sequence[MatchScore]) -> np.ndarray:
        """Ordering key per match: learned approval probability, else the score / 100."""
        if self.model_ is None:
            return np.array([m.score / 100 for m in matches], dtype=float)
        x = part_matrix([_parts(m.reasons) for m in matches])
        return np.asarray(self.model_.predict_proba(x)[:, 1], dtype=float)

    def rerank(self, matches: Sequence[MatchScore]) -> list[MatchScore]:
        """The matches in the order to show them (unchanged unless the model won)."""
        if self.model_ is None or not matches:
            return list(matches)
        keys = self.predict(matches)
        order = sorted(
            range(len(matches)), key=lambda i: (-keys[i], matches[i].candidate_ref)
        )
        return [matches[i] for i in order]
