"""The stored evaluation sets are what their generators give, and read back whole."""

import gzip

import pytest

from matching.evaluation import segments_of
from tests.matching.evalsets import (
    NAMES,
    SETS,
    data_fingerprint,
    files_of,
    generate,
    load,
    meta,
    stored_text,
)

#: Compressed size of one stored set must stay small (bytes, all files together).
MAX_SET_BYTES = 400_000


@pytest.mark.parametrize("name", NAMES)
def test_the_generator_still_gives_the_stored_set(name):
    """A change to a generator must be a deliberate one (the set is written again).

    The generators draw labels and postcodes from ``matching/data``; when that data has
    changed since the set was written (a new glossary, ESCO version), the generator
    cannot give the same set and the stored one stays the measure until it is written
    again on purpose.
    """
    if meta(name)["data_sha256"] != data_fingerprint():
        pytest.skip(
            f"matching/data changed since the {name} set was written: the stored set "
            "stays the measure; write it again on purpose (tests/matching/evalsets.py)"
        )
    generated = files_of(generate(name))
    stored = stored_text(name)
    for file, text in generated.items():
        assert text == stored[file], (
            f"{name}/{file}: the generator no longer gives the stored set. The quality "
            "tests measure the stored files; if the change is deliberate, write the sets "
            "again (.venv/bin/python -m tests.matching.evalsets) and re-measure the "
            "figures in matching/quality.py and the README."
        )


@pytest.mark.parametrize("name", NAMES)
def test_a_stored_set_reads_back_whole_and_small(name):
    data = load(name)
    text = stored_text(name)
    assert len(data.candidates) == text["candidates.jsonl"].count("\n")
    assert len(data.vacancies) == text["vacancies.jsonl"].count("\n")
    assert len(data.labels) == text["labels.jsonl"].count("\n") > 100
    assert files_of(data) == text  # nothing lost or changed by reading
    size = sum(p.stat().st_size for p in (SETS / name).iterdir())
    assert size < MAX_SET_BYTES
    for path in (SETS / name).glob("*.gz"):
        assert gzip.decompress(path.read_bytes())  # valid gzip


def test_the_sets_cover_every_segment():
    for name in NAMES:
        data = load(name)
        kinds = {segments_of(c)["completeness"] for c in data.candidates}
        assert {"occupation", "skills_only", "text_only"} <= kinds
        regions = {segments_of(c)["region"] for c in data.candidates}
        assert len(regions) >= 6
        assert "onbekend" not in regions
