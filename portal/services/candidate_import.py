"""Bulk import and export of candidate profiles: JSON Lines (FORMATS.md) and CSV.

All or nothing: every line is checked first and the report lists every faulty field of
every line (line, field, value, why). Only when no line fails are profiles written; a
caller that gets a result with errors must roll back. A known ``ref`` updates that
profile instead of adding a second one.

The FORMATS.md fields are validated by ``matching.io.candidate_from_dict`` (one set of
rules for the portal and the command line). To report every faulty field of a line, not
only the first, a line is checked again with each faulty field replaced by a neutral
valid value, until no new field fails.

Optional extra fields (FORMATS.md allows adding optional fields): ``reception_centre``,
``in_brp``, ``education_level``, ``has_consent``, ``consent_given_on``. Consent is
recorded only when the file says so (``consent_given_on``, or ``has_consent: true``
meaning "given today"); ``has_consent: false`` ends a consent in force. A new profile
without either is not matched until a matchmaker records consent. A known profile whose
``pc4`` (or ``reception_centre``) differs from where it lives now gets a relocation
dated today, so active matches are re-checked.

CSV has the same columns. Lists are written ``uri=years; uri=years`` (occupations),
``uri; uri`` (skills) and ``nl=A2; en=B1`` (languages); ``;`` or ``,`` separates cells.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from matching.io import InputError, candidate_from_dict
from matching.types import Candidate
from portal.domain.identifiers import find_identifiers
from portal.models import CandidateProfile, User
from portal.services import audit
from portal.services.candidates import (
    DEFAULT_IMPORT_SCOPE,
    CandidateError,
    ProfileData,
    _t,
    create_profile,
    current_consent,
    current_location,
    find_by_ref,
    give_consent,
    local_today,
    update_profile,
    withdraw_consent,
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
_NEUTRAL: dict[str, Any] = {
    "ref": "X",
    "pc4": "1011",
    "max_travel_km": 10,
    "hours_per_week": 10,
    "available_from": "2000-01-01",
    "asylum_application_date": "2000-01-01",
    "w_document_valid_until": "2000-01-01",
}
_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{1,19}")
_MAX_LINES = 20_000


@dataclass(frozen=True)
class LineError:
    """One fault: the line of the file, the field, the value found and why it is wrong."""

    line: int
    field: str
    value: str
    why: str

    def __str__(self) -> str:
        return f"regel {self.line}: {self.field} = {self.value}: {self.why}"


@dataclass
class ImportResult:
    total: int = 0
    errors: list[LineError] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    without_consent: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def lines_with_errors(self) -> list[int]:
        return sorted({e.line for e in self.errors})


@dataclass(frozen=True)
class _Row:
    line: int
    candidate: Candidate
    extras: Mapping[str, Any]
    has_consent: bool | None


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


def _dutch(message: str) -> str:
    for pattern, text in _WHY:
        if (m := pattern.search(message)) is not None:
            return str(text(m))
    return message


def _value_at(obj: Mapping[str, Any], path: str) -> str:
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


# -- checking ------------------------------------------------------------------------------
def _top(field_path: str) -> str:
    return re.split(r"[.\[]", field_path, maxsplit=1)[0]


def _format_errors(
    number: int, obj: dict[str, Any]
) -> tuple[Candidate | None, list[LineError]]:
    """Every faulty FORMATS.md field of one line (see the module docstring)."""
    errors: list[LineError] = []
    probe = dict(obj)
    seen: set[str] = set()
    for _ in range(len(COLUMNS) + 1):
        try:
            candidate = candidate_from_dict(probe)
        except InputError as exc:
            top = _top(exc.field) or "-"
            if top in seen:
                break
            seen.add(top)
            errors.append(
                LineError(
                    number,
                    exc.field or "-",
                    _value_at(obj, exc.field),
                    _dutch(exc.message),
                )
            )
            if top in _NEUTRAL:
                probe[top] = _NEUTRAL[top]
            else:
                probe.pop(top, None)
            continue
        return (None if errors else candidate), errors
    return None, errors


def _extra_errors(number: int, obj: Mapping[str, Any]) -> list[LineError]:
    errors: list[LineError] = []

    def fail(name: str, why: object) -> None:
        errors.append(LineError(number, name, _value_at(obj, name), str(why)))

    ref = obj.get("ref")
    if isinstance(ref, str) and ref.strip():
        if not _REF.fullmatch(ref):
            fail("ref", _t("2 tot 20 letters, cijfers, - of _"))
        elif find_identifiers(ref):
            fail("ref", _t("lijkt op een persoonsnummer; gebruik een schuilnaam"))
    summary = obj.get("summary")
    if isinstance(summary, str) and (found := find_identifiers(summary)):
        fail(
            "summary",
            _t(
                "bevat iets dat lijkt op persoonsgegevens: %(found)s",
                found=", ".join(f.text for f in found),
            ),
        )
    for name, low, high in (("max_travel_km", 0, 300), ("hours_per_week", 1, 60)):
        value = obj.get(name)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if is_number and not low <= value <= high:
            fail(
                name,
                _t("moet tussen %(low)s en %(high)s liggen", low=low, high=high),
            )
    asylum = obj.get("asylum_application_date")
    if isinstance(asylum, str):
        try:
            if date.fromisoformat(asylum) > local_today():
                fail("asylum_application_date", _t("ligt in de toekomst"))
        except ValueError:
            pass  # reported by the FORMATS.md check
    centre = obj.get("reception_centre")
    if centre is not None and (not isinstance(centre, str) or len(centre) > 120):
        fail("reception_centre", _t("moet tekst van hoogstens 120 tekens zijn"))
    for name in ("in_brp", "has_consent"):
        if name in obj and obj[name] is not None and not isinstance(obj[name], bool):
            fail(name, _t("moet waar of onwaar zijn"))
    level = obj.get("education_level")
    if level is not None and (
        isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= 8
    ):
        fail("education_level", _t("moet een ISCED-niveau van 0 tot en met 8 zijn"))
    given = obj.get("consent_given_on")
    if given is not None:
        try:
            if date.fromisoformat(str(given)) > local_today():
                fail("consent_given_on", _t("ligt in de toekomst"))
        except ValueError:
            fail("consent_given_on", _t("moet een datum zijn in de vorm JJJJ-MM-DD"))
    return errors


def check_rows(
    rows: Iterable[tuple[int, dict[str, Any]]],
) -> tuple[list[_Row], list[LineError]]:
    """Validate every line; returns the good rows and every fault of the bad ones."""
    good: list[_Row] = []
    errors: list[LineError] = []
    first_line: dict[str, int] = {}
    for number, obj in rows:
        candidate, line_errors = _format_errors(number, obj)
        line_errors += [
            e
            for e in _extra_errors(number, obj)
            if e.field not in {le.field for le in line_errors}
        ]
        ref = obj.get("ref")
        if isinstance(ref, str) and ref:
            if ref in first_line:
                line_errors.append(
                    LineError(
                        number,
                        "ref",
                        ref,
                        _t("staat al op regel %(line)s", line=first_line[ref]),
                    )
                )
            else:
                first_line[ref] = number
        if line_errors:
            errors.extend(line_errors)
        elif candidate is not None:
            extras = {k: obj[k] for k in EXTRA_COLUMNS if k in obj}
            consent = obj.get("has_consent") if "has_consent" in obj else None
            good.append(_Row(number, candidate, extras, consent))
    return good, errors


# -- writing -------------------------------------------------------------------------------
def _data(row: _Row, profile: CandidateProfile | None) -> ProfileData:
    c = row.candidate
    extras = row.extras
    return ProfileData(
        reception_centre=(
            profile.reception_centre
            if profile is not None
            else str(extras.get("reception_centre") or "")
        ),
        pc4=profile.pc4 if profile is not None else c.pc4,
        max_travel_km=round(c.max_travel_km),
        hours_per_week=round(c.hours_per_week),
        available_from=c.available_from,
        asylum_application_date=c.asylum_application_date,
        w_document_valid_until=c.w_document_valid_until,
        summary=c.summary,
        education_level=extras.get(
            "education_level", profile.education_level if profile else None
        ),
        has_bsn=bool(c.has_bsn)
        if c.has_bsn is not None
        else bool(profile and profile.has_bsn),
        in_brp=bool(extras.get("in_brp", profile.in_brp if profile else False)),
        occupations=[(uri, years) for uri, years in c.occupations],
        skills=list(c.skills),
        languages=dict(c.languages),
    )


def _write(row: _Row, *, by: User | None, result: ImportResult) -> None:
    from portal.services import relocations

    today = local_today()
    profile = find_by_ref(row.candidate.ref)
    if profile is None:
        profile = create_profile(_data(row, None), by=by, ref=row.candidate.ref)
        result.created.append(profile.ref)
    else:
        changed = update_profile(profile, _data(row, profile), by=by)
        centre, pc4 = current_location(profile, today)
        new_centre = str(row.extras.get("reception_centre") or centre)
        if (row.candidate.pc4, new_centre) != (pc4, centre):
            relocations.record_relocation(
                profile,
                moved_on=today,
                reception_centre=new_centre,
                pc4=row.candidate.pc4,
                by=by,
            )
            changed.append("pc4")
        (result.updated if changed else result.unchanged).append(profile.ref)
    given = row.extras.get("consent_given_on")
    if row.has_consent is False:
        withdraw_consent(profile, on=today, by=by)
    elif (given or row.has_consent) and current_consent(profile, today) is None:
        give_consent(
            profile,
            given_on=date.fromisoformat(given) if given else today,
            scopes=DEFAULT_IMPORT_SCOPE,
            by=by,
        )
    if current_consent(profile, today) is None:
        result.without_consent.append(profile.ref)


def import_profiles(
    text: str, *, fmt: Format, by: User | None, dry_run: bool = False
) -> ImportResult:
    """Check a whole file and, only if every line is right, write it.

    After a result with errors the caller must roll back the session.
    """
    rows, errors = read_csv(text) if fmt == "csv" else read_jsonl(text)
    result = ImportResult(total=len(rows) + len({e.line for e in errors}))
    if result.total > _MAX_LINES:
        result.errors.append(LineError(0, "-", str(result.total), _t("te veel regels")))
        return result
    good, row_errors = check_rows(rows)
    result.errors = sorted(errors + row_errors, key=lambda e: e.line)
    if not result.total and not result.errors:
        result.errors.append(LineError(0, "-", "", _t("het bestand is leeg")))
    if result.errors or dry_run:
        return result
    for row in good:
        try:
            _write(row, by=by, result=result)
        except CandidateError as exc:
            field_name = getattr(exc, "field", None) or ", ".join(
                getattr(exc, "errors", {}) or ["-"]
            )
            result.errors.append(LineError(row.line, field_name, "", str(exc)))
            return result
    result.written = True
    audit.record_event(
        "candidates.import",
        actor=by,
        details={
            "format": fmt,
            "created": len(result.created),
            "updated": len(result.updated),
            "unchanged": len(result.unchanged),
        },
    )
    log.info(
        "imported %s profiles (%s new, %s updated)",
        result.total,
        len(result.created),
        len(result.updated),
    )
    return result
