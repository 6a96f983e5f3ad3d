"""Forms for logging in, registering as an employer and managing one's own account.

They check shape only. The password policy beyond length (common passwords, the user's own
e-mail address) and every uniqueness rule live in the services.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TelField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    Length,
    Optional,
    Regexp,
)

from forms._base import BaseForm

#: Same numbers as portal.services.accounts.passwords (forms never import the portal).
PASSWORD_MIN = 12
PASSWORD_MAX = 128

#: The values of portal.models.Sector with their labels (a test keeps the two in step).
SECTOR_CHOICES = [
    SelectChoice("hospitality", _l("Horeca")),
    SelectChoice("production", _l("Productie")),
    SelectChoice("logistics", _l("Logistiek")),
    SelectChoice("cleaning", _l("Schoonmaak")),
    SelectChoice("care", _l("Zorg")),
    SelectChoice("other", _l("Anders")),
]

#: Lenient on purpose: a wrong address simply finds no account.
_LOOSE_EMAIL = Regexp(
    r"^[^@\s]+@[^@\s]+$", message=_l("Dit is geen geldig e-mailadres.")
)


def _new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Kies een wachtwoord.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l(
                    "Het wachtwoord moet minstens %(min)d en hoogstens %(max)d tekens lang zijn."
                ),
            ),
        ],
        description=_l(
            "Minstens 12 tekens. Een zin van een paar woorden is sterk en makkelijk te onthouden."
        ),
        render_kw={"autocomplete": "new-password", "maxlength": PASSWORD_MAX},
    )


def _confirm_field() -> PasswordField:
    return PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[
            DataRequired(_l("Herhaal het wachtwoord.")),
            EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk.")),
        ],
        render_kw={"autocomplete": "new-password", "maxlength": PASSWORD_MAX},
    )


class LoginForm(BaseForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            Length(max=254, message=_l("Dit is geen geldig e-mailadres.")),
            _LOOSE_EMAIL,
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[
            DataRequired(_l("Vul uw wachtwoord in.")),
            Length(
                max=200, message=_l("Het e-mailadres of het wachtwoord klopt niet.")
            ),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Inloggen"))


class RegistrationForm(BaseForm):
    organisation = StringField(
        _l("Naam van de organisatie"),
        validators=[
            DataRequired(_l("Vul de naam van uw organisatie in.")),
            Length(max=200, message=_l("Gebruik hoogstens %(max)d tekens.")),
        ],
        render_kw={"autocomplete": "organization"},
    )
    kvk_number = StringField(
        _l("KvK-nummer"),
        validators=[
            DataRequired(_l("Vul het KvK-nummer in.")),
            Length(max=12, message=_l("Een KvK-nummer heeft precies 8 cijfers.")),
            Regexp(
                r"^\d{8}$|^\d{2}[ .]?\d{3}[ .]?\d{3}$|^\d{4}[ .]?\d{4}$",
                message=_l("Een KvK-nummer heeft precies 8 cijfers."),
            ),
        ],
        description=_l(
            "8 cijfers, zoals op uw uittreksel van de Kamer van Koophandel."
        ),
        render_kw={"inputmode": "numeric"},
    )
    contact_person = StringField(
        _l("Contactpersoon"),
        validators=[
            DataRequired(_l("Vul de naam van de contactpersoon in.")),
            Length(max=120, message=_l("Gebruik hoogstens %(max)d tekens.")),
        ],
        render_kw={"autocomplete": "name"},
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            Length(max=254, message=_l("Dit is geen geldig e-mailadres.")),
            Email(_l("Dit is geen geldig e-mailadres.")),
        ],
        description=_l("Hiermee logt u in."),
        render_kw={"autocomplete": "email"},
    )
    phone = TelField(
        _l("Telefoonnummer"),
        validators=[
            Optional(),
            Length(max=30, message=_l("Dit is geen geldig telefoonnummer.")),
            Regexp(
                r"^\+?[0-9 ()\-]{10,20}$",
                message=_l("Dit is geen geldig telefoonnummer."),
            ),
        ],
        render_kw={"autocomplete": "tel"},
    )
    postcode = StringField(
        _l("Postcode van de werkplek"),
        validators=[
            DataRequired(_l("Vul de postcode van de werkplek in.")),
            Length(max=7, message=_l("Vul een postcode in zoals 1187 of 1187 AB.")),
            Regexp(
                r"^[1-9][0-9]{3}( ?[A-Za-z]{2})?$",
                message=_l("Vul een postcode in zoals 1187 of 1187 AB."),
            ),
        ],
        description=_l("Waar de mensen gaan werken. De 4 cijfers zijn genoeg."),
        render_kw={"autocomplete": "postal-code"},
    )
    sector = SelectField(
        _l("Sector"),
        choices=SECTOR_CHOICES,
        validators=[DataRequired(_l("Kies een sector."))],
    )
    password = _new_password_field(_l("Wachtwoord"))
    confirm = _confirm_field()
    submit = SubmitField(_l("Aanmelden"))


class ForgotPasswordForm(BaseForm):
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul uw e-mailadres in.")),
            Length(max=254, message=_l("Dit is geen geldig e-mailadres.")),
            _LOOSE_EMAIL,
        ],
        render_kw={"autocomplete": "email"},
    )
    submit = SubmitField(_l("Stuur mij een link"))


class ResetPasswordForm(BaseForm):
    password = _new_password_field(_l("Nieuw wachtwoord"))
    confirm = _confirm_field()
    submit = SubmitField(_l("Wachtwoord opslaan"))


class ChangePasswordForm(BaseForm):
    current = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[
            DataRequired(_l("Vul uw huidige wachtwoord in.")),
            Length(max=200, message=_l("Het huidige wachtwoord klopt niet.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    password = _new_password_field(_l("Nieuw wachtwoord"))
    confirm = _confirm_field()
    submit = SubmitField(_l("Wachtwoord wijzigen"))


class TwoFactorForm(BaseForm):
    code = StringField(
        _l("Code"),
        validators=[
            DataRequired(_l("Vul de code in.")),
            Length(max=20, message=_l("Deze code klopt niet.")),
        ],
        description=_l(
            "De 6 cijfers uit uw authenticator-app, of een van uw herstelcodes."
        ),
        render_kw={
            "autocomplete": "one-time-code",
            "autocapitalize": "off",
            "spellcheck": "false",
        },
    )
    submit = SubmitField(_l("Controleren"))


class TwoFactorSetupForm(BaseForm):
    code = StringField(
        _l("Code uit de app"),
        validators=[
            DataRequired(_l("Vul de code in.")),
            Regexp(r"^\d{3} ?\d{3}$", message=_l("De code bestaat uit 6 cijfers.")),
        ],
        description=_l("De 6 cijfers die de app nu laat zien."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Inschakelen"))


class PasswordConfirmForm(BaseForm):
    """Asks the password again before a sensitive change (two-factor off, new codes)."""

    password = PasswordField(
        _l("Uw wachtwoord"),
        validators=[
            DataRequired(_l("Vul uw wachtwoord in.")),
            Length(max=200, message=_l("Het wachtwoord klopt niet.")),
        ],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField(_l("Bevestigen"))
