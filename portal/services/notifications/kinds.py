"""What each kind of notification says. Parameters are references and counts only.

The texts are Dutch msgids rendered in the recipient's language when shown or mailed,
so a notification written by a Dutch matchmaker reaches an English-speaking employer in
English. A kind used in code but missing here is a programming error (KeyError).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

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
    "hire_refused": _l(
        "Het voorgestelde contract met kandidaat %(candidate)s kan zo niet: %(reason)s"
    ),
    "follow_up_due": _l(
        "Nazorg: is kandidaat %(candidate)s na %(months)s maanden nog aan het werk?"
    ),
    "twv_step_due": _l("TWV-zaak %(case)s: %(step)s"),
    "interview_planned": _l(
        "Er is een sollicitatiegesprek gepland met kandidaat %(candidate)s (vacature %(vacancy)s)."
    ),
    "match_withdrawn": _l(
        "De match van kandidaat %(candidate)s met vacature %(vacancy)s is beëindigd: %(reason)s"
    ),
}


def render(kind: str, params: dict[str, object]) -> str:
    """The text of a notification in the current locale."""
    values = dict(params)
    if "reason_code" in values:
        # Stored as a code, shown in the reader's language.
        values["reason"] = reasons.label(str(values["reason_code"]))
    return str(KINDS[kind]) % values
