"""The main navigation per role; an entry shows only once its page exists."""

from __future__ import annotations

from typing import NamedTuple

from flask import current_app, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l


class NavItem(NamedTuple):
    label: str
    url: str
    active: bool


#: (endpoint, label) per role, in menu order. Areas register their endpoints; missing ones are skipped.
MENU = {
    "employer": [
        ("employer.dashboard", _l("Overzicht")),
        ("vacancies.index", _l("Vacatures")),
        ("matches.employer_index", _l("Kandidaten")),
        ("twv.index", _l("Werkvergunningen")),
        ("auth.account", _l("Account")),
    ],
    "matchmaker": [
        ("matchmaker.dashboard", _l("Overzicht")),
        ("candidates.index", _l("Kandidaten")),
        ("vacancies.index", _l("Vacatures")),
        ("matches.index", _l("Matches")),
        ("journey.follow_up_list", _l("Nazorg")),
        ("twv.index", _l("Werkvergunningen")),
        ("coa.inbox", _l("Verwijzingen COA")),
        ("matchmaker.employers", _l("Werkgevers")),
        ("intermediary.index", _l("TWV-bureaus")),
        ("glossary.index", _l("Woordenlijst")),
        ("reports.index", _l("Evaluatie")),
        ("algorithm.notices", _l("Uitleg voor kandidaten")),
        ("auth.account", _l("Account")),
    ],
    "intermediary": [
        ("intermediary.dashboard", _l("Overzicht")),
        ("twv.index", _l("Werkvergunningen")),
        ("auth.account", _l("Account")),
    ],
    "admin": [
        ("admin.dashboard", _l("Overzicht")),
        ("admin.users", _l("Accounts")),
        ("settings.shortage", _l("Tekortberoepen")),
        ("settings.index", _l("Instellingen")),
        ("reports.index", _l("Evaluatie")),
        ("coa.partners", _l("COA-accounts")),
        ("admin.audit", _l("Auditlog")),
        ("admin.retention", _l("Bewaartermijn")),
        ("admin.house_style", _l("Huisstijl")),
        ("glossary.index", _l("Woordenlijst")),
        ("notifications.demo_mailbox", _l("Postvak")),
        ("auth.account", _l("Account")),
    ],
    "coa": [
        ("coa.dashboard", _l("Verwijzingen")),
        ("coa.refer", _l("Bewoner doorverwijzen")),
        ("auth.account", _l("Account")),
    ],
}


#: Blueprints whose pages are not one menu area (their pages mark only themselves current).
SHARED_AREAS = {"employer", "matchmaker", "admin", "auth", "intermediary", "coa"}


def navigation_for(user: object) -> list[NavItem]:
    """The menu of the user's role; one entry is current: the page itself, else its area."""
    if not getattr(user, "is_authenticated", False):
        return []
    endpoint_now = request.endpoint or ""
    entries = _menu(str(user.role))
    current = next((e for e, _, _ in entries if e == endpoint_now), None)
    if current is None:
        area_now = endpoint_now.split(".")[0]
        current = next(
            (
                e
                for e, _, _ in entries
                if area_now not in SHARED_AREAS and e.split(".")[0] == area_now
            ),
            None,
        )
    return [NavItem(label, url, e == current) for e, label, url in entries]


def _menu(role: str) -> tuple[tuple[str, str, str], ...]:
    """(endpoint, label, URL) of a role's menu in the page language, kept per app.

    The menu is the same on every page; building it (a translation and a ``url_for`` per
    entry) is done once per role, language and script root rather than on each request.
    """
    key = (role, str(get_locale()), request.script_root)
    cache: dict[tuple[str, str, str], tuple[tuple[str, str, str], ...]]
    cache = current_app.extensions.setdefault("werkbrug.menu", {})
    entries = cache.get(key)
    if entries is None:
        entries = cache[key] = tuple(
            (endpoint, str(label), url_for(endpoint))
            for endpoint, label in MENU.get(role, [])
            if endpoint in current_app.view_functions
        )
    return entries
