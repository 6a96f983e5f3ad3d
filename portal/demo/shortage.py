"""Demo shortage list and minimum-wage table: the shipped seed files, loaded once."""

from __future__ import annotations

from portal.services.accounts import users as accounts
from portal.services.settings import wage_rates
from portal.services.vacancies import shortage

ADMIN_EMAIL = "admin@werkplein-amstelveen.nl"


def load() -> list[str]:
    admin = accounts.find_user_by_email(ADMIN_EMAIL)
    lines = []
    added = shortage.seed_shortage(by=admin)
    if added:
        lines.append(
            f"shortage   {added} tekortberoepen uit portal/data/shortage_occupations.csv"
        )
    rates = wage_rates.seed_wage_rates()
    if rates:
        lines.append(f"wage       {rates} minimumloonbedragen (domeintabel)")
    return lines
