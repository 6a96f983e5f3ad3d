"""The shape of the code, held by tests: which service area may import which, no import
cycles in ``portal/`` or ``matching/``, views that never query models themselves, and no
module over ``MAX_LINES`` lines.

Every import counts, also one inside a function: a deferred import that hides a cycle is
still a cycle. A parent package's ``__init__`` is not counted as imported by its children
(Python runs it, but nothing in it depends on them).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.services import AREA_IMPORTS, SHARED_MODULES

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("portal", "matching", "forms")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found[module_name(path)] = path
    return found


MODULES = all_modules()


def imports_of(path: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in the file, resolved to known modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                # ``from pkg import module`` imports the module; ``from mod import name``
                # imports the module that holds the name.
                yield (candidate if candidate in MODULES else node.module), node.lineno


def graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges[name] = {
            target
            for target, _ in imports_of(path)
            if target in modules and target != name
        }
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(edges[child]))))
    return None


def service_area(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] != ["portal", "services"] or len(parts) < 3:
        return None
    return "shared" if parts[2] in SHARED_MODULES else parts[2]


def test_there_is_no_import_cycle():
    assert find_cycle(graph(MODULES)) is None


def test_the_cycle_finder_finds_a_cycle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(edges) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_every_service_area_is_listed():
    areas = {
        service_area(name)
        for name in MODULES
        if service_area(name) and name != "portal.services"
    }
    assert areas == set(AREA_IMPORTS)


def layering_errors(modules: dict[str, Path]) -> list[str]:
    errors = []
    for name, path in sorted(modules.items()):
        area = service_area(name)
        if area is None:
            continue
        for target, line in imports_of(path):
            other = service_area(target)
            if other is None or other == area:
                continue
            if other not in AREA_IMPORTS[area]:
                errors.append(f"{name}:{line} ({area}) imports {target}")
    return errors


def test_service_areas_import_only_what_they_may():
    assert layering_errors(MODULES) == []


def test_the_layering_check_catches_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from portal.services.matches import review\n")
    fake = {"portal.services.candidates.bad": bad}
    assert layering_errors(fake) == [
        "portal.services.candidates.bad:1 (candidates) imports portal.services.matches.review"
    ]


def test_services_do_not_import_views_or_forms():
    for name, path in MODULES.items():
        if not name.startswith("portal.services"):
            continue
        for target, line in imports_of(path):
            assert not target.startswith(("portal.views", "forms")), f"{path}:{line}"


QUERY_MARKERS = (
    "select(",
    "db.session.get",
    "db.get_or_404",
    "db.session.scalar",
    "db.session.execute",
    "db.paginate",
    "db.first_or_404",
    ".query",
)


def queries_in(path: Path) -> list[str]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        found.extend(
            f"{path.name}:{number}: {marker}"
            for marker in QUERY_MARKERS
            if marker in code
        )
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "portal" / "views").glob("*.py")), ids=lambda p: p.name
)
def test_views_do_not_query_models(path):
    assert queries_in(path) == []


def test_the_query_check_catches_a_query(tmp_path):
    view = tmp_path / "view.py"
    view.write_text("x = db.session.get(Match, 1)\ny = db.session.scalars(select(A))\n")
    assert len(queries_in(view)) == 3


# -- module size ---------------------------------------------------------------------------
#: Longest module, in lines (issue 10): a longer one is split along the seams it has.
MAX_LINES = 400


def long_modules(modules: dict[str, Path]) -> list[str]:
    """Modules over MAX_LINES, as "path: lines"."""
    found = []
    for path in sorted(modules.values()):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        name = (
            path.relative_to(ROOT).as_posix()
            if path.is_relative_to(ROOT)
            else path.name
        )
        if lines > MAX_LINES:
            found.append(f"{name}: {lines}")
    return found


def test_no_module_is_longer_than_max_lines():
    assert long_modules(MODULES) == []


def test_the_size_check_catches_a_long_module(tmp_path):
    short, long = tmp_path / "short.py", tmp_path / "long.py"
    short.write_text("x = 1\n" * MAX_LINES)
    long.write_text("x = 1\n" * (MAX_LINES + 1))
    fake = {"short": short, "long": long}
    assert long_modules(fake) == [f"long.py: {MAX_LINES + 1}"]
