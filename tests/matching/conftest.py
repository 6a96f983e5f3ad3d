"""Small hand-built profiles and vacancies for the matching tests (no app, no database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from matching.taxonomy import load_taxonomy
from matching.types import Candidate, Vacancy

REPO = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 1, 15)
COOK = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e"
HEAD_CHEF = "http://data.europa.eu/esco/occupation/01484951-15e6-4b88-a20f-1201868d36a0"


def _uri(query: str) -> str:
    return load_taxonomy().search_occupations(query, lang="en", limit=1)[0].uri


@pytest.fixture(scope="session")
def occupations() -> dict[str, str]:
    """URIs of a few occupations by English name."""
    return {
        "cook": COOK,
        "head chef": HEAD_CHEF,
        "industrial cook": _uri("industrial cook"),
        "welder": _uri("welder"),
        "forklift operator": _uri("forklift operator"),
    }


@pytest.fixture
def make_candidate() -> Callable[..., Candidate]:
    """A valid candidate near Amstelveen who may work from 2025-12-01; override any field."""

    def make(**fields: Any) -> Candidate:
        base = Candidate(
            ref="K-1",
            occupations=((COOK, 3.0),),
            pc4="1187",
            max_travel_km=30.0,
            hours_per_week=32.0,
            available_from=date(2026, 1, 1),
            asylum_application_date=date(2025, 6, 1),
            w_document_valid_until=date(2026, 12, 31),
            languages={"nl": "A2"},
        )
        return replace(base, **fields)

    return make


@pytest.fixture
def make_vacancy() -> Callable[..., Vacancy]:
    """A valid cook vacancy in Amsterdam starting 2026-03-02; override any field."""

    def make(**fields: Any) -> Vacancy:
        base = Vacancy(
            ref="V-1",
            esco_occupation=COOK,
            title="Kok",
            description="Wij zoeken een kok voor ons restaurant.",
            pc4="1011",
            hours_per_week=32.0,
            start_date=date(2026, 3, 2),
            contract_months=12.0,
            hourly_wage_eur=15.0,
            languages_required={"nl": "A2"},
        )
        return replace(base, **fields)

    return make


@pytest.fixture
def as_of() -> date:
    """The date every test ranks on."""
    return AS_OF


@pytest.fixture
def write_jsonl() -> Callable[[Path, list[Any]], Path]:
    """Write objects (or raw text lines) as a JSON Lines file."""

    def write(path: Path, rows: list[Any]) -> Path:
        lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return path

    return write


def python_env() -> dict[str, str]:
    """Environment for a fresh interpreter that can import the repository's packages."""
    paths = [str(REPO), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


@pytest.fixture
def run_python() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python ARGS`` in a fresh interpreter from the repository root."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env=python_env(),
            check=False,
        )

    return run


@pytest.fixture
def run_cli(
    run_python: Callable[..., subprocess.CompletedProcess[str]],
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run ``python -m matching ARGS`` in a fresh interpreter."""

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_python("-m", "matching", *args)

    return run
