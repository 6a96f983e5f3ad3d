"""The folder that holds the shared candidate index: segment files, manifest and lock.

One folder per database (``MATCHING_INDEX_DIR``, default ``instance/matching-index``,
then a subfolder named after a hash of the database URL). In it:

* ``base-<random>.seg``: all matchable profiles, featurised (:mod:`matching.store`);
* ``delta-<random>.seg``: the profiles changed since, and which base rows they replace;
* ``candidates.json``: the manifest, naming the base and delta in force and the
  fingerprint of the profiles they were built from;
* ``candidates.lock``: held (``flock``) by the one worker that builds or updates.

Files are written to a temporary name and renamed into place, then the manifest is
replaced the same way: a worker reads the old state or the new one, never a mix, and a
crash leaves at most a stray temporary file. A segment file is never changed after it
is written; old ones are deleted once the manifest no longer names them (a process that
still maps one keeps its pages until it lets go).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import secrets
import shutil
import tempfile
import time
import weakref
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

MANIFEST = "candidates.json"
LOCK = "candidates.lock"
#: Stray temporary files older than this are a crashed writer's: removed.
STALE_TEMPORARY_SECONDS = 3600


@dataclass(frozen=True)
class Manifest:
    """What the folder holds now (``candidates.json``)."""

    #: Fingerprint of the profiles (and weights) the files reflect.
    token: str
    #: The day the pool was read for (consent, location and permits depend on it).
    as_of: str
    #: Fingerprint of the weights alone (an update must not mix two).
    weights: str
    #: Segment file names; ``base`` None when no profile was matchable.
    base: str | None
    delta: str | None = None
    #: Latest ``updated_at`` of the profiles (ISO) and (count, latest id) per child
    #: table when the files were written: what the next update compares against.
    seen_until: str | None = None
    child_stamps: dict[str, list[int]] = field(default_factory=dict)
    skipped: int = 0
    built_at: str = ""
    #: Fingerprint of the glossary the rows were featurised with (an update must not
    #: mix two; a manifest from before it was recorded has none and is rebuilt).
    glossary: str = ""

    def files(self) -> set[str]:
        return {name for name in (self.base, self.delta) if name}


class IndexFolder:
    """The index folder of one database, shared by every worker on this machine."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"IndexFolder({str(self.path)!r})"

    def file(self, name: str) -> Path:
        return self.path / name

    def new_name(self, kind: str) -> str:
        return f"{kind}-{int(time.time())}-{secrets.token_hex(4)}.seg"

    def read_manifest(self) -> Manifest | None:
        """The manifest in force, or None (no index yet, or an unreadable file)."""
        try:
            raw = json.loads(self.file(MANIFEST).read_text(encoding="utf-8"))
            return Manifest(**raw)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as exc:
            log.warning("unreadable matching index manifest (%s): rebuilt", exc)
            return None

    def write_manifest(self, manifest: Manifest) -> None:
        """Replace the manifest atomically (temporary file, then rename).

        Not flushed to disk (``fsync``): the folder is a cache. After a power cut a
        damaged manifest or segment fails the checks on reading and is rebuilt.
        """
        target = self.file(MANIFEST)
        temporary = target.with_name(f".{MANIFEST}.{secrets.token_hex(6)}.tmp")
        try:
            with open(temporary, "w", encoding="utf-8") as f:
                json.dump(asdict(manifest), f)
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's lock: one builder at a time across processes.

        An ``flock`` is released by the kernel when its holder dies, so a crashed
        worker never leaves the others waiting.
        """
        with open(self.file(LOCK), "a+b") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def sweep(self, keep: set[str]) -> None:
        """Delete segment files the manifest no longer names, and stale temporaries."""
        now = time.time()
        for path in self.path.iterdir():
            try:
                unused = path.suffix == ".seg" and path.name not in keep
                stale = (
                    path.name.endswith(".tmp")
                    and now - path.stat().st_mtime > STALE_TEMPORARY_SECONDS
                )
                if unused or stale:
                    path.unlink()
            except FileNotFoundError:
                continue


def _database_slug(url: str) -> str:
    """A short name for the database (its URL without the password, hashed)."""
    safe = make_url(url).render_as_string(hide_password=True)
    return hashlib.sha256(safe.encode("utf-8")).hexdigest()[:16]


def _in_memory(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (
        None,
        "",
        ":memory:",
    )


def folder_for(app: Flask) -> IndexFolder:
    """This app's index folder, created on first use.

    An in-memory SQLite database lives in one process only, so its index gets a
    private temporary folder (removed with the app); every other database gets
    ``MATCHING_INDEX_DIR``/<database> (default under the instance folder).
    """
    found = app.extensions.get("portal.matching_index_folder")
    if found is not None:
        return found
    url = str(app.config["SQLALCHEMY_DATABASE_URI"])
    configured = app.config.get("MATCHING_INDEX_DIR")
    if configured:
        path = Path(configured) / _database_slug(url)
    elif _in_memory(url):
        path = Path(tempfile.mkdtemp(prefix="werkbrug-index-"))
        weakref.finalize(app, shutil.rmtree, str(path), True)
    else:
        path = Path(app.instance_path) / "matching-index" / _database_slug(url)
    path.mkdir(parents=True, exist_ok=True)
    folder = IndexFolder(path)
    app.extensions["portal.matching_index_folder"] = folder
    return folder


def fingerprint(value: Any) -> str:
    """A stable hash of a key made of plain values (numbers, strings, dates)."""
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()[:32]
