"""Question 3: at work after mediation, and the cost per person in work.

A placement is a confirmed hire (``Hire.confirmed_at`` set) that was not cancelled,
with its contract start in the period. It came *through Werkbrug* when it was proposed
on a match in the portal (``Hire.source == "match"``), else it was *found outside the
portal* and recorded with the stand-alone form; both are shown, and their sum. Follow-ups
are those of all placements.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import case, exists, func, select

from portal.domain import pilot_reference as ref
from portal.extensions import db
from portal.models import Employer, FollowUp, Hire, HireStatus
from portal.models.base import local_today
from portal.services.evaluation import setup
from portal.services.evaluation.common import first_intakes, in_centre
from portal.services.evaluation.figures import (
    EURO,
    PERCENT,
    Block,
    Figure,
    Section,
    amount,
    share,
)
from portal.services.evaluation.labels import SECTOR_LABELS, _, sector_label
from portal.services.evaluation.period import Filters, days_between, on_dates

#: ``Hire.source`` of a hire proposed on a match in the portal.
THROUGH_WERKBRUG = "match"


def confirmed_placements(filters: Filters):
    """Select of the confirmed, not cancelled hires starting in the period."""
    return in_centre(
        select(Hire.id, Hire.candidate_id, Hire.employer_id, Hire.source).where(
            Hire.confirmed_at.is_not(None),
            Hire.status != HireStatus.CANCELLED,
            on_dates(Hire.contract_start, filters),
        ),
        Hire.candidate_id,
        filters,
    ).subquery("placement")


def _follow_up_counts(placements, months: int) -> tuple[int, int]:
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(
                func.sum(case((FollowUp.still_at_work.is_(True), 1), else_=0)), 0
            ),
        )
        .select_from(FollowUp)
        .join(placements, placements.c.id == FollowUp.hire_id)
        .where(FollowUp.months == months, FollowUp.still_at_work.is_not(None))
    ).one()
    return int(row[0]), int(row[1])


def _six_months_after_intake(filters: Filters) -> tuple[int, int]:
    """(people whose intake in the period is six months past, those then in paid work)."""
    intake = first_intakes()
    # Six months after an intake near the period's end lie after it: judged up to today.
    cutoff = local_today() - timedelta(days=ref.SIX_MONTHS_DAYS)
    at_work = exists().where(
        Hire.candidate_id == intake.c.profile_id,
        Hire.confirmed_at.is_not(None),
        Hire.status.not_in([HireStatus.CANCELLED, HireStatus.PROPOSED]),
        days_between(intake.c.first_on, Hire.contract_start) <= ref.SIX_MONTHS_DAYS,
        days_between(intake.c.first_on, func.coalesce(Hire.ended_on, Hire.contract_end))
        >= ref.SIX_MONTHS_DAYS,
    )
    row = db.session.execute(
        in_centre(
            select(
                func.count(),
                func.coalesce(func.sum(case((at_work, 1), else_=0)), 0),
            )
            .select_from(intake)
            .where(
                on_dates(intake.c.first_on, filters),
                intake.c.first_on <= cutoff,
            ),
            intake.c.profile_id,
            filters,
        )
    ).one()
    return int(row[0]), int(row[1])


def work(filters: Filters) -> Section:
    placements = confirmed_placements(filters)
    hires, people, through_werkbrug = db.session.execute(
        select(
            func.count(),
            func.count(func.distinct(placements.c.candidate_id)),
            func.coalesce(
                func.sum(case((placements.c.source == THROUGH_WERKBRUG, 1), else_=0)),
                0,
            ),
        ).select_from(placements)
    ).one()
    outside = int(hires) - int(through_werkbrug)
    by_sector = dict(
        db.session.execute(
            select(Employer.sector, func.count())
            .select_from(placements)
            .join(Employer, Employer.id == placements.c.employer_id)
            .group_by(Employer.sector)
        ).all()
    )
    recorded_3, still_3 = _follow_up_counts(placements, 3)
    recorded_6, still_6 = _follow_up_counts(placements, 6)
    cohort, in_work = _six_months_after_intake(filters)
    budget = setup.budget()

    sectors = [
        Figure(f"work.sector.{s}", sector_label(s), int(by_sector.get(s, 0)))
        for s in SECTOR_LABELS
    ]
    amsterdam_share = share(
        ref.AMSTERDAM_IN_WORK_AFTER_SIX_MONTHS, ref.AMSTERDAM_PARTICIPANTS
    )
    return Section(
        key="work",
        number=3,
        title=_("Aan het werk na bemiddeling"),
        definitions=[
            _(
                "Plaatsing: een door de matchmaker bevestigde aanstelling (niet geannuleerd) met de start van het contract in de periode."
            ),
            _(
                "Via Werkbrug: de aanstelling kwam uit een match in de portal (voorgesteld door de werkgever op de match). Buiten de portal gevonden: de matchmaker legde een aanstelling vast die de kandidaat zelf of via anderen vond. Samen zijn ze de bevestigde plaatsingen."
            ),
            _(
                "Nog aan het werk: bij de nacontrole na 3 of 6 maanden vastgelegd als nog aan het werk; alleen vastgelegde nacontroles tellen."
            ),
            _(
                "Na zes maanden aan het werk: van de kandidaten met hun eerste intake in de periode en ten minste %(days)s dagen voor vandaag, het deel met een bevestigde aanstelling die op de dag %(days)s dagen na de intake liep.",
                days=ref.SIX_MONTHS_DAYS,
            ),
            _(
                "Kosten per persoon aan het werk: het pilotbudget (instelling) gedeeld door het aantal verschillende personen met een plaatsing."
            ),
            _("Referentie Amsterdam: %(source)s.", source=ref.AMSTERDAM_SOURCE),
        ],
        blocks=[
            Block(
                "work.placements",
                _("Plaatsingen"),
                [
                    Figure("work.placements", _("Bevestigde plaatsingen"), int(hires)),
                    Figure(
                        "work.placements.werkbrug",
                        _("Aangenomen via Werkbrug (uit een match)"),
                        int(through_werkbrug),
                    ),
                    Figure(
                        "work.placements.outside",
                        _("Buiten de portal gevonden"),
                        outside,
                    ),
                    Figure(
                        "work.people_in_work",
                        _("Personen met een plaatsing"),
                        int(people),
                    ),
                    Figure(
                        "work.follow_up_3.recorded",
                        _("Nacontroles na 3 maanden vastgelegd"),
                        recorded_3,
                    ),
                    Figure(
                        "work.follow_up_3.still",
                        _("Na 3 maanden nog aan het werk"),
                        still_3,
                    ),
                    Figure(
                        "work.follow_up_6.recorded",
                        _("Nacontroles na 6 maanden vastgelegd"),
                        recorded_6,
                    ),
                    Figure(
                        "work.follow_up_6.still",
                        _("Na 6 maanden nog aan het werk"),
                        still_6,
                    ),
                ],
            ),
            Block(
                "work.six_months",
                _("Betaald werk zes maanden na de intake"),
                [
                    Figure(
                        "work.six_months.cohort",
                        _("Deelnemers (intake zes maanden of langer geleden)"),
                        cohort,
                    ),
                    Figure(
                        "work.six_months.in_work",
                        _("Met betaald werk na zes maanden"),
                        in_work,
                    ),
                    Figure(
                        "work.six_months.share",
                        _("Deel met betaald werk na zes maanden"),
                        share(in_work, cohort),
                        PERCENT,
                        derived_from=(
                            "work.six_months.cohort",
                            "work.six_months.in_work",
                        ),
                    ),
                    Figure(
                        "ref.amsterdam.participants",
                        _("Amsterdam: deelnemers"),
                        ref.AMSTERDAM_PARTICIPANTS,
                        reference=True,
                    ),
                    Figure(
                        "ref.amsterdam.in_work",
                        _("Amsterdam: met betaald werk na een half jaar"),
                        ref.AMSTERDAM_IN_WORK_AFTER_SIX_MONTHS,
                        reference=True,
                    ),
                    Figure(
                        "ref.amsterdam.share",
                        _("Amsterdam: deel met betaald werk"),
                        amsterdam_share,
                        PERCENT,
                        reference=True,
                    ),
                ],
            ),
            Block("work.by_sector", _("Plaatsingen per sector"), sectors, chart=True),
            Block(
                "work.cost",
                _("Kosten per persoon aan het werk"),
                [
                    Figure(
                        "work.budget", _("Pilotbudget"), budget, EURO, reference=True
                    ),
                    Figure(
                        "work.cost_per_person",
                        _("Kosten per persoon aan het werk"),
                        amount(budget, int(people)),
                        EURO,
                        derived_from=("work.people_in_work",),
                    ),
                    Figure(
                        "ref.amsterdam.cost_per_person",
                        _("Amsterdam: kosten per persoon aan het werk (ongeveer)"),
                        ref.AMSTERDAM_COST_PER_PERSON_IN_WORK,
                        EURO,
                        reference=True,
                    ),
                ],
            ),
        ],
        relations=[
            ("work.placements", [f.key for f in sectors]),
            (
                "work.placements",
                ["work.placements.werkbrug", "work.placements.outside"],
            ),
            (
                "work.follow_up_3.recorded",
                ["work.follow_up_3.still", "work.follow_up_3.stopped"],
            ),
            (
                "work.follow_up_6.recorded",
                ["work.follow_up_6.still", "work.follow_up_6.stopped"],
            ),
            (
                "work.six_months.cohort",
                ["work.six_months.in_work", "work.six_months.not_in_work"],
            ),
        ],
        virtual={
            "work.follow_up_3.stopped": recorded_3 - still_3,
            "work.follow_up_6.stopped": recorded_6 - still_6,
            "work.six_months.not_in_work": cohort - in_work,
        },
    )
