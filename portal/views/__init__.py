"""One blueprint per area; the factory registers them in this order."""

from portal.views import (
    admin,
    algorithm,
    auth,
    calendar,
    candidates,
    coa,
    employer,
    evaluation,
    intermediaries,
    matches,
    matchmaker,
    permits,
    public,
    taxonomy,
    twv,
    twv_packet,
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
    algorithm.bp,
    twv.bp,
    calendar.bp,
    evaluation.bp,
    twv_packet.bp,
    intermediaries.bp,
    permits.bp,
    coa.bp,
]
