"""NL Design System components and the municipality's theme (an admin setting)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from portal.extensions import db
from portal.models import AuditEvent

ROOT = Path(__file__).resolve().parents[2]


def html_class(client, path: str = "/account/inloggen") -> str:
    page = client.get(path).get_data(as_text=True)
    classes = re.search(r'<body class="([^"]+)"', page).group(1).split()
    return next(c for c in classes if c.startswith("werkbrug-theme-"))


def test_neutral_by_default_and_an_admin_chooses_the_municipality(
    app, client, login, admin
):
    assert html_class(client) == "werkbrug-theme-neutral"
    admin_client = login(admin)
    page = admin_client.get("/beheer/huisstijl").get_data(as_text=True)
    assert 'value="amsterdam"' in page
    response = admin_client.post("/beheer/huisstijl", data={"theme": "amsterdam"})
    assert response.status_code == 302
    assert html_class(client) == "werkbrug-theme-amsterdam"
    with app.app_context():
        event = db.session.query(AuditEvent).filter_by(action="settings.changed").one()
        assert event.details == {"key": "theme", "from": None, "to": "amsterdam"}


def test_an_unknown_theme_is_a_field_error(login, admin):
    response = login(admin).post("/beheer/huisstijl", data={"theme": "utrecht"})
    assert response.status_code == 200
    assert "error-summary" in response.get_data(as_text=True)


def test_pages_use_the_utrecht_components_served_by_the_portal(client):
    page = client.get("/account/inloggen").get_data(as_text=True)
    assert "/static/vendor/utrecht-components.css" in page
    assert "utrecht-form-field" in page
    assert "utrecht-textbox utrecht-textbox--html-input" in page
    assert "utrecht-button utrecht-button--primary-action" in page
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", page.split("<body")[0])
    with client.get("/static/vendor/utrecht-components.css") as css:
        assert css.status_code == 200
        assert "EUPL-1.2" in css.get_data(as_text=True)[:400]


def test_every_theme_class_exists_in_the_stylesheet():
    from portal.services.console import theme

    css = (ROOT / "portal" / "static" / "css" / "themes.css").read_text()
    for name in theme.THEMES:
        assert f".werkbrug-theme-{name} {{" in css


@pytest.mark.skipif(
    not (ROOT / "node_modules" / "@utrecht" / "component-library-css").exists(),
    reason="node_modules not installed (make vendor installs it)",
)
def test_the_committed_components_are_a_fresh_build_of_the_npm_package():
    spec = importlib.util.spec_from_file_location(
        "build_vendor", ROOT / "scripts" / "build_vendor.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0
