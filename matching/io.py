"""Strict JSON Lines reading and writing of the FORMATS.md interchange files.

Every problem raises :class:`InputError` naming the file, line and field, because the
files come from other tools and a silently skipped or half-read profile would make a
ranking wrong without anyone noticing. Unknown extra keys are ignored: they must never
influence a score (FORMATS.md: formats grow only by optional fields).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from matching.geo import load_postcodes
from matching.taxonomy import load_taxonomy
from matching.types import CEFR_RANK, Candidate, Vacancy

T = TypeVar("T")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"[a-z]{2}")
_PC4 = re.compile(r"[1-9]\d{3}")


class InputError(ValueError):
    """A bad input line; ``str()`` reads ``file:line: field 'x': problem``."""

    def __init__(
        self, message: str, *, source: str = "<input>", line: int = 0, field: str = ""
    ) -> None:
        self.source, self.line, self.field, self.message = source, line, field, message
        where = f"{source}:{line}" if line else source
        what = f" field {field!r}:" if field else ""
        super().__init__(f"{where}:{what} {message}")


class _FieldError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Label:
    """An evaluation judgement: how relevant ``candidate`` is for ``vacancy`` (0–3)."""

    vacancy: str
    candidate: str
    relevance: int


# -- field readers ------------------------------------------------------------------
def _require(obj: Mapping[str, Any], key: str, name: str | None = None) -> Any:
    if key not in obj or obj[key] is None:
        raise _FieldError(name or key, "required field is missing")
    return obj[key]


def _string(value: Any, key: str, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str):
        raise _FieldError(key, f"expected a string, got {type(value).__name__}")
    if not empty_ok and not value.strip():
        raise _FieldError(key, "must not be empty")
    return value


def _number(value: Any, key: str, *, low: float, low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _FieldError(key, f"expected a number, got {type(value).__name__}")
    number = float(value)
    if not math.isfinite(number) or number < low or (low_open and number == low):
        bound = ">" if low_open else ">="
        raise _FieldError(key, f"must be a number {bound} {low:g}, got {value!r}")
    return number


# A file of 100,000 profiles repeats the same few thousand dates and postcodes: each
# distinct one is checked once (only valid values are remembered).
@functools.lru_cache(maxsize=65_536)
def _valid_date(text: str) -> date:
    if not _DATE.fullmatch(text):
        raise _FieldError("", f"expected an ISO date YYYY-MM-DD, got {text!r}")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _FieldError("", f"not a valid date: {text!r}") from None


@functools.lru_cache(maxsize=65_536)
def _valid_pc4(text: str) -> str:
    if not _PC4.fullmatch(text):
        raise _FieldError("", f"expected a 4-digit postcode string, got {text!r}")
    if not load_postcodes().exists(text):
        raise _FieldError("", f"unknown postcode {text!r}")
    return text


def _date(value: Any, key: str) -> date:
    text = _string(value, key)
    try:
        return _valid_date(text)
    except _FieldError as exc:
        raise _FieldError(key, exc.message) from None


def _pc4(value: Any, key: str) -> str:
    text = _string(value, key)
    try:
        return _valid_pc4(text)
    except _FieldError as exc:
        raise _FieldError(key, exc.message) from None


def _languages(value: Any, key: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _FieldError(key, "expected an object of language code -> CEFR level")
    out: dict[str, str] = {}
    for code, level in value.items():
        if not _LANG.fullmatch(code):
            raise _FieldError(f"{key}.{code}", "expected an ISO 639-1 code like 'nl'")
        if not isinstance(level, str) or level.strip().upper() not in CEFR_RANK:
            raise _FieldError(
                f"{key}.{code}", f"expected a CEFR level A1..C2, got {level!r}"
            )
        out[code] = level.strip().upper()
    return out


def _uri_list(value: Any, key: str, known: Mapping[str, str]) -> tuple[str, ...]:
    """The known URIs of a list, first occurrences, as the taxonomy's own strings
    (``known``: URI → that string), so 100,000 profiles share one copy of each."""
    if not isinstance(value, list):
        raise _FieldError(key, "expected a list of ESCO URIs")
    out: dict[str, None] = {}
    for i, uri in enumerate(value):
        found = known.get(uri) if isinstance(uri, str) else None
        if found is None:
            raise _FieldError(f"{key}[{i}]", f"unknown ESCO URI {uri!r}")
        out[found] = None
    return tuple(out)


def _occupations(value: Any, key: str) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, list):
        raise _FieldError(key, 'expected a list of {"esco_uri": ..., "years": ...}')
    tx = load_taxonomy()
    years: dict[str, float] = {}
    for i, item in enumerate(value):
        where = f"{key}[{i}]"
        if not isinstance(item, dict):
            raise _FieldError(where, 'expected {"esco_uri": ..., "years": ...}')
        uri = _require(item, "esco_uri", f"{where}.esco_uri")
        found = tx.occupation_uris.get(uri) if isinstance(uri, str) else None
        if found is None:
            raise _FieldError(f"{where}.esco_uri", f"unknown ESCO occupation {uri!r}")
        uri = found
        n = _number(
            _require(item, "years", f"{where}.years"), f"{where}.years", low=0.0
        )
        # The same occupation listed twice counts once, with the years added up.
        years[uri] = years.get(uri, 0.0) + n
    return tuple(years.items())


def _optional_bool(obj: Mapping[str, Any], key: str) -> bool | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, bool):
        raise _FieldError(key, f"expected true or false, got {value!r}")
    return value


def _optional_date(obj: Mapping[str, Any], key: str) -> date | None:
    value = obj.get(key)
    return None if value is None else _date(value, key)


# -- records ------------------------------------------------------------------------
def candidate_from_dict(obj: Mapping[str, Any]) -> Candidate:
    """Validate one candidate object (FORMATS.md); raises InputError naming the field."""
    try:
        return _candidate(obj)
    except _FieldError as exc:
        raise InputError(exc.message, field=exc.field) from None


def vacancy_from_dict(obj: Mapping[str, Any]) -> Vacancy:
    """Validate one vacancy object (FORMATS.md); raises InputError naming the field."""
    try:
        return _vacancy(obj)
    except _FieldError as exc:
        raise InputError(exc.message, field=exc.field) from None


@functools.lru_cache(maxsize=256)
def _language_code(code: str) -> str:
    if not _LANG.fullmatch(code):
        raise _FieldError("", "bad code")
    return code


def _candidate_fast(obj: Mapping[str, Any]) -> Candidate | None:
    """:func:`_candidate` for an object that is valid, in fewer steps (a file of
    100,000 profiles is read in about half the time); None as soon as anything is
    unusual, and the careful path then names the problem."""
    tx = load_taxonomy()
    try:
        ref, pc4 = obj["ref"], obj["pc4"]
        max_km, hours = obj["max_travel_km"], obj["hours_per_week"]
        available = obj["available_from"]
        applied = obj["asylum_application_date"]
        w_valid = obj["w_document_valid_until"]
        if type(ref) is not str or not ref.strip() or type(pc4) is not str:
            return None
        # A number that is no bool, finite (x - x is NaN for inf and NaN) and in range.
        kind = type(max_km)
        if not ((kind is float or kind is int) and max_km - max_km == 0 <= max_km):
            return None
        kind = type(hours)
        if not ((kind is float or kind is int) and hours - hours == 0 < hours):
            return None
        if not (type(available) is type(applied) is type(w_valid) is str):
            return None
        available = _valid_date(available)
        applied = _valid_date(applied)
        w_valid = _valid_date(w_valid)
        pc4 = _valid_pc4(pc4)
        get = obj.get
        years: dict[str, float] = {}
        raw = get("occupations") or ()
        if raw:
            if type(raw) is not list:
                return None
            occupation_uris = tx.occupation_uris
            for item in raw:
                if type(item) is not dict:
                    return None
                uri, n = occupation_uris.get(item.get("esco_uri")), item.get("years")
                kind = type(n)
                if uri is None or not (
                    (kind is float or kind is int) and n - n == 0 <= n
                ):
                    return None
                years[uri] = years.get(uri, 0.0) + float(n)
        raw = get("skills") or ()
        if raw and type(raw) is not list:
            return None
        # The taxonomy's own strings, first occurrences; None marks an unknown URI.
        skills = dict.fromkeys(map(tx.skill_uris.get, raw))
        if None in skills:
            return None
        raw = get("languages") or {}
        if type(raw) is not dict:
            return None
        languages = {}
        for code, level in raw.items():
            if type(code) is not str or type(level) is not str:
                return None
            level = level.strip().upper()
            if level not in CEFR_RANK:
                return None
            languages[_language_code(code)] = level
        summary = get("summary") or ""
        if type(summary) is not str:
            return None
        has_bsn, consent = get("has_bsn"), get("has_consent")
        if not (has_bsn is None or type(has_bsn) is bool):
            return None
        if not (consent is None or type(consent) is bool):
            return None
        registered = get("asylum_registration_date")
        if registered is not None:
            if type(registered) is not str:
                return None
            registered = _valid_date(registered)
        accelerated = get("accelerated_procedure")
        if not (accelerated is None or type(accelerated) is bool):
            return None
    except (KeyError, TypeError, _FieldError):
        return None
    summary = summary.strip()
    if not years and not skills and not summary:
        return None
    return Candidate(
        ref=ref,
        occupations=tuple(years.items()),
        skills=tuple(skills),
        languages=languages,
        summary=summary,
        pc4=pc4,
        max_travel_km=float(max_km),
        hours_per_week=float(hours),
        available_from=available,
        asylum_application_date=applied,
        w_document_valid_until=w_valid,
        has_bsn=has_bsn,
        asylum_registration_date=registered,
        accelerated_procedure=bool(accelerated),
        has_consent=True if consent is None else consent,
    )


def _candidate(obj: Mapping[str, Any]) -> Candidate:
    fast = _candidate_fast(obj)
    if fast is not None:
        return fast
    tx = load_taxonomy()
    occupations = _occupations(obj.get("occupations") or [], "occupations")
    skills = _uri_list(obj.get("skills") or [], "skills", tx.skill_uris)
    summary = _string(obj.get("summary") or "", "summary", empty_ok=True).strip()
    consent = _optional_bool(obj, "has_consent")
    candidate = Candidate(
        ref=_string(_require(obj, "ref"), "ref"),
        occupations=occupations,
        skills=skills,
        languages=_languages(obj.get("languages") or {}, "languages"),
        summary=summary,
        pc4=_pc4(_require(obj, "pc4"), "pc4"),
        max_travel_km=_number(_require(obj, "max_travel_km"), "max_travel_km", low=0.0),
        hours_per_week=_number(
            _require(obj, "hours_per_week"), "hours_per_week", low=0.0, low_open=True
        ),
        available_from=_date(_require(obj, "available_from"), "available_from"),
        asylum_application_date=_date(
            _require(obj, "asylum_application_date"), "asylum_application_date"
        ),
        w_document_valid_until=_date(
            _require(obj, "w_document_valid_until"), "w_document_valid_until"
        ),
        has_bsn=_optional_bool(obj, "has_bsn"),
        asylum_registration_date=_optional_date(obj, "asylum_registration_date"),
        accelerated_procedure=bool(_optional_bool(obj, "accelerated_procedure")),
        has_consent=True if consent is None else consent,
    )
    if candidate.is_text_only and not candidate.summary:
        raise _FieldError(
            "occupations",
            "a profile needs at least one of occupations, skills or summary",
        )
    return candidate


def _vacancy(obj: Mapping[str, Any]) -> Vacancy:
    tx = load_taxonomy()
    occupation = _string(_require(obj, "esco_occupation"), "esco_occupation")
    if tx.occupation(occupation) is None:
        raise _FieldError("esco_occupation", f"unknown ESCO occupation {occupation!r}")
    return Vacancy(
        ref=_string(_require(obj, "ref"), "ref"),
        esco_occupation=occupation,
        title=_string(_require(obj, "title"), "title"),
        description=_string(obj.get("description") or "", "description", empty_ok=True),
        essential_skills=_uri_list(
            obj.get("essential_skills") or [], "essential_skills", tx.skill_uris
        ),
        optional_skills=_uri_list(
            obj.get("optional_skills") or [], "optional_skills", tx.skill_uris
        ),
        pc4=_pc4(_require(obj, "pc4"), "pc4"),
        hours_per_week=_number(
            _require(obj, "hours_per_week"), "hours_per_week", low=0.0, low_open=True
        ),
        start_date=_date(_require(obj, "start_date"), "start_date"),
        contract_months=_number(
            _require(obj, "contract_months"), "contract_months", low=0.0, low_open=True
        ),
        hourly_wage_eur=_number(
            _require(obj, "hourly_wage_eur"), "hourly_wage_eur", low=0.0
        ),
        languages_required=_languages(
            obj.get("languages_required") or {}, "languages_required"
        ),
    )


def _label(obj: Mapping[str, Any]) -> Label:
    relevance = _require(obj, "relevance")
    if isinstance(relevance, bool) or relevance not in (0, 1, 2, 3):
        raise _FieldError("relevance", f"expected an integer 0..3, got {relevance!r}")
    return Label(
        vacancy=_string(_require(obj, "vacancy"), "vacancy"),
        candidate=_string(_require(obj, "candidate"), "candidate"),
        relevance=int(relevance),
    )


# -- files --------------------------------------------------------------------------
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
        except _FieldError as exc:
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
    return _read(path, _candidate, lambda c: c.ref)


def read_vacancies(path: Path | str) -> list[Vacancy]:
    """All vacancies of a JSON Lines file, validated; InputError on the first fault."""
    return _read(path, _vacancy, lambda v: v.ref)


def read_labels(path: Path | str) -> list[Label]:
    """Relevance judgements ``{"vacancy", "candidate", "relevance": 0..3}``."""
    return _read(path, _label, None)


# -- writing ------------------------------------------------------------------------
def candidate_to_dict(candidate: Candidate) -> dict[str, Any]:
    """FORMATS.md object for a candidate (optional fields only when they say something:
    ``has_consent`` when False, the registration date when known, the accelerated
    procedure when True)."""
    out: dict[str, Any] = {
        "ref": candidate.ref,
        "occupations": [{"esco_uri": u, "years": y} for u, y in candidate.occupations],
        "skills": list(candidate.skills),
        "languages": dict(candidate.languages),
        "summary": candidate.summary,
        "pc4": candidate.pc4,
        "max_travel_km": candidate.max_travel_km,
        "hours_per_week": candidate.hours_per_week,
        "available_from": candidate.available_from.isoformat(),
        "asylum_application_date": candidate.asylum_application_date.isoformat(),
        "w_document_valid_until": candidate.w_document_valid_until.isoformat(),
    }
    if candidate.has_bsn is not None:
        out["has_bsn"] = candidate.has_bsn
    if candidate.asylum_registration_date is not None:
        out["asylum_registration_date"] = candidate.asylum_registration_date.isoformat()
    if candidate.accelerated_procedure:
        out["accelerated_procedure"] = True
    if not candidate.has_consent:
        out["has_consent"] = False
    return out


def vacancy_to_dict(vacancy: Vacancy) -> dict[str, Any]:
    """FORMATS.md object for a vacancy."""
    return {
        "ref": vacancy.ref,
        "esco_occupation": vacancy.esco_occupation,
        "title": vacancy.title,
        "description": vacancy.description,
        "essential_skills": list(vacancy.essential_skills),
        "optional_skills": list(vacancy.optional_skills),
        "pc4": vacancy.pc4,
        "hours_per_week": vacancy.hours_per_week,
        "start_date": vacancy.start_date.isoformat(),
        "contract_months": vacancy.contract_months,
        "hourly_wage_eur": vacancy.hourly_wage_eur,
        "languages_required": dict(vacancy.languages_required),
    }


def dumps_jsonl(objects: Iterable[Mapping[str, Any]]) -> str:
    """JSON Lines text (UTF-8 characters kept, one object per line, trailing newline)."""
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
