"""What each kind of notification says. Parameters are references and counts only.

The texts are Dutch msgids rendered in the recipient's language when shown or mailed,
so a notification written by a Dutch matchmaker reaches an English-speaking employer in
English. A kind used in code but missing here is a programming error (KeyError).

A TWV reminder (``twv_step_due``) is stored as the reminder point (series and offset,
``portal.domain.twv_rules.REMINDER_POINTS``) with its dates; its subject, its text and
the late note are rendered here, in the reader's language and date format, and the mail
carries the longer text (:func:`details`) under the line.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import i18n
from portal.domain.twv_rules import LATE_NOTE_NL, REMINDER_POINTS, ReminderPoint
from portal.services import reasons

#: kind -> text with %(name)s parameters.
KINDS: dict[str, object] = {
    "candidates_approved": _l(
        "Er zijn %(count)s nieuwe kandidaten voor uw vacature %(vacancy)s."
    ),
    "employer_interested": _l(
        "Werkgever %(employer)s wil kandidaat %(candidate)s leren kennen (vacature %(vacancy)s)."
    ),
    "employer_declined": _l(
        "Werkgever %(employer)s zag af van kandidaat %(candidate)s (vacature %(vacancy)s)."
    ),
    "introduced": _l(
        "De matchmaker heeft u voorgesteld aan kandidaat %(candidate)s (vacature %(vacancy)s)."
    ),
    "hire_proposed": _l(
        "Werkgever %(employer)s stelt een contract voor met kandidaat %(candidate)s."
    ),
    "hire_confirmed": _l(
        "Het contract met kandidaat %(candidate)s is bevestigd. Start de TWV-aanvraag."
    ),
    "follow_up_due": _l(
        "Nazorg: is kandidaat %(candidate)s na %(months)s maanden nog aan het werk?"
    ),
    "twv_step_due": _l("Kandidaat %(candidate)s: %(step)s"),
    "intermediary_registered": _l(
        "Bureau %(intermediary)s heeft zich aangemeld voor TWV-aanvragen. Controleer en verifieer het."
    ),
    "intermediary_unverified": _l(
        "Het Werkplein heeft de verificatie van %(intermediary)s ingetrokken. U ziet geen werkvergunningen meer."
    ),
    "intermediary_unverified_employer": _l(
        "Bureau %(intermediary)s is niet meer geverifieerd en doet uw TWV-aanvragen niet meer. Regel ze zelf of kies een ander bureau."
    ),
    "delegation_granted": _l(
        "Werkgever %(employer)s laat zijn TWV-aanvragen voortaan door u doen."
    ),
    "delegation_revoked": _l(
        "Werkgever %(employer)s heeft de machtiging voor TWV-aanvragen ingetrokken."
    ),
    "interview_planned": _l(
        "Er is een sollicitatiegesprek gepland met kandidaat %(candidate)s (vacature %(vacancy)s)."
    ),
    "match_withdrawn": _l(
        "De match van kandidaat %(candidate)s met vacature %(vacancy)s is beëindigd: %(reason)s"
    ),
    # -- permits: IND and COA events, minimum wage, COA referrals (issue 13) -----------
    "wage_below_minimum_vacancy": _l(
        "Vacature %(vacancy)s: het uurloon is vanaf %(date)s lager dan het nieuwe minimumloon (%(minimum)s per uur)."
    ),
    "wage_below_minimum_hire": _l(
        "Contract met kandidaat %(candidate)s: het uurloon is vanaf %(date)s lager dan het nieuwe minimumloon (%(minimum)s per uur)."
    ),
    "permit_granted_employer": _l(
        "Kandidaat %(candidate)s heeft sinds %(date)s een verblijfsvergunning. Er is geen werkvergunning meer nodig. Het werk kan doorgaan met een gewoon contract."
    ),
    "permit_granted_matchmaker": _l(
        "Kandidaat %(candidate)s heeft sinds %(date)s een verblijfsvergunning. Er zijn %(tasks)s nieuwe taken."
    ),
    "refused_appeal_matchmaker": _l(
        "De asielaanvraag van kandidaat %(candidate)s is op %(date)s afgewezen. Er loopt een beroep. Er zijn %(tasks)s nieuwe taken."
    ),
    "refused_final_employer": _l(
        "De asielaanvraag van kandidaat %(candidate)s is definitief afgewezen. Vanaf %(date)s mag de kandidaat niet meer werken. Stop het werk en meld het aan UWV."
    ),
    "refused_final_matchmaker": _l(
        "De asielaanvraag van kandidaat %(candidate)s is op %(date)s definitief afgewezen. %(withdrawn)s matches zijn beëindigd. Er zijn %(tasks)s nieuwe taken."
    ),
    "left_reception_employer": _l(
        "Kandidaat %(candidate)s woont sinds %(date)s niet meer in de opvang van het COA. Overleg met de matchmaker of het werk door kan gaan."
    ),
    "left_reception_matchmaker": _l(
        "Kandidaat %(candidate)s woont sinds %(date)s niet meer in de opvang van het COA. %(withdrawn)s matches zijn beëindigd. Er zijn %(tasks)s nieuwe taken."
    ),
    "transfer_planned_employer": _l(
        "Het COA verhuist kandidaat %(candidate)s op %(date)s naar een ander azc. De matchmaker vraagt het COA om een plek binnen bereik van uw bedrijf."
    ),
    "transfer_planned_matchmaker": _l(
        "Kandidaat %(candidate)s verhuist op %(date)s naar een ander azc en heeft %(hires)s contract(en). Vraag toestemming en stuur de werkgeversverklaring naar het COA."
    ),
    "transfer_planned_not_working_matchmaker": _l(
        "Kandidaat %(candidate)s verhuist op %(date)s naar een ander azc en werkt nu niet. Er zijn %(tasks)s nieuwe taken: bekijk of de open matches nog binnen bereik liggen."
    ),
    "returned_to_reception_employer": _l(
        "Kandidaat %(candidate)s woont sinds %(date)s weer in de opvang van het COA. Overleg met de matchmaker of het werk weer kan beginnen."
    ),
    "returned_to_reception_matchmaker": _l(
        "Kandidaat %(candidate)s woont sinds %(date)s weer in de opvang van het COA. Er zijn %(tasks)s nieuwe taken."
    ),
    "event_voided_employer": _l(
        "De melding over kandidaat %(candidate)s van %(date)s was een vergissing. De taken die erbij hoorden vervallen."
    ),
    "event_voided_matchmaker": _l(
        "Een gebeurtenis van %(date)s bij kandidaat %(candidate)s is als vergissing gemarkeerd. %(tasks)s taken vervallen; de werkvergunning is opnieuw gecontroleerd."
    ),
    "transfer_done_employer": _l(
        "Kandidaat %(candidate)s is op %(date)s verhuisd naar een ander azc. De matchmaker controleert of het werk bereikbaar blijft."
    ),
    "transfer_done_matchmaker": _l(
        "Kandidaat %(candidate)s is op %(date)s verhuisd naar een ander azc. Er zijn %(tasks)s nieuwe taken."
    ),
    "referral_received": _l(
        "Het COA heeft een bewoner doorverwezen naar het Werkplein (verwijzing %(referral)s)."
    ),
    "referral_updated": _l("Verwijzing %(referral)s heeft een nieuwe status."),
}


#: The lines under a TWV reminder (Dutch msgids).
LATE_SUBJECT = _l("Later dan gepland: %(subject)s")
CASE_LINES = (
    _l("Kandidaat: %(candidate)s"),
    _l("Vacature: %(vacancy)s"),
    _l("Werkgever: %(employer)s"),
)


def render(kind: str, params: dict[str, object]) -> str:
    """The text of a notification in the current locale (dates stored ISO, shown localised)."""
    values = _localised(params)
    if "reason_code" in values:
        # Stored as a code, shown in the reader's language.
        values["reason"] = reasons.label(str(values["reason_code"]))
    if kind == "twv_step_due":
        values["step"] = _reminder_subject(params)
    return str(KINDS[kind]) % values


def subject(kind: str, params: dict[str, object]) -> str | None:
    """A mail subject of its own for this kind (None: the notification's text)."""
    if kind == "twv_step_due":
        return _reminder_subject(params)
    return None


def details(kind: str, params: dict[str, object]) -> list[str]:
    """Paragraphs a mail carries under the notification's line (most kinds: none)."""
    if kind != "twv_step_due":
        return []
    values = _localised(params)
    lines = []
    if int(params.get("late_by_days") or 0) > 0:  # type: ignore[call-overload]
        lines.append(_(LATE_NOTE_NL) % values)
    lines.append(_(_reminder_point(params).body_nl) % values)
    lines += [str(line) % values for line in CASE_LINES]
    return lines


def _reminder_point(params: dict[str, object]) -> ReminderPoint:
    for point in REMINDER_POINTS:
        if point.kind == params.get("reminder") and point.offset_days == params.get(
            "offset_days"
        ):
            return point
    raise KeyError(f"no reminder point {params.get('reminder')}")


def _localised(params: dict[str, object]) -> dict[str, object]:
    """A notification's parameters, ISO dates written in the reader's language."""
    values: dict[str, object] = {}
    for name, value in params.items():
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            try:
                values[name] = i18n.nl_date(date.fromisoformat(value))
                continue
            except ValueError:
                pass
        values[name] = value
    return values


def _reminder_subject(params: dict[str, object]) -> str:
    text = _(_reminder_point(params).subject_nl) % _localised(params)
    if int(params.get("late_by_days") or 0) > 0:  # type: ignore[call-overload]
        text = str(LATE_SUBJECT) % {"subject": text}
    return text
