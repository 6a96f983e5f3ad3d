"""Access rules of the intermediaries area and the TWV packet.

``actors.intermediary`` is verified and works ``actors.employer``'s cases. The packet
exists for a confirmed hire with consent of ``actors.employer``; a second case of the
same employer is not confirmed yet (refused, 403), a third belongs to
``actors.other_employer``, which did not delegate (404 for the intermediary).
"""

from types import SimpleNamespace

from portal.models import Delegation
from portal.services.intermediaries import delegations, organisations
from tests.fixtures.intermediaries import create_intermediary_user, create_packet_case


def world(actors: SimpleNamespace) -> SimpleNamespace:
    employer = actors.employer.employer
    packet = create_packet_case(employer=employer, matchmaker=actors.matchmaker)
    unconfirmed = create_packet_case(
        employer=employer, matchmaker=actors.matchmaker, confirmed=False
    )
    other = create_packet_case(
        employer=actors.other_employer.employer, matchmaker=actors.matchmaker
    )
    unverified = organisations.organisation_of(create_intermediary_user(verified=False))
    delegation = next(d for d in employer_delegations(actors) if d.is_active)
    organisation = organisations.organisation_of(actors.intermediary)
    return SimpleNamespace(
        packet_id=packet.id,
        unconfirmed_id=unconfirmed.id,
        other_id=other.id,
        unverified_id=unverified.id,
        delegation_id=delegation.id,
        token=organisation.calendar_token,
        verified_id=organisation.id,
    )


def employer_delegations(actors: SimpleNamespace) -> list[Delegation]:
    return delegations.delegations_of_employer(actors.employer.employer_id)


def _roles(default: int, **given: int) -> dict[str, int]:
    return {
        "anonymous": 302,
        "employer": default,
        "other_employer": default,
        "unverified_employer": default,
        "matchmaker": default,
        "admin": default,
        "intermediary": default,
        "coa": default,
        **given,
    }


EMPLOYERS = {"employer": 200, "other_employer": 200, "unverified_employer": 200}

RULES = [
    # Visitors only; everyone logged in goes to their dashboard.
    ("intermediary.register", "GET", None, _roles(302, anonymous=200)),
    # An empty form comes back with its errors.
    ("intermediary.register", "POST", None, _roles(302, anonymous=200)),
    ("intermediary.dashboard", "GET", None, _roles(403, intermediary=200)),
    # The bureau renews its own calendar link (a new token; the old one is dead).
    ("intermediary.renew_calendar", "POST", None, _roles(403, intermediary=302)),
    ("intermediary.delegations_page", "GET", None, _roles(403, **EMPLOYERS)),
    # An empty form: the page comes back with the error.
    ("intermediary.delegate", "POST", None, _roles(403, **EMPLOYERS)),
    (
        "intermediary.revoke",
        "POST",
        lambda w: {"delegation_id": w.delegation_id},
        _roles(403, employer=302, other_employer=404, unverified_employer=404),
    ),
    ("intermediary.index", "GET", None, _roles(403, matchmaker=200, admin=200)),
    (
        "intermediary.verify",
        "POST",
        lambda w: {"intermediary_id": w.unverified_id},
        _roles(403, matchmaker=302),
    ),
    # Withdrawing a verification: the matchmaker's form (an empty post comes back).
    (
        "intermediary.unverify",
        "GET",
        lambda w: {"intermediary_id": w.verified_id},
        _roles(403, matchmaker=200),
    ),
    (
        "intermediary.unverify",
        "POST",
        lambda w: {"intermediary_id": w.verified_id},
        _roles(403, matchmaker=200),
    ),
    (
        "twv_packet.packet",
        "GET",
        lambda w: {"case_id": w.packet_id},
        _roles(
            403,
            employer=200,
            other_employer=404,
            unverified_employer=404,
            intermediary=200,
        ),
    ),
    (
        "twv_packet.packet",
        "GET",
        lambda w: {"case_id": w.unconfirmed_id},
        _roles(403, other_employer=404, unverified_employer=404),
    ),
    (
        "twv_packet.packet",
        "GET",
        lambda w: {"case_id": w.other_id},
        _roles(
            403,
            employer=404,
            other_employer=200,
            unverified_employer=404,
            intermediary=404,
        ),
    ),
    # The intermediary's own calendar feed: the secret token is the only key.
    (
        "calendar.feed",
        "GET",
        lambda w: {"token": w.token},
        _roles(200, anonymous=200),
    ),
]
