"""Pages for everyone: start page, privacy, accessibility statement, language switch, health."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.i18n import is_safe_next
from portal.services import health

bp = Blueprint("public", __name__)


@bp.get("/")
def home() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for(f"{current_user.role}.dashboard"))
    return render_template("public/home.html")


@bp.get("/privacy")
def privacy() -> str:
    return render_template(
        "public/privacy.html", retention_months=current_app.config["RETENTION_MONTHS"]
    )


@bp.get("/toegankelijkheid")
def accessibility() -> str:
    return render_template("public/accessibility.html")


@bp.get("/taal/<code>")
def set_language(code: str) -> Response:
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    target = request.args.get("next")
    return redirect(target if is_safe_next(target) else url_for("public.home"))


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    if not health.database_answers():
        return {"status": "error", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
