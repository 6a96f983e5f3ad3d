"""Human oversight of the proposals: the decision log, override reasons, the off switch.

Matching people to jobs is high-risk under the EU AI Act (Annex III 4(a)). The
deployer must let people oversee it (art. 14, 26) and keep its logs (art. 26(6): at
least six months). So:

* every proposal a matchmaker is shown becomes a ``shown`` :class:`SuggestionDecision`
  (rank, score, parts, the model that ordered the list), once per person, pair and
  rank per day;
* every approval or rejection becomes a decision record with the same facts, who
  decided, and — when the matchmaker goes against the order (approving a pair ranked
  below ``LOW_RANK``, rejecting one in the top ``TOP_RANK``) — a coded override reason
  (required) and an optional note, checked for identifiers;
* an administrator can switch automated proposals off
  (``settings.AUTOMATED_SUGGESTIONS``); the portal then works with manual look-up
  only, and decisions are logged with model ``manual``;
* :func:`approval_rates` turns the records into approval rates by rank band and by
  segment (profile completeness, Dutch level, region) for the Matches page.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matching.evaluation import segments_for
from matching.types import Explanation, Reason
from matching.weights import Weights
from portal.extensions import db
from portal.models import (
    CandidateProfile,
    DecisionKind,
    SuggestionDecision,
    User,
    Vacancy,
)
from portal.models.base import AMSTERDAM, utcnow
from portal.services import settings
from portal.services.candidates import profiles as candidates
from portal.services.matches import ranking as matching_service
from portal.services.matches.ranking import Suggestion

log = logging.getLogger(__name__)

#: Keep decision records at least this long (AI Act art. 26(6): six months or more).
RETENTION_DAYS = 183
#: Rejecting a pair ranked this high, or approving one ranked lower than
#: ``LOW_RANK``, needs a coded override reason.
TOP_RANK = 3
LOW_RANK = 10
#: Why a matchmaker goes against the order of the proposals.
OVERRIDE_REASONS = {
    "knows_more": _l("Ik weet meer over de kandidaat dan het profiel laat zien"),
    "profile_outdated": _l("Het profiel is onvolledig of niet meer actueel"),
    "employer_wishes": _l("De werkgever heeft wensen die niet in de vacature staan"),
    "candidate_wishes": _l("De kandidaat wil dit werk (niet)"),
    "practical": _l("Praktische reden: vervoer, rooster, kinderopvang"),
    "score_wrong": _l("De score weegt iets verkeerd"),
    "other": _l("Andere reden (licht toe)"),
}
#: Rank bands of the approval-rate table, in order.
RANK_BANDS = ("1-3", "4-10", "11-20", "manual")


class OverrideRequired(Exception):
    """Going against the order needs a coded override reason (and a note for "other")."""

    def __init__(self, rank: int) -> None:
        super().__init__(f"rank {rank} needs an override reason")
        self.rank = rank


def suggestions_on() -> bool:
    """Whether the portal proposes pairs (an administrator can switch it off)."""
    return settings.automated_suggestions_on()


def profile_segments(profile: CandidateProfile) -> dict[str, str]:
    """Completeness, Dutch level and PC4 area of a profile, as the evaluation names them."""
    dutch = next((lang.level for lang in profile.languages if lang.code == "nl"), None)
    return segments_for(
        has_occupation=bool(profile.occupations),
        has_skills=bool(profile.skills),
        has_summary=bool((profile.summary or "").strip()),
        dutch_level=dutch,
        pc4=profile.pc4 or "0",
    )


def _record(
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


def record_shown(
    items: Sequence[Suggestion],
    *,
    vacancies: dict[int, Vacancy],
    profiles: dict[int, CandidateProfile],
    model: str,
    by: User,
) -> int:
    """Log the proposals a matchmaker is shown, in list order; returns rows written.

    A person who opens the same list twice in a day with the same order adds nothing.
    """
    if not items:
        return 0
    seen = {
        (r.vacancy_id, r.candidate_id, r.rank)
        for r in db.session.scalars(
            select(SuggestionDecision).where(
                SuggestionDecision.kind == DecisionKind.SHOWN,
                SuggestionDecision.decided_by_id == by.id,
                SuggestionDecision.at >= _start_of_today(),
                SuggestionDecision.vacancy_id.in_({s.vacancy_id for s in items}),
                SuggestionDecision.candidate_id.in_({s.candidate_id for s in items}),
            )
        )
    }
    written = 0
    for rank, s in enumerate(items, start=1):
        if (s.vacancy_id, s.candidate_id, rank) in seen:
            continue
        vacancy, profile = vacancies.get(s.vacancy_id), profiles.get(s.candidate_id)
        if vacancy is None or profile is None:
            continue
        _record(
            DecisionKind.SHOWN,
            vacancy,
            profile,
            by=by,
            rank=rank,
            score=s.score,
            parts=matching_service.reasons_to_json(s.reasons),
            model=model,
        )
        written += 1
    db.session.flush()
    return written


def last_shown(
    vacancy: Vacancy, profile: CandidateProfile
) -> SuggestionDecision | None:
    """The latest time anyone was shown this pair as a proposal (None: never)."""
    return db.session.scalar(
        select(SuggestionDecision)
        .where(
            SuggestionDecision.kind == DecisionKind.SHOWN,
            SuggestionDecision.vacancy_id == vacancy.id,
            SuggestionDecision.candidate_id == profile.id,
        )
        .order_by(SuggestionDecision.at.desc(), SuggestionDecision.id.desc())
        .limit(1)
    )


def shown_rank(vacancy: Vacancy, profile: CandidateProfile) -> int | None:
    """The pair's rank in the last list it was shown on (None: looked up by hand)."""
    if not suggestions_on():
        return None
    shown = last_shown(vacancy, profile)
    return shown.rank if shown else None


