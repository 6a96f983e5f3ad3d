"""Index segments in files that several processes map read-only.

A feature set is only flat arrays (:mod:`matching.features`, :mod:`matching.ragged`),
so it is written once, as one file, and every worker process maps the same file: the
pages sit once in the operating system's page cache, however many workers rank on it
(their proportional memory, PSS, is shared, not multiplied), and opening it costs
milliseconds instead of a featurisation.

File layout (little-endian)::

    magic "WBSEG\\x00\\x01\\n" | uint64 header length | header (JSON, UTF-8)
    | padding | arrays, each aligned to 64 bytes | magic again

The header names each array (dtype, shape, offset) and carries the caller's metadata.
:func:`write_arrays` writes to a temporary file in the same folder (flushed to disk
unless the caller keeps only a cache) and then renames it over the target
(``os.replace``): a reader sees the old file or the new one, never half of one. :func:`read_arrays` checks the magic at both ends and the
size, so a truncated or foreign file raises :class:`CorruptFile` instead of ranking on
garbage.
"""

from __future__ import annotations

import json
import mmap
import os
import secrets
import struct
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from matching.features import CandidateFeatures
from matching.inference import Inferred
from matching.ragged import ClauseTable, RefTable, Relocations
from matching.segments import Segment

MAGIC = b"WBSEG\x00\x01\n"
ALIGN = 64
_LENGTH = struct.Struct("<Q")


class CorruptFile(ValueError):
    """A segment file that is truncated, foreign or of another format version."""


