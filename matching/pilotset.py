"""A second seeded evaluation set, built like real intake in the pilots' occupations.

:mod:`matching.evalset` samples occupations from all of ESCO and writes tidy
profiles. This set is built differently, to check that the ranking was not tuned to
one construction:

* occupations come only from the pilots' trades (cleaning, kitchen and hospitality,
  logistics and warehouse, production, care, bakery, driving), so most background
  people are *near* misses from related trades rather than obvious strangers;
* about half the profiles name no ESCO occupation: some list only ESCO skills
  (essential and optional, some missing, some unrelated extras), some only a short
  summary written by a matchmaker in Dutch, English or a mix of both, using ESCO
  alternative labels, now and then with a typo;
* some people have a second occupation, and relevance is the best over both;
* summaries are short and worded differently from :mod:`matching.evalset`.

Relevance follows the ISCO hierarchy as in the first set (3 same occupation, 2 same
unit group, 1 same minor group), pairs breaking a hard rule are 0. Nothing here reads
the ranking's weights.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from matching.evalset import EvalSet, _nearby_pc4, relevance
from matching.records import Label
from matching.rules import hard_rule_violations
from matching.taxonomy import Occupation, Taxonomy, load_taxonomy
from matching.types import Candidate, Vacancy

#: ISCO-08 unit groups of the pilots' trades.
PILOT_UNIT_GROUPS = (
    "9111",  # domestic cleaners
    "9112",  # cleaners in offices, hotels
    "9122",  # vehicle cleaners
    "5120",  # cooks
    "9411",  # fast food preparers
    "9412",  # kitchen helpers
    "5131",  # waiters
    "5132",  # bartenders
    "3434",  # chefs
    "9321",  # hand packers
    "9333",  # freight handlers
    "4321",  # stock clerks
    "8344",  # lifting truck operators
    "8160",  # food products machine operators
    "8183",  # packing and labelling machine operators
    "8219",  # assemblers
    "9329",  # manufacturing labourers
    "7543",  # product graders and testers
    "5321",  # health care assistants
    "5322",  # home-based personal care workers
    "5311",  # child care workers
    "7512",  # bakers
    "8322",  # car, taxi and van drivers
    "8332",  # heavy truck drivers
    "8331",  # bus drivers
)
#: Reception centres (PC4) in the pilot regions.
PILOT_CENTRES = ("1063", "3526", "5652", "6534", "7521", "9723", "2289", "4814")
#: Share of each profile kind (what a matchmaker managed to record).
PROFILE_MIX = (
    ("occupation", 0.22),
    ("occupation_skills", 0.12),
    ("occupation_text", 0.10),
    ("skills", 0.22),
    ("text_nl", 0.13),
    ("text_en", 0.09),
    ("text_mixed", 0.12),
)
SECOND_OCCUPATION_SHARE = 0.15
TYPO_SHARE = 0.3

_NL_OPENERS = (
    "In {land} werkzaam als {job}.",
    "Was {job} bij een groot bedrijf.",
    "{job} van beroep, {years} jaar.",
    "Ervaring: {job}.",
    "Deed werk als {job} in het azc.",
)
_EN_OPENERS = (
    "Used to work as {job} back home.",
    "{years} yrs {job}.",
    "Job before: {job}.",
    "Did {job} work for {years} years.",
)
_NL_TAILS = ("", " Goed in {skill}.", " Kan ook {skill}.", " Wil fulltime werken.")
_EN_TAILS = ("", " Good at {skill}.", " Also {skill}.", " Wants a steady job.")
_LANDS = ("Syrië", "Eritrea", "Turkije", "Afghanistan", "Jemen")


def pilot_occupations(tx: Taxonomy) -> list[Occupation]:
    """ESCO occupations of the pilots' trades with a usable skill profile."""
    return [
        occ
        for group in PILOT_UNIT_GROUPS
        for occ in tx.occupations_in_isco(group)
        if len(tx.essential_skills(occ.uri)) >= 4
    ]


def typo(rng: random.Random, text: str) -> str:
    """Drop, double or swap one letter in one longer word (as typed in a hurry)."""
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    p = rng.randrange(1, len(w) - 2)
    how = rng.choice(("drop", "double", "swap"))
    if how == "drop":
        w = w[:p] + w[p + 1 :]
    elif how == "double":
        w = w[:p] + w[p] + w[p:]
    else:
        w = w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    words[i] = w
    return " ".join(words)


