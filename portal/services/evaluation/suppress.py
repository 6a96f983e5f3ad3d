"""Small numbers: no count from 1 to 4 is shown, and none can be recovered by subtraction.

Primary rule: a count from 1 to 4 is shown as ``<5``. Zero is shown (it reveals no
person). Secondary rule (the complement): figures that add up are declared as
*relations* ``whole = part + part + ...``; a relation with one part says two figures are
equal (the same count shown twice). Where a complement is not shown on its own
(``recorded - still at work``) it is declared as a virtual part, so a small complement
is suppressed like any small count. In every relation, one hidden cell alone could be
recovered from the others, so while any relation has exactly one hidden cell the
smallest visible non-zero part (else the whole) is hidden too, shown as ``x`` (as CBS
writes "geheim"). This repeats until no relation changes, so hiding in one relation
protects the others that share its cells.

Relations that share cells can still pin a hidden cell down together (``a = b + c``,
``b = d + e`` and ``a = c + f``...). So the rule then solves the whole system of relations
exactly (fractions, Gaussian elimination), with every hidden cell and every complement
that is never shown (``unshown``) as an unknown: while some hidden cell is determined by
what is shown, one more cell of a relation around it is hidden (the smallest visible
non-zero one), and everything is checked again. What the rule does not cover: ranges an
attacker can narrow with "``<5`` means 1 to 4" (interval attacks); the threshold keeps
those to small bands.

Shares and amounts computed from a hidden count are hidden as well (see ``figures``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

SMALL = "<5"
SECONDARY = "x"
THRESHOLD = 5

Relation = tuple[str, Sequence[str]]


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def _pairwise(
    values: Mapping[str, int],
    hidden: dict[str, str | None],
    relations: list[tuple[str, list[str]]],
) -> None:
    """No relation keeps exactly one hidden cell (repeated until nothing changes)."""
    changed = True
    while changed:
        changed = False
        for whole, parts in relations:
            cells = [whole, *parts]
            if sum(1 for k in cells if hidden[k]) != 1:
                continue
            visible_parts = [k for k in parts if not hidden[k] and values[k] > 0]
            if visible_parts:
                target = min(visible_parts, key=lambda k: (values[k], k))
            elif not hidden[whole] and values[whole] > 0:
                target = whole
            else:
                continue  # the hidden cell is the only non-zero one: it equals the whole
            hidden[target] = SECONDARY
            changed = True


def determined(
    values: Mapping[str, int],
    hidden: Mapping[str, str | None],
    relations: Iterable[tuple[str, Sequence[str]]],
    unshown: Iterable[str] = (),
) -> list[str]:
    """The hidden cells whose value follows exactly from the shown ones (sorted).

    Each relation is the equation ``whole - sum(parts) = 0``; the shown cells are known
    numbers, the hidden and the never-shown cells unknowns. A hidden cell is determined
    when its unit vector lies in the row space of the unknowns' coefficients, i.e. when
    the reduced row echelon form has a row with that cell alone.
    """
    unknown = sorted({k for k in values if hidden[k]} | set(unshown))
    column = {k: i for i, k in enumerate(unknown)}
    rows: list[list[Fraction]] = []
    for whole, parts in relations:
        row = [Fraction(0)] * len(unknown)
        for key, coefficient in ((whole, 1), *((p, -1) for p in parts)):
            if key in column:
                row[column[key]] += coefficient
        if any(row):
            rows.append(row)
    pivot_row = 0
    for col in range(len(unknown)):
        found = next(
            (r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None
        )
        if found is None:
            continue
        rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
        lead = rows[pivot_row][col]
        rows[pivot_row] = [x / lead for x in rows[pivot_row]]
        for r in range(len(rows)):
            if r != pivot_row and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [
                    a - factor * b
                    for a, b in zip(rows[r], rows[pivot_row], strict=True)
                ]
        pivot_row += 1
    out = []
    for row in rows[:pivot_row]:
        nonzero = [i for i, x in enumerate(row) if x != 0]
        if len(nonzero) == 1 and hidden.get(unknown[nonzero[0]]):
            out.append(unknown[nonzero[0]])
    return sorted(out)


def _one_more(
    key: str,
    values: Mapping[str, int],
    hidden: dict[str, str | None],
    relations: list[tuple[str, list[str]]],
    unshown: set[str],
) -> str | None:
    """The cell to hide next to protect ``key``: the smallest shown non-zero cell of a
    relation around it, else of any relation that shares an unknown with those."""
    near = [r for r in relations if key in (r[0], *r[1])]
    seen: set[str] = {key}
    while near:
        cells = {k for whole, parts in near for k in (whole, *parts)}
        shown = [
            k for k in cells if not hidden[k] and k not in unshown and values[k] > 0
        ]
        if shown:
            return min(shown, key=lambda k: (values[k], k))
        seen |= cells
        near = [
            r for r in relations if {r[0], *r[1]} & cells and not {r[0], *r[1]} <= seen
        ]
    return None


def protect(
    values: Mapping[str, int],
    relations: Iterable[Relation] = (),
    unshown: Iterable[str] = (),
) -> dict[str, str | None]:
    """For each key: ``None`` when it may be shown, else ``"<5"`` or ``"x"``.

    ``unshown``: keys of ``values`` that are never shown (virtual complements); they are
    unknowns when the relations are solved together.
    """
    hidden: dict[str, str | None] = {
        key: SMALL if is_small(value) else None for key, value in values.items()
    }
    relations = [(whole, list(parts)) for whole, parts in relations]
    for whole, parts in relations:
        missing = [k for k in (whole, *parts) if k not in values]
        if missing:
            raise KeyError(f"relation {whole} names unknown figures: {missing}")
    unshown = set(unshown)
    while True:
        _pairwise(values, hidden, relations)
        pinned = determined(values, hidden, relations, unshown)
        if not pinned:
            return hidden
        target = _one_more(pinned[0], values, hidden, relations, unshown)
        if target is None:
            return hidden  # nothing shown is left around it to hide
        hidden[target] = SECONDARY