def override_needed(kind: DecisionKind, rank: int | None) -> bool:
    """Approving below the top ``LOW_RANK``, or rejecting a top-``TOP_RANK`` pair."""
    if rank is None:
        return False
    if kind == DecisionKind.APPROVED:
        return rank > LOW_RANK
    return kind == DecisionKind.REJECTED and rank <= TOP_RANK


def check_override(
    kind: DecisionKind,
    vacancy: Vacancy,
    profile: CandidateProfile,
    reason: str | None,
    note: str | None,
) -> int | None:
    """Raise unless a needed override reason is given; returns the pair's rank.

    Raises :class:`OverrideRequired` or ``IdentifiersFound`` (field
    ``override_note``): nothing is written before the checks pass.
    """
    rank = shown_rank(vacancy, profile)
    if note:
        candidates.check_anonymous("override_note", note)
    if override_needed(kind, rank):
        assert rank is not None  # noqa: S101
        if reason not in OVERRIDE_REASONS:
            raise OverrideRequired(rank)
        if reason == "other" and not (note or "").strip():
            raise OverrideRequired(rank)
    return rank


def record_decision(
    kind: DecisionKind,
    vacancy: Vacancy,
    profile: CandidateProfile,
    *,
    by: User,
    explanation: Explanation | None,
    rank: int | None,
    override_reason: str | None = None,
    override_note: str | None = None,
) -> SuggestionDecision:
    """Log an approval or rejection with the facts the matchmaker decided on."""
    shown = last_shown(vacancy, profile) if rank is not None else None
    model = shown.model if shown else "manual"
    needed = override_needed(kind, rank)
    reasons: Iterable[Reason] = (
        (*explanation.blocked, *explanation.reasons) if explanation else ()
    )
    row = _record(
        kind,
        vacancy,
        profile,
        by=by,
        rank=rank,
        score=explanation.score if explanation else None,
        parts=matching_service.reasons_to_json(reasons),
        model=model,
        override_reason=override_reason if needed or override_reason else None,
        override_note=override_note,
    )
    db.session.flush()
    log.info("decision %s %s rank %s by user %s", row.id, kind, rank, by.id)
    return row


def retained_since() -> datetime:
    """Records newer than this must be kept (the retention period)."""
    return utcnow() - timedelta(days=RETENTION_DAYS)


# -- criteria and rates ------------------------------------------------------------------
#: Score parts that say whether the person fits the work (shown as matched/missing).
CRITERIA = (
    "same_occupation",
    "experience_years",
    "essential_skills",
    "optional_skills",
    "text_similarity",
    "distance",
    "hours_fit",
    "start_soon",
    "twv_renewals",
)
_OCCUPATION_PARTS = {
    "same_occupation",
    "related_occupation_unit_group",
    "related_occupation_minor_group",
}


def criteria(
    reasons: Iterable[Reason], weights: Weights
) -> tuple[list[str], list[str]]:
    """(matched, missing) criteria: a part is matched from half its maximum points.

    A related occupation counts as matched occupation when it earns half the points
    of the same occupation; a language one level short is always missing.
    """
    got: dict[str, float] = defaultdict(float)
    short_language = False
    for r in reasons:
        if r.code == "language_one_level_short":
            short_language = True
        code = "same_occupation" if r.code in _OCCUPATION_PARTS else r.code
        got[code] += r.contribution
    maximum = weights.as_dict()
    matched, missing = [], []
    for code in CRITERIA:
        (matched if got[code] >= maximum[code] / 2 else missing).append(code)
    if short_language:
        missing.append("language_one_level_short")
    return matched, missing


@dataclass(frozen=True)
class Rate:
    """Approvals and rejections in one group, and the share approved."""

    group: str
    approved: int
    rejected: int

    @property
    def decided(self) -> int:
        return self.approved + self.rejected

    @property
    def rate(self) -> float | None:
        return self.approved / self.decided if self.decided else None


def rank_band(rank: int | None) -> str:
    """The approval-table band of a rank ("manual": not proposed, or looked up)."""
    if rank is None:
        return "manual"
    if rank <= TOP_RANK:
        return "1-3"
    if rank <= LOW_RANK:
        return "4-10"
    return "11-20"


def approval_rates() -> dict[str, list[Rate]]:
    """Approval rate by rank band and per segment, from the real decision records."""
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    rows = db.session.execute(
        select(
            SuggestionDecision.kind,
            SuggestionDecision.rank,
            SuggestionDecision.segment_completeness,
            SuggestionDecision.segment_dutch,
            SuggestionDecision.segment_region,
        ).where(
            SuggestionDecision.kind.in_((DecisionKind.APPROVED, DecisionKind.REJECTED))
        )
    )
    for kind, rank, completeness, dutch, region in rows:
        slot = 0 if kind == DecisionKind.APPROVED else 1
        for dimension, group in (
            ("rank", rank_band(rank)),
            ("completeness", completeness),
            ("dutch", dutch),
            ("region", region),
        ):
            counts[dimension, group][slot] += 1
    out: dict[str, list[Rate]] = {
        "rank": [],
        "completeness": [],
        "dutch": [],
        "region": [],
    }
    for (dimension, group), (approved, rejected) in counts.items():
        out[dimension].append(Rate(group, approved, rejected))
    band_order = {b: i for i, b in enumerate(RANK_BANDS)}
    out["rank"].sort(key=lambda r: band_order.get(r.group, 99))
    for dimension in ("completeness", "dutch", "region"):
        out[dimension].sort(key=lambda r: r.group)
    return out


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
