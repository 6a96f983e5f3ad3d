"""Command line: ``python -m matching {rank,evaluate,make-evalset} ...``.

Bad input exits with status 2 and one ``file:line: field 'x': problem`` message on
stderr. Output is built completely before anything is written, so a failure never
leaves half a result on stdout.

A command runs with Python's cyclic garbage collector paused: reading 100,000 profiles
and building their index creates millions of objects and no reference cycles worth
collecting, and the collector's full passes over all of them cost about 1.5 s of a
ranking's CPU time (reference counting still frees everything as usual).

It also runs with ordinary memory pages for NumPy's arrays: NumPy asks the kernel for
2 MB pages for every large array, and where the kernel compacts memory to find them
(``transparent_hugepage/defrag`` = ``madvise``, a common default) the first touch of a
fresh array costs several times its copy. A ranking allocates its arrays once and is
done, so it gains nothing from large pages (about 1 s of system time at 100,000
profiles). ``NUMPY_MADVISE_HUGEPAGE`` set in the environment wins.
"""

from __future__ import annotations

import os

# Before NumPy is imported (the library's modules import it).
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from matching.input_fields import InputError
from matching.io import dumps_jsonl, read_candidates, read_labels, read_vacancies
from matching.records import candidate_to_dict, vacancy_to_dict

EXIT_BAD_INPUT = 2


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO date (YYYY-MM-DD): {text!r}"
        ) from None


def _positive(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matching",
        description="Rank candidates for vacancies (Werkbrug matching library).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    rank = sub.add_parser("rank", help="write one result line per vacancy (FORMATS.md)")
    rank.add_argument("--candidates", type=Path, required=True)
    rank.add_argument("--vacancies", type=Path, required=True)
    rank.add_argument("--top", type=_positive, default=10)
    rank.add_argument("--as-of", type=_date, default=None, help="default: today")

    evaluate = sub.add_parser(
        "evaluate", help="print nDCG@10, recall@10, wrongly listed share"
    )
    evaluate.add_argument("--candidates", type=Path, required=True)
    evaluate.add_argument("--vacancies", type=Path, required=True)
    evaluate.add_argument("--labels", type=Path, required=True)
    evaluate.add_argument("--as-of", type=_date, default=None, help="default: today")
    evaluate.add_argument(
        "--baseline", action="store_true", help="also score the plain TF-IDF baseline"
    )

    make = sub.add_parser(
        "make-evalset", help="write a seeded synthetic evaluation set"
    )
    make.add_argument("--out", type=Path, required=True, help="folder for the 3 files")
    make.add_argument(
        "--set",
        choices=("esco", "pilot"),
        default="esco",
        help="esco: all of ESCO (default); pilot: the pilots' trades, half without occupation",
    )
    make.add_argument("--seed", type=int, default=None, help="default: 7 / 2027")
    make.add_argument("--vacancies", type=_positive, default=60)
    make.add_argument("--background", type=int, default=300)
    make.add_argument("--as-of", type=_date, default=date(2026, 1, 15))
    return parser


def _rank(args: argparse.Namespace) -> str:
    from matching.index import CandidateIndex
    from matching.ranking import today

    candidates = read_candidates(args.candidates)
    vacancies = read_vacancies(args.vacancies)
    index = CandidateIndex().fit(candidates)
    results = index.rank_many(vacancies, top=args.top, as_of=args.as_of or today())
    return dumps_jsonl(
        {"vacancy": vacancy.ref, "matches": [m.to_json() for m in matches]}
        for vacancy, matches in zip(vacancies, results, strict=True)
    )


def _evaluate(args: argparse.Namespace) -> str:
    candidates = read_candidates(args.candidates)
    vacancies = read_vacancies(args.vacancies)
    labels = read_labels(args.labels)
    known_c = {c.ref for c in candidates}
    known_v = {v.ref for v in vacancies}
    for n, label in enumerate(labels, start=1):
        if label.vacancy not in known_v:
            raise InputError(
                f"unknown vacancy {label.vacancy!r}",
                source=str(args.labels),
                line=n,
                field="vacancy",
            )
        if label.candidate not in known_c:
            raise InputError(
                f"unknown candidate {label.candidate!r}",
                source=str(args.labels),
                line=n,
                field="candidate",
            )
    from matching.evaluation import (
        SEGMENT_DEPTH,
        evaluate_rankings,
        evaluate_segments,
        tfidf_baseline_rankings,
    )
    from matching.index import CandidateIndex
    from matching.ranking import today

    as_of = args.as_of or today()
    index = CandidateIndex().fit(candidates)
    # One deep ranking serves both: its first 10 are the top 10.
    results = index.rank_many(vacancies, top=SEGMENT_DEPTH, as_of=as_of)
    rankings = {
        v.ref: [m.candidate_ref for m in matches]
        for v, matches in zip(vacancies, results, strict=True)
    }
    report = {
        "matching": evaluate_rankings(
            rankings, labels, candidates, vacancies, as_of
        ).as_dict()
    }
    if args.baseline:
        base = tfidf_baseline_rankings(candidates, vacancies)
        report["tfidf_baseline"] = evaluate_rankings(
            base, labels, candidates, vacancies, as_of
        ).as_dict()
    lines = []
    for name, values in report.items():
        lines.append(f"{name}:")
        lines += [f"  {key:22s} {value}" for key, value in values.items()]
    lines.append("segments (ndcg@10 recall@10 vacancies candidates):")
    for seg in evaluate_segments(rankings, labels, candidates):
        lines.append(
            f"  {seg.dimension:12s} {seg.segment:12s} {seg.ndcg_at_k:.4f} "
            f"{seg.recall_at_k:.4f} {seg.n_vacancies:4d} {seg.n_candidates:6d}"
        )
    return "\n".join(lines) + "\n"


def _make_evalset(args: argparse.Namespace) -> str:
    from matching.evalset import make_evalset
    from matching.pilotset import make_pilotset

    if args.set == "pilot":
        evalset = make_pilotset(
            n_vacancies=args.vacancies,
            n_background=args.background,
            seed=2027 if args.seed is None else args.seed,
            as_of=args.as_of,
        )
    else:
        evalset = make_evalset(
            n_vacancies=args.vacancies,
            n_background=args.background,
            seed=7 if args.seed is None else args.seed,
            as_of=args.as_of,
        )
    args.out.mkdir(parents=True, exist_ok=True)
    files = {
        "candidates.jsonl": dumps_jsonl(
            candidate_to_dict(c) for c in evalset.candidates
        ),
        "vacancies.jsonl": dumps_jsonl(vacancy_to_dict(v) for v in evalset.vacancies),
        "labels.jsonl": dumps_jsonl(
            {
                "vacancy": lb.vacancy,
                "candidate": lb.candidate,
                "relevance": lb.relevance,
            }
            for lb in evalset.labels
        ),
    }
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")
    summary = {
        "out": str(args.out),
        "as_of": evalset.as_of.isoformat(),
        "candidates": len(evalset.candidates),
        "vacancies": len(evalset.vacancies),
        "labels": len(evalset.labels),
    }
    return json.dumps(summary) + "\n"


COMMANDS = {"rank": _rank, "evaluate": _evaluate, "make-evalset": _make_evalset}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command; returns the process exit status."""
    args = _parser().parse_args(argv)
    collecting = gc.isenabled()
    gc.disable()
    try:
        output = COMMANDS[args.command](args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        if collecting:
            gc.enable()
    sys.stdout.write(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
