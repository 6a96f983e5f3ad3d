"""Human oversight: every proposal seen and every decision logged, overrides, off switch."""

from __future__ import annotations

from html import unescape

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    CandidateProfile,
    DecisionKind,
    Match,
    MatchStatus,
    Role,
    SuggestionDecision,
)
from portal.services.matches import decision_log, oversight
from tests.fixtures.actors import create_user
from tests.fixtures.oversight import switch_suggestions


def _records(app: Flask, kind: DecisionKind | None = None) -> list[SuggestionDecision]:
    with app.app_context():
        query = select(SuggestionDecision).order_by(SuggestionDecision.id)
        if kind is not None:
            query = query.where(SuggestionDecision.kind == kind)
        rows = list(db.session.scalars(query))
        db.session.expunge_all()
        return rows


def _shown_order(app: Flask) -> list[str]:
    rows = _records(app, DecisionKind.SHOWN)
    return [r.candidate_ref for r in sorted(rows, key=lambda r: r.rank)]


def _page(client, vacancy_id: int) -> str:
    return unescape(
        client.get(f"/matches/vacature/{vacancy_id}").get_data(as_text=True)
    )


def _url(world, ref: str, action: str) -> str:
    cid = world.ids[world.refs.index(ref)]
    return f"/matches/vacature/{world.vacancy_id}/kandidaat/{cid}/{action}"


def test_every_proposal_seen_is_logged_once_a_day(app, login, matchmaker, ranked_world):
    client = login(matchmaker)
    html = _page(client, ranked_world.vacancy_id)
    shown = _records(app, DecisionKind.SHOWN)
    assert len(shown) == 14
    assert sorted(r.rank for r in shown) == list(range(1, 15))
    first = min(shown, key=lambda r: r.rank)
    assert first.candidate_ref in html
    assert first.score
    assert first.score > 0
    assert any(p["code"] == "same_occupation" for p in first.parts)
    assert first.model == "weights"
    assert first.decided_by_id == matchmaker.id
    assert first.segment_completeness == "occupation"
    assert first.segment_dutch == "A2"
    assert first.segment_region == "1187"  # the reception centre's PC4 area
    _page(client, ranked_world.vacancy_id)  # the same list again: nothing new
    assert len(_records(app, DecisionKind.SHOWN)) == 14


def test_review_screen_warns_and_shows_matched_and_missing(
    login, matchmaker, ranked_world
):
    html = _page(login(matchmaker), ranked_world.vacancy_id)
    assert "De volgorde is een hulpmiddel, geen oordeel." in html
    assert "Past:" in html
    assert "Ontbreekt of zwak:" in html


def test_approval_is_recorded_with_rank_score_model_and_who(
    app, login, matchmaker, ranked_world
):
    client = login(matchmaker)
    _page(client, ranked_world.vacancy_id)
    ref = _shown_order(app)[1]
    response = client.post(_url(ranked_world, ref, "goedkeuren"), data={"note": ""})
    assert response.status_code == 302
    (record,) = _records(app, DecisionKind.APPROVED)
    assert record.candidate_ref == ref
    assert record.rank == 2
    assert record.model == "weights"
    assert record.decided_by_id == matchmaker.id
    assert record.score is not None
    assert record.parts
    assert record.override_reason is None


def test_rejecting_a_top_ranked_pair_needs_an_override_reason(
    app, login, matchmaker, ranked_world
):
    client = login(matchmaker)
    _page(client, ranked_world.vacancy_id)
    top = _shown_order(app)[0]
    url = _url(ranked_world, top, "afwijzen")
    form = unescape(client.get(url).get_data(as_text=True))
    assert "Afwijken van de volgorde" in form
    response = client.post(url, data={"reason_code": "hours"})
    assert response.status_code == 200
    assert "zeg waarom u het afwijst" in unescape(response.get_data(as_text=True))
    assert _records(app, DecisionKind.REJECTED) == []
    with app.app_context():
        assert db.session.scalar(select(Match)) is None

    response = client.post(
        url, data={"reason_code": "hours", "override_reason": "candidate_wishes"}
    )
    assert response.status_code == 302
    (record,) = _records(app, DecisionKind.REJECTED)
    assert record.rank == 1
    assert record.override_reason == "candidate_wishes"


def test_rejecting_lower_down_needs_no_override(app, login, matchmaker, ranked_world):
    client = login(matchmaker)
    _page(client, ranked_world.vacancy_id)
    fifth = _shown_order(app)[4]
    url = _url(ranked_world, fifth, "afwijzen")
    assert "Afwijken van de volgorde" not in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"reason_code": "hours"}).status_code == 302
    (record,) = _records(app, DecisionKind.REJECTED)
    assert record.rank == 5
    assert record.override_reason is None


