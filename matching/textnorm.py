"""Accent- and case-folding shared by taxonomy search and the text-similarity part.

Matchmakers type Dutch without diacritics ("creme", "reunie") and mix hyphenation
("chef-kok", "chef kok"), so labels and queries are compared in one folded form.
"""

from __future__ import annotations

import re
import unicodedata

#: Combining marks (Latin diacritics, Arabic vowel signs, ...) left after NFKD.
_COMBINING = re.compile(
    r"[\u0300-\u036f\u0483-\u0489\u064b-\u065f\u0670"
    r"\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_SEPARATORS = re.compile(r"[\s\-‐‑–—/_,;:()\[\]{}\"“”‘’'`.+&|]+")


#: The ASCII separators (whitespace included) as bytes, each turned into a space.
_ASCII_SEPARATORS = bytes(c for c in range(128) if _SEPARATORS.fullmatch(chr(c)))
_ASCII_TABLE = bytes.maketrans(_ASCII_SEPARATORS, b" " * len(_ASCII_SEPARATORS))


def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics, with separators as single spaces."""
    if text.isascii():
        # The same result by byte operations (about twice as fast, and 100,000
        # summaries are folded per ranking): lower-case is case-folding for ASCII,
        # and splitting on ASCII whitespace after the separators became spaces
        # joins each run of separators into one space.
        return b" ".join(text.encode().lower().translate(_ASCII_TABLE).split()).decode()
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _SEPARATORS.sub(" ", text.casefold()).strip()
