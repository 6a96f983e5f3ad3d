"""The public explanation of how Werkbrug proposes matches, as an algorithm-register entry.

The content comes from :func:`matching.register.register_entry`, fed with the weights the
portal ranks with (``matching_service.current_weights``), so the page cannot drift from
the code. It is public: no login, and it shows no personal data.
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from matching.register import register_entry
from portal.i18n import select_locale
from portal.services.matches import ranking as matching_service
from portal.services.matches import reranker
from portal.views.match_reasons import PART_NAMES, SCALE_NAMES, decimal

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
