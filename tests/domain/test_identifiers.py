import pytest

from portal.domain.identifiers import (
    describe_findings,
    find_identifiers,
    valid_bsn,
    valid_kvk,
)


def kinds(text):
    return [(f.kind, f.text) for f in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BSN 111222333", [("bsn", "111222333")]),
        ("nummer 1112.22.333", [("bsn", "1112.22.333")]),
        ("111 222 333", [("bsn", "111 222 333")]),
        (
            "bsn: 123456789",
            [("bsn", "123456789")],
        ),  # labelled: flagged despite the check
        ("V-nummer 12.34.56.78.90", [("v_number", "12.34.56.78.90")]),
        ("vnr 1234567890", [("v_number", "1234567890")]),
        ("zijn nummer is 1234 567 890", [("v_number", "1234 567 890")]),
        ("bel 06-12345678", [("phone", "06-12345678")]),
        ("bel 06 12 34 56 78", [("phone", "06 12 34 56 78")]),
        ("tel. 0612345678.", [("phone", "0612345678")]),
        ("bel (020) 123 45 67", [("phone", "(020) 123 45 67")]),
        ("+31 6 1234 5678", [("phone", "+31 6 1234 5678")]),
        ("+31(0)20-1234567", [("phone", "+31(0)20-1234567")]),
        ("0031 6 12345678", [("phone", "0031 6 12345678")]),
        ("+44 20 7946 0958", [("phone", "+44 20 7946 0958")]),
        ("+1 (555) 123-4567", [("phone", "+1 (555) 123-4567")]),
        ("mail jan.jansen+x@example.nl nu", [("email", "jan.jansen+x@example.nl")]),
        ("NL91 ABNA 0417 1643 00", [("iban", "NL91 ABNA 0417 1643 00")]),
        ("111222333 2019", [("bsn", "111222333")]),
        (
            "bel 06-12345678 of mail a@b.nl, BSN 111222333",
            [("phone", "06-12345678"), ("email", "a@b.nl"), ("bsn", "111222333")],
        ),
    ],
)
def test_identifiers_are_found(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "40 uur per week",
        "sinds 2019",
        "woont in 1187",
        "verdient €14,71 per uur",
        "€ 123.456.789",
        "op 12.03.2024 begonnen",
        "01-02-2025 12 uur",
        "van 09.00-17.00 uur",
        "2019 2020 12",
        "1.234.567.890",
        "3 kinderen (2, 5 en 8 jaar)",
        "postcode 1187 AB, huisnummer 12",
        "123456789",  # nine digits failing the eleven-test
        "Nederlands A2, Engels B1",
    ],
)
def test_ordinary_numbers_are_not_identifiers(text):
    assert find_identifiers(text) == []


def test_findings_have_positions():
    text = "BSN 111222333"
    (finding,) = find_identifiers(text)
    assert text[finding.start : finding.end] == finding.text


def test_refusal_message_says_what_was_found():
    message = describe_findings(find_identifiers("BSN 111222333"))
    assert "een BSN (111222333)" in message
    assert "anoniem" in message


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("12345678", True),
        ("1234 5678", True),
        ("1234567", False),
        ("123456789", False),
        ("1234567a", False),
        ("", False),
    ],
)
def test_valid_kvk(number, valid):
    assert valid_kvk(number) is valid


@pytest.mark.parametrize(
    ("number", "valid"),
    [("111222333", True), ("1112.22.333", True), ("111222334", False), ("abc", False)],
)
def test_valid_bsn(number, valid):
    assert valid_bsn(number) is valid
