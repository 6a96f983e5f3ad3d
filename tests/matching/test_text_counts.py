"""The text encoder's own word and n-gram counting equals scikit-learn's vectorisers."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matching.evalset import synthetic_population
from matching.text import load_text_encoder
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
]


def test_word_and_ngram_counts_equal_the_vectorisers() -> None:
    candidates, vacancies = synthetic_population(400, 20, seed=8)
    texts = [c.summary for c in candidates] + [v.description for v in vacancies] + ODD
    encoder = load_text_encoder()
    folded = [fold(t) for t in texts]
    words = encoder._word_counts(folded)
    ngrams = encoder._char_counts(folded)
    want_words = sp.csr_matrix(encoder._word.transform(texts), dtype=np.float32)
    want_ngrams = sp.csr_matrix(encoder._char.transform(texts), dtype=np.float32)
    assert words.nnz > 1000
    assert (words != want_words).nnz == 0
    assert (ngrams != want_ngrams).nnz == 0
