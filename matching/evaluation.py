"""Offline quality measures: nDCG@k, recall@k, wrongly listed pairs, and a baseline.

The baseline is what a plain search engine would do: TF-IDF cosine between the
vacancy text and everything the profile says (summary plus its ESCO labels), with no
taxonomy structure and no hard rules. The library has to beat it clearly to be worth
its complexity.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.geo import province
from matching.records import Label
from matching.rules import hard_rule_violations
from matching.taxonomy import load_taxonomy
from matching.textnorm import fold
from matching.types import Candidate, Vacancy
from matching.vacancy_features import vacancy_text

#: Relevance from which a pair counts as a hit for recall (same unit group or better).
RECALL_MIN_RELEVANCE = 2


@dataclass(frozen=True)
class EvaluationReport:
    """Mean quality over the vacancies that have at least one relevant candidate."""

    ndcg_at_k: float
    recall_at_k: float
    wrongly_listed_share: float
    k: int
    n_vacancies: int
    n_listed: int

    def as_dict(self) -> dict[str, float | int]:
        """Plain data for printing as JSON."""
        return {
            f"ndcg@{self.k}": round(self.ndcg_at_k, 4),
            f"recall@{self.k}": round(self.recall_at_k, 4),
            "wrongly_listed_share": round(self.wrongly_listed_share, 4),
            "vacancies_evaluated": self.n_vacancies,
            "pairs_listed": self.n_listed,
        }


def _dcg(gains: Sequence[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranked: Sequence[str], relevance: Mapping[str, int], k: int) -> float:
    """nDCG@k with gain 2^rel − 1; unlabelled candidates count as 0."""
    ideal = _dcg(sorted(relevance.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg([relevance.get(ref, 0) for ref in ranked[:k]]) / ideal


def recall_at_k(
    ranked: Sequence[str],
    relevance: Mapping[str, int],
    k: int,
    minimum: int = RECALL_MIN_RELEVANCE,
) -> float:
    """Share of the candidates with relevance >= ``minimum`` found in the top k."""
    wanted = {ref for ref, rel in relevance.items() if rel >= minimum}
    if not wanted:
        return 0.0
    return len(wanted & set(ranked[:k])) / len(wanted)


def evaluate_rankings(
    rankings: Mapping[str, Sequence[str]],
    labels: Sequence[Label],
    candidates: Sequence[Candidate],
    vacancies: Sequence[Vacancy],
    as_of: date,
    k: int = 10,
) -> EvaluationReport:
    """Score ``rankings`` (vacancy ref → candidate refs, best first) against ``labels``."""
    by_vacancy: dict[str, dict[str, int]] = defaultdict(dict)
    for label in labels:
        by_vacancy[label.vacancy][label.candidate] = label.relevance
    cand_by_ref = {c.ref: c for c in candidates}
    ndcgs, recalls = [], []
    listed = wrong = 0
    for vacancy in vacancies:
        ranked = list(rankings.get(vacancy.ref, ()))
        for ref in ranked[:k]:
            listed += 1
            wrong += bool(hard_rule_violations(cand_by_ref[ref], vacancy, as_of))
        relevance = by_vacancy.get(vacancy.ref, {})
        if not any(relevance.values()):
            continue
        ndcgs.append(ndcg_at_k(ranked, relevance, k))
        recalls.append(recall_at_k(ranked, relevance, k))
    return EvaluationReport(
        ndcg_at_k=float(np.mean(ndcgs)) if ndcgs else 0.0,
        recall_at_k=float(np.mean(recalls)) if recalls else 0.0,
        wrongly_listed_share=wrong / listed if listed else 0.0,
        k=k,
        n_vacancies=len(ndcgs),
        n_listed=listed,
    )


def profile_text(candidate: Candidate) -> str:
    """Everything a profile says, in words: summary plus ESCO labels in both languages."""
    tx = load_taxonomy()
    words = [candidate.summary]
    for uri, _years in candidate.occupations:
        occ = tx.occupation(uri)
        if occ is not None:
            words += [occ.label_nl, occ.label_en]
    for uri in candidate.skills:
        skill = tx.skill(uri)
        if skill is not None:
            words += [skill.label_en, skill.label_nl or ""]
    return "\n".join(words)


def tfidf_baseline_rankings(
    candidates: Sequence[Candidate],
    vacancies: Sequence[Vacancy],
    k: int = 10,
    *,
    as_of: date | None = None,
) -> dict[str, list[str]]:
    """Plain TF-IDF cosine ranking (word unigrams+bigrams), ties by ref.

    Without ``as_of`` it applies no rules (the plain baseline); with ``as_of`` it
    drops pairs that break a hard rule, to isolate what the score parts add.
    """
    tx = load_taxonomy()
    vectorizer = TfidfVectorizer(
        preprocessor=fold, ngram_range=(1, 2), sublinear_tf=True
    )
    docs = vectorizer.fit_transform([profile_text(c) for c in candidates])
    queries = vectorizer.transform([vacancy_text(v, tx) for v in vacancies])
    sims = (queries @ docs.T).toarray()
    refs = [c.ref for c in candidates]
    ref_order = np.argsort(np.argsort(np.asarray(refs)))
    out = {}
    for v, vacancy in enumerate(vacancies):
        order = np.lexsort((ref_order, -sims[v]))
        if as_of is not None:
            order = np.array(
                [
                    i
                    for i in order
                    if not hard_rule_violations(candidates[i], vacancy, as_of)
                ],
                dtype=np.int64,
            )
        out[vacancy.ref] = [refs[i] for i in order[:k]]
    return out


#: How deep rankings go for the per-segment report: a segment's own top 10 is read
#: from the overall ranking with everyone else left out.
SEGMENT_DEPTH = 100
DUTCH_BANDS = ("geen", "A1", "A2", "B1+")


#: Region of a profile whose PC4 area is unknown.
UNKNOWN_REGION = "onbekend"


def segments_of(candidate: Candidate) -> dict[str, str]:
    """The groups a profile belongs to: completeness, Dutch level, region (province)."""
    return segments_for(
        has_occupation=bool(candidate.occupations),
        has_skills=bool(candidate.skills),
        has_summary=bool(candidate.summary),
        dutch_level=candidate.languages.get("nl"),
        pc4=candidate.pc4,
    )


def segments_for(
    *,
    has_occupation: bool,
    has_skills: bool,
    has_summary: bool,
    dutch_level: str | None,
    pc4: str,
) -> dict[str, str]:
    """:func:`segments_of` from plain facts (the portal passes its own profile's).

    The region is the province of the PC4 area where the person lives, which is that
    of their reception centre (:func:`matching.geo.province`): the library knows no
    centres, and a province holds few of them, so each region's group is large enough
    to measure. (The portal's Matches page groups its real decisions by the reception
    centre itself.)
    """
    if has_occupation:
        completeness = "occupation"
    elif has_skills:
        completeness = "skills_only"
    elif has_summary:
        completeness = "text_only"
    else:
        completeness = "empty"
    if dutch_level is None:
        dutch = "geen"
    elif dutch_level in ("A1", "A2"):
        dutch = dutch_level
    else:
        dutch = "B1+"
    return {
        "completeness": completeness,
        "dutch": dutch,
        "region": province(pc4) or UNKNOWN_REGION,
    }


@dataclass(frozen=True)
class SegmentReport:
    """nDCG@k and recall@k of one segment's own ranking (its members only)."""

    dimension: str
    segment: str
    ndcg_at_k: float
    recall_at_k: float
    n_vacancies: int
    n_candidates: int
    #: Vacancies with a member of the same unit group or better, that recall is
    #: measured on (0: recall is not defined for the segment and reads 0).
    n_recall_vacancies: int = 0

    def as_dict(self) -> dict[str, float | int | str]:
        return {
            "dimension": self.dimension,
            "segment": self.segment,
            "ndcg": round(self.ndcg_at_k, 4),
            "recall": round(self.recall_at_k, 4),
            "vacancies": self.n_vacancies,
            "recall_vacancies": self.n_recall_vacancies,
            "candidates": self.n_candidates,
        }


def evaluate_segments(
    rankings: Mapping[str, Sequence[str]],
    labels: Sequence[Label],
    candidates: Sequence[Candidate],
    k: int = 10,
) -> list[SegmentReport]:
    """Quality per segment, so a worse result for one group shows up.

    For each segment the overall ranking (deep enough: ``SEGMENT_DEPTH``) is cut
    down to the segment's members and scored against their labels only: "if a
    matchmaker looked only at text-only profiles, how good would the top 10 be?".
    Vacancies without a relevant member of the segment are left out.
    """
    members: dict[tuple[str, str], set[str]] = defaultdict(set)
    for cand in candidates:
        for dimension, segment in segments_of(cand).items():
            members[dimension, segment].add(cand.ref)
    by_vacancy: dict[str, dict[str, int]] = defaultdict(dict)
    for label in labels:
        by_vacancy[label.vacancy][label.candidate] = label.relevance
    out = []
    for (dimension, segment), refs in sorted(members.items()):
        ndcgs, recalls = [], []
        for vacancy, ranked in rankings.items():
            relevance = {
                r: g for r, g in by_vacancy.get(vacancy, {}).items() if r in refs
            }
            if not any(relevance.values()):
                continue
            mine = [r for r in ranked if r in refs]
            ndcgs.append(ndcg_at_k(mine, relevance, k))
            if any(g >= RECALL_MIN_RELEVANCE for g in relevance.values()):
                recalls.append(recall_at_k(mine, relevance, k))
        out.append(
            SegmentReport(
                dimension,
                segment,
                float(np.mean(ndcgs)) if ndcgs else 0.0,
                float(np.mean(recalls)) if recalls else 0.0,
                len(ndcgs),
                len(refs),
                len(recalls),
            )
        )
    return out
