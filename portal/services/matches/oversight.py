"""Human oversight of the proposals: override reasons, the off switch, approval rates.

Matching people to jobs is high-risk under the EU AI Act (Annex III 4(a)). The
deployer must let people oversee it (art. 14, 26) and keep its logs (art. 26(6)). The
log itself — every proposal shown, every decision, with the person's segments — is
``decision_log``. Here:

* every approval or rejection is logged with the facts the matchmaker decided on, who
  decided, and — when the matchmaker goes against the order (approving a pair ranked
  below ``LOW_RANK``, rejecting one in the top ``TOP_RANK``) — a coded override reason
  (required) and an optional note, checked for identifiers (:func:`check_override`,
  :func:`record_decision`);
* an administrator can switch automated proposals off
  (``settings.definitions.AUTOMATED_SUGGESTIONS``); the portal then works with manual look-up
  only, and decisions are logged with model ``manual``;
* :func:`approval_rates` turns the records into approval rates by rank band and by
  segment (profile completeness, Dutch level, reception centre) for the Matches page.
  The region of a record is the PC4 area of the person's reception centre (where the
  profile lives, ``CandidateProfile.pc4``): one group per centre, so the pilots' centres
  in Amsterdam (1011) and Amstelveen (1187) are told apart. Records written before
  this carry the older coarse ``PC4 1xxx`` group and are shown as they are.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from matching.geo import load_postcodes
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
from portal.services.candidates import profile_input
from portal.services.matches import decision_log
from portal.services.matches import ranking as matching_service
from portal.services.settings import values

log = logging.getLogger(__name__)

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
    return values.automated_suggestions_on()


def shown_rank(
    vacancy: Vacancy, profile: CandidateProfile, by: User | None = None
) -> int | None:
    """The pair's rank in the last list it was shown on (None: looked up by hand)."""
    if not suggestions_on():
        return None
    shown = decision_log.last_shown(vacancy, profile, by)
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
    by: User | None = None,
) -> int | None:
    """Raise unless a needed override reason is given; returns the pair's rank.

    The rank is the one on the last list ``by`` was shown (``decision_log.last_shown``):
    the full lists and the panels of the vacancy and candidate pages are all logged, so
    a decision taken from any of them knows its rank. Raises :class:`OverrideRequired`
    or ``IdentifiersFound`` (field ``override_note``): nothing is written before the
    checks pass.
    """
    rank = shown_rank(vacancy, profile, by)
    if note:
        profile_input.check_anonymous("override_note", note)
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
    shown = decision_log.last_shown(vacancy, profile, by) if rank is not None else None
    model = shown.model if shown else "manual"
    needed = override_needed(kind, rank)
    reasons: Iterable[Reason] = (
        (*explanation.blocked, *explanation.reasons) if explanation else ()
    )
    row = decision_log.add_record(
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
    #: How the group reads on the page, when not by its code (reception centres).
    label: str | None = None

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
    centres = centre_labels(
        group for dimension, group in counts if dimension == "region"
    )
    for (dimension, group), (approved, rejected) in counts.items():
        label = centres.get(group) if dimension == "region" else None
        out[dimension].append(Rate(group, approved, rejected, label))
    band_order = {b: i for i, b in enumerate(RANK_BANDS)}
    out["rank"].sort(key=lambda r: band_order.get(r.group, 99))
    for dimension in ("completeness", "dutch"):
        out[dimension].sort(key=lambda r: r.group)
    out["region"].sort(key=lambda r: r.label or r.group)
    return out


def centre_labels(regions: Iterable[str]) -> dict[str, str]:
    """ "AZC Kronenburg (1187 Amstelveen)" for each reception-centre PC4 in ``regions``.

    The centres are the ones profiles name for that PC4 today (one query); a PC4 no
    profile names any more keeps its place name. Older records' ``PC4 1xxx`` groups
    are left as they are.
    """
    wanted = {r for r in regions if len(r) == 4 and r.isdigit()}
    if not wanted:
        return {}
    names: dict[str, set[str]] = defaultdict(set)
    for pc4, centre in db.session.execute(
        select(CandidateProfile.pc4, CandidateProfile.reception_centre)
        .where(CandidateProfile.pc4.in_(wanted))
        .distinct()
    ):
        if (centre or "").strip():
            names[pc4].add(centre.strip())
    postcodes = load_postcodes()
    out = {}
    for pc4 in wanted:
        point = postcodes.get(pc4)
        area = f"{pc4} {point.place}" if point else pc4
        centres = " / ".join(sorted(names.get(pc4, ())))
        out[pc4] = f"{centres} ({area})" if centres else area
    return out
