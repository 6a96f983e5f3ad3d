"""The candidate index in shared files: built once, mapped by every worker, updated by a delta.

Two app instances on one database and one index folder stand for two gunicorn workers
(and one test runs a second process). On SQLite the database is a file here, so that
both instances (and the child process) see the same rows.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete

from matching import features as match_features
from portal.extensions import db
from portal.models import CandidateProfile, User
from portal.services.candidates import base, relocations
from portal.services.candidates import profiles as candidates
from portal.services.matches import index as index_service
from portal.services.matches import index_build, index_state
from portal.services.matches import ranking as matching_service
from portal.services.matches.index_files import MANIFEST, Manifest, folder_for
from portal.services.matches.index_versions import STAMPED, child_table_stamps
from tests.conftest import make_app
from tests.fixtures.actors import create_employer
from tests.fixtures.matches import (
    PC4_AMSTELVEEN,
    PC4_GRONINGEN,
    create_match_profile,
    create_match_vacancy,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared(tmp_path, database_url) -> dict[str, str]:
    """Settings of two 'workers': one database, one index folder."""
    url = database_url or f"sqlite:///{tmp_path / 'shared.sqlite'}"
    return {"url": url, "index_dir": str(tmp_path / "index")}


@pytest.fixture
def worker_a(shared) -> Iterator[Flask]:
    yield from make_app(shared["url"], MATCHING_INDEX_DIR=shared["index_dir"])


@pytest.fixture
def worker_b(shared, worker_a) -> Iterator[Flask]:
    yield from make_app(shared["url"], MATCHING_INDEX_DIR=shared["index_dir"])


def _world(app: Flask) -> dict[str, int]:
    with app.app_context():
        employer = create_employer()
        vacancy = create_match_vacancy(employer)
        near = create_match_profile(hours_per_week=32)
        others = [create_match_profile() for _ in range(3)]
        db.session.commit()
        return {"vacancy": vacancy.id, "near": near.id, "n": 1 + len(others)}


def _ranked(app: Flask, vacancy_id: int, **kw) -> list[tuple[str, float]]:
    from portal.models import Vacancy

    with app.test_request_context():
        vacancy = db.session.get(Vacancy, vacancy_id)
        result = matching_service.rank_candidates(vacancy, **kw)
        return [(s.candidate_ref, s.score) for s in result.items]


def _hours(app: Flask, vacancy_id: int) -> dict[int, float]:
    from portal.models import Vacancy

    with app.test_request_context():
        vacancy = db.session.get(Vacancy, vacancy_id)
        return {
            s.candidate_id: r.params["hours"]
            for s in matching_service.rank_candidates(vacancy).items
            for r in s.reasons
            if r.code == "hours_fit"
        }


def _cache(app: Flask) -> index_state.IndexCache:
    return app.extensions["portal.matching_index"]


def _manifest(app: Flask) -> dict:
    with app.app_context():
        folder = folder_for(app)
    return json.loads((folder.path / MANIFEST).read_text())


def _segment_files(app: Flask) -> list[str]:
    with app.app_context():
        folder = folder_for(app)
    return sorted(p.name for p in folder.path.iterdir() if p.suffix == ".seg")


def _change_hours(app: Flask, profile_id: int, hours: int) -> None:
    with app.app_context():
        profile = db.session.get(CandidateProfile, profile_id)
        base.touch(profile)
        profile.hours_per_week = hours
        db.session.commit()


def test_two_workers_share_one_index_file_and_both_see_an_update(
    worker_a, worker_b
) -> None:
    world = _world(worker_a)
    first = _ranked(worker_a, world["vacancy"])
    assert len(first) == world["n"]
    assert (_cache(worker_a).builds["candidates"], _cache(worker_a).loads) == (1, 0)

    # The second worker maps what the first built: no build of its own.
    assert _ranked(worker_b, world["vacancy"]) == first
    assert (_cache(worker_b).builds["candidates"], _cache(worker_b).loads) == (0, 1)
    base_file = _manifest(worker_a)["base"]
    seg_a = _cache(worker_a).mapped[base_file][0].features.structured_csc.data
    seg_b = _cache(worker_b).mapped[base_file][0].features.structured_csc.data
    assert not seg_a.flags.writeable
    assert not seg_b.flags.writeable

    # A profile changes; whichever worker asks first writes the update ...
    _change_hours(worker_a, world["near"], 20)
    assert _hours(worker_b, world["vacancy"])[world["near"]] == 20
    assert _cache(worker_b).updates == 1
    assert _cache(worker_b).builds["candidates"] == 0
    # ... and the other maps it: the change without featurising anything itself.
    assert _hours(worker_a, world["vacancy"])[world["near"]] == 20
    assert (_cache(worker_a).builds["candidates"], _cache(worker_a).updates) == (1, 0)
    assert _cache(worker_a).loads == 1
    manifest = _manifest(worker_a)
    assert manifest["base"] == base_file  # the base file was not rewritten
    assert manifest["delta"] is not None
    assert _segment_files(worker_a) == sorted([base_file, manifest["delta"]])


def test_a_profile_change_is_featurised_alone_into_a_delta(
    app_ctx, monkeypatch
) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    changed = create_match_profile()
    pool = [changed] + [create_match_profile() for _ in range(5)]
    matching_service.rank_candidates(vacancy)
    before = _manifest(app_ctx)

    featurised: list[int] = []
    build = match_features.CandidateFeatures.build.__func__  # type: ignore[attr-defined]

    def counting(cls, rows, weights):
        featurised.append(len(rows))
        return build(cls, rows, weights)

    monkeypatch.setattr(
        match_features.CandidateFeatures, "build", classmethod(counting)
    )
    base.touch(changed)
    changed.hours_per_week = 16
    db.session.flush()
    result = matching_service.rank_candidates(vacancy)

    assert featurised == [1]  # the changed profile, nobody else
    after = _manifest(app_ctx)
    assert after["base"] == before["base"]
    assert after["delta"] is not None
    cache = index_state.index_cache()
    assert (cache.builds["candidates"], cache.updates) == (1, 1)
    index = index_service.candidate_index().index
    assert [len(s) for s in index.segments_] == [len(pool) - 1, 1]
    hours = {
        s.candidate_ref: r.params["hours"]
        for s in result.items
        for r in s.reasons
        if r.code == "hours_fit"
    }
    assert hours[changed.ref] == 16
    assert len(hours) == len(pool)


def test_a_deleted_profile_leaves_and_a_new_one_joins(app_ctx) -> None:
    """One profile purged, one added (the same count): the rankings follow both."""
    vacancy = create_match_vacancy(create_employer())
    pool = [create_match_profile() for _ in range(4)]
    assert len(matching_service.rank_candidates(vacancy).items) == len(pool)

    gone = pool[1]
    for model in STAMPED:  # the profile's rows, then the profile (as a database purge)
        db.session.execute(delete(model).where(model.profile_id == gone.id))
    db.session.execute(delete(CandidateProfile).where(CandidateProfile.id == gone.id))
    newcomer = create_match_profile()
    db.session.flush()
    refs = {s.candidate_ref for s in matching_service.rank_candidates(vacancy).items}

    assert refs == {p.ref for p in pool if p is not gone} | {newcomer.ref}


def test_an_update_asks_which_profiles_were_deleted_only_when_some_were(
    app_ctx,
) -> None:
    """The profiles' (count, latest id) stamp tells; looking up every id costs."""
    bare = create_match_profile(
        consent=False, occupations=(), languages={}
    )  # no rows of its own
    create_match_profile()
    db.session.flush()
    manifest = Manifest(
        token="t",
        as_of="2026-01-01",
        weights="w",
        base=None,
        child_stamps={k: list(v) for k, v in child_table_stamps().items()},
    )
    create_match_profile()  # added since: not a deletion
    db.session.flush()
    assert not index_build._profiles_deleted(manifest, child_table_stamps())

    db.session.execute(delete(CandidateProfile).where(CandidateProfile.id == bare.id))
    assert index_build._profiles_deleted(manifest, child_table_stamps())

    older = dataclasses.replace(manifest, child_stamps={})  # written before the stamp
    assert index_build._profiles_deleted(older, child_table_stamps())


