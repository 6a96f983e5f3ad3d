"""Administrators' settings: municipality policy, REBA figures, minimum wage, shortage list."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.settings import SettingsForm, ShortageForm, WageRateForm
from forms.vacancy import OccupationSearchForm
from portal.extensions import db
from portal.i18n import select_locale
from portal.services.permits import wages
from portal.services.settings import definitions, values, wage_rates
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies import shortage, taxonomy_search
from portal.views.access import acting_user, admin_required, found_or_404

bp = Blueprint("settings", __name__, url_prefix="/beheer/instellingen")

_SHORTAGE_ERRORS = {
    "one_target": (
        "isco_code",
        _l("Kies een beroep of vul een ISCO-code in, niet allebei."),
    ),
    "bad_isco": ("isco_code", _l("Een ISCO-code heeft 1 tot 4 cijfers.")),
    "unknown_isco": ("isco_code", _l("Deze ISCO-code bestaat niet.")),
    "unknown_occupation": ("esco_uri", _l("Dit beroep staat niet in de ESCO-lijst.")),
}


def _me() -> Any:
    return acting_user()


def _prefill(form: SettingsForm) -> SettingsForm:
    current = values.get_reba_settings()
    form.allow_non_shortage.data = values.non_shortage_allowed()
    form.automated_suggestions.data = values.automated_suggestions_on()
    form.block_accelerated.data = values.get_bool(definitions.BLOCK_ACCELERATED)
    form.eu_pact_proposal.data = values.get_bool(definitions.EU_PACT_PROPOSAL)
    form.disregard_rate.data = current.disregard_rate
    form.disregard_cap.data = current.disregard_cap
    form.economic_value.data = current.economic_value
    form.net_gross_ratio.data = current.net_gross_ratio
    return form


def _render_index(form: SettingsForm, wage_form: WageRateForm) -> str:
    return render_template(
        "settings/index.html",
        form=form,
        wage_form=wage_form,
        rows={row.key: row for row in values.setting_rows()},
        rates=wage_rates.wage_rate_rows(),
        missing_period=wage_rates.missing_wage_period(vacancies.local_today()),
        confirm=ConfirmForm(),
    )


def _wage_form_for_get() -> WageRateForm:
    """The rate form; ``?valid_from=…&age=…`` (the "correct" link of a built-in row)
    fills in the date and age to supersede."""
    form = WageRateForm(formdata=None)
    chosen = wage_rates.parse_wage_key(
        request.args.get("valid_from", ""), request.args.get("age", "")
    )
    if chosen is not None:
        form.valid_from.data, form.age.data = chosen
    return form


def _flash_recheck(recheck: wages.RecheckResult) -> None:
    if recheck.vacancies or recheck.hires:
        flash(
            _(
                "Opnieuw gecontroleerd: %(vacancies)s vacatures en %(hires)s "
                "contracten zitten onder het nieuwe minimumloon. Werkgevers en "
                "matchmakers hebben een melding gekregen.",
                vacancies=len(recheck.vacancies),
                hires=len(recheck.hires),
            ),
            "warning",
        )


@bp.route("/", methods=["GET", "POST"])
@admin_required
def index() -> Any:
    form = SettingsForm() if request.method == "POST" else _prefill(SettingsForm())
    if form.validate_on_submit():
        try:
            values.set_value(
                definitions.ALLOW_NON_SHORTAGE, form.allow_non_shortage.data, by=_me()
            )
            values.set_value(
                definitions.AUTOMATED_SUGGESTIONS,
                form.automated_suggestions.data,
                by=_me(),
            )
            values.set_value(
                definitions.BLOCK_ACCELERATED, form.block_accelerated.data, by=_me()
            )
            values.set_value(
                definitions.EU_PACT_PROPOSAL, form.eu_pact_proposal.data, by=_me()
            )
            values.update_reba_settings(
                disregard_rate=form.disregard_rate.data,
                disregard_cap=form.disregard_cap.data,
                economic_value=form.economic_value.data,
                net_gross_ratio=form.net_gross_ratio.data,
                by=_me(),
            )
        except (definitions.InvalidSetting, ValueError):
            db.session.rollback()
            flash(
                _(
                    "Controleer de getallen: een deel of verhouding ligt tussen 0 en 1, "
                    "bedragen zijn niet negatief."
                ),
                "error",
            )
        else:
            db.session.commit()
            flash(_("De instellingen zijn opgeslagen."), "success")
            return redirect(url_for("settings.index"))
    return _render_index(form, _wage_form_for_get())


@bp.post("/minimumloon")
@admin_required
def add_wage_rate() -> Any:
    form = WageRateForm()
    if form.validate_on_submit():
        try:
            _row, recheck = wages.add_rate_and_recheck(
                valid_from=form.valid_from.data,
                age=form.age.data,
                hourly=form.hourly.data,
                source=form.source.data,
                by=_me(),
            )
        except wage_rates.WageRateExists:
            form.valid_from.errors = [
                _(
                    "Voor deze datum en leeftijd is al een bedrag ingevoerd. "
                    "Verwijder dat eerst."
                )
            ]
        except definitions.InvalidSetting:
            form.hourly.errors = [_("Vul een bedrag groter dan 0 in.")]
        else:
            db.session.commit()
            flash(_("Het minimumloon is toegevoegd."), "success")
            _flash_recheck(recheck)
            return redirect(url_for("settings.index"))
    return _render_index(_prefill(SettingsForm(formdata=None)), form)


@bp.post("/minimumloon/<int:rate_id>/verwijderen")
@admin_required
def delete_wage_rate(rate_id: int) -> Response:
    row = found_or_404(wage_rates.get_wage_rate(rate_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    recheck = wages.delete_rate_and_recheck(row, by=_me())
    db.session.commit()
    flash(_("Het ingevoerde minimumloon is verwijderd."), "success")
    _flash_recheck(recheck)
    return redirect(url_for("settings.index"))


@bp.route("/tekortberoepen", methods=["GET", "POST"], endpoint="shortage")
@admin_required
def shortage_list() -> Any:
    form = ShortageForm()
    search = OccupationSearchForm(request.args)
    chosen = request.args.get("esco_uri", "")
    if request.method == "GET" and taxonomy_search.occupation_exists(chosen):
        form.esco_uri.data = chosen
        form.label.data = taxonomy_search.label(chosen, "nl")[0]
    if form.validate_on_submit():
        try:
            shortage.add_shortage(
                isco_code=form.isco_code.data,
                esco_uri=form.esco_uri.data,
                label=form.label.data,
                tension=form.tension.data or "",
                source=form.source.data,
                source_date=form.source_date.data,
                by=_me(),
            )
        except shortage.InvalidShortage as exc:
            name, message = _SHORTAGE_ERRORS[exc.code]
            form[name].errors = [str(message)]
        except shortage.DuplicateShortage:
            form.source.errors = [_("Dit beroep staat al in de lijst met deze bron.")]
        else:
            db.session.commit()
            flash(_("Het tekortberoep is toegevoegd."), "success")
            return redirect(url_for("settings.shortage"))
    query = search.q.data or ""
    return render_template(
        "settings/shortage.html",
        form=form,
        search=search,
        results=taxonomy_search.search_occupations(query, select_locale(), 10)
        if query
        else [],
        searched=bool(query),
        entries=shortage.list_shortage(),
        chosen=taxonomy_search.label(form.esco_uri.data, select_locale())
        if form.esco_uri.data
        else None,
        label_of=lambda uri: taxonomy_search.label(uri, select_locale()),
        isco_label=lambda code: taxonomy_search.isco_label(code, select_locale()),
        confirm=ConfirmForm(),
    )


@bp.post("/tekortberoepen/<int:entry_id>/verwijderen")
@admin_required
def shortage_remove(entry_id: int) -> Response:
    entry = found_or_404(shortage.get_entry(entry_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    shortage.remove_shortage(entry, by=_me())
    db.session.commit()
    flash(_("Het tekortberoep is uit de lijst gehaald."), "success")
    return redirect(url_for("settings.shortage"))
