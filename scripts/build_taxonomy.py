"""Rebuild the compact ESCO and postcode files in ``matching/data/`` from ``../shared``.

The portal ships a derived copy of ESCO v1.1.1 so that a fresh clone works without the
47 MB of shared CSVs and without network access, together with what is compiled from
it once: the text model's vocabulary and the occupation inference's tables. Run from the repository root::

    .venv/bin/python scripts/build_taxonomy.py [--shared ../shared]

Output is deterministic (sorted rows, gzip without timestamp), so a rebuild from the
same sources gives byte-identical files and a clean ``git diff``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

OCC_PREFIX = "http://data.europa.eu/esco/occupation/"
SKILL_PREFIX = "http://data.europa.eu/esco/skill/"
#: The ESCO v1.1.1 export has 67 relation rows pointing at this occupation, which is
#: missing from occupations_en.csv (see the shared ESCO README); they are skipped.
MISSING_OCCUPATION = OCC_PREFIX + "a9e54177-a185-404d-b6e6-15663d31137e"

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "matching" / "data"
#: The starter glossary lives in the repository itself (not in ../shared); its `review`
#: column says who translated each label and whether a municipality reviewed it.
STARTER_GLOSSARY = DATA_DIR / "skill_labels_nl_starter.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split(value: str, sep: str = "\n") -> list[str]:
    """Split a multi-valued ESCO cell, dropping blanks and duplicates in order."""
    seen: dict[str, None] = {}
    for part in value.split(sep):
        part = part.strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def _suffix(uri: str, prefix: str) -> str:
    if not uri.startswith(prefix):
        raise ValueError(f"unexpected URI {uri!r}, wanted prefix {prefix!r}")
    return uri[len(prefix) :]


def _write_json_gz(path: Path, payload: Any) -> None:
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0 and a fixed filename keep rebuilds byte-identical.
    with (
        path.open("wb") as out,
        gzip.GzipFile(
            filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9
        ) as gz,
    ):
        gz.write(raw)


def _dutch_skill_labels(esco: Path) -> dict[str, tuple[str, list[str], str]]:
    """(label, alternative labels, source) per skill URI from the three Dutch sources.

    Preference: ESCO v1.1.1 (the partial file), then the ESCO v1.0.3 labels of the
    VDAB crosswalk (no alternative labels), then the starter glossary. The
    starter's alternative labels are added to any skill, so "koken" finds cooking skills
    whose ESCO label says "bereiden".
    """
    labels: dict[str, tuple[str, list[str], str]] = {}
    for row in _rows(esco / "nl" / "skill_labels_nl_partial.csv"):
        labels[row["conceptUri"]] = (
            row["preferredLabel"].strip(),
            _split(row["altLabels"]),
            "esco-1.1.1",
        )
    for row in _rows(esco / "nl" / "skill_labels_nl_esco_v103.csv"):
        labels.setdefault(
            row["conceptUri"], (row["preferredLabel"].strip(), [], "esco-1.0.3")
        )
    for row in _rows(STARTER_GLOSSARY):
        uri = row["conceptUri"]
        alts = _split(row["altLabels"], "|")
        if uri in labels:
            label, old, source = labels[uri]
            labels[uri] = (label, _split("\n".join([*old, *alts])), source)
        else:
            labels[uri] = (row["preferredLabel"].strip(), alts, "werkbrug")
    return labels


def build_esco(esco: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (taxonomy payload, occupation descriptions payload)."""
    occ_en = {r["conceptUri"]: r for r in _rows(esco / "occupations_en.csv")}
    occ_nl = {r["conceptUri"]: r for r in _rows(esco / "nl" / "occupations_nl.csv")}
    skills_en = {r["conceptUri"]: r for r in _rows(esco / "skills_en.csv")}
    skills_nl = _dutch_skill_labels(esco)
    isco_en = {r["code"]: r for r in _rows(esco / "ISCOGroups_en.csv")}
    isco_nl = {r["code"]: r for r in _rows(esco / "nl" / "ISCOGroups_nl.csv")}

    skill_uris = sorted(skills_en)
    skill_index = {uri: i for i, uri in enumerate(skill_uris)}
    skills: list[list[Any]] = []
    for uri in skill_uris:
        en = skills_en[uri]
        nl = skills_nl.get(uri)
        skills.append(
            [
                _suffix(uri, SKILL_PREFIX),
                en["skillType"],
                en["reuseLevel"],
                en["preferredLabel"].strip(),
                _split(en["altLabels"]),
                _split(en["hiddenLabels"]),
                nl[0] if nl else None,
                nl[1] if nl else [],
                nl[2] if nl else "",
            ]
        )

    relations: dict[str, tuple[list[int], list[int]]] = {
        uri: ([], []) for uri in occ_en
    }
    skipped = 0
    for rel in _rows(esco / "occupationSkillRelations.csv"):
        if rel["occupationUri"] == MISSING_OCCUPATION:
            skipped += 1
            continue
        essential, optional = relations[rel["occupationUri"]]
        target = essential if rel["relationType"] == "essential" else optional
        target.append(skill_index[rel["skillUri"]])
    if skipped != 67:
        print(f"warning: skipped {skipped} relation rows, expected 67", file=sys.stderr)

    occupations: list[list[Any]] = []
    descriptions: dict[str, list[str]] = {}
    for uri in sorted(occ_en):
        en, nl = occ_en[uri], occ_nl[uri]
        essential, optional = relations[uri]
        key = _suffix(uri, OCC_PREFIX)
        occupations.append(
            [
                key,
                en["iscoGroup"],
                en["code"],
                nl["preferredLabel"].strip(),
                en["preferredLabel"].strip(),
                _split(nl["altLabels"]),
                _split(en["altLabels"]),
                _split(nl["hiddenLabels"]) + _split(en["hiddenLabels"]),
                sorted(essential),
                sorted(optional),
            ]
        )
        descriptions[key] = [nl["description"].strip(), en["description"].strip()]

    isco = [
        [
            code,
            isco_nl[code]["preferredLabel"].strip(),
            isco_en[code]["preferredLabel"].strip(),
        ]
        for code in sorted(isco_en)
    ]
    taxonomy = {
        "esco_version": "1.1.1",
        "occupation_prefix": OCC_PREFIX,
        "skill_prefix": SKILL_PREFIX,
        "occupation_columns": [
            "uuid", "isco_group", "code", "label_nl", "label_en", "alt_nl", "alt_en",
            "hidden", "essential_skill_idx", "optional_skill_idx",
        ],
        "skill_columns": [
            "uuid", "skill_type", "reuse_level", "label_en", "alt_en", "hidden_en",
            "label_nl", "alt_nl", "label_nl_source",
        ],
        "isco_columns": ["code", "label_nl", "label_en"],
        "occupations": occupations,
        "skills": skills,
        "isco": isco,
    }  # fmt: skip
    return taxonomy, {"esco_version": "1.1.1", "descriptions": descriptions}


