"""A profile without current consent is never suggested (through the real ranking)."""

from __future__ import annotations

from portal.models import Role, VacancyStatus
from portal.services.candidates import consents
from portal.services.matches import ranking as matching_service
from tests.fixtures.actors import create_employer, create_user
from tests.fixtures.candidates import KOK, create_profile, essential_skill
from tests.fixtures.vacancies import create_vacancy


def suggested_ids(vacancy) -> set[int]:
    return {
        s.candidate_id for s in matching_service.rank_candidates(vacancy, top=50).items
    }


def test_profile_without_current_consent_is_never_suggested(app_ctx):
    mm = create_user(Role.MATCHMAKER)
    vacancy = create_vacancy(
        create_employer(pc4="1187"),
        status=VacancyStatus.PUBLISHED,
        pc4="1187",
        essential_skills=[essential_skill(KOK)],
    )
    same = {"occupations": [(KOK, 4.0)], "skills": [essential_skill(KOK)]}
    with_consent = create_profile(**same)
    without = create_profile(with_consent=False, **same)
    evaluation_only = create_profile(consent_scope="evaluation", **same)
    withdrawn = create_profile(**same)

    before = suggested_ids(vacancy)
    assert with_consent.id in before
    assert withdrawn.id in before
    assert without.id not in before
    assert evaluation_only.id not in before

    consents.withdraw_consent(withdrawn, by=mm)
    after = suggested_ids(vacancy)
    assert with_consent.id in after
    assert withdrawn.id not in after
