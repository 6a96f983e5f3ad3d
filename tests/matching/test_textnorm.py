"""Folding: the fast ASCII path gives what the definition (NFKD, case-fold, separators
to one space) gives, for every kind of character."""

from __future__ import annotations

import random
import unicodedata

from matching.textnorm import _COMBINING, _SEPARATORS, fold

ALPHABET = [chr(c) for c in range(128)] + list(
    "éÉßĞİıŞçÇ‐‑–—“”‘’\u00a0\u2028\u3000ﬁﬂ½²\u0301ΑΒΓδ"
)


def _by_definition(text: str) -> str:
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _SEPARATORS.sub(" ", text.casefold()).strip()


def test_fold_equals_its_definition() -> None:
    rng = random.Random(7)
    texts = [
        "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
        for _ in range(50_000)
    ]
    texts += ["", " ", "Chef-Kok", "KOK!!\tx\x1cy\x1f", "a__b..c", "Crème brûlée"]
    ascii_texts = [t for t in texts if t.isascii()]
    assert len(ascii_texts) > 5_000
    assert [fold(t) for t in texts] == [_by_definition(t) for t in texts]


def test_fold_examples() -> None:
    assert fold("  Chef-kok / Sous-Chef ") == "chef kok sous chef"
    assert fold("Crème\u00a0BRÛLÉE") == "creme brulee"
    assert fold("x\x1dy") == "x y"
