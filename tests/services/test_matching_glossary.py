"""The shared matching index follows the glossary: a label change is part of its
fingerprint, and every build applies the database's glossary first (a page, or the
``flask matching index`` command outside any request).

A summary that names a skill by a glossary label counts the skill as listed, so the
person's essential-skills reason for a vacancy needing that skill shows whether the
index was featurised with the label.
"""

from __future__ import annotations

from sqlalchemy import delete, insert

from portal.extensions import db
from portal.models import CandidateProfile, Role, SkillLabel, Vacancy
from portal.services.glossary import labels
from portal.services.matches import ranking as matching_service
from portal.services.matches.index_files import folder_for
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.glossary import UNTRANSLATED_SKILL
from tests.fixtures.matches import create_match_profile, create_match_vacancy

#: Words in no shipped label of UNTRANSLATED_SKILL, Dutch or English.
GLOSSARY_LABEL = "voedingswaarde van voedsel bepalen"
SUMMARY = "Kok. Zij kan de voedingswaarde van voedsel bepalen."


def _world() -> tuple[Vacancy, CandidateProfile]:
    employer = create_employer()
    vacancy = create_match_vacancy(employer, essential_skills=(UNTRANSLATED_SKILL,))
    profile = create_match_profile(summary=SUMMARY)
    return vacancy, profile


def _skill_counts(vacancy: Vacancy, profile: CandidateProfile) -> bool:
    """Whether the person is ranked with the glossary skill as one of theirs."""
    items = matching_service.rank_candidates(vacancy).items
    (mine,) = [s for s in items if s.candidate_id == profile.id]
    essential = [r for r in mine.reasons if r.code == "essential_skills"]
    return any(UNTRANSLATED_SKILL in r.params.get("listed", []) for r in essential)


def _label_behind_the_process_s_back() -> None:
    """A glossary row written as another process would: this one's taxonomy lacks it."""
    db.session.execute(
        insert(SkillLabel).values(skill_uri=UNTRANSLATED_SKILL, label_nl=GLOSSARY_LABEL)
    )
    db.session.commit()


def test_a_glossary_change_rebuilds_the_index_with_the_label(app_ctx) -> None:
    vacancy, profile = _world()
    staff = create_user(Role.MATCHMAKER)
    db.session.commit()
    labels.apply()
    cache = matching_service.index_cache()

    assert not _skill_counts(vacancy, profile)
    labels.save_label(UNTRANSLATED_SKILL, GLOSSARY_LABEL, by=staff)
    db.session.commit()
    assert _skill_counts(vacancy, profile)
    assert cache.builds["candidates"] == 2
    manifest = folder_for(app_ctx).read_manifest()
    assert manifest is not None
    assert manifest.glossary

    entry = labels.entry_for(UNTRANSLATED_SKILL)
    assert entry is not None
    labels.delete_label(entry, by=staff)
    db.session.commit()
    assert not _skill_counts(vacancy, profile)
    assert cache.builds["candidates"] == 3


def test_a_label_from_another_process_is_applied_before_the_build(app_ctx) -> None:
    vacancy, profile = _world()
    db.session.commit()
    labels.apply()
    assert not _skill_counts(vacancy, profile)

    _label_behind_the_process_s_back()

    # No request started here, so nothing refreshed the glossary: the index does.
    assert _skill_counts(vacancy, profile)


def test_a_glossary_change_is_not_patched_into_an_update(app_ctx) -> None:
    """A new label may concern any summary: the index is rebuilt, never updated."""
    vacancy, _ = _world()
    db.session.commit()
    labels.apply()
    matching_service.rank_candidates(vacancy)
    cache = matching_service.index_cache()

    _label_behind_the_process_s_back()
    matching_service.rank_candidates(vacancy)

    assert (cache.builds["candidates"], cache.updates) == (2, 0)


def test_the_vacancy_index_follows_the_glossary(app_ctx) -> None:
    vacancy, profile = _world()
    db.session.commit()
    labels.apply()
    matching_service.rank_vacancies(profile)
    cache = matching_service.index_cache()
    assert cache.builds["vacancies"] == 1

    _label_behind_the_process_s_back()
    items = matching_service.rank_vacancies(profile).items

    assert cache.builds["vacancies"] == 2
    (mine,) = [s for s in items if s.vacancy_id == vacancy.id]
    essential = next(r for r in mine.reasons if r.code == "essential_skills")
    assert UNTRANSLATED_SKILL in essential.params["listed"]


def test_the_cron_command_applies_the_glossary_first(app) -> None:
    with app.app_context():
        vacancy, profile = _world()
        db.session.commit()
        ids = (vacancy.id, profile.id)
        labels.forget()  # this process has never read the glossary
        _label_behind_the_process_s_back()

    result = app.test_cli_runner().invoke(args=["matching", "index"])
    assert result.exit_code == 0, result.output
    assert "gebouwd: 1 profielen" in result.output

    with app.app_context():
        # A fresh process maps the files the command wrote, without building.
        labels.forget()
        app.extensions.pop("portal.matching_index", None)
        vacancy = db.session.get(Vacancy, ids[0])
        profile = db.session.get(CandidateProfile, ids[1])
        assert _skill_counts(vacancy, profile)
        cache = matching_service.index_cache()
        assert (cache.builds["candidates"], cache.loads) == (0, 1)


def test_the_cron_command_rebuilds_after_a_glossary_change(app) -> None:
    with app.app_context():
        _world()
        db.session.commit()
    runner = app.test_cli_runner()
    assert "gebouwd" in runner.invoke(args=["matching", "index"]).output
    assert "al actueel" in runner.invoke(args=["matching", "index"]).output

    with app.app_context():
        _label_behind_the_process_s_back()
    assert "gebouwd" in runner.invoke(args=["matching", "index"]).output

    with app.app_context():
        db.session.execute(delete(SkillLabel))
        db.session.commit()
    assert "gebouwd" in runner.invoke(args=["matching", "index"]).output
