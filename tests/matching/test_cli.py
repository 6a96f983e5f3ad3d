"""``python -m matching``: rank, evaluate and make-evalset, run as a user would."""

import json

import pytest

from matching.__main__ import main

COOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"
BASE = {
    "pc4": "1187",
    "max_travel_km": 30,
    "hours_per_week": 32,
    "available_from": "2026-01-01",
    "asylum_application_date": "2025-06-01",
    "w_document_valid_until": "2026-12-31",
    "languages": {"nl": "A2"},
}
CANDIDATES = [
    {"ref": "K-1", "occupations": [{"esco_uri": COOK, "years": 4}], **BASE},
    {"ref": "K-2", "summary": "Ervaring als kok in een restaurant", **BASE},
    {"ref": "K-3", "summary": "Lasser in een scheepswerf", **BASE},
    # Blocked: the asylum application is too recent to work on the start date.
    {
        "ref": "K-4",
        "occupations": [{"esco_uri": COOK, "years": 9}],
        **{**BASE, "asylum_application_date": "2025-12-01"},
    },
]
VACANCIES = [
    {
        "ref": "V-2",
        "esco_occupation": COOK,
        "title": "Kok",
        "pc4": "1011",
        "hours_per_week": 32,
        "start_date": "2026-03-02",
        "contract_months": 12,
        "hourly_wage_eur": 15,
    },
    {
        "ref": "V-1",
        "esco_occupation": COOK,
        "title": "Kok in Maastricht",
        "pc4": "6211",
        "hours_per_week": 32,
        "start_date": "2026-03-02",
        "contract_months": 12,
        "hourly_wage_eur": 15,
    },
]


@pytest.fixture
def files(tmp_path, write_jsonl):
    return (
        write_jsonl(tmp_path / "c.jsonl", CANDIDATES),
        write_jsonl(tmp_path / "v.jsonl", VACANCIES),
    )


def test_rank_writes_one_line_per_vacancy_in_file_order(files, run_cli):
    c, v = files
    result = run_cli(
        "rank",
        "--candidates",
        str(c),
        "--vacancies",
        str(v),
        "--top",
        "2",
        "--as-of",
        "2026-01-15",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["vacancy"] for line in lines] == ["V-2", "V-1"]
    first = lines[0]["matches"]
    assert [m["candidate"] for m in first] == ["K-1", "K-2"]
    assert all(0 <= m["score"] <= 100 for m in first)
    assert first[0]["reasons"][0] == {
        "code": "same_occupation",
        "weight": first[0]["reasons"][0]["weight"],
        "occupation": COOK,
        "credit": 1.0,
        "source": "declared",
    }
    assert lines[1]["matches"] == []  # Maastricht is beyond everyone's 30 km


def test_rank_never_lists_a_blocked_pair(files, capsys):
    c, v = files
    main(
        [
            "rank",
            "--candidates",
            str(c),
            "--vacancies",
            str(v),
            "--top",
            "10",
            "--as-of",
            "2026-01-15",
        ]
    )
    out = capsys.readouterr().out
    listed = {
        m["candidate"] for line in out.splitlines() for m in json.loads(line)["matches"]
    }
    assert listed == {"K-1", "K-2", "K-3"}  # not K-4, who may not work yet


