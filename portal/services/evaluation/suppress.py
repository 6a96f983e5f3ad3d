"""Small numbers: no count from 1 to 4 is shown, and none can be recovered by subtraction.

Primary rule: a count from 1 to 4 is shown as ``<5``. Zero is shown (it reveals no
person). Secondary rule (the complement): figures that add up are declared as
*relations* ``whole = part + part + ...``; where a complement is not shown on its own
(``recorded - still at work``) it is declared as a virtual part, so a small complement
is suppressed like any small count. In every relation, one hidden cell alone could be
recovered from the others, so while any relation has exactly one hidden cell the
smallest visible non-zero part (else the whole) is hidden too, shown as ``x`` (as CBS
writes "geheim"). This repeats until no relation changes, so hiding in one relation
protects the others that share its cells.

Shares and amounts computed from a hidden count are hidden as well (see ``figures``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

SMALL = "<5"
SECONDARY = "x"
THRESHOLD = 5

Relation = tuple[str, Sequence[str]]


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def protect(
    values: Mapping[str, int], relations: Iterable[Relation] = ()
) -> dict[str, str | None]:
    """For each key: ``None`` when it may be shown, else ``"<5"`` or ``"x"``."""
    hidden: dict[str, str | None] = {
        key: SMALL if is_small(value) else None for key, value in values.items()
    }
    relations = [(whole, list(parts)) for whole, parts in relations]
    for whole, parts in relations:
        missing = [k for k in (whole, *parts) if k not in values]
        if missing:
            raise KeyError(f"relation {whole} names unknown figures: {missing}")
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
    return hidden
