"""One blueprint per area; the factory registers them in this order."""

from portal.views import admin, auth, employer, matchmaker, public

BLUEPRINTS = [public.bp, auth.bp, employer.bp, matchmaker.bp, admin.bp]
