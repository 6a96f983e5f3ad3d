"""``flask users create`` and ``flask users deactivate``, through Flask's CLI runner."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, User
from portal.services.accounts import passwords

GOOD_PASSWORD = "lange zin voor de matchmaker"


def run(app, *args):
    return app.test_cli_runner().invoke(args=["users", *args])


def test_create_matchmaker(app):
    result = run(
        app,
        "create",
        "--email",
        "Sanne@Werkplein.example",
        "--name",
        "Sanne Visser",
        "--role",
        "matchmaker",
        "--password",
        GOOD_PASSWORD,
    )
    assert result.exit_code == 0, result.output
    assert "created matchmaker account sanne@werkplein.example" in result.output
    assert GOOD_PASSWORD not in result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.role == Role.MATCHMAKER
        assert passwords.verify_password(user.password_hash, GOOD_PASSWORD)
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "user.created")
        )


def test_create_refuses_a_weak_password(app):
    for weak in ("te kort", "password1234", "anouk@werkplein.example"):
        result = run(
            app,
            "create",
            "--email",
            "anouk@werkplein.example",
            "--name",
            "Anouk",
            "--role",
            "admin",
            "--password",
            weak,
        )
        assert result.exit_code != 0
        assert "password refused" in result.output
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_create_refuses_a_taken_email(app, matchmaker):
    result = run(
        app,
        "create",
        "--email",
        matchmaker.email.upper(),
        "--name",
        "Dubbel",
        "--role",
        "admin",
        "--password",
        GOOD_PASSWORD,
    )
    assert result.exit_code != 0
    assert "exists already" in result.output


def test_create_refuses_an_unknown_role(app):
    result = run(
        app,
        "create",
        "--email",
        "x@example.test",
        "--name",
        "X",
        "--role",
        "koning",
        "--password",
        GOOD_PASSWORD,
    )
    assert result.exit_code != 0


def test_deactivate_ends_the_sessions(app, login, matchmaker):
    client = login(matchmaker)
    assert client.get("/werkplein/").status_code == 200
    result = run(app, "deactivate", matchmaker.email)
    assert result.exit_code == 0, result.output
    assert client.get("/werkplein/").status_code == 302
    with app.app_context():
        assert not db.session.get(User, matchmaker.id).is_active
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "user.deactivated")
        )
        assert event.object_id == matchmaker.id
        assert event.actor_id is None


def test_deactivate_unknown_email_fails(app):
    result = run(app, "deactivate", "nobody@example.test")
    assert result.exit_code != 0
    assert "no account" in result.output


def test_reset_two_factor_from_the_command_line(app, admin, with_two_factor):
    with_two_factor(admin)
    result = run(app, "reset-2fa", admin.email)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert not db.session.get(User, admin.id).has_two_factor
        assert db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "user.two_factor_reset")
        )
    assert run(app, "reset-2fa", "nobody@example.test").exit_code != 0
