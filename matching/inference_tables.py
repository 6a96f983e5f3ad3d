"""The occupation inference's tables: how ESCO labels are read, compiled and shipped.

What :class:`matching.inference.OccupationInference` reads the labels with: the stem of
every word of the text model, the words of every occupation and skill label, each
label's IDF weights per stem and its anchor stems (:func:`matching.sparse_ops.anchors`),
and the constants that decide which words count. They depend only on the data files
(taxonomy and text model) and these constants, not on any profile, so
``scripts/build_taxonomy.py`` compiles them once and ships them in ``matching/data``
with a fingerprint; a process compiles them itself only when the fingerprint does not
fit. Separate from :mod:`matching.inference`, which uses them to infer occupations
from profiles.
"""

from __future__ import annotations

import functools
import hashlib
import io
import zipfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from matching.sparse_ops import anchors
from matching.stopwords import STOP_WORDS, is_stop_word
from matching.taxonomy import Taxonomy
from matching.text import TextEncoder
from matching.textmatch import stem

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

#: The tables as shipped in ``matching/data`` (``scripts/build_taxonomy.py`` writes them).
TABLES_FILE = "esco_inference_tables.npz"
#: Part of the tables' fingerprint: raise it when what they hold or how it is computed
#: changes, so an older file is no longer used (``tests/matching/test_inference_tables``
#: compares the shipped tables with freshly computed ones).
TABLES_RECIPE = "1"


def label_matrix(
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


def label_idf(encoder: TextEncoder) -> np.ndarray:
    """IDF of each word as label evidence (0 for stop words and very common words)."""
    stop = np.array([is_stop_word(t) for t in encoder.word_terms], dtype=bool)
    return np.where(
        (encoder.word_idf >= STOP_IDF) & ~stop, encoder.word_idf, 0.0
    ).astype(np.float64)


def stem_map(word_stem: np.ndarray, n_stems: int) -> sp.csr_matrix:
    """words × stems 0/1: the stem of each word column."""
    n_word = word_stem.size
    return sp.csr_matrix(
        (np.ones(n_word), (np.arange(n_word), word_stem)), shape=(n_word, n_stems)
    )


def label_texts(tx: Taxonomy) -> tuple[list[str], list[int], list[str], list[int]]:
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


def words_in_labels(
    label_presence: sp.csr_matrix, skill_presence: sp.csr_matrix, n_word: int
) -> np.ndarray:
    """Which word columns occur in some occupation or skill label."""
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


def label_word_matrix(
    tables: Mapping[str, np.ndarray], kind: str, n_word: int
) -> sp.csr_matrix:
    """labels × words 0/1 (as ``TextEncoder.word_presence`` gives it)."""
    ptr = _pointer(tables[f"{kind}_label_lengths"])
    words = tables[f"{kind}_label_words"].astype(np.int32)
    return sp.csr_matrix(
        (np.ones(words.size, dtype=np.float32), words, ptr),
        shape=(ptr.size - 1, n_word),
    )


def label_anchors(
    tables: Mapping[str, np.ndarray], kind: str, n_labels: int
) -> sp.csr_matrix:
    """stems × labels 0/1: the anchor stems of each label, as stored in the tables."""
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
    to_stems = stem_map(word_stem, n_stems)
    idf = label_idf(encoder)
    labels, _, skill_labels, _ = label_texts(tx)
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
        weights, _ = label_matrix(presence, idf, to_stems, min_idf)
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
