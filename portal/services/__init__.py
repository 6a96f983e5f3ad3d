"""Domain services: the rules of the portal. They flush, never commit; the caller commits.

One package per area, plus shared modules that every area may use (``SHARED_MODULES``). Which area may import which is written in ``AREA_IMPORTS`` below
and held by ``tests/test_architecture.py``; the README's architecture section repeats it.
"""

#: Modules (and the ``settings`` package) directly in ``portal/services/`` that every area
#: may import; they count as one area, ``shared``.
SHARED_MODULES = frozenset({"audit", "health", "mail", "once", "reasons", "settings"})

#: For each area, the other areas its modules may import. The shared modules import
#: no area at all. Anything not listed is a layering error.
AREA_IMPORTS: dict[str, frozenset[str]] = {
    "shared": frozenset(),
    "notifications": frozenset({"shared"}),
    "accounts": frozenset({"shared", "notifications"}),
    "candidates": frozenset({"shared", "notifications"}),
    "vacancies": frozenset({"shared", "notifications"}),
    "intermediaries": frozenset({"shared", "notifications", "accounts"}),
    "twv": frozenset({"shared", "notifications", "candidates", "intermediaries"}),
    #: The glossary: the matching index is featurised with its labels.
    "matches": frozenset(
        {"shared", "notifications", "candidates", "vacancies", "twv", "glossary"}
    ),
    #: Reads every area for the pilot's figures; no area imports it.
    "evaluation": frozenset(
        {
            "shared",
            "notifications",
            "accounts",
            "candidates",
            "vacancies",
            "twv",
            "matches",
            "permits",
            "intermediaries",
        }
    ),
    "permits": frozenset(
        {
            "shared",
            "notifications",
            "candidates",
            "vacancies",
            "twv",
            "matches",
            "intermediaries",
        }
    ),
    "glossary": frozenset({"shared"}),
    "console": frozenset({"shared", "notifications", "accounts", "candidates"}),
}
