"""Matches: proposals with their reasons, the matchmaker's review, and the employer's side.

Matchmakers see proposed candidates per vacancy and proposed vacancies per candidate,
look up any pair (including the hard rules that block it), approve or reject with a
coded reason, and record introductions. A verified employer sees the anonymous profiles
approved for its vacancies, invites or declines them; every profile view is logged and
rate-limited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import (
    Blueprint,
    abort,
    after_this_request,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.matches import (
    ApproveForm,
    NoteForm,
    PairLookupForm,
    ReasonForm,
    RejectForm,
)
from portal.extensions import db
from portal.i18n import is_safe_next, one_language
from portal.models import (
    CandidateProfile,
    DecisionKind,
    Match,
    MatchStatus,
    Role,
    Vacancy,
)
from portal.services import reasons
from portal.services.accounts import users as accounts
from portal.services.candidates import profiles as candidates
from portal.services.candidates.search import profile_for_page
from portal.services.matches import journey, oversight, reranker
from portal.services.matches import ranking as matching_service
from portal.services.matches import review as matches
from portal.services.matches.ranking import Suggestion
from portal.services.vacancies import posting as vacancies
from portal.views.access import (
    acting_user,
    employer_required,
    found_or_404,
    matchmaker_required,
    own_or_404,
    role_required,
    staff_required,
)
from portal.views.candidate_common import service_errors
from portal.views.candidates import limit_profile_views
from portal.views.journey import note_error, step_message
from portal.views.match_reasons import PART_NAMES, ReasonText, reason_texts

bp = Blueprint("matches", __name__, url_prefix="/matches")

#: How many proposals the full page and the vacancy-page panel show.
TOP_FULL = 20
TOP_PANEL = 5


@dataclass(frozen=True)
class SuggestionRow:
    """A proposal ready for the template: the pair, its sentences, the vacancy."""

    suggestion: Suggestion
    reasons: list[ReasonText]
    #: The proposed vacancy (lists of vacancies for one person; None otherwise).
    vacancy: Vacancy | None
    #: Criteria the pair meets and misses (names of score parts), for the review.
    matched: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    #: Position on the list (1 = first), as logged for the decision that follows.
    rank: int = 0


def _rows(suggestions: list[Suggestion], *, by_vacancy: bool) -> list[SuggestionRow]:
    objs: dict[int, Vacancy] = (
        {}
        if by_vacancy
        else vacancies.vacancies_by_id([s.vacancy_id for s in suggestions])
    )
    weights = matching_service.current_weights()
    rows = []
    with one_language():  # hundreds of sentences: look the language up once
        names = {code: str(name) for code, name in PART_NAMES.items()}
        for rank, s in enumerate(suggestions, start=1):
            matched, missing = oversight.criteria(s.reasons, weights)
            rows.append(
                SuggestionRow(
                    s,
                    reason_texts(s.reasons),
                    None if by_vacancy else objs.get(s.vacancy_id),
                    tuple(names[c] for c in matched),
                    tuple(names[c] for c in missing),
                    rank,
                )
            )
    return rows


def _criteria(explanation: Any) -> dict[str, tuple[str, ...]]:
    """Matched and missing criteria of a looked-up pair (names of score parts)."""
    if explanation is None:
        return {"matched": (), "missing": ()}
    matched, missing = oversight.criteria(
        explanation.reasons, matching_service.current_weights()
    )
    return {
        "matched": tuple(str(PART_NAMES[c]) for c in matched),
        "missing": tuple(str(PART_NAMES[c]) for c in missing),
    }


def _log_shown(rows: list[SuggestionRow], model: str) -> None:
    """Keep every proposal the matchmaker sees as a decision record (oversight).

    Every list is logged, the panels on the vacancy and candidate pages too: their
    Approve and Reject buttons lead to decisions that must know their rank. One
    statement (``INSERT … SELECT``), so the pages stay within their query budget.
    """
    items = [r.suggestion for r in rows]
    if not items:
        return
    oversight.record_shown(items, model=model, by=acting_user())

    @after_this_request
    def _commit(response: Response) -> Response:
        # After rendering: committing earlier would expire every row the page still reads.
        db.session.commit()
        return response


def vacancy_suggestions(vacancy: Vacancy, top: int = TOP_PANEL) -> dict[str, Any]:
    """Everything the proposals panel needs for one vacancy (also used by the include)."""
    decided = matches.decided_ids(vacancy=vacancy)
    base = {
        "vacancy": vacancy,
        "decided": sorted(decided.values(), key=lambda m: m.updated_at, reverse=True),
        "can_approve": vacancy.employer.is_verified and vacancy.status == "published",
    }
    if not oversight.suggestions_on():
        return {
            **base,
            "rows": [],
            "available": True,
            "pool_size": 0,
            "model": "manual",
            "suggestions_off": True,
        }
    result = reranker.rank_candidates(vacancy, top=top, exclude=decided)
    rows = _rows(result.items, by_vacancy=True)
    _log_shown(rows, result.model)
    return {
        **base,
        "rows": rows,
        "available": result.available,
        "pool_size": result.pool_size,
        "model": result.model,
        "suggestions_off": False,
    }


def candidate_suggestions(
    profile: CandidateProfile, top: int = TOP_PANEL
) -> dict[str, Any]:
    """Everything the proposals panel needs for one candidate profile."""
    decided = matches.decided_ids(profile=profile)
    base = {
        "profile": profile,
        "decided": sorted(decided.values(), key=lambda m: m.updated_at, reverse=True),
    }
    if not oversight.suggestions_on():
        return {
            **base,
            "rows": [],
            "available": True,
            "pool_size": 0,
            "model": "manual",
            "suggestions_off": True,
        }
    result = reranker.rank_vacancies(profile, top=top, exclude=decided)
    rows = _rows(result.items, by_vacancy=False)
    _log_shown(rows, result.model)
    return {
        **base,
        "rows": rows,
        "available": result.available,
        "pool_size": result.pool_size,
        "model": result.model,
        "suggestions_off": False,
    }


@bp.app_context_processor
def suggestion_helpers() -> dict[str, Any]:
    """Let other areas' pages include the proposals panels (matchmakers only)."""

    def for_vacancy(vacancy: Vacancy, top: int = TOP_PANEL) -> dict[str, Any] | None:
        if not (current_user.is_authenticated and current_user.is_matchmaker):
            return None
        return vacancy_suggestions(vacancy, top)

    def for_candidate(
        profile: CandidateProfile, top: int = TOP_PANEL
    ) -> dict[str, Any] | None:
        if not (current_user.is_authenticated and current_user.is_matchmaker):
            return None
        return candidate_suggestions(profile, top)

    return {
        "match_suggestions_for_vacancy": for_vacancy,
        "match_suggestions_for_candidate": for_candidate,
        "match_no_reasons": reason_labels(),
    }


