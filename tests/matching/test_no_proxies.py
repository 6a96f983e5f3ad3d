"""Matching never uses origin or its proxies: varying them changes no score or ranking."""

import json
import random

from matching.__main__ import main
from matching.evalset import make_evalset
from matching.io import dumps_jsonl
from matching.records import candidate_to_dict, vacancy_to_dict

PROXIES = {
    "nationality": ["SY", "ER", "AF", "TR", "YE"],
    "country_of_origin": ["Syria", "Eritrea", "Afghanistan", "Turkey"],
    "mother_tongue": ["ar", "ti", "fa", "tr", "ku"],
    "religion": ["islam", "christianity", "none"],
    "sex": ["f", "m", "x"],
    "gender": ["female", "male"],
    "age": [19, 24, 37, 52],
    "date_of_birth": ["1990-01-01", "2004-05-06"],
    "reception_centre": ["azc Ter Apel", "azc Amstelveen", "azc Budel"],
    "coa_location": ["Ter Apel", "Budel"],
    "v_number": ["1234567890"],
}
#: Languages no vacancy in the set requires (the set only ever requires Dutch).
UNREQUIRED = ["ar", "ti", "fa", "so", "en", "fr"]
LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"]


def _rank(tmp_path, name, candidates, vacancies):
    c = tmp_path / f"{name}-c.jsonl"
    v = tmp_path / f"{name}-v.jsonl"
    out = tmp_path / f"{name}-out.jsonl"
    c.write_text(dumps_jsonl(candidates), encoding="utf-8")
    v.write_text(dumps_jsonl(vacancies), encoding="utf-8")
    return c, v, out


def test_origin_and_its_proxies_change_nothing(tmp_path, capsys):
    data = make_evalset(n_vacancies=12, per_level=2, n_background=80, seed=5)
    assert {lang for v in data.vacancies for lang in v.languages_required} <= {"nl"}
    vacancies = [vacancy_to_dict(v) for v in data.vacancies]
    plain = [candidate_to_dict(c) for c in data.candidates]
    rng = random.Random(9)
    varied = []
    for row in plain:
        row = json.loads(json.dumps(row))
        for key, values in PROXIES.items():
            row[key] = rng.choice(values)
        languages = {k: v for k, v in row["languages"].items() if k not in UNREQUIRED}
        for lang in rng.sample(UNREQUIRED, rng.randint(0, 3)):
            languages[lang] = rng.choice(LEVELS)
        row["languages"] = languages
        varied.append(row)

    outputs = []
    for name, candidates in (("plain", plain), ("varied", varied)):
        c, v, _ = _rank(tmp_path, name, candidates, vacancies)
        assert (
            main(
                [
                    "rank",
                    "--candidates",
                    str(c),
                    "--vacancies",
                    str(v),
                    "--top",
                    "20",
                    "--as-of",
                    "2026-01-15",
                ]
            )
            == 0
        )
        outputs.append(
            [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        )
    assert sum(len(line["matches"]) for line in outputs[0]) > 50
    assert outputs[0] == outputs[1]


def test_candidate_dataclass_has_no_field_for_origin():
    from dataclasses import fields

    from matching.types import Candidate

    names = {f.name for f in fields(Candidate)}
    assert not names & set(PROXIES)
