"""The one list of coded reasons for every "no" in the journey to work.

A matchmaker rejecting a proposal, an employer declining, an interview that ends in "not
hired", a match withdrawn by events, a hire that ends early or a follow-up that finds
the person no longer at work: each records one of these codes (``other`` needs a note).
The evaluation counts them, so they name the pilots' bottlenecks (the permit, the
W-document, COA moves, language, travel, hours, childcare) rather than free text.

``USES`` says where each code may be chosen, so a select box offers only what fits.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: code -> label (Dutch source text; translated in the catalogues).
REASONS: dict[str, object] = {
    # the permit and the procedure
    "not_yet_allowed_to_work": _l("Mag nog niet werken (wachttijd asielprocedure)"),
    "no_bsn_yet": _l("Nog geen BSN"),
    "twv_pending": _l("TWV nog niet verleend"),
    "twv_refused": _l("TWV geweigerd door UWV"),
    "twv_too_slow": _l("TWV duurde te lang"),
    "employer_put_off_by_twv": _l("Werkgever zag af van de TWV-aanvraag"),
    "w_document_ending": _l("W-document loopt af"),
    "asylum_rejected": _l("Asielaanvraag afgewezen"),
    "left_procedure": _l("Uit de procedure of de opvang vertrokken"),
    "relocated_by_coa": _l("Verhuisd door COA"),
    "consent_withdrawn": _l("Toestemming ingetrokken"),
    # the person and the job
    "skills_mismatch": _l("Vaardigheden of ervaring passen niet"),
    "language": _l("Taalniveau past niet"),
    "travel": _l("Reisafstand of vervoer"),
    "hours": _l("Uren passen niet"),
    "childcare": _l("Kinderopvang"),
    "not_available": _l("Kandidaat is niet beschikbaar"),
    "candidate_not_interested": _l("Kandidaat heeft geen interesse"),
    "health": _l("Gezondheid"),
    # the employer and the vacancy
    "employer_chose_other": _l("Werkgever koos iemand anders"),
    "vacancy_filled": _l("Vacature is vervuld"),
    "vacancy_closed": _l("Vacature is gesloten"),
    "employer_stopped": _l("Werkgever is gestopt"),
    "contract_not_extended": _l("Contract niet verlengd"),
    "dismissed": _l("Ontslagen"),
    "found_other_work": _l("Ander werk gevonden"),
    # an IND/COA event recorded in error
    "wrong_person": _l("Bij de verkeerde persoon vastgelegd"),
    "wrong_date": _l("Verkeerde datum"),
    "wrong_kind": _l("Verkeerde soort gebeurtenis"),
    "did_not_happen": _l("Is niet gebeurd"),
    "recorded_twice": _l("Twee keer vastgelegd"),
    "other": _l("Andere reden (licht toe)"),
}

#: Codes of the earlier, per-form lists and the code of this list they count as. They stay
#: valid (stored rows, old links) and are labelled and counted as their new code.
LEGACY: dict[str, str] = {
    "distance": "travel",
    "permit_issue": "twv_pending",
    "position_filled": "vacancy_filled",
    "candidate_left": "found_other_work",
    "employer_ended": "dismissed",
    "relocated": "relocated_by_coa",
    "no_twv": "twv_refused",
}

#: Codes that need a written note.
NOTE_REQUIRED = frozenset({"other"})

_PERMIT = (
    "not_yet_allowed_to_work",
    "no_bsn_yet",
    "twv_pending",
    "twv_refused",
    "twv_too_slow",
    "employer_put_off_by_twv",
    "w_document_ending",
)
_PERSON = (
    "skills_mismatch",
    "language",
    "travel",
    "hours",
    "childcare",
    "not_available",
    "candidate_not_interested",
)
_EVENTS = (
    "relocated_by_coa",
    "left_procedure",
    "asylum_rejected",
    "consent_withdrawn",
    "vacancy_filled",
    "vacancy_closed",
    "employer_stopped",
)

#: Where each code may be chosen.
USES: dict[str, tuple[str, ...]] = {
    # a matchmaker says no to a proposal
    "reject": (*_PERSON, *_PERMIT, "other"),
    # the employer (or the person, through the matchmaker) says no after approval
    "decline": (*_PERSON, *_PERMIT, "employer_chose_other", "vacancy_filled", "other"),
    # no hire after an introduction, interview or offer
    "not_hired": (
        *_PERSON,
        *_PERMIT,
        "employer_chose_other",
        "vacancy_filled",
        "other",
    ),
    # a match ended from an open state by what happened around it
    "withdraw": (*_EVENTS, "other"),
    # an IND/COA event marked as recorded in error (no free text: no "other")
    "event_error": (
        "wrong_person",
        "wrong_date",
        "wrong_kind",
        "did_not_happen",
        "recorded_twice",
    ),
    # a hire that ends before its contract end, or is no longer at work at a follow-up
    "hire_ended": (
        "twv_refused",
        "w_document_ending",
        "asylum_rejected",
        "relocated_by_coa",
        "left_procedure",
        "contract_not_extended",
        "dismissed",
        "found_other_work",
        "health",
        "travel",
        "hours",
        "childcare",
        "employer_stopped",
        "other",
    ),
}


def reasons_for(use: str) -> dict[str, object]:
    """The codes (with labels) that may be chosen for ``use``, in the list's order."""
    allowed = set(USES[use])
    return {code: label for code, label in REASONS.items() if code in allowed}


def label(code: str | None) -> str:
    """The label of a code in the current language; an unknown code is shown as is."""
    if code is None:
        return ""
    code = LEGACY.get(code, code)
    return str(REASONS.get(code, code))


def is_valid(use: str, code: str | None, note: str | None = None) -> bool:
    """Whether ``code`` may be chosen for ``use`` (with a note where one is required)."""
    if code not in USES[use]:
        return False
    return code not in NOTE_REQUIRED or bool((note or "").strip())
