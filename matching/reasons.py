"""Registry of the machine-readable reason codes, with a short English description.

The portal translates the codes (and phrases their parameters); the descriptions here
are the reference text for translators and for the algorithm register.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: Score parts: code → description. Parameters are listed in brackets.
SCORE_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "same_occupation": (
            "Has worked in the vacancy's occupation [occupation, credit, source]; source "
            "is declared, or inferred from the profile's skills or summary."
        ),
        "related_occupation_unit_group": (
            "Has worked in a related occupation of the same ISCO-08 unit group "
            "[occupation, isco_group, credit, source]."
        ),
        "related_occupation_minor_group": (
            "Has worked in an occupation of the same ISCO-08 minor group "
            "[occupation, isco_group, credit, source]."
        ),
        "experience_years": (
            "Years of experience in the occupation and its unit group "
            "[years, years_in_unit_group, counted_up_to]."
        ),
        "essential_skills": (
            "Has essential skills of the vacancy, weighted by how specific they are "
            "[share, listed, inferred, total]; inferred = from the profile's occupations."
        ),
        "optional_skills": "Has nice-to-have skills of the vacancy [share, listed, inferred, total].",
        "text_similarity": (
            "The profile's description resembles the vacancy and its ESCO terms "
            "[similarity, text_only, words]."
        ),
        "distance": "Distance between home and workplace, closer is better [km].",
        "hours_fit": "Share of the weekly hours the person can work [hours, required_hours].",
        "start_soon": (
            "How soon the person can start after the start date, counting the TWV "
            "lead time [earliest_start, delay_days]."
        ),
        "twv_renewals": (
            "How many TWV renewals the contract needs before the W-document runs out, "
            "fewer is better [renewals]."
        ),
        "language_one_level_short": (
            "One CEFR level below a required language level: points off "
            "[lang, has, required]."
        ),
    }
)

#: Hard rules: code → description. A pair with any of these is never proposed.
BLOCK_REASONS: Mapping[str, str] = MappingProxyType(
    {
        "blocked_not_allowed_to_work_yet": (
            "The asylum application has not been pending long enough to work on the "
            "start date: 6 months from the application, or from its earlier "
            "registration from 12 Jun 2026 [earliest, start]."
        ),
        "blocked_w_document_expired": (
            "The W-document expires before the start date [valid_until, start]."
        ),
        "blocked_accelerated_procedure": (
            "The asylum application is examined in an accelerated procedure: no work "
            "from the date the recast Reception Conditions Directive applies "
            "[since, start]."
        ),
        "blocked_too_far": "The workplace is beyond the person's travel distance [km, max_km].",
        "blocked_language": (
            "A required language is more than one CEFR level short (a language not "
            "listed counts as below A1) [lang, has, required]."
        ),
        "blocked_no_consent": "The person has no current consent to be proposed.",
    }
)

#: Every reason code the library can emit.
REASON_CODES: Mapping[str, str] = MappingProxyType({**SCORE_REASONS, **BLOCK_REASONS})
