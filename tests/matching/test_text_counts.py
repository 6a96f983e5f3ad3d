"""The text encoder's own counting and scaling equal scikit-learn's, value for value.

Ranking does not import scikit-learn (it costs about a second per process), so the
encoder counts words and character n-grams and scales rows itself; these tests hold
it to the vectorisers and ``normalize`` that fitted the vocabulary.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.preprocessing import normalize

from matching.evalset import synthetic_population
from matching.text import (
    _char_vectorizer,
    _word_vectorizer,
    l2_normalize_rows,
    load_text_encoder,
)
from matching.textnorm import fold

ODD = [
    "",
    "a b",
    "Ça c'est KOK!! 12 jaar, 3 yrs",
    "Ölçüm müh. İstanbul ĞÜŞ",
    "ﬁne ﬂoor straße",
    "Kok-kok kok's kok kok",
    "ΑΒΓ δ — x\u0301y",
    "medewerker keuken / keukenmedewerker\tmagazijn\nheftruck",
    "ab abc abcd abcde  \u00a0 x\u2028y",
]


def _texts() -> list[str]:
    candidates, vacancies = synthetic_population(400, 20, seed=8)
    return [c.summary for c in candidates] + [v.description for v in vacancies] + ODD


def test_word_and_ngram_counts_equal_the_vectorisers() -> None:
    texts = _texts()
    encoder = load_text_encoder()
    folded = [fold(t) for t in texts]
    words = encoder._word_counts(folded)
    ngrams = encoder._char_counts(folded)
    want_words = sp.csr_matrix(
        _word_vectorizer(encoder.word_terms).transform(texts), dtype=np.float32
    )
    want_ngrams = sp.csr_matrix(
        _char_vectorizer(encoder.char_terms).transform(texts), dtype=np.float32
    )
    assert words.nnz > 1000
    assert ngrams.nnz > 10_000
    assert words.shape == want_words.shape
    assert ngrams.shape == want_ngrams.shape
    assert (words != want_words).nnz == 0
    assert (ngrams != want_ngrams).nnz == 0


def test_row_scaling_equals_normalize_bit_for_bit() -> None:
    rng = np.random.default_rng(3)
    for dtype in (np.float32, np.float64):
        matrix = sp.random(300, 2000, density=0.05, format="csr", rng=rng)
        matrix = sp.csr_matrix(matrix.multiply(rng.uniform(0, 50)), dtype=dtype)
        matrix.data[:7] = 0.0  # an explicit zero stays a zero
        matrix = sp.vstack([matrix, sp.csr_matrix((2, 2000), dtype=dtype)], "csr")
        want = normalize(matrix.copy(), norm="l2", copy=False)
        got = l2_normalize_rows(matrix.copy())
        assert got.dtype == want.dtype == dtype
        assert np.array_equal(got.indptr, want.indptr)
        assert np.array_equal(got.indices, want.indices)
        assert np.array_equal(got.data.view(np.uint8), want.data.view(np.uint8))


def test_encoded_rows_equal_the_scikit_learn_pipeline() -> None:
    texts = _texts()
    encoder = load_text_encoder()
    blocks = []
    for vectorizer, idf in (
        (_word_vectorizer(encoder.word_terms), encoder.word_idf),
        (_char_vectorizer(encoder.char_terms), encoder._char_idf),
    ):
        counts = sp.csr_matrix(vectorizer.transform(texts), dtype=np.float32)
        np.log1p(counts.data, out=counts.data)
        blocks.append(normalize(counts @ sp.diags(idf), norm="l2", copy=False))
    want = normalize(sp.hstack(blocks, format="csr", dtype=np.float32), copy=False)
    got = encoder.transform(texts)
    assert got.dtype == np.float32
    assert got.nnz > 10_000
    assert np.array_equal(got.indptr, want.indptr)
    assert np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data.view(np.uint8), want.data.view(np.uint8))
