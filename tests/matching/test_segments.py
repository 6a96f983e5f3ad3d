"""Quality per segment (completeness, Dutch level, region) on both stored sets.

The region of a profile is the province of its PC4 area (the reception centre's), so
the pilots' centres fall in separate regions (Noord-Holland, Utrecht, Noord-Brabant,
...). Floors per set, measured first (``matching/quality.py`` quotes the figures):
completeness ≥ 0.87 (measured 0.903–0.978), Dutch level ≥ 0.93 (0.949–0.973), region
≥ 0.92 on the ESCO set (0.942–0.999) and ≥ 0.86 on the pilot set (0.883–0.997), for
regions measured on at least ``REGION_MIN_VACANCIES`` vacancies.
"""

import pytest

from matching.__main__ import main
from matching.evaluation import SEGMENT_DEPTH, evaluate_segments, segments_of
from matching.index import CandidateIndex
from matching.quality import MEASURED, REGION_MIN_VACANCIES
from matching.records import Label
from tests.matching.evalsets import load

#: Lowest nDCG@10 any completeness segment may fall to (measured 0.90–0.98).
COMPLETENESS_FLOOR = 0.87
#: Lowest nDCG@10 of a Dutch-level segment, on either set (measured 0.949–0.973).
DUTCH_FLOOR = 0.93
#: Lowest nDCG@10 of a region measured on enough vacancies, per set.
REGION_FLOOR = {"esco": 0.92, "pilot": 0.86}


@pytest.fixture(scope="module", params=["esco", "pilot"])
def segments(request):
    data = load(request.param)
    index = CandidateIndex().fit(data.candidates)
    results = index.rank_many(data.vacancies, top=SEGMENT_DEPTH, as_of=data.as_of)
    rankings = {
        v.ref: [m.candidate_ref for m in r]
        for v, r in zip(data.vacancies, results, strict=True)
    }
    reports = {
        (s.dimension, s.segment): s
        for s in evaluate_segments(rankings, data.labels, data.candidates)
    }
    reports["set"] = request.param
    return reports


def _dimension(segments, name):
    return {key[1]: s for key, s in segments.items() if key != "set" and key[0] == name}


def test_every_completeness_segment_keeps_its_quality(segments):
    for kind in ("occupation", "skills_only", "text_only"):
        report = segments["completeness", kind]
        assert report.n_vacancies >= 20
        assert report.ndcg_at_k >= COMPLETENESS_FLOOR, kind


def test_every_dutch_level_keeps_its_quality(segments):
    dutch = _dimension(segments, "dutch")
    assert set(dutch) == {"geen", "A1", "A2", "B1+"}
    for level, report in dutch.items():
        assert report.n_vacancies >= 20, level
        assert report.ndcg_at_k >= DUTCH_FLOOR, level


def test_every_region_keeps_its_quality(segments):
    regions = _dimension(segments, "region")
    measured = {
        name: report
        for name, report in regions.items()
        if report.n_vacancies >= REGION_MIN_VACANCIES
    }
    assert len(measured) >= 6  # the centres' provinces, each its own group
    for name, report in measured.items():
        assert report.ndcg_at_k >= REGION_FLOOR[segments["set"]], name


def test_the_quoted_segment_figures_are_the_measured_ones(segments):
    quoted = {q.name: q for q in MEASURED}[segments["set"]]
    for dimension, figures in (
        ("completeness", quoted.by_completeness),
        ("dutch", quoted.by_dutch),
        ("region", quoted.by_region),
    ):
        assert figures, dimension
        for group, value in figures.items():
            assert segments[dimension, group].ndcg_at_k == pytest.approx(
                value, abs=0.005
            ), (dimension, group)
    enough = {
        name
        for name, report in _dimension(segments, "region").items()
        if report.n_vacancies >= REGION_MIN_VACANCIES
    }
    assert set(quoted.by_region) == enough


def test_segments_of_a_profile(make_candidate):
    assert segments_of(make_candidate()) == {
        "completeness": "occupation",
        "dutch": "A2",
        "region": "Noord-Holland",  # 1187 Amstelveen
    }
    text = make_candidate(occupations=(), summary="kok", languages={})
    assert segments_of(text)["completeness"] == "text_only"
    assert segments_of(text)["dutch"] == "geen"
    assert segments_of(make_candidate(pc4="3511"))["region"] == "Utrecht"
    assert segments_of(make_candidate(pc4="0000"))["region"] == "onbekend"


def test_a_segment_is_scored_on_its_own_members_only(make_candidate):
    occ = make_candidate(ref="K-1")
    text = make_candidate(ref="K-2", occupations=(), summary="kok")
    labels = [Label("V-1", "K-1", 3), Label("V-1", "K-2", 3)]
    # K-2 ranked below an irrelevant occupation profile: text-only is still perfect
    # (it is first among text-only profiles), while the occupation segment is not.
    other = make_candidate(ref="K-3")
    reports = {
        (s.dimension, s.segment): s
        for s in evaluate_segments(
            {"V-1": ["K-3", "K-2", "K-1"]}, labels, [occ, text, other]
        )
    }
    assert reports["completeness", "text_only"].ndcg_at_k == pytest.approx(1.0)
    assert reports["completeness", "occupation"].ndcg_at_k < 1.0


def test_evaluate_prints_the_segments(tmp_path, capsys):
    out = tmp_path / "pilot"
    assert (
        main(["make-evalset", "--set", "pilot", "--out", str(out), "--vacancies", "6"])
        == 0
    )
    capsys.readouterr()
    status = main(
        [
            "evaluate",
            "--candidates", str(out / "candidates.jsonl"),
            "--vacancies", str(out / "vacancies.jsonl"),
            "--labels", str(out / "labels.jsonl"),
            "--as-of", "2026-09-01",
        ]
    )  # fmt: skip
    assert status == 0
    printed = capsys.readouterr().out
    assert "segments" in printed
    for name in ("text_only", "skills_only", "occupation", "B1+", "Noord-Holland"):
        assert name in printed
    assert "PC4 " not in printed
