"""What a person agreed to, from when: consent is dated, replaced, withdrawn, never edited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    Consent,
    User,
)
from portal.models.base import local_today
from portal.services import audit
from portal.services.candidates.base import ProfileInvalid, _t, touch

#: What a person can agree to; "matching" is needed before a profile is ever proposed.
CONSENT_SCOPES: dict[str, object] = {
    "matching": _l("Het anonieme profiel gebruiken om passend werk te zoeken"),
    "employers": _l(
        "Het anonieme profiel laten zien aan werkgevers, na goedkeuring door de matchmaker"
    ),
    "introduction": _l(
        "Naam en contactgegevens delen met een werkgever bij een kennismaking"
    ),
    "twv_application": _l(
        "Na een bevestigde aanstelling naam, geboortedatum en V-nummer delen met de "
        "werkgever (of het bureau dat de aanvraag voor de werkgever doet), alleen voor "
        "de aanvraag van de werkvergunning (TWV) bij UWV"
    ),
    "evaluation": _l("De gegevens anoniem gebruiken voor de evaluatie van de pilot"),
}
DEFAULT_IMPORT_SCOPE = ("matching", "employers")


# -- consent ----------------------------------------------------------------------------
def current_consent(
    profile: CandidateProfile, on: date | None = None
) -> Consent | None:
    """The consent in force on ``on`` (the latest given one not withdrawn by then)."""
    on = on or local_today()
    valid = [
        c
        for c in profile.consents
        if c.given_on <= on and (c.withdrawn_on is None or c.withdrawn_on > on)
    ]
    return max(valid, key=lambda c: (c.given_on, c.id or 0)) if valid else None


def consent_scopes(consent: Consent | None) -> set[str]:
    if consent is None:
        return set()
    return {part for part in consent.scope.split(",") if part}


def has_current_consent(
    profile: CandidateProfile, on: date, scope: str = "matching"
) -> bool:
    """Whether the person agreed on ``on`` to ``scope`` (default: being matched)."""
    return scope in consent_scopes(current_consent(profile, on))


def give_consent(
    profile: CandidateProfile,
    *,
    given_on: date,
    scopes: Iterable[str],
    by: User | None,
) -> Consent:
    """Record consent; a consent still in force is replaced from that day on."""
    chosen = [s for s in CONSENT_SCOPES if s in set(scopes)]
    if not chosen:
        raise ProfileInvalid({"scopes": _t("Kies minstens één onderdeel.")})
    if given_on > local_today():
        raise ProfileInvalid({"given_on": _t("Deze datum ligt in de toekomst.")})
    for old in profile.consents:
        if old.withdrawn_on is None or old.withdrawn_on > given_on:
            old.withdrawn_on = max(given_on, old.given_on)
    consent = Consent(
        given_on=given_on,
        scope=",".join(chosen),
        recorded_by_id=by.id if by is not None else None,
    )
    profile.consents.append(consent)
    touch(profile)
    db.session.flush()
    audit.record_change("consent", consent.id, from_state=None, to_state="given", by=by)
    return consent


def withdraw_consent(
    profile: CandidateProfile, *, on: date | None = None, by: User | None
) -> Consent | None:
    """End the consent in force; from ``on`` the profile is no longer matched."""
    on = on or local_today()
    consent = current_consent(profile, on)
    if consent is None:
        return None
    consent.withdrawn_on = on
    touch(profile)
    db.session.flush()
    audit.record_change(
        "consent",
        consent.id,
        from_state="given",
        to_state="withdrawn",
        by=by,
        reason_code="withdrawn_by_person",
    )
    return consent
