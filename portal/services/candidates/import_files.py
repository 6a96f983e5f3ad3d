"""Reading candidate import files: JSON Lines (FORMATS.md) and CSV, into numbered rows, and
the per-line fault report (line, field, value, why) in the importer's words.

CSV has the same columns as JSON Lines. Lists are written ``uri=years; uri=years``
(occupations), ``uri; uri`` (skills) and ``nl=A2; en=B1`` (languages); ``;`` or ``,``
separates cells. :mod:`.importer` checks and writes what is read here.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from portal.services.candidates.profiles import (
    _t,
)

log = logging.getLogger(__name__)

Format = Literal["jsonl", "csv"]
FORMATS_COLUMNS = (
    "ref",
    "occupations",
    "skills",
    "languages",
    "summary",
    "pc4",
    "max_travel_km",
    "hours_per_week",
    "available_from",
    "asylum_application_date",
    "w_document_valid_until",
    "has_bsn",
)
EXTRA_COLUMNS = (
    "reception_centre",
    "in_brp",
    "education_level",
    "has_consent",
    "consent_given_on",
)
COLUMNS = FORMATS_COLUMNS + EXTRA_COLUMNS
REQUIRED = (
    "ref",
    "pc4",
    "max_travel_km",
    "hours_per_week",
    "available_from",
    "asylum_application_date",
    "w_document_valid_until",
)
#: Valid stand-ins used only to look past a faulty field for further faults.
NEUTRAL_VALUES: dict[str, Any] = {
    "ref": "X",
    "pc4": "1011",
    "max_travel_km": 10,
    "hours_per_week": 10,
    "available_from": "2000-01-01",
    "asylum_application_date": "2000-01-01",
    "w_document_valid_until": "2000-01-01",
}
REF_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{1,19}")
MAX_LINES = 20_000


@dataclass(frozen=True)
class LineError:
    """One fault: the line of the file, the field, the value found and why it is wrong."""

    line: int
    field: str
    value: str
    why: str

    def __str__(self) -> str:
        return f"regel {self.line}: {self.field} = {self.value}: {self.why}"


# -- messages ------------------------------------------------------------------------------
_WHY: list[tuple[re.Pattern[str], Callable[[re.Match[str]], object]]] = [
    (
        re.compile(r"required field is missing"),
        lambda m: _t("verplicht veld ontbreekt"),
    ),
    (re.compile(r"must not be empty"), lambda m: _t("mag niet leeg zijn")),
    (re.compile(r"expected a string"), lambda m: _t("moet tekst zijn")),
    (re.compile(r"expected a number"), lambda m: _t("moet een getal zijn")),
    (
        re.compile(r"must be a number > "),
        lambda m: _t("moet een getal groter dan 0 zijn"),
    ),
    (
        re.compile(r"must be a number >= "),
        lambda m: _t("moet een getal van 0 of meer zijn"),
    ),
    (
        re.compile(r"expected an ISO date"),
        lambda m: _t("moet een datum zijn in de vorm JJJJ-MM-DD"),
    ),
    (re.compile(r"not a valid date"), lambda m: _t("deze datum bestaat niet")),
    (
        re.compile(r"expected a 4-digit postcode"),
        lambda m: _t("moet een postcode van 4 cijfers zijn"),
    ),
    (re.compile(r"unknown postcode"), lambda m: _t("deze postcode kennen we niet")),
    (
        re.compile(r"expected an object of language"),
        lambda m: _t("moet talen met een niveau zijn, zoals nl=A2"),
    ),
    (
        re.compile(r"expected an ISO 639-1 code"),
        lambda m: _t("onbekende taalcode (twee letters, zoals nl)"),
    ),
    (
        re.compile(r"expected a CEFR level"),
        lambda m: _t("taalniveau moet A1 tot en met C2 zijn"),
    ),
    (
        re.compile(r"expected a list of ESCO URIs"),
        lambda m: _t("moet een lijst met ESCO-vaardigheden zijn"),
    ),
    (re.compile(r"unknown ESCO URI"), lambda m: _t("onbekende ESCO-vaardigheid")),
    (re.compile(r"unknown ESCO occupation"), lambda m: _t("onbekend ESCO-beroep")),
    (
        re.compile(r"expected (a list of )?\{"),
        lambda m: _t("moet een lijst met beroepen en jaren zijn"),
    ),
    (re.compile(r"expected true or false"), lambda m: _t("moet waar of onwaar zijn")),
    (
        re.compile(r"needs at least one of"),
        lambda m: _t(
            "een profiel heeft minstens een beroep, een vaardigheid of een samenvatting nodig"
        ),
    ),
]


def in_dutch(message: str) -> str:
    for pattern, text in _WHY:
        if (m := pattern.search(message)) is not None:
            return str(text(m))
    return message


def value_at(obj: Mapping[str, Any], path: str) -> str:
    """The value a field path such as ``occupations[0].esco_uri`` points at, for the report."""
    value: Any = obj
    for key, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        try:
            value = value[int(index)] if index else value[key]
        except (KeyError, IndexError, TypeError):
            return ""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


# -- reading files -------------------------------------------------------------------------
def read_jsonl(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[LineError]]:
    """(line number, object) for every non-empty line, and the lines that are not JSON."""
    rows: list[tuple[int, dict[str, Any]]] = []
    errors: list[LineError] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(
                LineError(
                    number,
                    "-",
                    line[:80],
                    _t("geen geldige JSON (kolom %(col)s)", col=exc.colno),
                )
            )
            continue
        if not isinstance(obj, dict):
            errors.append(
                LineError(number, "-", line[:80], _t("moet een JSON-object zijn"))
            )
            continue
        rows.append((number, obj))
    return rows, errors


def _csv_bool(cell: str) -> Any:
    value = cell.strip().lower()
    if value in {"ja", "true", "1", "yes", "waar", "j", "y"}:
        return True
    if value in {"nee", "false", "0", "no", "onwaar", "n"}:
        return False
    return cell  # left as text: the validator reports it


def _csv_number(cell: str) -> Any:
    text = cell.strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return cell
    return int(number) if number.is_integer() else number


def _split(cell: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;|\n]", cell) if part.strip()]


def _csv_pairs(cell: str, value: Callable[[str], Any]) -> list[tuple[str, Any]] | str:
    pairs = []
    for part in _split(cell):
        key, sep, raw = part.rpartition("=")
        if not sep:
            return cell
        pairs.append((key.strip(), value(raw)))
    return pairs


def _csv_cell(column: str, cell: str) -> Any:
    """A CSV cell in the JSON shape FORMATS.md describes (JSON itself is accepted too)."""
    cell = cell.strip()
    if column in {"occupations", "skills", "languages"} and cell[:1] in {"[", "{"}:
        try:
            return json.loads(cell)
        except json.JSONDecodeError:
            return cell
    if column == "occupations":
        pairs = _csv_pairs(cell, _csv_number)
        return (
            cell
            if isinstance(pairs, str)
            else [{"esco_uri": uri, "years": years} for uri, years in pairs]
        )
    if column == "skills":
        return _split(cell)
    if column == "languages":
        pairs = _csv_pairs(cell, str.strip)
        return cell if isinstance(pairs, str) else dict(pairs)
    if column in {"max_travel_km", "hours_per_week", "education_level"}:
        return _csv_number(cell)
    if column in {"has_bsn", "in_brp", "has_consent"}:
        return _csv_bool(cell)
    return cell


def read_csv(text: str) -> tuple[list[tuple[int, dict[str, Any]]], list[LineError]]:
    """(line number, object) per data row; line 1 is the header."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [
            LineError(
                1,
                ", ".join(missing),
                "",
                _t("kolom ontbreekt in de kopregel"),
            )
        ]
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, Any]]] = []
    for record in reader:
        obj = {
            column: _csv_cell(column, cell)
            for column, cell in record.items()
            if column in COLUMNS and isinstance(cell, str) and cell.strip()
        }
        if obj:
            rows.append((reader.line_num, obj))
    return rows, []
