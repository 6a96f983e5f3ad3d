"""Typo repair: the hashed deletion index finds exactly what comparing every term finds."""

from __future__ import annotations

import numpy as np

from matching.stopwords import is_stop_word
from matching.text import load_text_encoder
from matching.textmatch import TYPO_MIN_LENGTH, TypoIndex, Vocabulary, within_one_edit

LETTERS = "abcdefghijklmnopqrstuvwxyzéü"


def _typos(terms: list[str], rng: np.random.Generator, n: int) -> list[str]:
    """Words one edit away from ESCO words (of every kind), and some two away."""
    out = []
    for term in rng.choice([t for t in terms if len(t) >= 6], size=n):
        p = int(rng.integers(1, len(term) - 1))
        letter = str(rng.choice(list(LETTERS)))
        out += [
            term[:p] + term[p + 1 :],  # dropped
            term[:p] + letter + term[p:],  # added
            term[:p] + letter + term[p + 1 :],  # changed
            term[: p - 1] + term[p] + term[p - 1] + term[p + 1 :],  # swapped
            term[:p] + letter + letter + term[p + 2 :],  # two away
        ]
    return out


def _slow_repair(
    word: str, vocabulary: Vocabulary, repair_to: np.ndarray
) -> int | None:
    """The definition: the most frequent repairable term one edit away."""
    terms = vocabulary._terms
    if word in vocabulary.column or len(word) < TYPO_MIN_LENGTH:
        return vocabulary.column.get(word)
    close = [
        i
        for i in np.flatnonzero(repair_to).tolist()
        if abs(len(terms[i]) - len(word)) <= 1
        and len(terms[i]) >= TYPO_MIN_LENGTH - 1
        and not is_stop_word(terms[i])
        and within_one_edit(word, terms[i])
    ]
    return min(close, key=lambda i: (-vocabulary._frequency[i], i)) if close else None


def test_repairs_equal_comparing_every_term() -> None:
    encoder = load_text_encoder()
    terms = list(encoder.word_terms)
    rng = np.random.default_rng(5)
    repair_to = rng.random(len(terms)) < 0.7
    words = [*_typos(terms, rng, 40), "zzzzzzq", "kok", "abcde", terms[100]]
    vocabulary = Vocabulary(terms, -encoder.word_idf.astype(np.float64), repair_to)
    got = vocabulary.repair_many(words)  # all at once, in one batch
    want = [_slow_repair(w, vocabulary, repair_to) for w in words]
    assert got == want
    assert (
        sum(g is not None and terms[g] != w for g, w in zip(got, words, strict=True))
        > 40
    )
    assert got.count(None) > 5
    # One at a time (a fresh vocabulary: nothing remembered) gives the same.
    single = Vocabulary(terms, -encoder.word_idf.astype(np.float64), repair_to)
    assert [single.repair_many([w])[0] for w in reversed(words)] == want[::-1]


def test_the_index_holds_every_variant_of_a_term() -> None:
    terms = ["keukenhulp", "kok", "lasser", "heftruck", "aabb"]
    index = TypoIndex(terms, np.ones(len(terms), dtype=bool))
    found = index.candidates(
        ["keukenhulp", "keukenhlp", "lasesr", "heftruk", "abb", "xy"]
    )
    assert 0 in found[0]
    assert 0 in found[1]
    assert 2 in found[2]
    assert 3 in found[3]
    assert 4 in found[4]  # "abb" is "aabb" less one letter
    assert 1 not in set().union(*found)  # "kok" is too short to be repaired to
    assert found[5] == set()
