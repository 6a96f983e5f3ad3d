"""Forms for candidate profiles, identity, consent, support, relocations and imports.

Shape only: ESCO terms, postcodes and dates against other data are checked by the
services in ``portal.services.candidates.profiles`` and shown as field errors by the views.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from forms._base import BaseForm

#: How many occupation and language rows the profile form offers (empty rows are ignored).
OCCUPATION_ROWS = 5
LANGUAGE_ROWS = 5

PC4 = Regexp(r"^[1-9]\d{3}$", message=_l("Vul 4 cijfers in, bijvoorbeeld 1183."))


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice (rendered as a fieldset by the form macro)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _optional_int(value: object) -> int | None:
    return int(value) if value not in (None, "", "None") else None  # type: ignore[arg-type]


class ProfileForm(BaseForm):
    """The anonymous profile. Choices for the select fields are set by the view."""

    summary = TextAreaField(
        _l("Samenvatting (anoniem)"),
        description=_l(
            "Wat kan en wil deze persoon? Geen naam, nummers, telefoon, e-mail of herkomst."
        ),
        validators=[Optional(), Length(max=4000)],
    )
    education_level = SelectField(
        _l("Opleidingsniveau (ISCED)"),
        coerce=_optional_int,
        validators=[Optional()],
    )
    reception_centre = StringField(
        _l("Azc waar de persoon nu woont"),
        validators=[DataRequired(_l("Vul het azc in.")), Length(max=120)],
    )
    pc4 = StringField(
        _l("Postcode van het azc (4 cijfers)"),
        validators=[DataRequired(_l("Vul de postcode in.")), PC4],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    max_travel_km = IntegerField(
        _l("Maximale reisafstand in km"),
        validators=[
            InputRequired(_l("Vul de reisafstand in.")),
            NumberRange(0, 300, _l("Kies een afstand tussen 0 en 300 km.")),
        ],
    )
    hours_per_week = IntegerField(
        _l("Uren per week"),
        validators=[
            InputRequired(_l("Vul het aantal uren in.")),
            NumberRange(1, 60, _l("Kies tussen 1 en 60 uur per week.")),
        ],
    )
    available_from = DateField(
        _l("Beschikbaar vanaf"),
        validators=[InputRequired(_l("Vul een datum in."))],
    )
    asylum_application_date = DateField(
        _l("Datum asielaanvraag"),
        validators=[InputRequired(_l("Vul de datum van de asielaanvraag in."))],
    )
    w_document_valid_until = DateField(
        _l("W-document geldig tot"),
        validators=[Optional()],
    )
    has_bsn = BooleanField(_l("Heeft een BSN"))
    in_brp = BooleanField(_l("Staat ingeschreven in de BRP"))
    #: Skills already chosen (checkboxes; the picker adds more with JavaScript).
    skill_uris = MultiCheckboxField(
        _l("Vaardigheden (ESCO)"), validate_choice=False, validators=[Optional()]
    )
    skills = TextAreaField(
        _l("Vaardigheden toevoegen"),
        description=_l("Eén vaardigheid per regel: de naam of de ESCO-URI."),
        validators=[Optional(), Length(max=20000)],
    )

    def occupation_rows(self) -> list[tuple[StringField, DecimalField]]:
        return [
            (self[f"occupation_{i}"], self[f"years_{i}"])
            for i in range(1, OCCUPATION_ROWS + 1)
        ]

    def language_rows(self) -> list[tuple[SelectField, SelectField]]:
        return [
            (self[f"language_{i}"], self[f"level_{i}"])
            for i in range(1, LANGUAGE_ROWS + 1)
        ]

    def visible_occupation_rows(self) -> list[tuple[StringField, DecimalField]]:
        return _visible(self.occupation_rows())

    def visible_language_rows(self) -> list[tuple[SelectField, SelectField]]:
        return _visible(self.language_rows())


def _visible(rows: list, minimum: int = 2) -> list:
    """The filled rows plus one empty row (at least ``minimum``): a shorter form.

    Without JavaScript another empty row appears after saving.
    """
    used = [
        i for i, (a, b) in enumerate(rows) if a.data or b.data or a.errors or b.errors
    ]
    count = max(minimum, used[-1] + 2 if used else 0)
    return rows[:count]


for _i in range(1, OCCUPATION_ROWS + 1):
    setattr(
        ProfileForm,
        f"occupation_{_i}",
        StringField(
            _l("Beroep %(n)s", n=_i),
            description=_l("Naam van het beroep of de ESCO-URI."),
            validators=[Optional(), Length(max=200)],
        ),
    )
    setattr(
        ProfileForm,
        f"years_{_i}",
        DecimalField(
            _l("Jaren ervaring (beroep %(n)s)", n=_i),
            places=1,
            validators=[
                Optional(),
                NumberRange(0, 60, _l("Kies tussen 0 en 60 jaar.")),
            ],
        ),
    )
for _i in range(1, LANGUAGE_ROWS + 1):
    setattr(
        ProfileForm,
        f"language_{_i}",
        SelectField(_l("Taal %(n)s", n=_i), validators=[Optional()]),
    )
    setattr(
        ProfileForm,
        f"level_{_i}",
        SelectField(_l("Niveau (taal %(n)s)", n=_i), validators=[Optional()]),
    )


class IdentityForm(BaseForm):
    name = StringField(
        _l("Naam"),
        validators=[DataRequired(_l("Vul de naam in.")), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )
    v_number = StringField(
        _l("V-nummer"),
        description=_l("10 cijfers."),
        filters=[lambda v: v.replace(" ", "").replace(".", "") if v else v],
        validators=[
            Optional(),
            Regexp(r"^\d{10}$", message=_l("Een V-nummer heeft 10 cijfers.")),
        ],
        render_kw={"autocomplete": "off", "inputmode": "numeric"},
    )
    date_of_birth = DateField(_l("Geboortedatum"), validators=[Optional()])
    phone = TelField(
        _l("Telefoonnummer"),
        validators=[
            Optional(),
            Length(max=30),
            Regexp(r"^\+?[\d ()-]{6,}$", message=_l("Dit is geen telefoonnummer.")),
        ],
        render_kw={"autocomplete": "off"},
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            Optional(),
            Email(_l("Dit is geen geldig e-mailadres.")),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off"},
    )
    nationality = StringField(
        _l("Nationaliteit"), validators=[Optional(), Length(max=80)]
    )
    notes = TextAreaField(
        _l("Notities (alleen voor matchmakers)"),
        validators=[Optional(), Length(max=4000)],
    )


class ConsentForm(BaseForm):
    given_on = DateField(
        _l("Datum van toestemming"),
        validators=[InputRequired(_l("Vul de datum in."))],
    )
    scopes = MultiCheckboxField(
        _l("Waarvoor geeft de persoon toestemming?"),
        validators=[DataRequired(_l("Kies minstens één onderdeel."))],
    )


class StatusForm(BaseForm):
    status = RadioField(
        _l("Status"), validators=[InputRequired(_l("Kies een status."))]
    )
    reason_code = SelectField(
        _l("Reden (bij gepauzeerd of gestopt)"), validators=[Optional()]
    )

    def validate_reason_code(self, field: SelectField) -> None:
        if self.status.data in {"paused", "left"} and not field.data:
            raise ValidationError(_l("Kies een reden."))


class OutcomeForm(BaseForm):
    residence_permit_on = DateField(
        _l("Verblijfsvergunning verleend op"), validators=[Optional()]
    )
    linked_municipality = StringField(
        _l("Gekoppeld aan gemeente (huisvesting)"),
        validators=[Optional(), Length(max=80)],
    )


class SupportForm(BaseForm):
    done_on = DateField(_l("Datum"), validators=[InputRequired(_l("Vul de datum in."))])
    type = SelectField(_l("Soort ondersteuning"), validators=[InputRequired()])
    employer_id = SelectField(
        _l("Werkgever (bij kennismaking of advies aan een werkgever)"),
        coerce=_optional_int,
        validators=[Optional()],
    )
    note = TextAreaField(
        _l("Notitie (anoniem)"),
        description=_l("Geen naam, nummers, telefoon of e-mail."),
        validators=[Optional(), Length(max=2000)],
    )
    # -- only for volunteer work (the organisation's vrijwilligersverklaring) -----------
    volunteer_organisation = StringField(
        _l("Organisatie (bij vrijwilligerswerk)"),
        validators=[Optional(), Length(max=200)],
    )
    volunteer_status = RadioField(
        _l("Vrijwilligersverklaring van de organisatie (bij vrijwilligerswerk)"),
        validators=[Optional()],
    )
    volunteer_receipt_on = DateField(
        _l(
            "Datum van de ontvangstbevestiging van UWV (als de verklaring is aangevraagd)"
        ),
        validators=[Optional()],
    )
    volunteer_for_profit = RadioField(
        _l("Heeft de organisatie een winstoogmerk (commercieel)?"),
        choices=[SelectChoice("no", _l("Nee")), SelectChoice("yes", _l("Ja"))],
        validators=[Optional()],
    )


class RelocationForm(BaseForm):
    moved_on = DateField(
        _l("Datum van de verhuizing"),
        description=_l(
            "Mag in de toekomst liggen: de nieuwe plek telt vanaf die datum."
        ),
        validators=[InputRequired(_l("Vul de datum in."))],
    )
    reception_centre = StringField(
        _l("Nieuw azc"),
        validators=[DataRequired(_l("Vul het nieuwe azc in.")), Length(max=120)],
    )
    pc4 = StringField(
        _l("Postcode van het nieuwe azc (4 cijfers)"),
        validators=[DataRequired(_l("Vul de postcode in.")), PC4],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class EraseForm(BaseForm):
    confirm = BooleanField(
        _l("Ik weet dat dit niet ongedaan kan worden"),
        validators=[DataRequired(_l("Vink aan dat u het zeker weet."))],
    )


class ImportForm(BaseForm):
    file = FileField(
        _l("Bestand"),
        description=_l("JSON Lines (.jsonl) of CSV (.csv), UTF-8."),
        validators=[
            FileRequired(_l("Kies een bestand.")),
            FileAllowed(["jsonl", "json", "csv", "txt"], _l("Alleen .jsonl of .csv.")),
        ],
    )
    format = RadioField(
        _l("Formaat"),
        choices=[
            SelectChoice("auto", _l("Herken aan de bestandsnaam")),
            SelectChoice("jsonl", "JSON Lines"),
            SelectChoice("csv", "CSV"),
        ],
        default="auto",
        validators=[Optional()],
    )
    dry_run = BooleanField(_l("Alleen controleren, niets opslaan"))


class ProfileFilterForm(BaseForm):
    """The list's filters (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Zoek op referentie of beroep"), validators=[Optional(), Length(max=100)]
    )
    status = SelectField(_l("Status"), validators=[Optional()])
    consent = SelectField(_l("Toestemming"), validators=[Optional()])
    permit = SelectField(_l("Werkvergunning"), validators=[Optional()])
