"""The benchmark's reference: a minimal Flask page that runs one query and renders a small template.

Served with the same server settings as the portal (gunicorn, same worker count), it is
the practical ceiling of a page on this machine: what is left of a request once the
portal's own work is gone. Reads ``DATABASE_URL`` (the benchmark's database).
"""

from __future__ import annotations

import os

from flask import Flask, render_template_string
from sqlalchemy import create_engine, text

TEMPLATE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Vacatures</title></head>
<body><main><h1>Vacatures</h1><ul>
{% for row in rows %}<li>{{ row.ref }}: {{ row.title }} ({{ row.hours_per_week }} uur)</li>
{% endfor %}</ul></main></body></html>
"""

engine = create_engine(
    os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1),
    pool_pre_ping=True,
)
app = Flask(__name__)


@app.get("/")
def page() -> str:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT ref, title, hours_per_week FROM vacancy ORDER BY id LIMIT 20")
        ).all()
    return render_template_string(TEMPLATE, rows=rows)
