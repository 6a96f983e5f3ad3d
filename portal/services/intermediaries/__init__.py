"""Intermediaries: organisations doing TWV paperwork for employers, and the delegations.

Owns the ``Intermediary`` and ``Delegation`` rows: registering an intermediary, its
verification by a matchmaker, an employer delegating to it (dated, revocable), and the
question "for which employers may this account act now?". It may call the shared modules,
notifications and accounts; the TWV area asks it who acts on behalf of whom.
"""