def test_approving_a_low_ranked_pair_asks_why(app, login, matchmaker, ranked_world):
    client = login(matchmaker)
    _page(client, ranked_world.vacancy_id)
    low = _shown_order(app)[11]  # rank 12
    url = _url(ranked_world, low, "goedkeuren")
    response = client.post(url, data={"note": ""})
    assert response.status_code == 422
    page = unescape(response.get_data(as_text=True))
    assert "plaats 12" in page
    assert _records(app, DecisionKind.APPROVED) == []

    # "Other" needs a note, and the note may not identify the person.
    response = client.post(url, data={"override_reason": "other", "override_note": ""})
    assert response.status_code == 422
    assert "Licht de andere reden kort toe." in unescape(
        response.get_data(as_text=True)
    )
    response = client.post(
        url,
        data={"override_reason": "other", "override_note": "Bel hem op 0612345678"},
    )
    assert response.status_code == 422
    assert _records(app, DecisionKind.APPROVED) == []

    response = client.post(
        url,
        data={
            "override_reason": "knows_more",
            "override_note": "Heeft ook in een grootkeuken gewerkt.",
        },
    )
    assert response.status_code == 302
    (record,) = _records(app, DecisionKind.APPROVED)
    assert record.rank == 12
    assert record.override_reason == "knows_more"
    assert record.override_note == "Heeft ook in een grootkeuken gewerkt."
    with app.app_context():
        assert db.session.scalar(select(Match)).status == MatchStatus.APPROVED


def test_switched_off_the_portal_proposes_nothing_and_works_by_hand(
    app, login, matchmaker, admin, ranked_world
):
    switch_suggestions(app, False)
    client = login(matchmaker)
    html = _page(client, ranked_world.vacancy_id)
    assert "Automatische voorstellen staan uit" in html
    assert "Handmatig zoeken" in html
    assert not any(ref in html for ref in ranked_world.refs)
    assert _records(app, DecisionKind.SHOWN) == []
    candidate_page = unescape(
        client.get(f"/matches/kandidaat/{ranked_world.ids[0]}").get_data(as_text=True)
    )
    assert "Automatische voorstellen staan uit" in candidate_page
    # Manual look-up and decisions still work, logged as manual.
    ref = ranked_world.refs[0]
    looked_up = client.get(
        f"/matches/uitleg?candidate={ref}&vacancy={ranked_world.vacancy_ref}"
    )
    assert looked_up.status_code == 200
    assert (
        client.post(_url(ranked_world, ref, "goedkeuren"), data={}).status_code == 302
    )
    (record,) = _records(app, DecisionKind.APPROVED)
    assert record.model == "manual"
    assert record.rank is None


def test_admin_switches_proposals_off_in_the_settings(app, login, admin):
    client = login(admin)
    page = unescape(client.get("/beheer/instellingen/").get_data(as_text=True))
    assert "Automatische voorstellen" in page
    data = {
        "allow_non_shortage": "y",
        "disregard_rate": "0,25",
        "disregard_cap": "246,00",
        "economic_value": "536,79",
        "net_gross_ratio": "0,90",
    }
    assert client.post("/beheer/instellingen/", data=data).status_code == 302
    with app.app_context():
        assert oversight.suggestions_on() is False
    data["automated_suggestions"] = "y"
    client.post("/beheer/instellingen/", data=data)
    with app.app_context():
        assert oversight.suggestions_on() is True


def test_matches_page_shows_approval_rates_from_real_decisions(
    app, login, matchmaker, ranked_world
):
    client = login(matchmaker)
    _page(client, ranked_world.vacancy_id)
    order = _shown_order(app)
    client.post(_url(ranked_world, order[1], "goedkeuren"), data={})
    client.post(_url(ranked_world, order[4], "afwijzen"), data={"reason_code": "hours"})
    client.post(_url(ranked_world, order[5], "goedkeuren"), data={})
    with app.app_context():
        rates = oversight.approval_rates()
    bands = {r.group: (r.approved, r.rejected) for r in rates["rank"]}
    assert bands == {"1-3": (1, 0), "4-10": (1, 1)}
    (occupation,) = rates["completeness"]
    assert (occupation.group, occupation.approved, occupation.rejected) == (
        "occupation",
        2,
        1,
    )
    (centre,) = rates["region"]
    assert (centre.group, centre.approved, centre.rejected) == ("1187", 2, 1)
    html = unescape(client.get("/matches/").get_data(as_text=True))
    assert "Goedkeuringen per plaats en per groep" in html
    assert "plaats 4–10" in html
    assert "50 %" in html
    assert "met beroep" in html
    assert "AZC Kronenburg (1187 Amstelveen)" in html


def test_records_outlive_the_profile(app, login, matchmaker, ranked_world):
    client = login(matchmaker)
    _page(client, ranked_world.vacancy_id)
    with app.app_context():
        db.session.delete(db.session.get(CandidateProfile, ranked_world.ids[0]))
        db.session.commit()
    refs = {r.candidate_ref for r in _records(app, DecisionKind.SHOWN)}
    assert ranked_world.refs[0] in refs
    assert decision_log.RETENTION_DAYS >= 183


