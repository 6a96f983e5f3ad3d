"""Small helpers shared by the TWV views (``twv``, ``twv_hires``, and the pages of other
areas that show the domain's texts: ``journey`` and ``twv_packet``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from portal import i18n
from portal.models import Role, TwvCase
from portal.services.twv import cases as twv
from portal.services.twv import steps as twv_steps
from portal.views.access import acting_user, found_or_404, role_required

#: Looking at and working the checklist: also an intermediary the employer delegated to.
case_workers_required = role_required(Role.EMPLOYER, Role.MATCHMAKER, Role.INTERMEDIARY)


def message(msgid: str, params: dict[str, object] | None = None) -> str:
    """Translate a Dutch msgid from the domain and fill it with formatted values."""
    values: dict[str, object] = {}
    for name, value in (params or {}).items():
        if isinstance(value, date):
            values[name] = i18n.nl_date(value)
        elif isinstance(value, Decimal):
            values[name] = i18n.money(value)
        else:
            values[name] = value
    return i18n.page_gettext(msgid, **values)


def load_case(case_id: int) -> TwvCase:
    """The case, or 404 when it does not exist or this user may not see it."""
    case = twv_steps.case_for_page(case_id)
    user = acting_user()
    return found_or_404(case if case and twv.may_see_case(user, case) else None)
