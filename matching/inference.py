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
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from matching.ragged import ClauseTable, take_ragged
from matching.sparse_ops import (
    anchors,
    at_least,
    containment,
    grouped_max,
)
from matching.stopwords import STOP_WORDS, is_stop_word
from matching.taxonomy import Taxonomy
from matching.text import TextEncoder
from matching.textmatch import (
    Vocabulary,
    clauses_of_many,
    stem,
    words,
)

#: Rows per chunk: keeps the dense-ish intermediate products small.
CHUNK_ROWS = 4096
#: Words this common in ESCO ("and", "de", "voor") are not evidence of an occupation.
STOP_IDF = 3.6
#: A label's words must be worth at least this much IDF to count as a full match.
LABEL_MIN_IDF = 7.0
#: The same for a skill label to count as mentioned in a summary.
SKILL_LABEL_MIN_IDF = 6.0
#: Share of a skill label's weight a summary must contain to mention the skill.
SKILL_MENTION_SHARE = 0.999
#: Lowest label containment ever asked of a summary (the text floor's lower bound):
#: labels are only compared with clauses holding one of their heaviest words.
OCCUPATION_ANCHOR_FLOOR = 0.5


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


def _label_matrix(
    presence: sp.csr_matrix,
    idf: np.ndarray,
    to_stems: sp.csr_matrix,
    min_idf: float,
) -> tuple[sp.csr_matrix, np.ndarray]:
    """labels × stems: IDF weight of each stem as a share of its label's total.

    ``presence`` is the labels × words 0/1 matrix; stop words have IDF 0 here.
    """
    weighted = ((presence @ sp.diags(idf)) @ to_stems).tocsr()
    weighted.eliminate_zeros()  # stop words weigh 0: keep them out of every product
    weighted.data = np.minimum(weighted.data, idf.max())
    size = np.maximum(np.asarray(weighted.sum(axis=1)).ravel(), min_idf)
    out = (sp.diags(1.0 / size) @ weighted).tocsr()
    out.sort_indices()
    return out, size


def label_words(label: str) -> list[str]:
    """Words of an ESCO label as matched: folded, stop words dropped."""
    return words(label)


# -- tables: what the inference reads ESCO with, compiled once and shipped ------------
#: The tables as shipped in ``matching/data`` (``scripts/build_taxonomy.py`` writes them).
TABLES_FILE = "esco_inference_tables.npz"
#: Part of the tables' fingerprint: raise it when what they hold or how it is computed
#: changes, so an older file is no longer used (``tests/matching/test_inference_tables``
#: compares the shipped tables with freshly computed ones).
TABLES_RECIPE = "1"


def _label_idf(encoder: TextEncoder) -> np.ndarray:
    """IDF of each word as label evidence (0 for stop words and very common words)."""
    stop = np.array([is_stop_word(t) for t in encoder.word_terms], dtype=bool)
    return np.where(
        (encoder.word_idf >= STOP_IDF) & ~stop, encoder.word_idf, 0.0
    ).astype(np.float64)


def _stem_map(word_stem: np.ndarray, n_stems: int) -> sp.csr_matrix:
    n_word = word_stem.size
    return sp.csr_matrix(
        (np.ones(n_word), (np.arange(n_word), word_stem)), shape=(n_word, n_stems)
    )


def _label_texts(tx: Taxonomy) -> tuple[list[str], list[int], list[str], list[int]]:
    """(occupation labels, their occupations, skill labels, their skills): every
    distinct preferred and alternative label, Dutch and English."""
    labels: list[str] = []
    owners: list[int] = []
    for o, occ in enumerate(tx.occupations):
        names = dict.fromkeys([occ.label_nl, occ.label_en, *occ.alt_nl, *occ.alt_en])
        labels += names
        owners += [o] * len(names)
    skill_labels: list[str] = []
    skill_owners: list[int] = []
    for j, skill in enumerate(tx.skills):
        names = dict.fromkeys(
            [
                skill.label_en,
                skill.label_nl or skill.label_en,
                *skill.alt_en,
                *skill.alt_nl,
            ]
        )
        skill_labels += names
        skill_owners += [j] * len(names)
    return labels, owners, skill_labels, skill_owners


