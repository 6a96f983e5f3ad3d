"""Dutch skill labels set by matchmakers and admins, applied over the shipped ones.

Every worker process holds the taxonomy in memory. A change made here reaches the
taxonomy of this process when the transaction that made it commits (once per commit,
however many labels it changed; a rolled back change never shows); other processes pick
it up at their next request after ``GLOSSARY_REFRESH_SECONDS`` (the check is one small
query). The matching index reads the glossary's version with its own fingerprint
(:func:`version_columns`) and applies that version before it builds or ranks
(:func:`apply_version`), also outside a request (the ``flask matching index`` command).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Row, event, func, insert, select, update
from sqlalchemy.orm import Session, SessionTransaction

from matching.feature_space import occupation_inference
from matching.taxonomy import Skill, load_taxonomy
from portal.extensions import db
from portal.models import CandidateSkill, SkillLabel, User, VacancySkill
from portal.services import audit

MAX_LABEL = 200
MAX_NOTE = 500
MAX_ALTERNATIVES = 20
#: Key in ``Session.info``: a glossary change waits there for the commit.
_CHANGED = "werkbrug.glossary_changed"

_lock = threading.Lock()
#: (rows, newest change) the taxonomy of this process was last given; None = never.
_applied: tuple[int, datetime | None] | None = None
_checked_at = 0.0
#: Which app (database) the taxonomy's glossary came from. One per process in
#: production; tests and the browser tests' live server run several in one process.
_owner: int | None = None


def _app_id() -> int:
    return id(current_app._get_current_object())  # type: ignore[attr-defined]


class InvalidLabel(ValueError):
    """An empty or too long label, or a URI that is not an ESCO skill."""


@dataclass(frozen=True)
class SkillUse:
    """A skill used in vacancies or profiles, with its current labels."""

    uri: str
    label_en: str
    label_nl: str | None
    source: str
    vacancies: int
    profiles: int
    entry: SkillLabel | None = None

    @property
    def uses(self) -> int:
        return self.vacancies + self.profiles


_VERSION = select(func.count(SkillLabel.id), func.max(SkillLabel.changed_at))
_ROWS = select(SkillLabel.skill_uri, SkillLabel.label_nl, SkillLabel.alt_nl)


def _version() -> tuple[int, datetime | None]:
    count, newest = db.session.execute(_VERSION).one()
    return int(count), newest


def version_columns() -> list[Any]:
    """The glossary's version (rows, newest change) as two scalar subqueries, for a
    caller that reads them in one query with its own columns."""
    return [
        select(func.count(SkillLabel.id)).scalar_subquery(),
        select(func.max(SkillLabel.changed_at)).scalar_subquery(),
    ]


def apply_version(version: tuple[int, datetime | None]) -> None:
    """Make sure this process's taxonomy holds the glossary of ``version`` (the values
    of :func:`version_columns`): applied again only when it does not yet."""
    if _owner == _app_id() and _applied == (int(version[0] or 0), version[1]):
        return
    apply()


def _alternatives(alt_nl: str) -> list[str]:
    return [line.strip() for line in alt_nl.splitlines() if line.strip()]


def apply() -> None:
    """Give this process's taxonomy every glossary row (the database is the truth)."""
    _apply_rows(db.session.execute(_ROWS).all(), _version())


def _apply_committed() -> None:
    """:func:`apply`, read on a connection of its own (the session has just committed)."""
    with db.engine.connect() as conn:
        rows = conn.execute(_ROWS).all()
        count, newest = conn.execute(_VERSION).one()
    _apply_rows(rows, (int(count), newest))


def _apply_rows(rows: Sequence[Row], version: tuple[int, datetime | None]) -> None:  # type: ignore[type-arg]
    global _applied, _checked_at, _owner
    with _lock:
        _set_glossary({uri: (label, _alternatives(alt)) for uri, label, alt in rows})
        _applied = version
        _checked_at = time.monotonic()
        _owner = _app_id()


def _set_glossary(mapping: dict[str, tuple[str, list[str]]]) -> None:
    """Put the glossary on the taxonomy, and let the occupation inference follow it.

    The inference reads skill labels in summaries ("kan voedingswaarde bepalen"
    mentions that skill) from tables built once per process from the taxonomy's
    labels; they are dropped when the labels change and rebuilt at their next use
    (about 0.5 s), so a glossary label counts as a mention like a shipped one.
    """
    tx = load_taxonomy()
    before = tx.labels_version
    tx.set_glossary(mapping)
    if tx.labels_version != before:
        occupation_inference.cache_clear()


def _changed() -> None:
    """Note that this transaction changed the glossary: apply it when it commits."""
    db.session.info[_CHANGED] = True


@event.listens_for(Session, "after_commit")
def _apply_after_commit(session: Session) -> None:
    # A savepoint's "commit" is no commit: wait for the outermost transaction's.
    if session.in_nested_transaction():
        return
    if session.info.pop(_CHANGED, False) and has_app_context():
        _apply_committed()


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session: Session, previous: SessionTransaction) -> None:
    if not previous.nested:
        session.info.pop(_CHANGED, None)


def forget() -> None:
    """Drop what this process applied (a new app, e.g. in tests, starts from the data)."""
    global _applied, _checked_at
    with _lock:
        _set_glossary({})
        _applied = None
        _checked_at = 0.0


def refresh(max_age_seconds: float) -> None:
    """Re-apply the glossary when another process changed it (checked every max_age)."""
    global _checked_at
    if _owner != _app_id():
        apply()
        return
    if _applied is not None and time.monotonic() - _checked_at < max_age_seconds:
        return
    if _applied is not None and _version() == _applied:
        _checked_at = time.monotonic()
        return
    apply()


