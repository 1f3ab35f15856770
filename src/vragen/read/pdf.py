"""Read an answer's PDF: its text through the shared question/answer parser, its ruled tables
with pdfplumber, each table and cell tied to its page and box.

Cost: pdfplumber parses a page in about 200 ms; pypdfium2 reads its objects and text in about
3 ms. So pypdfium2 looks at every page first, and only pages that draw lines or rectangles (where
a ruled table can be) go through pdfplumber. Unruled tables are found in the text by the same
parser that reads text dumps. Pages that are rotated or hold only an image are reported as not
extracted, never left silently empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..model import (ERROR, WARNING, Document, Finding, Header, Line, PlacedLine, PlacedRow, RawRow, RawTable,
                     SourceError, SourceFile, join_lines)
from ..numbers import MISSING_MARKERS, Quantity, is_year, parse_quantity
from .assemble import clean_label
from .dump import sha256_of
from .furniture import furniture_lines

_PAGE_NUMBER_RE = re.compile(r"^\s*(pagina|page|p\.)?\s*\d{1,4}(\s*(/|van|of)\s*\d{1,4})?\s*$", re.IGNORECASE)
TABLE_MARK = "\x00table:"


@dataclass
class PdfTable:
    """A ruled table as pdfplumber found it on one or more pages."""

    rows: list[list[str | None]]
    boxes: list[list[tuple | None]]  # per cell, (x0, top, x1, bottom) on its page
    row_pages: list[int]
    pages: list[int]
    bboxes: list[dict]  # {"page": n, "bbox": [x0, top, x1, bottom]}
    columns: list[float]  # x of the column borders, to match a continuation on the next page
    first_top: float
    last_bottom: float
    page_height: float


@dataclass
class PageText:
    page: int
    lines: list[tuple[float, str, tuple[int, ...], tuple]] = field(default_factory=list)  # (top, text, cuts, spans)
    tables: list[PdfTable] = field(default_factory=list)


def _fail(code: str, message: str, file_label: str, hint: str) -> SourceError:
    return SourceError(Finding(ERROR, code, message, file=file_label, hint=hint))


def check_signature(data: bytes, file_label: str) -> None:
    head = data[:1024].lstrip()
    if not data:
        raise _fail("pdf.empty", "the file is empty", file_label, "download the PDF again")
    if not head.startswith(b"%PDF-"):
        start = head[:40].decode("latin-1", "replace")
        looks = " (an HTML page saved as .pdf: an error page from the web site?)" if b"<html" in head.lower() \
            or b"<!doctype" in head.lower() else ""
        raise _fail("pdf.not-a-pdf", f"not a PDF: it starts with {start!r}{looks}", file_label,
                    "download the PDF again from the parliament's site")


# A word space is about a quarter of the font size; a gap of most of the font size (three spaces
# and more) only opens between columns. A line has too few gaps to estimate its own spacing.
COLUMN_GAP = 0.9


def _lines_from_words(words: list[dict], tolerance: float = 3.0) -> list[tuple[float, str, tuple[int, ...], tuple]]:
    """Words into lines by their vertical position, left to right within a line, with the places
    where the gap between two words is a column gap rather than a space."""
    lines: list[tuple[float, list[dict]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0] - word["top"]) <= tolerance:
            lines[-1][1].append(word)
        else:
            lines.append((word["top"], [word]))
    out = []
    for top, line_words in lines:
        ordered = sorted(line_words, key=lambda w: w["x0"])
        gaps = [b["x0"] - a["x1"] for a, b in zip(ordered, ordered[1:])]
        size = max((w["bottom"] - w["top"]) for w in ordered)
        cuts = tuple(i + 1 for i, gap in enumerate(gaps) if gap > COLUMN_GAP * size)
        spans = tuple((round(w["x0"], 1), round(w["x1"], 1)) for w in ordered)
        if any(len(w["text"].split()) != 1 for w in ordered):
            spans = ()  # a word with a space in it would shift every position after it
        out.append((top, " ".join(w["text"] for w in ordered), cuts, spans))
    return out


_TABULAR_RE = re.compile(r"\d[\d.,%]*\s*$")


def _looks_tabular(text: str) -> bool:
    """Two lines in a row ending in a number: an unruled table may be here (worth word positions)."""
    ends = [bool(_TABULAR_RE.search(line)) for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
    return any(a and b for a, b in zip(ends, ends[1:]))


def _inside(word: dict, bbox) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1


def _ruled_tables(page, number: int) -> list[PdfTable]:
    tables = []
    for found in page.find_tables():
        # Edge snapping works page-wide and moves boxes by up to 3 pt: extract again inside the
        # table's own box so that the cell boxes are exact.
        x0, top, x1, bottom = found.bbox
        cropped = page.crop((max(0, x0 - 2), max(0, top - 2), min(page.width, x1 + 2), min(page.height, bottom + 2)))
        exact = cropped.find_tables() or [found]
        table = max(exact, key=lambda t: len(t.rows))
        rows = table.extract()
        boxes = [[cell for cell in row.cells] for row in table.rows]
        columns = sorted({round(c[0], 1) for row in boxes for c in row if c} | {round(table.bbox[2], 1)})
        tables.append(PdfTable(rows=rows, boxes=boxes, row_pages=[number] * len(rows), pages=[number],
                               bboxes=[{"page": number, "bbox": [round(v, 1) for v in table.bbox]}],
                               columns=columns, first_top=table.bbox[1], last_bottom=table.bbox[3],
                               page_height=page.height))
    return tables


# Finding tables costs about the square of the cells the lines could make: 140 x 140 lines hold a
# build for a quarter of a minute per page. A page of a Word answer has at most a few hundred cells.
MAX_GRID_CELLS = 5000


def _grid_size(page) -> int:
    """How many cells the page's lines could make: distinct rows times distinct columns of lines."""
    ys = {round(e["top"]) for e in page.edges if e["orientation"] == "h"}
    xs = {round(e["x0"]) for e in page.edges if e["orientation"] == "v"}
    return len(ys) * len(xs)


