"""The decision log of the proposals: what a matchmaker was shown, and what was decided.

Matching people to jobs is high-risk under the EU AI Act (Annex III 4(a)); the deployer
keeps its logs (art. 26(6): at least six months, :data:`RETENTION_DAYS`). Every proposal
a matchmaker is shown — on the full lists and in the panels of the vacancy and candidate
pages — becomes a ``shown`` :class:`SuggestionDecision` (rank, score, parts, the model
that ordered the list), once per person, pair and rank per day, written by one statement
(:func:`record_shown`). Approvals and rejections are written with :func:`add_record`
from ``oversight.record_decision``, which adds the override rules.

Each record carries the person's segments (profile completeness, Dutch level, and the
PC4 area of the reception centre as region), in Python (:func:`profile_segments`) and
as SQL for the one-statement log (:func:`_segment_columns`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    bindparam,
    case,
    exists,
    func,
    insert,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.dml import Insert

from matching.evaluation import segments_for
from portal.extensions import db
from portal.models import (
    CandidateLanguage,
    CandidateOccupation,
    CandidateProfile,
    CandidateSkill,
    DecisionKind,
    SuggestionDecision,
    User,
    Vacancy,
)
from portal.models.base import AMSTERDAM, utcnow
from portal.services.matches import ranking as matching_service
from portal.services.matches.ranking import Suggestion

#: Keep decision records at least this long (AI Act art. 26(6): six months or more).
RETENTION_DAYS = 183


def _segments(
    *,
    has_occupation: bool,
    has_skills: bool,
    has_summary: bool,
    dutch_level: str | None,
    pc4: str,
) -> dict[str, str]:
    """The evaluation's segments, with the reception centre's PC4 area as region."""
    segment = segments_for(
        has_occupation=has_occupation,
        has_skills=has_skills,
        has_summary=has_summary,
        dutch_level=dutch_level,
        pc4=pc4,
    )
    return {**segment, "region": pc4 or "?"}


def profile_segments(profile: CandidateProfile) -> dict[str, str]:
    """Completeness, Dutch level and reception-centre area of a loaded profile."""
    dutch = next((lang.level for lang in profile.languages if lang.code == "nl"), None)
    return _segments(
        has_occupation=bool(profile.occupations),
        has_skills=bool(profile.skills),
        has_summary=bool((profile.summary or "").strip()),
        dutch_level=dutch,
        pc4=profile.pc4 or "",
    )


def _segment_columns() -> tuple[Any, Any, Any]:
    """:func:`profile_segments` as SQL over ``candidate_profile`` (completeness, Dutch, region).

    The same rules as :func:`matching.evaluation.segments_for`, so that logging a list
    costs one statement; a test checks both give the same segments.
    """
    me = CandidateProfile.id
    has_occupation = exists().where(CandidateOccupation.profile_id == me)
    has_skills = exists().where(CandidateSkill.profile_id == me)
    level = (
        select(CandidateLanguage.level)
        .where(CandidateLanguage.profile_id == me, CandidateLanguage.code == "nl")
        # A plain number rather than a bound parameter (SQLAlchemy's default for a
        # limit), so that the statement can run as one ``executemany``.
        .limit(literal_column("1"))
        .scalar_subquery()
    )
    has_summary = func.trim(func.coalesce(CandidateProfile.summary, "")) != ""
    completeness = case(
        (has_occupation, "occupation"),
        (has_skills, "skills_only"),
        (has_summary, "text_only"),
        else_="empty",
    )
    dutch = case(
        (level.is_(None), "geen"),
        (or_(level == "A1", level == "A2"), level),
        else_="B1+",
    )
    region = case((CandidateProfile.pc4 == "", "?"), else_=CandidateProfile.pc4)
    return completeness, dutch, region


def add_record(
    kind: DecisionKind,
    vacancy: Vacancy,
    profile: CandidateProfile,
    *,
    by: User | None,
    rank: int | None,
    score: float | None,
    parts: list[dict[str, Any]],
    model: str,
    override_reason: str | None = None,
    override_note: str | None = None,
) -> SuggestionDecision:
    """One decision record with the person's segments (added to the session, not flushed)."""
    segment = profile_segments(profile)
    row = SuggestionDecision(
        kind=kind,
        vacancy_id=vacancy.id,
        candidate_id=profile.id,
        vacancy_ref=vacancy.ref,
        candidate_ref=profile.ref,
        rank=rank,
        score=score,
        parts=parts,
        model=model,
        segment_completeness=segment["completeness"],
        segment_dutch=segment["dutch"],
        segment_region=segment["region"],
        override_reason=override_reason,
        override_note=override_note or None,
        decided_by_id=by.id if by else None,
    )
    db.session.add(row)
    return row


def _start_of_today() -> datetime:
    today = utcnow().astimezone(AMSTERDAM).date()
    return datetime.combine(today, time(), tzinfo=AMSTERDAM)


#: The columns :func:`record_shown` writes, in the order of its ``SELECT``.
_SHOWN_COLUMNS = (
    "kind",
    "vacancy_id",
    "candidate_id",
    "vacancy_ref",
    "candidate_ref",
    "rank",
    "score",
    "parts",
    "model",
    "segment_completeness",
    "segment_dutch",
    "segment_region",
    "decided_by_id",
    "at",
)


