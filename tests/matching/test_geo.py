"""PC4 centroids and straight-line distances."""

import math

import numpy as np
import pytest

from matching.geo import haversine_km, load_postcodes


@pytest.fixture(scope="module")
def pc():
    return load_postcodes()


def test_postcode_table_has_all_areas(pc):
    assert len(pc) == 4082
    assert pc.exists("1187")
    assert not pc.exists("1234")  # dropped in normalisation


def test_get_gives_centroid_and_names(pc):
    assert pc.get("6211") == (50.8503, 5.6882, "Maastricht", "Maastricht")
    assert pc.get("0000") is None


def test_distance_is_symmetric_and_plausible(pc):
    d = pc.distance_km("1011", "6211")  # Amsterdam – Maastricht, about 178 km
    assert 170 < d < 185
    assert pc.distance_km("6211", "1011") == pytest.approx(d)
    assert pc.distance_km("1011", "1011") == 0.0


def test_distance_to_unknown_postcode_raises(pc):
    with pytest.raises(KeyError):
        pc.distance_km("1011", "1234")


def test_haversine_one_degree_of_latitude():
    assert float(haversine_km(52.0, 5.0, 53.0, 5.0)) == pytest.approx(
        math.radians(1) * 6371.0088
    )


def test_vectorised_distances_match_scalar(pc):
    codes = ["1011", "1187", "7811", "9561"]
    lat, lon = pc.coordinates(codes)
    vec = pc.distances_from("6211", lat, lon)
    assert np.allclose(vec, [pc.distance_km("6211", c) for c in codes])
