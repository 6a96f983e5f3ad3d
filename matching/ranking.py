"""What both ranking directions share: the default day, choosing and ordering the best.

:class:`matching.index.CandidateIndex` (candidates for a vacancy) and
:class:`matching.vacancy_index.VacancyIndex` (vacancies for a candidate) score their
pairs differently but list them the same way: blocked pairs never, the best ``top`` by
rounded score and then by ref, so both directions (and the portal) agree on ties.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from zoneinfo import ZoneInfo

import numpy as np

from matching.feature_space import FloatArray, IntArray
from matching.types import MatchScore

#: Reported scores are rounded to this many decimals.
SCORE_DECIMALS = 2


def today() -> date:
    """The default ``as_of``: today's date in the Netherlands."""
    return datetime.now(tz=ZoneInfo("Europe/Amsterdam")).date()


def check_unique_refs(refs: Iterable[str], what: str) -> None:
    """A ValueError naming the first ref that occurs twice (``what``: whose refs)."""
    seen: set[str] = set()
    for ref in refs:
        if ref in seen:
            raise ValueError(f"duplicate {what} ref {ref!r}")
        seen.add(ref)


def select_top(
    total: FloatArray, blocked: np.ndarray, ref_rank: IntArray, top: int
) -> IntArray:
    """Rows of the best ``top`` unblocked pairs: score (rounded) desc, then ref asc."""
    allowed = np.flatnonzero(~blocked)
    if top <= 0 or allowed.size == 0:
        return np.empty(0, dtype=np.int64)
    scores = np.round(total[allowed], SCORE_DECIMALS)
    if allowed.size > top:
        cut = np.partition(scores, allowed.size - top)[allowed.size - top]
        keep = scores >= cut  # keeps every row tied at the cut, then sort decides
        allowed, scores = allowed[keep], scores[keep]
    order = np.lexsort((ref_rank[allowed], -scores))
    return allowed[order[:top]]


def top_matches(
    pairs: list[tuple[float, str, MatchScore]], top: int
) -> list[MatchScore]:
    """The best ``top`` of (score, ref, match) pairs: score desc, then ref asc."""
    pairs.sort(key=lambda p: (-p[0], p[1]))
    return [m for _, _, m in pairs[:top]]
