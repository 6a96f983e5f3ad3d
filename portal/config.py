"""Configuration: defaults in one class, overridden by plain environment variables.

Every variable read here is documented in the README ("Configuration"). Tests pass a mapping
to ``create_app`` instead of touching the environment.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

#: Environment variables that are read as booleans.
_BOOLEAN = {
    "MAIL_USE_TLS",
    "MAIL_USE_SSL",
    "TWO_FACTOR_REQUIRED",
    "FORCE_HTTPS",
    "ALLOW_NON_SHORTAGE_VACANCIES",
}
#: Environment variables that are read as integers.
_INTEGER = {
    "MAIL_PORT",
    "IDLE_TIMEOUT_MINUTES",
    "RETENTION_MONTHS",
    "RERANKER_MIN_DECISIONS",
    "LOGIN_MAX_ATTEMPTS",
    "PASSWORD_RESET_MAX_AGE",
    "GLOSSARY_REFRESH_SECONDS",
    "NOTIFY_BATCH_MINUTES",
    "MAIL_REQUEST_TIMEOUT",
}
#: Every variable the portal reads from the environment, with its default.
ENVIRONMENT: dict[str, Any] = {
    "WERKBRUG_ENV": "production",
    "SECRET_KEY": None,
    "DATABASE_URL": None,
    "MAIL_SERVER": "localhost",
    "MAIL_PORT": 25,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_DEFAULT_SENDER": "Werkbrug <noreply@werkbrug.localhost>",
    "MAIL_BACKEND": None,
    "MAIL_REQUEST_TIMEOUT": 2,
    "NOTIFY_BATCH_MINUTES": 10,
    "RATELIMIT_STORAGE_URI": "memory://",
    "TOTP_ENCRYPTION_KEYS": None,
    "DEFAULT_LANGUAGE": "nl",
    "TWO_FACTOR_REQUIRED": True,
    "FORCE_HTTPS": False,
    "IDLE_TIMEOUT_MINUTES": 20,
    "LOGIN_MAX_ATTEMPTS": 5,
    "PASSWORD_RESET_MAX_AGE": 3600,
    "RETENTION_MONTHS": 24,
    "MUNICIPALITY": "Amstelveen",
    "ALLOW_NON_SHORTAGE_VACANCIES": True,
    "RERANKER_MIN_DECISIONS": 50,
    "PUBLIC_BASE_URL": "http://127.0.0.1:5000",
    #: Contact for questions about the matching (algorithm register, candidate notice).
    "ALGORITHM_CONTACT": "",
    #: Where the source code is published (algorithm register); empty: on request.
    "ALGORITHM_SOURCE_CODE": "",
    #: Status of the impact assessments as the municipality reports them (register).
    "DPIA_STATUS": "",
    "FRIA_STATUS": "",
    "IAMA_STATUS": "",
    "LOG_LEVEL": "INFO",
    "GLOSSARY_REFRESH_SECONDS": 30,
    #: Folder of the shared matching index files (default: instance/matching-index).
    "MATCHING_INDEX_DIR": None,
}

ENVIRONMENTS = ("production", "development", "demo")


class ConfigError(RuntimeError):
    """The configuration cannot be used (for example a missing secret in production)."""


def _convert(name: str, raw: str) -> Any:
    if name in _BOOLEAN:
        return raw.strip().lower() in {"1", "true", "yes", "on", "ja"}
    if name in _INTEGER:
        return int(raw)
    return raw


def from_environment(
    environ: os._Environ[str] | dict[str, str] | None = None,
) -> dict[str, Any]:
    """Read the documented variables from the environment, converted to their types."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for name, default in ENVIRONMENT.items():
        raw = environ.get(name)
        values[name] = default if raw is None or raw == "" else _convert(name, raw)
    return values


def build_config(
    instance_path: str, overrides: dict[str, Any] | None
) -> dict[str, Any]:
    """Combine defaults, environment and test overrides into Flask's config keys."""
    values = from_environment()
    if overrides:
        values.update({k: v for k, v in overrides.items() if k in ENVIRONMENT})
    env = values["WERKBRUG_ENV"]
    if env not in ENVIRONMENTS:
        raise ConfigError(f"WERKBRUG_ENV must be one of {ENVIRONMENTS}, not {env!r}")
    testing = bool(overrides and overrides.get("TESTING"))
    if not values["SECRET_KEY"]:
        secret_file = Path(instance_path) / "secret_key"
        if secret_file.exists():
            values["SECRET_KEY"] = secret_file.read_text().strip()
        elif env == "production" and not testing:
            raise ConfigError(
                "SECRET_KEY is required in production (see README, Configuration)"
            )
        else:
            values["SECRET_KEY"] = "dev-only-" + os.urandom(16).hex()
    database_url = (
        values["DATABASE_URL"] or f"sqlite:///{Path(instance_path) / 'werkbrug.sqlite'}"
    )
    https = values["FORCE_HTTPS"]
    config: dict[str, Any] = {
        **values,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        # hide_parameters: an error never carries (and so never logs) the values of a
        # statement, which are a profile's summary, postcode or dates.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "BABEL_DEFAULT_LOCALE": values["DEFAULT_LANGUAGE"],
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "LANGUAGES": ("nl", "en"),
        "RATELIMIT_STORAGE_URI": values["RATELIMIT_STORAGE_URI"],
        # Always set: Flask-Limiter keeps the last app's value on its process-wide object
        # when an app does not say, so one app switching it off would switch off the rest.
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "SESSION_COOKIE_NAME": "__Host-session" if https else "session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        "PREFERRED_URL_SCHEME": "https" if https else "http",
        "WTF_CSRF_TIME_LIMIT": None,  # the session's own lifetime bounds the token
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "PASSWORD_HASH": "argon2id",
        "DEMO_MODE": env == "demo",
    }
    if overrides:
        config.update(overrides)
    if str(config["SQLALCHEMY_DATABASE_URI"]).startswith("postgresql"):
        # PostgreSQL compiles a query with LLVM once its estimated cost passes
        # jit_above_cost: 10-20 ms of compiling for searches that run in a few.
        options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {"options": "-c jit=off"} | dict(
            options.get("connect_args") or {}
        )
        config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    if env == "production" and not testing:
        # Only the local demo may lift two-factor login; no override can in production.
        config["TWO_FACTOR_REQUIRED"] = True
        if config["PASSWORD_HASH"] != "argon2id":  # noqa: S105 - a profile name
            raise ConfigError("PASSWORD_HASH must be argon2id in production")
    return config


def normalise_database_url(url: str) -> str:
    """Let operators write ``postgres://``/``postgresql://`` and still get psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
