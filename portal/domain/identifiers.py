"""Spot personal identifiers in free text, so anonymised summaries stay anonymous.

The portal refuses to save a summary when ``find_identifiers`` returns anything and
says what it found. Detected: BSN (9 digits passing the eleven-test), V-number
(vreemdelingennummer, 10 digits), phone numbers (Dutch and international), e-mail
addresses and IBANs; a number right after a label such as "BSN:" or "V-nummer" is
flagged even when it fails the checks. Ordinary numbers ("40 uur", "2019", "1187",
"€14,71", dates) are not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from stdnum import iban
from stdnum.nl import bsn


def N_(s: str) -> str:  # noqa: N802 — gettext's conventional no-op marker
    """Mark a Dutch msgid for extraction; the portal translates it."""
    return s


Kind = Literal["bsn", "v_number", "phone", "email", "iban"]

KIND_LABELS_NL: dict[str, str] = {
    "bsn": N_("een BSN"),
    "v_number": N_("een V-nummer"),
    "phone": N_("een telefoonnummer"),
    "email": N_("een e-mailadres"),
    "iban": N_("een bankrekeningnummer"),
}
FOUND_MESSAGE_NL = N_(
    "De tekst bevat iets dat lijkt op persoonsgegevens: %(found)s. Haal dit weg. "
    "De samenvatting moet anoniem zijn."
)


@dataclass(frozen=True)
class Finding:
    """Something that looks like an identifier, with its place in the text."""

    kind: Kind
    text: str
    start: int = 0
    end: int = 0


_EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}(?![A-Za-z0-9])"
)
_LABELLED = re.compile(
    r"(?i)\b(?P<label>v[- ]?nummer|v[- ]?nr\.?|vreemdelingennummer|bsn(?:-?nummer)?|"
    r"burgerservicenummer|sofi-?nummer)\s*[:.]?\s*(?P<number>\d(?:[ .\-]?\d){5,11})"
)
_INTERNATIONAL_PHONE = re.compile(
    r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ .\-]?\(\d{1,4}\))?(?:[ .\-/]?\d){6,12}(?!\d)"
)
_DUTCH_PHONE = re.compile(r"(?<![\w+])\(?0[1-9]\d{0,2}\)?(?:[ .\-/]?\d){6,8}(?!\d)")
_DIGIT_RUN = re.compile(r"\d+(?:[ .\-]\d+)*")
_DATE = re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})(?!\d)")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_CURRENCY_BEFORE = re.compile(r"(?:€|EUR|eur)\s*$")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def valid_bsn(s: str) -> bool:
    """BSN eleven-test via python-stdnum; dots, spaces and dashes are allowed."""
    return bsn.is_valid(s)


def valid_kvk(number: str) -> bool:
    """KvK number: exactly 8 digits (spaces and dots allowed); there is no check digit."""
    return re.fullmatch(r"\d{8}", re.sub(r"[ .]", "", number.strip())) is not None


def _is_bsn(digits: str) -> bool:
    return len(digits) == 9 and int(digits) > 0 and bsn.is_valid(digits)


def _classify_run(slice_text: str) -> Kind | None:
    """Kind of a bare digit sequence, or None when it looks like an ordinary number."""
    digits = _digits(slice_text)
    if _DATE.search(slice_text):
        return None
    if len(digits) == 9:
        return "bsn" if _is_bsn(digits) else None
    if len(digits) != 10:
        return None
    if digits.startswith("0") and digits[1] != "0":
        return "phone"
    separators = set(re.findall(r"[ .\-]", slice_text))
    if _THOUSANDS.fullmatch(slice_text):
        return None  # 1.234.567.890: an amount written with thousands separators
    if len(separators) > 1:
        return None  # mixed separators: more likely several numbers than one V-number
    groups = re.split(r"[ .\-]", slice_text)
    if separators == {" "} and any(_YEAR.fullmatch(group) for group in groups):
        return None  # "2019 2020 12": a list of years, not an identifier
    return "v_number"


def _scan_run(run: re.Match[str]) -> Iterable[Finding]:
    """Try every contiguous slice of the run's digit groups, longest first."""
    groups = [(m.start(), m.end()) for m in re.finditer(r"\d+", run.group())]
    i = 0
    while i < len(groups):
        for j in range(len(groups) - 1, i - 1, -1):
            start, end = groups[i][0], groups[j][1]
            kind = _classify_run(run.group()[start:end])
            if kind is not None:
                offset = run.start()
                yield Finding(
                    kind,
                    run.string[offset + start : offset + end],
                    offset + start,
                    offset + end,
                )
                i = j
                break
        i += 1


def _is_amount(text: str, start: int, end: int) -> bool:
    return bool(_CURRENCY_BEFORE.search(text[:start])) or bool(
        re.match(r",\d", text[end : end + 2])
    )


def find_identifiers(text: str) -> list[Finding]:
    """All identifier-like pieces of ``text``, in order of appearance, never overlapping."""
    findings: list[Finding] = []

    def free(start: int, end: int) -> bool:
        return all(end <= f.start or start >= f.end for f in findings)

    def add(kind: Kind, start: int, end: int) -> None:
        if free(start, end):
            findings.append(Finding(kind, text[start:end], start, end))

    for m in _EMAIL.finditer(text):
        add("email", m.start(), m.end())
    for m in _IBAN.finditer(text):
        if iban.is_valid(m.group()):
            add("iban", m.start(), m.end())
    for m in _LABELLED.finditer(text):
        label = m.group("label").lower()
        kind: Kind = (
            "bsn" if label.startswith(("bsn", "burgerservice", "sofi")) else "v_number"
        )
        add(kind, m.start("number"), m.end("number"))
    for m in _INTERNATIONAL_PHONE.finditer(text):
        if 8 <= len(_digits(m.group().replace("(0)", ""))) <= 15 and not _DATE.search(
            m.group()
        ):
            add("phone", m.start(), m.end())
    for m in _DUTCH_PHONE.finditer(text):
        if len(_digits(m.group())) == 10 and not _DATE.search(m.group()):
            add("phone", m.start(), m.end())
    for run in _DIGIT_RUN.finditer(text):
        if _is_amount(text, run.start(), run.end()):
            continue
        for finding in _scan_run(run):
            add(finding.kind, finding.start, finding.end)
    return sorted(findings, key=lambda f: f.start)


def describe_findings(
    findings: Iterable[Finding], gettext: Callable[[str], str] = N_
) -> str:
    """The refusal message, e.g. "… lijkt op persoonsgegevens: een BSN (123456782) …"."""
    found = ", ".join(f"{gettext(KIND_LABELS_NL[f.kind])} ({f.text})" for f in findings)
    return gettext(FOUND_MESSAGE_NL) % {"found": found}
