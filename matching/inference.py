"""Infer likely ESCO occupations (and skills) from a profile's skills and summary.

Many profiles name no occupation: a matchmaker picked skills, or only wrote a summary.
Matching them on the ISCO hierarchy still works if we estimate which occupations the
profile resembles:

* **summary → skills**: an ESCO skill whose Dutch or English label (preferred or
  alternative) the summary contains completely counts as mentioned ("kan ook
  heftruck besturen").
* **skills → occupations**: the IDF-weighted share of each occupation's ESCO profile
  the listed and mentioned skills cover (essential skills count 1, optional ½). A
  share, not a cosine, so listing one more skill can never lower any occupation's
  value (scores stay monotone in skills).
* **summary → occupations**: how completely the summary contains one of the
  occupation's Dutch or English preferred or alternative labels: the IDF-weighted
  share of the label's words found in the summary, best label wins ("ervaring als
  kok" contains "kok" fully). Stop words (:mod:`matching.stopwords`) and words this
  common in ESCO (IDF below ``STOP_IDF``) are ignored, and a label worth less than
  ``LABEL_MIN_IDF`` in total is scaled down, so "manager" alone is weak evidence.
  Summary words are read by :mod:`matching.textmatch` (typos repaired, Dutch
  compounds joined, crude stems), so "koks", "koken", "cooking" and "kok" meet.

Each similarity is turned into a credit between 0 and ``max_credit`` by a linear ramp
between a floor (below: ignored) and a ceiling (above: full credit). Declared
occupations always have credit 1, so an inferred one never outranks a declared one.

The labels are read with tables compiled once from the data files and shipped
(:mod:`matching.inference_tables`, which also holds the constants named above).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.inference_tables import (
    LABEL_MIN_IDF,
    OCCUPATION_ANCHOR_FLOOR,
    SKILL_LABEL_MIN_IDF,
    SKILL_MENTION_SHARE,
    inference_tables,
    label_anchors,
    label_idf,
    label_matrix,
    label_texts,
    label_word_matrix,
    stem_map,
    words_in_labels,
)
from matching.ragged import ClauseTable, take_ragged
from matching.sparse_ops import at_least, containment, grouped_max
from matching.taxonomy import Taxonomy
from matching.text import TextEncoder
from matching.textmatch import Vocabulary, clauses_of_many

#: Rows per chunk: keeps the dense-ish intermediate products small.
CHUNK_ROWS = 4096


@dataclass(frozen=True)
class Ramp:
    """Map a similarity to a credit: 0 below ``floor``, ``top`` at or above ``ceiling``."""

    floor: float
    ceiling: float
    top: float

    def __call__(self, values: np.ndarray) -> np.ndarray:
        share = np.clip((values - self.floor) / (self.ceiling - self.floor), 0.0, 1.0)
        return self.top * share


@dataclass(frozen=True)
class Inferred:
    """What the inference found for n profiles (all n × occupations or n × skills)."""

    #: Credit of each occupation from the skills (listed and mentioned).
    by_skills: sp.csr_matrix
    #: Credit of each occupation from the labels found in the summary.
    by_text: sp.csr_matrix
    #: 0/1: skills whose label the summary contains.
    mentioned_skills: sp.csr_matrix
    #: Per profile, the stems of each clause of its summary (to name the evidence).
    clauses: ClauseTable

    @property
    def credits(self) -> sp.csr_matrix:
        """Best credit per occupation over both sources."""
        return self.by_skills.maximum(self.by_text).tocsr()


class OccupationInference:
    """Occupation credits from skills and summaries; built once per process."""

    def __init__(
        self, tx: Taxonomy, encoder: TextEncoder, skill_idf: np.ndarray
    ) -> None:
        self.tx = tx
        n_occ, n_skill = len(tx.occupations), len(tx.skills)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        ess_rows: list[int] = []
        ess_cols: list[int] = []
        for o, (ess, opt) in enumerate(
            zip(tx.essential_idx, tx.optional_idx, strict=True)
        ):
            weights = [(j, skill_idf[j]) for j in ess] + [
                (j, 0.5 * skill_idf[j]) for j in opt
            ]
            total = sum(w for _, w in weights) or 1.0
            for j, w in weights:
                rows.append(o)
                cols.append(j)
                vals.append(w / total)
            ess_rows += [o] * len(ess)
            ess_cols += list(ess)
        #: occupations × skills: row o holds occupation o's normalised profile.
        self.profile = sp.csr_matrix(
            (vals, (rows, cols)), shape=(n_occ, n_skill), dtype=np.float64
        )
        self.profile_t = self.profile.T.tocsr()
        #: occupations × skills 0/1: the essential ESCO profile.
        self.essential = sp.csr_matrix(
            (np.ones(len(ess_rows)), (ess_rows, ess_cols)), shape=(n_occ, n_skill)
        )
        self.n_occupations = n_occ
        terms = encoder.word_terms
        idf = label_idf(encoder)
        tables = inference_tables(tx, encoder)
        #: Stem number of every word column of the text encoder.
        self.word_stem = tables["word_stem"]
        n_word = len(terms)
        self.n_stems = int(self.word_stem.max()) + 1 if n_word else 0
        #: words × stems 0/1 map.
        self._to_stems = stem_map(self.word_stem, self.n_stems)
        labels, owners, skill_labels, skill_owners = label_texts(tx)
        #: The label text of each row of :attr:`labels`.
        self.label_text = tuple(labels)
        #: Occupation index of each label row.
        self.label_owner = np.asarray(owners, dtype=np.int64)
        #: labels × stems: IDF weight of each stem as a share of its label's total.
        #: ... and the IDF weight of each label (how specific it is).
        label_presence = label_word_matrix(tables, "occupation", n_word)
        self.labels, self.label_size = label_matrix(
            label_presence, idf, self._to_stems, LABEL_MIN_IDF
        )
        self.labels_t = self.labels.T.tocsr()
        self._label_anchors_t = label_anchors(tables, "occupation", len(labels))
        self.skill_label_owner = np.asarray(skill_owners, dtype=np.int64)
        skill_presence = label_word_matrix(tables, "skill", n_word)
        skill_matrix, _ = label_matrix(
            skill_presence, idf, self._to_stems, SKILL_LABEL_MIN_IDF
        )
        # Typos are repaired towards words that occur in some label: no other word
        # can change an inferred occupation or skill.
        self.vocabulary = Vocabulary(
            terms,
            -encoder.word_idf.astype(np.float64),
            repair_to=words_in_labels(label_presence, skill_presence, n_word),
        )
        self.skill_labels = skill_matrix
        self._skill_anchors_t = label_anchors(tables, "skill", len(skill_labels))
        self.n_skills = n_skill

    def summary_clauses(
        self, summaries: Sequence[str]
    ) -> tuple[sp.csr_matrix, np.ndarray, np.ndarray, ClauseTable]:
        """Stems per clause of every summary, each distinct clause once.

        Returns (distinct clauses × stems 0/1, the distinct clause of each profile's
        clause, the profile of each profile's clause, the clauses per profile).

        A label counts only when its words stand in one clause of the summary
        (:func:`matching.textmatch.clauses`): "shop manager. Skills: study sales"
        must not contain "sales manager". Summaries share many clauses ("leert
        Nederlands", "heeft een rijbewijs": 100,000 synthetic profiles have 439,000
        clauses but 51,000 distinct ones), so each distinct clause is read and later
        compared with the labels once.
        """
        # Each distinct summary cut into clauses, each distinct clause read once.
        distinct_summaries = list(dict.fromkeys(summaries))
        parts = clauses_of_many(distinct_summaries)
        numbers = dict.fromkeys(itertools.chain.from_iterable(parts), 0)
        texts = list(numbers)
        for i, text in enumerate(texts):
            numbers[text] = i
        text_no, columns = self.vocabulary.columns_of_many(texts)
        # Stems per clause text, sorted; texts with the same stems are one clause.
        keys = np.unique(text_no * self.n_stems + self.word_stem[columns])
        of_text, stems = np.divmod(keys, self.n_stems)
        text_ptr = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(of_text, minlength=len(texts)), out=text_ptr[1:])
        raw = stems.tobytes()
        size = stems.itemsize
        by_stems: dict[bytes, int] = {}
        clause_of_text = np.full(len(texts), -1, dtype=np.int64)
        first_text: list[int] = []
        bounds = text_ptr.tolist()
        for t in range(len(texts)):
            lo, hi = bounds[t], bounds[t + 1]
            if lo == hi:
                continue  # no ESCO word in this clause
            d = by_stems.setdefault(raw[lo * size : hi * size], len(by_stems))
            if d == len(first_text):
                first_text.append(t)
            clause_of_text[t] = d
        flat, stems_ptr = take_ragged(
            stems, text_ptr, np.asarray(first_text, dtype=np.int64)
        )
        # The clauses of each distinct summary, then of each profile.
        of_summary = clause_of_text[
            np.fromiter(
                map(numbers.__getitem__, itertools.chain.from_iterable(parts)),
                dtype=np.int64,
            )
        ]
        per_summary = np.repeat(
            np.arange(len(parts), dtype=np.int64),
            np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)),
        )
        found = of_summary >= 0
        of_summary, per_summary = of_summary[found], per_summary[found]
        summary_ptr = np.zeros(len(parts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(per_summary, minlength=len(parts)), out=summary_ptr[1:])
        position = {s: i for i, s in enumerate(distinct_summaries)}
        summary_of = np.fromiter(
            map(position.__getitem__, summaries), dtype=np.int64, count=len(summaries)
        )
        clause_of, row_ptr = take_ragged(of_summary, summary_ptr, summary_of)
        lengths = np.diff(row_ptr)
        owner = np.repeat(np.arange(len(summaries), dtype=np.int64), lengths)
        matrix = sp.csr_matrix(
            (np.ones(flat.size), flat, stems_ptr),
            shape=(len(first_text), self.n_stems),
        )
        # The clauses per profile, as stem arrays (to name the evidence in a reason).
        stems, clause_ptr = take_ragged(flat, stems_ptr, clause_of)
        return matrix, clause_of, owner, ClauseTable(stems, clause_ptr, row_ptr)

    def infer(
        self,
        listed_skills: sp.csr_matrix,
        summaries: Sequence[str],
        from_skills: Ramp,
        from_text: Ramp,
    ) -> Inferred:
        """Occupation credits of n profiles from both sources (see the module doc)."""
        n = listed_skills.shape[0]
        distinct, clause_of, clause_owner, per_profile = self.summary_clauses(summaries)
        mentioned = containment(
            distinct, self.skill_labels, self._skill_anchors_t, SKILL_MENTION_SHARE
        )
        said = grouped_max(
            mentioned[clause_of], clause_owner, self.skill_label_owner, n, self.n_skills
        )
        said.data[:] = 1.0
        skills = listed_skills.maximum(said).tocsr()
        by_skills = []
        for start in range(0, n, CHUNK_ROWS):
            chunk = sp.csr_matrix(skills[start : start + CHUNK_ROWS] @ self.profile_t)
            by_skills.append(_relative(chunk, from_skills))
        named = self._specific(
            containment(
                distinct,
                self.labels,
                self._label_anchors_t,
                min(from_text.floor, OCCUPATION_ANCHOR_FLOOR),
            ),
            from_text,
        )
        by_text = grouped_max(
            named[clause_of], clause_owner, self.label_owner, n, self.n_occupations
        )
        if not by_skills:
            by_skills = [sp.csr_matrix((0, self.n_occupations))]
        found = Inferred(
            sp.vstack(by_skills, format="csr"), by_text, said.tocsr(), per_profile
        )
        # Explanations look values up by binary search in a row; a product's rows come
        # out unsorted, while the same rows read back from an index file are sorted.
        for matrix in (found.by_skills, found.by_text, found.mentioned_skills):
            matrix.sort_indices()
        return found

    def _specific(self, shares: sp.spmatrix, ramp: Ramp) -> sp.csr_matrix:
        """Clause × label credits, the most specific label found in a clause first.

        "kitchen porter" contains the label "porter" too; scaling each credit by
        (matched weight / the clause's best matched weight) ** ``RELATIVE_POWER``
        keeps the hospital porter below the kitchen porter. Each clause is scaled
        on its own, so a second occupation in another clause keeps full credit.
        """
        out = at_least(shares, ramp.floor)
        mass = out.copy()
        mass.data = mass.data * self.label_size[mass.indices]
        counts = np.diff(mass.indptr)
        best = np.zeros(mass.shape[0])
        nonempty = counts > 0
        if nonempty.any():
            best[nonempty] = np.maximum.reduceat(mass.data, mass.indptr[:-1][nonempty])
        out.data = (
            ramp(out.data) * (mass.data / np.repeat(best, counts)) ** RELATIVE_POWER
        )
        out.eliminate_zeros()
        return out

    def skill_evidence(
        self, skills: np.ndarray, occupation: int, limit: int = 3
    ) -> list[int]:
        """The profile's skills that weigh most in ``occupation``'s ESCO profile."""
        lo, hi = self.profile.indptr[occupation], self.profile.indptr[occupation + 1]
        idx, val = self.profile.indices[lo:hi], self.profile.data[lo:hi]
        have = np.isin(idx, skills)
        order = np.argsort(-val[have], kind="stable")[:limit]
        return [int(j) for j in idx[have][order]]

    def label_evidence(
        self, clauses: Sequence[np.ndarray], occupation: int
    ) -> str | None:
        """The occupation label one clause of the summary contains best (or None).

        Clauses in order, each with the occupation's labels in order; a later pair
        wins only by more than 1e-12. Each share is the sum NumPy's ``sum`` gives
        the label's weights of the stems the clause holds (for a label of fewer than
        eight stems that is the sum from left to right, taken for all labels at once).
        """
        first, last = np.searchsorted(self.label_owner, [occupation, occupation + 1])
        ptr = self.labels.indptr[first : last + 1]
        weights = self.labels.data[ptr[0] : ptr[-1]]
        stems = self.labels.indices[ptr[0] : ptr[-1]]
        starts, lengths = ptr[:-1] - ptr[0], np.diff(ptr)
        long_rows = np.flatnonzero(lengths >= 8)
        best, best_share = None, 0.0
        for clause in clauses:
            found = np.zeros(self.n_stems, dtype=bool)
            found[clause] = True
            held = weights * found[stems]
            shares = np.zeros(lengths.size)
            for k in range(int(lengths.max(initial=0))):
                rows = np.flatnonzero(lengths > k)
                shares[rows] += held[starts[rows] + k]
            for r in long_rows.tolist():
                shares[r] = held[starts[r] : starts[r] + lengths[r]].sum()
            for r, share in enumerate(shares.tolist()):
                if share > best_share + 1e-12:
                    best, best_share = self.label_text[first + r], share
        return best


#: An occupation's credit is scaled by (its similarity / the row's best) to this
#: power, so that the occupations of a unit group the evidence fits a little less
#: than the best one do not tie with it.
RELATIVE_POWER = 2.0


def _relative(similarity: sp.csr_matrix, ramp: Ramp) -> sp.csr_matrix:
    """Ramp, then scale by (similarity / best similarity in the row) ** power.

    Only entries above the ramp's floor can be worth anything, so only they are
    computed (a product of 4,096 profiles' skills with the occupation profiles has a
    million entries, most of them faint).
    """
    similarity = sp.csr_matrix(similarity)
    n = similarity.shape[0]
    data, ptr = similarity.data, similarity.indptr
    starts = ptr[:-1][np.diff(ptr) > 0]
    row_best = np.zeros(n)
    kept = np.zeros(n, dtype=np.int64)
    keep = data > ramp.floor
    if starts.size:
        nonempty = np.diff(ptr) > 0
        row_best[nonempty] = np.maximum.reduceat(data, starts)
        kept[nonempty] = np.add.reduceat(keep, starts, dtype=np.int64)
    values = data[keep]
    top = np.repeat(row_best, kept)
    out_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(kept, out=out_ptr[1:])
    out = sp.csr_matrix(
        (
            ramp(values) * (values / top) ** RELATIVE_POWER,
            similarity.indices[keep],
            out_ptr,
        ),
        shape=similarity.shape,
    )
    out.eliminate_zeros()
    return out
