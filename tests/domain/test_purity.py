import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "portal" / "domain"
ALLOWED_THIRD_PARTY = {"stdnum"}
ALLOWED_FIRST_PARTY = ("portal.domain", "matching.permits")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(DOMAIN.glob("*.py")), ids=lambda p: p.name)
def test_domain_modules_import_only_stdlib_stdnum_and_permits(path):
    for name in imported_modules(path):
        top = name.split(".")[0]
        if top in sys.stdlib_module_names or top == "__future__":
            continue
        if top in ALLOWED_THIRD_PARTY or name.startswith(ALLOWED_FIRST_PARTY):
            continue
        pytest.fail(f"{path.name} imports {name}")


def test_permits_imports_only_the_stdlib():
    for name in imported_modules(ROOT / "matching" / "permits.py"):
        assert name.split(".")[0] in sys.stdlib_module_names | {"__future__"}, name


def test_importing_permits_loads_no_web_or_database_code():
    code = (
        "import sys; import matching.permits; "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('flask', 'sqlalchemy', 'portal', 'forms')]; print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"
