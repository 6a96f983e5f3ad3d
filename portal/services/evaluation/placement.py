"""Question 5: placement (housing) in the municipality after a residence permit.

Of the people whose residence permit date falls in the period: how many were linked to
the pilot municipality (config ``MUNICIPALITY``), and, of those with a confirmed hire,
how many to a municipality within 50 km of the workplace of their latest confirmed hire.
A municipality's point is the mean of its PC4 centroids in the shipped postcode data
(matching/data/nl_pc4.csv.gz has a municipality per PC4); the workplace's point is the
employer's workplace PC4. The database groups by (linked municipality, workplace PC4);
only those distinct pairs reach Python for the distance.
"""

from __future__ import annotations

import functools

from flask import current_app
from sqlalchemy import func, select

from matching.geo import haversine_km, load_postcodes
from portal.domain import pilot_reference as ref
from portal.extensions import db
from portal.models import CandidateProfile, Employer, Hire, HireStatus
from portal.services.evaluation.common import in_centre
from portal.services.evaluation.figures import PERCENT, Block, Figure, Section, share
from portal.services.evaluation.labels import _
from portal.services.evaluation.period import Filters, on_dates


@functools.cache
def municipality_points() -> dict[str, tuple[float, float]]:
    """Lower-cased municipality name -> mean (lat, lon) of its PC4 centroids."""
    table = load_postcodes()
    sums: dict[str, list[float]] = {}
    for code in table.codes:
        point = table.get(code)
        if point is None or not point.municipality:
            continue
        acc = sums.setdefault(point.municipality.lower(), [0.0, 0.0, 0.0])
        acc[0] += point.lat
        acc[1] += point.lon
        acc[2] += 1
    return {name: (a / n, b / n) for name, (a, b, n) in sums.items()}


def distance_to_workplace(municipality: str, pc4: str) -> float | None:
    """km from the municipality's point to the workplace PC4, or None if either is unknown."""
    point = municipality_points().get(municipality.strip().lower())
    work = load_postcodes().get(pc4)
    if point is None or work is None:
        return None
    return float(haversine_km(point[0], point[1], work.lat, work.lon))


def placement(filters: Filters) -> Section:
    pilot = str(current_app.config["MUNICIPALITY"])
    permit = in_centre(
        select(CandidateProfile.id, CandidateProfile.linked_municipality).where(
            CandidateProfile.residence_permit_on.is_not(None),
            on_dates(CandidateProfile.residence_permit_on, filters),
        ),
        CandidateProfile.id,
        filters,
    ).subquery("permit")
    permits, linked, linked_pilot = db.session.execute(
        select(
            func.count(),
            func.count(permit.c.linked_municipality),
            func.coalesce(
                func.sum(
                    func.cast(
                        func.lower(permit.c.linked_municipality) == pilot.lower(),
                        db.Integer,
                    )
                ),
                0,
            ),
        ).select_from(permit)
    ).one()
    latest = (
        select(Hire.candidate_id, func.max(Hire.id).label("hire_id"))
        .where(Hire.confirmed_at.is_not(None), Hire.status != HireStatus.CANCELLED)
        .group_by(Hire.candidate_id)
        .subquery("latest_hire")
    )
    pairs = db.session.execute(
        select(permit.c.linked_municipality, Employer.workplace_pc4, func.count())
        .select_from(permit)
        .join(latest, latest.c.candidate_id == permit.c.id)
        .join(Hire, Hire.id == latest.c.hire_id)
        .join(Employer, Employer.id == Hire.employer_id)
        .where(permit.c.linked_municipality.is_not(None))
        .group_by(permit.c.linked_municipality, Employer.workplace_pc4)
    ).all()
    with_work = within = 0
    for municipality, pc4, n in pairs:
        km = distance_to_workplace(municipality, pc4)
        if km is None:
            continue  # an unknown name: not counted in either figure
        with_work += int(n)
        within += int(n) if km <= ref.LINK_DISTANCE_KM else 0
    return Section(
        key="placement",
        number=5,
        title=_("Huisvesting in de gemeente na een verblijfsvergunning"),
        definitions=[
            _(
                "Met verblijfsvergunning: kandidaten met de datum van hun verblijfsvergunning in de periode."
            ),
            _(
                "Gekoppeld aan %(municipality)s: de gemeente waaraan de persoon voor huisvesting is gekoppeld is de pilotgemeente (instelling MUNICIPALITY).",
                municipality=pilot,
            ),
            _(
                "Binnen %(km)s km van het werk: van de gekoppelde personen met een bevestigde aanstelling, de gemeente ligt binnen %(km)s km van de werkplek van hun laatste aanstelling (midden van de postcodegebieden van de gemeente tot het postcodegebied van de werkplek, hemelsbreed).",
                km=ref.LINK_DISTANCE_KM,
            ),
        ],
        blocks=[
            Block(
                "placement",
                _("Koppeling aan een gemeente"),
                [
                    Figure(
                        "placement.permits",
                        _("Kandidaten met een verblijfsvergunning"),
                        int(permits),
                    ),
                    Figure(
                        "placement.linked", _("Gekoppeld aan een gemeente"), int(linked)
                    ),
                    Figure(
                        "placement.linked_pilot",
                        _("Gekoppeld aan %(municipality)s", municipality=pilot),
                        int(linked_pilot),
                    ),
                    Figure(
                        "placement.linked_pilot.share",
                        _("Deel gekoppeld aan %(municipality)s", municipality=pilot),
                        share(int(linked_pilot), int(permits)),
                        PERCENT,
                        derived_from=("placement.permits", "placement.linked_pilot"),
                    ),
                    Figure(
                        "placement.with_work",
                        _("Gekoppeld en met een aanstelling"),
                        with_work,
                    ),
                    Figure(
                        "placement.within_50km",
                        _(
                            "Gekoppeld binnen %(km)s km van het werk",
                            km=ref.LINK_DISTANCE_KM,
                        ),
                        within,
                    ),
                    Figure(
                        "placement.within_50km.share",
                        _(
                            "Deel binnen %(km)s km van het werk",
                            km=ref.LINK_DISTANCE_KM,
                        ),
                        share(within, with_work),
                        PERCENT,
                        derived_from=("placement.with_work", "placement.within_50km"),
                    ),
                ],
                chart=False,
            )
        ],
        relations=[
            ("placement.permits", ["placement.linked", "placement.not_linked"]),
            (
                "placement.linked",
                ["placement.linked_pilot", "placement.linked_elsewhere"],
            ),
            ("placement.with_work", ["placement.within_50km", "placement.beyond_50km"]),
        ],
        virtual={
            "placement.not_linked": int(permits) - int(linked),
            "placement.linked_elsewhere": int(linked) - int(linked_pilot),
            "placement.beyond_50km": with_work - within,
        },
    )
