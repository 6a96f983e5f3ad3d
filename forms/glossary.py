"""Forms of the glossary: one Dutch label, and a glossary file to import."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forms._base import BaseForm


class SkillLabelForm(BaseForm):
    label_nl = StringField(
        _l("Nederlandse naam"),
        validators=[
            DataRequired(_l("Vul de Nederlandse naam in.")),
            Length(max=200, message=_l("Gebruik hoogstens 200 tekens.")),
        ],
        description=_l(
            "Zoals een werkgever of kandidaat het zegt, bijvoorbeeld 'afstoffen'."
        ),
    )
    alternatives = TextAreaField(
        _l("Andere woorden om op te zoeken"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Eén per regel, bijvoorbeeld 'koken' of 'stof afnemen'."),
    )
    note = StringField(
        _l("Bron of toelichting"),
        validators=[Optional(), Length(max=500)],
        description=_l("Bijvoorbeeld 'overgenomen uit de woordenlijst van Amsterdam'."),
    )


class GlossaryImportForm(BaseForm):
    file = FileField(
        _l("Woordenlijst (CSV)"),
        validators=[FileRequired(_l("Kies een bestand."))],
    )
    dry_run = BooleanField(_l("Alleen controleren, nog niets opslaan"))
