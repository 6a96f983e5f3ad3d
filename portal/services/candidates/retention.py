"""Retention and the right to erasure: remove who a candidate is, keep the statistics.

Anonymising a profile deletes its identity (the vault row), empties the free texts that
could still point at the person (summary, support notes, the matchmakers' override notes
in the decision log) and stamps ``anonymised_at``.
What remains (reference, ESCO terms, dates, support kinds, outcome) no longer leads back
to a person and keeps the pilot's evaluation complete. Audit events name the profile id
only.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from matching.permits import add_months
from portal.extensions import db
from portal.models import CandidateProfile, CandidateStatus, SuggestionDecision, User
from portal.models.base import utcnow
from portal.services import audit
from portal.services.candidates.base import touch
from portal.services.candidates.consents import withdraw_consent
from portal.services.candidates.profiles import local_today

log = logging.getLogger(__name__)


#: The audit action of one retention run.
RUN_ACTION = "retention.purge_run"


class NotAllowed(Exception):
    """Only matchmakers erase people."""


@dataclass(frozen=True)
class PurgeResult:
    cutoff: date
    profile_ids: tuple[int, ...]
    refs: tuple[str, ...]
    dry_run: bool


def anonymise(profile: CandidateProfile, *, by: User | None, reason: str) -> None:
    """Delete the identity and the free texts; keep the anonymous profile."""
    if profile.identity is not None:
        db.session.delete(profile.identity)
        profile.identity = None
    profile.summary = ""
    for activity in profile.support_activities:
        activity.note = ""
    db.session.execute(
        update(SuggestionDecision)
        .where(SuggestionDecision.candidate_id == profile.id)
        .values(override_note=None)
    )
    profile.anonymised_at = utcnow()
    touch(profile)
    db.session.flush()
    audit.record_event(
        "candidate.anonymised",
        actor=by,
        object_type="candidate_profile",
        object_id=profile.id,
        details={"reason": reason},
    )
    log.info("candidate profile %s anonymised (%s)", profile.id, reason)


def erase_person(profile: CandidateProfile, *, by: User | None) -> None:
    """Right to erasure in one action: identity gone, consent ended, profile closed."""
    if by is None or not by.is_matchmaker:
        raise NotAllowed("only matchmakers erase people")
    today = local_today()
    withdraw_consent(profile, on=today, by=by)
    if profile.status != CandidateStatus.LEFT:
        before = profile.status
        profile.status = CandidateStatus.LEFT
        profile.status_reason = "erasure_request"
        profile.left_on = today
        audit.record_change(
            "candidate_profile",
            profile.id,
            from_state=str(before),
            to_state=CandidateStatus.LEFT.value,
            by=by,
            reason_code="erasure_request",
        )
    anonymise(profile, by=by, reason="erasure_request")
    audit.record_event(
        "candidate.erased",
        actor=by,
        object_type="candidate_profile",
        object_id=profile.id,
    )


def purge_cutoff(months: int, today: date | None = None) -> date:
    """People who left before this day are due for purging."""
    return add_months(today or local_today(), -months)


def due_for_purge(months: int, today: date | None = None) -> list[CandidateProfile]:
    """Profiles that left more than ``months`` ago and still carry an identity."""
    cutoff = purge_cutoff(months, today)
    return list(
        db.session.scalars(
            select(CandidateProfile)
            .where(
                CandidateProfile.status == CandidateStatus.LEFT,
                CandidateProfile.left_on < cutoff,
                CandidateProfile.anonymised_at.is_(None),
            )
            .options(
                selectinload(CandidateProfile.identity),
                selectinload(CandidateProfile.support_activities),
            )
            .order_by(CandidateProfile.id)
        )
    )


def purge(
    months: int,
    *,
    today: date | None = None,
    dry_run: bool = False,
    by: User | None = None,
    only: Collection[int] | None = None,
) -> PurgeResult:
    """Anonymise every profile due (``flask retention purge`` from cron, or an admin).

    ``only``: the profile ids an admin confirmed after the preview; of these, those
    still due are anonymised, and nobody who became due since the preview.
    Each real run, also one that found nobody, is a ``retention.purge_run`` audit event
    (who, cutoff, count), so the admin console can show the log of past runs.
    """
    if months < 1:
        raise ValueError("RETENTION_MONTHS must be at least 1")
    profiles = due_for_purge(months, today)
    if only is not None:
        confirmed = set(only)
        profiles = [p for p in profiles if p.id in confirmed]
    if not dry_run:
        for profile in profiles:
            anonymise(profile, by=by, reason="retention")
        audit.record_event(
            RUN_ACTION,
            actor=by,
            details={
                "cutoff": purge_cutoff(months, today).isoformat(),
                "months": months,
                "count": len(profiles),
            },
        )
    return PurgeResult(
        cutoff=purge_cutoff(months, today),
        profile_ids=tuple(p.id for p in profiles),
        refs=tuple(p.ref for p in profiles),
        dry_run=dry_run,
    )
