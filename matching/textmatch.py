"""Read a free-text summary as ESCO words: folded, without stop words, typos repaired.

Summaries are typed quickly at intake, in Dutch, English or both. Before they are
compared with ESCO labels (:mod:`matching.inference`) each word is

* folded (:func:`matching.textnorm.fold`) and dropped if it is a stop word;
* looked up in the ESCO vocabulary, and if it is not there and is at least
  ``TYPO_MIN_LENGTH`` letters long, replaced by the ESCO word one edit away (one
  letter dropped, added, changed, or two neighbours swapped: "factroy" → "factory",
  "porductiemedewerker" → "productiemedewerker"); the most common such word wins;
* joined with its neighbour when the two make one ESCO word in either order, for
  Dutch compounds written apart ("medewerker keuken" → "keukenmedewerker",
  "pizza kok" → "pizzakok").

Matching then uses a crude shared stem (:func:`stem`), so plurals and verb forms meet.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from matching.ragged import ranges
from matching.stopwords import is_stop_word
from matching.textnorm import fold

_WORD = re.compile(r"[^\W\d_]{2,}")
#: Shorter words are left alone: one edit away from a short word is another word.
TYPO_MIN_LENGTH = 5
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


def words(text: str) -> list[str]:
    """Folded words of ``text`` without stop words, in order."""
    return [w for w in _WORD.findall(fold(text)) if not is_stop_word(w)]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one insertion, deletion, change or swap."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if la < lb else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


#: Repairs a vocabulary remembers (then it starts afresh).
_REPAIRED_MAX = 100_000


class TypoIndex:
    """The repairable terms by their one-letter deletions (and themselves).

    A word one edit away from a term shares such a variant with it (a dropped, added
    or changed letter, or two neighbours swapped: delete one of them), so the terms
    sharing a variant with the word are all the candidates (symmetric deletion).
    Variants are kept as sorted 64-bit polynomial hashes next to their terms, all
    computed in NumPy from prefix and suffix sums (the ~350,000 variants of ESCO's
    label words in milliseconds, no Python string per variant): a hash shared by
    accident only adds a candidate, which the exact one-edit test then drops.
    """

    def __init__(self, terms: Sequence[str], repair_to: np.ndarray) -> None:
        """Index every term of ``repair_to`` that is long enough and no stop word."""
        chosen = [
            i
            for i in np.flatnonzero(repair_to).tolist()
            if len(terms[i]) >= TYPO_MIN_LENGTH - 1 and not is_stop_word(terms[i])
        ]
        keys, owner = _variant_hashes([terms[i] for i in chosen])
        order = np.lexsort((owner, keys))
        #: Sorted variant hashes, and the term of each.
        self.keys = keys[order]
        self.terms = np.asarray(chosen, dtype=np.int64)[owner[order]]

    def candidates(self, words: Sequence[str]) -> list[set[int]]:
        """Per word, the indexed terms sharing a variant hash with it."""
        keys, owner = _variant_hashes(words)
        by_word = np.argsort(owner, kind="stable")
        keys, owner = keys[by_word], owner[by_word]
        lo = np.searchsorted(self.keys, keys, side="left")
        hi = np.searchsorted(self.keys, keys, side="right")
        found = self.terms[ranges(lo, hi - lo)].tolist()
        per_word = np.bincount(owner, weights=hi - lo, minlength=len(words))
        out: list[set[int]] = []
        at = 0
        for n in per_word.astype(np.int64).tolist():
            out.append(set(found[at : at + n]))
            at += n
        return out


#: Multiplier of the variant hash (odd, so every power is a unit modulo 2**64).
_HASH_BASE = np.uint64(0x9E3779B97F4A7C15)


def _variant_hashes(
    words: Sequence[str],
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """(hash, word number) of each word and of each of its one-letter deletions.

    hash(s) = sum of ``ord(s[i]) * B**i`` modulo 2**64; deleting letter p leaves
    prefix(p) + B**p * suffix(p + 1), where suffix(k) = sum of ``ord(s[i]) * B**(i-k)``
    over i >= k (padding code points are 0 and add nothing).
    """
    if not words:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64)
    points = np.array(words, dtype=np.str_)
    width = points.dtype.itemsize // 4
    codes = points.view(np.uint32).reshape(len(words), width).astype(np.uint64)
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    with np.errstate(over="ignore"):
        powers = np.ones(width + 1, dtype=np.uint64)
        for i in range(1, width + 1):
            powers[i] = powers[i - 1] * _HASH_BASE
        prefix = np.zeros((len(words), width + 1), dtype=np.uint64)
        np.cumsum(codes * powers[:width], axis=1, out=prefix[:, 1:])
        suffix = np.zeros((len(words), width + 1), dtype=np.uint64)
        for k in range(width - 1, -1, -1):
            suffix[:, k] = codes[:, k] + _HASH_BASE * suffix[:, k + 1]
        deleted = prefix[:, :width] + powers[:width] * suffix[:, 1:]
    position = np.arange(width)
    inside = position[None, :] < lengths[:, None]
    rows = np.repeat(np.arange(len(words), dtype=np.int64), lengths)
    keys = np.concatenate([prefix[:, -1], deleted[inside]])
    owner = np.concatenate([np.arange(len(words), dtype=np.int64), rows])
    return keys, owner


class Vocabulary:
    """ESCO word columns plus what is needed to repair and join summary words."""

    def __init__(
        self,
        terms: Sequence[str],
        frequency: np.ndarray,
        repair_to: np.ndarray | None = None,
    ) -> None:
        #: term → column (the text encoder's word columns).
        self.column: Mapping[str, int] = {t: i for i, t in enumerate(terms)}
        self._frequency = frequency
        self._terms = tuple(terms)
        #: Which terms a typo may be repaired to (default: all).
        self._repair_to = (
            np.ones(len(terms), dtype=bool) if repair_to is None else repair_to
        )
        self._repaired: dict[str, int | None] = {}

    @functools.cached_property
    def typos(self) -> TypoIndex:
        """The typo index of the repairable terms (built on the first typo)."""
        return TypoIndex(self._terms, self._repair_to)

    def _repair(self, word: str) -> int | None:
        return self.repair_many([word])[0]

    def repair_many(self, words: Sequence[str]) -> list[int | None]:
        """The column of each word: itself if known; else, from ``TYPO_MIN_LENGTH``
        letters, the most frequent term one edit away (ties by column), else None."""
        done = self._repaired
        if len(done) > _REPAIRED_MAX:  # a long-lived process reads ever new typos
            done.clear()
        column = self.column
        todo = [
            w
            for w in dict.fromkeys(words)
            if w not in done and w not in column and len(w) >= TYPO_MIN_LENGTH
        ]
        if todo:
            terms, frequency = self._terms, self._frequency
            for word, options in zip(todo, self.typos.candidates(todo), strict=True):
                close = [i for i in options if within_one_edit(word, terms[i])]
                # The most frequent (lowest IDF) close word, ties by column.
                done[word] = (
                    min(close, key=lambda i: (-frequency[i], i)) if close else None
                )
        return [
            found if (found := column.get(w)) is not None else done.get(w)
            for w in words
        ]

    def columns(self, text: str) -> list[int]:
        """Word columns found in ``text`` (repaired, compounds joined), no repeats."""
        found = words(text)
        out: list[int] = []
        for word in found:
            col = self._repair(word)
            if col is not None:
                out.append(col)
        for first, second in itertools.pairwise(found):
            for joined in (first + second, second + first):
                col = self.column.get(joined)
                if col is not None:
                    out.append(col)
        return list(dict.fromkeys(out))

    def columns_of_many(
        self, texts: Sequence[str]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """:meth:`columns` of many texts in one pass: (text numbers, columns), each
        pair once, sorted. Each distinct word and each distinct pair of neighbours is
        looked at once (100,000 summaries hold about 50,000 distinct clauses, but only
        some 30,000 distinct words)."""
        found = list(map(_WORD.findall, map(fold, texts)))
        lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        number = dict.fromkeys(itertools.chain.from_iterable(found), 0)
        distinct = list(number)
        for i, word in enumerate(distinct):
            number[word] = i
        ids = np.fromiter(
            map(number.__getitem__, itertools.chain.from_iterable(found)),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        owner = np.repeat(np.arange(len(found), dtype=np.int64), lengths)
        kept = np.fromiter(
            (not is_stop_word(w) for w in distinct), dtype=bool, count=len(distinct)
        )[ids]
        ids, owner = ids[kept], owner[kept]
        repaired = np.fromiter(
            (-1 if c is None else c for c in self.repair_many(distinct)),
            dtype=np.int64,
            count=len(distinct),
        )[ids]
        texts_out, columns_out = [owner[repaired >= 0]], [repaired[repaired >= 0]]
        # Neighbours (stop words left out) joined in either order: one ESCO word?
        same = owner[1:] == owner[:-1]
        first, second, where = ids[:-1][same], ids[1:][same], owner[1:][same]
        pairs, pair_of = np.unique(first * len(distinct) + second, return_inverse=True)
        column = self.column
        lefts, rights = np.divmod(pairs, max(len(distinct), 1))
        joined = np.fromiter(
            (
                -1 if c is None else c
                for x, y in zip(lefts.tolist(), rights.tolist(), strict=True)
                for c in (
                    column.get(distinct[x] + distinct[y]),
                    column.get(distinct[y] + distinct[x]),
                )
            ),
            dtype=np.int64,
            count=2 * pairs.size,
        ).reshape(-1, 2)[pair_of]
        for side in (0, 1):
            hit = joined[:, side] >= 0
            texts_out.append(where[hit])
            columns_out.append(joined[hit, side])
        keys = np.unique(
            np.concatenate(texts_out) * len(self._terms) + np.concatenate(columns_out)
        )
        return np.divmod(keys, len(self._terms))

    def columns_many(self, texts: Iterable[str]) -> list[list[int]]:
        """:meth:`columns` of several texts."""
        return [self.columns(t) if t else [] for t in texts]

    def clause_columns(self, text: str) -> list[list[int]]:
        """:meth:`columns` of each clause of ``text`` (empty clauses left out)."""
        out = []
        for part in clauses(text):
            found = self.columns(part)
            if found:
                out.append(found)
        return out


_CLAUSE = re.compile(r"[.,;:!?()\[\]\n]+")


def clauses(text: str) -> list[str]:
    """``text`` cut at punctuation: a label must stand within one clause."""
    return [part for part in _CLAUSE.split(text) if part.strip()] if text else []


def clauses_of_many(texts: Iterable[str]) -> list[list[str]]:
    """``[clauses(t) for t in texts]``, with the splitting and the test for an empty
    clause left to C (no Python step per clause)."""
    keep = functools.partial(filter, str.strip)
    return list(map(list, map(keep, map(_CLAUSE.split, texts))))


_YEARS = re.compile(r"\b(\d{1,2}) ?(?:jaar|jaren|jr|years|year|yrs|yr)\b")


def summary_years(text: str) -> float:
    """The largest number of years a summary states ("7 jaar", "4 yrs"), else 0."""
    return years_in_folded(fold(text)) if text else 0.0


def years_in_folded(folded: str) -> float:
    """:func:`summary_years` of a text already folded (:func:`fold`)."""
    return float(max((int(n) for n in _YEARS.findall(folded)), default=0))
