"""What an employer sees of a candidate: the one and only way the employer side reads a profile.

Anonymity is enforced here, on the server: :func:`employer_view` returns an
:class:`EmployerCandidateView`, a separate data shape that has no field for a name,
V-number, date of birth, nationality, reception centre, postcode or summary, so no page,
export, search or error message built from it can contain them.

How the employer side must use this module (the matching-in-the-portal engineer):

1. check :func:`employer_may_see` (403/404 otherwise);
2. build the view with :func:`employer_view` (it refuses a profile without a visible
   match on that vacancy, as a second line of defence);
3. log it with :func:`record_profile_views` in the same request (one ``profile.view``
   audit event per profile shown; the caller passes ``request.remote_addr``);
4. put ``@limit_profile_views`` (``portal.views.candidates``) on every employer route that
   shows profiles: ``EMPLOYER_PROFILE_VIEW_LIMIT`` per employer account, one budget
   shared by all such routes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from babel.dates import format_date
from flask import has_request_context
from flask_babel import get_locale, ngettext
from sqlalchemy import exists, select

from matching.geo import load_postcodes
from matching.permits import (
    TWV_PRACTICAL_WAIT_DAYS,
    add_months,
    earliest_work_date,
    twv_renewals_needed,
)
from matching.taxonomy import load_taxonomy
from portal.extensions import db
from portal.i18n import nl_date
from portal.models import (
    CandidateProfile,
    Employer,
    Hire,
    Match,
    MatchStatus,
    User,
    Vacancy,
)
from portal.services import audit
from portal.services.candidates.consents import has_current_consent
from portal.services.candidates.for_matching import current_location
from portal.services.candidates.profile_input import language_name
from portal.services.candidates.profiles import _t, local_today

log = logging.getLogger(__name__)

#: Rate limit for employers' views of profiles (Flask-Limiter syntax), per account.
EMPLOYER_PROFILE_VIEW_LIMIT = "60 per hour"

#: Match states in which the employer sees the anonymous profile (Match.visible_to_employer).
VISIBLE_MATCH_STATUSES = (
    MatchStatus.APPROVED,
    MatchStatus.INVITED,
    MatchStatus.INTRODUCED,
    MatchStatus.INTERVIEW_PLANNED,
    MatchStatus.OFFER,
    MatchStatus.HIRED,
)


class NotVisible(Exception):
    """The profile has no match on this vacancy that the employer may see."""


@dataclass(frozen=True)
class OccupationItem:
    label: str
    lang: str  # language of the label, for lang="" in the page
    years: float


@dataclass(frozen=True)
class SkillItem:
    label: str
    lang: str


@dataclass(frozen=True)
class LanguageItem:
    code: str
    name: str
    level: str


@dataclass(frozen=True)
class PermitItem:
    """One plain-language consequence of the permit situation, e.g. "TWV nodig"."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    @property
    def text(self) -> str:
        """The sentence in the page language (translated when read)."""
        return permit_text(self)


