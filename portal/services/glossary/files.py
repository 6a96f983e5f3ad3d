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
    """What an import did, or (with errors, or only checking) would do.

    All or nothing: a file with any faulty row saves nothing; ``errors`` names every
    faulty row (line number, problem code of :class:`labels.InvalidLabel` or
    ``"duplicate"``) and ``saved`` counts the rows that would have been saved.
    """

    saved: int = 0
    unchanged: int = 0
    new: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


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


def _rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of every data row; InvalidFile when it is no glossary file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidFile("not utf-8") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"conceptUri", "preferredLabel"} <= set(
        reader.fieldnames
    ):
        raise InvalidFile("columns")
    rows = []
    for row in reader:
        if len(rows) == MAX_ROWS:
            raise InvalidFile("too many rows")
        rows.append((reader.line_num, row))
    return rows


def import_csv(data: bytes, *, by: User, dry_run: bool = False) -> ImportResult:
    """Add or correct labels from a glossary CSV: every row checked first, then all or nothing.

    Only a file without faulty rows is written (one flush, one audit event); the new
    labels reach the taxonomy when the caller commits. A caller that gets a result
    with errors, or asked for a dry run, must roll back (nothing was written anyway).
    """
    rows = _rows(data)
    stored = {e.skill_uri: e for e in labels.entries()}
    result = ImportResult()
    changes: list[labels.CleanLabel] = []
    seen: set[str] = set()
    for line, row in rows:
        uri = (row.get("conceptUri") or "").strip()
        try:
            clean = labels.clean_label(
                uri,
                row.get("preferredLabel") or "",
                (row.get("altLabels") or "").split("|"),
                row.get("note") or "",
            )
        except labels.InvalidLabel as exc:
            result.errors.append((line, str(exc)))
            continue
        if uri in seen:
            result.errors.append((line, "duplicate"))
            continue
        seen.add(uri)
        if labels.same_label(stored.get(uri), clean):
            result.unchanged += 1
            continue
        changes.append(clean)
    result.saved = len(changes)
    result.new = sum(1 for c in changes if c.uri not in stored)
    if result.errors or dry_run or not changes:
        return result
    labels.save_labels(changes, by=by)
    result.written = True
    return result