def test_oversight_pages_in_english(login, matchmaker, ranked_world):
    client = login(matchmaker)
    client.get("/taal/en")
    html = _page(client, ranked_world.vacancy_id)
    assert "The order is an aid, not a verdict." in html
    assert "Missing or weak:" in html
    assert "Approvals by rank and by group" in unescape(
        client.get("/matches/").get_data(as_text=True)
    )


def test_pair_look_up_warns_and_shows_criteria(login, matchmaker, ranked_world):
    client = login(matchmaker)
    html = unescape(
        client.get(
            f"/matches/uitleg?candidate={ranked_world.refs[-1]}"
            f"&vacancy={ranked_world.vacancy_ref}"
        ).get_data(as_text=True)
    )
    assert "De volgorde is een hulpmiddel, geen oordeel." in html
    assert "Past:" in html
    assert "Uren per week" in html.split("Ontbreekt of zwak:")[1]  # 14 of 32 hours


def _panel_order(html: str, world) -> list[str]:
    """The candidate refs of the proposals panel on the vacancy page, in order."""
    panel = html.split('id="match-suggestions-title"')[1].split("</section>")[0]
    found = [(panel.find(f">{ref}<"), ref) for ref in world.refs]
    return [ref for at, ref in sorted(found) if at >= 0]


def test_the_vacancy_page_panel_is_logged_with_its_ranks(
    app, login, matchmaker, ranked_world
):
    client = login(matchmaker)
    html = unescape(
        client.get(f"/vacatures/{ranked_world.vacancy_id}").get_data(as_text=True)
    )
    order = _panel_order(html, ranked_world)
    assert len(order) == 5
    shown = _records(app, DecisionKind.SHOWN)
    assert [r.candidate_ref for r in sorted(shown, key=lambda r: r.rank)] == order
    assert [r.rank for r in sorted(shown, key=lambda r: r.rank)] == [1, 2, 3, 4, 5]
    assert {r.model for r in shown} == {"weights"}
    assert {r.decided_by_id for r in shown} == {matchmaker.id}
    client.get(f"/vacatures/{ranked_world.vacancy_id}")  # same list again: nothing new
    assert len(_records(app, DecisionKind.SHOWN)) == 5


def test_rejecting_the_top_proposal_from_the_vacancy_panel_needs_a_reason(
    app, login, matchmaker, ranked_world
):
    """The panel's buttons lead to decisions that know their rank (no bypass)."""
    client = login(matchmaker)
    html = unescape(
        client.get(f"/vacatures/{ranked_world.vacancy_id}").get_data(as_text=True)
    )
    top, second = _panel_order(html, ranked_world)[:2]
    url = _url(ranked_world, top, "afwijzen")
    response = client.post(url, data={"reason_code": "hours"})
    assert response.status_code == 200
    assert "zeg waarom u het afwijst" in unescape(response.get_data(as_text=True))
    assert _records(app, DecisionKind.REJECTED) == []

    assert (
        client.post(
            url, data={"reason_code": "hours", "override_reason": "employer_wishes"}
        ).status_code
        == 302
    )
    assert (
        client.post(_url(ranked_world, second, "goedkeuren"), data={}).status_code
        == 302
    )
    (rejected,) = _records(app, DecisionKind.REJECTED)
    assert (rejected.candidate_ref, rejected.rank, rejected.model) == (
        top,
        1,
        "weights",
    )
    assert rejected.override_reason == "employer_wishes"
    (approved,) = _records(app, DecisionKind.APPROVED)
    assert (approved.candidate_ref, approved.rank) == (second, 2)


def test_a_decision_is_judged_on_the_list_its_maker_saw(
    app, login, matchmaker, ranked_world
):
    """A colleague who saw the pair lower down later does not lift the override."""
    client = login(matchmaker)
    _page(client, ranked_world.vacancy_id)
    top = _shown_order(app)[0]
    with app.app_context():
        colleague = create_user(Role.MATCHMAKER)
        db.session.commit()
        record = SuggestionDecision(
            kind=DecisionKind.SHOWN,
            vacancy_id=ranked_world.vacancy_id,
            candidate_id=ranked_world.ids[ranked_world.refs.index(top)],
            vacancy_ref=ranked_world.vacancy_ref,
            candidate_ref=top,
            rank=9,
            score=1.0,
            parts=[],
            model="weights",
            segment_completeness="occupation",
            segment_dutch="A2",
            segment_region="1187",
            decided_by_id=colleague.id,
        )
        db.session.add(record)
        db.session.commit()
    response = client.post(
        _url(ranked_world, top, "afwijzen"), data={"reason_code": "hours"}
    )
    assert response.status_code == 200
    assert _records(app, DecisionKind.REJECTED) == []
