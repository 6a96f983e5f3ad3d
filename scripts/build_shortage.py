"""Derive ``portal/data/shortage_occupations.csv`` from the shared shortage seed list.

The shared list (``../shared/data/shortage/occupations_nl.csv``) mixes occupation groups
that are tight with some that are expected to become *less* tight, and puts several
ISCO codes in one cell. The portal needs one row per (ISCO code, source) for the groups
that count as shortage occupations, with a date per source. Run from the repository root::

    .venv/bin/python scripts/build_shortage.py [--shared ../shared]

The output is sorted, so an unchanged source gives a byte-identical file.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "portal" / "data" / "shortage_occupations.csv"
COLUMNS = ["label_nl", "isco_code", "tension", "source", "source_date", "value"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YEAR_MONTH = re.compile(r"\d{4}-\d{2}(?!-)")


def counts_as_shortage(tension: str) -> bool:
    """Tight or very tight now; not 'niet krap' and not 'krapte neemt af' without a level."""
    text = tension.lower()
    if text.startswith("niet krap") or "neemt naar verwachting af" in text:
        return False
    return "krap" in text


def source_date(source: str) -> str:
    """The report date in the source text: its last full date, else its last year-month."""
    dates = _ISO_DATE.findall(source)
    if dates:
        return dates[-1]
    months = _YEAR_MONTH.findall(source)
    if months:
        return months[-1] + "-01"
    raise ValueError(f"no date in source: {source!r}")


def derive(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    out: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        if not counts_as_shortage(row["tension"]):
            continue
        for code in filter(None, (c.strip() for c in row["isco_code"].split(";"))):
            key = (code, row["source"])
            if key in out:
                raise ValueError(f"duplicate ISCO code {code} for one source")
            out[key] = {
                "label_nl": row["label_nl"],
                "isco_code": code,
                "tension": row["tension"],
                "source": row["source"],
                "source_date": source_date(row["source"]),
                "value": row["value"],
            }
    return sorted(out.values(), key=lambda r: (r["isco_code"], r["source_date"]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args(argv)
    source = args.shared / "data" / "shortage" / "occupations_nl.csv"
    if not source.exists():
        print(f"not found: {source}", file=sys.stderr)
        return 2
    with source.open(encoding="utf-8", newline="") as handle:
        rows = derive(list(csv.DictReader(handle)))
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUTPUT.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
