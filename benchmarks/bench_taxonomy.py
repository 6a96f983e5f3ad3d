"""Time taxonomy start-up and look-ups (run by hand: ``python benchmarks/bench_taxonomy.py``).

Each figure runs in a fresh interpreter where start-up matters, because the portal's
workers pay the load once per process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

QUERIES = ["kok", "cook", "chef-kok", "lass", "schoonmaak", "heftruck chauffeur", "a"]
COLD_START = """
import time
t0 = time.perf_counter()
from matching.taxonomy import load_taxonomy
tx = load_taxonomy()
t1 = time.perf_counter()
tx.occupation("http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e")
tx.essential_skills("http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e")
t2 = time.perf_counter()
tx.search_occupations("kok")
t3 = time.perf_counter()
tx.search_skills("welding")
t4 = time.perf_counter()
from matching.geo import load_postcodes
load_postcodes().distance_km("1011", "6211")
t5 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)
"""


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def cold_start(runs: int = 5) -> None:
    samples = []
    for _ in range(runs):
        out = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
            [sys.executable, "-c", COLD_START],
            check=True,
            capture_output=True,
            text=True,
            cwd=REPO,
        ).stdout
        samples.append([float(x) for x in out.split()])
    names = [
        "import + load_taxonomy()",
        "first occupation()/essential_skills()",
        "first search_occupations() (builds index)",
        "first search_skills() (builds index)",
        "load_postcodes() + distance",
    ]
    print(f"cold start, median of {runs} fresh interpreters:")
    for i, name in enumerate(names):
        print(f"  {name:45s} {_ms(statistics.median(s[i] for s in samples))}")


def warm(repeat: int = 200) -> None:
    from matching.taxonomy import load_taxonomy

    tx = load_taxonomy()
    tx.search_occupations("x")
    tx.search_skills("x")
    uris = [o.uri for o in tx.occupations]
    t0 = time.perf_counter()
    for i in range(repeat * 10):
        tx.occupation(uris[i % len(uris)])
        tx.label(uris[i % len(uris)], "nl")
    per_lookup = (time.perf_counter() - t0) / (repeat * 10)
    print("warm (after start-up):")
    print(f"  occupation() + label()                        {per_lookup * 1e6:8.2f} µs")
    for kind, search in (
        ("occupations", tx.search_occupations),
        ("skills", tx.search_skills),
    ):
        times = []
        for q in QUERIES:
            t0 = time.perf_counter()
            for _ in range(20):
                search(q)
            times.append((time.perf_counter() - t0) / 20)
        print(
            f"  search_{kind:12s} median {_ms(statistics.median(times))}, "
            f"worst {_ms(max(times))} over {QUERIES}"
        )


if __name__ == "__main__":
    cold_start()
    warm()
