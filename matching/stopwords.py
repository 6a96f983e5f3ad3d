"""Dutch and English function words: never evidence, never shown as a reason.

The TF-IDF vocabulary drops only words found in more than 30% of ESCO documents, so
"in", "en" and "een" still carry a little weight there; they must not appear in an
explanation ("gedeelde woorden: in, en, een") nor count towards an inferred
occupation. The lists are folded (lower case, no diacritics), as :func:`fold` writes.
Besides articles, pronouns, prepositions and conjunctions they hold the filler words
of intake notes ("ervaring", "jaar", "worked").
"""

from __future__ import annotations

DUTCH = frozenset(
    """
    aan al alle alles als altijd ander andere anders auto bij daar dan dat de der deze
    die dit doch doen door dus een eens en enige er ge geen geweest had heb hebben heeft
    hem het hier hij hoe hun iemand iets ik in is ja je jij jou jouw kan kon kunnen
    maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat ons onze
    ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat
    we wel werd wie wij wil worden wordt zal ze zei zelf zich zij zijn zo zonder zou
    goed graag heel jaar jaren jr ervaring ervaren gewerkt werkte werkzaam deed
    herkomst beroep wil willen snel direct groot grote bedrijf eerder vroeger nieuw
    nieuwe onder tussen tijdens sinds via per ca circa etc enz
    """.split()  # noqa: SIM905 - a word list reads better as text
)
ENGLISH = frozenset(
    """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers him his how i if in into
    is it its itself just me more most my no nor not now of off on once only or other
    our out over own same she should so some such than that the their them then there
    these they this those through to too under until up very was we were what when
    where which while who whom why will with would you your yours
    back before job years year yrs yr experience experienced worked working used
    former previously good wants want eager soon steady
    """.split()  # noqa: SIM905 - a word list reads better as text
)
#: Both lists: the portal shows Dutch and English summaries side by side.
STOP_WORDS = DUTCH | ENGLISH


def is_stop_word(word: str) -> bool:
    """Whether a folded word is a function or filler word in Dutch or English."""
    return word in STOP_WORDS
