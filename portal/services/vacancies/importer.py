"""Vacancies to and from the JSON Lines format of FORMATS.md.

A line is read in two steps, and both are shared with other code: the *shape* check is
``matching.records.vacancy_from_dict`` (the same parser ``python -m matching`` uses),
the *rules* are ``vacancies.validate`` (the same the vacancy form uses). An import is
all or nothing: every line is checked first, and only a file without problems is
written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext
from sqlalchemy import select

from matching.input_fields import InputError
from matching.io import dumps_jsonl
from matching.records import vacancy_from_dict, vacancy_to_dict
from matching.taxonomy import load_taxonomy
from matching.types import Vacancy as VacancyLine
from portal.domain import minimum_wage
from portal.domain import text as text_rules
from portal.extensions import db
from portal.models import Employer, User, Vacancy
from portal.services import audit
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies.posting import EDITABLE, Problem, VacancyData


def N_(s: str) -> str:  # noqa: N802 - gettext's conventional no-op marker
    """Mark a Dutch msgid for extraction; it is translated when shown."""
    return s


MAX_LINES = 2000
MAX_REF = 20
MEDIA_TYPE = "application/jsonl"


@dataclass(frozen=True)
class LineProblem:
    """One problem in the report: line number, field, the value found, and why."""

    line: int
    field: str
    value: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    #: English detail from the format parser (shown marked ``lang="en"``).
    detail: str = ""

    @property
    def why(self) -> str:
        if self.code.startswith("rule:"):
            return vacancies.problem_message(
                Problem(self.field, self.code[5:], self.params)
            )
        return gettext(_MESSAGES.get(self.code, N_("Deze regel is niet geldig.")))


_MESSAGES = {
    "json": N_("Deze regel is geen geldige JSON."),
    "not_object": N_("Deze regel is geen JSON-object."),
    "format": N_("Deze waarde past niet in het uitwisselformaat."),
    "whole_number": N_("Gebruik een heel getal."),
    "cents": N_("Gebruik hoogstens twee cijfers achter de komma."),
    "ref_too_long": N_("De referentie is te lang (hoogstens 20 tekens)."),
    "ref_duplicate": N_("Deze referentie komt al eerder in het bestand voor."),
    "ref_other_employer": N_(
        "Deze referentie hoort bij een vacature van een andere werkgever."
    ),
    "ref_not_editable": N_(
        "Deze vacature is vervuld of gesloten en kan niet meer veranderen."
    ),
    "nul": N_("Deze waarde bevat een ongeldig teken (NUL, \\u0000)."),
    "date_range": N_("Deze datum ligt buiten het bereik dat de portal aanneemt."),
    "number": N_("Dit is geen geldig getal."),
    "too_many_lines": N_("Het bestand heeft te veel regels (hoogstens 2000)."),
    "empty": N_("Het bestand bevat geen vacatures."),
    "encoding": N_("Het bestand is geen UTF-8-tekst."),
}


class ImportFailed(Exception):
    """Nothing was imported; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[LineProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = list(problems)


@dataclass
class ImportResult:
    created: list[Vacancy] = field(default_factory=list)
    updated: list[Vacancy] = field(default_factory=list)


@dataclass(frozen=True)
class _Parsed:
    line: int
    ref: str
    data: VacancyData
    existing: Vacancy | None


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str | Decimal):
        text = str(value)
    else:
        text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…"


def _field_value(obj: dict[str, Any], name: str) -> Any:
    root = name.split(".")[0].split("[")[0]
    return obj.get(root)


def _whole(value: float, line: int, name: str, problems: list[LineProblem]) -> int:
    if float(value).is_integer():
        return int(value)
    problems.append(LineProblem(line, name, _show(value), "whole_number"))
    return 0


def _to_data(
    line: int, obj: dict[str, Any], parsed: VacancyLine, problems: list[LineProblem]
) -> VacancyData:
    wage = Decimal(str(obj["hourly_wage_eur"]))
    if not wage.is_finite():
        problems.append(LineProblem(line, "hourly_wage_eur", _show(wage), "number"))
        wage = Decimal(0)
    elif wage.as_tuple().exponent < -2 and wage != wage.quantize(Decimal("0.01")):
        # only a wage written with decimals is quantized: 1e300 has no room for cents
        # in the decimal context (InvalidOperation); the rules refuse it as too high
        problems.append(LineProblem(line, "hourly_wage_eur", _show(wage), "cents"))
    positions = obj.get("positions", 1)
    if isinstance(positions, bool) or not isinstance(positions, int):
        problems.append(
            LineProblem(line, "positions", _show(positions), "whole_number")
        )
        positions = 1
    return VacancyData(
        title=parsed.title,
        esco_occupation=parsed.esco_occupation,
        pc4=parsed.pc4,
        hours_per_week=_whole(parsed.hours_per_week, line, "hours_per_week", problems),
        start_date=parsed.start_date,
        contract_months=_whole(
            parsed.contract_months, line, "contract_months", problems
        ),
        hourly_wage=wage,
        description=parsed.description,
        essential_skills=parsed.essential_skills,
        optional_skills=parsed.optional_skills,
        languages=dict(parsed.languages_required),
        positions=positions,
    )


#: Form field names → names in the file, so rule problems name the file's field.
_FIELD_NAMES = {
    "hourly_wage": "hourly_wage_eur",
    "languages": "languages_required",
}


