"""The vocabulary every stage speaks: documents, sections, raw and tidy tables, findings.

Reading produces a `Document` (question, answer sections, `RawTable`s as printed, `ProseFigure`s).
Curation turns raw tables into `TidyTable`s. Packaging, validation and publishing only read these.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from pathlib import Path

from .numbers import Quantity

ERROR, WARNING, INFO = "error", "warning", "info"


class Role(StrEnum):
    """What a column of a tidy table is."""

    DIMENSION = "dimension"  # a label: who, where, when
    MEASURE = "measure"  # a value
    UNIT = "unit"  # the unit of the row's value, where a melted table mixes units


class Method(StrEnum):
    """How a source or a table was read: one vocabulary for both, with the words the portal uses."""

    TEXT_DUMP = "text-dump"  # a text dump, a row per line
    TEXT_DUMP_LAYOUT = "text-dump-layout"  # a dump that keeps the page's layout
    TEXT_DUMP_CELLS = "text-dump-cells"  # a dump with a cell per line
    PDFPLUMBER = "pdfplumber"  # a PDF source
    PDF_LINES = "pdfplumber-lines"  # a PDF table drawn with lines
    PDF_TEXT = "pdf-text"  # a PDF table without lines, from its words' positions
    DOCX = "docx"  # a Word source
    DOCX_TABLE = "docx-table"  # a Word table
    DOCX_TEXT = "docx-text"  # a table typed as text in Word
    DOC_TABLE = "doc-table"  # an old .doc's table, converted by LibreOffice
    XLSX = "xlsx"  # an Excel sheet

    @property
    def dutch(self) -> str:
        return _METHOD_WORDS[self]


_METHOD_WORDS = {
    Method.TEXT_DUMP: "de tekst van het antwoord, regel per rij",
    Method.TEXT_DUMP_LAYOUT: "de uitgelijnde tekst van het antwoord",
    Method.TEXT_DUMP_CELLS: "de tekst van het antwoord, cel per regel",
    Method.PDFPLUMBER: "de PDF",
    Method.PDF_LINES: "een tabel met lijnen in de PDF",
    Method.PDF_TEXT: "de posities van de woorden in de PDF",
    Method.DOCX: "het Word-bestand",
    Method.DOCX_TABLE: "de tabel in het Word-bestand",
    Method.DOCX_TEXT: "de tekst van het Word-bestand",
    Method.DOC_TABLE: "de tabel in het oude Word-bestand (.doc, omgezet met LibreOffice)",
    Method.XLSX: "het Excel-werkblad",
}


@dataclass
class Provenance:
    """Where a published table comes from: the `vragen:provenance` of its package resource."""

    file: str  # the input as the build names it, e.g. sources/000_….txt
    sha256: str
    method: Method
    sheet: str | None = None  # an Excel attachment's sheet
    section: str | None = None  # the answer's section, e.g. 2.a
    index: int | None = None  # the table's number within its section
    intro: str | None = None  # the sentence that introduces the table
    lines: list[int] | None = None  # first and last line in the text dump
    links: list[str] | None = None  # the PDF at each page (#page=N)
    pages: list[int] | None = None
    bboxes: list[dict] | None = None  # {"page", "bbox": [x0, top, x1, bottom]} in PDF points
    printed_header: dict | None = None  # {"labels": [...], "measures": [[...], ...]} as printed
    crops: list[dict] | None = None  # page crops: {"page", "path", "bbox", "size"}

    def as_dict(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}

    @classmethod
    def from_dict(cls, data: dict | None) -> "Provenance | None":
        """From a package's descriptor (None when it has none); unknown keys are left out."""
        if not data or "file" not in data:
            return None
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["method"] = Method(values["method"]) if values.get("method") in Method._value2member_map_ \
            else values.get("method")
        return cls(**{"sha256": "", "method": None, **values})