def reason_labels() -> dict[str, object]:
    """Every coded reason's label, the earlier lists' codes included (old rows)."""
    labels = dict(reasons.REASONS)
    labels.update({old: reasons.REASONS[new] for old, new in reasons.LEGACY.items()})
    return labels


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


# -- matchmaker: lists and proposals ---------------------------------------------------------
@bp.get("/")
@matchmaker_required
def index() -> str:
    return render_template(
        "matches/index.html",
        queue=matches.review_queue(),
        statuses=MatchStatus,
        form=ConfirmForm(),
        rates=oversight.approval_rates(),
        suggestions_on=oversight.suggestions_on(),
    )


@bp.get("/vacature/<int:vacancy_id>")
@matchmaker_required
def for_vacancy(vacancy_id: int) -> str:
    vacancy = found_or_404(vacancies.vacancy_for_page(vacancy_id))
    data = vacancy_suggestions(vacancy, TOP_FULL)
    return render_template("matches/for_vacancy.html", data=data, **data)


@bp.get("/kandidaat/<int:candidate_id>")
@matchmaker_required
def for_candidate(candidate_id: int) -> str:
    profile = found_or_404(candidates.get_profile(candidate_id))
    return render_template(
        "matches/for_candidate.html", **candidate_suggestions(profile, TOP_FULL)
    )


@bp.get("/uitleg")
@matchmaker_required
def explain() -> str:
    form = PairLookupForm(request.args)
    vacancy = profile = explanation = None
    # A link may fill in one half of the pair; check the form only once both were sent.
    searched = "candidate" in request.args and "vacancy" in request.args
    if searched and form.validate():
        profile = profile_for_page(ref=form.candidate.data.upper())
        vacancy = vacancies.vacancy_for_page(ref=form.vacancy.data.upper())
        if profile is None:
            form.candidate.errors.append(_("Geen kandidaat met deze referentie."))
        if vacancy is None:
            form.vacancy.errors.append(_("Geen vacature met deze referentie."))
        if profile is not None and vacancy is not None:
            explanation = matching_service.explain(profile, vacancy)
    return render_template(
        "matches/explain.html",
        form=form,
        profile=profile,
        vacancy=vacancy,
        explanation=explanation,
        blocked=reason_texts(explanation.blocked) if explanation else [],
        parts=reason_texts(explanation.reasons) if explanation else [],
        match=matches.find_match(vacancy, profile) if vacancy and profile else None,
        searched=searched,
        review=_criteria(explanation),
    )


# -- matchmaker: decisions ------------------------------------------------------------------
def _blocked_message(exc: matches.MatchError) -> str:
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


