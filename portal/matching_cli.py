"""``flask matching index``: build (or bring up to date) the shared candidate index.

Run from cron just after midnight, so that the first page of the day does not wait for
the daily rebuild (see README, Production).
"""

from __future__ import annotations

import time

import click
from flask.cli import AppGroup

matching = AppGroup("matching", help="Matching-index.")


@matching.command("index")
def build_index() -> None:
    """Bring today's candidate index files up to date (a no-op when they are)."""
    from portal.services.matches.index import candidate_index
    from portal.services.matches.index_state import index_cache

    cache = index_cache()
    before = (cache.builds["candidates"], cache.updates)
    start = time.perf_counter()
    built = candidate_index()
    if cache.builds["candidates"] > before[0]:
        how = "gebouwd"
    elif cache.updates > before[1]:
        how = "bijgewerkt"
    else:
        how = "al actueel"
    files = ", ".join(sorted(built.manifest.files())) if built.manifest else "-"
    click.echo(
        f"kandidatenindex {how}: {len(built.ids)} profielen, "
        f"{time.perf_counter() - start:.1f} s ({files})"
    )
