"""Dutch 4-digit postcode (PC4) centroids and straight-line distances.

A candidate's travel limit is judged on the great-circle distance between the PC4
centroids of the reception centre and the workplace: coarse (a few km at worst, see
``matching/data/README.md``) but offline and explainable. Data: GeoNames, CC BY 4.0.
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
from collections.abc import Iterable
from importlib import resources
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

#: Mean Earth radius (IUGG), km.
EARTH_RADIUS_KM = 6371.0088
POSTCODES_FILE = "nl_pc4.csv.gz"

FloatArray = npt.NDArray[np.float64]


class PC4Point(NamedTuple):
    """Centroid and names of one PC4 area."""

    lat: float
    lon: float
    place: str
    municipality: str


def haversine_km(
    lat1: FloatArray | float,
    lon1: FloatArray | float,
    lat2: FloatArray | float,
    lon2: FloatArray | float,
) -> FloatArray:
    """Great-circle distance in km; NumPy-broadcasting over any of the arguments."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    return haversine_radians_km(
        p1, np.radians(lon1), np.cos(p1), p2, np.radians(lon2), np.cos(p2)
    )


def haversine_radians_km(
    lat1: FloatArray | float,
    lon1: FloatArray | float,
    cos_lat1: FloatArray | float,
    lat2: FloatArray | float,
    lon2: FloatArray | float,
    cos_lat2: FloatArray | float,
) -> FloatArray:
    """:func:`haversine_km` on radians with the cosines precomputed (the ranking's hot path)."""
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + cos_lat1 * cos_lat2 * np.sin((lon2 - lon1) / 2) ** 2
    )
    return np.asarray(
        2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), dtype=np.float64
    )


class PostcodeTable:
    """All PC4 centroids, with look-ups by postcode and vectorised coordinates."""

    def __init__(self, rows: Iterable[tuple[str, float, float, str, str]]) -> None:
        items = sorted(rows)
        self.codes: tuple[str, ...] = tuple(r[0] for r in items)
        self.lat: FloatArray = np.array([r[1] for r in items], dtype=np.float64)
        self.lon: FloatArray = np.array([r[2] for r in items], dtype=np.float64)
        self._places = [(r[3], r[4]) for r in items]
        self._index = {code: i for i, code in enumerate(self.codes)}

    def __len__(self) -> int:
        return len(self.codes)

    def exists(self, pc4: str) -> bool:
        """Whether ``pc4`` (four digits, as a string) is a known PC4 area."""
        return pc4 in self._index

    def index(self, pc4: str) -> int:
        """Row of ``pc4`` in the coordinate arrays; KeyError if unknown."""
        try:
            return self._index[pc4]
        except KeyError:
            raise KeyError(f"unknown PC4 postcode: {pc4!r}") from None

    def get(self, pc4: str) -> PC4Point | None:
        """(lat, lon, place, municipality) of ``pc4``, or None if unknown."""
        i = self._index.get(pc4)
        if i is None:
            return None
        place, municipality = self._places[i]
        return PC4Point(float(self.lat[i]), float(self.lon[i]), place, municipality)

    def distance_km(self, a: str, b: str) -> float:
        """Straight-line distance between two PC4 centroids; KeyError if either is unknown."""
        i, j = self.index(a), self.index(b)
        return float(haversine_km(self.lat[i], self.lon[i], self.lat[j], self.lon[j]))

    def coordinates(self, pc4s: Iterable[str]) -> tuple[FloatArray, FloatArray]:
        """(lat, lon) arrays for many postcodes at once; KeyError on an unknown one."""
        rows = np.fromiter((self.index(p) for p in pc4s), dtype=np.intp)
        return self.lat[rows], self.lon[rows]

    def distances_from(self, pc4: str, lat: FloatArray, lon: FloatArray) -> FloatArray:
        """Distances in km from ``pc4`` to each (lat, lon) pair."""
        i = self.index(pc4)
        return haversine_km(self.lat[i], self.lon[i], lat, lon)


def _parse(raw: bytes) -> list[tuple[str, float, float, str, str]]:
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    return [
        (r["pc4"], float(r["lat"]), float(r["lon"]), r["place"], r["municipality"])
        for r in reader
    ]


@functools.cache
def load_postcodes() -> PostcodeTable:
    """The process-wide PC4 table, loaded once from ``matching/data``."""
    raw = resources.files("matching").joinpath("data", POSTCODES_FILE).read_bytes()
    return PostcodeTable(_parse(gzip.decompress(raw)))


#: Municipality → province (``scripts/build_provinces.py``, from the same GeoNames data).
PROVINCES_FILE = "nl_municipality_province.csv"


@functools.cache
def load_provinces() -> dict[str, str]:
    """Municipality name (as in the PC4 table) → province (Dutch name)."""
    raw = resources.files("matching").joinpath("data", PROVINCES_FILE).read_bytes()
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    return {r["municipality"]: r["province"] for r in reader}


def province(pc4: str) -> str | None:
    """The province of a PC4 area (through its municipality); None if unknown."""
    point = load_postcodes().get(pc4)
    return load_provinces().get(point.municipality) if point else None
