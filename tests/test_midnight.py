"""A test run that passes midnight in Amsterdam keeps the day its modules were imported on."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta

import pytest
import time_machine

from portal.models.base import AMSTERDAM, local_today
from tests.conftest import SESSION_DAY

#: As the modules that fix the day at import write it.
TODAY = SESSION_DAY


@pytest.fixture(scope="module", autouse=True)
def _past_midnight() -> Iterator[None]:
    """The clock half an hour into the next Dutch day, before each test's own fixtures."""
    after = datetime.combine(SESSION_DAY + timedelta(days=1), time(0, 30), AMSTERDAM)
    with time_machine.travel(after, tick=True):
        yield


def test_a_day_fixed_at_import_is_still_today_after_midnight() -> None:
    assert local_today() == TODAY
