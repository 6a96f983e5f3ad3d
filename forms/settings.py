"""Forms for the administrators' settings: shape only; ranges are checked by the service."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, Optional, Regexp

from forms._base import BaseForm
from forms.vacancy import DutchDateField, EuroField

AGE_CHOICES = [
    SelectChoice("21", _l("21 jaar en ouder")),
    *[
        SelectChoice(str(age), _l("%(age)s jaar", age=age))
        for age in (20, 19, 18, 17, 16, 15)
    ],
]


class SettingsForm(BaseForm):
    automated_suggestions = BooleanField(
        _l("Automatische voorstellen van kandidaten en vacatures staan aan"),
        description=_l(
            "Zonder vinkje stelt de portal niets meer voor: matchmakers zoeken kandidaten "
            "en vacatures zelf op en beoordelen ze zoals altijd."
        ),
    )
    allow_non_shortage = BooleanField(
        _l("Vacatures in andere beroepen dan tekortberoepen zijn toegestaan"),
        description=_l(
            "Zonder vinkje kunnen werkgevers alleen vacatures in tekortberoepen publiceren. "
            "Met vinkje krijgen de andere vacatures het label ‘geen tekortberoep’."
        ),
    )
    block_accelerated = BooleanField(
        _l("Geen werk bij een versnelde asielprocedure (vanaf 12 juni 2026)"),
        description=_l(
            "Herziene Opvangrichtlijn (EU) 2024/1346. Staat aan: de richtlijn geldt "
            "vanaf 12 juni 2026."
        ),
    )
    eu_pact_proposal = BooleanField(
        _l(
            "Kabinetsvoorstel: na 3 maanden werken bij grote kans, niet bij kleine kans"
        ),
        description=_l("Nog geen wet: laat dit uit tot het besluit is gepubliceerd."),
    )
    disregard_rate = EuroField(
        _l(
            "Deel van het netto-inkomen dat de asielzoeker mag houden (bijvoorbeeld 0,25)"
        ),
        validators=[InputRequired(_l("Vul een getal tussen 0 en 1 in."))],
    )
    disregard_cap = EuroField(
        _l("Maximaal bedrag dat de asielzoeker per maand mag houden (euro)"),
        validators=[InputRequired(_l("Vul een bedrag in."))],
    )
    economic_value = EuroField(
        _l(
            "Economische waarde van de opvang per maand: de hoogste eigen bijdrage (euro)"
        ),
        validators=[InputRequired(_l("Vul een bedrag in."))],
    )
    net_gross_ratio = EuroField(
        _l("Verhouding netto/bruto (bijvoorbeeld 0,90)"),
        validators=[InputRequired(_l("Vul een getal tussen 0 en 1 in."))],
    )
    submit = SubmitField(_l("Instellingen opslaan"))


def _indexation_day(form: object, field: DutchDateField) -> None:
    value: date | None = field.data
    if value is not None and not (value.day == 1 and value.month in (1, 7)):
        raise ValidationError(
            _l(
                "Het minimumloon verandert op 1 januari en 1 juli. Kies een van die datums."
            )
        )


class WageRateForm(BaseForm):
    valid_from = DutchDateField(
        _l("Geldig vanaf"),
        validators=[InputRequired(_l("Vul de datum in.")), _indexation_day],
        description=_l("1 januari of 1 juli."),
    )
    age = SelectField(_l("Leeftijd"), choices=AGE_CHOICES, coerce=int, default=21)
    hourly = EuroField(
        _l("Bruto minimumuurloon (euro)"),
        validators=[InputRequired(_l("Vul het bedrag in."))],
    )
    source = StringField(
        _l("Bron"),
        validators=[InputRequired(_l("Vul de bron in.")), Length(max=500)],
        description=_l(
            "Bijvoorbeeld: Rijksoverheid, bedragen minimumloon 2026 (bekendgemaakt op …)."
        ),
    )
    submit = SubmitField(_l("Minimumloon toevoegen"))


class ShortageForm(BaseForm):
    isco_code = StringField(
        _l("ISCO-code (1 tot 4 cijfers)"),
        validators=[
            Optional(),
            Regexp(
                r"^\s*[0-9]{1,4}\s*$",
                message=_l("Een ISCO-code heeft 1 tot 4 cijfers."),
            ),
        ],
        description=_l(
            "Bijvoorbeeld 911 voor schoonmakers. Laat leeg als u hierboven een beroep koos."
        ),
    )
    esco_uri = StringField(
        _l("Gekozen ESCO-beroep"), validators=[Optional(), Length(max=120)]
    )
    label = StringField(
        _l("Naam"),
        validators=[InputRequired(_l("Vul een naam in.")), Length(max=200)],
    )
    tension = StringField(
        _l("Spanning op de arbeidsmarkt"),
        validators=[Optional(), Length(max=200)],
        description=_l("Bijvoorbeeld: zeer krap (spanning > 4)."),
    )
    source = StringField(
        _l("Bron"),
        validators=[InputRequired(_l("Vul de bron in.")), Length(max=500)],
    )
    source_date = DutchDateField(
        _l("Datum van de bron"),
        validators=[InputRequired(_l("Vul de datum van de bron in."))],
    )
    submit = SubmitField(_l("Tekortberoep toevoegen"))
