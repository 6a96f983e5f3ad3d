"""Public vacancy pages and their JSON-LD feed (schema.org JobPosting), no login needed."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from forms._base import ConfirmForm
from portal.extensions import db
from portal.services.vacancies import posting as vacancies
from portal.services.vacancies import public_postings
from portal.views.access import acting_user, employer_or_matchmaker_required, own_or_404

bp = Blueprint("public_vacancies", __name__, url_prefix="/openbare-vacatures")


def _posting(vacancy) -> dict:  # type: ignore[no-untyped-def, type-arg]
    url = url_for("public_vacancies.detail", ref=vacancy.ref, _external=True)
    return public_postings.job_posting(vacancy, url=url)


def _json_ld(data: object) -> Markup:
    """JSON for a <script type="application/ld+json"> block; '<' is escaped so no tag ends it."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(text)  # noqa: S704 - JSON with every '<' escaped


@bp.get("/")
def index() -> str:
    return render_template(
        "public_vacancies/index.html", vacancies=public_postings.public_vacancies()
    )


@bp.get("/<ref>")
def detail(ref: str) -> str:
    vacancy = public_postings.public_vacancy(ref)
    if vacancy is None:
        abort(404)
    posting = _posting(vacancy)
    return render_template(
        "public_vacancies/detail.html",
        vacancy=vacancy,
        posting=posting,
        json_ld=_json_ld(posting),
    )


@bp.get("/feed.jsonld")
def feed() -> Response:
    items = [_posting(v) for v in public_postings.public_vacancies()]
    body = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "numberOfItems": len(items),
        "itemListElement": [
            {"@type": "ListItem", "position": i, "item": item}
            for i, item in enumerate(items, start=1)
        ],
    }
    return Response(
        json.dumps(body, ensure_ascii=False, indent=1),
        mimetype="application/ld+json",
    )


@bp.post("/<int:vacancy_id>/instellen")
@employer_or_matchmaker_required
def toggle(vacancy_id: int) -> Response:
    vacancy = own_or_404(vacancies.get_vacancy(vacancy_id))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        public_postings.set_public_posting(
            vacancy, not vacancy.public_posting, by=acting_user()
        )
    except public_postings.NotAllowed:
        abort(403)
    db.session.commit()
    flash(
        _("De vacature staat nu op een openbare pagina.")
        if vacancy.public_posting
        else _("De openbare pagina van de vacature is uitgezet."),
        "success",
    )
    return redirect(url_for("vacancies.detail", vacancy_id=vacancy.id))