def _continues(previous: PdfTable, table: PdfTable, previous_page: PageText) -> bool:
    """A table on the next page goes on from the last one: it ended low, this one starts high,
    nothing but page furniture between, and the columns line up within 3 pt."""
    if table.pages[0] != previous.pages[-1] + 1 or len(table.rows[0]) != len(previous.rows[0]):
        return False
    if previous.last_bottom < previous.page_height * 0.7 or table.first_top > table.page_height * 0.3:
        return False
    if any(top > previous.last_bottom for top, *_ in previous_page.lines):
        return False
    if len(table.columns) != len(previous.columns):
        return False
    return all(abs(a - b) <= 3 for a, b in zip(table.columns, previous.columns))


def _stitch(pages: list[PageText]) -> list[tuple[int, float, PdfTable]]:
    """All tables as (page, top, table), a table continued after a page break joined once."""
    out: list[tuple[int, float, PdfTable]] = []
    by_page = {p.page: p for p in pages}
    for page in pages:
        for i, table in enumerate(page.tables):
            previous = out[-1][2] if out else None
            before = [t for top, t, *_ in page.lines if top < table.first_top]
            if previous is not None and i == 0 and not before and \
                    _continues(previous, table, by_page[previous.pages[-1]]):
                header = len(_header_rows(previous.rows))
                start = header if table.rows[:header] == previous.rows[:header] else 0
                previous.rows += table.rows[start:]
                previous.boxes += table.boxes[start:]
                previous.row_pages += table.row_pages[start:]
                previous.pages.append(table.pages[0])
                previous.bboxes += table.bboxes
                previous.last_bottom, previous.page_height = table.last_bottom, table.page_height
                continue
            out.append((page.page, table.first_top, table))
    return out


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    return join_lines(text.split("\n"), drop_wrap_hyphen=True)


def _is_value(text: str | None) -> bool:
    quantity = parse_quantity(text or "")
    return quantity is not None and quantity.value is not None and not is_year(quantity)


