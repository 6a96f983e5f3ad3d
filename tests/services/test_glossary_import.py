"""Glossary import: checked first, then all or nothing, applied once after the commit."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, select

from matching.taxonomy import Taxonomy, load_taxonomy
from portal.extensions import db
from portal.models import AuditEvent, Role, SkillLabel
from portal.services.glossary import files, labels
from tests.fixtures.actors import create_user
from tests.fixtures.glossary import UNTRANSLATED_LABEL, UNTRANSLATED_SKILL


@pytest.fixture
def staff(app_ctx):
    user = create_user(Role.MATCHMAKER)
    db.session.commit()
    labels.apply()  # this app's (empty) glossary, as the first request would
    return user


def glossary_csv(rows: list[tuple[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(files.COLUMNS)
    for uri, label in rows:
        writer.writerow([uri, label, "", "", "test"])
    return out.getvalue().encode()


def live_label(uri: str) -> str:
    """The Dutch label pages, search and exports of this process show now."""
    skill = load_taxonomy().skill(uri)
    assert skill is not None
    return skill.label_nl or skill.label_en


def untranslated_skills(n: int) -> list[str]:
    """n skill URIs without a shipped Dutch label (each import row is a real change)."""
    found = [s.uri for s in load_taxonomy().skills if not s.label_nl][:n]
    assert len(found) == n
    return found


@contextmanager
def counting() -> Iterator[dict[str, int]]:
    """Counts SQL statements sent and glossary applications made inside the block."""
    counts = {"statements": 0, "applied": 0}

    def statement(*_args: object) -> None:
        counts["statements"] += 1

    original = Taxonomy.set_glossary

    def set_glossary(self: Taxonomy, mapping) -> None:  # type: ignore[no-untyped-def]
        counts["applied"] += 1
        original(self, mapping)

    event.listen(db.engine, "before_cursor_execute", statement)
    Taxonomy.set_glossary = set_glossary  # type: ignore[method-assign]
    try:
        yield counts
    finally:
        Taxonomy.set_glossary = original  # type: ignore[method-assign]
        event.remove(db.engine, "before_cursor_execute", statement)


def test_a_file_with_a_faulty_row_saves_and_shows_nothing(staff):
    data = glossary_csv(
        [(UNTRANSLATED_SKILL, "voedingswaarde bepalen"), ("http://x/nope", "iets")]
    )
    result = files.import_csv(data, by=staff)
    assert result.errors == [(3, "unknown skill")]
    assert (result.saved, result.written) == (1, False)
    db.session.rollback()  # as the view does with a result that was not written
    assert live_label(UNTRANSLATED_SKILL) == UNTRANSLATED_LABEL
    assert db.session.scalar(select(func.count(SkillLabel.id))) == 0


def test_a_file_refused_part_way_leaves_the_live_labels_alone(staff, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 2)
    first = untranslated_skills(2)
    data = glossary_csv(
        [(uri, f"naam {i}") for i, uri in enumerate(first)]
        + [(UNTRANSLATED_SKILL, "voedingswaarde bepalen")]
    )
    with pytest.raises(files.InvalidFile):
        files.import_csv(data, by=staff)
    db.session.rollback()
    assert [live_label(u) for u in first] == [
        load_taxonomy().shipped_skill(u).label_en  # type: ignore[union-attr]
        for u in first
    ]
    assert db.session.scalar(select(func.count(SkillLabel.id))) == 0


def test_a_change_shows_only_once_committed(staff):
    labels.save_label(UNTRANSLATED_SKILL, "voedingswaarde bepalen", by=staff)
    assert live_label(UNTRANSLATED_SKILL) == UNTRANSLATED_LABEL  # not committed yet
    db.session.rollback()
    assert live_label(UNTRANSLATED_SKILL) == UNTRANSLATED_LABEL
    labels.save_label(UNTRANSLATED_SKILL, "voedingswaarde bepalen", by=staff)
    db.session.commit()
    assert live_label(UNTRANSLATED_SKILL) == "voedingswaarde bepalen"
    entry = labels.entry_for(UNTRANSLATED_SKILL)
    assert entry is not None
    labels.delete_label(entry, by=staff)
    assert live_label(UNTRANSLATED_SKILL) == "voedingswaarde bepalen"
    db.session.commit()
    assert live_label(UNTRANSLATED_SKILL) == UNTRANSLATED_LABEL


def _import_counts(uris: list[str], by) -> dict[str, int]:  # type: ignore[no-untyped-def]
    data = glossary_csv([(uri, f"naam {i}") for i, uri in enumerate(uris)])
    with counting() as counts:
        result = files.import_csv(data, by=by)
        assert result.ok
        assert result.written
        assert counts["applied"] == 0  # nothing reaches the taxonomy before the commit
        db.session.commit()
    assert result.saved == len(uris)
    assert live_label(uris[-1]) == f"naam {len(uris) - 1}"
    return counts


def test_an_import_reads_writes_and_applies_once_whatever_its_size(staff):
    skills = untranslated_skills(600)
    small = _import_counts(skills[:100], staff)
    large = _import_counts(skills[100:], staff)  # five times the rows
    # One application of the whole glossary per import, after its commit.
    assert small["applied"] == large["applied"] == 1
    # The statements do not grow with the rows: no read, write or apply per row.
    assert large["statements"] <= small["statements"] + 2, (small, large)
    assert db.session.scalar(select(func.count(SkillLabel.id))) == 600
    imported = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "glossary.imported")
    ).all()
    assert [e.details["saved"] for e in imported] == [100, 500]


def test_an_unchanged_file_writes_nothing(staff):
    data = glossary_csv([(UNTRANSLATED_SKILL, "voedingswaarde bepalen")])
    files.import_csv(data, by=staff)
    db.session.commit()
    again = files.import_csv(data, by=staff)
    assert (again.unchanged, again.saved, again.written) == (1, 0, False)


def test_a_uri_twice_in_one_file_is_a_faulty_row(staff):
    data = glossary_csv(
        [(UNTRANSLATED_SKILL, "voedingswaarde"), (UNTRANSLATED_SKILL, "calorieën")]
    )
    result = files.import_csv(data, by=staff)
    assert result.errors == [(3, "duplicate")]
    assert not result.written


def test_a_savepoint_is_not_the_commit(staff):
    other = create_user(Role.MATCHMAKER)  # uncommitted work of the outer transaction
    with db.session.begin_nested():
        labels.save_label(UNTRANSLATED_SKILL, "voedingswaarde bepalen", by=staff)
    assert live_label(UNTRANSLATED_SKILL) == UNTRANSLATED_LABEL
    assert db.session.get(type(other), other.id) is other
    db.session.commit()
    assert live_label(UNTRANSLATED_SKILL) == "voedingswaarde bepalen"
