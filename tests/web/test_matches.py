"""Match pages through the test client: proposals, look-up, decisions and the employer side."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import (
    AuditEvent,
    CandidateProfile,
    Match,
    MatchStatus,
    StatusChange,
    User,
    Vacancy,
)
from portal.services.candidates import relocations
from portal.services.matches import review as matches
from tests.fixtures.matches import create_match_profile, create_match_vacancy


def _match(app: Flask, vacancy_id: int, candidate_id: int) -> Match | None:
    with app.app_context():
        return db.session.scalar(
            select(Match).where(
                Match.vacancy_id == vacancy_id, Match.candidate_id == candidate_id
            )
        )


def _approve(
    app: Flask, world: SimpleNamespace, matchmaker: User, profile_id: int
) -> int:
    with app.app_context():
        match = matches.approve(
            db.session.get(Vacancy, world.vacancy_id),
            db.session.get(CandidateProfile, profile_id),
            by=db.session.get(User, matchmaker.id),
        )
        db.session.commit()
        return match.id


# -- proposals ----------------------------------------------------------------------------
def test_matchmaker_sees_proposals_with_reasons(login, matchmaker, match_world) -> None:
    html = (
        login(matchmaker)
        .get(f"/matches/vacature/{match_world.vacancy_id}")
        .get_data(as_text=True)
    )
    assert match_world.near_ref in html
    assert "Zelfde beroep: kok" in html
    assert "(+25)" in html
    assert "Afstand tot de werkplek: 4 km" in html
    # Blocked pairs are never listed.
    assert match_world.far_ref not in html
    assert match_world.no_consent_ref not in html


def test_vacancy_page_includes_the_proposals_for_matchmakers_only(
    login, matchmaker, employer_user, match_world
) -> None:
    url = f"/vacatures/{match_world.vacancy_id}"
    html = login(matchmaker).get(url).get_data(as_text=True)
    assert "Voorgestelde kandidaten" in html
    assert match_world.near_ref in html
    assert "Zelfde beroep" in html

    html = login(employer_user).get(url).get_data(as_text=True)
    assert "Voorgestelde kandidaten" not in html
    assert match_world.near_ref not in html


def test_proposals_in_english(login, matchmaker, match_world) -> None:
    client = login(matchmaker)
    client.get("/taal/en")
    html = client.get(f"/matches/vacature/{match_world.vacancy_id}").get_data(
        as_text=True
    )
    assert "Same occupation: cook" in html
    assert "Distance to the workplace: 4 km" in html


def test_second_page_view_reuses_the_index_until_a_profile_changes(
    app, login, matchmaker, match_world
) -> None:
    client = login(matchmaker)
    url = f"/matches/vacature/{match_world.vacancy_id}"
    client.get(url)
    client.get(url)
    cache = app.extensions["portal.matching_index"]
    assert (cache.builds["candidates"], cache.updates) == (1, 0)

    with app.app_context():
        create_match_profile(ref="WB-NEW1")
        db.session.commit()
    html = client.get(url).get_data(as_text=True)

    # The new profile is added to the index without featurising the others again.
    assert (cache.builds["candidates"], cache.updates) == (1, 1)
    assert "WB-NEW1" in html


def test_candidate_page_lists_vacancies(login, matchmaker, match_world) -> None:
    html = (
        login(matchmaker)
        .get(f"/matches/kandidaat/{match_world.near_id}")
        .get_data(as_text=True)
    )
    assert match_world.vacancy_ref in html
    assert "Zelfde beroep: kok" in html


def test_unknown_vacancy_is_404(login, matchmaker) -> None:
    assert login(matchmaker).get("/matches/vacature/999").status_code == 404


# -- look-up ----------------------------------------------------------------------------
def test_explain_shows_the_hard_rule_of_a_blocked_pair(
    login, matchmaker, match_world
) -> None:
    html = (
        login(matchmaker)
        .get(
            "/matches/uitleg",
            query_string={
                "candidate": match_world.far_ref,
                "vacancy": match_world.vacancy_ref,
            },
        )
        .get_data(as_text=True)
    )
    assert "Niet voorgesteld: harde regels" in html
    assert "de kandidaat reist maximaal 25 km" in html
    assert "geblokkeerd" in html
    assert "Goedkeuren" not in html


def test_explain_shows_missing_consent(login, matchmaker, match_world) -> None:
    html = (
        login(matchmaker)
        .get(
            "/matches/uitleg",
            query_string={
                "candidate": match_world.no_consent_ref.lower(),
                "vacancy": match_world.vacancy_ref,
            },
        )
        .get_data(as_text=True)
    )
    assert "Geen geldige toestemming van de kandidaat" in html


def test_explain_shows_the_score_of_a_good_pair(login, matchmaker, match_world) -> None:
    html = (
        login(matchmaker)
        .get(
            "/matches/uitleg",
            query_string={
                "candidate": match_world.near_ref,
                "vacancy": match_world.vacancy_ref,
            },
        )
        .get_data(as_text=True)
    )
    assert "Score:" in html
    assert "Zelfde beroep: kok" in html
    assert "harde regels" not in html


@pytest.mark.parametrize(
    ("facts", "dutch", "english"),
    [
        (
            {"accelerated_procedure": True},
            "Asielaanvraag in een versnelde procedure: sinds 12 juni 2026 mag de "
            "kandidaat dan niet werken",
            "Asylum application in an accelerated procedure: since 12 June 2026 the "
            "candidate may not work then",
        ),
        (
            {"in_coa_reception": False},
            "Woont niet (meer) in de opvang van het COA",
            "No longer lives in COA reception",
        ),
    ],
    ids=["accelerated", "left_reception"],
)
def test_explain_names_the_twv_gate_s_block(
    app, login, matchmaker, match_world, facts, dutch, english
) -> None:
    with app.app_context():
        ref = create_match_profile(**facts).ref
        db.session.commit()
    client = login(matchmaker)
    query = {"candidate": ref, "vacancy": match_world.vacancy_ref}

    html = client.get("/matches/uitleg", query_string=query).get_data(as_text=True)
    assert "Niet voorgesteld: harde regels" in html
    assert dutch in html
    assert "Goedkeuren" not in html
    client.get("/taal/en")
    html = client.get("/matches/uitleg", query_string=query).get_data(as_text=True)
    assert english in html
    # Never among the proposals either.
    proposals = client.get(f"/matches/vacature/{match_world.vacancy_id}")
    assert ref not in proposals.get_data(as_text=True)


def test_a_day_s_pages_share_one_candidate_index(
    app, login, matchmaker, match_world
) -> None:
    """Suggestions for vacancies starting now and much later, the pair look-up and a
    person's suggestions all rank on today's one index: only ``as_of`` (today) is part
    of it, start days and moves apply when ranking."""
    with app.app_context():
        employer = db.session.get(Vacancy, match_world.vacancy_id).employer
        later = create_match_vacancy(employer, start_in_days=300)
        soon = create_match_vacancy(employer, start_in_days=0)
        profile = db.session.get(CandidateProfile, match_world.near_id)
        relocations.record_relocation(
            profile,
            moved_on=profile.available_from + timedelta(days=100),
            reception_centre="AZC Groningen",
            pc4="9711",
            by=db.session.get(User, matchmaker.id),
        )
        db.session.commit()
        ids, refs = (later.id, soon.id), (later.ref, soon.ref)
    client = login(matchmaker)
    client.get(f"/matches/vacature/{match_world.vacancy_id}")
    builds = app.extensions["portal.matching_index"].builds["candidates"]

    for vacancy_id, ref in zip(ids, refs, strict=True):
        assert client.get(f"/matches/vacature/{vacancy_id}").status_code == 200
        look_up = {"candidate": match_world.near_ref, "vacancy": ref}
        assert client.get("/matches/uitleg", query_string=look_up).status_code == 200
    assert client.get(f"/matches/kandidaat/{match_world.near_id}").status_code == 200
    html = client.get(f"/matches/vacature/{ids[0]}").get_data(as_text=True)

    # After the move the person lives too far for the later vacancy.
    assert match_world.near_ref not in html
    cache = app.extensions["portal.matching_index"]
    assert (cache.builds["candidates"], cache.updates) == (builds, 0)


def test_explain_with_unknown_refs_shows_field_errors(login, matchmaker) -> None:
    response = login(matchmaker).get(
        "/matches/uitleg", query_string={"candidate": "WB-NOPE", "vacancy": "V-NOPE"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Geen kandidaat met deze referentie." in html
    assert "Geen vacature met deze referentie." in html


@pytest.mark.parametrize("query", ["", "?candidate=WB-ABCD"])
def test_explain_without_a_full_pair_shows_the_form_without_errors(
    login, matchmaker, query
) -> None:
    html = login(matchmaker).get("/matches/uitleg" + query).get_data(as_text=True)
    assert "Uitleg tonen" in html
    assert "Er is een probleem" not in html


# -- decisions ---------------------------------------------------------------------------
def test_approve_from_the_proposals(app, login, matchmaker, match_world) -> None:
    response = login(matchmaker).post(
        f"/matches/vacature/{match_world.vacancy_id}/kandidaat/{match_world.near_id}/goedkeuren"
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/matches/vacature/{match_world.vacancy_id}"
    )
    assert (
        _match(app, match_world.vacancy_id, match_world.near_id).status
        == MatchStatus.APPROVED
    )


def test_approve_returns_to_a_local_next_only(login, matchmaker, match_world) -> None:
    base = f"/matches/vacature/{match_world.vacancy_id}/kandidaat/{match_world.near_id}/bewaren"
    client = login(matchmaker)
    assert (
        client.post(base + "?next=/vacatures/1").headers["Location"] == "/vacatures/1"
    )
    response = client.post(base + "?next=//evil.example/")
    assert "evil" not in response.headers["Location"]


def test_approving_a_blocked_pair_is_refused(
    app, login, matchmaker, match_world
) -> None:
    response = login(matchmaker).post(
        f"/matches/vacature/{match_world.vacancy_id}/kandidaat/{match_world.far_id}/goedkeuren",
        follow_redirects=True,
    )
    assert "een harde regel houdt het tegen" in response.get_data(as_text=True)
    assert _match(app, match_world.vacancy_id, match_world.far_id) is None


def test_reject_needs_a_reason(app, login, matchmaker, match_world) -> None:
    url = f"/matches/vacature/{match_world.vacancy_id}/kandidaat/{match_world.near_id}/afwijzen"
    client = login(matchmaker)
    page = client.get(url).get_data(as_text=True)
    assert "Taalniveau past niet" in page

    response = client.post(url, data={})
    assert response.status_code == 200
    assert "Kies een reden." in response.get_data(as_text=True)

    response = client.post(url, data={"reason_code": "other"})
    assert "Licht de andere reden kort toe." in response.get_data(as_text=True)
    assert _match(app, match_world.vacancy_id, match_world.near_id) is None

    response = client.post(url, data={"reason_code": "hours"})
    assert response.status_code == 302
    match = _match(app, match_world.vacancy_id, match_world.near_id)
    assert (match.status, match.reason_code) == (MatchStatus.REJECTED, "hours")


def test_match_detail_shows_history_and_introduction(
    app, login, matchmaker, employer_user, match_world
) -> None:
    match_id = _approve(app, match_world, matchmaker, match_world.near_id)
    assert (
        login(employer_user).post(f"/matches/{match_id}/uitnodigen").status_code == 302
    )
    client = login(matchmaker)
    html = client.get(f"/matches/{match_id}").get_data(as_text=True)
    assert "Kennismaking vastleggen" in html
    assert "uitgenodigd" in html

    response = client.post(
        f"/matches/{match_id}/voorgesteld", data={"note": "Dinsdag 10 uur"}
    )

    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Match, match_id).status == MatchStatus.INTRODUCED
        change = db.session.scalars(
            select(StatusChange).where(StatusChange.to_state == "introduced")
        ).one()
        assert change.note == "Dinsdag 10 uur"


def test_review_list_shows_open_matches(app, login, matchmaker, match_world) -> None:
    _approve(app, match_world, matchmaker, match_world.near_id)
    html = login(matchmaker).get("/matches/").get_data(as_text=True)
    assert "Goedgekeurd, wacht op de werkgever" in html
    assert match_world.near_ref in html


def test_reranker_page_says_which_order_is_used(login, matchmaker) -> None:
    html = login(matchmaker).get("/matches/herordening").get_data(as_text=True)
    assert "vaste gewichten" in html
    assert "te weinig beslissingen" in html


# -- employer ---------------------------------------------------------------------------------
def test_employer_sees_only_approved_candidates(
    app, login, matchmaker, employer_user, match_world
) -> None:
    client = login(employer_user)
    assert match_world.near_ref not in client.get("/matches/werkgever").get_data(
        as_text=True
    )

    match_id = _approve(app, match_world, matchmaker, match_world.near_id)
    html = client.get("/matches/werkgever").get_data(as_text=True)

    assert match_world.near_ref in html
    assert f"/matches/werkgever/{match_id}" in html


def test_employer_menu_links_to_candidates(login, employer_user) -> None:
    html = login(employer_user).get("/werkgever/").get_data(as_text=True)
    assert 'href="/matches/werkgever"' in html


def test_unverified_employer_sees_a_notice(login, unverified_employer_user) -> None:
    html = (
        login(unverified_employer_user).get("/matches/werkgever").get_data(as_text=True)
    )
    assert "Uw organisatie wordt nog gecontroleerd" in html


def test_employer_candidate_page_is_anonymous_and_logged(
    app, login, matchmaker, employer_user, match_world
) -> None:
    with app.app_context():
        profile = create_match_profile(
            identity=True, reception_centre="AZC Geheimplaats"
        )
        db.session.commit()
        profile_id, ref = profile.id, profile.ref
    match_id = _approve(app, match_world, matchmaker, profile_id)

    response = login(employer_user).get(f"/matches/werkgever/{match_id}")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert ref in html
    for secret in ("Testpersoon Geheim", "Eritrea", "AZC Geheimplaats"):
        assert secret not in html
    # Numbers as words of the page's text: a reference such as WB-M1187 or an id in
    # a link may hold the same digits without saying anything.
    text = re.sub(r"<[^>]*>", " ", html)
    for number in ("1234567890", "1187"):
        assert not re.search(rf"\b{number}\b", text), number
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "profile.view")
        ).one()
        assert (event.actor_id, event.object_id) == (employer_user.id, profile_id)


def test_other_employer_gets_404(
    app, login, matchmaker, other_employer_user, match_world
) -> None:
    match_id = _approve(app, match_world, matchmaker, match_world.near_id)
    assert (
        login(other_employer_user).get(f"/matches/werkgever/{match_id}").status_code
        == 404
    )


def test_profile_views_are_rate_limited(
    app, login, matchmaker, employer_user, match_world
) -> None:
    match_id = _approve(app, match_world, matchmaker, match_world.near_id)
    client = login(employer_user)
    statuses = [
        client.get(f"/matches/werkgever/{match_id}").status_code for _ in range(61)
    ]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429


def test_employer_invites_and_declines_with_a_reason(
    app, login, matchmaker, employer_user, match_world
) -> None:
    match_id = _approve(app, match_world, matchmaker, match_world.near_id)
    client = login(employer_user)

    assert client.post(f"/matches/{match_id}/uitnodigen").status_code == 302
    response = client.post(f"/matches/{match_id}/afzeggen", data={})
    assert response.status_code == 200
    assert "Kies een reden." in response.get_data(as_text=True)

    response = client.post(
        f"/matches/{match_id}/afzeggen", data={"reason_code": "vacancy_filled"}
    )

    assert response.status_code == 302
    with app.app_context():
        match = db.session.get(Match, match_id)
        assert (match.status, match.reason_code) == (
            MatchStatus.DECLINED,
            "vacancy_filled",
        )
    # A declined candidate disappears from the employer's list and page.
    assert client.get(f"/matches/werkgever/{match_id}").status_code == 404


def test_invite_twice_is_refused_without_error(
    app, login, matchmaker, employer_user, match_world
) -> None:
    match_id = _approve(app, match_world, matchmaker, match_world.near_id)
    client = login(employer_user)
    client.post(f"/matches/{match_id}/uitnodigen")
    response = client.post(f"/matches/{match_id}/uitnodigen", follow_redirects=True)
    assert response.status_code == 200
    # The second click is refused and says who decided first, never an error page.
    assert "Dit is al besloten door" in response.get_data(as_text=True)
