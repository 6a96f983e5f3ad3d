"""Search-as-you-type over ESCO labels: the folded labels and how a hit is ranked.

Separate from :mod:`matching.taxonomy` because it knows nothing of ESCO's structure:
it gets (folded label, owner, preferred?, language) entries and a popularity per owner,
and returns owners. :class:`matching.taxonomy.Taxonomy` builds one index for the
occupations and one for the skills, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matching.textnorm import fold


@dataclass(frozen=True, slots=True)
class LabelEntry:
    """One searchable label: folded text, owner index, whether preferred, language."""

    text: str
    owner: int
    preferred: bool
    lang: str


class LabelIndex:
    """Linear scan over folded labels; ~100k short strings scan in a few milliseconds.

    A scan keeps substring search exact and simple; an n-gram index would only pay off
    with far more labels than ESCO has.
    """

    def __init__(self, entries: list[LabelEntry], popularity: Sequence[int]) -> None:
        self._entries = entries
        self._texts = [e.text for e in entries]
        self._padded = [" " + t for t in self._texts]
        self._popularity = popularity

    def search(self, query: str, lang: str, limit: int) -> list[int]:
        q = fold(query)
        if not q or limit <= 0:
            return []
        best: dict[int, tuple[int, int, int, int, str]] = {}
        variants = [q]
        tokens = q.split()
        if len(tokens) > 1:
            # "magazijn medewerker" should find "magazijnmedewerker".
            variants.append("".join(tokens))
        if len(q) < 3:
            # One or two typed letters: only word starts are useful (and it keeps the
            # first keystrokes fast).
            hits = [i for i, padded in enumerate(self._padded) if " " + q in padded]
        else:
            hits = [
                i
                for i, text in enumerate(self._texts)
                if any(v in text for v in variants)
            ]
        if len(tokens) > 1:
            # Words in another order ("kok zelfstandig") still match, ranked last.
            padded_tokens = [" " + t for t in tokens]
            first = max(padded_tokens, key=len)
            hit_set = set(hits)
            hits += [
                i
                for i, padded in enumerate(self._padded)
                if first in padded
                and i not in hit_set
                and all(t in padded for t in padded_tokens)
            ]
        for i in hits:
            entry = self._entries[i]
            key = (
                min(self._tier(v, entry, i) for v in variants),
                0 if entry.lang == lang else 1,
                len(entry.text),
                -self._popularity[entry.owner],
                entry.text,
            )
            current = best.get(entry.owner)
            if current is None or key < current:
                best[entry.owner] = key
        ranked = sorted(best, key=lambda owner: (best[owner], owner))
        return ranked[:limit]

    def _tier(self, q: str, entry: LabelEntry, i: int) -> int:
        text = entry.text
        if text == q:
            return 0 if entry.preferred else 1
        word_prefix = self._padded[i].find(" " + q) >= 0
        if entry.preferred:
            if text.startswith(q):
                return 2
            if word_prefix:
                return 3
        elif word_prefix:
            return 4
        if q in text:
            return 5 if entry.preferred else 6
        return 7  # all words present, in another order


def label_entries(
    owner: int, lang: str, preferred: str | None, alternatives: Iterable[str]
) -> list[LabelEntry]:
    out: list[LabelEntry] = []
    if preferred:
        out.append(LabelEntry(fold(preferred), owner, True, lang))
    out += [LabelEntry(fold(alt), owner, False, lang) for alt in alternatives if alt]
    return out
