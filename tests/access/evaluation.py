"""Access rules of the evaluation (/evaluatie): matchmakers and admins; settings admins only.

The world holds one imported document, so the delete button has something to delete.
"""

import json
from types import SimpleNamespace

from portal.services.evaluation import exchange
from portal.services.evaluation.period import default_filters
from portal.services.evaluation.report import build_report


def world(actors: SimpleNamespace) -> SimpleNamespace:
    doc = exchange.document(build_report(default_filters()))
    doc["municipality"] = "Emmen"
    row = exchange.import_document(json.dumps(doc).encode(), by=actors.admin)
    return SimpleNamespace(import_id=row.id)


def _staff(status: int) -> dict[str, int]:
    return {
        "anonymous": 302,
        "employer": 403,
        "other_employer": 403,
        "unverified_employer": 403,
        "matchmaker": status,
        "admin": status,
        "intermediary": 403,
        "coa": 403,
    }


def _only_admin(status: int) -> dict[str, int]:
    return {**_staff(403), "anonymous": 302, "admin": status}


RULES = [
    ("reports.index", "GET", None, _staff(200)),
    (
        "reports.export",
        "GET",
        lambda w: {"question": "work", "fmt": "xlsx"},
        _staff(200),
    ),
    ("reports.export_json", "GET", None, _staff(200)),
    ("reports.compare", "GET", None, _staff(200)),
    ("reports.compare", "POST", None, _staff(200)),
    (
        "reports.delete_import",
        "POST",
        lambda w: {"import_id": w.import_id},
        _staff(302),
    ),
    ("reports.settings", "GET", None, _only_admin(200)),
    ("reports.settings", "POST", None, _only_admin(200)),
]
