"""The exchange format's reader: what it accepts (minor versions, extra members) and refuses."""

from __future__ import annotations

import copy
import json

import pytest

from portal.services.evaluation.exchange import InvalidDocument, compare, parse

DOC = {
    "format": "werkbrug-evaluation",
    "version": "1.0",
    "municipality": "Maastricht",
    "period": {"from": "2025-04-01", "to": "2026-03-31"},
    "sections": [
        {
            "key": "work",
            "number": 3,
            "title": "Aan het werk",
            "figures": [
                {
                    "key": "work.placements",
                    "label": "Plaatsingen",
                    "unit": "count",
                    "value": 12,
                },
                {
                    "key": "work.sector.care",
                    "label": "Zorg",
                    "unit": "count",
                    "value": "<5",
                },
                {
                    "key": "work.six_months.share",
                    "label": "Deel",
                    "unit": "percent",
                    "value": 41.5,
                },
                {
                    "key": "ref.amsterdam.participants",
                    "label": "A",
                    "unit": "count",
                    "value": 3,
                    "reference": True,
                },
            ],
        }
    ],
}


def raw(doc) -> bytes:
    return json.dumps(doc).encode()


def test_a_valid_document_and_a_newer_minor_version_are_read() -> None:
    assert parse(raw(DOC))["municipality"] == "Maastricht"
    newer = {**copy.deepcopy(DOC), "version": "1.3", "something_new": {"a": 1}}
    assert parse(raw(newer))["version"] == "1.3"


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(version="2.0"),
        lambda d: d.update(format="other"),
        lambda d: d.update(municipality=""),
        lambda d: d.update(period={"from": "2026-01-01", "to": "2025-01-01"}),
        lambda d: d.update(period="2025"),
        lambda d: d["sections"][0]["figures"][0].update(value=4),  # a small count
        lambda d: d["sections"][0]["figures"][0].update(value=-1),
        lambda d: d["sections"][0]["figures"][0].update(value=2.5),
        lambda d: d["sections"][0]["figures"][0].update(value="veel"),
        lambda d: d["sections"][0]["figures"][0].update(unit="persons"),
        lambda d: d["sections"][0].update(figures="none"),
        lambda d: d.update(sections=[1]),
    ],
)
def test_documents_outside_the_format_are_refused(change) -> None:
    doc = copy.deepcopy(DOC)
    change(doc)
    with pytest.raises(InvalidDocument):
        parse(raw(doc))


def test_not_json_and_too_big_are_refused() -> None:
    with pytest.raises(InvalidDocument):
        parse(b"\xff\xfe no")
    with pytest.raises(InvalidDocument):
        parse(b" " * 1_000_001)


def test_compare_matches_figures_by_key_and_adds_unknown_ones() -> None:
    own = copy.deepcopy(DOC)
    own["municipality"] = "Amstelveen"
    own["sections"][0]["figures"] = own["sections"][0]["figures"][:1]
    other = copy.deepcopy(DOC)
    result = compare(own, [other])
    assert [c["municipality"] for c in result.columns] == ["Amstelveen", "Maastricht"]
    _number, _title, rows = result.sections[0]
    by_key = {key: values for key, _label, _unit, values in rows}
    assert by_key["work.placements"] == [12, 12]
    assert by_key["work.sector.care"] == [None, "<5"]  # only the import has it