def test_a_relocation_is_honoured_inside_the_one_index(
    app_ctx, matchmaker, monkeypatch
) -> None:
    by = db.session.get(User, matchmaker.id)
    employer = create_employer()
    soon = create_match_vacancy(employer, start_in_days=10)
    later = create_match_vacancy(employer, start_in_days=60)
    mover = create_match_profile(pc4=PC4_GRONINGEN)
    stays = create_match_profile(pc4=PC4_AMSTELVEEN)
    relocations.record_relocation(
        mover,
        moved_on=candidates.local_today() + timedelta(days=30),
        reception_centre="AZC Amstelveen",
        pc4=PC4_AMSTELVEEN,
        by=by,
    )
    db.session.flush()
    index_service.candidate_index()  # built once, movers included

    fits: list[int] = []
    build = match_features.CandidateFeatures.build.__func__  # type: ignore[attr-defined]

    def counting(cls, rows, weights):
        fits.append(len(rows))
        return build(cls, rows, weights)

    monkeypatch.setattr(
        match_features.CandidateFeatures, "build", classmethod(counting)
    )
    refs_soon = [s.candidate_ref for s in matching_service.rank_candidates(soon).items]
    refs_later = [
        s.candidate_ref for s in matching_service.rank_candidates(later).items
    ]

    assert refs_soon == [stays.ref]
    assert sorted(refs_later) == sorted([stays.ref, mover.ref])
    assert fits == []  # no candidate featurised per request: no second index
    assert len(index_service.candidate_index().index.segments_) == 1


