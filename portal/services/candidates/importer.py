"""Bulk import of candidate profiles: check every line, then write all or nothing.

All or nothing: every line is checked first and the report lists every faulty field of
every line (line, field, value, why). Only when no line fails are profiles written; a
caller that gets a result with errors must roll back. A known ``ref`` updates that
profile instead of adding a second one.

The FORMATS.md fields are validated by ``matching.records.candidate_from_dict`` (one
set of rules for the portal and the command line). To report every faulty field of a
line, not only the first, a line is checked again with each faulty field replaced by a
neutral valid value, until no new field fails.

Optional extra fields (FORMATS.md allows adding optional fields): ``reception_centre``,
``in_brp``, ``education_level``, ``has_consent``, ``consent_given_on``. Consent is
recorded only when the file says so (``consent_given_on``, or ``has_consent: true``
meaning "given today"); ``has_consent: false`` ends a consent in force. A new profile
without either is not matched until a matchmaker records consent. A known profile whose
``pc4`` (or ``reception_centre``) differs from where it lives now gets a relocation
dated today, so active matches are re-checked.

Reading the files (JSON Lines and CSV) lives in :mod:`.import_files`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from matching.input_fields import InputError
from matching.records import candidate_from_dict
from matching.types import Candidate
from portal.domain import dates
from portal.domain import text as text_rules
from portal.domain.identifiers import find_identifiers
from portal.models import CandidateProfile, User
from portal.services import audit
from portal.services.candidates.consents import (
    DEFAULT_IMPORT_SCOPE,
    current_consent,
    give_consent,
    withdraw_consent,
)
from portal.services.candidates.for_matching import current_location
from portal.services.candidates.import_files import (
    COLUMNS,
    EXTRA_COLUMNS,
    MAX_LINES,
    NEUTRAL_VALUES,
    REF_PATTERN,
    Format,
    LineError,
    in_dutch,
    read_csv,
    read_jsonl,
    value_at,
)
from portal.services.candidates.profile_input import ProfileData
from portal.services.candidates.profiles import (
    CandidateError,
    _t,
    create_profile,
    find_by_ref,
    local_today,
    update_profile,
)

log = logging.getLogger(__name__)


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
                    value_at(obj, exc.field),
                    in_dutch(exc.message),
                )
            )
            if top in NEUTRAL_VALUES:
                probe[top] = NEUTRAL_VALUES[top]
            else:
                probe.pop(top, None)
            continue
        return (None if errors else candidate), errors
    return None, errors


_DATE_FIELDS = ("available_from", "asylum_application_date", "w_document_valid_until")


def _is_iso_date(text: str) -> bool:
    try:
        date.fromisoformat(text.strip())
    except ValueError:
        return False
    return True


def _extra_errors(number: int, obj: Mapping[str, Any]) -> list[LineError]:
    errors: list[LineError] = []

    def fail(name: str, why: object) -> None:
        errors.append(LineError(number, name, value_at(obj, name), str(why)))

    nul_at = text_rules.nul_path(dict(obj))
    if nul_at is not None:
        fail(nul_at or "-", _t("bevat een ongeldig teken (NUL, \\u0000)"))
    for name in (*_DATE_FIELDS, "consent_given_on"):
        value = obj.get(name)
        if (
            isinstance(value, str)
            and _is_iso_date(value)
            and not dates.parse_iso(value)
        ):
            fail(
                name,
                _t(
                    "moet tussen %(earliest)s en %(latest)s liggen",
                    earliest=dates.EARLIEST.isoformat(),
                    latest=dates.LATEST.isoformat(),
                ),
            )
    ref = obj.get("ref")
    if isinstance(ref, str) and ref.strip():
        if not REF_PATTERN.fullmatch(ref):
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
    from portal.services.candidates import relocations

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
    if result.total > MAX_LINES:
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
