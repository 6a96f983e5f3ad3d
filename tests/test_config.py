"""Configuration: environment variables, refusal to start without secrets, safe defaults."""

from __future__ import annotations

import pytest

from portal import create_app
from portal.config import (
    ENVIRONMENT,
    ConfigError,
    build_config,
    from_environment,
    normalise_database_url,
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """The developer's or CI's own variables must not leak into these tests."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


def test_production_without_secret_key_refuses_to_start(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        build_config(str(tmp_path), None)


def test_create_app_refuses_too(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBRUG_ENV", "production")
    with pytest.raises(ConfigError):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_reads_the_secret_from_the_instance_folder(tmp_path):
    (tmp_path / "secret_key").write_text("from-the-instance-folder\n")
    assert build_config(str(tmp_path), None)["SECRET_KEY"] == "from-the-instance-folder"


def test_development_gets_a_random_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBRUG_ENV", "development")
    first = build_config(str(tmp_path), None)["SECRET_KEY"]
    second = build_config(str(tmp_path), None)["SECRET_KEY"]
    assert first.startswith("dev-only-")
    assert first != second


def test_two_factor_cannot_be_lifted_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("TWO_FACTOR_REQUIRED", "false")
    assert build_config(str(tmp_path), None)["TWO_FACTOR_REQUIRED"] is True
    overridden = build_config(str(tmp_path), {"TWO_FACTOR_REQUIRED": False})
    assert overridden["TWO_FACTOR_REQUIRED"] is True


@pytest.mark.parametrize("env", ["demo", "development"])
def test_two_factor_can_be_lifted_outside_production(tmp_path, monkeypatch, env):
    monkeypatch.setenv("WERKBRUG_ENV", env)
    monkeypatch.setenv("TWO_FACTOR_REQUIRED", "false")
    assert build_config(str(tmp_path), None)["TWO_FACTOR_REQUIRED"] is False


def test_cheap_password_hash_is_refused_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    with pytest.raises(ConfigError, match="PASSWORD_HASH"):
        build_config(str(tmp_path), {"PASSWORD_HASH": "cheap"})


def test_unknown_environment_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("WERKBRUG_ENV", "staging")
    with pytest.raises(ConfigError, match="WERKBRUG_ENV"):
        build_config(str(tmp_path), None)


def test_https_makes_the_session_cookie_secure_and_host_prefixed(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("FORCE_HTTPS", "true")
    config = build_config(str(tmp_path), None)
    assert config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert config["PREFERRED_URL_SCHEME"] == "https"


def test_plain_http_keeps_a_plain_cookie(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    config = build_config(str(tmp_path), None)
    assert config["SESSION_COOKIE_NAME"] == "session"
    assert config["SESSION_COOKIE_SECURE"] is False
    assert config["SESSION_COOKIE_HTTPONLY"] is True


def test_environment_values_are_typed():
    values = from_environment(
        {"IDLE_TIMEOUT_MINUTES": "15", "MAIL_USE_TLS": "ja", "FORCE_HTTPS": "0"}
    )
    assert values["IDLE_TIMEOUT_MINUTES"] == 15
    assert values["MAIL_USE_TLS"] is True
    assert values["FORCE_HTTPS"] is False
    assert values["LOGIN_MAX_ATTEMPTS"] == 5
    assert values["PASSWORD_RESET_MAX_AGE"] == 3600


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_database_urls_get_psycopg3(url, expected):
    assert normalise_database_url(url) == expected


def test_postgresql_connections_run_without_jit(tmp_path, monkeypatch):
    """JIT compiling (10-20 ms) cost more than the portal's searches take to run."""
    monkeypatch.setenv("WERKBRUG_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    options = build_config(str(tmp_path), None)["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"] == {"options": "-c jit=off"}
    assert options["pool_pre_ping"] is True
    sqlite = build_config(str(tmp_path), {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "connect_args" not in sqlite["SQLALCHEMY_ENGINE_OPTIONS"]


def test_one_app_without_rate_limits_does_not_switch_them_off_for_the_next():
    from portal.extensions import limiter
    from tests.conftest import test_config

    create_app(test_config(None, RATELIMIT_ENABLED=False))
    assert limiter.enabled is False
    create_app(test_config(None))
    assert limiter.enabled is True
