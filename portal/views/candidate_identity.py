"""Views for a profile's identity (the vault) and the right to erasure.

Registered on the ``candidates`` blueprint (see ``portal.views.candidates``); matchmakers
only, like the rest of it. Kept apart from the anonymous profile's pages because these
are the only candidate pages that read or remove personal data, and every read is logged.
"""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from forms.candidate import EraseForm, IdentityForm
from portal.extensions import db
from portal.services.candidates import identity, retention
from portal.views.access import acting_user, matchmaker_required
from portal.views.candidate_common import profile_or_404 as _profile


# -- identity ------------------------------------------------------------------------------
@matchmaker_required
def identity_view(profile_id: int) -> str:
    profile = _profile(profile_id)
    person = identity.read_identity(
        profile,
        by=acting_user(),
        purpose="view",
        ip_address=request.remote_addr,
        request_id=g.get("request_id"),
    )
    db.session.commit()  # the read is logged even if rendering fails
    return render_template("candidates/identity.html", profile=profile, person=person)


@matchmaker_required
def identity_edit(profile_id: int) -> str | Response:
    profile = _profile(profile_id)
    if profile.anonymised_at is not None:
        flash(_("De identiteit van dit profiel is gewist."), "warning")
        return redirect(url_for("candidates.detail", profile_id=profile.id))
    form = IdentityForm()
    if request.method == "GET":
        person = identity.read_identity(
            profile,
            by=acting_user(),
            purpose="edit",
            ip_address=request.remote_addr,
            request_id=g.get("request_id"),
        )
        db.session.commit()
        if person is not None:
            form.process(obj=person)
    if form.validate_on_submit():
        data = identity.IdentityData(
            **{
                name: form[name].data
                for name in identity.IdentityData.__dataclass_fields__
            }
        )
        identity.save_identity(profile, data, by=acting_user())
        db.session.commit()
        flash(_("De identiteit is opgeslagen."), "success")
        return redirect(url_for("candidates.identity_view", profile_id=profile.id))
    return render_template("candidates/identity_form.html", form=form, profile=profile)


# -- right to erasure ----------------------------------------------------------------------
@matchmaker_required
def erase(profile_id: int) -> str | Response:
    profile = _profile(profile_id)
    form = EraseForm()
    if form.validate_on_submit():
        retention.erase_person(profile, by=acting_user())
        db.session.commit()
        flash(
            _(
                "De persoonsgegevens van %(ref)s zijn gewist. Het anonieme profiel blijft voor de statistiek.",
                ref=profile.ref,
            ),
            "success",
        )
        return redirect(url_for("candidates.detail", profile_id=profile.id))
    return render_template("candidates/erase.html", form=form, profile=profile)
