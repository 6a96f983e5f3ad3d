"""matching/ is a library of its own: importing it never loads the web stack."""

import json

MODULES = [
    "matching",
    "matching.taxonomy",
    "matching.geo",
    "matching.types",
    "matching.io",
    "matching.index",
    "matching.learning",
    "matching.register",
    "matching.evalset",
    "matching.evaluation",
    "matching.__main__",
]
FORBIDDEN = ("flask", "sqlalchemy", "portal", "forms", "wtforms", "flask_sqlalchemy")


def test_importing_matching_loads_no_web_or_database_module(run_python):
    code = (
        "import importlib, json, sys\n"
        f"for name in {MODULES!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    bad = [m for m in loaded if m.split(".")[0] in FORBIDDEN]
    assert bad == []
