"""``python -m matching rank`` end to end against its bare limit (run by hand: ``make bench``).

Writes 100,000 synthetic profiles and 100 vacancies (seeded, from ESCO) as JSON Lines,
then runs, each in a fresh interpreter and alternating (best of ``BENCH_CLI_RUNS``, 2):

* the real command: ``python -m matching rank --top 10`` (read and validate, build the
  index, rank with every rule and reason, write);
* ``benchmarks/bare_rank.py``: the same files read, one TF-IDF matrix, one sparse product
  and an ``argpartition`` per vacancy, written (see its docstring);

and prints both wall times, their ratio (target <= 2) and each process's peak memory.
``BENCH_QUICK=1`` uses 20,000 profiles and 20 vacancies.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from matching.evalset import synthetic_population  # noqa: E402
from matching.io import dumps_jsonl  # noqa: E402
from matching.records import candidate_to_dict, vacancy_to_dict  # noqa: E402

QUICK = os.environ.get("BENCH_QUICK", "") not in {"", "0"}
PROFILES = int(os.environ.get("BENCH_CLI_PROFILES", 20_000 if QUICK else 100_000))
VACANCIES = 20 if QUICK else 100
RUNS = int(os.environ.get("BENCH_CLI_RUNS", 1 if QUICK else 2))
AS_OF = "2026-01-15"


def _run(command: list[str], out: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    with out.open("w") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=REPO, stdout=sink)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command[1:3]} exited with {process.returncode}")
    return wall, usage.ru_maxrss / 1024


def main() -> int:
    start = time.perf_counter()
    candidates, vacancies = synthetic_population(PROFILES, VACANCIES, seed=11)
    with tempfile.TemporaryDirectory() as folder:
        c_path, v_path = Path(folder) / "c.jsonl", Path(folder) / "v.jsonl"
        c_path.write_text(dumps_jsonl(candidate_to_dict(c) for c in candidates))
        v_path.write_text(dumps_jsonl(vacancy_to_dict(v) for v in vacancies))
        print(
            f"matching CLI end to end: {PROFILES:,} profiles x {VACANCIES} vacancies "
            f"({c_path.stat().st_size / 2**20:.0f} MiB JSON Lines, written in "
            f"{time.perf_counter() - start:.1f} s); load average {os.getloadavg()[0]:.1f}"
        )
        real = [sys.executable, "-m", "matching", "rank", "--candidates", str(c_path)]
        real += ["--vacancies", str(v_path), "--top", "10", "--as-of", AS_OF]
        bare = [sys.executable, str(REPO / "benchmarks" / "bare_rank.py")]
        bare += [str(c_path), str(v_path), "10"]
        results: dict[str, list[tuple[float, float]]] = {"real": [], "bare": []}
        for _ in range(RUNS):
            results["bare"].append(_run(bare, Path(folder) / "bare.jsonl"))
            results["real"].append(_run(real, Path(folder) / "real.jsonl"))
    real_wall, real_rss = min(results["real"])
    bare_wall, bare_rss = min(results["bare"])
    print(
        f"  python -m matching rank (best of {RUNS})  {real_wall:7.1f} s, peak {real_rss:.0f} MiB"
    )
    print(
        f"  bare limit (TF-IDF, product, argpartition) {bare_wall:7.1f} s, peak {bare_rss:.0f} MiB"
    )
    print(
        f"  ratio                                      {real_wall / bare_wall:7.2f}x (target <= 2)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
