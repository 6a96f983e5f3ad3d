"""One FORMATS.md object to one record and back: candidates, vacancies, labels.

:func:`candidate_from_dict` and :func:`vacancy_from_dict` validate one object (the
portal's importers and :mod:`matching.io` use the same checks, so a file and a form
accept the same values); the ``parse_*`` functions do the same but leave the field
error for a file reader to place on its line. :func:`candidate_to_dict` and
:func:`vacancy_to_dict` write the objects back. Separate from :mod:`matching.io`,
which reads and writes whole JSON Lines files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matching.input_fields import (
    FieldError,
    InputError,
    language_code,
    read_date,
    read_languages,
    read_number,
    read_occupations,
    read_optional_bool,
    read_optional_date,
    read_pc4,
    read_string,
    read_uri_list,
    require,
    valid_date,
    valid_pc4,
)
from matching.taxonomy import load_taxonomy
from matching.types import CEFR_RANK, Candidate, Vacancy


@dataclass(frozen=True)
class Label:
    """An evaluation judgement: how relevant ``candidate`` is for ``vacancy`` (0–3)."""

    vacancy: str
    candidate: str
    relevance: int


def candidate_from_dict(obj: Mapping[str, Any]) -> Candidate:
    """Validate one candidate object (FORMATS.md); raises InputError naming the field."""
    try:
        return parse_candidate(obj)
    except FieldError as exc:
        raise InputError(exc.message, field=exc.field) from None


def vacancy_from_dict(obj: Mapping[str, Any]) -> Vacancy:
    """Validate one vacancy object (FORMATS.md); raises InputError naming the field."""
    try:
        return parse_vacancy(obj)
    except FieldError as exc:
        raise InputError(exc.message, field=exc.field) from None


def _candidate_fast(obj: Mapping[str, Any]) -> Candidate | None:
    """:func:`parse_candidate` for an object that is valid, in fewer steps (a file of
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
        available = valid_date(available)
        applied = valid_date(applied)
        w_valid = valid_date(w_valid)
        pc4 = valid_pc4(pc4)
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
            languages[language_code(code)] = level
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
            registered = valid_date(registered)
        accelerated = get("accelerated_procedure")
        if not (accelerated is None or type(accelerated) is bool):
            return None
    except (KeyError, TypeError, FieldError):
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


def parse_candidate(obj: Mapping[str, Any]) -> Candidate:
    """One candidate object (FORMATS.md) as a record; FieldError naming the field."""
    fast = _candidate_fast(obj)
    if fast is not None:
        return fast
    tx = load_taxonomy()
    occupations = read_occupations(obj.get("occupations") or [], "occupations")
    skills = read_uri_list(obj.get("skills") or [], "skills", tx.skill_uris)
    summary = read_string(obj.get("summary") or "", "summary", empty_ok=True).strip()
    consent = read_optional_bool(obj, "has_consent")
    candidate = Candidate(
        ref=read_string(require(obj, "ref"), "ref"),
        occupations=occupations,
        skills=skills,
        languages=read_languages(obj.get("languages") or {}, "languages"),
        summary=summary,
        pc4=read_pc4(require(obj, "pc4"), "pc4"),
        max_travel_km=read_number(
            require(obj, "max_travel_km"), "max_travel_km", low=0.0
        ),
        hours_per_week=read_number(
            require(obj, "hours_per_week"), "hours_per_week", low=0.0, low_open=True
        ),
        available_from=read_date(require(obj, "available_from"), "available_from"),
        asylum_application_date=read_date(
            require(obj, "asylum_application_date"), "asylum_application_date"
        ),
        w_document_valid_until=read_date(
            require(obj, "w_document_valid_until"), "w_document_valid_until"
        ),
        has_bsn=read_optional_bool(obj, "has_bsn"),
        asylum_registration_date=read_optional_date(obj, "asylum_registration_date"),
        accelerated_procedure=bool(read_optional_bool(obj, "accelerated_procedure")),
        has_consent=True if consent is None else consent,
    )
    if candidate.is_text_only and not candidate.summary:
        raise FieldError(
            "occupations",
            "a profile needs at least one of occupations, skills or summary",
        )
    return candidate


def parse_vacancy(obj: Mapping[str, Any]) -> Vacancy:
    """One vacancy object (FORMATS.md) as a record; FieldError naming the field."""
    tx = load_taxonomy()
    occupation = read_string(require(obj, "esco_occupation"), "esco_occupation")
    if tx.occupation(occupation) is None:
        raise FieldError("esco_occupation", f"unknown ESCO occupation {occupation!r}")
    return Vacancy(
        ref=read_string(require(obj, "ref"), "ref"),
        esco_occupation=occupation,
        title=read_string(require(obj, "title"), "title"),
        description=read_string(
            obj.get("description") or "", "description", empty_ok=True
        ),
        essential_skills=read_uri_list(
            obj.get("essential_skills") or [], "essential_skills", tx.skill_uris
        ),
        optional_skills=read_uri_list(
            obj.get("optional_skills") or [], "optional_skills", tx.skill_uris
        ),
        pc4=read_pc4(require(obj, "pc4"), "pc4"),
        hours_per_week=read_number(
            require(obj, "hours_per_week"), "hours_per_week", low=0.0, low_open=True
        ),
        start_date=read_date(require(obj, "start_date"), "start_date"),
        contract_months=read_number(
            require(obj, "contract_months"), "contract_months", low=0.0, low_open=True
        ),
        hourly_wage_eur=read_number(
            require(obj, "hourly_wage_eur"), "hourly_wage_eur", low=0.0
        ),
        languages_required=read_languages(
            obj.get("languages_required") or {}, "languages_required"
        ),
    )


def parse_label(obj: Mapping[str, Any]) -> Label:
    """One relevance judgement (EVALUATION_FORMAT.md); FieldError naming the field."""
    relevance = require(obj, "relevance")
    if isinstance(relevance, bool) or relevance not in (0, 1, 2, 3):
        raise FieldError("relevance", f"expected an integer 0..3, got {relevance!r}")
    return Label(
        vacancy=read_string(require(obj, "vacancy"), "vacancy"),
        candidate=read_string(require(obj, "candidate"), "candidate"),
        relevance=int(relevance),
    )


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