def test_bad_input_exits_2_naming_file_line_field_with_empty_stdout(
    tmp_path, write_jsonl, run_cli
):
    bad = {**CANDIDATES[2], "pc4": "1234"}
    c = write_jsonl(tmp_path / "c.jsonl", [*CANDIDATES[:2], bad])
    v = write_jsonl(tmp_path / "v.jsonl", VACANCIES)
    result = run_cli(
        "rank", "--candidates", str(c), "--vacancies", str(v), "--top", "3"
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"{c}:3: field 'pc4'" in result.stderr


# The same contract for more kinds of faults, in-process (each subprocess costs a second).
@pytest.mark.parametrize(
    ("which", "line", "field", "bad"),
    [
        (
            "candidates",
            3,
            "occupations[0].esco_uri",
            {
                **CANDIDATES[0],
                "ref": "K-9",
                "occupations": [{"esco_uri": "x", "years": 1}],
            },
        ),
        ("candidates", 3, "ref", {**CANDIDATES[0]}),
        (
            "vacancies",
            3,
            "start_date",
            {**VACANCIES[0], "ref": "V-9", "start_date": "2026-02-30"},
        ),
        (
            "vacancies",
            3,
            "title",
            {k: v for k, v in VACANCIES[0].items() if k != "title"} | {"ref": "V-9"},
        ),
        (
            "vacancies",
            3,
            "languages_required.nl",
            {**VACANCIES[0], "ref": "V-9", "languages_required": {"nl": "B7"}},
        ),
    ],
)
def test_bad_field_exits_2_and_writes_nothing(
    tmp_path, write_jsonl, capsys, which, line, field, bad
):
    rows = {"candidates": list(CANDIDATES[:2]), "vacancies": list(VACANCIES)}
    rows[which] = [*rows[which][:2], bad]
    c = write_jsonl(tmp_path / "c.jsonl", rows["candidates"])
    v = write_jsonl(tmp_path / "v.jsonl", rows["vacancies"])
    status = main(["rank", "--candidates", str(c), "--vacancies", str(v), "--top", "3"])
    out, err = capsys.readouterr()
    path = c if which == "candidates" else v
    assert status == 2
    assert out == ""
    assert f"{path}:{line}: field {field!r}" in err


def test_evaluate_prints_the_three_measures(files, tmp_path, write_jsonl, capsys):
    c, v = files
    labels = write_jsonl(
        tmp_path / "l.jsonl",
        [
            {"vacancy": "V-2", "candidate": "K-1", "relevance": 3},
            {"vacancy": "V-2", "candidate": "K-2", "relevance": 3},
        ],
    )
    args = ["--candidates", str(c), "--vacancies", str(v), "--labels", str(labels)]
    assert main(["evaluate", *args, "--as-of", "2026-01-15", "--baseline"]) == 0
    out = capsys.readouterr().out
    matching_part = out.split("tfidf_baseline:")[0]
    values = dict(line.split() for line in matching_part.splitlines()[1:])
    assert float(values["ndcg@10"]) == pytest.approx(1.0)
    assert float(values["recall@10"]) == pytest.approx(1.0)
    assert float(values["wrongly_listed_share"]) == 0.0


def test_evaluate_rejects_labels_for_unknown_refs(files, tmp_path, write_jsonl, capsys):
    c, v = files
    labels = write_jsonl(
        tmp_path / "l.jsonl", [{"vacancy": "V-2", "candidate": "K-99", "relevance": 1}]
    )
    status = main(
        [
            "evaluate",
            "--candidates",
            str(c),
            "--vacancies",
            str(v),
            "--labels",
            str(labels),
        ]
    )
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert f"{labels}:1: field 'candidate'" in err


def test_make_evalset_writes_files_that_evaluate_reads(tmp_path, capsys):
    out = tmp_path / "set"
    assert (
        main(
            [
                "make-evalset",
                "--out",
                str(out),
                "--vacancies",
                "5",
                "--background",
                "20",
            ]
        )
        == 0
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["vacancies"] == 5
    status = main(
        [
            "evaluate",
            "--candidates", str(out / "candidates.jsonl"),
            "--vacancies", str(out / "vacancies.jsonl"),
            "--labels", str(out / "labels.jsonl"),
            "--as-of", summary["as_of"],
        ]
    )  # fmt: skip
    assert status == 0
    assert "ndcg@10" in capsys.readouterr().out


def test_rank_with_no_candidates_lists_every_vacancy_without_matches(
    tmp_path, write_jsonl, capsys
):
    empty = tmp_path / "none.jsonl"
    empty.write_text("")
    vacancies = write_jsonl(tmp_path / "v.jsonl", VACANCIES)
    code = main(["rank", "--candidates", str(empty), "--vacancies", str(vacancies)])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {"vacancy": "V-2", "matches": []},
        {"vacancy": "V-1", "matches": []},
    ]