def test_a_crash_while_writing_leaves_the_index_in_force(app_ctx, monkeypatch) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    profile = create_match_profile()
    create_match_profile()
    matching_service.rank_candidates(vacancy)
    manifest = _manifest(app_ctx)
    files = _segment_files(app_ctx)

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("matching.store.os.replace", crash)  # dies before the rename
    base.touch(profile)
    profile.hours_per_week = 12
    db.session.flush()
    with pytest.raises(OSError, match="disk full"):
        matching_service.rank_candidates(vacancy)
    monkeypatch.undo()

    # Nothing half-written is in force, nothing temporary is left behind.
    assert _manifest(app_ctx) == manifest
    folder = folder_for(app_ctx)
    assert sorted(p.name for p in folder.path.iterdir() if p.suffix != ".lock") == (
        sorted([*files, MANIFEST])
    )
    # The next request writes the update properly.
    hours = _hours(app_ctx, vacancy.id)
    assert hours[profile.id] == 12


def test_a_damaged_index_file_is_rebuilt_not_used(app_ctx) -> None:
    employer = create_employer()
    vacancy = create_match_vacancy(employer)
    create_match_profile()
    expected = _ranked(app_ctx, vacancy.id)
    manifest = _manifest(app_ctx)
    path = folder_for(app_ctx).path / manifest["base"]
    path.write_bytes(path.read_bytes()[:-200])  # a truncated file
    cache = index_state.index_cache()
    cache.candidates = None  # as a worker that starts now
    cache.mapped.clear()

    assert _ranked(app_ctx, vacancy.id) == expected
    assert cache.builds["candidates"] == 2
    assert _manifest(app_ctx)["base"] != manifest["base"]


def test_workers_starting_together_build_once(worker_a, worker_b) -> None:
    world = _world(worker_a)
    barrier = threading.Barrier(2)
    results: dict[str, list] = {}

    def run(name: str, app: Flask) -> None:
        barrier.wait()
        results[name] = _ranked(app, world["vacancy"])

    threads = [
        threading.Thread(target=run, args=("a", worker_a)),
        threading.Thread(target=run, args=("b", worker_b)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results["a"] == results["b"]
    assert len(results["a"]) == world["n"]
    builds = [_cache(app).builds["candidates"] for app in (worker_a, worker_b)]
    loads = [_cache(app).loads for app in (worker_a, worker_b)]
    assert sorted(builds) == [0, 1]
    assert sorted(loads) == [0, 1]


CHILD = """
import json, sys
from portal import create_app
from portal.extensions import db
from portal.models import Vacancy
from portal.services.matches import ranking
app = create_app(json.loads(sys.argv[1]))
for _ in sys.stdin:
    with app.test_request_context():
        result = ranking.rank_candidates(db.session.get(Vacancy, int(sys.argv[2])))
        cache = app.extensions["portal.matching_index"]
        maps = open("/proc/self/maps").read()
        print(json.dumps({
            "hours": {s.candidate_id: r.params["hours"] for s in result.items
                      for r in s.reasons if r.code == "hours_fit"},
            "builds": cache.builds["candidates"], "updates": cache.updates,
            "loads": cache.loads,
            "mapped": sorted(n for n in cache.mapped if n in maps),
        }), flush=True)
"""


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc (Linux)")
def test_another_process_maps_the_same_file_and_sees_the_update(
    shared, worker_a
) -> None:
    world = _world(worker_a)
    _ranked(worker_a, world["vacancy"])
    config = {
        "TESTING": True,
        "WERKBRUG_ENV": "development",
        "SECRET_KEY": "x",
        "SQLALCHEMY_DATABASE_URI": shared["url"],
        "MATCHING_INDEX_DIR": shared["index_dir"],
        "SERVER_NAME": "localhost",
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(config), str(world["vacancy"])],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    try:

        def ask() -> dict:
            child.stdin.write("go\n")
            child.stdin.flush()
            return json.loads(child.stdout.readline())

        first = ask()
        assert (first["builds"], first["loads"]) == (0, 1)
        assert first["mapped"] == [_manifest(worker_a)["base"]]  # in its memory map
        assert first["hours"][str(world["near"])] == 32

        _change_hours(worker_a, world["near"], 24)
        _ranked(worker_a, world["vacancy"])  # this worker writes the delta
        assert _cache(worker_a).updates == 1

        second = ask()
        assert second["hours"][str(world["near"])] == 24
        assert (second["builds"], second["updates"], second["loads"]) == (0, 0, 2)
        manifest = _manifest(worker_a)
        assert second["mapped"] == sorted([manifest["base"], manifest["delta"]])
    finally:
        child.stdin.close()
        child.wait(timeout=60)
        child.stdout.close()


def test_the_cron_command_builds_the_day_s_index_once(app) -> None:
    with app.app_context():
        create_match_profile()
        db.session.commit()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["matching", "index"])
    second = runner.invoke(args=["matching", "index"])
    assert first.exit_code == 0, first.output
    assert "gebouwd: 1 profielen" in first.output
    assert "al actueel: 1 profielen" in second.output
