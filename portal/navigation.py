"""The main navigation per role; an entry shows only once its page exists."""

from __future__ import annotations

from typing import NamedTuple

from flask import current_app, request, url_for
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
        ("employer.candidates", _l("Kandidaten")),
        ("twv.index", _l("Werkvergunningen")),
        ("auth.account", _l("Account")),
    ],
    "matchmaker": [
        ("matchmaker.dashboard", _l("Overzicht")),
        ("candidates.index", _l("Kandidaten")),
        ("vacancies.index", _l("Vacatures")),
        ("twv.index", _l("Werkvergunningen")),
        ("matchmaker.employers", _l("Werkgevers")),
        ("reports.index", _l("Evaluatie")),
        ("auth.account", _l("Account")),
    ],
    "admin": [
        ("admin.dashboard", _l("Overzicht")),
        ("admin.users", _l("Accounts")),
        ("admin.shortage", _l("Tekortberoepen")),
        ("admin.settings", _l("Instellingen")),
        ("auth.account", _l("Account")),
    ],
}


def navigation_for(user: object) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    endpoint_now = request.endpoint or ""
    for endpoint, label in MENU.get(str(user.role), []):
        if endpoint in current_app.view_functions:
            area = endpoint.split(".")[0]
            active = endpoint_now == endpoint or (
                area not in {"employer", "matchmaker", "admin", "auth"}
                and endpoint_now.startswith(area + ".")
            )
            items.append(NavItem(str(label), url_for(endpoint), active))
    return items
