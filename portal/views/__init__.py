"""One blueprint per area; the factory registers them in this order."""

from portal.views import (
    admin,
    algorithm,
    auth,
    calendar,
    candidates,
    employer,
    journey,
    matches,
    matchmaker,
    notifications,
    public,
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
    settings_views.bp,
    candidates.bp,
    matches.bp,
    journey.bp,
    notifications.bp,
    algorithm.bp,
    twv.bp,
    calendar.bp,
]
