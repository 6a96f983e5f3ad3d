"""The matchmaker's decisions on a pair: keep it for review, approve, reject, introduce.

Registered on the ``matches`` blueprint (see ``portal.views.matches``); matchmakers only.
Approving a pair far down the list, or rejecting one at the top, asks for a coded
override reason first (HTTP 422 with the override page). ``blocked_message`` is also the
employer's side's wording for a step the service refuses (``match_employer``).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.matches import ApproveForm, NoteForm, RejectForm
from portal.extensions import db
from portal.i18n import is_safe_next
from portal.models import CandidateProfile, DecisionKind, MatchStatus, Vacancy
from portal.services.accounts import users as accounts
from portal.services.candidates import profiles as candidates
from portal.services.matches import journey, oversight
from portal.services.matches import ranking as matching_service
from portal.services.matches import review as matches
from portal.services.vacancies import posting as vacancies
from portal.views.access import acting_user, found_or_404, matchmaker_required
from portal.views.candidate_common import service_errors
from portal.views.journey import note_error, step_message
from portal.views.match_reasons import reason_texts


def _pair(vacancy_id: int, candidate_id: int) -> tuple[Vacancy, CandidateProfile]:
    return found_or_404(vacancies.get_vacancy(vacancy_id)), found_or_404(
        candidates.get_profile(candidate_id)
    )


def _seen() -> MatchStatus | None:
    """The decision the page showed (``?seen=``), so that overturning it is deliberate."""
    try:
        return MatchStatus(request.args.get("seen", ""))
    except ValueError:
        return None


def _back(vacancy: Vacancy) -> Response:
    target = request.args.get("next")
    if is_safe_next(target):
        return redirect(target)
    return redirect(url_for("matches.for_vacancy", vacancy_id=vacancy.id))


def blocked_message(exc: matches.MatchError) -> str:
    if isinstance(
        exc, matches.AlreadyDecided
    ):  # a lost race: one message for all steps
        return step_message(exc)
    if isinstance(exc, matches.PairBlocked):
        return _(
            "Dit koppel kan niet: een harde regel houdt het tegen. Bekijk de uitleg."
        )
    if isinstance(exc, matches.EmployerNotVerified):
        return _(
            "De werkgever is nog niet gecontroleerd en mag nog geen kandidaten zien."
        )
    if isinstance(exc, matches.NoConsentForEmployers):
        return _(
            "De kandidaat heeft geen toestemming gegeven om het profiel aan werkgevers te laten zien."
        )
    if isinstance(exc, matches.VacancyNotOpen):
        return _("De vacature is niet gepubliceerd; goedkeuren kan pas daarna.")
    if isinstance(exc, (matches.AlreadyDecided, matches.NoteHasIdentifiers)):
        return step_message(exc)
    return _("Deze stap kan nu niet: de match is al verder of al afgesloten.")


@matchmaker_required
def save(vacancy_id: int, candidate_id: int) -> Response:
    vacancy, profile = _pair(vacancy_id, candidate_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        matches.suggest(vacancy, profile, by=acting_user())
    except matches.MatchError as exc:
        flash(blocked_message(exc), "error")
        return _back(vacancy)
    db.session.commit()
    flash(_("%(ref)s staat op de lijst om te beoordelen.", ref=profile.ref), "success")
    return _back(vacancy)


@matchmaker_required
def approve(vacancy_id: int, candidate_id: int) -> Response:
    vacancy, profile = _pair(vacancy_id, candidate_id)
    form = ApproveForm()
    form.override_reason.choices = _override_choices()
    if not form.validate_on_submit():
        abort(400)
    try:
        matches.approve(
            vacancy,
            profile,
            by=acting_user(),
            note=form.note.data,
            override_reason=form.override_reason.data or None,
            override_note=form.override_note.data,
            seen=_seen(),
        )
    except matches.MatchError as exc:
        flash(blocked_message(exc), "error")
        return _back(vacancy)
    except oversight.OverrideRequired as exc:
        if form.override_reason.data:
            form.override_note.errors.append(_("Licht de andere reden kort toe."))
        elif "override_note" in request.form:  # sent from the override page itself
            form.override_reason.errors.append(_("Kies een reden."))
        return _override_page(form, vacancy, profile, exc.rank)
    except candidates.IdentifiersFound as exc:
        service_errors(form, exc)
        rank = oversight.shown_rank(vacancy, profile, acting_user()) or 0
        return _override_page(form, vacancy, profile, rank)
    db.session.commit()
    flash(
        _(
            "%(ref)s is goedgekeurd: de werkgever ziet nu het anonieme profiel.",
            ref=profile.ref,
        ),
        "success",
    )
    return _back(vacancy)


def _override_choices() -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in oversight.OVERRIDE_REASONS.items()]


def _override_page(
    form: ApproveForm, vacancy: Vacancy, profile: CandidateProfile, rank: int
) -> Response:
    """Ask why the matchmaker approves a pair far down the list (HTTP 422)."""
    html = render_template(
        "matches/override.html",
        form=form,
        vacancy=vacancy,
        profile=profile,
        rank=rank,
        low_rank=oversight.LOW_RANK,
    )
    return Response(html, status=422)


@matchmaker_required
def reject(vacancy_id: int, candidate_id: int) -> str | Response:
    vacancy, profile = _pair(vacancy_id, candidate_id)
    form = RejectForm()
    form.reason_code.choices = [(k, str(v)) for k, v in matches.REJECT_REASONS.items()]
    form.override_reason.choices = _override_choices()
    rank = oversight.shown_rank(vacancy, profile, acting_user())
    if form.validate_on_submit():
        try:
            matches.reject(
                vacancy,
                profile,
                by=acting_user(),
                reason_code=form.reason_code.data,
                note=form.note.data,
                override_reason=form.override_reason.data or None,
                override_note=form.override_note.data,
                seen=_seen(),
            )
        except matches.ReasonRequired:
            form.note.errors.append(_("Licht de andere reden kort toe."))
        except oversight.OverrideRequired:
            if form.override_reason.data:
                form.override_note.errors.append(_("Licht de andere reden kort toe."))
            else:
                form.override_reason.errors.append(
                    _("Dit voorstel staat bovenaan de lijst: zeg waarom u het afwijst.")
                )
        except candidates.IdentifiersFound as exc:
            service_errors(form, exc)
        except matches.NoteHasIdentifiers:
            form.note.errors.append(note_error())
        except matches.MatchError as exc:
            flash(blocked_message(exc), "error")
            return _back(vacancy)
        else:
            db.session.commit()
            flash(
                _("%(ref)s is afgewezen voor deze vacature.", ref=profile.ref),
                "success",
            )
            return _back(vacancy)
    return render_template(
        "matches/reject.html",
        form=form,
        vacancy=vacancy,
        profile=profile,
        rank=rank,
        needs_override=oversight.override_needed(DecisionKind.REJECTED, rank),
    )


@matchmaker_required
def detail(match_id: int) -> str:
    match = found_or_404(matches.get_match(match_id))
    history = matches.history(match)
    users = {c.by_id for c in history if c.by_id}
    names = accounts.names_by_id(users)
    return render_template(
        "matches/detail.html",
        match=match,
        reasons=reason_texts(matching_service.reasons_from_json(match.reasons)),
        history=history,
        history_users=names,
        form=NoteForm(),
        confirm_form=ConfirmForm(),
        hire=journey.hire_of(match),
    )


@matchmaker_required
def introduce(match_id: int) -> Response:
    match = found_or_404(matches.get_match(match_id))
    form = NoteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        matches.introduce(match, by=acting_user(), note=form.note.data)
    except matches.MatchError as exc:
        flash(blocked_message(exc), "error")
        return redirect(url_for("matches.detail", match_id=match.id))
    db.session.commit()
    flash(
        _("De kennismaking met %(ref)s is vastgelegd.", ref=match.candidate.ref),
        "success",
    )
    return redirect(url_for("matches.detail", match_id=match.id))
