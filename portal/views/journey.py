"""The journey after the introduction: interview, the contract on the match, the
matchmaker's confirmation, "not hired", withdrawal, and the follow-up list."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from forms._base import ConfirmForm
from forms.journey import ContractForm, FollowUpForm
from forms.matches import ReasonForm
from portal import i18n
from portal.extensions import db
from portal.models import Match
from portal.models.base import local_today
from portal.services import once, reasons
from portal.services.matches import follow_ups, hire_gate, journey, match_ends
from portal.services.matches import review as matches
from portal.services.matches.hires import ContractTerms, InvalidContract, StartInPast
from portal.views.access import (
    acting_user,
    employer_or_matchmaker_required,
    employer_required,
    found_or_404,
    matchmaker_required,
    own_or_404,
)
from portal.views.twv_common import message

bp = Blueprint("journey", __name__, url_prefix="/traject")


@bp.app_context_processor
def once_helpers() -> dict[str, object]:
    """``once_token()`` for create forms (see services/once.py)."""
    return {"once_token": once.new_token}


def _load(match_id: int) -> Match:
    """The match; an employer only sees its own, and only once approved."""
    match = found_or_404(matches.get_match(match_id))
    if current_user.is_employer:
        own_or_404(match.vacancy)
        if not match.visible_to_employer:
            abort(404)
    return match


def _page(match: Match) -> str:
    if current_user.is_employer:
        return url_for("matches.employer_candidate", match_id=match.id)
    return url_for("matches.detail", match_id=match.id)


def step_message(exc: matches.MatchError) -> str:
    """What to tell the user when a step is refused (also used by the review views)."""
    if isinstance(exc, matches.AlreadyDecided):
        if exc.by_name:
            return _(
                "Dit is al besloten door %(name)s: de match staat nu op '%(status)s'.",
                name=exc.by_name,
                status=_status_label(exc.status),
            )
        return _(
            "Dit is al besloten: de match staat nu op '%(status)s'.",
            status=_status_label(exc.status),
        )
    if isinstance(exc, matches.NotAllowed):
        return _("Deze stap is niet aan u.")
    if isinstance(exc, matches.NoteHasIdentifiers):
        return _(
            "De notitie bevat iets waarmee iemand de kandidaat kan herkennen (zoals een telefoonnummer of BSN). Haal dat weg."
        )
    return _("Deze stap kan nu niet: de match is nog niet zo ver, of al afgesloten.")


#: The match states as the pages name them (also in matches/_macros.html).
STATUS_LABELS = {
    "suggested": _l("te beoordelen"),
    "approved": _l("goedgekeurd"),
    "rejected": _l("afgewezen"),
    "invited": _l("uitgenodigd"),
    "declined": _l("afgezegd"),
    "introduced": _l("kennisgemaakt"),
    "interview_planned": _l("gesprek gepland"),
    "offer": _l("contract voorgesteld"),
    "hired": _l("aangenomen"),
    "not_hired": _l("niet aangenomen"),
    "withdrawn": _l("beëindigd"),
}


def _status_label(status: str) -> str:
    return str(STATUS_LABELS.get(str(status), status))


def note_error() -> str:
    return _(
        "Schrijf geen telefoonnummer, e-mailadres, BSN, V-nummer of ander nummer waarmee iemand de kandidaat herkent."
    )


@bp.post("/<int:match_id>/gesprek")
@employer_or_matchmaker_required
def interview(match_id: int) -> Response:
    match = _load(match_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        journey.plan_interview(match, by=acting_user())
    except matches.MatchError as exc:
        flash(step_message(exc), "error")
        return redirect(_page(match))
    db.session.commit()
    flash(_("Vastgelegd: er is een sollicitatiegesprek gepland."), "success")
    return redirect(_page(match))


#: Gate findings whose sentence or earliest start comes from the date of birth.
BIRTH_DATE_CODES = frozenset({"UNDER_18"})


def gate_errors(
    blocked: hire_gate.HireBlocked, *, for_employer: bool = False
) -> list[str]:
    """The gate's sentences, and the earliest start date when a later start helps.

    An employer never sees anything derived from the person's date of birth (the
    earliest start would be the 18th birthday): for that finding it gets one neutral
    sentence and no date. The matchmaker sees it all.
    """
    if for_employer and any(c.code in BIRTH_DATE_CODES for c in blocked.checks):
        lines = [
            message(c.message_nl, c.params)
            for c in blocked.checks
            if c.code not in BIRTH_DATE_CODES
        ]
        lines.append(
            _(
                "De kandidaat kan op deze startdatum nog niet bij u beginnen. De matchmaker bespreekt met u vanaf wanneer het wel kan."
            )
        )
        return lines
    lines = [message(c.message_nl, c.params) for c in blocked.checks]
    if blocked.earliest_start is not None:
        lines.append(
            _(
                "De vroegst mogelijke startdatum is %(on)s.",
                on=i18n.nl_date(blocked.earliest_start),
            )
        )
    return lines


@bp.route("/<int:match_id>/contract", methods=["GET", "POST"])
@employer_required
def propose(match_id: int) -> Response | str:
    match = _load(match_id)
    existing = match_ends.proposed_hire(match)
    form = ContractForm(obj=existing) if existing is not None else ContractForm()
    blocked: list[str] = []
    if form.validate_on_submit():
        terms = ContractTerms(
            contract_start=form.contract_start.data,
            contract_end=form.contract_end.data,
            hours_per_week=form.hours_per_week.data,
            hourly_wage=form.hourly_wage.data,
        )
        try:
            journey.propose_hire(match, terms, by=acting_user(), note=form.note.data)
        except hire_gate.HireBlocked as exc:
            blocked = gate_errors(exc, for_employer=True)
            form.contract_start.errors = [*form.contract_start.errors, blocked[0]]
        except StartInPast:
            form.contract_start.errors = [
                _("De eerste werkdag kan niet in het verleden liggen.")
            ]
        except InvalidContract:
            form.contract_end.errors = [_("De einddatum ligt voor de begindatum.")]
        except matches.NoteHasIdentifiers:
            form.note.errors = [note_error()]
        except matches.MatchError as exc:
            flash(step_message(exc), "error")
            return redirect(_page(match))
        else:
            db.session.commit()
            flash(
                _(
                    "Uw voorstel is verstuurd. De matchmaker bevestigt het contract met de kandidaat."
                ),
                "success",
            )
            return redirect(_page(match))
    return render_template(
        "journey/propose.html", form=form, match=match, blocked=blocked
    )


@bp.post("/<int:match_id>/bevestigen")
@matchmaker_required
def confirm(match_id: int) -> Response:
    match = _load(match_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        hire = journey.confirm_hire(match, by=acting_user())
    except hire_gate.HireBlocked as exc:
        for line in gate_errors(exc):
            flash(line, "error")
        return redirect(_page(match))
    except matches.MatchError as exc:
        flash(step_message(exc), "error")
        return redirect(_page(match))
    db.session.commit()
    flash(
        _(
            "Het contract is bevestigd. De werkgever ziet nu de TWV-aanvraag op de startpagina."
        ),
        "success",
    )
    return redirect(url_for("twv.case", case_id=journey.case_id_of(hire)))


def _reason_view(match: Match, use: str, template: str, action) -> Response | str:  # type: ignore[no-untyped-def]
    form = ReasonForm()
    form.reason_code.choices = [
        (k, str(v)) for k, v in reasons.reasons_for(use).items()
    ]
    if form.validate_on_submit():
        try:
            action(match, form.reason_code.data, form.note.data)
        except matches.ReasonRequired:
            form.note.errors = [_("Licht de andere reden kort toe.")]
        except matches.NoteHasIdentifiers:
            form.note.errors = [note_error()]
        except matches.MatchError as exc:
            flash(step_message(exc), "error")
            return redirect(_page(match))
        else:
            db.session.commit()
            flash(_("Vastgelegd, met de reden."), "success")
            return redirect(_page(match))
    return render_template(template, form=form, match=match, done=_page(match))


@bp.route("/<int:match_id>/niet-aangenomen", methods=["GET", "POST"])
@employer_or_matchmaker_required
def not_hired(match_id: int) -> Response | str:
    match = _load(match_id)
    return _reason_view(
        match,
        "not_hired",
        "journey/not_hired.html",
        lambda m, code, note: match_ends.not_hired(
            m, by=acting_user(), reason_code=code, note=note
        ),
    )


@bp.route("/<int:match_id>/beeindigen", methods=["GET", "POST"])
@matchmaker_required
def withdraw(match_id: int) -> Response | str:
    match = _load(match_id)
    return _reason_view(
        match,
        "withdraw",
        "journey/withdraw.html",
        lambda m, code, note: match_ends.withdraw(
            m, by=acting_user(), reason_code=code, note=note
        ),
    )


# -- follow-up -------------------------------------------------------------------------------
@bp.get("/nazorg")
@matchmaker_required
def follow_up_list() -> str:
    return render_template(
        "journey/follow_ups.html",
        due=follow_ups.due(include_upcoming_days=30),
        done=follow_ups.recorded(),
        today=local_today(),
    )


@bp.route("/nazorg/<int:follow_up_id>", methods=["GET", "POST"])
@matchmaker_required
def follow_up(follow_up_id: int) -> Response | str:
    row = found_or_404(follow_ups.get(follow_up_id))
    form = FollowUpForm()
    form.reason_code.choices = [SelectChoice("", _("Kies een reden"))] + [
        SelectChoice(k, str(v)) for k, v in reasons.reasons_for("hire_ended").items()
    ]
    if form.validate_on_submit():
        answers = follow_ups.Answers(
            on=form.on.data,
            still_at_work=form.still_at_work.data == "yes",
            same_employer=(form.same_employer.data == "yes")
            if form.same_employer.data
            else None,
            hours_per_week=form.hours_per_week.data,
            reason_code=form.reason_code.data or None,
            note=form.note.data,
        )
        try:
            follow_ups.record(row, answers, by=acting_user())
        except follow_ups.FollowUpInvalid as exc:
            texts = {
                "on": _("De datum kan niet in de toekomst liggen."),
                "reason_code": _("Kies waarom de kandidaat niet meer werkt."),
                "hours_per_week": _("Vul het aantal uren in."),
                "note": _("Licht de andere reden kort toe."),
            }
            getattr(form, exc.field).errors = [texts[exc.field]]
        except matches.NoteHasIdentifiers:
            form.note.errors = [note_error()]
        except follow_ups.FollowUpDone:
            flash(_("Deze nazorg is al vastgelegd."), "info")
            return redirect(url_for("journey.follow_up_list"))
        else:
            db.session.commit()
            flash(_("De nazorg is vastgelegd."), "success")
            return redirect(url_for("journey.follow_up_list"))
    return render_template("journey/follow_up.html", form=form, row=row)
