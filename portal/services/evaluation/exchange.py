"""The pilots compared: export the aggregate figures as versioned JSON, import others'.

The format is a contract, written down in docs/EVALUATION_FORMAT.md (``FORMAT`` and
``VERSION`` below). It carries aggregates only, already protected by the small-numbers
rule; an import is refused when it holds a count from 1 to 4 (it would not have been
protected) or anything else the format does not allow.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import EvaluationImport, User
from portal.models.base import utcnow
from portal.services import audit
from portal.services.evaluation import suppress
from portal.services.evaluation.figures import COUNT, DAYS, EURO, PERCENT
from portal.services.evaluation.period import Filters
from portal.services.evaluation.report import Report, build_report

FORMAT = "werkbrug-evaluation"
VERSION = "1.1"
MAX_BYTES = 1_000_000
UNITS = {COUNT, PERCENT, EURO, DAYS}
MARKS = {suppress.SMALL, suppress.SECONDARY}


class InvalidDocument(ValueError):
    """The file is not an evaluation document of a version this portal reads."""


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def document(report: Report) -> dict[str, Any]:
    """The report as an exchange document (a dict ready for ``json.dumps``)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "municipality": str(current_app.config["MUNICIPALITY"]),
        "generated_at": utcnow().isoformat(timespec="seconds"),
        "period": {
            "from": report.filters.start.isoformat(),
            "to": report.filters.end.isoformat(),
        },
        "reception_centre": report.filters.centre,
        "suppression": {
            "threshold": suppress.THRESHOLD,
            "small": suppress.SMALL,
            "secondary": suppress.SECONDARY,
        },
        "sections": [
            {
                "key": s.key,
                "number": s.number,
                "title": s.title,
                "figures": [
                    {
                        "key": f.key,
                        "label": f.label,
                        "unit": f.unit,
                        "value": _number(f.shown),
                        **({"reference": True} if f.reference else {}),
                    }
                    for f in s.figures()
                ],
            }
            for s in report.sections
        ],
    }


def export_json(filters: Filters) -> str:
    return json.dumps(document(build_report(filters)), ensure_ascii=False, indent=2)


def _fail(message: str) -> None:
    raise InvalidDocument(message)


def _check_figure(fig: Any) -> None:
    if not isinstance(fig, dict):
        _fail("a figure is not an object")
    key, unit, value = fig.get("key"), fig.get("unit"), fig.get("value")
    if not isinstance(key, str) or not 0 < len(key) <= 120:
        _fail("a figure has no key")
    if unit not in UNITS:
        _fail(f"figure {key}: unknown unit {unit!r}")
    if not isinstance(fig.get("label", ""), str) or len(fig.get("label", "")) > 300:
        _fail(f"figure {key}: label is not a short text")
    if value is None or value in MARKS:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        _fail(f"figure {key}: value is not a number")
    if value < 0:
        _fail(f"figure {key}: negative value")
    if unit == COUNT and not fig.get("reference"):
        if value != int(value):
            _fail(f"figure {key}: a count is a whole number")
        if suppress.is_small(int(value)):
            _fail(f"figure {key}: a count from 1 to 4 must be sent as {suppress.SMALL}")


def parse(raw: bytes) -> dict[str, Any]:
    """Check a document against the format; the parsed document, or InvalidDocument."""
    if len(raw) > MAX_BYTES:
        _fail("the file is larger than 1 MB")
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        _fail("the file is not JSON")
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        _fail(f"the file is not a {FORMAT} document")
    version = str(doc.get("version", ""))
    if version.split(".")[0] != VERSION.split(".")[0]:
        _fail(f"version {version!r} is not readable (this portal reads {VERSION})")
    municipality = doc.get("municipality")
    if not isinstance(municipality, str) or not 0 < len(municipality.strip()) <= 80:
        _fail("the municipality is missing")
    period = doc.get("period")
    try:
        start = date.fromisoformat(period["from"])
        end = date.fromisoformat(period["to"])
    except (TypeError, KeyError, ValueError):
        _fail("the period is missing or not ISO dates")
    if end < start:
        _fail("the period ends before it starts")
    sections = doc.get("sections")
    if not isinstance(sections, list):
        _fail("sections is not a list")
    for section in sections:
        if not isinstance(section, dict) or not isinstance(section.get("key"), str):
            _fail("a section has no key")
        if not isinstance(section.get("figures"), list):
            _fail(f"section {section['key']}: figures is not a list")
        for fig in section["figures"]:
            _check_figure(fig)
    return doc


def import_document(raw: bytes, *, by: User | None) -> EvaluationImport:
    doc = parse(raw)
    row = EvaluationImport(
        municipality=doc["municipality"].strip(),
        period_from=date.fromisoformat(doc["period"]["from"]),
        period_to=date.fromisoformat(doc["period"]["to"]),
        format_version=str(doc["version"]),
        payload=doc,
        imported_by_id=by.id if by else None,
    )
    db.session.add(row)
    db.session.flush()
    audit.record_event(
        "evaluation.imported",
        actor=by,
        object_type="evaluation_import",
        object_id=row.id,
        details={"municipality": row.municipality, "version": row.format_version},
    )
    return row


def imports() -> list[EvaluationImport]:
    return list(
        db.session.scalars(
            select(EvaluationImport).order_by(
                EvaluationImport.municipality, EvaluationImport.imported_at
            )
        )
    )


def get_import(import_id: int) -> EvaluationImport | None:
    return db.session.get(EvaluationImport, import_id)


def delete_import(row: EvaluationImport, *, by: User | None) -> None:
    audit.record_event(
        "evaluation.import_deleted",
        actor=by,
        object_type="evaluation_import",
        object_id=row.id,
        details={"municipality": row.municipality},
    )
    db.session.delete(row)
    db.session.flush()


@dataclass
class Comparison:
    """Columns (one per municipality document) and rows (figures) side by side."""

    columns: list[dict[str, Any]]
    #: (section number, section title, [(key, label, unit, [value per column])])
    sections: list[tuple[int, str, list[tuple[str, str, str, list[Any]]]]]


def compare(own: dict[str, Any], others: list[dict[str, Any]]) -> Comparison:
    """Own document first, then each import; figures matched by section and key."""
    docs = [own, *others]
    columns = [
        {
            "municipality": d["municipality"],
            "from": d["period"]["from"],
            "to": d["period"]["to"],
            "version": d["version"],
        }
        for d in docs
    ]
    values = [
        {
            (s["key"], f["key"]): f.get("value")
            for s in d["sections"]
            for f in s["figures"]
        }
        for d in docs
    ]
    out = []
    seen: set[tuple[str, str]] = set()
    for section in own["sections"]:
        rows = []
        for f in section["figures"]:
            k = (section["key"], f["key"])
            seen.add(k)
            rows.append((f["key"], f["label"], f["unit"], [v.get(k) for v in values]))
        extra = sorted(
            {
                (f["key"], f.get("label", f["key"]), f["unit"])
                for d in others
                for s in d["sections"]
                if s["key"] == section["key"]
                for f in s["figures"]
                if (s["key"], f["key"]) not in seen
            }
        )
        for key, label, unit in extra:
            seen.add((section["key"], key))
            rows.append(
                (key, label, unit, [v.get((section["key"], key)) for v in values])
            )
        out.append((section["number"], section["title"], rows))
    return Comparison(columns, out)
