"""CSV and Excel (.xlsx) of one question, with the period, filters and definitions in the file.

Dutch conventions (README, Evaluation): the CSV is UTF-8 with a byte order mark, fields
separated by a semicolon and decimals written with a comma, as Dutch Excel reads them;
no thousands separator. Suppressed figures are the text ``<5`` or ``x``. In the .xlsx
numbers are real numbers (Excel shows them in the reader's locale) and percentages and
euros carry a number format.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from flask import current_app
from openpyxl import Workbook
from openpyxl.styles import Font

from portal.services.evaluation import suppress
from portal.services.evaluation.figures import EURO, PERCENT, Figure, Section
from portal.services.evaluation.labels import _
from portal.services.evaluation.period import Filters

#: A text cell starting with one of these would be a formula in a spreadsheet (CSV
#: injection); such text is written with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

UNIT_LABELS = {"count": "aantal", "percent": "procent", "euro": "euro", "days": "dagen"}


def _meta(section: Section, filters: Filters) -> list[list[str]]:
    rows = [
        [
            _("Werkbrug – evaluatie van de pilot"),
            str(current_app.config["MUNICIPALITY"]),
        ],
        [_("Vraag"), f"{section.number}. {section.title}"],
        [_("Periode"), f"{filters.start.isoformat()} – {filters.end.isoformat()}"],
        [_("Opvanglocatie"), filters.centre or _("alle opvanglocaties")],
        [
            _("Kleine aantallen"),
            _(
                "Aantallen van 1 tot en met 4 staan als %(small)s; een getal dat anders uit andere af te leiden is staat als %(x)s.",
                small=suppress.SMALL,
                x=suppress.SECONDARY,
            ),
        ],
    ]
    rows += [[_("Definitie"), text] for text in section.definitions]
    return rows


def safe_text(value: object) -> object:
    """Text that no spreadsheet reads as a formula; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _row(values: list[object]) -> list[object]:
    return [safe_text(v) for v in values]


def _csv_value(f: Figure) -> str:
    value = f.shown
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def to_csv(section: Section, filters: Filters) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in _meta(section, filters):
        writer.writerow(_row(row))
    writer.writerow([])
    writer.writerow(
        [_("Onderdeel"), _("Cijfer"), _("Sleutel"), _("Waarde"), _("Eenheid")]
    )
    for block in section.blocks:
        for f in block.figures:
            writer.writerow(
                _row([block.title, f.label, f.key, _csv_value(f), UNIT_LABELS[f.unit]])
            )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(section: Section, filters: Filters) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"Vraag {section.number}"
    for row in _meta(section, filters):
        sheet.append(_row(row))
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
    sheet.append([])
    sheet.append([_("Onderdeel"), _("Cijfer"), _("Sleutel"), _("Waarde"), _("Eenheid")])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for block in section.blocks:
        for f in block.figures:
            value = f.shown
            if isinstance(value, Decimal):
                value = float(value)
            sheet.append(
                _row([block.title, f.label, f.key, value, UNIT_LABELS[f.unit]])
            )
            cell = sheet.cell(sheet.max_row, 4)
            if not f.hidden and f.unit == PERCENT:
                cell.number_format = "0.0"
            elif not f.hidden and f.unit == EURO:
                cell.number_format = '"€" #,##0'
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
