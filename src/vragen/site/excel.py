"""A table as an Excel workbook, for people who open data in a spreadsheet: the table as printed
(numbers as numbers) and a sheet that says where it comes from and under which licence. Made on
request from the published rows; the packages stay CSV.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .catalogue import LICENCE

FIXED_TIME = datetime(2000, 1, 1)  # the workbook's own dates: the same table gives the same file


def workbook(title: str, grid: dict, provenance: list[tuple[str, str]]) -> bytes:
    """The table as printed (numbers as numbers) and a sheet with its provenance and licence. The
    long form is the CSV's; written in openpyxl's write-only mode (a download made on request)."""
    book = Workbook(write_only=True)
    printed = book.create_sheet("Tabel")
    heading = WriteOnlyCell(printed, value=title)
    heading.font = Font(bold=True)
    printed.append([heading])
    for header_row in grid["header"]:
        line: list = []
        for cell in header_row:
            text = cell["text"] + (f" ({cell['unit']})" if cell.get("unit") else "")
            line += [text] + [None] * ((cell.get("colspan") or 1) - 1)
        printed.append(line)
    for row in grid["rows"]:
        labels = [label["text"] for label in row["full_labels"]]
        printed.append(labels + [value["value"] if value["value"] is not None else (value["printed"] or None)
                                 for value in row["values"]])
    about = book.create_sheet("Herkomst")
    about.column_dimensions["A"].width = 24
    about.column_dimensions["B"].width = 100
    for key, value in provenance + [("Licentie", LICENCE)]:
        about.append([key, value])
    book.properties.created = FIXED_TIME  # openpyxl sets `modified` on save: _fixed_times mends it
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_times(buffer.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The workbook's zip with one date on every entry and in its properties (openpyxl stamps the
    current time), so that
    the same table always downloads as the same bytes (caches and checksums hold)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl sets "modified" to now on every save
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", content)
            target.writestr(info, content)
    return out.getvalue()
