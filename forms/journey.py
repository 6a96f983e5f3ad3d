"""Forms of the journey after the introduction: the contract on a match, the follow-up,
and the notification settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from forms._base import BaseForm
from forms.matches import PRIVATE_HINT
from forms.twv import ContractFields


class ContractForm(ContractFields):
    """The contract the employer proposes on a match; the gate is the service's job."""

    note = TextAreaField(
        _l("Notitie voor de matchmaker"),
        validators=[Optional(), Length(max=1000)],
        description=PRIVATE_HINT,
    )


YES_NO = [SelectChoice("yes", _l("Ja")), SelectChoice("no", _l("Nee"))]


class FollowUpForm(BaseForm):
    """The 3- or 6-month check, recorded as a dated fact."""

    on = DateField(
        _l("Datum van het gesprek"),
        validators=[InputRequired(_l("Vul de datum in."))],
    )
    still_at_work = RadioField(
        _l("Is de kandidaat nog aan het werk?"),
        choices=YES_NO,
        validators=[InputRequired(_l("Kies ja of nee."))],
    )
    same_employer = RadioField(
        _l("Bij dezelfde werkgever?"),
        choices=YES_NO,
        validators=[Optional()],
    )
    hours_per_week = IntegerField(
        _l("Uren per week nu"),
        validators=[
            Optional(),
            NumberRange(min=1, max=60, message=_l("Kies 1 tot en met 60 uur.")),
        ],
    )
    reason_code = SelectField(
        _l("Reden (als de kandidaat niet meer werkt)"),
        choices=[],
        validators=[Optional()],
    )
    note = TextAreaField(
        _l("Toelichting"),
        validators=[Optional(), Length(max=1000)],
        description=_l(
            "Nodig bij 'Andere reden'. Geen naam, telefoonnummer, BSN of ander nummer van de kandidaat."
        ),
    )


class NotifyFrequencyForm(BaseForm):
    notify_frequency = RadioField(
        _l("Meldingen per e-mail"),
        choices=[
            SelectChoice("immediately", _l("Meteen")),
            SelectChoice("daily", _l("Eén keer per dag (overzicht)")),
        ],
        validators=[InputRequired(_l("Kies hoe vaak."))],
    )
