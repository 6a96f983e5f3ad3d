"""Questions 1 and 2: how many asylum seekers the Werkplein reaches (with COA's referrals),
and which support they use."""

from __future__ import annotations

from sqlalchemy import func, select, union

from portal.extensions import db
from portal.models import CandidateProfile, Match, SupportActivity, SupportType
from portal.services.evaluation import setup
from portal.services.evaluation.common import first_intakes, in_centre
from portal.services.evaluation.figures import PERCENT, Block, Figure, Section, share
from portal.services.evaluation.labels import _, month_label, support_label
from portal.services.evaluation.period import Filters, at_times, on_dates
from portal.services.permits import referrals


def _reached(filters: Filters):
    """Subquery of the distinct profile ids with a support activity or a match in the period."""
    activities = in_centre(
        select(SupportActivity.profile_id.label("pid")).where(
            on_dates(SupportActivity.done_on, filters)
        ),
        SupportActivity.profile_id,
        filters,
    )
    matches = in_centre(
        select(Match.candidate_id.label("pid")).where(
            at_times(Match.created_at, filters)
        ),
        Match.candidate_id,
        filters,
    )
    return union(activities, matches).subquery("reached")


def reach(filters: Filters) -> Section:
    reached = _reached(filters)
    per_centre = db.session.execute(
        select(CandidateProfile.reception_centre, func.count())
        .select_from(reached)
        .join(CandidateProfile, CandidateProfile.id == reached.c.pid)
        .group_by(CandidateProfile.reception_centre)
        .order_by(CandidateProfile.reception_centre)
    ).all()
    residents = setup.residents_by_centre()
    total = sum(n for _c, n in per_centre)

    intake = first_intakes()
    months = filters.months()
    year = func.extract("year", intake.c.first_on)
    month = func.extract("month", intake.c.first_on)
    by_month = {
        (int(y), int(m)): int(n)
        for y, m, n in db.session.execute(
            in_centre(
                select(year, month, func.count())
                .select_from(intake)
                .where(on_dates(intake.c.first_on, filters))
                .group_by(year, month),
                intake.c.profile_id,
                filters,
            )
        ).all()
    }
    intakes_total = sum(by_month.values())

    referred = referrals.referral_counts(filters.start, filters.end, filters.centre)
    referral_rows = [
        Figure(
            "referrals.total", _("Doorverwezen door het COA"), sum(referred.values())
        ),
        Figure("referrals.intake", _("Intake gedaan"), referred["intake"]),
        Figure(
            "referrals.declined",
            _("Niet opgepakt door het Werkplein"),
            referred["declined"],
        ),
        Figure(
            "referrals.withdrawn",
            _("Ingetrokken door het COA"),
            referred["withdrawn"],
        ),
        Figure("referrals.open", _("Nog open"), referred["sent"]),
    ]

    centres = [c for c, _n in per_centre]
    with_count = [c for c in centres if c in residents]
    reached_known = sum(n for c, n in per_centre if c in residents)
    residents_known = sum(residents[c] for c in with_count)
    headline = [
        Figure("reach.participants", _("Bereikte kandidaten"), total),
        Figure("reach.intakes", _("Nieuwe intakes"), intakes_total),
        Figure(
            "reach.share_of_residents",
            _("Deel van de bewoners bereikt"),
            share(reached_known, residents_known),
            PERCENT,
            derived_from=("reach.participants",)
            if reached_known == total
            else tuple(f"reach.centre.{c}" for c in with_count),
        ),
    ]
    centre_rows = [Figure(f"reach.centre.{c}", c, n) for c, n in per_centre] + [
        Figure(
            f"reach.centre_share.{c}",
            _(
                "%(centre)s: deel van %(residents)s bewoners",
                centre=c,
                residents=residents[c],
            ),
            share(n, residents[c]),
            PERCENT,
            derived_from=(f"reach.centre.{c}",),
        )
        for c, n in per_centre
        if c in residents
    ]
    month_rows = [
        Figure(
            f"reach.intakes.{y:04d}-{m:02d}", month_label(y, m), by_month.get((y, m), 0)
        )
        for y, m in months
    ]
    return Section(
        key="reach",
        number=1,
        title=_("Bereik: hoeveel asielzoekers gebruiken de ondersteuning?"),
        definitions=[
            _(
                "Bereikt: verschillende kandidaten met ten minste één ondersteuningsactiviteit of match in de periode."
            ),
            _(
                "Nieuwe intake: de eerste intake-activiteit van een kandidaat valt in de periode (per maand)."
            ),
            _(
                "Deel van de bewoners: bereikte kandidaten van een opvanglocatie gedeeld door het aantal bewoners dat de beheerder voor die locatie heeft ingevoerd."
            ),
            _(
                "Doorverwezen door het COA: bewoners die de Meedoenbalie van het COA in de periode naar het Werkplein doorverwees (datum van de verwijzing; per opvanglocatie de locatie op de verwijzing), met de uitkomst van vandaag: intake gedaan, niet opgepakt (met een gecodeerde reden), ingetrokken of nog open."
            ),
        ],
        blocks=[
            Block("reach.headline", _("Bereik in de periode"), headline),
            Block(
                "reach.by_centre",
                _("Bereikt per opvanglocatie"),
                centre_rows,
                chart=True,
            ),
            Block(
                "reach.by_month", _("Nieuwe intakes per maand"), month_rows, chart=True
            ),
            Block(
                "reach.referrals",
                _("Doorverwijzingen door het COA en hun uitkomst"),
                referral_rows,
                chart=True,
            ),
        ],
        relations=[
            ("reach.participants", [f"reach.centre.{c}" for c in centres]),
            ("reach.intakes", [f.key for f in month_rows]),
            ("referrals.total", [f.key for f in referral_rows[1:]]),
        ],
    )


