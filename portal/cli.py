"""Command-line commands (``flask --app wsgi ...``); thin wrappers around the services."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from portal.candidates_cli import candidates as candidate_commands
from portal.candidates_cli import retention as retention_commands
from portal.evaluation_cli import evaluation
from portal.extensions import db
from portal.matching_cli import matching
from portal.models import Role
from portal.notifications_cli import notifications
from portal.twv_cli import twv as twv_commands

users = AppGroup("users", help="Accounts beheren.")
demo = AppGroup("demo", help="Demogegevens.")
translations = AppGroup("translations", help="Vertalingen.")


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.password_option(help="Leave out to be asked (not echoed).")
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create a matchmaker or admin account (employers register themselves)."""
    from portal.services.accounts import passwords
    from portal.services.accounts import users as accounts

    try:
        passwords.check_policy(password, email=email)
    except passwords.WeakPassword as exc:
        raise click.UsageError(
            f"password refused ({exc.problem}): use {passwords.MIN_LENGTH} to "
            f"{passwords.MAX_LENGTH} characters, not a common password, not the e-mail"
        ) from exc
    try:
        user = accounts.create_user(
            email=email, name=name, password=password, role=Role(role), by=None
        )
    except accounts.EmailTaken as exc:
        raise click.UsageError(
            f"an account with e-mail {email} exists already"
        ) from exc
    db.session.commit()
    click.echo(f"created {user.role} account {user.email} (id {user.id})")


@users.command("deactivate")
@click.argument("email")
def deactivate_user(email: str) -> None:
    """Deactivate an account; its sessions end at once."""
    from portal.services.accounts import users as accounts

    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.UsageError(f"no account with e-mail {email}")
    accounts.set_active(user, False, by=None)
    db.session.commit()
    click.echo(f"deactivated {user.email}")


@users.command("reset-2fa")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Clear an account's two-factor login (lost phone and codes); it enrols again at login."""
    from portal.services.accounts import two_factor
    from portal.services.accounts import users as accounts

    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.UsageError(f"no account with e-mail {email}")
    two_factor.reset(user, by=None)
    db.session.commit()
    click.echo(f"two-factor login cleared for {user.email}")


@users.command("rotate-2fa-keys")
def rotate_two_factor_keys() -> None:
    """Re-encrypt every two-factor secret with the first key of TOTP_ENCRYPTION_KEYS.

    Put the new key in front of the list, run this, then drop the old key.
    """
    from portal.services.accounts import two_factor

    count = two_factor.reencrypt_secrets()
    db.session.commit()
    click.echo(f"two-factor secrets re-encrypted with the newest key: {count}")


@demo.command("load")
def load_demo() -> None:
    """Load the demo data; running it again changes nothing."""
    from portal.demo import load_all

    for line in load_all():
        click.echo(line)
    db.session.commit()


@demo.command("accounts")
def demo_accounts() -> None:
    """Print the demo accounts and their password."""
    from portal.demo.accounts import demo_account_rows

    click.echo(f"{'rol':<24}{'e-mail':<42}wachtwoord")
    for role, email, password in demo_account_rows():
        click.echo(f"{role:<24}{email:<42}{password}")


@translations.command("compile")
def compile_translations() -> None:
    """Compile the .po catalogues to .mo (done by make; needed before English works)."""
    from portal.i18n import compile_translations as compile_all

    for path in compile_all():
        click.echo(f"compiled {path}")


COMMANDS = [users, demo, translations, twv_commands]
COMMANDS += [candidate_commands, retention_commands, notifications]
COMMANDS += [evaluation, matching]
