"""Rebuild ``matching/data/nl_municipality_province.csv`` from ``../shared``.

The evaluation reports quality per region (``matching.evaluation.segments_of``); the
region of a profile is the province of its PC4's municipality. The PC4 table gives the
municipality (CBS names, 2024); the province comes from the GeoNames postal-code dumps
the PC4 table was made from (``admin name1``, in Dutch or English): each municipality
takes the province most of its PC4 areas have there (a handful of PC4 areas near a
border are listed under a neighbouring province). Run from the repository root::

    .venv/bin/python scripts/build_provinces.py [--shared ../shared]

The output is sorted and deterministic.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "matching" / "data" / "nl_municipality_province.csv"
SOURCES = ("geonames_NL_2021-06-24.txt", "geonames_NL_2024-04-12.txt")
#: GeoNames names some provinces in English; the register and the reports use Dutch.
DUTCH = {
    "North Holland": "Noord-Holland",
    "South Holland": "Zuid-Holland",
    "North Brabant": "Noord-Brabant",
    "Guelders": "Gelderland",
}
PROVINCES = {
    "Drenthe",
    "Flevoland",
    "Friesland",
    "Gelderland",
    "Groningen",
    "Limburg",
    "Noord-Brabant",
    "Noord-Holland",
    "Overijssel",
    "Utrecht",
    "Zeeland",
    "Zuid-Holland",
}


def provinces_by_pc4(source_dir: Path) -> dict[str, Counter[str]]:
    """PC4 → how often each province names it in the GeoNames dumps."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for name in SOURCES:
        with (source_dir / name).open(encoding="utf-8") as fh:
            for line in fh:
                cells = line.rstrip("\n").split("\t")
                province = DUTCH.get(cells[3], cells[3])
                if province in PROVINCES:
                    out[cells[1][:4]][province] += 1
    return out


def build(shared: Path) -> str:
    """The CSV text: ``municipality,province``, one row per municipality, sorted."""
    postcodes = shared / "data" / "postcodes"
    by_pc4 = provinces_by_pc4(postcodes / "source")
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    with (postcodes / "nl_pc4.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            counts = by_pc4.get(row["pc4"])
            if counts:
                votes[row["municipality"]][counts.most_common(1)[0][0]] += 1
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(("municipality", "province"))
    for municipality in sorted(votes):
        (province, _n), *_rest = sorted(
            votes[municipality].items(), key=lambda kv: (-kv[1], kv[0])
        )
        writer.writerow((municipality, province))
    return text.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    args = parser.parse_args()
    text = build(args.shared)
    OUT.write_text(text, encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {text.count(chr(10)) - 1} municipalities")


if __name__ == "__main__":
    main()
