"""Pure Dutch rules for Werkbrug (TWV, minimum wage, REBA, identifiers) as dated data.

No flask, sqlalchemy or database here: the portal's services feed plain values in and
get plain values back, so every rule can be tested at its date boundaries. Each rule
row carries its source and whether it is VERIFIED or ASSUMED
(``/work/shared/domain/README.md`` section 8).
"""
