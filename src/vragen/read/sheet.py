"""Read an Excel attachment of an answer ("BIJLAGE ... Bijlage 1"): every sheet's table becomes a
table of the answer, with the sheet and cell range as its provenance.

A sheet keeps its grid, so the table is read the way a ruled table is: the cells as the sheet
shows them (a number in its number format: `0.0%` shows 0.534 as `53,4%`, `#,##0` shows 1234 as
`1.234`), a merged cell once with `None` in the slots it covers, through `pdf.to_raw`. A caption is
a lone text in the rows above the header; the header is the first row of several texts; the data
rows are those below it that hold a number.

Attachments are named after their answer's document: `<pfile>-bijlage-<N>.xlsx` belongs to
`<pfile>.pdf` (or `.docx`, or the dump whose `pdf link` names that pfile).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from ..model import ERROR, Finding, RawTable, SourceError
from .pdf import PdfTable, to_raw

ATTACHMENT_RE = re.compile(r"^(\d+)-bijlage-(\d+)\.xlsx?$", re.IGNORECASE)  # .xls: old Excel
MAX_CELLS = 200_000  # a sheet larger than this is no table of an answer


@dataclass
class SheetTable:
    table: RawTable
    sheet: str
    cell_range: str  # "A3:G24"
    caption: str | None


def _printed(value, number_format: str) -> str | None:
    """A cell as the sheet shows it, in Dutch notation."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        text = str(value).strip()
        return text or None
    fmt = number_format or "General"
    percent = "%" in fmt
    number = Decimal(str(value)) * (100 if percent else 1)
    places = re.search(r"0\.(0+)", fmt)
    decimals = len(places.group(1)) if places else None
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else max(0, -number.normalize().as_tuple().exponent)
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)  # as Excel rounds for display
    text = f"{number:,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text + ("%" if percent else "")


def _grid(sheet) -> list[list[str | None]]:
    rows = [[_printed(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows()]
    for merged in sheet.merged_cells.ranges:  # covered slots are None, as pdfplumber gives them
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if (r, c) != (merged.min_row, merged.min_col) and r - 1 < len(rows) and c - 1 < len(rows[r - 1]):
                    rows[r - 1][c - 1] = None
    return rows


def _is_number(text: str | None) -> bool:
    return bool(text) and bool(re.fullmatch(r"[-+]?[\d.]+(,\d+)?%?", text))


def _is_value(text: str | None) -> bool:
    """A number that is data, not a year in a header ("2023")."""
    return _is_number(text) and not re.fullmatch(r"(19|20)\d\d", text or "")


def _column(index: int) -> str:
    name = ""
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def read_sheets(path: Path, file_label: str) -> tuple[list[SheetTable], list[Finding]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(str(path), read_only=False, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged or foreign file
        raise SourceError(Finding(ERROR, "xlsx.damaged", f"the Excel attachment cannot be read "
                                  f"({type(error).__name__})", file=file_label, hint="download it again"))
    tables, findings = [], []
    for sheet in workbook.worksheets:
        if (sheet.max_row or 0) * (sheet.max_column or 0) > MAX_CELLS:
            findings.append(Finding(ERROR, "xlsx.too-large", f"sheet {sheet.title!r} has {sheet.max_row:,} rows and "
                                    f"{sheet.max_column:,} columns; not read", file=file_label,
                                    hint="check the attachment by hand"))
            continue
        found = _sheet_table(sheet, file_label, findings)
        if found is not None:
            tables.append(found)
    return tables, findings


def _sheet_table(sheet, file_label: str, findings: list[Finding]) -> SheetTable | None:
    rows = _grid(sheet)
    filled = [sum(1 for c in row if c) for row in rows]
    header = next((r for r, row in enumerate(rows) if filled[r] >= 2 and not any(_is_value(c) for c in row)), None)
    if header is None:
        if any(filled):
            findings.append(Finding(ERROR, "xlsx.no-table", f"sheet {sheet.title!r} holds no table with a header row; "
                                    "its numbers are not published", file=file_label, hint="check the sheet by hand"))
        return None
    caption = next((row[0] for r, row in enumerate(rows[:header]) if row and row[0] and filled[r] == 1), None)
    # A second header row: texts (no numbers) under a first row with merged cells.
    last_header = header + 1 if header + 1 < len(rows) and any(c is None for c in rows[header][1:]) and \
        not any(_is_value(c) for c in rows[header + 1]) and filled[header + 1] >= 2 else header
    body = [r for r in range(last_header + 1, len(rows)) if any(_is_number(c) for c in rows[r][1:])]
    if not body:
        return None
    columns = [c for c in range(len(rows[header])) if any(rows[r][c] for r in range(header, last_header + 1))
               or any(rows[r][c] for r in body)]
    grid = [[rows[r][c] for c in columns] for r in range(header, last_header + 1)] + \
        [[rows[r][c] for c in columns] for r in body]
    table = PdfTable(rows=grid, boxes=[[None] * len(columns) for _ in grid], row_pages=[None] * len(grid), pages=[],
                     bboxes=[], columns=[], first_top=0.0, last_bottom=0.0, page_height=0.0)
    raw, more = to_raw(table, file_label)
    findings += more
    raw.method = "xlsx"
    cell_range = f"{_column(columns[0] + 1)}{header + 1}:{_column(columns[-1] + 1)}{body[-1] + 1}"
    return SheetTable(raw, sheet.title, cell_range, caption)
