"""Dutch error pages for every status a visitor can meet; never a stack trace.

Every handler first rolls the database session back: an error raised half-way through a
flush (a unique key lost in a race, a value PostgreSQL refuses) leaves the session unusable,
and the page itself needs the database (the logged-in user, the navigation). Should the page
still fail, a fixed page is sent instead; either way the response passes the after-request
hook that sets the security headers, so no visitor meets the server's bare 500.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        _l("Verzoek niet begrepen"),
        _l("Het formulier of de link klopt niet. Ga terug en probeer het opnieuw."),
    ),
    403: (
        _l("Geen toegang"),
        _l("U heeft geen toegang tot deze pagina met dit account."),
    ),
    404: (
        _l("Pagina niet gevonden"),
        _l(
            "Deze pagina bestaat niet (meer). Controleer het adres of ga naar de startpagina."
        ),
    ),
    405: (_l("Niet toegestaan"), _l("Deze actie kan zo niet worden uitgevoerd.")),
    413: (_l("Bestand te groot"), _l("Het bestand is te groot. Het maximum is 16 MB.")),
    429: (
        _l("Te veel pogingen"),
        _l(
            "U heeft het te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw."
        ),
    ),
    500: (
        _l("Er ging iets mis"),
        _l(
            "Er ging aan onze kant iets mis. Probeer het later opnieuw. Blijft het misgaan, neem dan contact op met het Werkplein."
        ),
    ),
}


#: Sent when even the error page cannot be rendered (no template, no database, no babel).
FALLBACK_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Er ging iets mis</title></head>
<body><main><h1>Er ging iets mis</h1>
<p>Er ging aan onze kant iets mis. Probeer het later opnieuw.</p>
<p>Foutcode %d</p><p><a href="/">Naar de startpagina</a></p></main></body></html>
"""


def rollback_session() -> None:
    """Throw away whatever the failed request had half-written; never raise."""
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be gone
        log.warning("rollback after an error failed", exc_info=True)
        try:
            db.session.remove()
        except Exception:
            log.warning("removing the session after an error failed", exc_info=True)


def render_error(
    status: int, title: object = None, text: object = None
) -> tuple[str, int]:
    """The portal's own error page, after a rollback; a fixed page when that fails too."""
    rollback_session()
    default_title, default_text = MESSAGES.get(
        status, MESSAGES[500] if status >= 500 else MESSAGES[400]
    )
    try:
        return render_template(
            "errors/error.html",
            status=status,
            title=title or default_title,
            text=text or default_text,
        ), status
    except Exception:
        log.exception("the error page itself failed")
        rollback_session()
        return FALLBACK_PAGE % status, status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        title = _l("Formulier verlopen")
        text = _l(
            "Het formulier is verlopen of niet geldig. Laad de pagina opnieuw en probeer het nog eens."
        )
        return render_error(400, title, text)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        if isinstance(error, HTTPException):
            return render_error(error.code or 500)
        log.error("unhandled error", exc_info=error)
        return render_error(InternalServerError.code)
