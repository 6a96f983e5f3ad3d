"""Access rules for public vacancy pages: anyone; the switch: the employer or a matchmaker."""

from types import SimpleNamespace

from portal.extensions import db
from portal.models import VacancyStatus
from tests.fixtures.vacancies import create_vacancy

ROLES = (
    "anonymous",
    "employer",
    "other_employer",
    "unverified_employer",
    "matchmaker",
    "admin",
    "intermediary",
    "coa",
)
PUBLIC = dict.fromkeys(ROLES, 200)


def world(actors: SimpleNamespace) -> SimpleNamespace:
    vacancy = create_vacancy(actors.employer.employer, status=VacancyStatus.PUBLISHED)
    vacancy.public_posting = True
    db.session.flush()
    return SimpleNamespace(vacancy_id=vacancy.id, ref=vacancy.ref)


RULES = [
    ("public_vacancies.index", "GET", None, PUBLIC),
    ("public_vacancies.feed", "GET", None, PUBLIC),
    ("public_vacancies.detail", "GET", lambda w: {"ref": w.ref}, PUBLIC),
    (
        "public_vacancies.toggle",
        "POST",
        lambda w: {"vacancy_id": w.vacancy_id},
        {
            "anonymous": 302,
            "employer": 302,
            "other_employer": 404,
            "unverified_employer": 404,
            "matchmaker": 302,
            "admin": 403,
            "intermediary": 403,
            "coa": 403,
        },
    ),
]
