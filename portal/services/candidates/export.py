"""Export of candidate profiles as JSON Lines (FORMATS.md) or CSV with the same columns.

Only anonymous fields leave the portal: the FORMATS.md fields plus the optional ones the
import reads back (``reception_centre``, ``in_brp``, ``education_level``, ``has_consent``,
``consent_given_on``), so an export re-imports unchanged. Matchmakers only; every export
is an audit event with the count.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import CandidateProfile, User
from portal.services import audit
from portal.services.candidates.consents import current_consent
from portal.services.candidates.for_matching import current_location
from portal.services.candidates.import_files import COLUMNS, Format
from portal.services.candidates.profile_input import term_label
from portal.services.candidates.profiles import local_today


def profile_record(profile: CandidateProfile, on: date) -> dict[str, Any]:
    """One profile as a FORMATS.md object plus the portal's optional fields."""
    centre, pc4 = current_location(profile, on)
    consent = current_consent(profile, on)
    record: dict[str, Any] = {
        "ref": profile.ref,
        "occupations": [
            {"esco_uri": o.esco_uri, "years": _plain_number(o.years)}
            for o in profile.occupations
        ],
        "skills": [s.skill_uri for s in profile.skills],
        "languages": {lang.code: lang.level for lang in profile.languages},
        "summary": profile.summary,
        "pc4": pc4,
        "max_travel_km": profile.max_travel_km,
        "hours_per_week": profile.hours_per_week,
        "available_from": profile.available_from.isoformat(),
        "asylum_application_date": profile.asylum_application_date.isoformat(),
        "w_document_valid_until": (
            profile.w_document_valid_until.isoformat()
            if profile.w_document_valid_until
            else None
        ),
        "has_bsn": profile.has_bsn,
        "reception_centre": centre,
        "in_brp": profile.in_brp,
        "education_level": profile.education_level,
        "has_consent": consent is not None and "matching" in consent.scope.split(","),
        "consent_given_on": consent.given_on.isoformat() if consent else None,
    }
    return {k: v for k, v in record.items() if v is not None}


def _plain_number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else float(value)


def _export_profiles() -> list[CandidateProfile]:
    return list(
        db.session.scalars(
            select(CandidateProfile)
            .options(
                selectinload(CandidateProfile.occupations),
                selectinload(CandidateProfile.skills),
                selectinload(CandidateProfile.languages),
                selectinload(CandidateProfile.consents),
                selectinload(CandidateProfile.relocations),
            )
            .order_by(CandidateProfile.ref)
        )
    )


def _csv_value(column: str, value: Any) -> str:
    if value is None:
        return ""
    if column == "occupations":
        return "; ".join(f"{o['esco_uri']}={o['years']}" for o in value)
    if column == "skills":
        return "; ".join(value)
    if column == "languages":
        return "; ".join(f"{code}={level}" for code, level in value.items())
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def export_profiles(fmt: Format, *, by: User | None, on: date | None = None) -> str:
    """Every profile as JSON Lines or CSV (matchmakers only; audited with the count)."""
    on = on or local_today()
    records = [profile_record(p, on) for p in _export_profiles()]
    audit.record_event(
        "candidates.export", actor=by, details={"format": fmt, "count": len(records)}
    )
    if fmt == "jsonl":
        return "".join(
            json.dumps(
                {**r, "skill_labels_nl": skill_labels_nl(r.get("skills") or [])},
                ensure_ascii=False,
            )
            + "\n"
            for r in records
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, "skill_labels_nl"])
    for record in records:
        labels = skill_labels_nl(record.get("skills") or [])
        writer.writerow(
            [*(_csv_value(c, record.get(c)) for c in COLUMNS), "; ".join(labels)]
        )
    return out.getvalue()


def skill_labels_nl(uris: list[str]) -> list[str]:
    """The Dutch name of each skill, glossary included (ESCO's English where none yet).

    A readable extra after the interchange fields, in both formats (FORMATS.md: the
    import ignores it), for whoever opens the file in a spreadsheet or another tool.
    """
    return [term_label(uri, "nl")[0] for uri in uris]