def _header_rows(rows: list[list[str | None]]) -> list[int]:
    """The first row is the header; the second too when the first has merged cells and the second
    holds no values (a two-level header)."""
    header = [0]
    if len(rows) > 2 and any(c is None for c in rows[0][1:]) and not any(_is_value(_clean(c)) for c in rows[1]):
        header.append(1)
    return header


def to_raw(table: PdfTable, file_label: str) -> tuple[RawTable, list[Finding]]:
    findings: list[Finding] = []
    rows = [[_clean(c) for c in row] for row in table.rows]
    header_rows = _header_rows(rows)
    body = list(range(len(header_rows), len(rows)))
    width = len(rows[0])
    # Label columns: the first, then every leading column without values.
    k = 1
    while k < width - 1 and not any(_is_value(rows[r][k]) for r in body):
        k += 1
    top = rows[0]
    filled_top, last = [], ""
    for cell in top:  # a header cell merged across columns covers the Nones after it
        last = cell if cell is not None else last
        filled_top.append(last)
    if len(header_rows) == 2:
        label_headers = [top[j] or rows[1][j] or "" for j in range(k)]
        measure_headers = [(filled_top[j], rows[1][j] or "") for j in range(k, width)]
    else:
        label_headers = [top[j] or "" for j in range(k)]
        measure_headers = [(top[j] or f"kolom {j + 1}",) for j in range(k, width)]
    raw_rows, previous, notes = [], [""] * k, []
    for r in body:
        labels = []
        for j in range(k):
            cell = rows[r][j]
            # a row-spanning cell covers the Nones; "Limburg*": the footnote goes to the notes
            labels.append(previous[j] if cell is None else clean_label(cell, notes))
        previous = labels
        values, boxes = [], []
        for j in range(k, width):
            cell = rows[r][j]
            quantity = parse_quantity(cell) if cell else None
            if cell and quantity is None:
                quantity = Quantity(text=cell, value=None, missing=cell)
                if cell.lower() not in MISSING_MARKERS:
                    findings.append(Finding(WARNING, "table.text-in-numeric",
                                            f"page {table.row_pages[r]}: the text {cell!r} where a number belongs; "
                                            "published empty", file=file_label,
                                            hint="a curation correction can give the value"))
            values.append(quantity)
            box = table.boxes[r][j] if j < len(table.boxes[r]) else None
            boxes.append(tuple(round(v, 1) for v in box) if box else None)
        raw_rows.append(PlacedRow(labels=labels, values=values, line=0, page=table.row_pages[r], boxes=boxes))
    raw = RawTable(section="", index=0, intro="", label_headers=label_headers, measure_headers=measure_headers,
                   rows=raw_rows, notes=list(dict.fromkeys(notes)), pages=table.pages, bboxes=table.bboxes,
                   method="pdfplumber-lines")
    return raw, findings


def _page_count(path: Path) -> int | None:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            return len(pdf.pages)
    except Exception:
        return None


def first_look(document, file_label: str, findings: list[Finding]) -> tuple[list[PageText], list[int], set[int]]:
    """Every page through pypdfium2 (milliseconds a page): text-only pages are read here; pages that
    draw lines or look tabular are named for pdfplumber. Returns (pages, pages for pdfplumber, pages
    with an image)."""
    import pypdfium2 as pdfium

    pages: list[PageText] = []
    needs_plumber: list[int] = []
    pictured: set[int] = set()
    for index in range(len(document)):
        page = document[index]
        number = index + 1
        kinds = {obj.type for obj in page.get_objects()}
        textpage = page.get_textpage()
        body = textpage.get_text_range()
        if page.get_rotation() in (90, 270):
            findings.append(Finding(WARNING, "pdf.rotated-page",
                                    f"page {number} is rotated: its text and tables are not extracted",
                                    file=file_label, hint="check the page by hand; its numbers are not published"))
            pages.append(PageText(number))
            continue
        if pdfium.raw.FPDF_PAGEOBJ_IMAGE in kinds:
            pictured.add(number)
        if not body.strip():
            pages.append(PageText(number))
            continue
        if pdfium.raw.FPDF_PAGEOBJ_PATH in kinds or _looks_tabular(body):
            needs_plumber.append(number)
            pages.append(PageText(number))
        else:
            lines = [line for line in body.replace("\r\n", "\n").split("\n")]
            pages.append(PageText(number, [(float(i), line, (), ()) for i, line in enumerate(lines) if line.strip()]))
        page.close()
    return pages, needs_plumber, pictured


