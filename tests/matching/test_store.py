"""Segment files: mapped read-only without copies, written atomically, damage detected."""

from __future__ import annotations

import dataclasses
import os
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from matching.evalset import synthetic_population
from matching.index import CandidateIndex
from matching.segments import Segment
from matching.store import (
    CorruptFile,
    read_arrays,
    read_segment,
    write_arrays,
    write_segment,
)

AS_OF = date(2026, 1, 15)


@pytest.fixture(scope="module")
def population():
    candidates, vacancies = synthetic_population(400, 8, seed=21)
    # A few people move before most start dates: their moves go into the file too.
    target = vacancies[0].pc4
    candidates = [
        dataclasses.replace(c, relocations=((AS_OF + timedelta(days=3), target),))
        if i % 7 == 0
        else c
        for i, c in enumerate(candidates)
    ]
    return candidates, vacancies


def test_a_mapped_segment_ranks_and_explains_like_the_fitted_one(
    tmp_path, population
) -> None:
    candidates, vacancies = population
    fitted = CandidateIndex().fit(candidates, keys=range(1000, 1000 + len(candidates)))
    path = tmp_path / "base.seg"
    write_segment(path, fitted.segments_[0], {"note": "x"}, extra={"n": np.arange(3)})

    segment, meta, extra = read_segment(path)
    mapped = CandidateIndex.from_segments([segment])

    assert meta == {"note": "x"}
    assert extra["n"].tolist() == [0, 1, 2]
    listed = 0
    for vacancy in vacancies:
        got = mapped.rank(vacancy, top=10, as_of=AS_OF)
        assert got == fitted.rank(vacancy, top=10, as_of=AS_OF)
        listed += len(got)
    assert listed > 0
    ref = candidates[14].ref
    assert mapped.explain(vacancies[1], ref, AS_OF) == fitted.explain(
        vacancies[1], ref, AS_OF
    )
    assert mapped.key(ref) == 1014
    assert list(mapped.refs()) == [c.ref for c in candidates]


def test_mapped_arrays_are_read_only_views_of_one_file(tmp_path, population) -> None:
    candidates, _ = population
    path = tmp_path / "base.seg"
    write_segment(path, CandidateIndex().fit(candidates).segments_[0])
    segment, _, _ = read_segment(path)
    cf = segment.features
    matrices = [cf.structured, cf.text, cf.structured_csc, cf.text_csc]
    arrays = [m.data for m in matrices] + [m.indices for m in matrices] + [cf.lat]
    arrays += list(cf.radians)
    for array in arrays:
        assert not array.flags.writeable  # a copy would be writeable
        base = array
        while isinstance(base, np.ndarray) and base.base is not None:
            base = base.base
        if isinstance(base, memoryview):
            base = base.obj
        assert type(base).__name__ == "mmap"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path, monkeypatch
) -> None:
    path = tmp_path / "x.seg"
    write_arrays(path, {"a": np.arange(5)}, {"v": 1})

    def crash(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError, match="disk full"):
        write_arrays(path, {"a": np.arange(1_000_000)}, {"v": 2})
    monkeypatch.undo()

    meta, arrays = read_arrays(path)
    assert meta == {"v": 1}
    assert arrays["a"].tolist() == [0, 1, 2, 3, 4]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.seg"]


@pytest.mark.parametrize("damage", ["truncated", "extended", "foreign", "empty"])
def test_a_damaged_file_is_refused(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "x.seg"
    write_arrays(path, {"a": np.arange(100, dtype=np.int64)}, {})
    raw = path.read_bytes()
    changed = {
        "truncated": raw[: len(raw) - 100],
        "extended": raw + b"\0" * 64,
        "foreign": b"PK\x03\x04" + raw[4:],
        "empty": b"",
    }[damage]
    path.write_bytes(changed)
    with pytest.raises(CorruptFile):
        read_arrays(path)


def test_an_update_masks_old_rows_and_featurises_only_the_changed(population) -> None:
    candidates, vacancies = population
    index = CandidateIndex().fit(candidates[:300])
    base = index.segments_[0]
    changed = dataclasses.replace(candidates[0], hours_per_week=8.0)
    index.update([changed, *candidates[300:310]], remove=[candidates[1].ref])

    first, second = index.segments_
    assert first.features is base.features  # the base rows are not rewritten
    assert first.alive is not None
    assert (~first.alive).sum() == 2
    assert len(second) == 11  # the changed profile and the ten new ones

    expected = [changed, *candidates[2:310]]
    fresh = CandidateIndex().fit(expected)
    for vacancy in vacancies:
        assert index.rank(vacancy, top=15, as_of=AS_OF) == fresh.rank(
            vacancy, top=15, as_of=AS_OF
        )
    # A second update rewrites the small segment only, and compacting changes nothing.
    index.update([dataclasses.replace(changed, hours_per_week=20.0)])
    assert len(index.segments_) == 2
    assert index.segments_[0].features is base.features
    assert len(index.segments_[1]) == 11
    ranked = [index.rank(v, top=15, as_of=AS_OF) for v in vacancies]
    index.compact()
    assert len(index.segments_) == 1
    assert index.segments_[0].alive is None
    assert [index.rank(v, top=15, as_of=AS_OF) for v in vacancies] == ranked


def test_a_segment_round_trips_its_mask(tmp_path, population) -> None:
    candidates, _vacancies = population
    index = CandidateIndex().fit(candidates)
    masked = index.segments_[0].masked(np.array([0, 5, 9]))
    write_segment(tmp_path / "m.seg", masked)
    segment, _, _ = read_segment(tmp_path / "m.seg")
    assert len(segment) == len(candidates) - 3
    assert isinstance(segment, Segment)
    assert segment.row(candidates[5].ref) is None


def test_a_fitted_index_has_the_sorted_rows_a_mapped_one_has(population) -> None:
    """Explanations look values up by binary search in a row of the inferred credits.

    Read back from a file the rows are sorted; the fitted ones came out of a sparse
    product unsorted, so one pair's reason could name "summary" in a worker that fitted
    the index and "skills" in one that mapped it.
    """
    candidates, _ = population
    inferred = CandidateIndex().fit(candidates).segments_[0].features.inferred
    for name in ("by_skills", "by_text", "mentioned_skills"):
        matrix = getattr(inferred, name)
        for row in range(matrix.shape[0]):
            columns = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
            assert np.all(np.diff(columns) > 0), (name, row)