def support(filters: Filters) -> Section:
    rows = db.session.execute(
        in_centre(
            select(
                SupportActivity.type,
                func.count(func.distinct(SupportActivity.profile_id)),
                func.count(),
            )
            .where(on_dates(SupportActivity.done_on, filters))
            .group_by(SupportActivity.type),
            SupportActivity.profile_id,
            filters,
        )
    ).all()
    found = {str(t): (int(p), int(a)) for t, p, a in rows}
    people_total = (
        db.session.scalar(
            in_centre(
                select(func.count(func.distinct(SupportActivity.profile_id))).where(
                    on_dates(SupportActivity.done_on, filters)
                ),
                SupportActivity.profile_id,
                filters,
            )
        )
        or 0
    )
    types = [t.value for t in SupportType]
    counted = {t: found.get(t, (0, 0))[0] for t in types}
    people = [
        Figure(f"support.people.{t}", support_label(t), found.get(t, (0, 0))[0])
        for t in types
    ]
    activities = [
        Figure(f"support.activities.{t}", support_label(t), found.get(t, (0, 0))[1])
        for t in types
    ]
    total_activities = sum(f.value or 0 for f in activities)
    return Section(
        key="support",
        number=2,
        title=_("Ondersteuning: welke ondersteuning wordt gebruikt?"),
        definitions=[
            _(
                "Personen: verschillende kandidaten met ten minste één activiteit van die soort in de periode; één persoon kan bij meer soorten meetellen."
            ),
            _(
                "Activiteiten: het aantal vastgelegde activiteiten van die soort in de periode."
            ),
        ],
        blocks=[
            Block(
                "support.headline",
                _("Ondersteuning in de periode"),
                [
                    Figure(
                        "support.people",
                        _("Personen met ondersteuning"),
                        int(people_total),
                    ),
                    Figure(
                        "support.activities", _("Activiteiten"), int(total_activities)
                    ),
                ],
            ),
            Block(
                "support.by_type_people",
                _("Personen per soort ondersteuning"),
                people,
                chart=True,
            ),
            Block(
                "support.by_type_activities",
                _("Activiteiten per soort ondersteuning"),
                activities,
                chart=True,
            ),
        ],
        # Everyone with a support type is one of the people with support: the rest
        # (people with support but not of that type) is a complement to protect.
        relations=[
            ("support.activities", [f.key for f in activities]),
            *(
                (
                    "support.people",
                    [f"support.people.{t}", f"support.people~without~{t}"],
                )
                for t in types
            ),
        ],
        virtual={
            f"support.people~without~{t}": int(people_total) - counted[t] for t in types
        },
    )