@bp.post("/vacature/<int:vacancy_id>/kandidaat/<int:candidate_id>/bewaren")
@matchmaker_required
def save(vacancy_id: int, candidate_id: int) -> Response:
    vacancy, profile = _pair(vacancy_id, candidate_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        matches.suggest(vacancy, profile, by=acting_user())
    except matches.MatchError as exc:
        flash(_blocked_message(exc), "error")
        return _back(vacancy)
    db.session.commit()
    flash(_("%(ref)s staat op de lijst om te beoordelen.", ref=profile.ref), "success")
    return _back(vacancy)


@bp.post("/vacature/<int:vacancy_id>/kandidaat/<int:candidate_id>/goedkeuren")
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
        flash(_blocked_message(exc), "error")
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


@bp.route(
    "/vacature/<int:vacancy_id>/kandidaat/<int:candidate_id>/afwijzen",
    methods=["GET", "POST"],
)
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
            flash(_blocked_message(exc), "error")
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


@bp.get("/<int:match_id>")
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


@bp.post("/<int:match_id>/voorgesteld")
@matchmaker_required
def introduce(match_id: int) -> Response:
    match = found_or_404(matches.get_match(match_id))
    form = NoteForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        matches.introduce(match, by=acting_user(), note=form.note.data)
    except matches.MatchError as exc:
        flash(_blocked_message(exc), "error")
        return redirect(url_for("matches.detail", match_id=match.id))
    db.session.commit()
    flash(
        _("De kennismaking met %(ref)s is vastgelegd.", ref=match.candidate.ref),
        "success",
    )
    return redirect(url_for("matches.detail", match_id=match.id))


@bp.get("/herordening")
@staff_required
def reranker_status() -> str:
    return render_template("matches/reranker.html", report=reranker.current_report())


# -- employer ----------------------------------------------------------------------------------
@bp.get("/werkgever")
@employer_required
def employer_index() -> str:
    employer = current_user.employer
    return render_template(
        "matches/employer_index.html",
        employer=employer,
        matches=matches.employer_matches(acting_user()),
    )


def _employer_match(match_id: int) -> Match:
    match = found_or_404(matches.get_match(match_id))
    own_or_404(match.vacancy)
    if not match.visible_to_employer:
        abort(404)
    if not current_user.employer.is_verified:
        abort(403)
    return match


@bp.get("/werkgever/<int:match_id>")
@employer_required
@limit_profile_views
def employer_candidate(match_id: int) -> str:
    match = _employer_match(match_id)
    try:
        view = matches.employer_candidate(
            match,
            by=acting_user(),
            as_of=candidates.local_today(),
            ip_address=request.remote_addr,
            request_id=g.get("request_id"),
        )
    except matches.NotAllowed:
        abort(404)
    db.session.commit()
    return render_template(
        "matches/employer_candidate.html",
        match=match,
        view=view,
        form=ConfirmForm(),
        hire=journey.hire_of(match),
    )


@bp.post("/<int:match_id>/uitnodigen")
@employer_required
def invite(match_id: int) -> Response:
    match = _employer_match(match_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        matches.invite(match, by=acting_user())
    except matches.MatchError as exc:
        flash(_blocked_message(exc), "error")
        return redirect(url_for("matches.employer_candidate", match_id=match.id))
    db.session.commit()
    flash(
        _(
            "U heeft %(ref)s uitgenodigd. De matchmaker neemt contact op om een kennismaking te regelen.",
            ref=match.candidate.ref,
        ),
        "success",
    )
    return redirect(url_for("matches.employer_index"))


@bp.route("/<int:match_id>/afzeggen", methods=["GET", "POST"])
@role_required(Role.EMPLOYER, Role.MATCHMAKER)
def decline(match_id: int) -> str | Response:
    if current_user.is_employer:
        match = _employer_match(match_id)
        done = url_for("matches.employer_index")
    else:
        match = found_or_404(matches.get_match(match_id))
        done = url_for("matches.detail", match_id=match.id)
    form = ReasonForm()
    form.reason_code.choices = [(k, str(v)) for k, v in matches.DECLINE_REASONS.items()]
    if form.validate_on_submit():
        try:
            matches.decline(
                match,
                by=acting_user(),
                reason_code=form.reason_code.data,
                note=form.note.data,
            )
        except matches.ReasonRequired:
            form.note.errors.append(_("Licht de andere reden kort toe."))
        except matches.NoteHasIdentifiers:
            form.note.errors.append(note_error())
        except matches.MatchError as exc:
            flash(_blocked_message(exc), "error")
            return redirect(done)
        else:
            db.session.commit()
            flash(
                _("Vastgelegd: %(ref)s gaat niet verder.", ref=match.candidate.ref),
                "success",
            )
            return redirect(done)
    return render_template("matches/decline.html", form=form, match=match, done=done)
