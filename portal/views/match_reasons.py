"""Reason codes from the matching library, phrased in plain Dutch (or English).

The library returns machine-readable codes with parameters (FORMATS.md, "Match
results"); this module turns each into one short sentence with its points, e.g.
"Zelfde beroep: kok (+25)" or "Werkplek ligt 42 km weg; de kandidaat reist maximaal
25 km (geblokkeerd)". ESCO labels without a Dutch translation are marked with their
language, so screen readers pronounce them right. How labels, numbers and dates are
written is in ``match_labels``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from matching.reasons import REASON_CODES
from matching.stopwords import is_stop_word
from matching.textnorm import fold
from matching.types import Reason
from portal.i18n import one_language
from portal.i18n import page_gettext as _
from portal.i18n import page_ngettext as ngettext
from portal.services.matches.ranking import UNKNOWN_W_DOCUMENT
from portal.views.match_labels import (
    date_label,
    decimal,
    esco_label,
    fill,
    isco_label,
    language_name,
    points,
)

#: Portal-side blocks (see matching_service.PORTAL_BLOCKS) and the "unknown data" case.
BLOCK_CODES = {
    "blocked_not_allowed_to_work_yet",
    "blocked_w_document_expired",
    "blocked_too_far",
    "blocked_language",
    "blocked_no_consent",
    "blocked_accelerated_procedure",
    "profile_not_active",
    "asylum_rejected",
    "not_in_coa_reception",
    "unknown_postcode",
    "unknown_data",
}
#: Short names of the score parts (the register page and the explanations use them).
PART_NAMES = {
    "same_occupation": _l("Zelfde beroep"),
    "related_occupation_unit_group": _l("Verwant beroep"),
    "related_occupation_minor_group": _l("Beroep in hetzelfde vakgebied"),
    "experience_years": _l("Ervaring"),
    "essential_skills": _l("Belangrijke vaardigheden"),
    "optional_skills": _l("Gewenste vaardigheden"),
    "text_similarity": _l("Beschrijving"),
    "distance": _l("Afstand"),
    "hours_fit": _l("Uren per week"),
    "start_soon": _l("Snel kunnen beginnen"),
    "twv_renewals": _l("Verlengingen van de werkvergunning"),
    "language_one_level_short": _l("Taal één niveau te laag"),
}
#: Plain names of the other numbers in ``matching.weights`` (unknown ones show their code).
SCALE_NAMES = {
    "inferred_occupation_credit": _l(
        "Deel van de punten voor een beroep dat is afgeleid (niet opgegeven)"
    ),
    "skill_inference_floor": _l(
        "Hoeveel van de vaardigheden van een beroep iemand minstens moet hebben om dat beroep af te leiden"
    ),
    "skill_inference_ceiling": _l(
        "Vanaf welk deel van de vaardigheden een afgeleid beroep volledig meetelt"
    ),
    "text_inference_floor": _l(
        "Hoe volledig de beschrijving een beroep minstens moet noemen om het af te leiden"
    ),
    "text_inference_ceiling": _l(
        "Vanaf welke volledigheid een beroep uit de beschrijving volledig meetelt"
    ),
    "inferred_skill_credit": _l(
        "Deel van de punten voor een vaardigheid die is afgeleid uit een beroep"
    ),
    "experience_full_years": _l("Jaren ervaring voor alle ervaringspunten"),
    "text_full_cosine": _l(
        "Tekstgelijkenis (cosinus) voor alle punten van de beschrijving"
    ),
    "distance_half_km": _l(
        "Afstand (km) waarbij de helft van de afstandspunten overblijft"
    ),
    "start_horizon_days": _l(
        "Dagen na de startdatum waarna snel kunnen beginnen niets meer oplevert"
    ),
}
#: Profile statuses as the "not active" block names them.
STATUS_NAMES = {
    "active": _l("actief"),
    "paused": _l("gepauzeerd"),
    "placed": _l("aan het werk"),
    "left": _l("gestopt"),
}
#: How many skill names a reason lists before "and N more".
MAX_SKILLS_SHOWN = 5


@dataclass(frozen=True)
class ReasonText:
    """One reason, ready for a template."""

    code: str
    text: Markup
    points: str
    blocked: bool
    contribution: float
    details: tuple[Markup, ...] = field(default_factory=tuple)

    @property
    def full(self) -> Markup:
        """Sentence and points together, e.g. "Zelfde beroep: kok (+25)"."""
        return Markup("{} ({})").format(self.text, self.points)


def _skills(params: Mapping[str, Any]) -> tuple[Markup, tuple[Markup, ...]]:
    listed = list(params.get("listed") or [])
    inferred = list(params.get("inferred") or [])
    shown = [esco_label(u) for u in (listed + inferred)[:MAX_SKILLS_SHOWN]]
    rest = len(listed) + len(inferred) - len(shown)
    if rest > 0:
        shown.append(escape(_("en %(num)s meer", num=rest)))
    return Markup(", ").join(shown), tuple(shown)


def _source(params: Mapping[str, Any]) -> Markup:
    """How the occupation is known, when the matchmaker did not list it."""
    source = params.get("source")
    evidence = list(params.get("evidence") or [])
    if source == "skills":
        if evidence:
            named = Markup(", ").join(esco_label(u) for u in evidence[:3])
            return fill(_(" – afgeleid uit vaardigheden: %(skills)s"), skills=named)
        return escape(_(" – afgeleid uit de vaardigheden"))
    if source == "summary":
        if evidence:
            return fill(
                _(" – afgeleid uit de samenvatting: ‘%(label)s’"), label=evidence[0]
            )
        return escape(_(" – afgeleid uit de beschrijving"))
    return Markup("")


def _language_levels(params: Mapping[str, Any]) -> dict[str, str]:
    return {
        "language": language_name(str(params.get("lang", ""))),
        "has": params.get("has") or _("niet opgegeven"),
        "required": params.get("required") or "–",
    }


def phrase(code: str, params: Mapping[str, Any]) -> tuple[Markup, tuple[Markup, ...]]:
    """The sentence for one reason code and its parameters, plus optional details."""
    p = params
    if code == "same_occupation":
        return fill(
            _("Zelfde beroep: %(occupation)s"),
            occupation=esco_label(p.get("occupation")),
        ) + _source(p), ()
    if code == "related_occupation_unit_group":
        return fill(
            _("Verwant beroep: %(occupation)s (zelfde beroepsgroep: %(group)s)"),
            occupation=esco_label(p.get("occupation")),
            group=isco_label(p.get("isco_group")),
        ) + _source(p), ()
    if code == "related_occupation_minor_group":
        return fill(
            _("Beroep in hetzelfde vakgebied: %(occupation)s (%(group)s)"),
            occupation=esco_label(p.get("occupation")) or "–",
            group=isco_label(p.get("isco_group")),
        ) + _source(p), ()
    if code == "experience_years":
        if float(p.get("years") or 0) > 0:
            return fill(
                _("%(years)s jaar ervaring in dit beroep"),
                years=decimal(float(p["years"])),
            ), ()
        return fill(
            _("%(years)s jaar ervaring in verwante beroepen"),
            years=decimal(float(p.get("years_in_unit_group") or 0)),
        ), ()
    if code in ("essential_skills", "optional_skills"):
        count = len(p.get("listed") or []) + len(p.get("inferred") or [])
        template = (
            _("%(count)s van %(total)s belangrijke vaardigheden")
            if code == "essential_skills"
            else _("%(count)s van %(total)s gewenste vaardigheden")
        )
        text = fill(template, count=count, total=p.get("total", count))
        if p.get("inferred"):
            text += fill(
                _(" (%(num)s afgeleid uit eerder werk)"), num=len(p["inferred"])
            )
        _joined, details = _skills(p)
        return text, details
    if code == "text_similarity":
        text = (
            fill(
                _("Beschrijving past bij de vacature (alleen tekst, geen beroepscode)")
            )
            if p.get("text_only")
            else fill(_("Beschrijving lijkt op de vacature"))
        )
        # Reasons stored on older matches may still hold stop words: filter here too.
        words = [
            str(w) for w in (p.get("words") or []) if not is_stop_word(fold(str(w)))
        ][:8]
        if not words:
            return text, ()
        return text, (fill(_("gedeelde woorden: %(words)s"), words=", ".join(words)),)
    if code == "distance":
        return fill(
            _("Afstand tot de werkplek: %(km)s km"), km=decimal(float(p.get("km", 0)))
        ), ()
    if code == "hours_fit":
        hours, required = float(p.get("hours", 0)), float(p.get("required_hours", 0))
        if hours >= required:
            return fill(
                _("Kan alle %(required)s uur per week werken"),
                required=decimal(required),
            ), ()
        return fill(
            _("Kan %(hours)s van de %(required)s uur per week werken"),
            hours=decimal(hours),
            required=decimal(required),
        ), ()
    if code == "start_soon":
        delay = int(p.get("delay_days") or 0)
        if delay <= 0:
            return fill(_("Kan op de startdatum beginnen")), ()
        return escape(
            ngettext(
                "Kan beginnen op %(date)s: %(num)s dag na de startdatum",
                "Kan beginnen op %(date)s: %(num)s dagen na de startdatum",
                delay,
                date=date_label(p.get("earliest_start")),
            )
        ), ()
    if code == "twv_renewals":
        renewals = int(p.get("renewals") or 0)
        if renewals == 0:
            return fill(_("Geen verlenging van de werkvergunning nodig")), ()
        return escape(
            ngettext(
                "%(num)s verlenging van de werkvergunning nodig",
                "%(num)s verlengingen van de werkvergunning nodig",
                renewals,
            )
        ), ()
    if code == "language_one_level_short":
        return fill(
            _("%(language)s: %(has)s, gevraagd %(required)s (één niveau te laag)"),
            **_language_levels(p),
        ), ()
    return _phrase_block(code, p)


def _phrase_block(code: str, p: Mapping[str, Any]) -> tuple[Markup, tuple[Markup, ...]]:
    if code == "blocked_not_allowed_to_work_yet":
        return fill(
            _(
                "Mag pas werken vanaf %(earliest)s: eerst de wachttijd na de asielaanvraag; de vacature begint op %(start)s"
            ),
            earliest=date_label(p.get("earliest")),
            start=date_label(p.get("start")),
        ), ()
    if code == "blocked_accelerated_procedure":
        return fill(
            _(
                "Asielaanvraag in een versnelde procedure: sinds %(since)s mag de kandidaat dan niet werken; de vacature begint op %(start)s"
            ),
            since=date_label(p.get("since")),
            start=date_label(p.get("start")),
        ), ()
    if code == "blocked_w_document_expired":
        valid = p.get("valid_until")
        if not valid or date.fromisoformat(valid) <= UNKNOWN_W_DOCUMENT:
            return fill(
                _(
                    "Geldigheid van het W-document is onbekend; het moet geldig zijn op %(start)s"
                ),
                start=date_label(p.get("start")),
            ), ()
        return fill(
            _("W-document is geldig tot %(valid)s, vóór de startdatum %(start)s"),
            valid=date_label(valid),
            start=date_label(p.get("start")),
        ), ()
    if code == "blocked_too_far":
        return fill(
            _("Werkplek ligt %(km)s km weg; de kandidaat reist maximaal %(max_km)s km"),
            km=decimal(float(p.get("km", 0))),
            max_km=decimal(float(p.get("max_km", 0))),
        ), ()
    if code == "blocked_language":
        return fill(
            _(
                "%(language)s: %(has)s, gevraagd %(required)s (meer dan één niveau te laag)"
            ),
            **_language_levels(p),
        ), ()
    if code == "blocked_no_consent":
        return fill(
            _("Geen geldige toestemming van de kandidaat om voorgesteld te worden")
        ), ()
    if code == "profile_not_active":
        return fill(
            _("Profiel is niet actief (status: %(status)s)"),
            status=str(STATUS_NAMES.get(p.get("status", ""), p.get("status", ""))),
        ), ()
    if code == "asylum_rejected":
        return fill(_("Asielaanvraag is afgewezen: de kandidaat mag niet werken")), ()
    if code == "not_in_coa_reception":
        return fill(
            _(
                "Woont niet (meer) in de opvang van het COA: dan geeft UWV geen werkvergunning"
            )
        ), ()
    if code == "unknown_postcode":
        return fill(_("Postcode van de woonplek is onbekend")), ()
    if code == "unknown_data":
        return fill(_("Beroep of postcode van de vacature is onbekend")), ()
    # A code the portal does not know yet: show the library's English description.
    description = REASON_CODES.get(code, code)
    return Markup('<span lang="en">{}</span>').format(description), ()


def reason_text(reason: Reason) -> ReasonText:
    """One library reason as a sentence with points."""
    blocked = reason.code in BLOCK_CODES or reason.code.startswith("blocked_")
    text, details = phrase(reason.code, reason.params)
    return ReasonText(
        code=reason.code,
        text=text,
        points=points(reason.contribution, blocked),
        blocked=blocked,
        contribution=reason.contribution,
        details=details,
    )


def reason_texts(reasons: Iterable[Reason]) -> list[ReasonText]:
    """Sentences for several reasons, in the library's order (largest part first)."""
    with one_language():
        return [reason_text(r) for r in reasons]
