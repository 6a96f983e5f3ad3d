"""Portal pages under load against a one-query reference page (run by hand: ``make bench``).

In one run on this machine:

1. fills a PostgreSQL database (``BENCH_DATABASE_URL``, default ``werkbrug_bench`` on the
   local server; its schema is dropped and migrated afresh, and it runs with
   ``synchronous_commit = off`` so that the disk of a shared machine does not decide
   the audit-logging pages' figures) with 10,000 demo-like
   profiles, 100 vacancies, approved matches, hires with TWV cases and relocations;
2. serves the portal (``wsgi:app``) and ``benchmarks/reference_app.py`` (one query, a small
   template) with the same server settings: gunicorn, 2 sync workers, loopback;
3. counts the SQL queries of one warm request per page (in process, same database);
4. alternates load runs (wrk, 16 connections; a bounded Python load generator when wrk is
   missing) over the pages, logged in, with the reference run between every few pages;
5. prints req/s, p50/p95 and queries per request per page with the ratio to the
   reference, the first request after a profile change against a warm one, and the
   workers' memory (RSS and PSS; and the part of it that is the matching index files,
   which both workers map: its PSS is about half its RSS in each).

``BENCH_QUICK=1`` runs a small version (2,000 profiles, 2-second runs, one round) for
development; ``BENCH_SECONDS``/``BENCH_ROUNDS`` override the run length and count.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

QUICK = os.environ.get("BENCH_QUICK", "") not in {"", "0"}
PROFILES = 2_000 if QUICK else 10_000
VACANCIES = 20 if QUICK else 100
SECONDS = float(os.environ.get("BENCH_SECONDS", 2 if QUICK else 5))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 1 if QUICK else 2))
CONNECTIONS = 16
WORKERS = 2
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/werkbrug_bench"

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRKJSON {\\"requests\\": %d, \\"duration_us\\": %d, \\"p50\\": %d, \\"p95\\": %d, "
    .. "\\"non2xx\\": %d, \\"errors\\": %d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass
class Page:
    name: str
    path: str
    who: str  # "matchmaker", "employer" or "" (no login: the calendar feed)
    queries: int = 0
    runs: list[dict[str, float]] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _reset_database(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres")
    with psycopg.connect(
        admin.render_as_string(hide_password=False), autocommit=True
    ) as conn:
        if not conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (parsed.database,)
        ).fetchone():
            conn.execute(f'CREATE DATABASE "{parsed.database}"')
        # Pages that record an audit event commit; on a shared disk the fsync of that
        # commit measures the neighbours' disk traffic, not the portal. Without it the
        # figures are the portal's own work (the README says so).
        conn.execute(f'ALTER DATABASE "{parsed.database}" SET synchronous_commit = off')
    plain = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def _portal_environment(url: str, secret: str, index_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        WERKBRUG_ENV="production",
        DATABASE_URL=url,
        SECRET_KEY=secret,
        LOG_LEVEL="WARNING",
        IDLE_TIMEOUT_MINUTES="120",
        MATCHING_INDEX_DIR=index_dir,
    )
    return env


@contextmanager
def _server(app: str, port: int, env: dict[str, str], *extra: str) -> Iterator[int]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603 - our own executable and arguments
        [
            str(gunicorn),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
            # The first request of a worker builds the matching index: on a busy machine
            # that takes longer than gunicorn's default 30 s before it kills the worker.
            "--timeout",
            "600",
            *extra,
            app,
        ],
        cwd=REPO,
        env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"{app} did not start on port {port}")
        yield process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # workers stuck in a request: stop them now
            process.kill()
            process.wait(timeout=30)


def _get(port: int, path: str, cookie: str) -> tuple[int, float]:
    # Generous: the first request of a worker builds the matching index, and a busy
    # shared machine can make that take minutes.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - start


def _wrk(port: int, path: str, cookie: str, seconds: float, script: str) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        script,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(  # noqa: S603 - wrk on loopback
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    raw = json.loads(line.removeprefix("WRKJSON "))
    return {
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50": raw["p50"] / 1000,
        "p95": raw["p95"] / 1000,
        "bad": raw["non2xx"] + raw["errors"],
    }


def _python_load(port: int, path: str, cookie: str, seconds: float) -> dict:
    """Fallback without wrk: CONNECTIONS threads for ``seconds`` (bounded in time and count)."""
    latencies: list[float] = []
    bad = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    limit = 100_000

    def worker() -> None:
        while time.monotonic() < deadline and len(latencies) < limit:
            try:
                status, took = _get(port, path, cookie)
            except OSError:
                status, took = 0, 0.0
            with lock:
                latencies.append(took)
                if status != 200:
                    bad[0] += 1

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    ordered = sorted(latencies) or [0.0]
    return {
        "rps": len(latencies) / elapsed,
        "p50": ordered[len(ordered) // 2] * 1000,
        "p95": ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000,
        "bad": bad[0],
    }


def _load(port: int, path: str, cookie: str, seconds: float, script: str) -> dict:
    # One request first: it waits behind whatever the last run left queued in the
    # server, so that backlog is not counted against this page.
    _get(port, path, cookie)
    if shutil.which("wrk"):
        return _wrk(port, path, cookie, seconds, script)
    return _python_load(port, path, cookie, seconds)


def _rss_pss_mib(pid: int) -> tuple[float, float]:
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"Rss", "Pss"}:
            values[key] = int(rest.split()[0]) / 1024
    return values.get("Rss", 0.0), values.get("Pss", 0.0)


def _index_mib(pid: int, folder: str) -> tuple[float, float]:
    """RSS and PSS of the matching index files a process maps (MiB)."""
    rss = pss = 0.0
    inside = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        first = line.split(maxsplit=5)
        if len(first) >= 5 and "-" in first[0] and ":" not in first[0]:
            inside = len(first) == 6 and first[5].startswith(folder)
        elif inside and first[0] in {"Rss:", "Pss:"}:
            value = int(first[1]) / 1024
            if first[0] == "Rss:":
                rss += value
            else:
                pss += value
    return rss, pss


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(c) for c in children]


def _pages(world) -> list[Page]:
    candidate_ref, vacancy_ref = world.pair
    return [
        Page(
            "suggestions /matches/vacature/<id>",
            f"/matches/vacature/{world.vacancy_id}",
            "matchmaker",
        ),
        Page("candidate search /kandidaten/?q=kok", "/kandidaten/?q=kok", "matchmaker"),
        Page("TWV case /twv/<id>", f"/twv/{world.case_id}", "matchmaker"),
        Page("candidate list page 1", "/kandidaten/", "matchmaker"),
        Page(
            "pair explanation",
            f"/matches/uitleg?candidate={candidate_ref}&vacancy={vacancy_ref}",
            "matchmaker",
        ),
        Page("employer home", "/werkgever/", "employer"),
        Page("iCal feed", f"/agenda/{world.calendar_token}.ics", ""),
        Page("approved candidates (employer)", "/matches/werkgever", "employer"),
        Page("vacancy detail", f"/vacatures/{world.vacancy_id}", "matchmaker"),
        Page("vacancy list", "/vacatures/", "matchmaker"),
        Page("candidate detail", f"/kandidaten/{world.candidate_id}", "matchmaker"),
        Page("matchmaker home", "/werkplein/", "matchmaker"),
    ]


def _sessions_and_queries(app, world, pages: list[Page]) -> dict[str, str]:
    """Log both users in (cookies for the load runs) and count each page's queries."""
    from flask_login import FlaskLoginClient
    from sqlalchemy import event

    from portal.extensions import db
    from portal.models import User
    from portal.services.accounts import login

    app.test_client_class = FlaskLoginClient
    cookies, clients = {}, {}
    for who, user_id in (
        ("matchmaker", world.matchmaker_id),
        ("employer", world.employer_user_id),
    ):
        with app.app_context():
            user = db.session.get(User, user_id)
            login.start_session(user, ip_address="127.0.0.1")
            db.session.commit()
            db.session.refresh(user)
            client = app.test_client(user=user)
        # Requests outside the app context above: each gets its own (and its own g).
        client.get("/")
        cookies[who] = f"session={client.get_cookie('session').value}"
        clients[who] = client
    clients[""] = app.test_client()
    counter = [0]

    def count(*_args: object) -> None:
        counter[0] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    for page in pages:
        client = clients[page.who]
        for _ in range(2):  # the second request is the warm one
            counter[0] = 0
            response = client.get(page.path)
            if response.status_code != 200:
                raise RuntimeError(f"{page.path}: {response.status_code}")
        page.queries = counter[0]
    event.remove(engine, "before_cursor_execute", count)
    cookies[""] = ""
    return cookies


