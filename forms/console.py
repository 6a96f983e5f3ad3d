"""Forms of the admin console: audit log filter, alert threshold, invitations, retention, theme."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from forms._base import BaseForm
from forms.admin import STAFF_ROLE_CHOICES


class AuditFilterForm(BaseForm):
    """A GET form: no CSRF token, the filter is in the URL so it can be shared and exported."""

    class Meta:
        csrf = False

    actor = StringField(
        _l("Wie"),
        validators=[Optional()],
        description=_l("E-mailadres (of een deel ervan) of accountnummer."),
    )
    object_type = SelectField(
        _l("Soort gegeven"), validators=[Optional()], validate_choice=False
    )
    object_id = IntegerField(
        _l("Nummer van het gegeven"),
        validators=[Optional(), NumberRange(min=1)],
        description=_l("Bijvoorbeeld het nummer van een profiel."),
    )
    #: Not named "action": a field of that name hides the form's own action attribute.
    what = SelectField(_l("Wat"), validators=[Optional()], validate_choice=False)
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


class InviteStaffForm(BaseForm):
    name = StringField(
        _l("Naam"),
        validators=[
            DataRequired(_l("Vul de naam in.")),
            Length(max=120, message=_l("Gebruik hoogstens 120 tekens.")),
        ],
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul het e-mailadres in.")),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message=_l("Vul een geldig e-mailadres in."),
            ),
            Length(max=254),
        ],
        description=_l("Het werkadres: hier komt de link om een wachtwoord te kiezen."),
    )
    role = SelectField(
        _l("Rol"),
        choices=STAFF_ROLE_CHOICES,
        validators=[DataRequired(_l("Kies een rol."))],
    )


_RESEND = _l("De lijst is niet goed meegestuurd; bekijk hem opnieuw.")


class RetentionConfirmForm(BaseForm):
    confirm = BooleanField(
        _l("Ik heb de lijst bekeken: verwijder nu de identiteit van deze kandidaten"),
        validators=[DataRequired(_l("Vink aan dat u de lijst heeft bekeken."))],
    )
    #: The profile ids the admin saw in the preview (comma separated): the run
    #: removes exactly these, as far as they are still due, and nobody else.
    due = HiddenField(
        validators=[
            DataRequired(_RESEND),
            Length(max=200_000, message=_RESEND),
            Regexp(r"^\d{1,18}(,\d{1,18})*$", message=_RESEND),
        ]
    )

    @property
    def profile_ids(self) -> list[int]:
        return [int(part) for part in (self.due.data or "").split(",") if part]


class ThemeForm(BaseForm):
    theme = RadioField(
        _l("Huisstijl"),
        choices=[
            SelectChoice("neutral", _l("Neutraal (standaard)")),
            SelectChoice("amstelveen", _l("Gemeente Amstelveen")),
            SelectChoice("amsterdam", _l("Gemeente Amsterdam")),
        ],
        validators=[DataRequired(_l("Kies een huisstijl."))],
    )