@dataclass(frozen=True)
class Finding:
    """One message for the build or validation report; names the place and what to do."""

    level: str  # ERROR, WARNING or INFO
    code: str  # stable identifier, e.g. "dump.no-answer"
    message: str
    file: str | None = None
    line: int | None = None
    answer: str | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None
    hint: str | None = None

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line else ""))
        if self.table:
            parts.append(f"table {self.table}")
        elif self.answer:
            parts.append(f"answer {self.answer}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def render(self) -> str:
        text = f"{self.level}: {self.location()}: {self.message}" if self.location() else f"{self.level}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


class SourceError(Exception):
    """An input that cannot be read; carries the finding that explains why."""

    def __init__(self, finding: Finding):
        super().__init__(finding.render())
        self.finding = finding


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text with where it came from: a dump's line number, or a PDF page."""

    number: int  # 1-based line number in the file (dumps) or in the page's text (PDFs)
    text: str
    page: int | None = None
    # Where the words stand is known on a PDF page only (`PlacedLine`); a dump's line has neither,
    # and no room for them (a long table has a line a row).
    cuts = ()
    spans = ()


@dataclass(frozen=True, slots=True)
class PlacedLine(Line):
    """A line of a PDF page, with where its words stand."""

    # Indexes of the words that a column gap (not a word space) precedes, measured from the words'
    # positions. They mark cell boundaries in an unruled table.
    cuts: tuple[int, ...] = ()
    # (x0, x1) of each whitespace-separated word, for reading a header by position.
    spans: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class SourceFile:
    path: Path
    sha256: str
    method: str  # "text-dump" or "pdfplumber"
    label: str | None = None  # as the build names it, e.g. "sources/2064567.pdf"

    @property
    def name(self) -> str:
        return self.path.name


@dataclass
class Header:
    """What the dump's four header lines (or the parliament's record) say about the question."""

    title: str | None = None
    theme: str | None = None
    pdf_url: str | None = None
    page_url: str | None = None

    @property
    def pfile_id(self) -> str | None:
        match = re.search(r"[?&]id=(\d+)", self.pdf_url or "")
        return match.group(1) if match else None

    @property
    def record_id(self) -> str | None:
        match = re.search(r"/(\d+)/?$", self.page_url or "")
        return match.group(1) if match else None


@dataclass
class Section:
    """A numbered part of a question or an answer: "2", or a lettered part "2.a"."""

    id: str
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return join_lines(line.text for line in self.lines)


@dataclass
class Question:
    number: int
    date: str  # ISO date of the question
    asker: str
    minister: str
    minister_title: str
    title: str
    text: str
    parts: list[Section] = field(default_factory=list)  # the numbered sub-questions
    intro: str = ""  # the text before the numbered sub-questions


@dataclass(slots=True)
class RawRow:
    labels: list[str]  # one per label column; "" where the source has no label
    values: Sequence[Quantity | None]  # one per measure column; None where the cell is empty (never changed in place)
    line: int  # the source line its values stand on (0 where not a line of text: a PDF's ruled table)
    page: int | None = None
    boxes = None  # a text row's values have no boxes (`PlacedRow`'s have), and no room for them


@dataclass(slots=True)
class PlacedRow(RawRow):
    """A row of a PDF's ruled table, with its values' boxes."""

    boxes: list[tuple | None] | None = None  # per value, its box on the PDF page (x0, top, x1, bottom)


_WRAPPED_PERIOD_RE = re.compile(r"\b((?:19|20)\d\d)- ((?:19|20)?\d\d)\b")


def one_line_title(text: str) -> str:
    """A printed title on one line: spaces made single, and a period wrapped at its hyphen and put
    back on one line with a space ("Schooljaar 2021- 2022", as pypdf joins it) made whole."""
    return _WRAPPED_PERIOD_RE.sub(r"\1-\2", " ".join(text.split()))


@dataclass
class RawTable:
    """A table as printed: header paths, label columns, measure columns, rows."""

    section: str  # answer section it belongs to, e.g. "2.a"
    index: int  # 1-based position among the tables of that section
    intro: str  # the sentence that introduces it
    label_headers: list[str]
    measure_headers: list[tuple[str, ...]]  # one path per measure column (two-level headers)
    rows: list[RawRow]
    notes: list[str] = field(default_factory=list)  # footnotes printed under the table
    lines: tuple[int, int] = (0, 0)  # first and last source line (header included)
    pages: list[int] = field(default_factory=list)
    bboxes: list[dict] = field(default_factory=list)  # per page, for PDF tables
    method: str = "text-dump"
    order_checked: bool = False  # the order of its cells was decided by its totals and units
    file: "SourceFile | None" = None  # where it came from when not the answer's own text (an attachment)
    location: str | None = None  # where in that file: "Instroom per opleiding!A3:G24"

    def __post_init__(self):
        # Every reader's titles on one line, the same way.
        self.label_headers = [one_line_title(h) for h in self.label_headers]
        self.measure_headers = [tuple(one_line_title(p) for p in path) for path in self.measure_headers]

    @property
    def key(self) -> str:
        return f"{self.section}#{self.index}"

    def numbers(self) -> list[Quantity]:
        return [q for row in self.rows for q in row.values if q is not None]


@dataclass(slots=True)
class ProseFigure:
    """A number stated in the answer's running text, with the sentence that states it."""

    section: str
    text: str  # as printed, e.g. "€551.504,58"
    quantity: Quantity
    noun: str | None  # the word after it, e.g. "personen"
    sentence: str
    line: int


@dataclass
class Document:
    """One answer to a written question, as read from a dump or a PDF, before curation."""

    source: SourceFile
    header: Header
    question: Question
    answer_sections: list[Section]
    tables: list[RawTable] = field(default_factory=list)
    figures: list[ProseFigure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    pdf: SourceFile | None = None  # a PDF that supplied the tables, when there is one

    session_override: str | None = None  # the parliament's own session year, where it differs

    @property
    def session(self) -> str:
        return self.session_override or session_year(self.question.date)

    @property
    def answer_id(self) -> str:
        return f"{self.session}-{self.question.number}"



@dataclass
class Field:
    """A column of a tidy table."""

    name: str
    title: str
    type: str  # "string", "integer", "number", "boolean"
    role: Role
    description: str | None = None
    unit: str | None = None
    codelist: str | None = None  # name of a code list in metadata/codelists.yaml
    source: str | None = None  # the header as printed

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(slots=True)
class Cell:
    """Where one published value came from."""

    row: int  # 1-based tidy row
    field: str
    text: str  # as printed
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None


class Cells:
    """Where each published value of a table came from, kept column by column in arrays and given
    out as `Cell`s: a long table has one per value, and an object, or a list slot, for each field
    of each cost more than the values themselves. Line and page 0 stand for none (both count
    from 1); boxes are kept only where a PDF gives them."""

    __slots__ = ("rows", "field_numbers", "numbers_of", "texts", "lines", "pages", "bboxes")

    def __init__(self) -> None:
        self.rows = array("i")
        self.field_numbers = array("H")  # a table has a few fields: each cell's is a number
        self.numbers_of: dict[str, int] = {}  # field name -> its number, in the order first seen
        self.texts: list[str] = []
        self.lines = array("i")
        self.pages = array("i")
        self.bboxes: dict[int, tuple[float, float, float, float]] = {}  # cell number -> box

    def add(self, row: int, name: str, text: str, line: int | None, page: int | None,
            bbox: tuple[float, float, float, float] | None) -> None:
        self.field_numbers.append(self.numbers_of.setdefault(name, len(self.numbers_of)))
        if bbox is not None:
            self.bboxes[len(self.rows)] = bbox
        self.rows.append(row)
        self.texts.append(text)
        self.lines.append(line or 0)
        self.pages.append(page or 0)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        names, bboxes = list(self.numbers_of), self.bboxes
        for i, (row, number, text, line, page) in enumerate(zip(self.rows, self.field_numbers, self.texts, self.lines,
                                                                  self.pages)):
            yield Cell(row, names[number], text, line or None, page or None, bboxes.get(i))


@dataclass
class TidyTable:
    """A curated table: one observation per row, labels in dimensions, numbers in measures."""

    answer_id: str
    name: str
    title: str
    description: str | None
    raw: RawTable | None  # None when read back from a published package
    fields: list[Field]
    rows: list[list]  # Python values in field order (str, int, Decimal, None)
    notes: list[str] = field(default_factory=list)
    cells: Cells = field(default_factory=Cells)
    totals: list[int] = field(default_factory=list)  # 1-based rows that are totals as printed
    curated: bool = False
    reconcile: list[dict] = field(default_factory=list)  # curated total checks against prose
    section: str | None = None  # answer section the table belongs to
    acknowledged: list[dict] = field(default_factory=list)  # source errors acknowledged in curation
    checks: dict | None = None  # confidence.Assessment as a dict: how sure the reading is
    key: list[str] = field(default_factory=list)  # declared (curation) or structural (label columns)

    @property
    def id(self) -> str:
        return f"{self.answer_id}/{self.name}"

    @property
    def dimensions(self) -> list[Field]:
        return [f for f in self.fields if f.role == Role.DIMENSION]

    @property
    def measures(self) -> list[Field]:
        return [f for f in self.fields if f.role == Role.MEASURE]


def join_lines(lines, drop_wrap_hyphen: bool = False) -> str:
    """Join wrapped lines into running text.

    A line ending in a hyphen joins the next without a space. In prose the hyphen stays
    ("werk-" + "projecten"): Word does not hyphenate running text unless the word has one. In a
    narrow table cell a wrap splits words ("Hoofd-" + "doelgroep"), so there it goes.
    """
    out = ""
    for text in lines:
        text = " ".join(text.split())
        if not text:
            continue
        if not out:
            out = text
        elif out.endswith("-") and out[-2:-1].isdigit() and text[:1].isdigit():
            out += text  # "Schooljaar 2020-" / "2021": a period wrapped at its hyphen
        elif out.endswith("-") and not out.endswith(" -") and text[:1].islower():
            out = (out[:-1] if drop_wrap_hyphen else out) + text
        else:
            out += " " + text
    return out


def session_year(iso_date: str) -> str:
    """The parliamentary year of a date: it starts on the fourth Monday of September."""
    import datetime as dt

    day = dt.date.fromisoformat(iso_date)
    first = dt.date(day.year, 9, 1)
    fourth_monday = first + dt.timedelta(days=(7 - first.weekday()) % 7 + 21)
    start = day.year if day >= fourth_monday else day.year - 1
    return f"{start}-{start + 1}"


_SYMBOL_WORDS = {"%": "procent", "€": "euro"}  # a title that starts with one: "% t.o.v. totaal", "€"


def slug(text: str) -> str:
    """A name for Frictionless and SQL: lowercase ASCII, digits and single underscores. A symbol
    that starts a title is spelled out ("% t.o.v. totaal": procent_t_o_v_totaal, not the
    t_o_v_totaal of a count); elsewhere ("Aandeel (%)") the words name the column."""
    import unicodedata

    text = text.strip()
    if text[:1] in _SYMBOL_WORDS:
        text = _SYMBOL_WORDS[text[0]] + " " + text[1:]
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    return name or "kolom"