def build_postcodes(postcodes: Path, out: Path) -> int:
    """Copy the normalised PC4 table gzip-compressed; it is already compact and sorted."""
    raw = (postcodes / "nl_pc4.csv").read_bytes()
    with (
        out.open("wb") as fh,
        gzip.GzipFile(
            filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9
        ) as gz,
    ):
        gz.write(raw)
    return raw.count(b"\n") - 1


def build_text_model(out: Path, descriptions: dict[str, Any]) -> int:
    """Fit the TF-IDF vocabulary on the taxonomy just written (see matching/text.py)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from matching.taxonomy import Taxonomy
    from matching.text import TEXT_MODEL_FILE, esco_corpus, fit_text_model

    taxonomy = Taxonomy(
        json.loads(gzip.decompress((out / "esco_taxonomy.json.gz").read_bytes()))
    )
    texts = {k: (v[0], v[1]) for k, v in descriptions["descriptions"].items()}
    model = fit_text_model(esco_corpus(taxonomy, texts))
    _write_json_gz(out / TEXT_MODEL_FILE, model)
    return len(model["word"]["terms"]) + len(model["char"]["terms"])


def build_inference_tables(out: Path) -> int:
    """Compile the occupation inference's tables for the files just written (see
    ``matching.inference_tables.compile_tables``), so no process has to compute them."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from matching.inference_tables import (
        TABLES_FILE,
        compile_tables,
        tables_fingerprint,
        write_tables,
    )
    from matching.taxonomy import TAXONOMY_FILE, Taxonomy
    from matching.text import TEXT_MODEL_FILE, TextEncoder

    files = {}
    for name in (TAXONOMY_FILE, TEXT_MODEL_FILE):
        data = (out / name).read_bytes()
        files[name] = (
            json.loads(gzip.decompress(data)),
            hashlib.sha256(data).hexdigest(),
        )
    taxonomy = Taxonomy(*files[TAXONOMY_FILE])
    encoder = TextEncoder(*files[TEXT_MODEL_FILE])
    tables = compile_tables(taxonomy, encoder)
    write_tables(out / TABLES_FILE, tables, tables_fingerprint(taxonomy, encoder))
    return int(
        tables["occupation_label_lengths"].size + tables["skill_label_lengths"].size
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Rebuild matching/data/ from ../shared."
    )
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    args = parser.parse_args(argv)
    esco = args.shared / "data" / "esco"
    postcodes = args.shared / "data" / "postcodes"
    if not (esco / "occupations_en.csv").exists():
        parser.error(f"no ESCO CSVs under {esco}")
    args.out.mkdir(parents=True, exist_ok=True)
    taxonomy, descriptions = build_esco(esco)
    _write_json_gz(args.out / "esco_taxonomy.json.gz", taxonomy)
    _write_json_gz(args.out / "esco_occupation_descriptions.json.gz", descriptions)
    n_pc4 = build_postcodes(postcodes, args.out / "nl_pc4.csv.gz")
    n_terms = build_text_model(args.out, descriptions)
    n_labels = build_inference_tables(args.out)
    print(
        f"wrote {len(taxonomy['occupations'])} occupations, {len(taxonomy['skills'])} "
        f"skills, {len(taxonomy['isco'])} ISCO groups, {n_pc4} PC4 areas, "
        f"{n_terms} text terms, the inference tables of {n_labels} labels to {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
