"""The employer's calendar feed: public, the secret token in the URL is the only key."""

from __future__ import annotations

from flask import Blueprint, abort
from werkzeug.wrappers import Response

from portal.services.twv import calendar_feed

bp = Blueprint("calendar", __name__)


@bp.get("/agenda/<token>.ics")
def feed(token: str) -> Response:
    employer = calendar_feed.find_employer(token)
    if employer is not None:
        body = calendar_feed.build_feed(employer)
    else:
        intermediary = calendar_feed.find_intermediary(token)
        if intermediary is None:
            abort(404)
        body = calendar_feed.build_intermediary_feed(intermediary)
    response = Response(body, mimetype="text/calendar")
    response.charset = "utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="werkvergunningen.ics"'
    # The URL is a secret: no shared cache may keep the feed, no page may leak it onward.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
