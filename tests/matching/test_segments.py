"""Quality per segment (completeness, Dutch level, region) on both evaluation sets."""

import pytest

from matching.__main__ import main
from matching.evalset import make_evalset
from matching.evaluation import SEGMENT_DEPTH, evaluate_segments, segments_of
from matching.index import CandidateIndex
from matching.io import Label
from matching.pilotset import make_pilotset
from matching.quality import MEASURED

#: Lowest nDCG@10 any completeness segment may fall to (measured 0.90–0.98).
COMPLETENESS_FLOOR = 0.87


@pytest.fixture(scope="module", params=["evalset", "pilotset"])
def segments(request):
    data = make_evalset() if request.param == "evalset" else make_pilotset()
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
    reports["set"] = "esco" if request.param == "evalset" else "pilot"
    return reports


def test_every_completeness_segment_keeps_its_quality(segments):
    for kind in ("occupation", "skills_only", "text_only"):
        report = segments["completeness", kind]
        assert report.n_vacancies >= 20
        assert report.ndcg_at_k >= COMPLETENESS_FLOOR, kind


def test_the_quoted_segment_figures_are_the_measured_ones(segments):
    quoted = {q.name: q for q in MEASURED}[segments["set"]].by_completeness
    for kind, value in quoted.items():
        assert segments["completeness", kind].ndcg_at_k == pytest.approx(
            value, abs=0.005
        )


def test_dutch_levels_and_regions_are_all_reported(segments):
    dutch = {k[1] for k in segments if k != "set" and k[0] == "dutch"}
    assert dutch == {"geen", "A1", "A2", "B1+"}
    regions = [s for key, s in segments.items() if key != "set" and key[0] == "region"]
    assert len(regions) >= 5
    assert min(s.ndcg_at_k for s in regions) >= 0.8


def test_segments_of_a_profile(make_candidate):
    assert segments_of(make_candidate()) == {
        "completeness": "occupation",
        "dutch": "A2",
        "region": "PC4 1xxx",
    }
    text = make_candidate(occupations=(), summary="kok", languages={})
    assert segments_of(text)["completeness"] == "text_only"
    assert segments_of(text)["dutch"] == "geen"


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
    for name in ("text_only", "skills_only", "occupation", "B1+", "PC4 "):
        assert name in printed
