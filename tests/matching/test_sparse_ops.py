"""The sparse helpers agree with their plain definitions."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from matching.sparse_ops import row_max_product


def _by_definition(credits: sp.csr_matrix, indicator: sp.csr_matrix) -> np.ndarray:
    c, m = credits.toarray(), indicator.toarray()
    return (c[:, :, None] * m[None, :, :]).max(axis=1)


@pytest.mark.parametrize("seed", range(12))
def test_row_max_product_is_the_row_maximum(seed: int) -> None:
    rng = np.random.default_rng(seed)
    # Up to ~110 credits in a row: more than one block of ranks (48).
    credits = sp.random(
        30, 120, density=rng.uniform(0.02, 0.9), random_state=seed, format="csr"
    )
    credits.data = np.round(credits.data, 2)  # ties between credits too
    indicator = sp.random(120, 40, density=0.15, random_state=seed + 50, format="csr")
    indicator.data[:] = 1.0
    got = row_max_product(credits, indicator)
    assert np.array_equal(got.toarray(), _by_definition(credits, indicator))


def test_row_max_product_with_weights_other_than_one() -> None:
    credits = sp.csr_matrix(np.array([[0.5, 0.2, 0.0], [0.0, 0.0, 0.9]]))
    indicator = sp.csr_matrix(np.array([[1.0, 0.5], [2.0, 0.0], [0.0, 3.0]]))
    got = row_max_product(credits, indicator)
    assert np.allclose(got.toarray(), _by_definition(credits, indicator))
