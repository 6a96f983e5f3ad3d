"""The hand-set weights of the match score: the one place where they are decided.

A score is a sum of named parts, each worth at most its weight in points; the positive
weights of a fully structured profile add up to 100. The algorithm-register page
(:mod:`matching.register`) and the learning report read these values, so the public
explanation can never drift from the code.

Why these numbers: what the person can do decides most of the match (occupation,
experience and skills: 56 of 100 points, the free text 10 more), and practical fit
(distance, hours, how soon, TWV renewals: 34) orders the people who can do the work.
In the pilots (Amsterdam 2025: hospitality, production, logistics, cleaning) most work
needs little certification, so a related occupation still earns well over half of
the occupation points. Hard rules are not weights: they block a pair outright. The
weights are a starting point set by hand; :mod:`matching.learning` checks them
against matchmakers' decisions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Weights:
    """Maximum points per score part, plus the scales that turn facts into a share."""

    # What the person can do -------------------------------------------------------
    #: Worked in the vacancy's ESCO occupation: the strongest single signal.
    same_occupation: float = 25.0
    #: Worked in another occupation of the same ISCO-08 unit group (4 digits), e.g.
    #: "industrial cook" for a "cook" vacancy: most skills carry over.
    related_occupation_unit_group: float = 15.0
    #: Same ISCO-08 minor group (3 digits) only: related trade, retraining likely.
    related_occupation_minor_group: float = 7.0
    #: Years in the occupation (half) and in its unit group (half), capped below.
    experience_years: float = 5.0
    #: Share of the vacancy's essential skills the person has, weighted by skill
    #: specificity (IDF over ESCO occupation profiles: "communicate" counts little,
    #: "operate forklift" a lot).
    essential_skills: float = 20.0
    #: The same for nice-to-have skills.
    optional_skills: float = 6.0
    #: TF-IDF similarity of the summary to the vacancy (title, description, ESCO
    #: labels in Dutch and English).
    text_similarity: float = 10.0

    # Practical fit ------------------------------------------------------------------
    #: Straight-line distance; full points at 0 km, half at ``distance_half_km``.
    distance: float = 10.0
    #: Share of the vacancy's weekly hours the person can work.
    hours_fit: float = 8.0
    #: How soon the person can legally and practically start after the start date.
    start_soon: float = 8.0
    #: Fewer TWV renewals during the contract (each is a new UWV application).
    twv_renewals: float = 8.0

    # Penalty --------------------------------------------------------------------------
    #: Points off per required language in which the person is one CEFR level short
    #: (two or more levels short blocks the pair). Never takes a score below 0.
    language_one_level_short: float = 6.0

    # Occupations inferred for profiles that name none (see matching/inference.py) ---
    #: Credit of an inferred occupation at full confidence (a declared one counts 1):
    #: a guess from skills or words is worth less than a matchmaker's coding.
    inferred_occupation_credit: float = 0.9
    #: Share of an occupation's IDF-weighted ESCO profile covered by the listed skills
    #: below which nothing is inferred, and from which full credit is given.
    skill_inference_floor: float = 0.15
    skill_inference_ceiling: float = 0.4
    #: The same for how completely a summary contains an occupation label.
    text_inference_floor: float = 0.65
    text_inference_ceiling: float = 1.0

    # Scales -----------------------------------------------------------------------------
    #: Credit for a skill inferred from a listed occupation's essential ESCO profile
    #: rather than listed by the matchmaker (listed skills count 1).
    inferred_skill_credit: float = 0.5
    #: Years of experience that earn full experience points.
    experience_full_years: float = 5.0
    #: Cosine similarity (TF-IDF) that earns full text points; typical same-occupation
    #: summaries reach 0.2–0.4 against a long vacancy text.
    text_full_cosine: float = 0.35
    #: Distance (km) at which the distance part is worth half.
    distance_half_km: float = 15.0
    #: Days of delay after the start date at which ``start_soon`` reaches 0.
    start_horizon_days: float = 120.0

    def max_total(self) -> float:
        """Points a perfect, fully structured profile gets (100 with the defaults)."""
        return (
            self.same_occupation
            + self.experience_years
            + self.essential_skills
            + self.optional_skills
            + self.text_similarity
            + self.distance
            + self.hours_fit
            + self.start_soon
            + self.twv_renewals
        )

    def as_dict(self) -> dict[str, float]:
        """All weights and scales by name (for the register page and reports)."""
        return asdict(self)


#: The weights in use unless an index is given others.
DEFAULT_WEIGHTS = Weights()
