"""Database errors end on the portal's own error page, with every header, and stay out of the logs.

Routes that exist only in this test force the errors an outside probe met: a unique key
lost in a race (IntegrityError), a session used again after a failed flush
(PendingRollbackError), and, on PostgreSQL, a NUL in a text column. The log lines written by
the portal's own stderr handler are then searched for the values that were written.
"""

from __future__ import annotations

import contextlib
import io
import logging
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.logsetup import PersonalDataFilter
from portal.models import CandidateProfile, User
from tests.conftest import USE_POSTGRES
from tests.web.test_access import fresh_app

#: Values the forced errors write; none of them may reach a log line.
SUMMARY = "Ervaren kok uit Aleppo, zoekt werk in Amstelveen, sleutelwoord kwartelei"
POSTCODE = "1187"
CENTRE = "azc Zeist-Kampweg"
EMAIL = "dubbel.adres@example.test"

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Permissions-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Request-ID",
)


def _profile(ref: str, summary: str = SUMMARY) -> CandidateProfile:
    return CandidateProfile(
        ref=ref,
        summary=summary,
        reception_centre=CENTRE,
        pc4=POSTCODE,
        max_travel_km=25,
        hours_per_week=32,
        available_from=date(2026, 1, 5),
        asylum_application_date=date(2025, 3, 14),
    )


@pytest.fixture
def failing_app(database_url):
    with fresh_app(database_url) as app:

        @app.get("/test/duplicate-key")
        def duplicate_key():
            db.session.add_all([_profile("K-DUBBEL"), _profile("K-DUBBEL")])
            db.session.flush()
            return "not reached"

        @app.get("/test/pending-rollback")
        def pending_rollback():
            db.session.add(User(email=EMAIL, name="A", role="admin", password_hash="x"))
            db.session.add(User(email=EMAIL, name="B", role="admin", password_hash="x"))
            # The mistake the probe found: going on without a rollback.
            with contextlib.suppress(IntegrityError):
                db.session.flush()
            db.session.get(User, 1)  # PendingRollbackError
            return "not reached"

        @app.get("/test/nul")
        def nul():
            db.session.add(_profile("K-NUL", summary=SUMMARY + "\x00"))
            db.session.flush()
            return "stored"

        yield app


@pytest.fixture
def log_stream(failing_app):
    """What the portal's own stderr handler writes (the filters included)."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, PersonalDataFilter) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def _assert_error_page(response, status: int = 500) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert "Er ging iets mis" in html
    assert '<html lang="nl">' in html
    for header in SECURITY_HEADERS:
        assert response.headers.get(header), header
    for leaked in ("Traceback", "IntegrityError", SUMMARY, EMAIL):
        assert leaked not in html


@pytest.mark.parametrize("path", ["/test/duplicate-key", "/test/pending-rollback"])
def test_database_errors_end_on_the_portal_error_page(failing_app, log_stream, path):
    client = failing_app.test_client()
    _assert_error_page(client.get(path))
    # The session was rolled back: the next request works, and nothing was written.
    assert client.get("/").status_code == 200
    with failing_app.app_context():
        assert db.session.query(CandidateProfile).count() == 0
        assert db.session.query(User).count() == 0
    logged = log_stream.getvalue()
    assert "unhandled error" in logged
    # The class is there, for the operator: IntegrityError or PendingRollbackError.
    assert "Error" in logged
    assert "(message left out" in logged
    for value in (SUMMARY, "kwartelei", CENTRE, EMAIL, "dubbel.adres", "K-DUBBEL"):
        assert value not in logged, value


@pytest.mark.skipif(not USE_POSTGRES, reason="SQLite stores a NUL in text")
def test_a_nul_refused_by_postgresql_ends_on_the_error_page(failing_app, log_stream):
    _assert_error_page(failing_app.test_client().get("/test/nul"))
    logged = log_stream.getvalue()
    assert "unhandled error" in logged
    for value in ("kwartelei", CENTRE, "K-NUL"):
        assert value not in logged, value


def test_the_engine_hides_parameters(failing_app):
    with failing_app.app_context():
        assert db.engine.hide_parameters is True


def test_messages_are_masked_and_tracebacks_lose_their_messages(log_stream):
    log = logging.getLogger("portal.test")
    log.warning("mail to %s at %s failed", EMAIL, "1187 AB")
    try:
        raise ValueError(f"bad summary {SUMMARY}")
    except ValueError:
        log.exception("import failed for profile %s", 17)
    logged = log_stream.getvalue()
    assert "mail to [verborgen] at [verborgen] failed" in logged
    assert "import failed for profile 17" in logged
    assert "builtins.ValueError (message left out" in logged
    assert "kwartelei" not in logged
    assert EMAIL not in logged