def _lines(text: str) -> Iterable[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            yield number, raw


def check_file(
    text: str,
    *,
    employer: Employer,
    today: date | None = None,
    rates: Sequence[minimum_wage.WageRate] | None = None,
) -> tuple[list[_Parsed], list[LineProblem]]:
    """Read and check every line; nothing is written."""
    problems: list[LineProblem] = []
    parsed: list[_Parsed] = []
    seen: dict[str, int] = {}
    lines = list(_lines(text.lstrip("\ufeff")))
    if not lines:
        return [], [LineProblem(0, "", "", "empty")]
    if len(lines) > MAX_LINES:
        return [], [LineProblem(0, "", str(len(lines)), "too_many_lines")]
    for number, raw in lines:
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(LineProblem(number, "", _show(raw), "json", detail=exc.msg))
            continue
        if not isinstance(obj, dict):
            problems.append(LineProblem(number, "", _show(raw), "not_object"))
            continue
        nul_at = text_rules.nul_path(obj)
        if nul_at is not None:
            problems.append(LineProblem(number, nul_at, "", "nul"))
            continue
        try:
            line_vacancy = vacancy_from_dict(obj)
        except InputError as exc:
            problems.append(
                LineProblem(
                    number,
                    exc.field,
                    _show(_field_value(obj, exc.field)),
                    "format",
                    detail=exc.message,
                )
            )
            continue
        before = len(problems)
        ref = line_vacancy.ref.strip()
        if len(ref) > MAX_REF:
            problems.append(LineProblem(number, "ref", _show(ref), "ref_too_long"))
        elif ref in seen:
            problems.append(LineProblem(number, "ref", ref, "ref_duplicate"))
        seen.setdefault(ref, number)
        existing = db.session.scalar(select(Vacancy).where(Vacancy.ref == ref))
        if existing is not None and existing.employer_id != employer.id:
            problems.append(LineProblem(number, "ref", ref, "ref_other_employer"))
            existing = None
        elif existing is not None and existing.status not in EDITABLE:
            problems.append(LineProblem(number, "ref", ref, "ref_not_editable"))
        data = _to_data(number, obj, line_vacancy, problems)
        if len(problems) > before:
            continue  # the rules need whole numbers and cents to say something useful
        for problem in vacancies.validate(
            data,
            today=today,
            rates=rates,
            check_start=existing is None or existing.start_date != data.start_date,
        ):
            name = _FIELD_NAMES.get(problem.field, problem.field)
            problems.append(
                LineProblem(
                    number,
                    name,
                    _show(_field_value(obj, name)),
                    "rule:" + problem.code,
                    problem.params,
                )
            )
        if len(problems) == before:
            parsed.append(_Parsed(number, ref, data, existing))
    return parsed, problems


def import_vacancies(
    text: str,
    *,
    employer: Employer,
    by: User,
    today: date | None = None,
    rates: Sequence[minimum_wage.WageRate] | None = None,
) -> ImportResult:
    """Create or update (matched by ``ref``) the employer's vacancies from JSON Lines.

    Raises ImportFailed with every problem when any line is bad; then nothing is written
    (the caller rolls the session back if a write fails half-way).
    """
    if not vacancies.may_change(employer.id, by):
        raise vacancies.NotAllowed(f"{by!r} cannot import for {employer!r}")
    parsed, problems = check_file(text, employer=employer, today=today, rates=rates)
    if problems:
        raise ImportFailed(problems)
    result = ImportResult()
    for item in parsed:
        try:
            if item.existing is None:
                result.created.append(
                    vacancies.create_vacancy(
                        employer,
                        item.data,
                        by=by,
                        today=today,
                        rates=rates,
                        ref=item.ref,
                    )
                )
            else:
                result.updated.append(
                    vacancies.update_vacancy(
                        item.existing, item.data, by=by, today=today, rates=rates
                    )
                )
        except vacancies.VacancyInvalid as exc:
            raise ImportFailed(
                [
                    LineProblem(item.line, p.field, "", "rule:" + p.code, p.params)
                    for p in exc.problems
                ]
            ) from None
    audit.record_event(
        "vacancy.imported",
        actor=by,
        object_type="employer",
        object_id=employer.id,
        details={"created": len(result.created), "updated": len(result.updated)},
    )
    return result


def vacancy_line(vacancy: Vacancy) -> dict[str, Any]:
    """One FORMATS.md object for a stored vacancy (plus the optional ``positions``)."""
    line = vacancy_to_dict(
        VacancyLine(
            ref=vacancy.ref,
            esco_occupation=vacancy.esco_occupation,
            title=vacancy.title,
            pc4=vacancy.pc4,
            hours_per_week=float(vacancy.hours_per_week),
            start_date=vacancy.start_date,
            contract_months=float(vacancy.contract_months),
            hourly_wage_eur=float(vacancy.hourly_wage),
            description=vacancy.description,
            essential_skills=tuple(vacancy.essential_skills),
            optional_skills=tuple(vacancy.optional_skills),
            languages_required={lang.code: lang.level for lang in vacancy.languages},
        )
    )
    # Whole numbers stay whole in the file (the model stores them as integers).
    line["hours_per_week"] = vacancy.hours_per_week
    line["contract_months"] = vacancy.contract_months
    line["positions"] = vacancy.positions
    return line


def export_jsonl(rows: Iterable[Vacancy]) -> str:
    """JSON Lines text of the vacancies, in the order given.

    Each line also has the Dutch names of its skills (``essential_skill_labels_nl``,
    ``optional_skill_labels_nl``, glossary included), optional fields for readers that
    the import ignores (FORMATS.md).
    """
    return dumps_jsonl(_with_labels(vacancy_line(v)) for v in rows)


def _with_labels(line: dict[str, Any]) -> dict[str, Any]:
    tx = load_taxonomy()
    for key in ("essential_skills", "optional_skills"):
        uris = line.get(key) or []
        line[key.replace("skills", "skill_labels_nl")] = [
            tx.label(uri, "nl")[0] if tx.skill(uri) else uri for uri in uris
        ]
    return line
