"""Forms of the match review: a coded reason for every "no", and the pair look-up."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from forms._base import BaseForm

NOTE_HINT = _l(
    "Verplicht bij 'Andere reden'. Schrijf geen naam, nummer of andere gegevens waarmee iemand de kandidaat herkent."
)
PRIVATE_HINT = _l(
    "Schrijf geen naam, nummer of andere gegevens waarmee iemand de kandidaat herkent."
)


class ReasonForm(BaseForm):
    """Why not: a coded reason (choices come from the service) and an optional note."""

    reason_code = RadioField(
        _l("Reden"),
        choices=[],
        validators=[InputRequired(_l("Kies een reden."))],
    )
    note = TextAreaField(
        _l("Toelichting"),
        validators=[Optional(), Length(max=1000)],
        description=NOTE_HINT,
    )


class NoteForm(BaseForm):
    """An optional note with a step (approval, introduction)."""

    note = TextAreaField(
        _l("Notitie"),
        validators=[Optional(), Length(max=1000)],
        description=PRIVATE_HINT,
    )


class PairLookupForm(BaseForm):
    """Look up any candidate–vacancy pair by reference (a GET form, no CSRF)."""

    class Meta:
        csrf = False

    candidate = StringField(
        _l("Kandidaat (referentie)"),
        validators=[
            InputRequired(_l("Vul de referentie van de kandidaat in.")),
            Length(max=20),
        ],
        description=_l("Bijvoorbeeld WB-7Q4K."),
    )
    vacancy = StringField(
        _l("Vacature (referentie)"),
        validators=[
            InputRequired(_l("Vul de referentie van de vacature in.")),
            Length(max=20),
        ],
    )


class OverrideFields(BaseForm):
    """Why the matchmaker goes against the order (required only when the service says so)."""

    override_reason = RadioField(
        _l("Waarom wijkt u af van de volgorde?"),
        choices=[],
        validators=[Optional()],
        validate_choice=False,
    )
    override_note = TextAreaField(
        _l("Toelichting bij het afwijken"),
        validators=[Optional(), Length(max=1000)],
        description=_l(
            "Verplicht bij 'Andere reden'. "
            "Schrijf geen naam, nummer of andere gegevens waarmee iemand de kandidaat herkent."
        ),
    )


class ApproveForm(OverrideFields, NoteForm):
    """Approve a pair: an optional note, and an override reason for a low-ranked pair."""


class RejectForm(OverrideFields, ReasonForm):
    """Reject a pair: a coded reason, and an override reason for a top-ranked pair."""