def _fmt(page: Page, ref: dict[str, float]) -> str:
    rps = statistics.median(r["rps"] for r in page.runs)
    p50 = statistics.median(r["p50"] for r in page.runs)
    p95 = statistics.median(r["p95"] for r in page.runs)
    bad = sum(r["bad"] for r in page.runs)
    note = f"  ({bad} failed)" if bad else ""
    return (
        f"| {page.name} | {rps:.0f} | {p50:.0f} | {p95:.0f} | {rps / ref['rps']:.2f} "
        f"| {p95 / ref['p95']:.1f} | {page.queries} |{note}"
    )


def main() -> int:
    from flask_migrate import upgrade
    from portal_world import build_world

    from portal import create_app

    if not shutil.which("wrk"):
        print("wrk not found: using the Python load generator (slower client)")
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    secret = secrets.token_urlsafe(32)
    start = time.perf_counter()
    _reset_database(url)
    with tempfile.TemporaryDirectory() as instance:
        index_dir = str(Path(instance) / "index")
        config = {
            "WERKBRUG_ENV": "production",
            "SECRET_KEY": secret,
            "SQLALCHEMY_DATABASE_URI": url,
            "LOG_LEVEL": "WARNING",
            "IDLE_TIMEOUT_MINUTES": 120,
            "MATCHING_INDEX_DIR": index_dir,
        }
        app = create_app(config)
        with app.app_context():
            upgrade(directory=str(REPO / "migrations"))
        world = build_world(app, PROFILES, VACANCIES)
        print(
            f"portal load: {PROFILES:,} profiles, {VACANCIES} vacancies on PostgreSQL "
            f"({time.perf_counter() - start:.1f} s to build); gunicorn {WORKERS} workers, "
            f"{CONNECTIONS} connections, {ROUNDS} x {SECONDS:g} s per page; "
            f"load average {os.getloadavg()[0]:.1f}"
        )
        pages = _pages(world)
        cookies = _sessions_and_queries(app, world, pages)
        script = Path(instance) / "report.lua"
        script.write_text(WRK_SCRIPT)
        env = _portal_environment(url, secret, index_dir)
        portal_port, ref_port = _free_port(), _free_port()
        reference = Page("reference: one query, small template", "/", "", queries=1)
        with (
            _server("wsgi:app", portal_port, env) as portal_pid,
            _server(
                "reference_app:app", ref_port, env, "--pythonpath", "benchmarks"
            ) as ref_pid,
        ):
            for page in pages:  # warm every worker (the index is built on first use)
                status, _ = _get(portal_port, page.path, cookies[page.who])
                if status != 200:
                    raise RuntimeError(f"{page.path}: {status} from the server")
                _load(portal_port, page.path, cookies[page.who], 1, str(script))
            _load(ref_port, "/", "", 1, str(script))
            for _ in range(ROUNDS):
                for n, page in enumerate(pages):
                    if n % 4 == 0:
                        reference.runs.append(
                            _load(ref_port, "/", "", SECONDS, str(script))
                        )
                    page.runs.append(
                        _load(
                            portal_port,
                            page.path,
                            cookies[page.who],
                            SECONDS,
                            str(script),
                        )
                    )
            reference.runs.append(_load(ref_port, "/", "", SECONDS, str(script)))
            suggestions = pages[0]
            warm = [
                _get(portal_port, suggestions.path, cookies["matchmaker"])[1]
                for _ in range(10)
            ]
            with app.app_context():
                from portal.extensions import db
                from portal.models import CandidateProfile
                from portal.models.base import utcnow

                profile = db.session.get(CandidateProfile, 2)
                profile.hours_per_week = 20 if profile.hours_per_week != 20 else 24
                profile.updated_at = utcnow()
                db.session.commit()
            after = [
                _get(portal_port, suggestions.path, cookies["matchmaker"])[1]
                for _ in range(4)
            ]
            memory = {
                "portal": [_rss_pss_mib(p) for p in _workers(portal_pid)],
                "reference": [_rss_pss_mib(p) for p in _workers(ref_pid)],
            }
            index_memory = [_index_mib(p, index_dir) for p in _workers(portal_pid)]
    ref = {
        "rps": statistics.median(r["rps"] for r in reference.runs),
        "p95": statistics.median(r["p95"] for r in reference.runs),
    }
    print(
        "| page | req/s | p50 ms | p95 ms | x reference req/s | x reference p95 | SQL queries |"
    )
    print("|---|---|---|---|---|---|---|")
    print(_fmt(reference, ref))
    for page in pages:
        print(_fmt(page, ref))
    warm_ms = statistics.median(warm) * 1000
    print(
        f"suggestions, sequential: warm median {warm_ms:.0f} ms; the first requests after "
        f"a profile change {', '.join(f'{t * 1000:.0f}' for t in after)} ms "
        f"(worst {max(after) * 1000 / warm_ms:.1f}x warm)"
    )
    for name, workers in memory.items():
        print(
            f"{name} workers, RSS / PSS: "
            + ", ".join(f"{rss:.0f} / {pss:.0f} MiB" for rss, pss in workers)
        )
    print(
        "of which the matching index files (mapped, shared), RSS / PSS: "
        + ", ".join(f"{rss:.1f} / {pss:.1f} MiB" for rss, pss in index_memory)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
