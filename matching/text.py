"""TF-IDF text vectors for free-text profiles and vacancies, in Dutch and English.

The vocabulary and IDF weights come from ESCO itself (occupation and skill labels and
occupation descriptions in both languages), not from the candidate pool. So a pair's text
similarity does not change when other profiles are added, which keeps explanations
stable. Two views are concatenated: whole words (readable, used to name shared terms
in explanations) and character 4-grams inside words (catch Dutch compounds and
inflections: "magazijnmedewerker" vs "magazijn", "lassen" vs "lasser").

The fitted vocabulary ships in ``matching/data/esco_text_model.json.gz``
(``scripts/build_taxonomy.py`` writes it); it is refitted in-process if missing.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import itertools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from matching.stopwords import is_stop_word
from matching.taxonomy import Taxonomy, load_occupation_descriptions, load_taxonomy
from matching.textnorm import fold

TEXT_MODEL_FILE = "esco_text_model.json.gz"
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"
CHAR_NGRAM = (4, 4)
#: Terms in more than this share of ESCO documents carry no signal ("and", "de").
MAX_DF = 0.3
_WHITE_SPACES = re.compile(r"\s\s+")
#: Texts per step of :meth:`TextEncoder.transform`.
ROWS_PER_STEP = 8192

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import CountVectorizer

# scikit-learn fits the vocabulary (``scripts/build_taxonomy.py``) and the tests hold
# the encoder to its vectorisers; ranking does not import it (about 1 s per process).


def _word_vectorizer(vocabulary: Sequence[str] | None = None) -> CountVectorizer:
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        analyzer="word",
        preprocessor=fold,
        token_pattern=WORD_PATTERN,
        vocabulary=vocabulary,
        max_df=MAX_DF if vocabulary is None else 1.0,
        min_df=1,
        dtype=np.float32,
    )


def _char_vectorizer(vocabulary: Sequence[str] | None = None) -> CountVectorizer:
    from sklearn.feature_extraction.text import CountVectorizer

    return CountVectorizer(
        analyzer="char_wb",
        preprocessor=fold,
        ngram_range=CHAR_NGRAM,
        vocabulary=vocabulary,
        max_df=MAX_DF if vocabulary is None else 1.0,
        min_df=2 if vocabulary is None else 1,
        dtype=np.float32,
    )


def esco_corpus(
    tx: Taxonomy, descriptions: Mapping[str, tuple[str, str]] | None = None
) -> list[str]:
    """One document per ESCO occupation (labels + descriptions) and per skill (labels).

    ``descriptions`` maps an occupation UUID to (Dutch, English) text; by default the
    shipped file (the build script passes the freshly built one).
    """
    if descriptions is None:
        descriptions = load_occupation_descriptions()
    docs = []
    for occ in tx.occupations:
        nl, en = descriptions.get(occ.uri.rsplit("/", 1)[-1], ("", ""))
        docs.append(
            " ".join([occ.label_nl, occ.label_en, *occ.alt_nl, *occ.alt_en, nl, en])
        )
    docs += [
        " ".join([s.label_en, *s.alt_en, s.label_nl or "", *s.alt_nl])
        for s in tx.skills
    ]
    return docs


def fit_text_model(docs: Sequence[str]) -> dict[str, Any]:
    """Vocabulary and IDF of both views, as plain JSON-ready data."""
    from sklearn.feature_extraction.text import TfidfTransformer

    model: dict[str, Any] = {
        "word_pattern": WORD_PATTERN,
        "char_ngram": list(CHAR_NGRAM),
    }
    for name, make in (("word", _word_vectorizer), ("char", _char_vectorizer)):
        vectorizer = make()
        counts = vectorizer.fit_transform(docs)
        idf = TfidfTransformer(smooth_idf=True).fit(counts).idf_
        terms = vectorizer.get_feature_names_out()
        model[name] = {
            "terms": terms.tolist(),
            "idf": [round(float(x), 4) for x in idf],
        }
    return model


class TextEncoder:
    """Turns texts into L2-normalised TF-IDF rows over the fixed ESCO vocabulary."""

    def __init__(self, model: dict[str, Any], source_digest: str = "") -> None:
        #: SHA-256 of the stored model file ("" if fitted in the process).
        self.source_digest = source_digest
        self._word_idf = np.asarray(model["word"]["idf"], dtype=np.float32)
        self._char_idf = np.asarray(model["char"]["idf"], dtype=np.float32)
        self.word_terms: tuple[str, ...] = tuple(model["word"]["terms"])
        self._word_column = {term: i for i, term in enumerate(self.word_terms)}
        #: The character n-grams, in column order after the words.
        self.char_terms: tuple[str, ...] = tuple(model["char"]["terms"])
        self._char_column = {term: i for i, term in enumerate(self.char_terms)}
        self._find_words = re.compile(WORD_PATTERN).findall
        #: Columns ``[0, n_word)`` are words, the rest character n-grams.
        self.n_word = len(self.word_terms)
        self.n_features = self.n_word + len(self._char_idf)
        self._stop = np.array([is_stop_word(t) for t in self.word_terms], dtype=bool)

    def transform(
        self, texts: Iterable[str], folded: Mapping[str, str] | None = None
    ) -> sp.csr_matrix:
        """TF-IDF rows (sublinear tf; words and 4-grams weigh equally after scaling)."""
        texts = list(texts)
        # An empty pool is valid input, but scikit-learn's normalize refuses zero rows.
        if not texts:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        # Each row depends on its text alone: encode every distinct text once (many
        # summaries are empty or alike) and repeat the rows.
        first: dict[str, int] = {}
        rows = np.fromiter(
            (first.setdefault(t, len(first)) for t in texts),
            dtype=np.int64,
            count=len(texts),
        )
        if len(first) < len(texts):
            return self._encode(list(first), folded)[rows]
        return self._encode(texts, folded)

    def _encode(
        self, texts: list[str], folded: Mapping[str, str] | None = None
    ) -> sp.csr_matrix:
        known = folded or {}
        per_text, tokens = _token_counts([known.get(t) or fold(t) for t in texts])
        # Words and n-grams never span whitespace: a text's counts are the sum of its
        # tokens' counts, and each distinct token is analysed once.
        to_words = self._token_words(tokens)
        to_grams = self._word_ngrams(tokens)
        steps = []
        # A step of rows at a time: every intermediate stays a few megabytes.
        for lo in range(0, len(texts), ROWS_PER_STEP):
            rows = per_text[lo : lo + ROWS_PER_STEP]
            blocks = []
            for counts, idf in (
                (_sorted_product(rows, to_words), self._word_idf),
                (_sorted_product(rows, to_grams), self._char_idf),
            ):
                np.log1p(counts.data, out=counts.data)
                counts = counts @ sp.diags(idf)
                blocks.append(l2_normalize_rows(counts))
            steps.append(
                l2_normalize_rows(sp.hstack(blocks, format="csr", dtype=np.float32))
            )
        return sp.vstack(steps, format="csr")

    def _word_counts(self, folded: list[str]) -> sp.csr_matrix:
        """Word counts of folded texts, as scikit-learn's word ``CountVectorizer``
        over the same pattern and vocabulary counts them (the tests compare the two)."""
        per_text, tokens = _token_counts(folded)
        return _sorted_product(per_text, self._token_words(tokens))

    def _char_counts(self, folded: list[str]) -> sp.csr_matrix:
        """Character n-gram counts of folded texts, as the ``char_wb`` vectoriser."""
        per_text, tokens = _token_counts(folded)
        return _sorted_product(per_text, self._word_ngrams(tokens))

    def _token_words(self, tokens: list[str]) -> sp.csr_matrix:
        """Per whitespace token, its vocabulary words: a token of letters only is
        one whole word; the others ("12", "m²", "kok!ervaring") are searched with
        the word pattern."""
        column = self._word_column
        rows: list[int] = []
        cols: list[int] = []
        for row, token in enumerate(tokens):
            for word in (token,) if token.isalpha() else self._find_words(token):
                col = column.get(word)
                if col is not None:
                    rows.append(row)
                    cols.append(col)
        return _counts(
            np.asarray(rows, dtype=np.int64),
            np.asarray(cols, dtype=np.int64),
            (len(tokens), self.n_word),
        )

    def _word_ngrams(self, words: list[str]) -> sp.csr_matrix:
        """Per whitespace token, the counts of its character n-grams in the
        vocabulary (the ``char_wb`` analyser: the text folded, each word padded with
        one space, every n-gram inside it; a padded word shorter than n counts once,
        whole)."""
        column = self._char_column
        n = CHAR_NGRAM[0]
        rows: list[int] = []
        cols: list[int] = []
        for row, word in enumerate(words):
            for part in _WHITE_SPACES.sub(" ", fold(word)).split():
                padded = f" {part} "
                for start in range(max(1, len(padded) - n + 1)):
                    col = column.get(padded[start : start + n])
                    if col is not None:
                        rows.append(row)
                        cols.append(col)
        return _counts(
            np.asarray(rows, dtype=np.int64),
            np.asarray(cols, dtype=np.int64),
            (len(words), len(self.char_terms)),
        )

    @property
    def word_idf(self) -> np.ndarray:
        """IDF of each word column (ESCO corpus)."""
        return self._word_idf

    def word_presence(self, texts: Iterable[str]) -> sp.csr_matrix:
        """0/1 matrix: which vocabulary words occur in each text."""
        counts = self._word_counts([fold(t) for t in texts])
        counts.data[:] = 1.0
        return counts

    def shared_words(
        self,
        a: tuple[np.ndarray, np.ndarray],
        b: tuple[np.ndarray, np.ndarray],
        limit: int = 5,
    ) -> list[str]:
        """The words contributing most to the similarity of two rows (indices, values).

        Stop words (Dutch and English, :mod:`matching.stopwords`) are never named: they
        say nothing about why two texts are alike.
        """
        (ia, va), (ib, vb) = a, b
        common, pos_a, pos_b = np.intersect1d(
            ia, ib, assume_unique=True, return_indices=True
        )
        is_word = common < self.n_word
        is_word[is_word] = ~self._stop[common[is_word]]
        if not is_word.any():
            return []
        weight = va[pos_a[is_word]] * vb[pos_b[is_word]]
        order = np.argsort(-weight, kind="stable")[:limit]
        return [self.word_terms[int(col)] for col in common[is_word][order]]


def _token_counts(folded: list[str]) -> tuple[sp.csr_matrix, list[str]]:
    """(texts × distinct whitespace tokens counts, the distinct tokens in order of
    first appearance), without a Python step per token."""
    split = list(map(str.split, folded))
    number = dict.fromkeys(itertools.chain.from_iterable(split), 0)
    tokens = list(number)
    for i, token in enumerate(tokens):
        number[token] = i
    rows = np.repeat(
        np.arange(len(split), dtype=np.int64),
        np.fromiter(map(len, split), dtype=np.int64, count=len(split)),
    )
    ids = np.fromiter(
        map(number.__getitem__, itertools.chain.from_iterable(split)),
        dtype=np.int64,
        count=rows.size,
    )
    return _counts(rows, ids, (len(folded), len(tokens))), tokens


def _sorted_product(a: sp.csr_matrix, b: sp.csr_matrix) -> sp.csr_matrix:
    """``a @ b`` with every row's columns in order (for counts, which add up exactly
    in any order): taken transposed and turned back, which sorts as it goes."""
    return (b.T.tocsr() @ a.T.tocsr()).T.tocsr()


def _counts(
    rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]
) -> sp.csr_matrix:
    """Float32 counts of the (row, column) pairs (repeats add up), indices sorted;
    ``rows`` must be in ascending order."""
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=shape[0]), out=indptr[1:])
    counts = sp.csr_matrix(
        (np.ones(cols.size, dtype=np.float32), cols, indptr), shape=shape
    )
    counts.sum_duplicates()
    return counts


def l2_normalize_rows(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Scale each row to unit length, in place, exactly as scikit-learn's
    ``normalize(matrix, norm="l2", copy=False)`` does (the tests compare the two):
    squares in the data's precision, summed in row order in double precision, each
    value divided in double precision; an all-zero row is left as it is."""
    matrix = sp.csr_matrix(matrix)
    data = matrix.data
    lengths = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), lengths)
    # bincount adds its weights one by one, in order: the same sums as a loop.
    norms = np.sqrt(
        np.bincount(
            rows, weights=(data * data).astype(np.float64), minlength=matrix.shape[0]
        )
    )
    norms[norms == 0.0] = 1.0
    np.divide(data, np.repeat(norms, lengths), out=data, casting="same_kind")
    return matrix


def _stored_model() -> tuple[dict[str, Any], str] | None:
    path = resources.files("matching").joinpath("data", TEXT_MODEL_FILE)
    if not path.is_file():
        return None
    data = path.read_bytes()
    model: dict[str, Any] = json.loads(gzip.decompress(data))
    return model, hashlib.sha256(data).hexdigest()


@functools.cache
def load_text_encoder() -> TextEncoder:
    """The process-wide encoder (stored ESCO vocabulary; refitted if the file is gone)."""
    stored = _stored_model()
    if stored is None:
        return TextEncoder(fit_text_model(esco_corpus(load_taxonomy())))
    return TextEncoder(*stored)
