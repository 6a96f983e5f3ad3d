"""Forms for vacancies: the shape of the input only; the rules live in the service."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from forms._base import MAX_INTEGER, NUMBER_MESSAGE, BaseForm
from portal.domain.cefr import CEFR_LEVELS

CLOSE_REASON_CHOICES = [
    SelectChoice("filled_elsewhere", _l("De baan is op een andere manier vervuld")),
    SelectChoice("no_longer_needed", _l("De baan is niet meer nodig")),
    SelectChoice("no_suitable_candidates", _l("Er zijn geen geschikte kandidaten")),
    SelectChoice("other", _l("Een andere reden")),
]
STATUS_CHOICES = [
    SelectChoice("draft", _l("concept")),
    SelectChoice("published", _l("gepubliceerd")),
    SelectChoice("paused", _l("gepauzeerd")),
    SelectChoice("filled", _l("vervuld")),
    SelectChoice("closed", _l("gesloten")),
]
SECTOR_CHOICES = [
    SelectChoice("hospitality", _l("horeca")),
    SelectChoice("production", _l("productie")),
    SelectChoice("logistics", _l("logistiek")),
    SelectChoice("cleaning", _l("schoonmaak")),
    SelectChoice("care", _l("zorg")),
    SelectChoice("other", _l("overig")),
]
LEVEL_CHOICES = [
    SelectChoice("", _l("Niet nodig")),
    *[SelectChoice(level, level) for level in CEFR_LEVELS],
]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes; choices are set by the view (ESCO skills), checked by the service."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)


class WholeNumberField(IntegerField):
    """IntegerField with a Dutch message for text that is not a whole number."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or valuelist[0] in ("", None):
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Vul een heel getal in.")) from None


class EuroField(StringField):
    """An amount in euros, written the Dutch way (14,71) or with a point (14.71)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = (valuelist[0] if valuelist else "") or ""
        raw = str(raw).strip().replace("€", "").replace(" ", "")
        if not raw:
            self.data = None
            return
        if "," in raw:
            raw = raw.replace(".", "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.data = None
            raise ValueError(_l("Vul een bedrag in, bijvoorbeeld 14,71.")) from None
        if not value.is_finite() or abs(value) > MAX_INTEGER:
            # before quantize: 1e309 is finite, but has no room for cents in the context
            self.data = None
            raise ValueError(NUMBER_MESSAGE)
        if value != value.quantize(Decimal("0.01")):
            self.data = None
            raise ValueError(_l("Gebruik hoogstens twee cijfers achter de komma."))
        self.data = value

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        if isinstance(self.data, Decimal):
            return f"{self.data:.2f}".replace(".", ",")
        return ""


class DutchDateField(DateField):
    """A date field with a Dutch message for an unreadable date."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Vul een geldige datum in.")) from None


class OccupationSearchForm(BaseForm):
    """Step 1 without JavaScript: search an occupation by name (GET)."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Zoek een beroep"),
        validators=[Optional(), Length(max=100)],
        description=_l("Typ een deel van de naam, in het Nederlands of Engels."),
    )


class SkillSearchForm(BaseForm):
    """Search a skill by name (GET), for the page without JavaScript."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Zoek een vaardigheid"),
        validators=[Optional(), Length(max=100)],
        description=_l("Typ een deel van de naam, in het Nederlands of Engels."),
    )


