"""Forms of the admin console: the audit log filter and the alert threshold."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, NumberRange, Optional

from forms._base import BaseForm


class AuditFilterForm(BaseForm):
    """A GET form: no CSRF token, the filter is in the URL so it can be shared and exported."""

    class Meta:
        csrf = False

    actor = StringField(
        _l("Wie"),
        validators=[Optional()],
        description=_l("E-mailadres (of een deel ervan) of accountnummer."),
    )
    object_type = SelectField(_l("Soort gegeven"), validators=[Optional()])
    object_id = IntegerField(
        _l("Nummer van het gegeven"),
        validators=[Optional(), NumberRange(min=1)],
        description=_l("Bijvoorbeeld het nummer van een profiel."),
    )
    action = SelectField(_l("Wat"), validators=[Optional()])
    since = DateField(_l("Vanaf"), validators=[Optional()])
    until = DateField(_l("Tot en met"), validators=[Optional()])


class ThresholdForm(BaseForm):
    threshold = IntegerField(
        _l("Waarschuwen bij meer dan zoveel identiteiten per gebruiker per dag"),
        validators=[
            DataRequired(_l("Vul een aantal in.")),
            NumberRange(
                min=1, max=10000, message=_l("Kies een aantal van 1 tot 10.000.")
            ),
        ],
    )
