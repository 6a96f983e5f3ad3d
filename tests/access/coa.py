"""Access rules of the COA pages. A COA account reaches its own referrals and residents
only (another account's resident is a 404 on every COA route that names a resident, and
the matchmakers' referral pages are 403) and nothing of matches, employers or vacancies
(those tables give ``coa`` 403); matchmakers handle referrals; admins verify COA
accounts. A COA account whose verification was taken back: tests/web/test_permits_pages.py
(``test_a_revoked_coa_account_records_nothing``)."""

from types import SimpleNamespace

from portal.extensions import db
from portal.models import CoaPartner
from portal.models.base import local_today
from portal.services.permits import referrals
from tests.fixtures.permits import create_coa_user


def _referral(coa, name: str) -> referrals.ReferralData:
    return referrals.ReferralData(
        reception_centre="AZC Kronenburg",
        name=name,
        asylum_application_date=local_today().replace(year=local_today().year - 1),
        available_from=local_today(),
        hours_per_week=24,
        consent_on=local_today(),
    )


def world(actors: SimpleNamespace) -> SimpleNamespace:
    resident = referrals.create_referral(
        _referral(actors.coa, "Bewoner Een"), by=actors.coa
    )
    referrals.start_intake(
        resident, summary="Werkte als kok.", max_travel_km=25, by=actors.matchmaker
    )
    waiting = referrals.create_referral(
        _referral(actors.coa, "Bewoner Twee"), by=actors.coa
    )
    other_coa = create_coa_user()
    theirs = referrals.create_referral(
        _referral(other_coa, "Bewoner Drie"), by=other_coa
    )
    referrals.start_intake(
        theirs,
        summary="Werkte als schoonmaker.",
        max_travel_km=25,
        by=actors.matchmaker,
    )
    partner_id = db.session.scalar(
        CoaPartner.__table__.select()
        .with_only_columns(CoaPartner.id)
        .where(CoaPartner.user_id == actors.coa.id)
    )
    return SimpleNamespace(
        resident_id=resident.id,
        waiting_id=waiting.id,
        theirs_id=theirs.id,
        partner_id=partner_id,
    )


NOBODY_ELSE = {
    "anonymous": 302,
    "employer": 403,
    "other_employer": 403,
    "unverified_employer": 403,
    "matchmaker": 403,
    "admin": 403,
    "intermediary": 403,
}


def _coa(status: int) -> dict[str, int]:
    return {**NOBODY_ELSE, "coa": status}


def _matchmaker(status: int) -> dict[str, int]:
    return {**NOBODY_ELSE, "matchmaker": status, "coa": 403}


def _admin(status: int) -> dict[str, int]:
    return {**NOBODY_ELSE, "admin": status, "coa": 403}


RULES = [
    ("coa.dashboard", "GET", None, _coa(200)),
    ("coa.refer", "GET", None, _coa(200)),
    # An empty form re-renders with its errors.
    ("coa.refer", "POST", None, _coa(200)),
    (
        "coa.resident_event",
        "GET",
        lambda w: {"referral_id": w.resident_id},
        _coa(200),
    ),
    (
        "coa.resident_event",
        "POST",
        lambda w: {"referral_id": w.resident_id},
        _coa(200),
    ),
    # Another COA account's resident (intake done) and referral: as if they did not exist.
    (
        "coa.resident_event",
        "GET",
        lambda w: {"referral_id": w.theirs_id},
        _coa(404),
    ),
    (
        "coa.resident_event",
        "POST",
        lambda w: {"referral_id": w.theirs_id},
        _coa(404),
    ),
    # A referral not yet taken up has no resident to record for.
    (
        "coa.resident_event",
        "GET",
        lambda w: {"referral_id": w.waiting_id},
        _coa(404),
    ),
    # The matchmakers' page of another account's referral: 403 for every COA account.
    ("coa.referral", "GET", lambda w: {"referral_id": w.theirs_id}, _matchmaker(200)),
    (
        "coa.decline",
        "POST",
        lambda w: {"referral_id": w.theirs_id},
        _matchmaker(302),
    ),
    ("coa.inbox", "GET", None, _matchmaker(200)),
    ("coa.referral", "GET", lambda w: {"referral_id": w.waiting_id}, _matchmaker(200)),
    ("coa.referral", "POST", lambda w: {"referral_id": w.waiting_id}, _matchmaker(200)),
    ("coa.decline", "POST", lambda w: {"referral_id": w.waiting_id}, _matchmaker(302)),
    ("coa.partners", "GET", None, _admin(200)),
    (
        "coa.update_partner",
        "POST",
        lambda w: {"partner_id": w.partner_id},
        _admin(302),
    ),
]