def _job_label(rng: random.Random, occ: Occupation, lang: str) -> str:
    preferred, alts = (
        (occ.label_nl, occ.alt_nl) if lang == "nl" else (occ.label_en, occ.alt_en)
    )
    if alts and rng.random() < 0.6:
        return rng.choice(alts)
    return preferred


def _skill_label(rng: random.Random, tx: Taxonomy, uri: str, lang: str) -> str:
    skill = tx.skill(uri)
    assert skill is not None  # noqa: S101
    alts = skill.alt_nl if lang == "nl" else skill.alt_en
    if alts and rng.random() < 0.4:
        return rng.choice(alts)
    return skill.label(lang)


def pilot_summary(
    rng: random.Random, tx: Taxonomy, occ: Occupation, years: int, kind: str
) -> str:
    """A short summary in Dutch, English or both (job in one, skill in the other)."""
    job_lang = {"text_nl": "nl", "text_en": "en"}.get(kind, rng.choice(("nl", "en")))
    skill_lang = (
        job_lang if kind != "text_mixed" else {"nl": "en", "en": "nl"}[job_lang]
    )
    job = _job_label(rng, occ, job_lang)
    skills = tx.essential_skills(occ.uri)
    skill = _skill_label(rng, tx, rng.choice(skills), skill_lang)
    openers = _NL_OPENERS if job_lang == "nl" else _EN_OPENERS
    tails = _NL_TAILS if skill_lang == "nl" else _EN_TAILS
    text = rng.choice(openers).format(job=job, years=years, land=rng.choice(_LANDS))
    text += rng.choice(tails).format(skill=skill)
    if rng.random() < TYPO_SHARE:
        text = typo(rng, text)
    return text


def _kind(rng: random.Random) -> str:
    roll, acc = rng.random(), 0.0
    for kind, share in PROFILE_MIX:
        acc += share
        if roll < acc:
            return kind
    return PROFILE_MIX[-1][0]


def _skill_sample(rng: random.Random, tx: Taxonomy, occ: Occupation) -> list[str]:
    essential = tx.essential_skills(occ.uri)
    optional = tx.optional_skills(occ.uri)
    share = rng.uniform(0.3, 0.8)
    skills = [s for s in essential if rng.random() < share]
    skills += [s for s in optional if rng.random() < 0.2]
    skills += [s.uri for s in rng.sample(tx.skills, rng.randint(0, 3))]
    return list(dict.fromkeys(skills or essential[:2]))


def pilot_candidate(
    rng: random.Random,
    tx: Taxonomy,
    ref: str,
    occs: list[Occupation],
    as_of: date,
    centre: str,
) -> Candidate:
    """One person whose true occupations are ``occs`` (first is the main one)."""
    kind = _kind(rng)
    years = rng.randint(1, 15)
    occupations: tuple[tuple[str, float], ...] = ()
    skills: list[str] = []
    summary = ""
    if kind.startswith("occupation"):
        occupations = tuple(
            (o.uri, float(years if i == 0 else rng.randint(1, 4)))
            for i, o in enumerate(occs)
        )
    if kind in ("occupation_skills", "skills"):
        skills = [s for o in occs for s in _skill_sample(rng, tx, o)]
    if kind.startswith("text") or kind == "occupation_text":
        text_kind = kind if kind.startswith("text") else "text_nl"
        summary = " ".join(pilot_summary(rng, tx, o, years, text_kind) for o in occs)
    languages = {}
    nl = rng.choice([None, None, "A1", "A1", "A2", "A2", "B1"])
    if nl:
        languages["nl"] = nl
    if rng.random() < 0.5:
        languages["en"] = rng.choice(("A1", "A2", "B1", "B2", "C1"))
    return Candidate(
        ref=ref,
        occupations=occupations,
        skills=tuple(dict.fromkeys(skills)),
        languages=languages,
        summary=summary,
        pc4=_nearby_pc4(rng, centre, 6),
        max_travel_km=float(rng.choice([10, 20, 30, 50, 75])),
        hours_per_week=float(rng.choice([12, 20, 24, 32, 40])),
        available_from=as_of + timedelta(days=rng.randint(-60, 60)),
        asylum_application_date=as_of - timedelta(days=rng.randint(120, 900)),
        w_document_valid_until=as_of + timedelta(days=rng.randint(-10, 400)),
        has_bsn=rng.random() < 0.4,
        has_consent=rng.random() > 0.05,
    )


