"""Shared by the dump table readers: cells as printed into a `RawTable`.

A reader decides the grid (which text is a header, a label, a value, in which column); this module
turns printed cells into quantities the same way for all of them, keeps footnote markers off the
labels and reports text where a number belongs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model import WARNING, Finding, RawRow, RawTable, join_lines
from ..numbers import MISSING_MARKERS, Quantity, parse_quantity

# Patterns the table readers share. A table does not go on across a numbered section ("2.",
# "1 en 2.", "b)") or a caption; footnote lines under a table become its notes.
LABEL_FOOTNOTE_RE = re.compile(r"^(.*[^\s*(])\s?(\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\d{1,2}\))$")
CAPTION_RE = re.compile(r"^\s*(tabel|figuur|grafiek|overzicht)\s*\d*[a-z]?\s*[:.)-]", re.IGNORECASE)
SECTION_START_RE = re.compile(r"^\s*(\d{1,2}(\s*(en|tot en met|-)\s*\d{1,2})?\.|[a-z]\))\s")
NOTE_RE = re.compile(r"^\s*(\*+|\(\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}\)|bron\s*:|noot\s*:|n\.b\.\s*:|/\s*:)", re.IGNORECASE)
EURO_ALONE = ("€", "EUR")


@lru_cache(maxsize=4096)  # the readers ask about the same cell several times; a Quantity is frozen
def quantity(text: str | None) -> Quantity | None:
    """A printed value cell: a number, a missing marker, or None when it is not one."""
    if text is None:
        return None
    text = " ".join(text.split())
    if not text:
        return None
    found = parse_quantity(text)
    if found is None and text.endswith(" *"):
        found = parse_quantity(text[:-2] + "*")
    return found


def is_value(text: str | None) -> bool:
    return quantity(text) is not None


def clean_label(text: str, notes: list[str]) -> str:
    text = join_lines(text.split("\n"), drop_wrap_hyphen=True)
    match = LABEL_FOOTNOTE_RE.match(text)
    if match:  # "Limburg*", "Kunststeden (1)": the footnote belongs to the label, not in it
        notes.append(f"{match.group(1)}: voetnoot {match.group(2)}")
        return match.group(1)
    return text


def value_cell(text: str | None, findings: list[Finding], file_label: str, line: int | None,
               row: int) -> Quantity | None:
    if text is None or not text.strip():
        return None
    found = quantity(text)
    if found is None:
        text = " ".join(text.split())
        if text.lower() not in MISSING_MARKERS:
            findings.append(Finding(WARNING, "table.text-in-numeric",
                                    f"row {row} has the text {text!r} where a number belongs; published empty",
                                    file=file_label, line=line,
                                    hint="check the cell in the PDF; a curation correction can give the value"))
        return Quantity(text=text, value=None, missing=text)
    return found


def make_table(label_headers: list[str], measure_headers: list[tuple[str, ...]],
               rows: list[tuple[list[str], list[str | None], tuple[int, int], int | None]],
               file_label: str, method: str, notes: list[str] | None = None) -> tuple[RawTable, list[Finding]]:
    """`rows`: (labels, printed values, (first line, last line), page) per printed row."""
    findings: list[Finding] = []
    notes = list(notes or [])
    k = max((len(r[0]) for r in rows), default=1)
    rows = [([""] * (k - len(labels)) + list(labels), values, span, page) for labels, values, span, page in rows]
    label_headers = list(label_headers)[-k:] if len(label_headers) >= k else [""] * (k - len(label_headers)) + list(label_headers)
    m = max((len(r[1]) for r in rows), default=0)
    measure_headers = list(measure_headers)[:m] + [(f"kolom {j + 1}",) for j in range(len(measure_headers), m)]
    raw_rows = []
    for r, (labels, values, span, page) in enumerate(rows, start=1):
        cells = [value_cell(v, findings, file_label, span[1], r) for v in values]
        raw_rows.append(RawRow(labels=[clean_label(l, notes) for l in labels], values=cells, line=span[1], page=page))
    seen: list[str] = []
    for note in notes:  # a footnote marker repeated on rows gives one note
        if note not in seen:
            seen.append(note)
    first = min((r[2][0] for r in rows), default=0)
    last = max((r[2][1] for r in rows), default=0)
    table = RawTable(section="", index=0, intro="", label_headers=list(label_headers),
                     measure_headers=[tuple(path) for path in measure_headers],
                     rows=raw_rows, notes=seen, lines=(first, last), method=method)
    return table, findings


_UNIT_AFTER = {"euro", "eur", "%"}


def _has_unit(text: str) -> bool:
    found = quantity(text)
    return found is not None and found.unit is not None


def join_euro(cells: list[str]) -> list[str]:
    """'€' printed apart from its amount (a cell of its own in some dumps) goes with the amount."""
    out: list[str] = []
    for cell in cells:
        if out and out[-1].strip() in EURO_ALONE and is_value(cell):
            out[-1] = out[-1].strip() + " " + cell.strip()
        elif out and cell.strip().rstrip("*").lower() in _UNIT_AFTER and is_value(out[-1]) \
                and not _has_unit(out[-1]):
            out[-1] = out[-1].strip() + " " + cell.strip()  # "1.234,56 euro", "12,5 %": the unit after its amount
        else:
            out.append(cell)
    return out
