"""Access rules of the journey pages and the notifications (walked by test_access.py)."""

from types import SimpleNamespace

from portal.extensions import db
from portal.models import DemoMail, MatchStatus
from portal.services.notifications import inbox
from tests.fixtures.journey import walk_to
from tests.fixtures.matches import create_match_profile, create_match_vacancy


def world(actors: SimpleNamespace) -> SimpleNamespace:
    """An introduced match, a match with a proposed contract, a hire with follow-ups."""
    vacancy = create_match_vacancy(actors.employer.employer, positions=3)

    def walk(status: MatchStatus):  # type: ignore[no-untyped-def]
        w = SimpleNamespace(
            matchmaker=actors.matchmaker,
            employer=actors.employer,
            vacancy=vacancy,
            profile=create_match_profile(),
        )
        return walk_to(w, status)

    introduced = walk(MatchStatus.INTRODUCED)
    offer = walk(MatchStatus.OFFER)
    hired = walk(MatchStatus.HIRED)
    follow_up = next(f for f in _hire_follow_ups(hired.id) if f.months == 3)
    note = inbox.notify(
        actors.employer,
        "introduced",
        link="/werkgever/",
        params={"candidate": "WB-TEST", "vacancy": "V-TEST"},
    )
    mail = DemoMail(
        to_address="a@example.test", subject="Test", text_body="x", message_id="<m@t>"
    )
    db.session.add(mail)
    db.session.flush()
    return SimpleNamespace(
        introduced_id=introduced.id,
        offer_id=offer.id,
        follow_up_id=follow_up.id,
        note_id=note.id,
        mail_id=mail.id,
    )


def _hire_follow_ups(match_id: int):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from portal.models import Hire

    hire = db.session.scalars(select(Hire).where(Hire.match_id == match_id)).one()
    return hire.follow_ups


MATCHMAKER_ONLY = {
    "anonymous": 302,
    "employer": 403,
    "other_employer": 403,
    "unverified_employer": 403,
    "admin": 403,
    "coa": 403,
    "intermediary": 403,
}
EMPLOYER_OWN = {
    "anonymous": 302,
    "other_employer": 404,
    "unverified_employer": 404,
    "matchmaker": 403,
    "admin": 403,
    "coa": 403,
    "intermediary": 403,
}
BOTH = {
    "anonymous": 302,
    "other_employer": 404,
    "unverified_employer": 404,
    "admin": 403,
    "coa": 403,
    "intermediary": 403,
}
ANY_USER = {
    "anonymous": 302,
    "employer": 200,
    "other_employer": 200,
    "unverified_employer": 200,
    "matchmaker": 200,
    "admin": 200,
    "coa": 200,
    "intermediary": 200,
}
ADMIN_ONLY = {
    "anonymous": 302,
    "employer": 403,
    "other_employer": 403,
    "unverified_employer": 403,
    "matchmaker": 403,
    "admin": 200,
    "coa": 403,
    "intermediary": 403,
}


def _introduced(w: SimpleNamespace) -> dict[str, int]:
    return {"match_id": w.introduced_id}


def _offer(w: SimpleNamespace) -> dict[str, int]:
    return {"match_id": w.offer_id}


RULES = [
    (
        "journey.interview",
        "POST",
        _introduced,
        {**BOTH, "employer": 302, "matchmaker": 302},
    ),
    ("journey.propose", "GET", _introduced, {**EMPLOYER_OWN, "employer": 200}),
    # An empty form comes back with its errors.
    ("journey.propose", "POST", _introduced, {**EMPLOYER_OWN, "employer": 200}),
    ("journey.confirm", "POST", _offer, {**MATCHMAKER_ONLY, "matchmaker": 302}),
    (
        "journey.not_hired",
        "GET",
        _introduced,
        {**BOTH, "employer": 200, "matchmaker": 200},
    ),
    (
        "journey.not_hired",
        "POST",
        _introduced,
        {**BOTH, "employer": 200, "matchmaker": 200},
    ),
    ("journey.withdraw", "GET", _introduced, {**MATCHMAKER_ONLY, "matchmaker": 200}),
    ("journey.withdraw", "POST", _introduced, {**MATCHMAKER_ONLY, "matchmaker": 200}),
    ("journey.follow_up_list", "GET", None, {**MATCHMAKER_ONLY, "matchmaker": 200}),
    (
        "journey.follow_up",
        "GET",
        lambda w: {"follow_up_id": w.follow_up_id},
        {**MATCHMAKER_ONLY, "matchmaker": 200},
    ),
    (
        "journey.follow_up",
        "POST",
        lambda w: {"follow_up_id": w.follow_up_id},
        {**MATCHMAKER_ONLY, "matchmaker": 200},
    ),
    ("notifications.index", "GET", None, ANY_USER),
    (
        "notifications.mark_read",
        "POST",
        None,
        dict.fromkeys(ANY_USER, 302),
    ),
    # Someone else's notification leads to one's own list: never its link.
    (
        "notifications.open_note",
        "GET",
        lambda w: {"note_id": w.note_id},
        dict.fromkeys(ANY_USER, 302),
    ),
    ("notifications.settings", "GET", None, ANY_USER),
    ("notifications.settings", "POST", None, ANY_USER),
    ("notifications.demo_mailbox", "GET", None, ADMIN_ONLY),
    (
        "notifications.demo_mail",
        "GET",
        lambda w: {"mail_id": w.mail_id},
        ADMIN_ONLY,
    ),
]
