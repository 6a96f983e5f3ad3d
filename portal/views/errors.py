"""Dutch error pages for every status a visitor can meet; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

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


def render_error(status: int) -> tuple[str, int]:
    title, text = MESSAGES.get(
        status, MESSAGES[500] if status >= 500 else MESSAGES[400]
    )
    return render_template(
        "errors/error.html", status=status, title=title, text=text
    ), status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        title = _l("Formulier verlopen")
        text = _l(
            "Het formulier is verlopen of niet geldig. Laad de pagina opnieuw en probeer het nog eens."
        )
        return render_template(
            "errors/error.html", status=400, title=title, text=text
        ), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        if isinstance(error, HTTPException):
            return render_error(error.code or 500)
        log.error("unhandled error", exc_info=error)
        return render_error(InternalServerError.code)
