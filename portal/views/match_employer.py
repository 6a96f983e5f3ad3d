"""The employer's side of matches: the approved anonymous profiles, inviting, declining.

Registered on the ``matches`` blueprint (see ``portal.views.matches``). A verified
employer sees only the matches approved for its own vacancies; every profile view is
logged and rate-limited. Declining is open to the matchmaker too (from the match page).
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from forms._base import ConfirmForm
from forms.matches import ReasonForm
from portal.extensions import db
from portal.models import Match
from portal.services.candidates import profiles as candidates
from portal.services.matches import journey
from portal.services.matches import review as matches
from portal.views.access import (
    acting_user,
    employer_or_matchmaker_required,
    employer_required,
    found_or_404,
    own_or_404,
)
from portal.views.candidates import limit_profile_views
from portal.views.journey import note_error
from portal.views.match_review import blocked_message


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


@employer_required
def invite(match_id: int) -> Response:
    match = _employer_match(match_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        matches.invite(match, by=acting_user())
    except matches.MatchError as exc:
        flash(blocked_message(exc), "error")
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


@employer_or_matchmaker_required
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
            flash(blocked_message(exc), "error")
            return redirect(done)
        else:
            db.session.commit()
            flash(
                _("Vastgelegd: %(ref)s gaat niet verder.", ref=match.candidate.ref),
                "success",
            )
            return redirect(done)
    return render_template("matches/decline.html", form=form, match=match, done=done)
