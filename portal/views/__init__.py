"""One blueprint per area; the factory registers them in this order."""

from portal.views import (
    admin,
    algorithm,
    auth,
    calendar,
    candidates,
    docs,
    employer,
    glossary,
    invitation,
    matches,
    matchmaker,
    public,
    public_vacancies,
    taxonomy,
    twv,
    vacancies,
)
from portal.views import settings as settings_views

BLUEPRINTS = [
    public.bp,
    auth.bp,
    employer.bp,
    matchmaker.bp,
    admin.bp,
    vacancies.bp,
    taxonomy.bp,
    glossary.bp,
    docs.bp,
    public_vacancies.bp,
    invitation.bp,
    settings_views.bp,
    candidates.bp,
    matches.bp,
    algorithm.bp,
    twv.bp,
    calendar.bp,
]
