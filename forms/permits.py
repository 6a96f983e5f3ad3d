"""Forms of the permit's life: IND/COA events, COA referrals and accounts, retention."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from forms._base import BaseForm
from forms.candidate import MultiCheckboxField

PC4 = Regexp(r"^[1-9]\d{3}$", message=_l("Vul 4 cijfers in, bijvoorbeeld 1183."))


class EventForm(BaseForm):
    """One IND or COA event; the transfer fields only for a transfer."""

    kind = RadioField(
        _l("Wat is er gebeurd?"),
        validators=[InputRequired(_l("Kies wat er is gebeurd."))],
    )
    occurred_on = DateField(
        _l("Datum"),
        description=_l("Een geplande verhuizing: de geplande datum."),
        validators=[InputRequired(_l("Vul de datum in."))],
    )
    municipality = StringField(
        _l("Gekoppelde gemeente (bij een verblijfsvergunning)"),
        validators=[Optional(), Length(max=80)],
    )
    to_reception_centre = StringField(
        _l("Nieuw azc (bij een verhuizing)"), validators=[Optional(), Length(max=120)]
    )
    to_pc4 = StringField(
        _l("Postcode van het nieuwe azc (bij een verhuizing)"),
        validators=[Optional(), PC4],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )


class VoidEventForm(BaseForm):
    """Mark an event as recorded in error; the reason choices are set by the view."""

    reason_code = SelectField(
        _l("Waarom is dit een vergissing?"),
        validators=[InputRequired(_l("Kies een reden."))],
    )


class ReferralForm(BaseForm):
    reception_centre = SelectField(
        _l("Azc"), validators=[InputRequired(_l("Kies het azc."))]
    )
    name = StringField(
        _l("Naam van de bewoner"),
        validators=[DataRequired(_l("Vul de naam in.")), Length(max=200)],
        render_kw={"autocomplete": "off"},
    )
    v_number = StringField(
        _l("V-nummer (optioneel)"),
        validators=[
            Optional(),
            Regexp(r"^\d{10}$", message=_l("Een V-nummer heeft 10 cijfers.")),
        ],
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
    )
    phone = StringField(
        _l("Telefoon (optioneel)"),
        validators=[
            Optional(),
            Regexp(r"^\+?[\d ()-]{6,}$", message=_l("Dit is geen telefoonnummer.")),
        ],
        render_kw={"autocomplete": "off", "type": "tel"},
    )
    asylum_application_date = DateField(
        _l("Datum van de asielaanvraag"),
        validators=[InputRequired(_l("Vul de datum in."))],
    )
    asylum_registration_date = DateField(
        _l("Datum van registratie van de aanvraag (als die eerder was)"),
        validators=[Optional()],
    )
    w_document_valid_until = DateField(
        _l("W-document geldig tot en met (optioneel)"), validators=[Optional()]
    )
    available_from = DateField(
        _l("Beschikbaar vanaf"), validators=[InputRequired(_l("Vul de datum in."))]
    )
    hours_per_week = IntegerField(
        _l("Uren per week"),
        validators=[
            InputRequired(_l("Vul het aantal uren in.")),
            NumberRange(1, 60, _l("Kies tussen 1 en 60 uur per week.")),
        ],
    )
    languages = StringField(
        _l("Talen (code:niveau)"),
        description=_l("Bijvoorbeeld: ti:C2, nl:A2"),
        validators=[Optional(), Length(max=200)],
    )
    consent_on = DateField(
        _l("Datum van de toestemming van de bewoner"),
        validators=[InputRequired(_l("Vul de datum van de toestemming in."))],
    )
    consent = BooleanField(
        _l(
            "De bewoner geeft toestemming om deze gegevens aan het Werkplein te geven "
            "voor begeleiding naar werk"
        ),
        validators=[DataRequired(_l("Zonder toestemming kunt u niet doorverwijzen."))],
    )


class IntakeForm(BaseForm):
    """The intake of a referral; ``scopes`` choices are set by the view."""

    summary = TextAreaField(
        _l("Samenvatting (anoniem: geen naam, nummers of adres)"),
        validators=[DataRequired(_l("Vul een samenvatting in.")), Length(max=2000)],
    )
    max_travel_km = IntegerField(
        _l("Maximale reisafstand (km)"),
        default=25,
        validators=[
            InputRequired(_l("Vul de reisafstand in.")),
            NumberRange(0, 300, _l("Kies een afstand tussen 0 en 300 km.")),
        ],
    )
    scopes = MultiCheckboxField(
        _l("Waarvoor geeft de kandidaat bij de intake nog meer toestemming?"),
        description=_l(
            "De toestemming op de verwijzing geldt alleen voor het doorgeven van de "
            "gegevens aan het Werkplein om passend werk te zoeken."
        ),
        validators=[Optional()],
    )


class DeclineForm(BaseForm):
    reason_code = SelectField(
        _l("Reden"), validators=[InputRequired(_l("Kies een reden."))]
    )


class PartnerForm(BaseForm):
    centres = TextAreaField(
        _l("Azc's (één per regel: naam; postcode)"),
        validators=[Optional(), Length(max=2000)],
    )
    verified = BooleanField(_l("Gecontroleerd: dit account is van het COA"))


class RetentionForm(BaseForm):
    """One step of the employment statement; ``action`` says which."""

    action = HiddenField(validators=[InputRequired()])
    on = DateField(_l("Datum"), validators=[Optional()])
    outcome = RadioField(
        _l("Uitkomst"),
        choices=[
            SelectChoice("kept_job", _l("Werk behouden")),
            SelectChoice("lost_job", _l("Werk verloren")),
        ],
        validators=[Optional()],
    )
    reason_code = SelectField(_l("Reden (bij werk verloren)"), validators=[Optional()])


class ProcedureFactsForm(BaseForm):
    registration_date = DateField(
        _l("Datum van registratie van de aanvraag (als die eerder was)"),
        description=_l(
            "Vanaf 12 juni 2026 telt de wachttijd van 6 maanden vanaf de registratie."
        ),
        validators=[Optional()],
    )
    accelerated = BooleanField(
        _l("De aanvraag wordt behandeld in een versnelde procedure")
    )


class AgencyForm(BaseForm):
    via_agency = BooleanField(_l("Het werk gaat via een uitzendbureau"))
    admission_number = StringField(
        _l("Nummer van de Wtta-toelating van het uitzendbureau"),
        description=_l("Verplicht vanaf 1 januari 2027; boetes vanaf 1 januari 2028."),
        validators=[Optional(), Length(max=40)],
    )
