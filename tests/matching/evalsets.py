"""The two evaluation sets, stored as fixed files next to the tests that use them.

``sets/esco/`` is :func:`matching.evalset.make_evalset` (seed 7) and ``sets/pilot/`` is
:func:`matching.pilotset.make_pilotset` (seed 2027), each as three gzip-compressed JSON
Lines files in the formats of ``FORMATS.md`` (``candidates.jsonl.gz``,
``vacancies.jsonl.gz``, ``labels.jsonl.gz``) plus ``set.json`` (the day the set is
judged on, the generator and its seed). The quality tests read these files, so a change
to a generator cannot silently change the set the margins were measured on;
``test_stored_sets.py`` checks that the generators still give the same sets from the
ESCO and postcode data they were written from (``data_sha256`` in ``set.json``; after
a change to that data the stored sets stay the measure, and the check waits until the
sets are written again on purpose).

After a deliberate change to a generator, write the sets again and re-measure::

    .venv/bin/python -m tests.matching.evalsets
    .venv/bin/python -m matching evaluate --candidates <(zcat tests/matching/sets/pilot/candidates.jsonl.gz) ...

(the gzip files are written without a timestamp, so an unchanged set gives identical bytes).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from datetime import date
from pathlib import Path

from matching.evalset import EvalSet, make_evalset
from matching.io import dumps_jsonl
from matching.pilotset import make_pilotset
from matching.records import (
    Label,
    candidate_from_dict,
    candidate_to_dict,
    vacancy_from_dict,
    vacancy_to_dict,
)

SETS = Path(__file__).resolve().parent / "sets"
#: The data files the generators read (labels, skills, postcodes): a set is tied to them.
DATA = Path(__file__).resolve().parents[2] / "matching" / "data"
DATA_FILES = ("esco_taxonomy.json.gz", "nl_pc4.csv.gz")
#: Set name → (generator, seed), called with the generator's other defaults.
GENERATORS = {"esco": (make_evalset, 7), "pilot": (make_pilotset, 2027)}
NAMES = tuple(GENERATORS)


def data_fingerprint() -> str:
    """SHA-256 over the data files the generators read, as now in ``matching/data``."""
    digest = hashlib.sha256()
    for name in DATA_FILES:
        digest.update((DATA / name).read_bytes())
    return digest.hexdigest()


def meta(name: str) -> dict:
    """``set.json`` of a stored set."""
    return json.loads((SETS / name / "set.json").read_text(encoding="utf-8"))


def generate(name: str) -> EvalSet:
    """The set as its generator builds it now."""
    make, seed = GENERATORS[name]
    return make(seed=seed)


def _gzip(text: str) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as out:
        out.write(text.encode("utf-8"))
    return buffer.getvalue()


def files_of(data: EvalSet) -> dict[str, str]:
    """The JSON Lines text of each file of a set (before compression)."""
    return {
        "candidates.jsonl": dumps_jsonl(candidate_to_dict(c) for c in data.candidates),
        "vacancies.jsonl": dumps_jsonl(vacancy_to_dict(v) for v in data.vacancies),
        "labels.jsonl": dumps_jsonl(
            {
                "vacancy": lb.vacancy,
                "candidate": lb.candidate,
                "relevance": lb.relevance,
            }
            for lb in data.labels
        ),
    }


def stored_text(name: str) -> dict[str, str]:
    """The JSON Lines text of each stored file of a set."""
    return {
        file: gzip.decompress((SETS / name / f"{file}.gz").read_bytes()).decode()
        for file in ("candidates.jsonl", "vacancies.jsonl", "labels.jsonl")
    }


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load(name: str) -> EvalSet:
    """A stored set, read and checked like any input file of the library."""
    text = stored_text(name)
    return EvalSet(
        candidates=[candidate_from_dict(o) for o in _lines(text["candidates.jsonl"])],
        vacancies=[vacancy_from_dict(o) for o in _lines(text["vacancies.jsonl"])],
        labels=[
            Label(o["vacancy"], o["candidate"], int(o["relevance"]))
            for o in _lines(text["labels.jsonl"])
        ],
        as_of=date.fromisoformat(meta(name)["as_of"]),
    )


def write(name: str) -> Path:
    """Generate a set and store it (after a deliberate change to its generator)."""
    data = generate(name)
    folder = SETS / name
    folder.mkdir(parents=True, exist_ok=True)
    for file, text in files_of(data).items():
        (folder / f"{file}.gz").write_bytes(_gzip(text))
    make, seed = GENERATORS[name]
    about = {
        "as_of": data.as_of.isoformat(),
        "generator": f"{make.__module__}.{make.__name__}",
        "seed": seed,
        "candidates": len(data.candidates),
        "vacancies": len(data.vacancies),
        "labels": len(data.labels),
        "data_sha256": data_fingerprint(),
    }
    (folder / "set.json").write_text(json.dumps(about, indent=2) + "\n", "utf-8")
    return folder


if __name__ == "__main__":
    for set_name in NAMES:
        print(write(set_name))
