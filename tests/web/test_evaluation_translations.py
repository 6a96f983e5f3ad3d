"""Every string of the evaluation has English, and the report reads in English."""

from __future__ import annotations

from html import unescape
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from portal.services.evaluation.bottlenecks import STEP_LABELS

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "translations" / "evaluation" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "_l": None, "lazy_gettext": None}
FILES = [
    *sorted((ROOT / "portal" / "services" / "evaluation").glob("*.py")),
    ROOT / "portal" / "views" / "evaluation.py",
    ROOT / "forms" / "evaluation.py",
    *sorted((ROOT / "templates" / "evaluation").glob("*.html")),
]
#: Built at run time (not visible to the extractor).
DYNAMIC = {"Staafdiagram. %(summary)s.", *STEP_LABELS.values()}


def english() -> dict[str, str]:
    with CATALOGUE.open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and m.string}


def test_every_evaluation_string_has_english():
    ids = set(DYNAMIC)
    for path in FILES:
        method = "jinja2" if path.suffix == ".html" else "python"
        for _line, message, _c, _ctx in extract_from_file(
            method, str(path), keywords=KEYWORDS
        ):
            ids.add(message if isinstance(message, str) else message[0])
    known = english()
    missing = sorted(i for i in ids if i and i not in known)
    assert not missing, "no English yet for:\n" + "\n".join(missing)


def test_report_in_english(login, matchmaker, evaluation_world):
    client = login(matchmaker)
    client.get("/taal/en")
    page = unescape(
        client.get("/evaluatie/?start=2025-04-01&end=2025-06-30").get_data(as_text=True)
    )
    assert "Evaluation of the pilot in Amstelveen" in page
    assert "Confirmed placements" in page
    assert "Bar chart." in page
    assert "Employer interested" in page