@dataclass(frozen=True)
class EmployerCandidateView:
    """Everything an employer may know about an approved candidate, and nothing more."""

    ref: str
    occupations: tuple[OccupationItem, ...]
    skills: tuple[SkillItem, ...]
    languages: tuple[LanguageItem, ...]
    hours_per_week: int
    available_from: date
    #: How far the workplace is, as a band (``10``, ``25``, ``50`` km or ``farther``):
    #: exact kilometres would reveal where the person lives (or was moved to).
    distance_band: str | None
    permit: tuple[PermitItem, ...]
    #: A relocation put the workplace beyond the person's travel distance.
    at_risk: bool

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (for JSON endpoints); permit items carry their text."""
        return {
            "ref": self.ref,
            "occupations": [asdict(o) for o in self.occupations],
            "skills": [asdict(s) for s in self.skills],
            "languages": [asdict(lang) for lang in self.languages],
            "hours_per_week": self.hours_per_week,
            "available_from": self.available_from.isoformat(),
            "distance_band": self.distance_band,
            "permit": [
                {"code": p.code, "text": p.text, **_json_params(p.params)}
                for p in self.permit
            ],
            "at_risk": self.at_risk,
        }


def _json_params(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in params.items()}


# -- who may see -----------------------------------------------------------------------
def employer_may_see(
    employer: Employer | User | None, profile: CandidateProfile
) -> bool:
    """True only for a verified employer with a visible match on one of its vacancies."""
    if isinstance(employer, User):
        employer = employer.employer if employer.is_employer else None
    if employer is None or not employer.is_verified:
        return False
    if not has_current_consent(profile, local_today(), "employers"):
        return False  # withdrawn consent hides the profile at once, whatever the match says
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    Match.candidate_id == profile.id,
                    Match.vacancy_id == Vacancy.id,
                    Vacancy.employer_id == employer.id,
                    Match.status.in_(VISIBLE_MATCH_STATUSES),
                )
            )
        )
    )


def _visible_match(profile: CandidateProfile, vacancy: Vacancy) -> Match | None:
    if not has_current_consent(profile, local_today(), "employers"):
        return None
    return db.session.scalar(
        select(Match).where(
            Match.candidate_id == profile.id,
            Match.vacancy_id == vacancy.id,
            Match.status.in_(VISIBLE_MATCH_STATUSES),
        )
    )


# -- the view ----------------------------------------------------------------------------
def employer_view(
    profile: CandidateProfile,
    *,
    vacancy: Vacancy,
    as_of: date,
    lang: str | None = None,
) -> EmployerCandidateView:
    """The employer's view of ``profile`` for ``vacancy`` on ``as_of``; NotVisible otherwise."""
    match = _visible_match(profile, vacancy)
    if match is None:
        raise NotVisible(f"profile {profile.id} not visible for vacancy {vacancy.id}")
    lang = lang or _page_language()
    tx = load_taxonomy()
    occupations = []
    for occ in sorted(profile.occupations, key=lambda o: (-o.years, o.esco_uri)):
        text, text_lang = _label(tx, occ.esco_uri, lang)
        occupations.append(OccupationItem(text, text_lang, float(occ.years)))
    skills = sorted(
        (SkillItem(*_label(tx, s.skill_uri, lang)) for s in profile.skills),
        key=lambda s: s.label.casefold(),
    )
    # Only the languages the vacancy asks for: the rest (Pashto, Tigrinya, ...) says
    # little about the job and a lot about where the person comes from.
    needed = {v.code for v in vacancy.languages}
    languages = sorted(
        (
            LanguageItem(
                lang_row.code, language_name(lang_row.code, lang), lang_row.level
            )
            for lang_row in profile.languages
            if lang_row.code in needed
        ),
        key=lambda item: (item.code != "nl", item.name),
    )
    at_risk = match.at_risk_since is not None or bool(
        db.session.scalar(
            select(
                exists().where(
                    Hire.candidate_id == profile.id,
                    Hire.vacancy_id == vacancy.id,
                    Hire.at_risk_since.is_not(None),
                )
            )
        )
    )
    return EmployerCandidateView(
        ref=profile.ref,
        occupations=tuple(occupations),
        skills=tuple(skills),
        languages=tuple(languages),
        hours_per_week=profile.hours_per_week,
        available_from=profile.available_from,
        distance_band=distance_band(_distance(profile, vacancy, as_of)),
        permit=permit_consequences(profile, vacancy=vacancy, as_of=as_of),
        at_risk=at_risk,
    )


def _page_language() -> str:
    try:
        locale = get_locale()
    except RuntimeError:  # outside a request (CLI, tests)
        locale = None
    return "en" if locale is not None and locale.language == "en" else "nl"


def _label(tx: Any, uri: str, lang: str) -> tuple[str, str]:
    try:
        return tx.label(uri, lang)
    except KeyError:
        return uri, "en"


def _distance(profile: CandidateProfile, vacancy: Vacancy, as_of: date) -> int | None:
    postcodes = load_postcodes()
    _, home = current_location(profile, as_of)
    work = vacancy.pc4 or (vacancy.employer.workplace_pc4 if vacancy.employer else "")
    if not (postcodes.exists(home) and work and postcodes.exists(work)):
        return None
    return round(postcodes.distance_km(home, work))


#: Upper bounds of the distance bands an employer sees, in km.
DISTANCE_BANDS = (10, 25, 50)


def distance_band(km: float | None) -> str | None:
    """``10``/``25``/``50`` (within that many km) or ``farther``; None when unknown."""
    if km is None:
        return None
    for limit in DISTANCE_BANDS:
        if km <= limit:
            return str(limit)
    return "farther"


