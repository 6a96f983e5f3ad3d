"""Strict JSON Lines reading and writing of the FORMATS.md interchange files.

Every problem raises :class:`InputError` naming the file, line and field, because the
files come from other tools and a silently skipped or half-read profile would make a
ranking wrong without anyone noticing. Unknown extra keys are ignored: they must never
influence a score (FORMATS.md: formats grow only by optional fields).

A file's objects become records with :mod:`matching.records` (one object each), whose
single-field checks are :mod:`matching.input_fields`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar

from matching.input_fields import FieldError, InputError
from matching.records import Label, parse_candidate, parse_label, parse_vacancy
from matching.types import Candidate, Vacancy

T = TypeVar("T")


def _objects(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The objects of a JSON Lines file with their line numbers, read line by line
    (a file of 100,000 profiles is never held as one text as well)."""
    source = str(path)
    try:
        handle = open(path, encoding="utf-8-sig")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=source) from None
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        f"invalid JSON: {exc.msg} (column {exc.colno})",
                        source=source,
                        line=number,
                    ) from None
                if not isinstance(obj, dict):
                    raise InputError(
                        "expected a JSON object", source=source, line=number
                    )
                yield number, obj
        except UnicodeDecodeError:
            raise InputError("file is not valid UTF-8", source=source) from None
        except OSError as exc:
            raise InputError(
                f"cannot read file: {exc.strerror}", source=source
            ) from None


def _read(
    path: Path | str,
    parse: Callable[[Mapping[str, Any]], T],
    key: Callable[[T], str] | None,
) -> list[T]:
    path = Path(path)
    out: list[T] = []
    seen: dict[str, int] = {}
    for number, obj in _objects(path):
        try:
            record = parse(obj)
        except FieldError as exc:
            raise InputError(
                exc.message, source=str(path), line=number, field=exc.field
            ) from None
        if key is not None:
            ref = key(record)
            if ref in seen:
                raise InputError(
                    f"duplicate ref {ref!r} (first on line {seen[ref]})",
                    source=str(path),
                    line=number,
                    field="ref",
                )
            seen[ref] = number
        out.append(record)
    return out


def read_candidates(path: Path | str) -> list[Candidate]:
    """All candidate profiles of a JSON Lines file, validated; InputError on the first fault."""
    return _read(path, parse_candidate, lambda c: c.ref)


def read_vacancies(path: Path | str) -> list[Vacancy]:
    """All vacancies of a JSON Lines file, validated; InputError on the first fault."""
    return _read(path, parse_vacancy, lambda v: v.ref)


def read_labels(path: Path | str) -> list[Label]:
    """Relevance judgements ``{"vacancy", "candidate", "relevance": 0..3}``."""
    return _read(path, parse_label, None)


def dumps_jsonl(objects: Iterable[Mapping[str, Any]]) -> str:
    """JSON Lines text (UTF-8 characters kept, one object per line, trailing newline)."""
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
