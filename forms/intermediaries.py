"""Forms of the intermediaries area: an employer choosing a bureau to delegate to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange

from forms._base import BaseForm
from forms.auth import RegistrationForm


class DelegateForm(BaseForm):
    """The choices (verified intermediaries) are filled in by the view."""

    intermediary_id = SelectField(
        _l("Bureau dat de TWV-aanvragen voor u doet"),
        coerce=int,
        validators=[
            InputRequired(_l("Kies een bureau.")),
            NumberRange(min=1, message=_l("Kies een bureau.")),
        ],
        validate_choice=False,
    )


class IntermediaryRegistrationForm(RegistrationForm):
    """The employer's registration without workplace and sector, with the kind of bureau."""

    postcode = None
    sector = None
    kind = SelectField(
        _l("Soort organisatie"),
        choices=[
            SelectChoice("twv_service", _l("TWV-dienstverlener")),
            SelectChoice("temp_agency", _l("Uitzendbureau")),
            SelectChoice("other", _l("Anders")),
        ],
        validators=[InputRequired(_l("Kies de soort organisatie."))],
    )


class UnverifyForm(BaseForm):
    """A matchmaker withdraws a bureau's verification, with a coded reason."""

    reason_code = RadioField(
        _l("Waarom trekt u de verificatie in?"),
        choices=[
            SelectChoice("details_incorrect", _l("De gegevens kloppen niet")),
            SelectChoice("no_longer_active", _l("Het bureau is gestopt")),
            SelectChoice(
                "misconduct", _l("Het bureau houdt zich niet aan de afspraken")
            ),
            SelectChoice("other", _l("Andere reden")),
        ],
        validators=[InputRequired(_l("Kies een reden."))],
    )