def contract_period(vacancy: Vacancy, as_of: date) -> tuple[date, date]:
    """The contract as the vacancy describes it, starting no earlier than ``as_of``."""
    start = max(vacancy.start_date, as_of)
    months = max(int(vacancy.contract_months or 0), 1)
    return start, add_months(start, months) - timedelta(days=1)


def permit_consequences(
    profile: CandidateProfile, *, vacancy: Vacancy, as_of: date
) -> tuple[PermitItem, ...]:
    """The permit facts turned into what they mean for this job (no dates of the person)."""
    if profile.residence_permit_on is not None and profile.residence_permit_on <= as_of:
        return (PermitItem("no_twv_needed"),)
    start, end = contract_period(vacancy, as_of)
    items = []
    earliest = earliest_work_date(profile.asylum_application_date)
    if earliest > as_of:
        items.append(PermitItem("may_work_from", {"date": earliest}))
    else:
        items.append(PermitItem("may_work_now"))
    items.append(PermitItem("twv_needed", {"weeks": -(-TWV_PRACTICAL_WAIT_DAYS // 7)}))
    w_until = profile.w_document_valid_until
    if w_until is None:
        items.append(PermitItem("w_unknown"))
    elif w_until < start:
        items.append(PermitItem("w_expires_before_start", {"date": w_until}))
    else:
        renewals = twv_renewals_needed(w_until, start, end)
        if renewals:
            items.append(PermitItem("w_renewals", {"date": w_until, "count": renewals}))
        else:
            items.append(PermitItem("w_valid_whole_contract", {"date": w_until}))
    if not profile.has_bsn:
        items.append(PermitItem("no_bsn"))
    return tuple(items)


def _nt(singular: str, plural: str, num: int, **params: object) -> str:
    """ngettext inside a request; the Dutch source text elsewhere (CLI, tests)."""
    if has_request_context():
        return ngettext(singular, plural, num, **params)
    return (singular if num == 1 else plural) % {"num": num, **params}


def permit_text(item: PermitItem) -> str:
    """Translate one permit consequence into a sentence in the page language."""
    p = dict(item.params)
    if "date" in p:
        p["date"] = (
            nl_date(p["date"])
            if has_request_context()
            else format_date(p["date"], "long", locale="nl")
        )
    texts = {
        "no_twv_needed": lambda: _t(
            "Heeft een verblijfsvergunning: mag vrij werken, geen TWV nodig."
        ),
        "may_work_now": lambda: _t(
            "Mag nu al werken: de asielaanvraag is langer dan zes maanden in behandeling."
        ),
        "may_work_from": lambda: _t("Mag werken vanaf %(date)s.", date=p["date"]),
        "twv_needed": lambda: _t(
            "TWV nodig: de werkgever vraagt die aan bij UWV. Reken op ongeveer %(weeks)s weken.",
            weeks=p["weeks"],
        ),
        "w_unknown": lambda: _t(
            "Geldigheid van het W-document nog onbekend: de matchmaker zoekt het uit."
        ),
        "w_expires_before_start": lambda: _t(
            "W-document geldig tot %(date)s: verloopt vóór de start, eerst verlengen.",
            date=p["date"],
        ),
        "w_renewals": lambda: _nt(
            "W-document geldig tot %(date)s: %(num)s verlenging nodig tijdens het contract.",
            "W-document geldig tot %(date)s: %(num)s verlengingen nodig tijdens het contract.",
            p["count"],
            date=p["date"],
        ),
        "w_valid_whole_contract": lambda: _t(
            "W-document geldig tot %(date)s: geldig tijdens het hele contract.",
            date=p["date"],
        ),
        "no_bsn": lambda: _t(
            "Nog geen BSN: gebruik tijdelijk een personeelsnummer in de loonadministratie."
        ),
    }
    return texts[item.code]() if item.code in texts else item.code


# -- logging ---------------------------------------------------------------------------
def record_profile_views(
    profiles: Iterable[CandidateProfile],
    *,
    by: User,
    vacancy: Vacancy | None = None,
    ip_address: str | None = None,
    request_id: str | None = None,
) -> int:
    """One ``profile.view`` audit event per profile an employer was shown; returns the count."""
    count = 0
    for profile in profiles:
        audit.record_event(
            "profile.view",
            actor=by,
            object_type="candidate_profile",
            object_id=profile.id,
            ip_address=ip_address,
            request_id=request_id,
            details={"vacancy_id": vacancy.id} if vacancy is not None else {},
        )
        count += 1
    return count
