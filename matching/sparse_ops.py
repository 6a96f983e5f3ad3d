"""Sparse-matrix helpers of the occupation inference: group maxima and pruned products.

Plain SciPy/NumPy, no knowledge of ESCO: :mod:`matching.inference` and
:mod:`matching.candidate_rows` use them to take maxima over groups of columns (labels
of one occupation, occupations of one ISCO group) and to compare clauses with labels
without pairing every clause with every label that shares a common word.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def best_per_group(
    matrix: sp.csr_matrix, owner: np.ndarray, n_owners: int
) -> sp.csr_matrix:
    """Per row, the maximum over the columns of each group (``owner[column]``)."""
    coo = matrix.tocoo()
    if coo.nnz == 0:
        return sp.csr_matrix((matrix.shape[0], n_owners))
    keys = coo.row.astype(np.int64) * n_owners + owner[coo.col]
    order = np.argsort(keys, kind="stable")
    keys, data = keys[order], coo.data[order]
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    rows, cols = np.divmod(keys[first], n_owners)
    return sp.csr_matrix(
        (np.maximum.reduceat(data, first), (rows, cols)),
        shape=(matrix.shape[0], n_owners),
    )


def row_max_product(credits: sp.csr_matrix, indicator: sp.csr_matrix) -> sp.csr_matrix:
    """Per row r and column j: max over k of ``credits[r, k] * indicator[k, j]``.

    For a 0/1 ``indicator`` (the only use: occupations × their essential skills) the
    maximum is found with sparse products in C instead of listing and sorting every
    (row, k, j) triple, which at 100,000 profiles are tens of millions: each row's
    credits are ranked, highest first, and a product with weights 2**-rank sums, per
    (r, j), distinct powers of two exactly; the highest bit of the sum is the best
    rank, whose credit is the maximum. Ranks go in blocks of ``_RANK_BLOCK`` (the
    sums stay exact in float64's 53 bits); the few rows with more credits than one
    block get their further blocks on their own and are merged with ``maximum``.
    """
    credits = sp.csr_matrix(credits)
    credits.sum_duplicates()
    indicator = sp.csr_matrix(indicator)
    if indicator.nnz and not np.all(indicator.data == 1.0):
        return _row_max_product_by_sorting(credits, indicator)
    n = credits.shape[0]
    counts = np.diff(credits.indptr)
    out = _ranked_maximum(credits, indicator, stop=_RANK_BLOCK)
    heavy = np.flatnonzero(counts > _RANK_BLOCK)
    if heavy.size:
        # The rows with more credits than one block: their further ranks, block by
        # block on those rows alone, then merged in one pass.
        extra = _ranked_maximum(
            credits[heavy], indicator, start=_RANK_BLOCK, stop=int(counts.max())
        )
        per_row = np.zeros(n, dtype=np.int64)
        per_row[heavy] = np.diff(extra.indptr)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(per_row, out=indptr[1:])
        placed = sp.csr_matrix((extra.data, extra.indices, indptr), shape=out.shape)
        out = out.maximum(placed).tocsr()
    return out


def _ranked_maximum(
    credits: sp.csr_matrix, indicator: sp.csr_matrix, *, stop: int, start: int = 0
) -> sp.csr_matrix:
    """:func:`row_max_product` over each row's credits ranked ``start`` to ``stop``."""
    n = credits.shape[0]
    counts = np.diff(credits.indptr)
    rows = np.repeat(np.arange(n, dtype=np.int64), counts)
    order = np.lexsort((-credits.data, rows))
    rank = np.arange(credits.nnz, dtype=np.int64) - np.repeat(
        credits.indptr[:-1].astype(np.int64), counts
    )
    values = credits.data[order]
    cols = credits.indices[order]
    indicator_t = indicator.T.tocsr()
    out = sp.csr_matrix((n, indicator.shape[1]))
    for first in range(start, stop, _RANK_BLOCK):
        taken = (rank >= first) & (rank < first + _RANK_BLOCK)
        weights = np.ldexp(1.0, -(rank[taken] - first))
        ranked = sp.csr_matrix(
            (weights, (rows[taken], cols[taken])), shape=credits.shape
        )
        product = _sorted_product(ranked, indicator_t)
        # x = m * 2**e with 0.5 <= m < 1: the highest bit is 2**(e - 1), so the best
        # rank is first + 1 - e (exact, no logarithm).
        _, exponent = np.frexp(product.data)
        at = np.repeat(
            credits.indptr[:-1].astype(np.int64) + (first + 1),
            np.diff(product.indptr).astype(np.int64),
        )
        at -= exponent
        layer = sp.csr_matrix(
            (values[at], product.indices, product.indptr), shape=product.shape
        )
        out = layer if first == start else out.maximum(layer).tocsr()
    return out


def _sorted_product(a: sp.csr_matrix, b_t: sp.csr_matrix) -> sp.csr_matrix:
    """``a @ b`` (``b_t`` = ``b`` transposed, as CSR) with every row's columns in
    order: the product is taken transposed and turned back, which places the
    entries in order as it goes (no sort of each row afterwards)."""
    return (b_t @ a.T.tocsr()).T.tocsr()


#: Ranks per product in :func:`row_max_product` (sums of up to this many distinct
#: powers of two are exact in float64).
_RANK_BLOCK = 48


def _row_max_product_by_sorting(
    credits: sp.csr_matrix, indicator: sp.csr_matrix
) -> sp.csr_matrix:
    """:func:`row_max_product` for any non-negative ``indicator``: list and sort."""
    coo = credits.tocoo()
    counts = np.diff(indicator.indptr)[coo.col]
    rows = np.repeat(coo.row, counts)
    vals = np.repeat(coo.data, counts)
    starts = np.repeat(indicator.indptr[coo.col], counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    pos = starts + offsets
    return max_coo(
        rows,
        indicator.indices[pos],
        vals * indicator.data[pos],
        credits.shape[0],
        indicator.shape[1],
    )


def anchors(labels: sp.csr_matrix, floor: float) -> sp.csr_matrix:
    """stems × labels 0/1: the heaviest stems of each label, enough that a text
    containing none of them cannot reach ``floor`` (their weights pass 1 − floor)."""
    coo = labels.tocoo()
    order = np.lexsort((-coo.data, coo.row))
    rows, cols, data = coo.row[order], coo.col[order], coo.data[order]
    running = np.cumsum(data)
    starts = np.r_[0, np.flatnonzero(rows[1:] != rows[:-1]) + 1]
    offset = np.repeat(
        running[starts] - data[starts], np.diff(np.r_[starts, rows.size])
    )
    before = running - data - offset
    keep = before < 1.0 - floor + 1e-12
    return sp.csr_matrix(
        (np.ones(int(keep.sum())), (cols[keep], rows[keep])),
        shape=(labels.shape[1], labels.shape[0]),
    )


def containment(
    clauses: sp.csr_matrix,
    labels: sp.csr_matrix,
    anchors_t: sp.csr_matrix,
    floor: float,
) -> sp.csr_matrix:
    """clauses × labels: the share of each label a clause contains, where ≥ ``floor``.

    Only pairs sharing an anchor stem are computed (see :func:`anchors`), so a common
    word does not pair every clause with thousands of labels.
    """
    candidates = (clauses @ anchors_t).tocoo()
    if candidates.nnz == 0:
        return sp.csr_matrix((clauses.shape[0], labels.shape[0]))
    shares = np.zeros(candidates.nnz)
    for start in range(0, candidates.nnz, 200_000):
        i = candidates.row[start : start + 200_000]
        j = candidates.col[start : start + 200_000]
        shares[start : start + i.size] = np.asarray(
            clauses[i].multiply(labels[j]).sum(axis=1)
        ).ravel()
    keep = shares >= floor
    return sp.csr_matrix(
        (shares[keep], (candidates.row[keep], candidates.col[keep])),
        shape=(clauses.shape[0], labels.shape[0]),
    )


def at_least(matrix: sp.spmatrix, floor: float) -> sp.csr_matrix:
    """``matrix`` without the entries below ``floor`` (before any sorting)."""
    out = sp.csr_matrix(matrix)
    out.data[out.data < floor] = 0.0
    out.eliminate_zeros()
    return out


def grouped_max(
    matrix: sp.spmatrix,
    row_owner: np.ndarray,
    col_owner: np.ndarray,
    n_rows: int,
    n_cols: int,
) -> sp.csr_matrix:
    """Maximum of ``matrix`` over groups of rows and groups of columns."""
    coo = sp.coo_matrix(matrix)
    return max_coo(row_owner[coo.row], col_owner[coo.col], coo.data, n_rows, n_cols)


def max_coo(
    rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n: int, m: int
) -> sp.csr_matrix:
    if rows.size == 0:
        return sp.csr_matrix((n, m))
    keys = rows.astype(np.int64) * m + cols
    order = np.argsort(keys, kind="stable")
    keys, vals = keys[order], vals[order]
    first = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    r, c = np.divmod(keys[first], m)
    return sp.csr_matrix((np.maximum.reduceat(vals, first), (r, c)), shape=(n, m))