def _in_labels(
    label_presence: sp.csr_matrix, skill_presence: sp.csr_matrix, n_word: int
) -> np.ndarray:
    found = np.zeros(n_word, dtype=bool)
    found[label_presence.indices] = True
    found[skill_presence.indices] = True
    return found


def _pack(ptr: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(lengths, values) of a ragged array, each in the smallest unsigned type."""
    return _small(np.diff(ptr)), _small(values)


def _small(values: np.ndarray) -> np.ndarray:
    top = int(values.max()) if values.size else 0
    kind = next(t for t in (np.uint8, np.uint16, np.uint32) if top <= np.iinfo(t).max)
    return values.astype(kind)


def _pointer(lengths: np.ndarray) -> np.ndarray:
    out = np.zeros(lengths.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=out[1:])
    return out


def _presence(
    tables: Mapping[str, np.ndarray], kind: str, n_word: int
) -> sp.csr_matrix:
    """labels × words 0/1 (as ``TextEncoder.word_presence`` gives it)."""
    ptr = _pointer(tables[f"{kind}_label_lengths"])
    words = tables[f"{kind}_label_words"].astype(np.int32)
    return sp.csr_matrix(
        (np.ones(words.size, dtype=np.float32), words, ptr),
        shape=(ptr.size - 1, n_word),
    )


def _anchors(
    tables: Mapping[str, np.ndarray], kind: str, n_labels: int
) -> sp.csr_matrix:
    ptr = _pointer(tables[f"{kind}_anchor_lengths"])
    labels = tables[f"{kind}_anchor_labels"].astype(np.int32)
    return sp.csr_matrix(
        (np.ones(labels.size), labels, ptr), shape=(ptr.size - 1, n_labels)
    )


def compile_tables(
    tx: Taxonomy,
    encoder: TextEncoder,
    base: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """The integer tables of the inference for ``tx`` and ``encoder``: each word's
    stem, the words of every occupation and skill label, each label's anchor stems
    (:func:`matching.sparse_ops.anchors`).

    They take about a second to compute from the labels, so
    ``scripts/build_taxonomy.py`` ships them, and a process computes them only when
    the shipped ones do not fit (another data file, a new recipe). ``base``: tables
    that fit but for the skill labels (a glossary changed them); their word stems and
    occupation part are kept and only the skill part is computed.
    """
    terms = encoder.word_terms
    out: dict[str, np.ndarray] = {}
    if base is None:
        stem_ids: dict[str, int] = {}
        word_stem = np.array(
            [stem_ids.setdefault(stem(w), len(stem_ids)) for w in terms],
            dtype=np.int64,
        )
        out["word_stem"] = _small(word_stem)
    else:
        out.update({k: v for k, v in base.items() if k.startswith("occupation_")})
        out["word_stem"] = base["word_stem"]
        word_stem = base["word_stem"].astype(np.int64)
    n_stems = int(word_stem.max()) + 1 if word_stem.size else 0
    to_stems = _stem_map(word_stem, n_stems)
    idf = _label_idf(encoder)
    labels, _, skill_labels, _ = _label_texts(tx)
    for kind, texts, min_idf, floor in (
        ("occupation", labels, LABEL_MIN_IDF, OCCUPATION_ANCHOR_FLOOR),
        ("skill", skill_labels, SKILL_LABEL_MIN_IDF, SKILL_MENTION_SHARE),
    ):
        if f"{kind}_label_words" in out:
            continue
        presence = encoder.word_presence(texts)
        out[f"{kind}_label_lengths"], out[f"{kind}_label_words"] = _pack(
            presence.indptr, presence.indices
        )
        weights, _ = _label_matrix(presence, idf, to_stems, min_idf)
        found = anchors(weights, floor)
        out[f"{kind}_anchor_lengths"], out[f"{kind}_anchor_labels"] = _pack(
            found.indptr, found.indices
        )
    return out


def tables_fingerprint(tx: Taxonomy, encoder: TextEncoder) -> str:
    """What the tables were computed from: the data files, the recipe, the stop words
    and the constants they depend on ("" if the files are not the shipped ones)."""
    if not tx.source_digest or not encoder.source_digest:
        return ""
    recipe = [
        TABLES_RECIPE,
        tx.source_digest,
        encoder.source_digest,
        repr((STOP_IDF, LABEL_MIN_IDF, SKILL_LABEL_MIN_IDF, SKILL_MENTION_SHARE)),
        repr(OCCUPATION_ANCHOR_FLOOR),
        " ".join(sorted(STOP_WORDS)),
    ]
    return hashlib.sha256("\n".join(recipe).encode()).hexdigest()


def write_tables(
    path: Path, tables: Mapping[str, np.ndarray], fingerprint: str
) -> None:
    """Write the tables as ``.npz`` (NumPy's zip of arrays), byte-identical for the
    same tables: fixed entry dates, names in order."""
    arrays = {**tables, "fingerprint": np.array(fingerprint)}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(entry, "w") as out:
                np.lib.format.write_array(
                    out, np.asarray(arrays[name]), allow_pickle=False
                )


@functools.cache
def shipped_tables() -> dict[str, np.ndarray]:
    """The tables in ``matching/data`` with their fingerprint ({} if the file is gone)."""
    path = resources.files("matching").joinpath("data", TABLES_FILE)
    if not path.is_file():
        return {}
    with np.load(io.BytesIO(path.read_bytes()), allow_pickle=False) as stored:
        return {name: stored[name] for name in stored.files}


def inference_tables(tx: Taxonomy, encoder: TextEncoder) -> dict[str, np.ndarray]:
    """The tables for ``tx`` and ``encoder``: the shipped ones where they fit."""
    shipped = shipped_tables()
    fingerprint = tables_fingerprint(tx, encoder)
    if not fingerprint or str(shipped.get("fingerprint", "")) != fingerprint:
        return compile_tables(tx, encoder)
    if tx.glossary_applied:
        # Glossary labels change the skill part only.
        return compile_tables(tx, encoder, base=shipped)
    return shipped


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
        idf = _label_idf(encoder)
        tables = inference_tables(tx, encoder)
        #: Stem number of every word column of the text encoder.
        self.word_stem = tables["word_stem"]
        n_word = len(terms)
        self.n_stems = int(self.word_stem.max()) + 1 if n_word else 0
        #: words × stems 0/1 map.
        self._to_stems = _stem_map(self.word_stem, self.n_stems)
        labels, owners, skill_labels, skill_owners = _label_texts(tx)
        #: The label text of each row of :attr:`labels`.
        self.label_text = tuple(labels)
        #: Occupation index of each label row.
        self.label_owner = np.asarray(owners, dtype=np.int64)
        #: labels × stems: IDF weight of each stem as a share of its label's total.
        #: ... and the IDF weight of each label (how specific it is).
        label_presence = _presence(tables, "occupation", n_word)
        self.labels, self.label_size = _label_matrix(
            label_presence, idf, self._to_stems, LABEL_MIN_IDF
        )
        self.labels_t = self.labels.T.tocsr()
        self._label_anchors_t = _anchors(tables, "occupation", len(labels))
        self.skill_label_owner = np.asarray(skill_owners, dtype=np.int64)
        skill_presence = _presence(tables, "skill", n_word)
        skill_matrix, _ = _label_matrix(
            skill_presence, idf, self._to_stems, SKILL_LABEL_MIN_IDF
        )
        # Typos are repaired towards words that occur in some label: no other word
        # can change an inferred occupation or skill.
        self.vocabulary = Vocabulary(
            terms,
            -encoder.word_idf.astype(np.float64),
            repair_to=_in_labels(label_presence, skill_presence, n_word),
        )
        self.skill_labels = skill_matrix
        self._skill_anchors_t = _anchors(tables, "skill", len(skill_labels))
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
        return Inferred(
            sp.vstack(by_skills, format="csr"), by_text, said.tocsr(), per_profile
        )

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