def _aligned(n: int) -> int:
    return -(-n // ALIGN) * ALIGN


def write_arrays(
    path: Path | str,
    arrays: Mapping[str, np.ndarray],
    meta: Mapping[str, Any],
    *,
    durable: bool = True,
) -> None:
    """Write ``arrays`` and JSON ``meta`` to ``path`` atomically (temp file + rename).

    ``durable`` also flushes the file and the rename to disk (``fsync``, about 10 ms
    each here) so that they survive a power cut; a cache that is checked on reading
    and rebuilt when damaged can do without.
    """
    path = Path(path)
    table: dict[str, dict[str, Any]] = {}
    offset = 0
    plain: dict[str, np.ndarray] = {}
    for name, array in arrays.items():
        array = np.ascontiguousarray(array)
        if array.dtype.hasobject:
            raise TypeError(f"array {name!r} holds Python objects")
        plain[name] = array
        table[name] = {
            "dtype": array.dtype.newbyteorder("<").str,
            "shape": list(array.shape),
            "offset": offset,
        }
        offset = _aligned(offset + array.nbytes)
    header = json.dumps(
        {"format": 1, "meta": dict(meta), "arrays": table, "data_size": offset}
    ).encode("utf-8")
    start = _aligned(len(MAGIC) + _LENGTH.size + len(header))
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(temporary, "wb") as f:
            f.write(MAGIC + _LENGTH.pack(len(header)) + header)
            f.write(b"\0" * (start - f.tell()))
            for name, array in plain.items():
                f.seek(start + table[name]["offset"])
                f.write(array.astype(table[name]["dtype"], copy=False).tobytes())
            f.seek(start + offset)
            f.write(MAGIC)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the platform allows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_arrays(path: Path | str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(meta, arrays) of a file written by :func:`write_arrays`, mapped read-only.

    The arrays are views of one shared, read-only memory map: nothing is copied.
    """
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size < len(MAGIC) + _LENGTH.size:
            raise CorruptFile(f"{path}: too short")
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    head = len(MAGIC) + _LENGTH.size
    if mapped[: len(MAGIC)] != MAGIC:
        raise CorruptFile(f"{path}: not a segment file")
    (length,) = _LENGTH.unpack(mapped[len(MAGIC) : head])
    if head + length > size:
        raise CorruptFile(f"{path}: truncated header")
    try:
        header = json.loads(bytes(mapped[head : head + length]))
    except ValueError:
        raise CorruptFile(f"{path}: unreadable header") from None
    if header.get("format") != 1:
        raise CorruptFile(f"{path}: format {header.get('format')!r}")
    start = _aligned(head + length)
    end = start + int(header["data_size"])
    if size != end + len(MAGIC) or mapped[end : end + len(MAGIC)] != MAGIC:
        raise CorruptFile(f"{path}: truncated or extended")
    arrays = {}
    for name, spec in header["arrays"].items():
        dtype = np.dtype(spec["dtype"])
        shape = tuple(spec["shape"])
        count = int(np.prod(shape, dtype=np.int64))
        arrays[name] = np.frombuffer(
            mapped, dtype=dtype, count=count, offset=start + int(spec["offset"])
        ).reshape(shape)
    return header["meta"], arrays


# -- segments ---------------------------------------------------------------------------
_MATRICES = ("structured", "text", "by_skills", "by_text", "mentioned_skills")


def _matrix_arrays(name: str, matrix: sp.spmatrix) -> dict[str, np.ndarray]:
    matrix.sort_indices()
    return {
        f"{name}.data": matrix.data,
        f"{name}.indices": matrix.indices,
        f"{name}.indptr": matrix.indptr,
        f"{name}.shape": np.asarray(matrix.shape, dtype=np.int64),
    }


def _matrix(arrays: Mapping[str, np.ndarray], name: str, kind: type) -> Any:
    shape = tuple(int(x) for x in arrays[f"{name}.shape"])
    matrix = kind(
        (arrays[f"{name}.data"], arrays[f"{name}.indices"], arrays[f"{name}.indptr"]),
        shape=shape,
        copy=False,
    )
    # Written sorted and without duplicates: say so, so SciPy never tries to fix
    # them in place (the arrays are read-only).
    matrix.has_sorted_indices = True
    matrix.has_canonical_format = True
    return matrix


def segment_arrays(segment: Segment) -> dict[str, np.ndarray]:
    """Every array of a segment (with its CSC copies and radians precomputed)."""
    cf = segment.features
    out: dict[str, np.ndarray] = {
        "refs.data": cf.refs.data,
        "refs.offsets": cf.refs.offsets,
        "refs.order": cf.refs.order,
        "refs.rank": cf.refs.rank,
    }
    matrices = {
        "structured": cf.structured,
        "text": cf.text,
        "by_skills": cf.inferred.by_skills,
        "by_text": cf.inferred.by_text,
        "mentioned_skills": cf.inferred.mentioned_skills,
    }
    for name, matrix in matrices.items():
        out.update(_matrix_arrays(name, sp.csr_matrix(matrix)))
    out.update(_matrix_arrays("structured_csc", cf.structured_csc))
    out.update(_matrix_arrays("text_csc", cf.text_csc))
    lat, lon, cos = cf.radians
    out.update({"radians.lat": lat, "radians.lon": lon, "radians.cos": cos})
    for name in (
        "lat",
        "lon",
        "max_km",
        "hours",
        "available_from",
        "earliest_work",
        "w_valid_until",
        "consent",
        "text_only",
        "asylum_applied",
        "accelerated",
        "permit_from",
    ):
        out[name] = getattr(cf, name)
    for code, levels in cf.languages.items():
        out[f"language.{code}"] = levels
    clauses = cf.inferred.clauses
    out.update(
        {
            "clauses.stems": clauses.stems,
            "clauses.clause_ptr": clauses.clause_ptr,
            "clauses.row_ptr": clauses.row_ptr,
        }
    )
    moves = cf.relocations
    out.update(
        {
            "moves.row": moves.row,
            "moves.day": moves.day,
            "moves.lat": moves.lat,
            "moves.lon": moves.lon,
        }
    )
    if segment.alive is not None:
        out["alive"] = segment.alive
    if segment.keys is not None:
        out["keys"] = segment.keys
    return out


def segment_from_arrays(arrays: Mapping[str, np.ndarray]) -> Segment:
    """The segment :func:`segment_arrays` wrote, on the given (mapped) arrays."""
    refs = RefTable(arrays["refs.data"], arrays["refs.offsets"], arrays["refs.order"])
    refs._rank = arrays["refs.rank"]
    csr = {name: _matrix(arrays, name, sp.csr_matrix) for name in _MATRICES}
    cf = CandidateFeatures(
        refs=refs,
        structured=csr["structured"],
        text=csr["text"],
        lat=arrays["lat"],
        lon=arrays["lon"],
        max_km=arrays["max_km"],
        hours=arrays["hours"],
        available_from=arrays["available_from"],
        earliest_work=arrays["earliest_work"],
        w_valid_until=arrays["w_valid_until"],
        consent=arrays["consent"],
        text_only=arrays["text_only"],
        languages={
            name.split(".", 1)[1]: levels
            for name, levels in arrays.items()
            if name.startswith("language.")
        },
        inferred=Inferred(
            csr["by_skills"],
            csr["by_text"],
            csr["mentioned_skills"],
            ClauseTable(
                arrays["clauses.stems"],
                arrays["clauses.clause_ptr"],
                arrays["clauses.row_ptr"],
            ),
        ),
        asylum_applied=arrays["asylum_applied"],
        accelerated=arrays["accelerated"],
        permit_from=arrays["permit_from"],
        relocations=Relocations(
            arrays["moves.row"],
            arrays["moves.day"],
            arrays["moves.lat"],
            arrays["moves.lon"],
        ),
    )
    # The cached properties, precomputed in the file (never per process).
    cf.__dict__["structured_csc"] = _matrix(arrays, "structured_csc", sp.csc_matrix)
    cf.__dict__["text_csc"] = _matrix(arrays, "text_csc", sp.csc_matrix)
    cf.__dict__["radians"] = (
        arrays["radians.lat"],
        arrays["radians.lon"],
        arrays["radians.cos"],
    )
    return Segment(cf, arrays.get("alive"), arrays.get("keys"))


def write_segment(
    path: Path | str,
    segment: Segment,
    meta: Mapping[str, Any] | None = None,
    extra: Mapping[str, np.ndarray] | None = None,
    *,
    durable: bool = True,
) -> None:
    """Write one segment to ``path`` atomically (see :func:`write_arrays`).

    ``extra`` arrays (the caller's, e.g. rows masked in another segment) are stored
    alongside and returned by :func:`read_segment`.
    """
    arrays = segment_arrays(segment)
    arrays.update({f"extra.{name}": a for name, a in (extra or {}).items()})
    write_arrays(path, arrays, meta or {}, durable=durable)


def read_segment(
    path: Path | str,
) -> tuple[Segment, dict[str, Any], dict[str, np.ndarray]]:
    """(segment, meta, extra arrays) of a :func:`write_segment` file, mapped read-only."""
    meta, arrays = read_arrays(path)
    extra = {
        name.split(".", 1)[1]: a
        for name, a in arrays.items()
        if name.startswith("extra.")
    }
    try:
        return segment_from_arrays(arrays), meta, extra
    except (KeyError, ValueError) as exc:
        raise CorruptFile(f"{path}: {exc}") from None
