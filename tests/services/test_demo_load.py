"""`flask demo load` as one whole: a second load reports nothing and changes no table, and
the fixed references of the demo steps never collide."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.demo import candidates as candidates_demo
from portal.demo import intermediaries as intermediaries_demo
from portal.demo import journey as journey_demo
from portal.demo import load_all
from portal.demo import permits as permits_demo
from portal.demo import twv as twv_demo
from portal.extensions import db
from portal.models import CandidateProfile, Match, Vacancy


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _match_states() -> list[tuple[str, str, str]]:
    return sorted(
        db.session.execute(
            select(Vacancy.ref, CandidateProfile.ref, Match.status)
            .join(Match.vacancy)
            .join(Match.candidate)
        ).tuples()
    )


def test_a_second_demo_load_reports_and_changes_nothing(app_ctx) -> None:
    assert load_all()
    db.session.commit()
    before, states = _row_counts(), _match_states()
    # Every journey story ends in its own state, on its person's only match.
    stories = {story.ref: story.end for story in journey_demo.STORIES}
    told = sorted(
        (person, status) for _v, person, status in states if person in stories
    )
    assert told == sorted(stories.items())

    assert load_all() == []
    db.session.commit()

    assert _row_counts() == before
    assert _match_states() == states


def test_the_fixed_demo_references_are_unique() -> None:
    refs = [
        *candidates_demo.demo_refs(),
        *(s.ref for s in twv_demo.SCENARIOS),
        intermediaries_demo.PACKET_REF,
        permits_demo.INTAKE_REF,
        *(s.ref for s in journey_demo.STORIES),
    ]
    assert len(refs) == len(set(refs))
