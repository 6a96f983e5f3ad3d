"""Administration of accounts: list, roles, switching accounts off and on."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Role, User


def event(app, action):
    with app.app_context():
        return db.session.scalar(
            select(AuditEvent)
            .where(AuditEvent.action == action)
            .order_by(AuditEvent.id.desc())
        )


def test_admin_sees_every_account_with_role_and_status(
    login, admin, matchmaker, employer_user
):
    html = login(admin).get("/beheer/accounts").get_data(as_text=True)
    for user in (admin, matchmaker, employer_user):
        assert user.email in html
    assert "uw eigen account" in html
    assert f'action="/beheer/accounts/{matchmaker.id}/rol"' in html
    assert f'action="/beheer/accounts/{employer_user.id}/rol"' not in html


def test_admin_dashboard_links_to_accounts(login, admin):
    html = login(admin).get("/beheer/").get_data(as_text=True)
    assert 'href="/beheer/accounts"' in html


def test_role_change_is_audited_and_ends_the_sessions(app, login, admin, matchmaker):
    session_of_matchmaker = login(matchmaker)
    assert session_of_matchmaker.get("/werkplein/").status_code == 200
    response = login(admin).post(
        f"/beheer/accounts/{matchmaker.id}/rol", data={"role": "admin"}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, matchmaker.id).role == Role.ADMIN
    recorded = event(app, "user.role_changed")
    assert recorded.actor_id == admin.id
    assert recorded.object_id == matchmaker.id
    assert recorded.details == {"from": "matchmaker", "to": "admin"}
    assert session_of_matchmaker.get("/werkplein/").status_code == 302


def test_employer_accounts_keep_their_role(app, login, admin, employer_user):
    client = login(admin)
    response = client.post(
        f"/beheer/accounts/{employer_user.id}/rol", data={"role": "admin"}
    )
    assert response.status_code == 302
    assert "kan niet worden gewijzigd" in client.get("/beheer/accounts").get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(User, employer_user.id).role == Role.EMPLOYER
    assert event(app, "user.role_changed") is None


def test_admin_cannot_change_own_role_or_switch_self_off(app, login, admin):
    client = login(admin)
    client.post(f"/beheer/accounts/{admin.id}/rol", data={"role": "matchmaker"})
    client.post(f"/beheer/accounts/{admin.id}/actief")
    with app.app_context():
        user = db.session.get(User, admin.id)
        assert user.role == Role.ADMIN
        assert user.is_active
    assert client.get("/beheer/").status_code == 200


def test_deactivation_ends_the_sessions_at_once_and_is_audited(
    app, login, admin, employer_user
):
    employer_session = login(employer_user)
    assert employer_session.get("/werkgever/").status_code == 200
    response = login(admin).post(f"/beheer/accounts/{employer_user.id}/actief")
    assert response.status_code == 302
    assert employer_session.get("/werkgever/").status_code == 302
    assert event(app, "user.deactivated").object_id == employer_user.id
    login(admin).post(f"/beheer/accounts/{employer_user.id}/actief")
    with app.app_context():
        assert db.session.get(User, employer_user.id).is_active
    assert event(app, "user.activated").object_id == employer_user.id


def test_non_admins_cannot_manage_accounts(login, matchmaker, employer_user):
    client = login(matchmaker)
    assert client.get("/beheer/accounts").status_code == 403
    assert client.post(f"/beheer/accounts/{employer_user.id}/actief").status_code == 403