def entries() -> list[SkillLabel]:
    """Every glossary row, by label."""
    return list(db.session.scalars(select(SkillLabel).order_by(SkillLabel.label_nl)))


def entry_for(uri: str) -> SkillLabel | None:
    return db.session.scalar(select(SkillLabel).where(SkillLabel.skill_uri == uri))


def shipped(uri: str) -> Skill | None:
    """The skill with its shipped labels (ESCO and the starter glossary)."""
    return load_taxonomy().shipped_skill(uri)


def _counts(column, group) -> dict[str, int]:  # type: ignore[no-untyped-def]
    query = select(column, func.count(func.distinct(group))).group_by(column)
    return {uri: int(n) for uri, n in db.session.execute(query)}


def used_skills(*, missing_only: bool = True) -> list[SkillUse]:
    """Skills in vacancies and profiles, most used first; by default those still English."""
    in_vacancies = _counts(VacancySkill.skill_uri, VacancySkill.vacancy_id)
    in_profiles = _counts(CandidateSkill.skill_uri, CandidateSkill.profile_id)
    glossary = {e.skill_uri: e for e in entries()}
    tx = load_taxonomy()
    found = []
    for uri in set(in_vacancies) | set(in_profiles):
        skill = tx.skill(uri)
        if skill is None or (missing_only and skill.label_nl):
            continue
        found.append(
            SkillUse(
                uri=uri,
                label_en=skill.label_en,
                label_nl=skill.label_nl,
                source=skill.label_nl_source,
                vacancies=in_vacancies.get(uri, 0),
                profiles=in_profiles.get(uri, 0),
                entry=glossary.get(uri),
            )
        )
    return sorted(found, key=lambda s: (-s.uses, s.label_en.casefold(), s.uri))


@dataclass(frozen=True)
class CleanLabel:
    """A checked glossary row: the label and alternatives as they will be stored."""

    uri: str
    label: str
    alternatives: tuple[str, ...]
    note: str


def clean_label(
    uri: str, label: str, alternatives: Sequence[str] = (), note: str = ""
) -> CleanLabel:
    """The row as stored (spaces folded, duplicates dropped), or InvalidLabel."""
    label = " ".join(label.split())
    if load_taxonomy().skill(uri) is None:
        raise InvalidLabel("unknown skill")
    if not label or len(label) > MAX_LABEL:
        raise InvalidLabel("label length")
    alts = list(dict.fromkeys(" ".join(a.split()) for a in alternatives))
    alts = [a for a in alts if a and a != label][:MAX_ALTERNATIVES]
    if any(len(a) > MAX_LABEL for a in alts):
        raise InvalidLabel("alternative length")
    return CleanLabel(uri, label, tuple(alts), " ".join(note.split())[:MAX_NOTE])


def same_label(entry: SkillLabel | None, row: CleanLabel) -> bool:
    """Whether the stored row already says what ``row`` says (the note aside)."""
    return (
        entry is not None
        and entry.label_nl == row.label
        and entry.alternatives == list(row.alternatives)
    )


def _store(entry: SkillLabel | None, row: CleanLabel, by: User) -> SkillLabel:
    if entry is None:
        entry = SkillLabel(skill_uri=row.uri, label_nl=row.label)
        db.session.add(entry)
    entry.label_nl = row.label
    entry.alt_nl = "\n".join(row.alternatives)
    entry.note = row.note
    entry.changed_by_id = by.id
    return entry


def save_label(
    uri: str,
    label: str,
    *,
    alternatives: list[str] | None = None,
    note: str = "",
    by: User,
) -> SkillLabel:
    """Add or correct the Dutch label of a skill; shown everywhere once committed."""
    row = clean_label(uri, label, alternatives or [], note)
    entry = entry_for(uri)
    new = entry is None
    entry = _store(entry, row, by)
    db.session.flush()
    audit.record_event(
        "glossary.label_saved",
        actor=by,
        object_type="skill_label",
        object_id=entry.id,
        details={"new": new},
    )
    _changed()
    return entry


def save_labels(rows: Sequence[CleanLabel], *, by: User) -> int:
    """Add or correct many labels at once (an import): one read, two writes, one event.

    Returns how many rows were new. Written as one multi-row INSERT and one UPDATE by
    primary key (executemany), so the statements sent do not grow with the rows. Like
    :func:`save_label`, shown everywhere once the caller commits, applied then once.
    """
    existing = {e.skill_uri: e for e in entries()}

    def values(row: CleanLabel) -> dict[str, Any]:
        return {
            "label_nl": row.label,
            "alt_nl": "\n".join(row.alternatives),
            "note": row.note,
            "changed_by_id": by.id,
        }

    new = [{"skill_uri": r.uri, **values(r)} for r in rows if r.uri not in existing]
    changed = [
        {"id": existing[r.uri].id, **values(r)} for r in rows if r.uri in existing
    ]
    if new:
        db.session.execute(insert(SkillLabel), new)
    if changed:
        db.session.execute(update(SkillLabel), changed)
        for entry in existing.values():
            db.session.expire(entry)
    audit.record_event(
        "glossary.imported",
        actor=by,
        object_type="skill_label",
        details={"saved": len(rows), "new": len(new)},
    )
    db.session.flush()
    _changed()
    return len(new)


def delete_label(entry: SkillLabel, *, by: User) -> None:
    """Remove a glossary row: the skill shows its shipped label again once committed."""
    audit.record_event(
        "glossary.label_deleted",
        actor=by,
        object_type="skill_label",
        object_id=entry.id,
    )
    db.session.delete(entry)
    db.session.flush()
    _changed()


def get_entry(entry_id: int) -> SkillLabel | None:
    return db.session.get(SkillLabel, entry_id)
