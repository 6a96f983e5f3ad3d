"""The occupation inference's shipped tables: they fit the shipped data, and a glossary
change recomputes their skill part in the process."""

from __future__ import annotations

import numpy as np

from matching.inference_tables import (
    compile_tables,
    inference_tables,
    shipped_tables,
    tables_fingerprint,
    write_tables,
)
from matching.taxonomy import load_taxonomy
from matching.text import load_text_encoder


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray], keys: set[str]) -> None:
    for key in sorted(keys):
        assert a[key].dtype == b[key].dtype, key
        assert np.array_equal(a[key], b[key]), key


def test_the_shipped_tables_are_those_of_the_shipped_data() -> None:
    taxonomy = load_taxonomy.__wrapped__()  # a fresh copy: no glossary on it
    encoder = load_text_encoder()
    shipped = shipped_tables()
    fingerprint = tables_fingerprint(taxonomy, encoder)
    assert fingerprint
    assert str(shipped["fingerprint"]) == fingerprint
    fresh = compile_tables(taxonomy, encoder)
    assert set(shipped) == {*fresh, "fingerprint"}
    _same(fresh, shipped, set(fresh))
    assert inference_tables(taxonomy, encoder) is shipped


def test_a_glossary_recomputes_the_skill_part_only() -> None:
    taxonomy = load_taxonomy.__wrapped__()
    encoder = load_text_encoder()
    uri = next(s.uri for s in taxonomy.skills if not s.label_nl)
    taxonomy.set_glossary({uri: ("voedingswaarde van brood bepalen", ["broodkeuring"])})
    tables = inference_tables(taxonomy, encoder)
    shipped = shipped_tables()
    _same(tables, compile_tables(taxonomy, encoder), set(tables))
    occupation = {k for k in tables if k.startswith("occupation_")}
    _same(tables, shipped, occupation | {"word_stem"})
    assert not np.array_equal(tables["skill_label_words"], shipped["skill_label_words"])


def test_written_tables_read_back_and_rebuild_byte_identical(tmp_path) -> None:
    tables = {"a_lengths": np.array([2, 0, 1], dtype=np.uint8), "b": np.arange(5)}
    first, second = tmp_path / "1.npz", tmp_path / "2.npz"
    write_tables(first, tables, "abc")
    write_tables(second, tables, "abc")
    assert first.read_bytes() == second.read_bytes()
    with np.load(first, allow_pickle=False) as stored:
        assert str(stored["fingerprint"]) == "abc"
        _same({k: stored[k] for k in tables}, tables, set(tables))
