"""The public explanation of how Werkbrug proposes matches, as an algorithm-register entry.

The content comes from :func:`matching.register.register_entry`, fed with the weights the
portal ranks with (``matching_service.current_weights``), so the page cannot drift from
the code. It is public: no login, and it shows no personal data.
"""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, render_template
from flask_login import current_user
from werkzeug.wrappers import Response

from matching.register import register_entry
from portal.i18n import select_locale
from portal.services.matches import ranking as matching_service
from portal.services.matches import reranker, transparency
from portal.views.access import admin_required, staff_required
from portal.views.match_labels import decimal
from portal.views.match_reasons import PART_NAMES, SCALE_NAMES

bp = Blueprint("algorithm", __name__)


@bp.get("/hoe-werkt-matchen", endpoint="register")
def register_page() -> str:
    weights = matching_service.current_weights()
    entry = register_entry(weights)
    lang = select_locale()
    return render_template(
        "algorithm/register.html",
        entry=entry,
        parts=[
            (
                PART_NAMES.get(part["code"], part["code"]),
                part["description"].get(lang, part["description"]["nl"]),
                decimal(part["max_points"]),
            )
            for part in entry["score_parts"]
        ],
        scales=[
            (SCALE_NAMES.get(name), name, decimal(value, 2))
            for name, value in weights.as_dict().items()
            if name not in PART_NAMES
        ],
        lang=lang,
        learning=reranker.current_report(),
        show_status_link=current_user.is_authenticated
        and (current_user.is_matchmaker or current_user.is_admin),
    )


@bp.get("/hoe-werkt-matchen.json", endpoint="register_json")
def register_json() -> Response:
    """The Algoritmeregister entry as JSON, generated from the system as it runs now."""
    response = jsonify(transparency.register_entry())
    response.headers["Content-Disposition"] = (
        'inline; filename="werkbrug-algoritmeregister.json"'
    )
    return response


@bp.get("/hoe-werkt-matchen/gebruiksaanwijzing", endpoint="instructions")
def instructions() -> str:
    """Instructions for use: accuracy, limits, what an explanation means."""
    weights = matching_service.current_weights()
    info = transparency.instructions()
    lang = select_locale()
    return render_template(
        "algorithm/instructions.html",
        info=info,
        lang=lang,
        parts=[
            (
                PART_NAMES.get(part["code"], part["code"]),
                part["description"].get(lang, part["description"]["nl"]),
                decimal(part["max_points"]),
            )
            for part in info["explanation"]["parts"]
        ],
        weights=weights,
    )


@bp.get("/uitleg-voor-kandidaten", endpoint="notices")
@staff_required
def notices() -> str:
    """For the matchmaker at intake: the notice in each language, to print."""
    return render_template(
        "algorithm/notices.html", languages=transparency.NOTICE_LANGUAGES
    )


@bp.get("/uitleg-voor-kandidaten/<lang>", endpoint="notice")
@staff_required
def notice(lang: str) -> str:
    """The plain-language notice for candidates, printable at intake."""
    if lang not in transparency.NOTICE_LANGUAGES:
        abort(404)
    _dutch, own, direction = transparency.NOTICE_LANGUAGES[lang]
    return render_template(
        "algorithm/notice.html",
        notice_lang=lang,
        own_name=own,
        direction=direction,
        contact=transparency.contact(),
    )


@bp.get("/beheer/uitleg-voor-kandidaten", endpoint="notice_templates")
@admin_required
def notice_templates() -> str:
    """For an administrator: the candidate notice in every language, to review."""
    return render_template(
        "algorithm/notice_templates.html",
        languages=transparency.NOTICE_LANGUAGES,
        contact=transparency.contact(),
    )
