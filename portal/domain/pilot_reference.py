"""Reference figures of the pilots, for the evaluation to show beside its own.

Each figure names its source and whether it was VERIFIED (see /work/shared/domain/README.md,
"Figures from the pilots' own documents" and section 7). They are constants, not settings:
they describe other pilots' published results. Amstelveen's own budget is a setting.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

#: The Amstelveen pilot year: April 2025 – March 2026 (council decision of 18 February
#: 2025, "Ondersteuning naar werk aan asielzoekers"). VERIFIED. The report's default period.
PILOT_START = date(2025, 4, 1)
PILOT_END = date(2026, 3, 31)

#: Amsterdam: 233 participants, 83 (36%) in paid work after six months; about €11,000 per
#: person in work (EenVandaag, 16 October 2025). VERIFIED.
AMSTERDAM_PARTICIPANTS = 233
AMSTERDAM_IN_WORK_AFTER_SIX_MONTHS = 83
AMSTERDAM_COST_PER_PERSON_IN_WORK = Decimal(11000)
AMSTERDAM_SOURCE = "EenVandaag, 'Amsterdam trekt 2,5 miljoen uit…', 16 oktober 2025"

#: The Amstelveen budget, the default of the budget setting: €116,000 (€87,000 in 2025,
#: €29,000 in 2026). VERIFIED (council decision of 18 February 2025).
AMSTELVEEN_BUDGET = Decimal(116000)
AMSTELVEEN_BUDGET_SOURCE = "Collegebesluit Amstelveen 'Ondersteuning naar werk aan asielzoekers', 18 februari 2025"

#: The Amstelveen azc on the W.H. Keesomlaan houses about 300 residents (same decision).
AMSTELVEEN_RESIDENTS = 300

#: COA aims for a municipality within 50 km of the workplace ("Kansrijke koppeling",
#: Amstelveen 2025). VERIFIED for the pilot documents; not found elsewhere.
LINK_DISTANCE_KM = 50

#: Six months after the intake, as in the Amsterdam figure (half a year).
SIX_MONTHS_DAYS = 183
