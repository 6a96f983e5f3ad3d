"""The demo shows the glossary, public vacancy pages and a house style; loading twice adds nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from matching.taxonomy import load_taxonomy
from portal.demo import console as console_demo
from portal.demo import load_all
from portal.extensions import db
from portal.models import SkillLabel, Vacancy
from portal.services.console import theme
from portal.services.vacancies import public_postings


def test_demo_console_data_is_there_and_idempotent(app_ctx) -> None:
    load_all()
    db.session.commit()
    assert db.session.scalar(select(func.count(SkillLabel.id))) == len(
        console_demo.GLOSSARY
    )
    uri, (label, _alts) = next(iter(console_demo.GLOSSARY.items()))
    assert load_taxonomy().label(uri, "nl") == (label, "nl")
    assert len(public_postings.public_vacancies()) == console_demo.PUBLIC_POSTINGS
    assert theme.current() == "amstelveen"
    assert console_demo.load() == []
    assert (
        db.session.scalar(select(func.count(Vacancy.id)).where(Vacancy.public_posting))
        == console_demo.PUBLIC_POSTINGS
    )
