"""Account services called directly: policy, authentication, roles, two-factor, reset tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Employer, Role, Sector, StatusChange
from portal.services.accounts import (
    employers,
    login,
    password_reset,
    passwords,
    two_factor,
)
from portal.services.accounts import users as accounts
from tests.fixtures.actors import PASSWORD, create_employer, create_user
from tests.fixtures.core import T0, totp_code


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("a" * 11, passwords.PasswordProblem.TOO_SHORT),
        ("a" * 129, passwords.PasswordProblem.TOO_LONG),
        ("Password1234", passwords.PasswordProblem.TOO_COMMON),
        ("wacht woord 1234", passwords.PasswordProblem.TOO_COMMON),
        ("jan.jansen@example.com", passwords.PasswordProblem.CONTAINS_EMAIL),
        ("Jan.Jansen2026!", passwords.PasswordProblem.CONTAINS_EMAIL),
    ],
)
def test_policy_refuses(password, problem):
    with pytest.raises(passwords.WeakPassword) as caught:
        passwords.check_policy(password, email="jan.jansen@example.com")
    assert caught.value.problem is problem


@pytest.mark.parametrize(
    "password",
    [
        "q" * 12,
        "b" * 128,
        "😀 emoji en spaties 😀",
        "alleen kleine letters hier",
        "Ω≈ç√∫˜µ≤≥÷åß",
    ],
)
def test_policy_has_no_composition_rules(password):
    passwords.check_policy(password, email="jan@example.com")


def test_common_password_list_is_shipped_and_loaded():
    common = passwords.common_passwords()
    assert len(common) > 50
    assert "wachtwoord123" in common


def test_authenticate_counts_failures_per_account(app_ctx):
    user = create_user(Role.EMPLOYER)
    attempt = login.LoginAttempt(user.email, "198.51.100.1")
    for _ in range(app_ctx.config["LOGIN_MAX_ATTEMPTS"]):
        with pytest.raises(accounts.InvalidCredentials):
            login.authenticate(attempt, "wrong")
    with pytest.raises(accounts.TooManyAttempts):
        login.authenticate(attempt, PASSWORD)
    failures = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.login_failed")
    ).all()
    assert len(failures) == app_ctx.config["LOGIN_MAX_ATTEMPTS"]


def test_change_password_rotates_the_session_token(app_ctx):
    user = create_user(Role.EMPLOYER)
    token = user.session_token
    login.change_password(user, PASSWORD, "een nieuw lang wachtwoord", ip_address="x")
    assert user.session_token != token
    assert passwords.verify_password(user.password_hash, "een nieuw lang wachtwoord")
    with pytest.raises(accounts.InvalidCredentials):
        login.change_password(
            user, PASSWORD, "nog een ander wachtwoord", ip_address="x"
        )


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (Role.MATCHMAKER, Role.ADMIN, True),
        (Role.ADMIN, Role.MATCHMAKER, True),
        (Role.EMPLOYER, Role.ADMIN, False),
        (Role.MATCHMAKER, Role.EMPLOYER, False),
    ],
)
def test_only_staff_roles_can_be_swapped(app_ctx, start, target, allowed):
    user = create_user(start)
    if allowed:
        accounts.set_role(user, target, by=None)
        assert user.role == target
    else:
        with pytest.raises(accounts.RoleChangeNotAllowed):
            accounts.set_role(user, target, by=None)


def test_totp_replay_and_drift(app_ctx):
    user = create_user(Role.MATCHMAKER)
    secret = two_factor.new_secret()
    with time_machine.travel(T0, tick=False) as clock:
        codes = two_factor.enable(user, secret, totp_code(secret, T0))
        assert len(codes) == 10
        assert len(set(codes)) == 10
        with pytest.raises(two_factor.InvalidCode):  # same step again
            two_factor.verify(user, totp_code(secret, T0))
        clock.shift(60)
        previous = totp_code(secret, T0 + timedelta(seconds=30))
        assert two_factor.verify(user, previous) is False
        with pytest.raises(two_factor.InvalidCode):
            two_factor.verify(user, previous)
        upcoming = totp_code(secret, T0 + timedelta(seconds=90))
        assert two_factor.verify(user, upcoming) is False


def test_recovery_codes_are_single_use(app_ctx):
    user = create_user(Role.EMPLOYER)
    secret = two_factor.new_secret()
    with time_machine.travel(T0, tick=False):
        codes = two_factor.enable(user, secret, totp_code(secret, T0))
    assert two_factor.verify(user, codes[0]) is True
    assert two_factor.remaining_recovery_codes(user) == 9
    with pytest.raises(two_factor.InvalidCode):
        two_factor.verify(user, codes[0])


def test_staff_cannot_disable_but_employers_can(app_ctx):
    staff = create_user(Role.ADMIN)
    with pytest.raises(two_factor.RequiredForRole):
        two_factor.disable(staff)
    employer = create_user(Role.EMPLOYER)
    two_factor.disable(employer)
    assert not employer.has_two_factor


def test_qr_code_is_an_svg_data_uri(app_ctx):
    user = create_user(Role.EMPLOYER)
    uri = two_factor.provisioning_uri(user, two_factor.new_secret())
    assert uri.startswith("otpauth://totp/Werkbrug:")
    assert two_factor.qr_data_uri(uri).startswith("data:image/svg+xml")


def test_reset_token_is_bound_to_the_password(app_ctx):
    user = create_user(Role.EMPLOYER)
    token = password_reset.make_token(user)
    assert password_reset.user_for_token(token) is user
    accounts.set_password(user, "iets heel anders dan eerst")
    with pytest.raises(password_reset.InvalidToken):
        password_reset.user_for_token(token)


def test_reset_token_expires(app_ctx):
    user = create_user(Role.EMPLOYER)
    with time_machine.travel(T0, tick=False) as clock:
        token = password_reset.make_token(user)
        clock.shift(app_ctx.config["PASSWORD_RESET_MAX_AGE"] + 1)
        with pytest.raises(password_reset.ExpiredToken):
            password_reset.user_for_token(token)


def registration(**changes) -> employers.Registration:
    values = {
        "organisation": "Test B.V.",
        "kvk_number": "12345678",
        "contact_person": "Piet",
        "email": "piet@test.example.com",
        "phone": None,
        "postcode": "1187AB",
        "sector": Sector.CLEANING,
        "password": "een lange zin als wachtwoord",
    }
    return employers.Registration(**{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"kvk_number": "1234"}, employers.InvalidKvk),
        ({"postcode": "1000"}, employers.UnknownPostcode),
        ({"password": "welkom123456"}, passwords.WeakPassword),
    ],
)
def test_register_refuses_bad_data(app_ctx, changes, error):
    with pytest.raises(error):
        employers.register(registration(**changes))
    assert db.session.scalar(select(Employer)) is None


def test_register_refuses_taken_kvk_and_email(app_ctx):
    employers.register(registration())
    with pytest.raises(accounts.KvkTaken):
        employers.register(registration(email="ander@test.example.com"))
    with pytest.raises(accounts.EmailTaken):
        employers.register(
            registration(kvk_number="87654321", email="PIET@test.example.com")
        )


def test_reject_records_the_reason_and_switches_accounts_off(app_ctx):
    matchmaker = create_user(Role.MATCHMAKER)
    organisation = create_employer(verified=False)
    people = [create_user(Role.EMPLOYER, employer=organisation) for _ in range(2)]
    employers.reject(organisation, "duplicate", by=matchmaker)
    assert all(not person.is_active for person in people)
    change = db.session.scalar(
        select(StatusChange).where(StatusChange.to_state == "rejected")
    )
    assert change.reason_code == "duplicate"
    assert employers.state(organisation) == "rejected"
    assert organisation not in employers.pending()
    with pytest.raises(employers.InvalidReason):
        employers.reject(organisation, "other", by=matchmaker)
    with pytest.raises(employers.InvalidReason):
        employers.reject(organisation, "because", by=matchmaker, note="x")
