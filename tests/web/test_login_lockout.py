"""Lock-out keyed by account and address: nobody can lock someone else out.

The probe failed five times on a matchmaker's account and the matchmaker's right password
got 429 too. Now the failures of one address lock out only that address (for that account);
failures from many addresses slow the account down by a growing delay per address, after
which the right password works.
"""

from __future__ import annotations

import threading

import pytest
import time_machine

from portal.services.accounts import login
from tests.conftest import USE_POSTGRES
from tests.fixtures.actors import PASSWORD
from tests.fixtures.core import form_login


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_failures_from_one_address_do_not_lock_out_the_owner(app, employer_user):
    attacker = _client(app, "203.0.113.66")
    for _ in range(app.config["LOGIN_MAX_ATTEMPTS"] + 3):
        form_login(attacker, employer_user.email, "wrong-password-1")
    assert form_login(attacker, employer_user.email, PASSWORD).status_code == 429
    owner = _client(app, "198.51.100.10")
    assert form_login(owner, employer_user.email, PASSWORD).status_code == 302


def test_failures_from_many_addresses_slow_down_but_never_lock(app, employer_user):
    limit = app.config["LOGIN_MAX_ATTEMPTS"]
    with time_machine.travel("2026-11-24 09:00:00+00:00", tick=False) as clock:
        for n in range(2 * limit + 3):  # each address fails once: no address is locked
            form_login(
                _client(app, f"203.0.113.{n + 1}"), employer_user.email, "wrong-pw-1"
            )
            clock.shift(5)
        # A guesser at a new address gets one try, then has to wait the delay.
        guesser = _client(app, "192.0.2.200")
        assert form_login(guesser, employer_user.email, "wrong-pw-2").status_code == 200
        slowed = form_login(guesser, employer_user.email, "wrong-pw-3")
        assert slowed.status_code == 429
        wait = int(slowed.headers["Retry-After"])
        assert 1 < wait <= login.MAX_LOGIN_DELAY
        assert f"Wacht {wait} seconden" in slowed.get_data(as_text=True)
        # The owner, at their own address, logs in with the right password at once …
        owner = _client(app, "198.51.100.10")
        assert form_login(owner, employer_user.email, PASSWORD).status_code == 302
        # … and the guesser may try again once the delay has passed.
        clock.shift(wait + 1)
        assert form_login(guesser, employer_user.email, "wrong-pw-4").status_code == 200


def test_the_delay_grows_and_is_capped():
    delays = [login.login_delay(n, 10) for n in range(8, 30)]
    assert delays[:2] == [0, 0]
    assert delays == sorted(delays)
    assert delays[2:6] == [1, 2, 4, 8]
    assert max(delays) == login.MAX_LOGIN_DELAY


@pytest.mark.skipif(
    not USE_POSTGRES, reason="in-memory SQLite shares one connection between threads"
)
def test_parallel_failures_in_one_process_stop_at_the_limit(app, employer_user):
    """The demo runs one worker with threads: the count must hold across them."""
    limit = app.config["LOGIN_MAX_ATTEMPTS"]
    statuses: list[int] = []
    barrier = threading.Barrier(10)

    def guess() -> None:
        client = _client(app, "203.0.113.99")
        barrier.wait()
        statuses.append(form_login(client, employer_user.email, "wrong-1").status_code)

    threads = [threading.Thread(target=guess) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(200) == limit
    assert statuses.count(429) == 10 - limit
