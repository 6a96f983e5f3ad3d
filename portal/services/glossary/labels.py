"""Dutch skill labels set by matchmakers and admins, applied over the shipped ones.

Every worker process holds the taxonomy in memory. A change made here is applied to this
process at once; other processes pick it up at their next request after
``GLOSSARY_REFRESH_SECONDS`` (the check is one small query).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from matching.taxonomy import Skill, load_taxonomy
from portal.extensions import db
from portal.models import CandidateSkill, SkillLabel, User, VacancySkill
from portal.services import audit

MAX_LABEL = 200
MAX_NOTE = 500

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


def _version() -> tuple[int, datetime | None]:
    count, newest = db.session.execute(
        select(func.count(SkillLabel.id), func.max(SkillLabel.changed_at))
    ).one()
    return int(count), newest


def apply() -> None:
    """Give this process's taxonomy every glossary row (the database is the truth)."""
    global _applied, _checked_at, _owner
    rows = db.session.scalars(select(SkillLabel)).all()
    with _lock:
        load_taxonomy().set_glossary(
            {r.skill_uri: (r.label_nl, r.alternatives) for r in rows}
        )
        _applied = _version()
        _checked_at = time.monotonic()
        _owner = _app_id()


def forget() -> None:
    """Drop what this process applied (a new app, e.g. in tests, starts from the data)."""
    global _applied, _checked_at
    with _lock:
        load_taxonomy().set_glossary({})
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


def _clean(uri: str, label: str, alternatives: list[str], note: str) -> tuple:  # type: ignore[type-arg]
    label = " ".join(label.split())
    if load_taxonomy().skill(uri) is None:
        raise InvalidLabel("unknown skill")
    if not label or len(label) > MAX_LABEL:
        raise InvalidLabel("label length")
    alts = list(dict.fromkeys(" ".join(a.split()) for a in alternatives))
    alts = [a for a in alts if a and a != label][:20]
    if any(len(a) > MAX_LABEL for a in alts):
        raise InvalidLabel("alternative length")
    return label, alts, " ".join(note.split())[:MAX_NOTE]


def check_label(uri: str, label: str, alternatives: list[str]) -> None:
    """Raise InvalidLabel as :func:`save_label` would, without saving."""
    _clean(uri, label, alternatives, "")


def save_label(
    uri: str,
    label: str,
    *,
    alternatives: list[str] | None = None,
    note: str = "",
    by: User,
) -> SkillLabel:
    """Add or correct the Dutch label of a skill; applied in this process at once."""
    label, alts, note = _clean(uri, label, alternatives or [], note)
    entry = entry_for(uri)
    before = entry.label_nl if entry else None
    if entry is None:
        entry = SkillLabel(skill_uri=uri, label_nl=label)
        db.session.add(entry)
    entry.label_nl = label
    entry.alt_nl = "\n".join(alts)
    entry.note = note
    entry.changed_by_id = by.id
    db.session.flush()
    audit.record_event(
        "glossary.label_saved",
        actor=by,
        object_type="skill_label",
        object_id=entry.id,
        details={"new": before is None},
    )
    apply()
    return entry


def delete_label(entry: SkillLabel, *, by: User) -> None:
    """Remove a glossary row: the skill shows its shipped label again."""
    audit.record_event(
        "glossary.label_deleted",
        actor=by,
        object_type="skill_label",
        object_id=entry.id,
    )
    db.session.delete(entry)
    db.session.flush()
    apply()


def get_entry(entry_id: int) -> SkillLabel | None:
    return db.session.get(SkillLabel, entry_id)
