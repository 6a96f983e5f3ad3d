import pytest

from portal.domain.twv_rules import CHECKLIST_STEPS, step


def test_step_keys_are_unique():
    keys = [s.key for s in CHECKLIST_STEPS]
    assert len(keys) == len(set(keys))


def test_steps_follow_the_application_order():
    keys = [s.key for s in CHECKLIST_STEPS]
    order = [
        "eligibility",
        "draft_contract",
        "apply_uwv",
        "submitted",
        "await_decision",
        "twv_granted",
        "start_work",
        "payroll_without_bsn",
        "reba_payslips",
        "early_end",
    ]
    assert [k for k in keys if k in order] == order


def test_granted_step_records_number_and_date():
    granted = step("twv_granted")
    assert granted.needs_date
    assert granted.needs_number
    assert step("submitted").needs_date
    assert not step("submitted").needs_number


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("draft_contract", ["onderteken"]),
        ("apply_uwv", ["digitale loket", "eHerkenning", "stuurt niets"]),
        ("await_decision", ["5 weken", "9"]),
        ("agency_work", ["uitzendbureau"]),
        ("reba_payslips", ["COA", "loonstrook"]),
        ("early_end", ["schriftelijk", "UWV"]),
        ("payroll_without_bsn", ["personeelsnummer"]),
    ],
)
def test_steps_say_what_the_rules_require(key, words):
    text = step(key).explanation_nl
    for word in words:
        assert word in text


def test_every_step_has_dutch_text_and_rules():
    for s in CHECKLIST_STEPS:
        assert s.title_nl.strip()
        assert s.explanation_nl.strip()
        assert s.rules
        assert "%" not in s.title_nl + s.explanation_nl


def test_unknown_step_raises():
    with pytest.raises(KeyError):
        step("nope")