def pages_for_pdfplumber(path: Path) -> list[int]:
    """The pages (1-based) that the PDF path hands to pdfplumber: what a fair baseline parses."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return first_look(document, str(path), [])[1]
    finally:
        document.close()


def read_pdf_pages(path: Path, file_label: str) -> tuple[list[PageText], list[Finding], int]:
    """Text lines and ruled tables per page; returns (pages, findings, page count)."""
    import pdfplumber
    import pypdfium2 as pdfium

    findings: list[Finding] = []
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        # PDFium's error code is stale within a process: look at the file, not the message.
        message = str(error).split(" (PDFium")[0]
        if b"/Encrypt" in path.read_bytes():
            raise _fail("pdf.encrypted", "the PDF is encrypted (it needs a password)", file_label,
                        "ask for an unprotected copy, or remove the protection before adding it")
        if _page_count(path) == 0:  # PDFium refuses an empty page tree; pdfminer reads it
            raise _fail("pdf.no-pages", "the PDF has no pages", file_label, "download the PDF again")
        raise _fail("pdf.damaged", f"the PDF cannot be read ({message}): truncated or damaged", file_label,
                    "download the PDF again")
    count = len(document)
    if count == 0:
        raise _fail("pdf.no-pages", "the PDF has no pages", file_label, "download the PDF again")
    try:
        pages, needs_plumber, pictured = first_look(document, file_label, findings)
    finally:
        document.close()
    if needs_plumber:
        try:
            plumber = pdfplumber.open(str(path))
        except Exception as error:  # pdfminer raises many kinds for damaged files
            raise _fail("pdf.damaged", f"the PDF cannot be read ({type(error).__name__}): truncated or damaged",
                        file_label, "download the PDF again")
        with plumber:
            for number in needs_plumber:
                page = plumber.pages[number - 1]
                grid = _grid_size(page)
                if grid > MAX_GRID_CELLS:
                    findings.append(Finding(WARNING, "pdf.too-many-lines",
                                            f"page {number} draws a grid of about {grid:,} cells; no ruled table is "
                                            "looked for on it (its text is read)", file=file_label,
                                            hint="check the page by hand: a real table has far fewer cells"))
                    tables = []
                else:
                    tables = _ruled_tables(page, number)
                words = [w for w in page.extract_words()
                         if not any(_inside(w, t.bboxes[0]["bbox"]) for t in tables)]
                pages[number - 1] = PageText(number, _lines_from_words(words), tables)
                page.close()
    _drop_furniture(pages)
    for page in pages:  # text only in the running header and footer: the page itself is a picture
        if page.page in pictured and not page.lines and not page.tables:
            findings.append(Finding(WARNING, "pdf.image-only-page",
                                    f"page {page.page} is an image without text (a scan?): not extracted",
                                    file=file_label, hint="its numbers are not published; type them in by hand"))
    return pages, findings, count


def _drop_furniture(pages: list[PageText]) -> None:
    """Running headers, footers and page numbers out of every page, recognised by what they are
    (furniture.py): Word's margins hold real content (the minister's line, `ANTWOORD`), so a band
    at the top and bottom of the page is no test. A bare number is a page number only as the
    first or last line of its page."""
    texts = [text for page in pages for _, text, *_ in page.lines]
    furniture = furniture_lines(texts)
    i = 0
    for page in pages:
        kept = []
        for j, item in enumerate(page.lines):
            edge = j in (0, len(page.lines) - 1)
            if i not in furniture and not (edge and _PAGE_NUMBER_RE.match(item[1])):
                kept.append(item)
            i += 1
        page.lines = kept


def document_lines(pages: list[PageText], file_label: str) -> tuple[list[Line], dict[str, PdfTable]]:
    """The text of every page as numbered lines, a marker line where each table stands."""
    lines: list[Line] = []
    tables: dict[str, PdfTable] = {}
    placed = _stitch(pages)
    by_page: dict[int, list[tuple[float, str, tuple]]] = {}
    for page, top, table in placed:
        key = f"{TABLE_MARK}{len(tables) + 1}"
        tables[key] = table
        by_page.setdefault(page, []).append((top, key, (), ()))
    for page in pages:
        items = sorted(page.lines + by_page.get(page.page, []), key=lambda item: item[0])
        for _, text, cuts, spans in items:
            lines.append(PlacedLine(number=len(lines) + 1, text=text, page=page.page, cuts=cuts, spans=spans))
    return lines, tables


def read_pdf(path: Path, display_name: str | None = None, header: Header | None = None) -> Document:
    """Read a PDF on its own: number, date, asker, minister and title come from its first page."""
    from .document import parse_document

    label = display_name or str(path)
    data = path.read_bytes()
    check_signature(data, label)
    pages, findings, _ = read_pdf_pages(path, label)
    lines, tables = document_lines(pages, label)
    if not any(line.text.strip() for line in lines):
        why = "; ".join(f.message for f in findings) or "the PDF has no text layer (a scan?)"
        raise _fail("pdf.no-text", f"no page could be read: {why}", label,
                    "its numbers cannot be extracted; type them in by hand or find a text PDF")
    raws, table_findings = {}, []
    for key, table in tables.items():
        raws[key], found = to_raw(table, label)
        table_findings += found
    source = SourceFile(path=path, sha256=sha256_of(data), method="pdfplumber", label=label)
    document = parse_document(lines, source=source, header=header or Header(), file_label=label, placed_tables=raws)
    document.pdf = source
    document.findings[:0] = findings + table_findings
    return document


def pfile_of(path: Path) -> str | None:
    """'2064567.pdf' -> '2064567': a PDF named after its pfile id belongs to the dump that links it."""
    return path.stem if path.stem.isdigit() else None


def cross_check(dump: Document, pdf: Document, file_label: str) -> list[Finding]:
    """Every number of a PDF table must be the dump's, compared as numbers (`3` is not in `13`):
    cell by cell against the dump's own reading of the same table where both have the same shape,
    else against the multiset of that table's values, else against the numbers printed in that
    section of the dump."""
    from collections import Counter

    from .texttables import tokenize

    own = [t for t in dump.tables if t.method.startswith("text-dump")]  # the dump's own reading
    findings = []

    def mismatch(table: RawTable, row: RawRow, quantity) -> None:
        findings.append(Finding(WARNING, "pdf.dump-mismatch",
                                f"section {table.section}: {quantity.text!r} (page {row.page}) is not what the text "
                                "dump prints there", file=file_label,
                                hint="the dump and the PDF disagree: check which is right"))

    for table in pdf.tables:
        same_section = [t for t in own if t.section == table.section]
        twin = same_section[table.index - 1] if 0 < table.index <= len(same_section) else \
            (same_section[0] if len(same_section) == 1 else None)
        shape = [len(r.values) for r in table.rows]
        if twin is not None and [len(r.values) for r in twin.rows] == shape:
            for row, values in zip(table.rows, _rows_values(twin)):
                for quantity, theirs in zip(row.values, values):
                    if quantity is not None and quantity.value is not None and quantity.value != theirs:
                        mismatch(table, row, quantity)
            continue
        if twin is not None:
            counts = Counter(v for values in _rows_values(twin) for v in values if v is not None)
        else:
            section = next((s for s in dump.answer_sections if s.id == table.section), None)
            counts = Counter(t.quantity.value for line in (section.lines if section else [])
                             if not line.text.startswith("\x00") for t in tokenize(line.text)
                             if t.quantity is not None and t.quantity.value is not None)
        for row in table.rows:
            for quantity in row.values:
                if quantity is None or quantity.value is None:
                    continue
                if counts[quantity.value] > 0:
                    counts[quantity.value] -= 1
                else:
                    mismatch(table, row, quantity)
    return findings


def _rows_values(table: RawTable):
    for row in table.rows:
        yield [q.value if q is not None else None for q in row.values]
