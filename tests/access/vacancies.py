"""Access rules for the vacancy pages: employers their own, matchmakers all, admins none.

The world holds one valid draft vacancy of ``actors.employer``'s organisation. An empty
POST to a state action redirects back to the vacancy (done, or refused with a message);
the close and import forms re-render with their errors.
"""

from types import SimpleNamespace

from portal.extensions import db
from portal.models import Employer
from tests.fixtures.vacancies import create_vacancy


def world(actors: SimpleNamespace) -> SimpleNamespace:
    employer = db.session.get(Employer, actors.employer.employer_id)
    vacancy = create_vacancy(employer)
    return SimpleNamespace(vacancy_id=vacancy.id)


LIST = {
    "anonymous": 302,
    "employer": 200,
    "other_employer": 200,
    "unverified_employer": 200,
    "matchmaker": 200,
    "admin": 403,
    "intermediary": 403,
    "coa": 403,
}
OWN_OR_MATCHMAKER = {
    "anonymous": 302,
    "employer": 200,
    "other_employer": 404,
    "unverified_employer": 404,
    "matchmaker": 200,
    "admin": 403,
    "intermediary": 403,
    "coa": 403,
}
EMPLOYERS_ONLY = {**LIST, "matchmaker": 403}
OWN_ONLY_200 = {**OWN_OR_MATCHMAKER, "matchmaker": 403}
OWN_ONLY_302 = {**OWN_ONLY_200, "employer": 302}


def _vacancy(w: SimpleNamespace) -> dict[str, int]:
    return {"vacancy_id": w.vacancy_id}


RULES = [
    ("vacancies.index", "GET", None, LIST),
    ("vacancies.new", "GET", None, EMPLOYERS_ONLY),
    # Without an occupation the empty POST shows step 1 again (choose the occupation).
    ("vacancies.new", "POST", None, EMPLOYERS_ONLY),
    ("vacancies.detail", "GET", _vacancy, OWN_OR_MATCHMAKER),
    ("vacancies.change_occupation", "GET", _vacancy, OWN_ONLY_200),
    ("vacancies.edit", "GET", _vacancy, OWN_ONLY_200),
    ("vacancies.edit", "POST", _vacancy, OWN_ONLY_200),
    ("vacancies.publish", "POST", _vacancy, OWN_ONLY_302),
    ("vacancies.pause", "POST", _vacancy, OWN_ONLY_302),
    ("vacancies.fill", "POST", _vacancy, OWN_ONLY_302),
    ("vacancies.close", "GET", _vacancy, OWN_ONLY_200),
    ("vacancies.close", "POST", _vacancy, OWN_ONLY_200),
    ("vacancies.export", "GET", None, LIST),
    ("vacancies.import_", "GET", None, LIST),
    ("vacancies.import_", "POST", None, LIST),
]
