"""Portal settings and the minimum-wage table, as administrators maintain them (shared).

Every area may read them, so a figure an admin corrects applies everywhere at once (the TWV
area reads both the REBA figures and the wage table). Split by what each module holds:

- ``definitions``: the settings there are, each with its type, default and the source of
  that default (the default applies until an admin stores another value);
- ``stored``: the stored rows of both tables, read with one query per request;
- ``values``: a setting's value, changing or resetting it, the REBA figures;
- ``wage_rates``: the minimum-wage table (built-in rates merged with the ones admins enter).
"""
