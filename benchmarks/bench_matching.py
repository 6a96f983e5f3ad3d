"""Benchmark the ranking against the practical limits (run by hand: ``make bench``).

Prints, in one run on the same synthetic data (seeded, generated from ESCO):

(a) index build time for 100,000 candidate profiles, and the index's memory;
(b) time per vacancy to rank all profiles (100 vacancies, top 10, with reasons);
(c) a bare SciPy baseline on the same TF-IDF matrix: one sparse mat-vec + argpartition;
(d) with ``DATABASE_URL=postgresql...``: PostgreSQL full-text ranking (``ts_rank`` over a
    GIN-indexed tsvector of the same profiles' text) in a temporary table;

and the ratios (b)/(c) (target ≤ 3) and (d)/(b) (target ≥ 50), plus the portal-sized
case of 10,000 profiles. Usage::

    .venv/bin/python benchmarks/bench_matching.py [--profiles 100000] [--vacancies 100]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from matching.evalset import synthetic_population  # noqa: E402
from matching.evaluation import profile_text  # noqa: E402
from matching.features import CandidateFeatures  # noqa: E402
from matching.index import CandidateIndex  # noqa: E402
from matching.taxonomy import load_taxonomy  # noqa: E402
from matching.types import Candidate, Vacancy  # noqa: E402
from matching.vacancy_features import VacancyFeatures, vacancy_text  # noqa: E402

AS_OF = date(2026, 1, 15)
TOP = 10


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f} ms"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _per_call(fn: Callable[[], object], calls: int, repeat: int = 3) -> float:
    """Median over ``repeat`` runs of the mean wall time of ``calls`` calls."""
    return _timed(fn, calls, repeat)[0]


def _timed(
    fn: Callable[[], object], calls: int, repeat: int = 3
) -> tuple[float, float]:
    """(wall, CPU) seconds per call, medians over ``repeat`` runs.

    CPU time (this process only) is reported too because a busy shared machine
    inflates wall time; the ratios are computed from wall time.
    """
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(calls):
            fn()
        walls.append((time.perf_counter() - wall) / calls)
        cpus.append((time.process_time() - cpu) / calls)
    return statistics.median(walls), statistics.median(cpus)


def _index_bytes(features: CandidateFeatures) -> int:
    total = 0
    for matrix in (
        features.structured,
        features.text,
        features.structured_csc,
        features.text_csc,
    ):
        total += matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes
    for name in (
        "lat",
        "lon",
        "max_km",
        "hours",
        "available_from",
        "earliest_work",
        "w_valid_until",
    ):
        total += getattr(features, name).nbytes
    total += sum(a.nbytes for a in features.languages.values())
    return total


def bench_index(
    candidates: Sequence[Candidate], vacancies: Sequence[Vacancy], label: str
) -> dict[str, float]:
    rss_before = _peak_rss_mb()
    start = time.perf_counter()
    index = CandidateIndex().fit(candidates)
    _ = (
        index.features_.structured_csc,
        index.features_.text_csc,
        index.features_.radians,
    )
    build = time.perf_counter() - start
    rss_after = _peak_rss_mb()
    index.rank(vacancies[0], top=TOP, as_of=AS_OF)  # warm caches

    rank_wall, rank_cpu_all = _timed(
        lambda: index.rank_many(vacancies, top=TOP, as_of=AS_OF), 1
    )
    rank_many, rank_cpu = rank_wall / len(vacancies), rank_cpu_all / len(vacancies)
    one = (
        _per_call(
            lambda: [index.rank(v, top=TOP, as_of=AS_OF) for v in vacancies[:20]], 1
        )
        / 20
    )

    # (c) the practical limit: the same TF-IDF matrix, one mat-vec and a top-K.
    features = index.features_
    queries = VacancyFeatures.build(vacancies, index.weights).text
    dense_queries = [queries[i].toarray().ravel() for i in range(queries.shape[0])]
    text = features.text

    def scipy_baseline() -> None:
        for q in dense_queries:
            scores = text @ q
            np.argpartition(-scores, TOP)[:TOP]

    baseline, baseline_cpu = (t / len(vacancies) for t in _timed(scipy_baseline, 1))
    csc = features.text_csc

    def scipy_csc_baseline() -> None:
        for i in range(queries.shape[0]):
            row = queries[i]
            scores = csc[:, row.indices] @ row.data
            np.argpartition(-scores, TOP)[:TOP]

    csc_baseline = _per_call(scipy_csc_baseline, 1) / len(vacancies)
    print(f"\n== {label}: {len(candidates):,} profiles, {len(vacancies)} vacancies")
    print(f"(a) index build (fit)                    {_ms(build)}")
    print(
        f"    index arrays (CSR + CSC + columns)   {_index_bytes(features) / 2**20:9.1f} MiB"
    )
    print(
        f"    peak RSS during build                {rss_before:9.1f} -> {rss_after:.1f} MiB"
    )
    print(
        f"(b) rank all profiles, per vacancy       {_ms(rank_many)}  (CPU "
        f"{_ms(rank_cpu).strip()}; rank_many, top {TOP}, with reasons)"
    )
    print(f"    same, one rank() call per vacancy    {_ms(one)}")
    print(
        f"(c) SciPy baseline: CSR mat-vec + top-K  {_ms(baseline)}  (CPU {_ms(baseline_cpu).strip()})"
    )
    print(f"    SciPy baseline, query columns (CSC)  {_ms(csc_baseline)}")
    print(
        f"    ratio (b)/(c)                        {rank_many / baseline:9.2f}   (target <= 3)"
    )
    return {"rank": rank_many, "baseline": baseline}


def _tsquery(text: str) -> str:
    words = sorted(set(re.findall(r"[^\W\d_]{3,}", text.lower())))
    return " | ".join(words[:200]) or "x"


def bench_postgres(
    url: str, candidates: Sequence[Candidate], vacancies: Sequence[Vacancy], ours: float
) -> None:
    import psycopg

    print(f"== PostgreSQL full text on the full size: {len(candidates):,} profiles")
    dsn = url.replace("postgresql+psycopg://", "postgresql://", 1)
    tx = load_taxonomy()
    with psycopg.connect(dsn, autocommit=True) as conn, conn.cursor() as cur:
        cur.execute(
            "CREATE TEMPORARY TABLE bench_profiles (ref text PRIMARY KEY, body text, doc tsvector)"
        )
        start = time.perf_counter()
        buffer = io.StringIO()
        for c in candidates:
            body = (
                profile_text(c).replace("\\", " ").replace("\t", " ").replace("\n", " ")
            )
            buffer.write(f"{c.ref}\t{body}\n")
        with cur.copy("COPY bench_profiles (ref, body) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        cur.execute("UPDATE bench_profiles SET doc = to_tsvector('simple', body)")
        cur.execute("CREATE INDEX ON bench_profiles USING gin (doc)")
        cur.execute("ANALYZE bench_profiles")
        load = time.perf_counter() - start
        queries = [_tsquery(vacancy_text(v, tx)) for v in vacancies]
        sql = (
            "SELECT ref, ts_rank(doc, q) AS r FROM bench_profiles, to_tsquery('simple', %s) q "
            "WHERE doc @@ q ORDER BY r DESC, ref LIMIT %s"
        )
        cur.execute(sql, (queries[0], TOP)).fetchall()  # warm up
        start = time.perf_counter()
        for q in queries:
            cur.execute(sql, (q, TOP)).fetchall()
        per_query = (time.perf_counter() - start) / len(queries)
        cur.execute("DROP TABLE bench_profiles")
    print(
        f"(d) PostgreSQL ts_rank, per vacancy      {_ms(per_query)}  (load + GIN index {load:.1f} s)"
    )
    print(
        f"    ratio (d)/(b)                        {per_query / ours:9.1f}   (target >= 50)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark matching.CandidateIndex.")
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--vacancies", type=int, default=100)
    parser.add_argument("--portal-profiles", type=int, default=10_000)
    args = parser.parse_args(argv)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, NumPy {np.__version__}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    start = time.perf_counter()
    candidates, vacancies = synthetic_population(args.profiles, args.vacancies, seed=11)
    print(
        f"generated {len(candidates):,} synthetic profiles in {time.perf_counter() - start:.1f} s"
    )
    load_taxonomy()
    CandidateIndex().fit(
        candidates[:10]
    )  # load the text model and inference tables once
    big = bench_index(candidates, vacancies, "full size")
    bench_index(candidates[: args.portal_profiles], vacancies, "portal size")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql"):
        bench_postgres(url, candidates, vacancies, big["rank"])
    else:
        print(
            "\n(d) skipped: set DATABASE_URL=postgresql+psycopg://... to compare with ts_rank"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
