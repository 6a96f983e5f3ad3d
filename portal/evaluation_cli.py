"""``flask evaluation export``: the aggregate figures for another pilot or Platform31.

Writes the versioned JSON document of docs/EVALUATION_FORMAT.md (or one question as CSV
or .xlsx) for a period and optionally one reception centre.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import AppGroup

evaluation = AppGroup("evaluation", help="Evaluatie van de pilot.")


def _date(_ctx: object, _param: object, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()  # noqa: DTZ007 - a calendar day
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


@evaluation.command("export")
@click.option(
    "--from",
    "start",
    callback=_date,
    help="First day (YYYY-MM-DD); default the pilot year.",
)
@click.option("--to", "end", callback=_date, help="Last day (YYYY-MM-DD), included.")
@click.option("--centre", default=None, help="Only this reception centre.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "xlsx"]),
    default="json",
    show_default=True,
)
@click.option(
    "--question",
    default=None,
    help="For csv/xlsx: reach, support, work, bottlenecks or placement.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output; required for xlsx).",
)
def export(
    start: date | None,
    end: date | None,
    centre: str | None,
    fmt: str,
    question: str | None,
    output: Path | None,
) -> None:
    """Export the evaluation figures (small numbers suppressed, no person-level data)."""
    from portal.services.evaluation import exchange, exports
    from portal.services.evaluation.period import Filters, default_filters
    from portal.services.evaluation.report import QUESTIONS, build_report

    default = default_filters()
    try:
        filters = Filters(start or default.start, end or default.end, centre or None)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "json":
        data = exchange.export_json(filters).encode("utf-8") + b"\n"
    else:
        if question not in QUESTIONS:
            raise click.UsageError(f"--question must be one of {', '.join(QUESTIONS)}")
        if fmt == "xlsx" and output is None:
            raise click.UsageError("an .xlsx needs --output")
        section = build_report(filters, only=question).sections[0]
        render = exports.to_csv if fmt == "csv" else exports.to_xlsx
        data = render(section, filters)
    if output is None:
        click.echo(data.decode("utf-8"), nl=False)
    else:
        output.write_bytes(data)
        click.echo(f"written: {output}")
