"""Werkbrug portal: the application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from portal.config import build_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the portal. No I/O happens here: tables come from ``flask db upgrade``."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
    )
    app.config.from_mapping(build_config(app.instance_path, config))
    from portal.logsetup import configure_logging

    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    from portal.views.errors import register_error_handlers
    from portal.web import register_request_hooks

    register_error_handlers(app)
    register_request_hooks(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from portal import models  # noqa: F401 - every table must be known to the metadata
    from portal.extensions import babel, csrf, db, limiter, login_manager, migrate
    from portal.i18n import select_locale, translation_directories
    from portal.views.access import load_user

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = translation_directories()
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = None  # our session_token does the job, see User
    login_manager.user_loader(load_user)


def register_blueprints(app: Flask) -> None:
    from portal.views import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_commands(app: Flask) -> None:
    from portal.cli import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)
