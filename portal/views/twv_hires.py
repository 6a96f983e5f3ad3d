"""Recording a hire without a match (matchmaker) and ending the work early.

Registered on the ``twv`` blueprint (see ``portal.views.twv``). A hire recorded here goes
through the same gate as one on a match: nothing is recorded when a rule blocks it.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from forms.twv import EndHireForm, HireForm
from portal import i18n
from portal.domain.twv_rules import N_
from portal.extensions import db
from portal.models import HireStatus
from portal.services import reasons
from portal.services.matches import hire_gate, hires, journey
from portal.services.matches.guards import NoteHasIdentifiers
from portal.services.twv import cases as twv
from portal.views.access import (
    acting_user,
    employer_or_matchmaker_required,
    matchmaker_required,
)
from portal.views.twv_common import (
    load_case,
    message,
)

#: A note about a person with an identifier in it (as on the journey's forms).
NOTE_HAS_IDENTIFIERS = _l(
    "Schrijf geen telefoonnummer, e-mailadres, BSN, V-nummer of ander nummer waarmee iemand de kandidaat herkent."
)

#: The gate's own sentence for B1, reused on the hire form's wage field.
WAGE_BELOW_MINIMUM = N_(
    "Het uurloon is lager dan het minimumloon. "
    "Op %(on)s is het minimumloon %(minimum)s per uur."
)


@matchmaker_required
def new_hire() -> Response | str:
    form = HireForm()
    form.vacancy_id.choices = [(0, _("Kies een vacature"))] + [
        (v.id, f"{v.title} – {v.employer.name} ({v.ref})")
        for v in hires.vacancies_open_for_hire()
    ]
    pair_match = None
    if form.validate_on_submit():
        try:
            hire = journey.record_hire_by_ref(
                candidate_ref=form.candidate_ref.data,
                vacancy_id=form.vacancy_id.data,
                terms=hires.ContractTerms(
                    contract_start=form.contract_start.data,
                    contract_end=form.contract_end.data,
                    hours_per_week=form.hours_per_week.data,
                    hourly_wage=form.hourly_wage.data,
                ),
                by=acting_user(),
            )
        except hires.UnknownVacancy:
            form.vacancy_id.errors.append(_("Kies een vacature."))
        except hires.UnknownCandidate:
            form.candidate_ref.errors.append(
                _("Er is geen kandidaat met deze referentie.")
            )
        except hires.PairHasMatch as has_match:
            # That hire is proposed by the employer on the match and confirmed there.
            pair_match = has_match.match
            form.candidate_ref.errors.append(
                _(
                    "Deze kandidaat heeft een match met deze vacature. De werkgever stelt het contract voor op de match; u bevestigt het daar."
                )
            )
        except hires.WageBelowMinimum as low:
            form.hourly_wage.errors.append(
                message(WAGE_BELOW_MINIMUM, {"on": low.on, "minimum": low.minimum})
            )
        except hire_gate.HireBlocked as blocked:
            # The same gate as a hire on a match: nothing is recorded, nothing "begins".
            for check in blocked.checks:
                target = (
                    form.hourly_wage if "WAGE" in check.code else form.contract_start
                )
                target.errors = [
                    *target.errors,
                    message(check.message_nl, check.params),
                ]
            if blocked.earliest_start is not None:
                form.contract_start.errors = [
                    *form.contract_start.errors,
                    _(
                        "De vroegst mogelijke startdatum is %(on)s.",
                        on=i18n.nl_date(blocked.earliest_start),
                    ),
                ]
        except hires.InvalidContract:
            form.contract_end.errors.append(_("De einddatum ligt voor de begindatum."))
        else:
            db.session.commit()
            flash(
                _(
                    "De aanstelling is vastgelegd. Volg de stappen van de werkvergunning hieronder."
                ),
                "success",
            )
            return redirect(url_for("twv.case", case_id=twv.case_for_hire(hire).id))
    return render_template("twv/new_hire.html", form=form, pair_match=pair_match)


@employer_or_matchmaker_required
def end_hire(case_id: int) -> Response | str:
    case = load_case(case_id)
    hire = case.hire
    if hire.status not in {HireStatus.PLANNED, HireStatus.ACTIVE}:
        flash(_("Het werk is al gestopt."), "info")
        return redirect(url_for("twv.case", case_id=case.id))
    form = EndHireForm()
    form.reason_code.choices = [
        (code, str(label)) for code, label in reasons.reasons_for("hire_ended").items()
    ]
    if form.validate_on_submit():
        try:
            hires.end_early(
                hire,
                ended_on=form.ended_on.data,
                reason_code=form.reason_code.data,
                by=acting_user(),
                note=form.note.data,
            )
        except hires.NoteRequired:
            form.note.errors = [_("Licht de andere reden kort toe.")]
        except NoteHasIdentifiers:
            form.note.errors = [NOTE_HAS_IDENTIFIERS]
        else:
            db.session.commit()
            flash(_("Vastgelegd dat het werk stopt."), "success")
            return redirect(url_for("twv.case", case_id=case.id))
    return render_template("twv/end_hire.html", form=form, case=case)
