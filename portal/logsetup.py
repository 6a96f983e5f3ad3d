"""Logging to stderr with the request id, configured once per app."""

from __future__ import annotations

import logging
from logging.config import dictConfig

from flask import Flask, g, has_request_context


class RequestIdFilter(logging.Filter):
    """Adds the request id (or "-") so every line of one request can be found together."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def configure_logging(app: Flask) -> None:
    dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"request_id": {"()": RequestIdFilter}},
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
                    "filters": ["request_id"],
                }
            },
            "loggers": {
                "portal": {"level": app.config["LOG_LEVEL"], "handlers": ["stderr"]}
            },
        }
    )
