"""The pilot's evaluation (/evaluatie): the report, its exports and the pilots compared.

Matchmakers and admins see the report; admins also enter the residents per reception
centre and the pilot budget. Every figure comes from ``services.evaluation``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.evaluation import BudgetForm, ImportForm, ReportFilterForm, ResidentsForm
from portal.extensions import db
from portal.services.evaluation import charts, exchange, exports, setup
from portal.services.evaluation.period import Filters, default_filters
from portal.services.evaluation.report import QUESTIONS, build_report
from portal.views.access import (
    acting_user,
    admin_required,
    found_or_404,
    staff_required,
)

# The menu already names this area "reports" (portal/navigation.py).
bp = Blueprint("reports", __name__, url_prefix="/evaluatie")

FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.to_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.to_xlsx,
    ),
}


def _filters() -> tuple[ReportFilterForm, Filters]:
    form = ReportFilterForm(request.args)
    form.centre.data = form.centre.data or ""
    form.centre.choices = [("", _("Alle opvanglocaties"))] + [
        (c, c) for c in setup.centres()
    ]
    default = default_filters()
    if request.args and not form.validate():
        return form, default
    start = form.start.data or default.start
    end = form.end.data or default.end
    if end < start:
        return form, default
    if not form.start.data:
        form.start.data = start
    if not form.end.data:
        form.end.data = end
    return form, Filters(start, end, form.centre.data or None)


def _query(filters: Filters) -> dict[str, str]:
    args = {"start": filters.start.isoformat(), "end": filters.end.isoformat()}
    if filters.centre:
        args["centre"] = filters.centre
    return args


@bp.get("/", endpoint="index")
@staff_required
def index() -> str:
    form, filters = _filters()
    report = build_report(filters)
    return render_template(
        "evaluation/index.html",
        form=form,
        filters=filters,
        report=report,
        query=_query(filters),
        bar_chart=charts.bar_chart,
        formats=list(FORMATS),
    )


@bp.get("/export/<question>.<fmt>", endpoint="export")
@staff_required
def export(question: str, fmt: str) -> Response:
    if question not in QUESTIONS or fmt not in FORMATS:
        abort(404)
    _form, filters = _filters()
    section = build_report(filters, only=question).sections[0]
    mimetype, render = FORMATS[fmt]
    name = f"evaluatie-{section.number}-{question}-{filters.start}-{filters.end}.{fmt}"
    return Response(
        render(section, filters),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/export.json", endpoint="export_json")
@staff_required
def export_json() -> Response:
    _form, filters = _filters()
    name = f"evaluatie-{filters.start}-{filters.end}.json"
    return Response(
        exchange.export_json(filters),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _render_compare(form: ImportForm) -> str:
    _f, filters = _filters()
    own = exchange.document(build_report(filters))
    rows = exchange.imports()
    return render_template(
        "evaluation/compare.html",
        form=form,
        comparison=exchange.compare(own, [r.payload for r in rows]),
        imports=rows,
        filters=filters,
        confirm=ConfirmForm(),
    )


@bp.route("/vergelijken", methods=["GET", "POST"], endpoint="compare")
@staff_required
def compare() -> Any:
    form = ImportForm()
    if form.validate_on_submit():
        try:
            exchange.import_document(form.file.data.read(), by=acting_user())
        except exchange.InvalidDocument as exc:
            db.session.rollback()
            form.file.errors = [
                _(
                    "Dit bestand kan niet worden geïmporteerd: %(reason)s.",
                    reason=str(exc),
                )
            ]
        else:
            db.session.commit()
            flash(_("De cijfers zijn geïmporteerd."), "success")
            return redirect(url_for("reports.compare"))
    return _render_compare(form)


@bp.post("/vergelijken/<int:import_id>/verwijderen", endpoint="delete_import")
@staff_required
def delete_import(import_id: int) -> Response:
    row = found_or_404(exchange.get_import(import_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    exchange.delete_import(row, by=acting_user())
    db.session.commit()
    flash(_("De geïmporteerde cijfers zijn verwijderd."), "success")
    return redirect(url_for("reports.compare"))


def _render_settings(residents_form: ResidentsForm, budget_form: BudgetForm) -> str:
    return render_template(
        "evaluation/settings.html",
        residents_form=residents_form,
        budget_form=budget_form,
        residents=setup.residents_by_centre(),
        centres=setup.centres(),
        budget=setup.budget(),
    )


@bp.route("/instellingen", methods=["GET", "POST"], endpoint="settings")
@admin_required
def settings_page() -> Any:
    residents_form = ResidentsForm(prefix="residents")
    budget_form = BudgetForm(prefix="budget")
    if request.method == "GET":
        budget_form.budget.data = setup.budget()
    if "residents-submit" in request.form and residents_form.validate_on_submit():
        setup.set_residents(
            residents_form.centre.data, residents_form.residents.data, by=acting_user()
        )
        db.session.commit()
        flash(_("Het aantal bewoners is opgeslagen."), "success")
        return redirect(url_for("reports.settings"))
    if "budget-submit" in request.form and budget_form.validate_on_submit():
        try:
            setup.set_budget(budget_form.budget.data, by=acting_user())
        except ValueError:
            db.session.rollback()
            budget_form.budget.errors = [
                _("Vul een bedrag van 0 tot 1 miljard euro in.")
            ]
        else:
            db.session.commit()
            flash(_("Het budget is opgeslagen."), "success")
            return redirect(url_for("reports.settings"))
    return _render_settings(residents_form, budget_form)
