"""Forms for administrators and for the Werkplein's decisions about employers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from forms._base import BaseForm

#: Roles an admin can give a staff account (employer accounts keep their role).
STAFF_ROLE_CHOICES = [
    SelectChoice("matchmaker", _l("Matchmaker")),
    SelectChoice("admin", _l("Beheerder")),
]

#: The codes of portal.services.accounts.employers.REJECTION_REASONS with their labels.
REJECTION_CHOICES = [
    SelectChoice(
        "kvk_not_found",
        _l("KvK-nummer niet gevonden of hoort bij een andere organisatie"),
    ),
    SelectChoice(
        "not_an_employer",
        _l("Geen werkgever (bijvoorbeeld een particulier of bemiddelaar)"),
    ),
    SelectChoice("duplicate", _l("Organisatie is al aangemeld")),
    SelectChoice("other", _l("Andere reden (leg uit in de toelichting)")),
]


class RoleForm(BaseForm):
    role = SelectField(
        _l("Rol"),
        choices=STAFF_ROLE_CHOICES,
        validators=[DataRequired(_l("Kies een rol."))],
    )
    submit = SubmitField(_l("Rol wijzigen"))


class RejectEmployerForm(BaseForm):
    reason = RadioField(
        _l("Reden"),
        choices=REJECTION_CHOICES,
        validators=[InputRequired(_l("Kies een reden."))],
    )
    note = TextAreaField(
        _l("Toelichting"),
        validators=[Length(max=1000, message=_l("Gebruik hoogstens %(max)d tekens."))],
        description=_l(
            "Verplicht bij ‘Andere reden’. Schrijf geen persoonsgegevens op die niet nodig zijn."
        ),
    )
    submit = SubmitField(_l("Aanmelding afwijzen"))