def _pilot_vacancy(
    rng: random.Random,
    tx: Taxonomy,
    ref: str,
    occ: Occupation,
    as_of: date,
    centre: str,
) -> Vacancy:
    essential = tx.essential_skills(occ.uri)
    chosen = rng.sample(essential, min(len(essential), rng.randint(3, 8)))
    title = _job_label(rng, occ, "nl")
    description = rng.choice(
        (
            f"Voor onze vestiging zoeken we een {title}.",
            f"{title.capitalize()} gezocht, direct beginnen.",
            f"Kom werken als {title}! Geen diploma nodig.",
        )
    )
    languages = {"nl": rng.choice(["A1", "A2"])} if rng.random() < 0.4 else {}
    return Vacancy(
        ref=ref,
        esco_occupation=occ.uri,
        title=title.capitalize(),
        description=description,
        essential_skills=tuple(chosen) if rng.random() < 0.6 else (),
        optional_skills=(),
        pc4=_nearby_pc4(rng, centre, 12),
        hours_per_week=float(rng.choice([20, 24, 32, 36, 40])),
        start_date=as_of + timedelta(days=rng.randint(14, 90)),
        contract_months=float(rng.choice([6, 12])),
        hourly_wage_eur=round(rng.uniform(14.71, 19.5), 2),
        languages_required=languages,
    )


def make_pilotset(
    n_vacancies: int = 50,
    per_level: int = 3,
    n_background: int = 300,
    seed: int = 2027,
    as_of: date = date(2026, 9, 1),
) -> EvalSet:
    """Build the pilot-trades set (see the module docstring)."""
    rng = random.Random(seed)
    tx = load_taxonomy()
    pool = pilot_occupations(tx)
    by_group: dict[str, list[Occupation]] = {}
    for occ in pool:
        by_group.setdefault(occ.isco_group, []).append(occ)
    groups = sorted(by_group)

    def draw() -> Occupation:
        # Trade first, then occupation: 55 food-machine operators must not crowd out
        # the one forklift operator.
        return rng.choice(by_group[rng.choice(groups)])

    vac_occs = [draw() for _ in range(n_vacancies)]
    true_occs: dict[str, list[Occupation]] = {}
    candidates: list[Candidate] = []

    def add(occ: Occupation, centre: str) -> None:
        ref = f"P-{len(candidates) + 1:05d}"
        occs = [occ]
        if rng.random() < SECOND_OCCUPATION_SHARE:
            occs.append(draw())
        true_occs[ref] = occs
        candidates.append(pilot_candidate(rng, tx, ref, occs, as_of, centre))

    vacancies = []
    for i, occ in enumerate(vac_occs):
        centre = rng.choice(PILOT_CENTRES)
        vacancies.append(_pilot_vacancy(rng, tx, f"PV-{i + 1:03d}", occ, as_of, centre))
        unit = [o for o in pool if o.isco_group == occ.isco_group and o != occ]
        minor = [
            o
            for o in tx.occupations_in_isco(occ.isco_group[:3])
            if o.isco_group != occ.isco_group and len(tx.essential_skills(o.uri)) >= 4
        ]
        for group in ([occ], unit, minor):
            for _ in range(per_level if group else 0):
                home = centre if rng.random() < 0.75 else rng.choice(PILOT_CENTRES)
                add(rng.choice(group), home)
    for _ in range(n_background):
        add(draw(), rng.choice(PILOT_CENTRES))
    rng.shuffle(candidates)

    labels = []
    for vacancy, occ in zip(vacancies, vac_occs, strict=True):
        for cand in candidates:
            rel = max(relevance(o, occ) for o in true_occs[cand.ref])
            if rel and hard_rule_violations(cand, vacancy, as_of):
                rel = 0
            if rel:
                labels.append(Label(vacancy.ref, cand.ref, rel))
    return EvalSet(candidates, vacancies, labels, as_of)
