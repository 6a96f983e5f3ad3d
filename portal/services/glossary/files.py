"""The glossary as a CSV file, so municipalities can share their Dutch labels.

Columns ``conceptUri, preferredLabel, altLabels, englishLabel, note`` (UTF-8, comma,
header row; ``altLabels`` separated by `` | ``), the same as the starter glossary in
``matching/data/skill_labels_nl_starter.csv``. ``englishLabel`` is for the reader and
ignored on import. Documented in ``docs/FORMATS.md``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from matching.taxonomy import load_taxonomy
from portal.models import User
from portal.services.glossary import labels

COLUMNS = ["conceptUri", "preferredLabel", "altLabels", "englishLabel", "note"]
MAX_ROWS = 20_000


class InvalidFile(ValueError):
    """Not a glossary CSV (missing columns, not UTF-8, too many rows)."""


@dataclass
class ImportResult:
    saved: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def export_csv() -> str:
    """Every glossary row as CSV text, sorted by URI (diffs between exports stay small)."""
    tx = load_taxonomy()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in sorted(labels.entries(), key=lambda e: e.skill_uri):
        skill = tx.skill(entry.skill_uri)
        writer.writerow(
            [
                entry.skill_uri,
                entry.label_nl,
                " | ".join(entry.alternatives),
                skill.label_en if skill else "",
                entry.note,
            ]
        )
    return out.getvalue()


def import_csv(data: bytes, *, by: User, dry_run: bool = False) -> ImportResult:
    """Add or correct labels from a glossary CSV; rows with errors are reported, not saved."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidFile("not utf-8") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"conceptUri", "preferredLabel"} <= set(
        reader.fieldnames
    ):
        raise InvalidFile("columns")
    result = ImportResult()
    for line, row in enumerate(reader, start=2):
        if line > MAX_ROWS + 1:
            raise InvalidFile("too many rows")
        uri = (row.get("conceptUri") or "").strip()
        label = (row.get("preferredLabel") or "").strip()
        alts = [a for a in (row.get("altLabels") or "").split("|") if a.strip()]
        note = (row.get("note") or "").strip()
        current = labels.entry_for(uri)
        if (
            current is not None
            and current.label_nl == " ".join(label.split())
            and current.alternatives == [" ".join(a.split()) for a in alts]
        ):
            result.unchanged += 1
            continue
        try:
            if dry_run:
                labels.check_label(uri, label, alts)
            else:
                labels.save_label(uri, label, alternatives=alts, note=note, by=by)
        except labels.InvalidLabel as exc:
            result.errors.append((line, str(exc)))
            continue
        result.saved += 1
    return result
