"""Question 4: successes and bottlenecks — the funnel, every coded "no", the TWV, COA moves
and the jobs kept or lost across a planned COA transfer.

Only codes and dates are counted; notes (free text that may identify someone) are never
read. Earlier reason codes count as their current code (``common.coded``).

A job lost through a COA move has one definition: a hire that ended early (or never
started) with the reason ``relocated_by_coa``. Recording the retention outcome "lost the
job" after a planned transfer ends the hire with that reason (services/permits/retention),
so it is counted here once, on the day the hire ended.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, select

from portal.extensions import db
from portal.models import (
    Consent,
    Hire,
    HireStatus,
    Match,
    Relocation,
    StatusChange,
)
from portal.services.evaluation.common import coded, in_centre
from portal.services.evaluation.figures import PERCENT, Block, Figure, Section, share
from portal.services.evaluation.labels import NO_STATE_LABELS, _, reason_label
from portal.services.evaluation.period import Filters, at_times, on_dates
from portal.services.evaluation.permits import twv_figures
from portal.services.permits import retention

#: The end reason of a job lost through a COA move.
JOB_LOST_REASON = "relocated_by_coa"

#: The funnel's steps with the match states that mean the step was reached (a later
#: state implies the earlier steps; declined comes after approval, not_hired after the
#: introduction).
STEPS: list[tuple[str, int]] = [
    ("suggested", 0),
    ("approved", 1),
    ("invited", 2),
    ("introduced", 3),
    ("hired", 4),
]
RANK = {
    "suggested": 0,
    "rejected": 0,
    "withdrawn": 0,
    "approved": 1,
    "declined": 1,
    "invited": 2,
    "introduced": 3,
    "interview_planned": 3,
    "offer": 3,
    "not_hired": 3,
    "hired": 4,
}
STEP_LABELS = {
    "suggested": "Voorgesteld",
    "approved": "Goedgekeurd",
    "invited": "Werkgever geïnteresseerd",
    "introduced": "Voorgesteld aan elkaar (introductie)",
    "hired": "Aangenomen",
}


def _rank(column):
    return case(*((column == state, rank) for state, rank in RANK.items()), else_=0)


def _funnel(filters: Filters) -> tuple[list[Figure], list, dict[str, int]]:
    history = (
        select(
            StatusChange.object_id.label("match_id"),
            func.max(_rank(StatusChange.to_state)).label("rank"),
        )
        .where(StatusChange.object_type == "match")
        .group_by(StatusChange.object_id)
        .subquery("history")
    )
    current = _rank(Match.status)
    reached = case((history.c.rank > current, history.c.rank), else_=current)
    stmt = in_centre(
        select(
            *(
                func.coalesce(func.sum(case((reached >= rank, 1), else_=0)), 0)
                for _step, rank in STEPS
            )
        )
        .select_from(Match)
        .outerjoin(history, history.c.match_id == Match.id)
        .where(at_times(Match.created_at, filters)),
        Match.candidate_id,
        filters,
    )
    counts = [int(v) for v in db.session.execute(stmt).one()]
    figures: list[Figure] = []
    relations = []
    virtual = {}
    for i, ((step, _r), n) in enumerate(zip(STEPS, counts, strict=True)):
        figures.append(Figure(f"funnel.{step}", _(STEP_LABELS[step]), n))
        if i:
            prev = STEPS[i - 1][0]
            figures.append(
                Figure(
                    f"funnel.{step}.conversion",
                    _(
                        "Van %(before)s naar %(after)s",
                        before=_(STEP_LABELS[prev]).lower(),
                        after=_(STEP_LABELS[step]).lower(),
                    ),
                    share(n, counts[i - 1]),
                    PERCENT,
                    derived_from=(f"funnel.{prev}", f"funnel.{step}"),
                )
            )
            relations.append(
                (f"funnel.{prev}", [f"funnel.{step}", f"funnel.{step}.dropped"])
            )
            virtual[f"funnel.{step}.dropped"] = counts[i - 1] - n
    return figures, relations, virtual


def _match_noes(filters: Filters) -> list[tuple[str, str | None, int]]:
    reason = coded(StatusChange.reason_code)
    stmt = in_centre(
        select(StatusChange.to_state, reason, func.count())
        .select_from(StatusChange)
        .join(
            Match,
            and_(
                StatusChange.object_type == "match", Match.id == StatusChange.object_id
            ),
        )
        .where(
            StatusChange.to_state.in_(list(NO_STATE_LABELS)),
            at_times(StatusChange.at, filters),
        )
        .group_by(StatusChange.to_state, reason),
        Match.candidate_id,
        filters,
    )
    return [(s, r, int(n)) for s, r, n in db.session.execute(stmt).all()]


def _grouped(stmt, key_prefix: str) -> list[Figure]:
    return [
        Figure(f"{key_prefix}.{code or 'none'}", reason_label(code), int(n))
        for code, n in sorted(db.session.execute(stmt).all(), key=lambda r: r[0] or "")
    ]


def bottlenecks(filters: Filters) -> Section:
    funnel, relations, virtual = _funnel(filters)
    noes = _match_noes(filters)
    blocks = [Block("funnel", _("Van voorstel tot aanstelling"), funnel, chart=True)]
    for state, label in NO_STATE_LABELS.items():
        rows = sorted((r, n) for s, r, n in noes if s == state)
        figures = [
            Figure(f"no.{state}.{r or 'none'}", reason_label(r), n) for r, n in rows
        ]
        total = Figure(f"no.{state}", str(label), sum(n for _r, n in rows))
        blocks.append(
            Block(f"no.{state}", str(label), [total, *figures], chart=bool(figures))
        )
        relations.append((total.key, [f.key for f in figures]))

    end_reason = coded(Hire.end_reason_code)
    hire_reasons = _grouped(
        in_centre(
            select(end_reason, func.count())
            .where(
                Hire.status.in_([HireStatus.ENDED_EARLY, HireStatus.CANCELLED]),
                Hire.ended_on.is_not(None),
                on_dates(Hire.ended_on, filters),
            )
            .group_by(end_reason),
            Hire.candidate_id,
            filters,
        ),
        "no.hire_ended",
    )
    hire_total = Figure(
        "no.hire_ended",
        _("Aanstelling eerder beëindigd of niet begonnen"),
        sum(f.value or 0 for f in hire_reasons),
    )
    blocks.append(
        Block(
            "no.hire_ended",
            hire_total.label,
            [hire_total, *hire_reasons],
            chart=bool(hire_reasons),
        )
    )
    relations.append((hire_total.key, [f.key for f in hire_reasons]))

    relocated_people, relocations = db.session.execute(
        in_centre(
            select(
                func.count(func.distinct(Relocation.profile_id)), func.count()
            ).where(on_dates(Relocation.moved_on, filters)),
            Relocation.profile_id,
            filters,
        )
    ).one()
    consent_withdrawn = (
        db.session.scalar(
            in_centre(
                select(func.count(func.distinct(Consent.profile_id)))
                .select_from(StatusChange)
                .join(
                    Consent,
                    and_(
                        StatusChange.object_type == "consent",
                        Consent.id == StatusChange.object_id,
                    ),
                )
                .where(
                    StatusChange.to_state == "withdrawn",
                    at_times(StatusChange.at, filters),
                ),
                Consent.profile_id,
                filters,
            )
        )
        or 0
    )
    # The same hires as "no.hire_ended.relocated_by_coa" (one definition, one query).
    jobs_lost = next(
        (
            int(f.value or 0)
            for f in hire_reasons
            if f.key == f"no.hire_ended.{JOB_LOST_REASON}"
        ),
        0,
    )
    blocks.append(
        Block(
            "events",
            _("Verhuizingen, toestemming en banen"),
            [
                Figure(
                    "events.relocated_people",
                    _("Personen verhuisd door COA"),
                    int(relocated_people),
                ),
                Figure(
                    "events.relocations", _("Verhuizingen door COA"), int(relocations)
                ),
                Figure(
                    "events.consent_withdrawn",
                    _("Personen die hun toestemming introkken"),
                    int(consent_withdrawn),
                ),
                Figure(
                    "events.jobs_lost_coa",
                    _("Banen verloren door een verhuizing door COA"),
                    int(jobs_lost),
                ),
            ],
        )
    )
    kept = retention.outcome_counts(filters.start, filters.end, filters.centre)
    retention_rows = [
        Figure(
            "retention.jobs",
            _("Banen van werkenden met een geplande verhuizing door COA"),
            sum(kept.values()),
        ),
        Figure("retention.kept_job", _("Werk behouden"), kept["kept_job"]),
        Figure("retention.lost_job", _("Werk verloren"), kept["lost_job"]),
        Figure("retention.open", _("Uitkomst nog niet vastgelegd"), kept["open"]),
    ]
    blocks.append(
        Block(
            "retention",
            _("Werk behouden bij een verhuizing door COA"),
            retention_rows,
            chart=True,
        )
    )
    relations.append(("retention.jobs", [f.key for f in retention_rows[1:]]))
    twv, twv_relations, twv_virtual = twv_figures(filters)
    blocks.append(Block("twv", _("Tewerkstellingsvergunning (TWV)"), twv, chart=True))
    relations.extend(twv_relations)
    virtual.update(twv_virtual)
    return Section(
        key="bottlenecks",
        number=4,
        title=_("Successen en knelpunten"),
        definitions=[
            _(
                "Trechter: matches die in de periode zijn voorgesteld, en hoeveel daarvan elke stap bereikten (ook als ze later stopten); conversie is het deel van de vorige stap."
            ),
            _(
                "Elk 'nee' telt met zijn vastgelegde reden, op de dag van de beslissing; vrije toelichtingen staan nooit in het rapport."
            ),
            _(
                "TWV: dagen van indienen tot besluit, voor besluiten in de periode; de wettelijke termijn is 5 weken (35 dagen), in de praktijk tot 9 weken (63 dagen)."
            ),
            _(
                "Verlopen: een verleende TWV waarvan de laatste geldige dag in de periode ligt, zonder verlenging, terwijl het dossier nog open was."
            ),
            _(
                "Banen verloren door een verhuizing: aanstellingen die in de periode eerder eindigden of niet begonnen met de reden 'Verhuisd door COA'. Legt de matchmaker na een geplande verhuizing 'werk verloren' vast, dan eindigt de aanstelling met die reden: zo telt elke verloren baan één keer."
            ),
            _(
                "Werk behouden bij een verhuizing: de banen van mensen die werkten (contract gepland of lopend) toen het COA een verhuizing vastlegde met een geplande datum in de periode, naar de uitkomst die de matchmaker vastlegde: werk behouden, werk verloren of nog onbekend. Een gebeurtenis die als vergissing is gemarkeerd telt niet."
            ),
        ],
        blocks=blocks,
        relations=relations,
        virtual=virtual,
    )
