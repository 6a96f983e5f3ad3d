"""Forms of the TWV area: recording a hire, the checklist steps, an early end, the W-document."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from forms._base import BaseForm

#: The note is kept with the hire's history; "other" needs one.
NOTE_HINT = _l(
    "Nodig bij 'Andere reden'. Geen naam, telefoonnummer, BSN of ander nummer van de kandidaat."
)

#: What a step form can do; the buttons carry these values under ``<prefix>-action``.
STEP_ACTIONS = ("done", "not_applicable", "todo")


class HireParties(BaseForm):
    """Who is hired for which vacancy (defined first: a form lists its fields, and
    its errors, in the order the fields were created)."""

    candidate_ref = StringField(
        _l("Kandidaat (referentie)"),
        validators=[
            InputRequired(_l("Vul de referentie van de kandidaat in.")),
            Length(max=20),
        ],
        description=_l("Bijvoorbeeld WB-7Q4K. Geen naam of V-nummer."),
    )
    vacancy_id = SelectField(
        _l("Vacature"),
        coerce=int,
        choices=[],
        validators=[InputRequired(_l("Kies een vacature."))],
        description=_l("De werkgever hoort bij de vacature."),
    )


class ContractFields(BaseForm):
    """A contract's dates, hours and wage: proposed on a match or recorded as a hire.

    The wage against the minimum is the service's rule (B1), not a field check.
    """

    contract_start = DateField(
        _l("Eerste werkdag volgens het contract"),
        validators=[InputRequired(_l("Vul de begindatum in."))],
    )
    contract_end = DateField(
        _l("Laatste dag van het contract"),
        validators=[InputRequired(_l("Vul de einddatum in."))],
    )
    hours_per_week = IntegerField(
        _l("Uren per week"),
        validators=[
            InputRequired(_l("Vul het aantal uren in.")),
            NumberRange(min=1, max=60, message=_l("Kies 1 tot en met 60 uur.")),
        ],
    )
    hourly_wage = DecimalField(
        _l("Bruto uurloon in euro"),
        places=2,
        validators=[
            InputRequired(_l("Vul het uurloon in.")),
            NumberRange(min=0, max=500, message=_l("Vul een bedrag in euro in.")),
        ],
        description=_l("Minstens het wettelijk minimumloon voor 21 jaar en ouder."),
    )

    def validate_contract_end(self, field: Any) -> None:
        start = self.contract_start.data
        if start and field.data and field.data < start:
            raise ValidationError(_l("De einddatum ligt voor de begindatum."))


class HireForm(HireParties, ContractFields):
    """The contract that opens a TWV case; the wage is checked by the service (B1)."""


class StepForm(BaseForm):
    """One checklist step: a date and a number when the step needs them, and the action.

    Every step on the page gets its own prefix (the step key), so ids stay unique.
    """

    on_date = DateField(_l("Datum"), validators=[Optional()])
    number = StringField(
        _l("Nummer van de werkvergunning"), validators=[Optional(), Length(max=40)]
    )
    action = StringField(
        _l("Stap"),
        validators=[
            InputRequired(_l("Kies wat u wilt doen.")),
            AnyOf(STEP_ACTIONS, message=_l("Kies wat u wilt doen.")),
        ],
    )


class EndHireForm(BaseForm):
    """The job ends before the contract does, with a coded reason (choices from the service)."""

    ended_on = DateField(
        _l("Laatste werkdag"),
        validators=[InputRequired(_l("Vul de laatste werkdag in."))],
    )
    reason_code = RadioField(
        _l("Reden"), choices=[], validators=[InputRequired(_l("Kies een reden."))]
    )
    note = TextAreaField(
        _l("Toelichting"),
        validators=[Optional(), Length(max=1000)],
        description=NOTE_HINT,
    )


class WDocumentForm(BaseForm):
    """The matchmaker enters the end date of the new W-document."""

    valid_until = DateField(
        _l("Nieuwe einddatum van het W-document"),
        validators=[InputRequired(_l("Vul de einddatum in."))],
        description=_l("Staat op het nieuwe W-document van de IND."),
    )
