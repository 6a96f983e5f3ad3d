"""Text the portal refuses whatever the field: the NUL character.

PostgreSQL cannot store NUL (U+0000) in text, and no person types one: forms answer it
with a field error, imports with an error on the line (field named), never a 500.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NUL = "\x00"


def has_nul(value: Any) -> bool:
    """True when ``value`` (a string, or strings nested in lists and mappings) has a NUL."""
    return nul_path(value) is not None


def nul_path(value: Any, path: str = "") -> str | None:
    """Where the first NUL is: ``""`` for the value itself, ``"summary"``, ``"skills[2]"``."""
    if isinstance(value, str):
        return path if NUL in value else None
    if isinstance(value, Mapping):
        for key, item in value.items():
            name = str(key)
            if NUL in name:
                return path or name
            found = nul_path(item, f"{path}.{name}" if path else name)
            if found is not None:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = nul_path(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None
