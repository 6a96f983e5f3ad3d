"""Forms of the evaluation: the report's filter (GET), residents, budget and import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from forms._base import BaseForm
from forms.vacancy import DutchDateField, EuroField, WholeNumberField


class ReportFilterForm(BaseForm):
    """The period and the reception centre; a GET form, so the page can be linked."""

    class Meta:
        csrf = False

    start = DutchDateField(_l("Van"), validators=[Optional()])
    end = DutchDateField(_l("Tot en met"), validators=[Optional()])
    centre = SelectField(_l("Opvanglocatie"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Toon"))

    def validate(self, extra_validators=None) -> bool:  # type: ignore[no-untyped-def]
        ok = super().validate(extra_validators)
        known = {value for value, _label in self.centre.choices}
        if self.centre.data not in known:
            self.centre.errors = [_l("Kies een opvanglocatie uit de lijst.")]
            ok = False
        if ok and self.start.data and self.end.data and self.end.data < self.start.data:
            self.end.errors = [_l("De einddatum ligt voor de begindatum.")]
            return False
        return ok


class ResidentsForm(BaseForm):
    centre = StringField(
        _l("Opvanglocatie"),
        validators=[InputRequired(_l("Vul de opvanglocatie in.")), Length(max=120)],
        description=_l("Zoals op de profielen, bijvoorbeeld AZC Amstelveen."),
    )
    residents = WholeNumberField(
        _l("Aantal bewoners"),
        validators=[
            Optional(),
            NumberRange(
                min=1, max=100000, message=_l("Vul een aantal van 1 tot 100.000 in.")
            ),
        ],
        description=_l("Laat leeg om het aantal te verwijderen."),
        render_kw={"inputmode": "numeric"},
    )
    submit = SubmitField(_l("Aantal opslaan"))


class BudgetForm(BaseForm):
    budget = EuroField(
        _l("Budget van de pilot (euro)"),
        validators=[InputRequired(_l("Vul het budget in."))],
    )
    submit = SubmitField(_l("Budget opslaan"))


class ImportForm(BaseForm):
    file = FileField(
        _l("Bestand met evaluatiecijfers (JSON)"),
        validators=[FileRequired(_l("Kies een bestand."))],
        description=_l(
            "Een export van een andere Werkbrug-installatie of van Platform31, in het formaat van docs/EVALUATION_FORMAT.md."
        ),
    )
    submit = SubmitField(_l("Importeren"))
