"""Demo data for ``make demo``: invented people and organisations around Amstelveen and Amsterdam.

Each area adds a module here with a ``load() -> list[str]`` function that is idempotent
(it looks records up by their natural key before creating them). They run in this order.
"""

from __future__ import annotations

import importlib
import importlib.util

STEPS = (
    "accounts",
    "shortage",
    "vacancies",
    "candidates",
    "twv",
    "matches",
    "evaluation",
    "intermediaries",
    "permits",
    "console",
    "journey",
)


def load_all() -> list[str]:
    lines: list[str] = []
    for name in STEPS:
        module_name = f"portal.demo.{name}"
        if importlib.util.find_spec(module_name) is None:
            continue
        lines.extend(importlib.import_module(module_name).load())
    return lines
