"""The log of proposals shown: one statement, segments as the evaluation names them."""

from __future__ import annotations

from sqlalchemy import event, select

from portal.extensions import db
from portal.models import DecisionKind, Role, SuggestionDecision
from portal.services.candidates import retention
from portal.services.matches import decision_log, oversight
from portal.services.matches.ranking import Suggestion
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.matches import (
    ESCO_COOK,
    create_match_profile,
    create_match_vacancy,
)

SKILL = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


def _profiles():
    """One profile per completeness segment and Dutch band, in two centres."""
    return [
        create_match_profile(languages={"nl": "B2"}),
        create_match_profile(occupations=(), skills=(SKILL,), languages={"nl": "A1"}),
        create_match_profile(occupations=(), languages={}, pc4="1011"),
        create_match_profile(occupations=(), summary="  ", languages={"nl": "A2"}),
    ]


def test_shown_rows_carry_the_segments_of_the_evaluation(app_ctx):
    """The SQL that logs a list gives each person the same segments as the Python."""
    by = create_user(Role.MATCHMAKER)
    vacancy = create_match_vacancy(create_employer())
    profiles = _profiles()
    items = [
        Suggestion(p.id, vacancy.id, p.ref, vacancy.ref, 10.0 - n, ())
        for n, p in enumerate(profiles)
    ]
    assert decision_log.record_shown(items, model="weights", by=by) == 4
    rows = {
        r.candidate_id: r
        for r in db.session.scalars(
            select(SuggestionDecision).where(
                SuggestionDecision.kind == DecisionKind.SHOWN
            )
        )
    }
    seen = []
    for rank, profile in enumerate(profiles, start=1):
        row = rows[profile.id]
        expected = decision_log.profile_segments(profile)
        got = {
            "completeness": row.segment_completeness,
            "dutch": row.segment_dutch,
            "region": row.segment_region,
        }
        assert got == expected
        assert (row.rank, row.candidate_ref, row.vacancy_ref) == (
            rank,
            profile.ref,
            vacancy.ref,
        )
        seen.append((got["completeness"], got["dutch"], got["region"]))
    assert seen == [
        ("occupation", "B1+", "1187"),
        ("skills_only", "A1", "1187"),
        ("text_only", "geen", "1011"),
        ("empty", "A2", "1187"),
    ]


def test_a_list_is_logged_in_one_statement_and_only_once_a_day(app_ctx):
    by = create_user(Role.MATCHMAKER)
    vacancy = create_match_vacancy(create_employer())
    profiles = [create_match_profile(occupations=((ESCO_COOK, 2.0),)) for _ in range(6)]
    items = [
        Suggestion(p.id, vacancy.id, p.ref, vacancy.ref, 9.0 - n, ())
        for n, p in enumerate(profiles)
    ]
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    db.session.flush()
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        written = decision_log.record_shown(items, model="weights", by=by)
        again = decision_log.record_shown(items, model="weights", by=by)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert (written, again) == (6, 0)
    assert len(statements) == 2
    # A new order is a new list: the moved pairs are logged at their new rank.
    swapped = [items[1], items[0], *items[2:]]
    assert decision_log.record_shown(swapped, model="weights", by=by) == 2


def test_anonymising_a_person_clears_the_override_notes_about_them(app_ctx):
    """Retention removes the free text of the decision log; the coded reason stays."""
    by = create_user(Role.MATCHMAKER)
    vacancy = create_match_vacancy(create_employer())
    gone, other = create_match_profile(), create_match_profile()
    for profile in (gone, other):
        oversight.record_decision(
            DecisionKind.APPROVED,
            vacancy,
            profile,
            by=by,
            explanation=None,
            rank=12,
            override_reason="knows_more",
            override_note="Werkte drie jaar in de keuken van een hotel.",
        )
    retention.anonymise(gone, by=by, reason="retention")
    db.session.expire_all()
    notes = {
        r.candidate_id: (r.override_reason, r.override_note)
        for r in db.session.scalars(select(SuggestionDecision))
    }
    assert notes[gone.id] == ("knows_more", None)
    assert notes[other.id] == (
        "knows_more",
        "Werkte drie jaar in de keuken van een hotel.",
    )
