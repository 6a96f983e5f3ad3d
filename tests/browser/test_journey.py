"""The whole journey in the browser, as the three roles: the matchmaker approves, the
employer is mailed (a real SMTP server on loopback) and shows interest, the matchmaker
introduces, the employer proposes the contract, the matchmaker confirms it, the TWV case
appears on the employer's home, and the 3-month follow-up reaches the matchmaker (the
contract starts next week; the follow-up job runs with ``--today`` on its day).

Every page on the way must pass axe-core and the page checks. The pair is made for this
test (a fresh person and vacancy), so the demo data of the other tests is untouched.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import FollowUp, Hire, User
from portal.models.base import local_today
from portal.services.accounts import users as accounts
from portal.services.matches import review as matches
from tests.browser.conftest import (
    LiveServer,
    assert_accessible,
)
from tests.fixtures.matches import create_match_profile, create_match_vacancy

pytestmark = pytest.mark.browser

EMPLOYER = "werkgever@degoudenlepel.nl"
MATCHMAKER = "matchmaker@werkplein-amstelveen.nl"


def _click(page: Any, name: str) -> None:
    page.locator("main").get_by_role("button", name=name).click()
    page.wait_for_load_state()


def test_from_approval_to_work_and_the_follow_up(
    page_as: Any, live_server: LiveServer, axe_source: str, smtp_server: Any
) -> None:
    sink, port = smtp_server
    app = live_server.app
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, NOTIFY_BATCH_MINUTES=0)
    with app.app_context():
        boss = accounts.find_user_by_email(EMPLOYER)
        mm = accounts.find_user_by_email(MATCHMAKER)
        assert boss is not None
        assert mm is not None
        vacancy = create_match_vacancy(boss.employer, title="Kok journey-test")
        profile = create_match_profile(ref="WB-JRNY")
        match = matches.suggest(vacancy, profile, by=db.session.get(User, mm.id))
        db.session.commit()
        match_id, employer_email, vacancy_ref = match.id, boss.email, vacancy.ref
        db.session.remove()

    matchmaker = page_as("matchmaker")
    employer = page_as("employer")

    # 1. The matchmaker approves; the employer gets one mail, with a link, no person.
    matchmaker.goto(f"{live_server.base_url}/matches/{match_id}")
    assert_accessible(matchmaker, axe_source)
    _click(matchmaker, "Goedkeuren")
    assert_accessible(matchmaker, axe_source)  # the page right after the approval
    bodies = [
        m.get_payload()[0].get_payload(decode=True).decode()
        for m in sink.to(employer_email)
    ]
    ours = [b for b in bodies if vacancy_ref in b]
    assert len(ours) == 1  # one mail for this vacancy (others: the demo's approvals)
    assert "/werkgever/" in ours[0]
    assert "WB-JRNY" not in ours[0]

    # 2. The employer sees it on the home page and shows interest.
    employer.goto(f"{live_server.base_url}/werkgever/")
    home = employer.locator("main").inner_text()
    assert "nieuwe kandida" in home
    assert "Kok journey-test" in home
    assert_accessible(employer, axe_source)
    employer.goto(f"{live_server.base_url}/matches/werkgever/{match_id}")
    assert_accessible(employer, axe_source)
    _click(employer, "Uitnodigen voor een kennismaking")
    assert_accessible(employer, axe_source)  # the page right after the invitation

    # 3. The matchmaker hears it and records the introduction.
    matchmaker.goto(f"{live_server.base_url}/meldingen/")
    assert (
        "wil kandidaat WB-JRNY leren kennen" in matchmaker.locator("main").inner_text()
    )
    assert_accessible(matchmaker, axe_source)
    matchmaker.goto(f"{live_server.base_url}/matches/{match_id}")
    _click(matchmaker, "Voorgesteld: vastleggen")
    assert_accessible(matchmaker, axe_source)

    # 4. The employer proposes the contract, starting next week.
    start = local_today() + timedelta(days=7)
    employer.goto(f"{live_server.base_url}/traject/{match_id}/contract")
    assert_accessible(employer, axe_source)
    employer.get_by_label("Eerste werkdag volgens het contract").fill(start.isoformat())
    employer.get_by_label("Laatste dag van het contract").fill(
        (start + timedelta(days=364)).isoformat()
    )
    employer.get_by_label("Uren per week").fill("32")
    employer.get_by_label("Bruto uurloon in euro").fill("15.50")
    _click(employer, "Voorstel versturen")
    assert "Uw voorstel is verstuurd" in employer.locator("main").inner_text()
    assert_accessible(employer, axe_source)

    # 5. The matchmaker confirms it with the person: the TWV case opens.
    matchmaker.goto(f"{live_server.base_url}/matches/{match_id}")
    assert_accessible(matchmaker, axe_source)
    _click(matchmaker, "Contract bevestigd met de kandidaat")
    assert "/twv/" in matchmaker.url
    assert_accessible(matchmaker, axe_source)

    # 6. The employer sees the case on the home page.
    employer.goto(f"{live_server.base_url}/werkgever/")
    assert "WB-JRNY" in employer.locator("main").inner_text()
    assert_accessible(employer, axe_source)

    # 7. Three months later the 3-month follow-up is due: the cron job, run for that
    # day, tells the matchmaker.
    with app.app_context():
        hire = db.session.scalars(select(Hire).where(Hire.match_id == match_id)).one()
        hire_id = hire.id
        due_on = next(f.due_on for f in hire.follow_ups if f.months == 3)
        assert due_on > local_today()
        db.session.remove()

    def run_job(day: date) -> None:  # what cron runs, for that day
        result = app.test_cli_runner().invoke(
            args=["notifications", "send", "--today", day.isoformat()]
        )
        assert result.exit_code == 0, result.output

    def told() -> bool:
        with app.app_context():
            row = db.session.scalars(
                select(FollowUp).where(
                    FollowUp.hire_id == hire_id, FollowUp.months == 3
                )
            ).one()
            notified = row.notified_at is not None
            db.session.remove()
        return notified

    run_job(due_on - timedelta(days=1))
    assert not told()  # not before its day
    run_job(due_on)
    assert told()
    matchmaker.goto(f"{live_server.base_url}/meldingen/")
    assert "Nazorg: is kandidaat WB-JRNY" in matchmaker.locator("main").inner_text()
    matchmaker.goto(f"{live_server.base_url}/traject/nazorg")
    assert "WB-JRNY" in matchmaker.locator("main").inner_text()
    assert_accessible(matchmaker, axe_source)
    matchmaker.locator("main").get_by_role("link", name="WB-JRNY").first.click()
    matchmaker.wait_for_load_state()
    assert_accessible(matchmaker, axe_source)
