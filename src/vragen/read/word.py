"""Read an answer delivered as a Word file (.docx): its text through the shared question/answer
parser, its tables from the document's own grid.

A .docx carries what a PDF or a text dump has to guess: a table is a table, a cell is a cell, a
merged cell is marked as merged. So tables are exact: each row's cells in grid order, a cell
merged across columns (`gridSpan`) or down rows (`vMerge`) given once in its first slot and
`None` in the slots it covers, as pdfplumber gives a ruled table, and read by the same code
(`pdf.to_raw`). Paragraphs become lines, a line break inside one (`w:br`) a new line; Word's
automatic list numbers, which are not in the text, are written out ("1. ", "2. ") as a PDF shows
them, since the question and answer parts are numbered that way.

Cost: linear in the size of the document (python-docx parses it once).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..model import ERROR, Document, Finding, Header, Line, SourceError, SourceFile
from .dump import sha256_of
from .pdf import TABLE_MARK, PdfTable, to_raw

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fail(code: str, message: str, file_label: str, hint: str) -> SourceError:
    return SourceError(Finding(ERROR, code, message, file=file_label, hint=hint))


class _Numbering:
    """Word's automatic list numbers ("1.", "a)"), which are not in the paragraph's text."""

    def __init__(self, word):
        self.counts: dict[tuple[str, str], int] = {}
        self.formats: dict[tuple[str, str], str] = {}
        try:
            root = word.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return  # no numbering part: no automatic numbers
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            for level in (definition.iter(f"{_W}lvl") if definition is not None else ()):
                fmt = level.find(f"{_W}numFmt")
                self.formats[(num.get(f"{_W}numId"), level.get(f"{_W}ilvl"))] = \
                    fmt.get(f"{_W}val") if fmt is not None else "decimal"

    def label(self, paragraph) -> str:
        """'1. ', 'a) ' or '' for this paragraph, counting as Word counts."""
        number = paragraph._p.find(f"{_W}pPr/{_W}numPr")
        style = paragraph.style
        while number is None and style is not None:  # the numbering may come with the style
            number = style.element.find(f"{_W}pPr/{_W}numPr")
            style = style.base_style
        if number is None:
            return ""
        num_id, level = number.find(f"{_W}numId"), number.find(f"{_W}ilvl")
        key = (num_id.get(f"{_W}val") if num_id is not None else "0",
               level.get(f"{_W}val") if level is not None else "0")
        fmt = self.formats.get(key, "decimal")
        if fmt not in ("decimal", "lowerLetter"):
            return ""  # bullets and the like carry no number
        self.counts[key] = self.counts.get(key, 0) + 1
        n = self.counts[key]
        return f"{n}. " if fmt == "decimal" else f"{chr(ord('a') + (n - 1) % 26)}) "


def _paragraph_lines(paragraph, numbering: _Numbering) -> list[str]:
    """The paragraph's text as lines: runs joined, `w:br` and `w:cr` breaking lines, tabs as spaces."""
    parts: list[str] = []
    for node in paragraph._p.iter():
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}tab":
            parts.append(" ")
    text = "".join(parts)
    if text.strip():
        text = numbering.label(paragraph) + text
    return text.split("\n")


def _grid(table) -> list[list[str | None]]:
    """The table's rows in grid order; a merged cell's text in its first slot, None in the others."""
    rows: list[list[str | None]] = []
    above: list = []
    for row in table.rows:
        cells = row.cells  # python-docx repeats a merged cell in every grid slot it covers
        out: list[str | None] = []
        for j, cell in enumerate(cells):
            merged_left = j > 0 and cells[j - 1]._tc is cell._tc
            merged_up = j < len(above) and above[j] is cell._tc
            out.append(None if merged_left or merged_up else "\n".join(p.text for p in cell.paragraphs).strip())
        above = [cell._tc for cell in cells]
        rows.append(out)
    width = max((len(r) for r in rows), default=0)
    return [r + [None] * (width - len(r)) for r in rows]


def read_word(path: Path, display_name: str | None = None, header: Header | None = None) -> Document:
    """Read a .docx answer on its own: number, date, asker, minister and title come from its text."""
    from docx import Document as open_docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from .document import parse_document

    label = display_name or str(path)
    data = path.read_bytes()
    if not data.startswith(b"PK"):
        raise _fail("docx.not-a-docx", "not a Word (.docx) file: it is not a zip archive", label,
                    "an older .doc must be converted (LibreOffice: soffice --convert-to docx)")
    try:
        with zipfile.ZipFile(path) as archive:
            if "word/document.xml" not in archive.namelist():
                raise _fail("docx.not-a-docx", "a zip archive without word/document.xml", label,
                            "check that this is a Word document")
        word = open_docx(str(path))
    except SourceError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds for damaged files
        raise _fail("docx.damaged", f"the Word file cannot be read ({type(error).__name__}): damaged?", label,
                    "download the file again")
    lines: list[Line] = []
    raws: dict = {}
    findings: list[Finding] = []
    numbering = _Numbering(word)
    for child in word.element.body.iterchildren():
        if child.tag == f"{_W}p":
            for text in _paragraph_lines(Paragraph(child, word), numbering):
                if text.strip():
                    lines.append(Line(number=len(lines) + 1, text=text))
        elif child.tag == f"{_W}tbl":
            rows = _grid(Table(child, word))
            if not rows or len(rows[0]) < 2 or len(rows) < 2:
                for row in rows:  # a one-column or one-row "table" is layout: its text is text
                    lines += [Line(number=len(lines) + 1 + i, text=c) for i, c in enumerate(filter(None, row))]
                continue
            key = f"{TABLE_MARK}docx:{len(raws) + 1}"
            table = PdfTable(rows=rows, boxes=[[None] * len(rows[0]) for _ in rows], row_pages=[None] * len(rows),
                             pages=[], bboxes=[], columns=[], first_top=0.0, last_bottom=0.0, page_height=0.0)
            raws[key], found = to_raw(table, label)
            raws[key].method = "docx-table"
            findings += found
            lines.append(Line(number=len(lines) + 1, text=key))
    if not any(line.text.strip() for line in lines):
        raise _fail("docx.no-text", "the Word file holds no text", label, "check the file")
    source = SourceFile(path=path, sha256=sha256_of(data), method="docx", label=label)
    document = parse_document(lines, source=source, header=header or Header(), file_label=label, placed_tables=raws)
    document.findings[:0] = findings
    return document