class VacancyForm(BaseForm):
    """Step 2: everything about the job. The occupation comes from step 1."""

    esco_occupation = HiddenField()
    #: One-time key of this form (set when it is first shown): a double submit makes
    #: one vacancy, not two.
    submission_key = HiddenField(validators=[Optional(), Length(max=64)])
    title = StringField(
        _l("Functietitel"),
        validators=[InputRequired(_l("Vul een functietitel in.")), Length(max=200)],
        description=_l(
            "Zoals u de functie zelf noemt, bijvoorbeeld ‘Kok in de keuken’."
        ),
    )
    essential_skills = MultiCheckboxField(
        _l("Vaardigheden die nodig zijn"),
        description=_l(
            "De vaardigheden die bij dit beroep horen staan al aangevinkt. "
            "Haal het vinkje weg als een vaardigheid niet nodig is."
        ),
    )
    optional_skills = MultiCheckboxField(
        _l("Vaardigheden die mooi meegenomen zijn"),
    )
    skill_q = StringField(
        _l("Zoek een vaardigheid om toe te voegen"),
        validators=[Optional(), Length(max=100)],
        description=_l("Typ een deel van de naam, in het Nederlands of Engels."),
    )
    description = TextAreaField(
        _l("Omschrijving"), validators=[Optional(), Length(max=5000)]
    )
    pc4 = StringField(
        _l("Postcode van de werkplek (4 cijfers)"),
        validators=[
            InputRequired(_l("Vul de postcode van de werkplek in.")),
            Regexp(
                r"^\s*[0-9]{4}\s*$",
                message=_l("Vul de 4 cijfers van de postcode in, bijvoorbeeld 1187."),
            ),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": "4"},
    )
    hours_per_week = WholeNumberField(
        _l("Uren per week"),
        validators=[InputRequired(_l("Vul het aantal uren per week in."))],
        description=_l("Tussen 1 en 40 uur."),
        render_kw={"inputmode": "numeric"},
    )
    start_date = DutchDateField(
        _l("Startdatum"),
        validators=[InputRequired(_l("Vul de startdatum in."))],
    )
    contract_months = WholeNumberField(
        _l("Duur van het contract (maanden)"),
        validators=[InputRequired(_l("Vul de duur van het contract in."))],
        description=_l("Minstens 1 maand."),
        render_kw={"inputmode": "numeric"},
    )
    hourly_wage = EuroField(
        _l("Bruto uurloon (euro)"),
        validators=[InputRequired(_l("Vul het bruto uurloon in."))],
        description=_l("Minstens het wettelijk minimumloon, bijvoorbeeld 14,71."),
        render_kw={"inputmode": "decimal"},
    )
    positions = WholeNumberField(
        _l("Aantal plaatsen"),
        default=1,
        validators=[InputRequired(_l("Vul het aantal plaatsen in."))],
        render_kw={"inputmode": "numeric"},
    )
    language_nl = SelectField(
        _l("Nederlands: minimaal niveau"), choices=LEVEL_CHOICES, default=""
    )
    language_en = SelectField(
        _l("Engels: minimaal niveau"), choices=LEVEL_CHOICES, default=""
    )
    other_language_code = StringField(
        _l("Andere taal: taalcode"),
        validators=[
            Optional(),
            Regexp(
                r"^\s*[a-zA-Z]{2}\s*$",
                message=_l("Gebruik een taalcode van twee letters, bijvoorbeeld ar."),
            ),
        ],
        description=_l("Twee letters, bijvoorbeeld ar voor Arabisch of tr voor Turks."),
    )
    other_language_level = SelectField(
        _l("Andere taal: minimaal niveau"), choices=LEVEL_CHOICES, default=""
    )
    search_skill = SubmitField(_l("Zoek vaardigheid"))
    save = SubmitField(_l("Opslaan"))

    def languages(self) -> dict[str, str]:
        """The required levels as code → CEFR level."""
        out = {}
        if self.language_nl.data:
            out["nl"] = self.language_nl.data
        if self.language_en.data:
            out["en"] = self.language_en.data
        code = (self.other_language_code.data or "").strip().lower()
        if code and self.other_language_level.data:
            out[code] = self.other_language_level.data
        return out


class CloseForm(BaseForm):
    reason_code = RadioField(
        _l("Waarom sluit u de vacature?"),
        choices=CLOSE_REASON_CHOICES,
        validators=[InputRequired(_l("Kies een reden."))],
    )
    note = TextAreaField(
        _l("Toelichting"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Schrijf hier geen namen of andere persoonsgegevens."),
    )
    submit = SubmitField(_l("Vacature sluiten"))


class ImportForm(BaseForm):
    employer_id = SelectField(
        _l("Werkgever"), coerce=int, validators=[Optional()], validate_choice=False
    )
    file = FileField(
        _l("Bestand (JSON Lines)"),
        validators=[FileRequired(_l("Kies een bestand."))],
        description=_l(
            "Eén vacature per regel, zoals beschreven in het uitwisselformaat."
        ),
    )
    submit = SubmitField(_l("Importeren"))


class FilterForm(BaseForm):
    """The matchmakers' filters (GET)."""

    class Meta:
        csrf = False

    sector = SelectField(
        _l("Sector"),
        choices=[SelectChoice("", _l("Alle sectoren")), *SECTOR_CHOICES],
        default="",
    )
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice("", _l("Alle statussen")), *STATUS_CHOICES],
        default="",
    )
    shortage = SelectField(
        _l("Tekortberoep"),
        choices=[
            SelectChoice("", _l("Alle vacatures")),
            SelectChoice("ja", _l("Alleen tekortberoepen")),
            SelectChoice("nee", _l("Geen tekortberoep")),
        ],
        default="",
    )
    region = SelectField(
        _l("Gemeente van de werkplek"),
        choices=[SelectChoice("", _l("Alle gemeenten"))],
        default="",
        validate_choice=False,
    )
    submit = SubmitField(_l("Filteren"))

    @property
    def shortage_value(self) -> bool | None:
        return {"ja": True, "nee": False}.get(self.shortage.data or "")
