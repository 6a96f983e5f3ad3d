"""Every Dutch text of the TWV area has an English translation (Dutch is the source)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "_l": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
SOURCES = [
    "portal/views/twv.py",
    "portal/views/twv_common.py",
    "portal/views/twv_hires.py",
    "portal/services/twv/cases.py",
    "portal/services/twv/steps.py",
    "forms/twv.py",
    "portal/domain/twv_eligibility.py",
    "portal/domain/twv_eligibility_data.py",
    "portal/domain/twv_job_checks.py",
    "portal/domain/twv_checklist.py",
    "portal/domain/twv_tasks.py",
]


def _catalogue() -> set[str]:
    ids: set[str] = set()
    for area in ("core", "twv", "packet", "permits"):
        path = ROOT / "translations" / area / "en" / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as po:
            for message in read_po(po):
                if message.id and message.string and all(message.string):
                    ids.add(
                        message.id if isinstance(message.id, str) else message.id[0]
                    )
    return ids


def _msgids() -> set[str]:
    found: set[str] = set()
    for source in SOURCES:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(ROOT / source), keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    for folder in ("templates/twv",):
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT / folder),
            method_map=[("**.html", "jinja2")],
            keywords=KEYWORDS,
        ):
            found.add(message if isinstance(message, str) else message[0])
    return {m for m in found if m}


def test_every_twv_text_has_an_english_translation() -> None:
    msgids = _msgids()
    assert len(msgids) > 100  # the extraction itself works
    missing = sorted(msgids - _catalogue())
    assert not missing, "untranslated (translations/twv/en):\n" + "\n".join(missing)
