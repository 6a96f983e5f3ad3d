"""Domain services: the rules of the portal. They flush, never commit; the caller commits.

One package per area, plus three shared modules that every area may use (``audit``,
``mail``, ``settings``). Which area may import which is written in ``AREA_IMPORTS`` below
and held by ``tests/test_architecture.py``; the README's architecture section repeats it.
"""

#: For each area, the other areas its modules may import. The shared modules import
#: no area at all. Anything not listed is a layering error.
AREA_IMPORTS: dict[str, frozenset[str]] = {
    "shared": frozenset(),
    "accounts": frozenset({"shared"}),
    "candidates": frozenset({"shared"}),
    "vacancies": frozenset({"shared"}),
    "twv": frozenset({"shared", "candidates"}),
    "matches": frozenset({"shared", "candidates", "vacancies", "twv"}),
}
