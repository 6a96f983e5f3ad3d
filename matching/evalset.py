"""A seeded synthetic evaluation set built from the ESCO relations.

Each synthetic person has a hidden "true" occupation. Their profile shows it in one of
several ways, as matchmakers really write them: ESCO skills from the occupation's
profile with some missing and some extra; only the occupation; only a Dutch or
English summary written from labels (preferred or alternative); or everything.
Relevance for a vacancy follows the ISCO hierarchy of the true occupations (same
occupation 3, same unit group 2, same minor group 1, else 0), and any pair that breaks
a hard rule is 0. The set does not use the ranking's weights, so it is a fair test.
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from datetime import date, timedelta

from matching.geo import load_postcodes
from matching.records import Label
from matching.rules import hard_rule_violations
from matching.taxonomy import Occupation, Taxonomy, load_taxonomy
from matching.types import CEFR_LEVELS, Candidate, Vacancy

#: Regions with reception centres and employers (PC4 of the centre).
REGION_CENTRES = ("1011", "1187", "3511", "5611", "9561", "6211", "7511")
PROFILE_KINDS = ("skills", "occupation", "text_nl", "text_en", "full")


@dataclass(frozen=True)
class EvalSet:
    """Candidates, vacancies and relevance labels, plus the date they are judged on."""

    candidates: list[Candidate]
    vacancies: list[Vacancy]
    labels: list[Label]
    as_of: date


@functools.cache
def _area(centre: str, within_km: float) -> tuple[str, ...]:
    pc = load_postcodes()
    near = pc.distances_from(centre, pc.lat, pc.lon) <= within_km
    return tuple(code for code, ok in zip(pc.codes, near, strict=True) if ok)


def _nearby_pc4(rng: random.Random, centre: str, within_km: float) -> str:
    return rng.choice(_area(centre, within_km))


def _label_variant(
    rng: random.Random, preferred: str, alternatives: tuple[str, ...]
) -> str:
    if alternatives and rng.random() < 0.35:
        return rng.choice(alternatives)
    return preferred


def _summary(
    rng: random.Random,
    tx: Taxonomy,
    occ: Occupation,
    skills: list[str],
    years: int,
    lang: str,
) -> str:
    labels = []
    for uri in skills[:4]:
        skill = tx.skill(uri)
        if skill is not None:
            labels.append(skill.label(lang))
    if lang == "nl":
        job = _label_variant(rng, occ.label_nl, occ.alt_nl)
        opener = rng.choice(
            [
                f"Heeft {years} jaar gewerkt als {job}.",
                f"Ervaring als {job} ({years} jaar) in het land van herkomst.",
                f"Werkte als {job}.",
            ]
        )
        tail = f" Kan: {', '.join(labels)}." if labels else ""
        extra = rng.choice(
            [
                "",
                " Leert Nederlands.",
                " Wil graag snel aan het werk.",
                " Heeft een rijbewijs.",
            ]
        )
    else:
        job = _label_variant(rng, occ.label_en, occ.alt_en)
        opener = rng.choice(
            [
                f"Worked as a {job} for {years} years.",
                f"Experience as {job} ({years} years).",
                f"Former {job}.",
            ]
        )
        tail = f" Skills: {', '.join(labels)}." if labels else ""
        extra = rng.choice(
            [
                "",
                " Learning Dutch.",
                " Eager to start work soon.",
                " Has a driving licence.",
            ]
        )
    return opener + tail + extra


def _relatives(
    tx: Taxonomy, occ: Occupation
) -> tuple[list[Occupation], list[Occupation]]:
    unit = [o for o in tx.occupations_in_isco(occ.isco_group) if o.uri != occ.uri]
    minor = [
        o
        for o in tx.occupations_in_isco(occ.isco_group[:3])
        if o.isco_group != occ.isco_group
    ]
    return unit, minor


def _candidate(
    rng: random.Random,
    tx: Taxonomy,
    ref: str,
    occ: Occupation,
    as_of: date,
    centre: str,
) -> Candidate:
    kind = rng.choice(PROFILE_KINDS)
    years = rng.randint(1, 12)
    essential = tx.essential_skills(occ.uri)
    optional = tx.optional_skills(occ.uri)
    keep = [s for s in essential if rng.random() < rng.uniform(0.4, 0.9)]
    keep += [s for s in optional if rng.random() < 0.25]
    others = rng.sample(tx.skills, 4)
    skills = keep + [s.uri for s in others[: rng.randint(0, 4)]]
    rng.shuffle(skills)
    occupations: tuple[tuple[str, float], ...] = ((occ.uri, float(years)),)
    summary = ""
    if kind == "skills":
        occupations = ()
    elif kind == "occupation":
        skills = []
    elif kind in ("text_nl", "text_en"):
        occupations = ()
        summary = _summary(rng, tx, occ, keep, years, kind[-2:])
        skills = []
    else:
        summary = _summary(rng, tx, occ, keep, years, rng.choice(["nl", "en"]))
    languages = {}
    nl = rng.choice([None, "A1", "A1", "A2", "A2", "B1", "B2"])
    if nl:
        languages["nl"] = nl
    if rng.random() < 0.6:
        languages["en"] = rng.choice(CEFR_LEVELS)
    return Candidate(
        ref=ref,
        occupations=occupations,
        skills=tuple(dict.fromkeys(skills)),
        languages=languages,
        summary=summary,
        pc4=_nearby_pc4(rng, centre, 8),
        max_travel_km=float(rng.choice([15, 25, 40, 60, 80])),
        hours_per_week=float(rng.choice([16, 24, 32, 36, 40])),
        available_from=as_of + timedelta(days=rng.randint(-30, 90)),
        asylum_application_date=as_of - timedelta(days=rng.randint(90, 600)),
        w_document_valid_until=as_of + timedelta(days=rng.randint(-20, 500)),
        has_bsn=rng.random() < 0.5,
        has_consent=rng.random() > 0.03,
    )


def _vacancy(
    rng: random.Random,
    tx: Taxonomy,
    ref: str,
    occ: Occupation,
    as_of: date,
    centre: str,
) -> Vacancy:
    essential = tx.essential_skills(occ.uri)
    chosen = [s for s in essential if rng.random() < 0.7] if rng.random() < 0.7 else []
    labels = [tx.label(s, "nl")[0] for s in (chosen or essential)[:3]]
    title = _label_variant(rng, occ.label_nl, occ.alt_nl)
    description = (
        f"Wij zoeken een {title} voor ons team. Werkzaamheden: {', '.join(labels)}."
    )
    languages = {"nl": rng.choice(["A1", "A2", "B1"])} if rng.random() < 0.5 else {}
    return Vacancy(
        ref=ref,
        esco_occupation=occ.uri,
        title=title.capitalize(),
        description=description,
        essential_skills=tuple(chosen),
        optional_skills=(),
        pc4=_nearby_pc4(rng, centre, 10),
        hours_per_week=float(rng.choice([24, 32, 36, 38, 40])),
        start_date=as_of + timedelta(days=rng.randint(7, 120)),
        contract_months=float(rng.choice([3, 6, 12, 24])),
        hourly_wage_eur=round(rng.uniform(14.71, 22.0), 2),
        languages_required=languages,
    )


def relevance(true_candidate: Occupation, vacancy_occupation: Occupation) -> int:
    """3 same occupation, 2 same ISCO unit group, 1 same minor group, else 0."""
    if true_candidate.uri == vacancy_occupation.uri:
        return 3
    if true_candidate.isco_group == vacancy_occupation.isco_group:
        return 2
    if true_candidate.isco_group[:3] == vacancy_occupation.isco_group[:3]:
        return 1
    return 0


def make_evalset(
    n_vacancies: int = 60,
    per_level: int = 3,
    n_background: int = 300,
    seed: int = 7,
    as_of: date = date(2026, 1, 15),
) -> EvalSet:
    """Build the set: per vacancy ``per_level`` people of the same occupation, of the
    same unit group and of the same minor group, plus ``n_background`` random people."""
    rng = random.Random(seed)
    tx = load_taxonomy()
    pool = [o for o in tx.occupations if len(tx.essential_skills(o.uri)) >= 5]
    vac_occs = rng.sample(pool, n_vacancies)
    true_occ: dict[str, Occupation] = {}
    candidates: list[Candidate] = []

    def add(occ: Occupation, centre: str) -> None:
        ref = f"K-{len(candidates) + 1:05d}"
        true_occ[ref] = occ
        candidates.append(_candidate(rng, tx, ref, occ, as_of, centre))

    vacancies = []
    for i, occ in enumerate(vac_occs):
        centre = rng.choice(REGION_CENTRES)
        vacancies.append(_vacancy(rng, tx, f"V-{i + 1:03d}", occ, as_of, centre))
        unit, minor = _relatives(tx, occ)
        for group in ([occ], unit, minor):
            for _ in range(per_level if group else 0):
                # Most related people live in the vacancy's region, some elsewhere.
                home = centre if rng.random() < 0.7 else rng.choice(REGION_CENTRES)
                add(rng.choice(group), home)
    for _ in range(n_background):
        add(rng.choice(pool), rng.choice(REGION_CENTRES))
    rng.shuffle(candidates)

    labels = []
    for vacancy, occ in zip(vacancies, vac_occs, strict=True):
        for cand in candidates:
            rel = relevance(true_occ[cand.ref], occ)
            if rel and hard_rule_violations(cand, vacancy, as_of):
                rel = 0
            if rel:
                labels.append(Label(vacancy.ref, cand.ref, rel))
    return EvalSet(candidates, vacancies, labels, as_of)


def synthetic_population(
    n_candidates: int, n_vacancies: int, seed: int = 11, as_of: date = date(2026, 1, 15)
) -> tuple[list[Candidate], list[Vacancy]]:
    """Unlabelled random profiles and vacancies of every kind, for benchmarks."""
    rng = random.Random(seed)
    tx = load_taxonomy()
    pool = [o for o in tx.occupations if len(tx.essential_skills(o.uri)) >= 5]
    candidates = [
        _candidate(
            rng,
            tx,
            f"K-{i + 1:06d}",
            rng.choice(pool),
            as_of,
            rng.choice(REGION_CENTRES),
        )
        for i in range(n_candidates)
    ]
    vacancies = [
        _vacancy(
            rng,
            tx,
            f"V-{i + 1:04d}",
            rng.choice(pool),
            as_of,
            rng.choice(REGION_CENTRES),
        )
        for i in range(n_vacancies)
    ]
    return candidates, vacancies
