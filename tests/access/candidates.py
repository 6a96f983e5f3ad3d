"""Access rules for the candidate area: matchmakers only (admins and employers get 403)."""

from types import SimpleNamespace

from portal.extensions import db
from portal.models import SupportActivity, SupportType
from portal.services.candidates.profiles import local_today
from tests.fixtures.candidates import create_profile


def world(actors: SimpleNamespace) -> SimpleNamespace:
    profile = create_profile()
    activity = SupportActivity(done_on=local_today(), type=SupportType.INTAKE, note="")
    profile.support_activities.append(activity)
    db.session.flush()
    return SimpleNamespace(profile_id=profile.id, activity_id=activity.id)


def _only_matchmaker(status: int) -> dict[str, int]:
    return {
        "anonymous": 302,
        "employer": 403,
        "other_employer": 403,
        "unverified_employer": 403,
        "matchmaker": status,
        "admin": 403,
        "intermediary": 403,
        "coa": 403,
    }


def _profile(w: SimpleNamespace) -> dict[str, int]:
    return {"profile_id": w.profile_id}


RULES = [
    ("candidates.index", "GET", None, _only_matchmaker(200)),
    ("candidates.new", "GET", None, _only_matchmaker(200)),
    ("candidates.new", "POST", None, _only_matchmaker(200)),
    ("candidates.detail", "GET", _profile, _only_matchmaker(200)),
    ("candidates.edit", "GET", _profile, _only_matchmaker(200)),
    ("candidates.edit", "POST", _profile, _only_matchmaker(200)),
    ("candidates.status", "GET", _profile, _only_matchmaker(200)),
    ("candidates.status", "POST", _profile, _only_matchmaker(200)),
    ("candidates.consent", "GET", _profile, _only_matchmaker(200)),
    ("candidates.consent", "POST", _profile, _only_matchmaker(200)),
    ("candidates.consent_withdraw", "POST", _profile, _only_matchmaker(302)),
    ("candidates.outcome", "GET", _profile, _only_matchmaker(200)),
    ("candidates.outcome", "POST", _profile, _only_matchmaker(302)),
    ("candidates.identity_view", "GET", _profile, _only_matchmaker(200)),
    ("candidates.identity_edit", "GET", _profile, _only_matchmaker(200)),
    ("candidates.identity_edit", "POST", _profile, _only_matchmaker(200)),
    ("candidates.erase", "GET", _profile, _only_matchmaker(200)),
    ("candidates.erase", "POST", _profile, _only_matchmaker(200)),
    ("candidates.support", "GET", _profile, _only_matchmaker(200)),
    ("candidates.support", "POST", _profile, _only_matchmaker(200)),
    (
        "candidates.support_remove",
        "POST",
        lambda w: {"profile_id": w.profile_id, "activity_id": w.activity_id},
        _only_matchmaker(302),
    ),
    ("candidates.relocations", "GET", _profile, _only_matchmaker(200)),
    ("candidates.relocations", "POST", _profile, _only_matchmaker(200)),
    ("candidates.import_profiles", "GET", None, _only_matchmaker(200)),
    ("candidates.import_profiles", "POST", None, _only_matchmaker(200)),
    ("candidates.export", "GET", lambda w: {"fmt": "jsonl"}, _only_matchmaker(200)),
]
