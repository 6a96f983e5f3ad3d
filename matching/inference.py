"""Infer likely ESCO occupations from a profile's skills and summary.

Many profiles name no occupation: a matchmaker picked skills, or only wrote a summary.
Matching them on the ISCO hierarchy still works if we estimate which occupations the
profile resembles:

* **skills** → the IDF-weighted share of each occupation's ESCO profile the listed
  skills cover (essential skills count 1, optional ½). A share, not a cosine, so
  listing one more skill can never lower any occupation's value (scores stay
  monotone in skills).
* **summary** → how completely the summary contains one of the occupation's Dutch or
  English preferred or alternative labels: the IDF-weighted share of the label's words
  found in the summary, best label wins ("ervaring als kok" contains "kok" fully).
  Function words (IDF below ``STOP_IDF``) are ignored, and a label worth less than
  ``LABEL_MIN_IDF`` in total is scaled down, so "manager" alone is weak evidence.
  Words are compared by a crude shared stem (see :func:`stem`), so plurals and
  infinitives count: "koks", "koken" and "cooking" contain "kok" and "cook".

Each similarity is turned into a credit between 0 and ``max_credit`` by a linear ramp
between a floor (below: ignored) and a ceiling (above: full credit). Declared
occupations always have credit 1, so an inferred one never outranks a declared one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.taxonomy import Taxonomy
from matching.text import TextEncoder

#: Rows per chunk: keeps the dense-ish intermediate products small.
CHUNK_ROWS = 4096
#: Words this common in ESCO ("and", "de", "voor") are not evidence of an occupation.
STOP_IDF = 3.6
#: A label's words must be worth at least this much IDF to count as a full match.
LABEL_MIN_IDF = 7.0


#: Endings stripped by :func:`stem`, longest first.
_ENDINGS = ("ing", "en", "s")


def stem(word: str) -> str:
    """Strip one plural/verb ending (Dutch "-en"/"-s", English "-s"/"-ing").

    Deliberately crude: it is applied to labels and summaries alike, so it can only
    make more words meet, never fewer, and both languages need only this much.
    """
    for ending in _ENDINGS:
        if (
            word.endswith(ending)
            and len(word) - len(ending) >= 3
            and not word.endswith("ss")
        ):
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Ramp:
    """Map a similarity to a credit: 0 below ``floor``, ``top`` at or above ``ceiling``."""

    floor: float
    ceiling: float
    top: float

    def __call__(self, values: np.ndarray) -> np.ndarray:
        share = np.clip((values - self.floor) / (self.ceiling - self.floor), 0.0, 1.0)
        return self.top * share


class OccupationInference:
    """Occupation credits from skills and summaries; built once per process."""

    def __init__(
        self, tx: Taxonomy, encoder: TextEncoder, skill_idf: np.ndarray
    ) -> None:
        n_occ, n_skill = len(tx.occupations), len(tx.skills)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
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
        #: occupations × skills: row o holds occupation o's normalised profile.
        self.profile = sp.csr_matrix(
            (vals, (rows, cols)), shape=(n_occ, n_skill), dtype=np.float64
        )
        self.profile_t = self.profile.T.tocsr()
        labels: list[str] = []
        owners: list[int] = []
        for o, occ in enumerate(tx.occupations):
            names = dict.fromkeys(
                [occ.label_nl, occ.label_en, *occ.alt_nl, *occ.alt_en]
            )
            labels += names
            owners += [o] * len(names)
        #: Occupation index of each label column.
        self.label_owner = np.asarray(owners, dtype=np.int64)
        self.n_occupations = n_occ
        idf = np.where(encoder.word_idf >= STOP_IDF, encoder.word_idf, 0.0)
        stem_ids: dict[str, int] = {}
        #: Stem number of every word column of the text encoder.
        self.word_stem = np.array(
            [stem_ids.setdefault(stem(w), len(stem_ids)) for w in encoder.word_terms],
            dtype=np.int64,
        )
        n_word = len(encoder.word_terms)
        #: words × stems 0/1 map.
        self._to_stems = sp.csr_matrix(
            (np.ones(n_word), (np.arange(n_word), self.word_stem)),
            shape=(n_word, len(stem_ids)),
        )
        weighted = (encoder.word_presence(labels) @ sp.diags(idf)) @ self._to_stems
        size = np.maximum(np.asarray(weighted.sum(axis=1)).ravel(), LABEL_MIN_IDF)
        #: labels × stems: IDF weight of each stem as a share of its label's total.
        self.labels = (sp.diags(1.0 / size) @ weighted).tocsr()
        self.labels.sort_indices()
        self.labels_t = self.labels.T.tocsr()
        self.n_word = encoder.n_word

    def credits(
        self,
        listed_skills: sp.csr_matrix,
        text: sp.csr_matrix,
        from_skills: Ramp,
        from_text: Ramp,
    ) -> sp.csr_matrix:
        """n × occupations matrix of inferred credits (max over both sources)."""
        words = self._stem_presence(text)
        chunks = []
        for start in range(0, listed_skills.shape[0], CHUNK_ROWS):
            stop = start + CHUNK_ROWS
            by_skills = _ramped(listed_skills[start:stop] @ self.profile_t, from_skills)
            by_label = _ramped(words[start:stop] @ self.labels_t, from_text)
            by_text = best_per_group(by_label, self.label_owner, self.n_occupations)
            chunks.append(by_skills.maximum(by_text))
        if not chunks:
            return sp.csr_matrix((0, self.profile_t.shape[1]))
        return sp.vstack(chunks, format="csr")

    def _stem_presence(self, text: sp.csr_matrix) -> sp.csr_matrix:
        """0/1 stem presence from TF-IDF rows (the word block comes first)."""
        words = sp.csr_matrix(text[:, : self.n_word], dtype=np.float64)
        words.data[:] = 1.0
        stems = (words @ self._to_stems).tocsr()
        stems.data[:] = 1.0
        return stems

    def sources(
        self, listed_skills: np.ndarray, words: np.ndarray, occupation: int
    ) -> tuple[float, float]:
        """(skill coverage, best label containment) of one profile for one occupation.

        ``listed_skills`` are skill indices, ``words`` word-column indices of the summary.
        """
        listed = np.zeros(self.profile.shape[1], dtype=bool)
        listed[listed_skills] = True
        lo, hi = self.profile.indptr[occupation], self.profile.indptr[occupation + 1]
        by_skills = self.profile.data[lo:hi][listed[self.profile.indices[lo:hi]]].sum()
        found = np.zeros(self.labels.shape[1], dtype=bool)
        found[self.word_stem[words]] = True
        first, last = np.searchsorted(self.label_owner, [occupation, occupation + 1])
        bounds = self.labels.indptr[first : last + 1]
        lo, hi = bounds[0], bounds[-1]
        matched = self.labels.data[lo:hi] * found[self.labels.indices[lo:hi]]
        running = np.concatenate([[0.0], np.cumsum(matched)])
        per_label = running[bounds[1:] - lo] - running[bounds[:-1] - lo]
        by_text = per_label.max(initial=0.0)
        return float(by_skills), float(by_text)


def best_per_group(
    matrix: sp.csr_matrix, owner: np.ndarray, n_owners: int
) -> sp.csr_matrix:
    """Per row, the maximum over the columns of each group (``owner[column]``)."""
    coo = matrix.tocoo()
    if coo.nnz == 0:
        return sp.csr_matrix((matrix.shape[0], n_owners))
    keys = coo.row.astype(np.int64) * n_owners + owner[coo.col]
    order = np.argsort(keys, kind="stable")
    keys, data = keys[order], coo.data[order]
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    rows, cols = np.divmod(keys[first], n_owners)
    return sp.csr_matrix(
        (np.maximum.reduceat(data, first), (rows, cols)),
        shape=(matrix.shape[0], n_owners),
    )


def _ramped(similarity: sp.spmatrix, ramp: Ramp) -> sp.csr_matrix:
    out = sp.csr_matrix(similarity)
    out.data = ramp(out.data)
    out.eliminate_zeros()
    return out
