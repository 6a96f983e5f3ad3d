"""The support page records volunteer work with the organisation's declaration and shows
what rule F1 says about it."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from portal.extensions import db
from portal.models import VolunteerDeclaration
from portal.services.candidates import profiles as candidates
from tests.fixtures.candidates import create_profile

TODAY = candidates.local_today().isoformat()


def test_volunteer_work_with_a_commercial_organisation_is_flagged(
    app, login, matchmaker
):
    with app.app_context():
        profile_id = create_profile().id
        db.session.commit()
    client = login(matchmaker)
    url = f"/kandidaten/{profile_id}/ondersteuning"
    page = unescape(client.get(url).get_data(as_text=True))
    assert "Alleen bij vrijwilligerswerk" in page
    missing = client.post(url, data={"done_on": TODAY, "type": "volunteer_declaration"})
    assert missing.status_code == 200
    errors = unescape(missing.get_data(as_text=True))
    assert "Vul de naam van de organisatie in." in errors
    assert "Kies of de organisatie een winstoogmerk heeft." in errors
    done = client.post(
        url,
        data={
            "done_on": TODAY,
            "type": "volunteer_declaration",
            "volunteer_organisation": "Kringloop BV",
            "volunteer_status": "held",
            "volunteer_for_profit": "yes",
        },
        follow_redirects=True,
    )
    shown = unescape(done.get_data(as_text=True))
    assert "Een commerciële organisatie mag geen vrijwilligers laten werken." in shown
    assert "Kringloop BV" in shown
    assert "mag niet" in shown
    with app.app_context():
        row = db.session.scalars(select(VolunteerDeclaration)).one()
        assert (row.status, row.for_profit) == ("held", True)
