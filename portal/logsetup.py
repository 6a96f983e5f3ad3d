"""Logging to stderr with the request id, configured once per app; no personal data.

Every line passes ``PersonalDataFilter`` on its way out, whichever library wrote it:

- an exception is written as its class and traceback frames (file, line, function), never
  with its message: database errors repeat the values they choked on (``DETAIL: Key
  (email)=(…)``, a summary with a NUL, a date out of range). A database error shows its
  SQLSTATE and the SQL text, whose values are bound parameters and stay out (the engine runs
  with ``hide_parameters=True`` besides);
- the message itself is searched for e-mail addresses, postcodes and long digit runs (BSN,
  V-number, phone, IBAN), which are masked. The portal logs ids only; this is the net under
  that rule.
"""

from __future__ import annotations

import logging
import re
import traceback
from logging.config import dictConfig
from types import TracebackType

from flask import Flask, g, has_request_context

#: Masked in every message: e-mail addresses, IBANs, Dutch postcodes, six or more digits
#: (BSN, V-number, phone; an ISO date is left alone).
_PERSONAL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b[A-Z]{2}\d{2}[A-Z]{4}\d{7,}\b"
    r"|\b[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})\b"
    r"|(?<!\d)(?!\d{4}-\d\d-\d\d\b)\d(?:[ .\-]?\d){5,}"
)
MASK = "[verborgen]"
#: A message longer than this is cut: a long line in a log is almost always pasted input.
MAX_MESSAGE = 500


class RequestIdFilter(logging.Filter):
    """Adds the request id (or "-") so every line of one request can be found together."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def redact(text: str) -> str:
    """The text with everything that looks like a personal identifier masked."""
    return _PERSONAL.sub(MASK, text)


def _describe(error: BaseException) -> str:
    """One line naming the error without its message (which may hold the input)."""
    name = f"{type(error).__module__}.{type(error).__qualname__}"
    orig = getattr(error, "orig", None)
    if orig is not None:
        name += f" from {type(orig).__module__}.{type(orig).__qualname__}"
        sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
        if sqlstate:
            name += f" (SQLSTATE {sqlstate})"
    name += " (message left out: it may contain personal data)"
    statement = getattr(error, "statement", None)
    if isinstance(statement, str):
        name += "\n  SQL: " + " ".join(statement.split())[:MAX_MESSAGE]
    return name


def safe_traceback(
    error: BaseException, tb: TracebackType | None = None, *, _depth: int = 0
) -> str:
    """The traceback of ``error`` and its causes: frames and error classes, no messages."""
    parts: list[str] = []
    cause = error.__cause__ or (
        None if error.__suppress_context__ else error.__context__
    )
    if cause is not None and _depth < 5:
        parts.append(safe_traceback(cause, _depth=_depth + 1))
        parts.append(
            "\nThe above exception was the direct cause of the following exception:\n\n"
            if error.__cause__ is not None
            else "\nDuring handling of the above exception, another exception occurred:\n\n"
        )
    frames = traceback.extract_tb(tb or error.__traceback__)
    parts.append("Traceback (most recent call last):\n")
    parts.extend(traceback.format_list(frames))
    parts.append(_describe(error))
    return "".join(parts)


class PersonalDataFilter(logging.Filter):
    """Rewrites a record so no handler after it sees personal data (see the module doc)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the line
            message = str(record.msg)
        if len(message) > MAX_MESSAGE:
            message = message[:MAX_MESSAGE] + "…"
        record.msg, record.args = redact(message), ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = safe_traceback(record.exc_info[1], record.exc_info[2])
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = "(traceback left out: it may contain personal data)"
        record.stack_info = None
        return True


def configure_logging(app: Flask) -> None:
    """One stderr handler on the root logger, so every library's lines pass the filters."""
    dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {
                "request_id": {"()": RequestIdFilter},
                "personal_data": {"()": PersonalDataFilter},
            },
            "formatters": {
                "plain": {
                    "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
                }
            },
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "stream": "ext://sys.stderr",
                    "formatter": "plain",
                    "filters": ["personal_data", "request_id"],
                }
            },
            "root": {"level": "WARNING", "handlers": ["stderr"]},
            "loggers": {"portal": {"level": app.config["LOG_LEVEL"]}},
        }
    )