#: The values of each shown proposal, bound as parameters (the rest is read from the
#: profile row).
_SHOWN_PARAMS = (
    "kind",
    "vacancy_id",
    "candidate_id",
    "vacancy_ref",
    "rank",
    "score",
    "parts",
    "model",
    "decided_by_id",
    "at",
)


@lru_cache(maxsize=64)
def _shown_statement(n: int) -> Insert:
    """``INSERT … SELECT`` of ``n`` shown proposals, every value a bound parameter.

    The proposals come in as one small table of bound values (``SELECT`` s joined by
    ``UNION ALL``), joined to their profiles: the segments and the check against
    today's log are written once, so the database plans a small statement (one
    branch with the subqueries per proposal took PostgreSQL about 20 ms to plan).
    One statement object per list length, kept for the process: SQLAlchemy compiles
    it once per dialect and finds it in its cache afterwards. The values of the
    ``i``-th proposal are named ``p<i>_<column>``; ``since`` is shared.
    """
    table = SuggestionDecision.__table__
    completeness, dutch, region = _segment_columns()
    branches = [
        select(
            *(
                bindparam(
                    f"p{i}_{column}",
                    type_=table.c[column].type,
                ).label(column)
                for column in _SHOWN_PARAMS
            )
        )
        for i in range(n)
    ]
    shown = (branches[0] if n == 1 else union_all(*branches)).subquery("shown")
    logged = exists().where(
        table.c.kind == DecisionKind.SHOWN.value,
        table.c.decided_by_id == shown.c.decided_by_id,
        table.c.at >= bindparam("since", type_=table.c.at.type),
        table.c.vacancy_id == shown.c.vacancy_id,
        table.c.candidate_id == CandidateProfile.id,
        table.c.rank == shown.c.rank,
    )
    source = (
        select(
            shown.c.kind,
            shown.c.vacancy_id,
            CandidateProfile.id,
            shown.c.vacancy_ref,
            CandidateProfile.ref,
            shown.c.rank,
            shown.c.score,
            shown.c.parts,
            shown.c.model,
            completeness,
            dutch,
            region,
            shown.c.decided_by_id,
            shown.c.at,
        )
        .join_from(shown, CandidateProfile, CandidateProfile.id == shown.c.candidate_id)
        .where(~logged)
    )
    return insert(table).from_select(_SHOWN_COLUMNS, source).returning(table.c.id)


def record_shown(
    items: Sequence[Suggestion],
    *,
    model: str,
    by: User,
    vacancies: Mapping[int, Vacancy] | None = None,
    profiles: Mapping[int, CandidateProfile] | None = None,
) -> int:
    """Log the proposals a matchmaker is shown, in list order; returns rows written.

    One ``INSERT … SELECT`` statement writes the new rows, reads each person's
    segments from the database (:func:`_segment_columns`) and leaves out what this
    person was already shown today at the same rank: a page pays one query for its
    log however long the list, and opening the same list again adds nothing. With
    ``vacancies`` or ``profiles`` only proposals among them are logged; a proposal
    whose profile no longer exists is skipped.
    """
    params: dict[str, Any] = {"since": _start_of_today()}
    now = utcnow()
    n = 0
    for rank, s in enumerate(items, start=1):
        if vacancies is not None and s.vacancy_id not in vacancies:
            continue
        if profiles is not None and s.candidate_id not in profiles:
            continue
        values = (
            DecisionKind.SHOWN.value,
            s.vacancy_id,
            s.candidate_id,
            s.vacancy_ref,
            rank,
            float(s.score),
            matching_service.reasons_to_json(s.reasons),
            model,
            by.id,
            now,
        )
        for column, value in zip(_SHOWN_PARAMS, values, strict=True):
            params[f"p{n}_{column}"] = value
        n += 1
    if not n:
        return 0
    written = db.session.execute(_shown_statement(n), params)
    return len(written.all())


def last_shown(
    vacancy: Vacancy, profile: CandidateProfile, by: User | None = None
) -> SuggestionDecision | None:
    """The latest time this pair was shown as a proposal (None: never).

    With ``by``: what that person was shown last, else what anyone was shown last —
    a decision is judged on the list its maker saw.
    """
    query = (
        select(SuggestionDecision)
        .where(
            SuggestionDecision.kind == DecisionKind.SHOWN,
            SuggestionDecision.vacancy_id == vacancy.id,
            SuggestionDecision.candidate_id == profile.id,
        )
        .order_by(SuggestionDecision.at.desc(), SuggestionDecision.id.desc())
        .limit(1)
    )
    if by is not None:
        mine = db.session.scalar(query.where(SuggestionDecision.decided_by_id == by.id))
        if mine is not None:
            return mine
    return db.session.scalar(query)


def retained_since() -> datetime:
    """Records newer than this must be kept (the retention period)."""
    return utcnow() - timedelta(days=RETENTION_DAYS)


def decisions_for(vacancy: Vacancy) -> list[SuggestionDecision]:
    """The approvals and rejections logged for one vacancy, newest first."""
    return list(
        db.session.scalars(
            select(SuggestionDecision)
            .where(
                SuggestionDecision.vacancy_id == vacancy.id,
                SuggestionDecision.kind != DecisionKind.SHOWN,
            )
            .order_by(SuggestionDecision.at.desc(), SuggestionDecision.id.desc())
        )
    )
