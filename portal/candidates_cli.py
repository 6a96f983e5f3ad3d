"""``flask candidates import|export`` and ``flask retention purge`` (for cron)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal.extensions import db

candidates = AppGroup("candidates", help="Kandidaatprofielen importeren en exporteren.")
retention = AppGroup("retention", help="Bewaartermijnen: persoonsgegevens opruimen.")


def _format_for(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    return "csv" if path.suffix.lower() == ".csv" else "jsonl"


@candidates.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default=None,
              help="Default: from the file name (.csv is CSV, anything else JSON Lines).")  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Only check the file; write nothing.")
def import_command(file: Path, fmt: str | None, dry_run: bool) -> None:
    """Import profiles, all or nothing; exit status 1 and a per-line report on errors."""
    from portal.services.candidates import importer as candidate_import

    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        click.echo(f"{file}: not UTF-8 text", err=True)
        sys.exit(2)
    result = candidate_import.import_profiles(
        text,
        fmt=_format_for(file, fmt),
        by=None,
        dry_run=dry_run,  # type: ignore[arg-type]
    )
    if not result.ok:
        db.session.rollback()
        for error in result.errors:
            click.echo(
                f"{file}:{error.line}: {error.field} = {error.value!r}: {error.why}",
                err=True,
            )
        click.echo(
            f"{len(result.errors)} fout(en) op {len(result.lines_with_errors)} regel(s); niets opgeslagen.",
            err=True,
        )
        sys.exit(1)
    if dry_run:
        click.echo(
            f"{result.total} regels gecontroleerd, geen fouten; niets opgeslagen (--dry-run)."
        )
        return
    db.session.commit()
    click.echo(
        f"{result.total} profielen: {len(result.created)} nieuw, {len(result.updated)} bijgewerkt, "
        f"{len(result.unchanged)} ongewijzigd; {len(result.without_consent)} zonder toestemming."
    )


@candidates.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")  # fmt: skip
def export_command(fmt: str, output: Path | None) -> None:
    """Export every profile (anonymous fields only) as JSON Lines or CSV."""
    from portal.services.candidates import export as candidate_export

    body = candidate_export.export_profiles(fmt, by=None)  # type: ignore[arg-type]
    db.session.commit()
    if output is None:
        click.echo(body, nl=False)
    else:
        output.write_text(body, encoding="utf-8")


@retention.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list who is due; change nothing.")
@click.option("--months", type=int, default=None, help="Default: RETENTION_MONTHS.")
def purge_command(dry_run: bool, months: int | None) -> None:
    """Remove the identity of people who left more than RETENTION_MONTHS ago."""
    from portal.services.candidates import retention as retention_service

    months = (
        months if months is not None else int(current_app.config["RETENTION_MONTHS"])
    )
    result = retention_service.purge(months, dry_run=dry_run)
    if dry_run:
        click.echo(
            f"{len(result.refs)} profiel(en) vertrokken vóór {result.cutoff.isoformat()}: "
            + (", ".join(result.refs) or "geen")
            + " (--dry-run: niets gewijzigd)"
        )
        return
    db.session.commit()
    click.echo(
        f"{len(result.refs)} profiel(en) geanonimiseerd (vertrokken vóór {result.cutoff.isoformat()})."
    )
