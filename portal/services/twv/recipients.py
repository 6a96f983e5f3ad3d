"""Who works a TWV case on the employer's side, as accounts.

The organisation's active employer accounts plus the active accounts of a verified bureau
the employer delegated its TWV cases to (a bureau sees the TWV case, never the employer's
home or its candidates). The matchmakers of a case are those of its hire
(:func:`portal.services.notifications.recipients.matchmakers`).
"""

from __future__ import annotations

from portal.models import User
from portal.services.intermediaries import delegations
from portal.services.notifications.recipients import employer_accounts


def employer_side(employer_id: int) -> list[User]:
    """The employer's accounts and those of the bureau acting for it now."""
    users = employer_accounts(employer_id)
    seen = {u.id for u in users}
    users += [u for u in delegations.acting_for_users(employer_id) if u.id not in seen]
    return users
