"""SYNTHETIC fixture PDFs for the tests: Word-like answers drawn with reportlab. Never publish them.

What Word does and these files imitate: table borders as thin filled rectangles (not stroked
lines), a row-spanning first column (merged cells), header cells that wrap, a table that goes on
after a page break with its header repeated, running headers and footers with page numbers. Also:
an unruled table (columns aligned by whitespace), a scanned page (an image, no text), a rotated
page, and damaged files (truncated, encrypted, an HTML page saved as .pdf, zero pages).

    python scripts/fixture_pdfs.py OUTDIR        # writes every fixture into OUTDIR
"""

from __future__ import annotations

import io
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = A4
MARGIN_X, MARGIN_TOP = 70.0, 80.0
FONT, SIZE, LEADING = "Helvetica", 10.0, 13.0
BORDER = 0.5  # Word draws borders as filled rectangles half a point thick
PAD = 3.0


@dataclass
class Text:
    line: str


@dataclass
class Grid:
    """A ruled table. `rows` hold cell texts ("\\n" for a forced line break, None where a cell above
    spans down); `spans` maps (row, column) to the number of rows the cell covers."""

    widths: list[float]
    rows: list[list[str | None]]
    header_rows: int = 1
    spans: dict[tuple[int, int], int] = field(default_factory=dict)
    numeric_from: int = 1  # columns from here on are right-aligned numbers
    colspans: dict[tuple[int, int], int] = field(default_factory=dict)  # a cell merged across columns


@dataclass
class Unruled:
    """Columns aligned by whitespace: the first `left` columns left-aligned at their x, the others
    right-aligned (numbers) at theirs."""

    xs: list[float]
    rows: list[list[str]]
    left: int = 1


@dataclass
class PageBreak:
    pass


@dataclass
class LineGrid:
    """A page of n x n thin lines and nothing else: pathological for table finding."""

    n: int


class Writer:
    """Flows text lines and tables over A4 pages with a running header and footer."""

    def __init__(self, target, running_header: str, rotate_pages: set[int] | None = None, margin: float = MARGIN_TOP):
        self.canvas = canvas.Canvas(target, pagesize=A4, invariant=1)
        self.running_header = running_header
        self.margin = margin  # top and bottom; the running header and footer sit halfway into it
        self.page = 1
        self.y = HEIGHT - margin
        self.rotate_pages = rotate_pages or set()
        self._furniture()

    def _furniture(self):
        c = self.canvas
        c.setFont(FONT, 8)
        c.drawString(MARGIN_X, HEIGHT - self.margin / 2, self.running_header)
        c.drawRightString(WIDTH - MARGIN_X, self.margin / 2, f"pagina {self.page}")
        c.setFont(FONT, SIZE)
        if self.page in self.rotate_pages:
            c.setPageRotation(90)

    def new_page(self):
        self.canvas.showPage()
        self.page += 1
        self.y = HEIGHT - self.margin
        self._furniture()

    def room(self, height: float) -> bool:
        return self.y - height >= self.margin

    def text(self, line: str):
        if not self.room(LEADING):
            self.new_page()
        self.canvas.setFont(FONT, SIZE)
        self.canvas.drawString(MARGIN_X, self.y - SIZE, line)
        self.y -= LEADING

    def _cell_lines(self, text: str, width: float) -> list[str]:
        lines = []
        for part in text.split("\n"):
            words, current = part.split(), ""
            for word in words:
                candidate = (current + " " + word).strip()
                if stringWidth(candidate, FONT, SIZE) <= width - 2 * PAD or not current:
                    current = candidate
                else:
                    lines.append(current)
                    current = word
            lines.append(current)
        return lines

    def _row_height(self, grid: Grid, row: list[str | None]) -> float:
        tallest = 1
        for column, text in enumerate(row):
            if text is not None:
                tallest = max(tallest, len(self._cell_lines(text, grid.widths[column])))
        return tallest * LEADING + 2 * PAD

    def _hrule(self, x0: float, x1: float, y: float):
        self.canvas.rect(x0, y - BORDER / 2, x1 - x0, BORDER, stroke=0, fill=1)

    def _vrule(self, x: float, y0: float, y1: float):
        self.canvas.rect(x - BORDER / 2, y1, BORDER, y0 - y1, stroke=0, fill=1)

    def grid(self, grid: Grid):
        xs = [MARGIN_X]
        for w in grid.widths:
            xs.append(xs[-1] + w)
        heights = [self._row_height(grid, row) for row in grid.rows]
        covered = {(r + k, c) for (r, c), n in grid.spans.items() for k in range(1, n)}
        inside = {(r, c + k) for (r, c), n in grid.colspans.items() for k in range(1, n)}

        def draw_rows(indices: list[int]):
            top = self.y
            ys = [top]
            for r in indices:
                ys.append(ys[-1] - heights[r])
            for i, r in enumerate(indices):
                y0, y1 = ys[i], ys[i + 1]
                for c in range(len(grid.widths)):
                    # The border above a cell, unless the cell above spans into this one; the border
                    # left of a cell, unless the cell to its left spans over it.
                    if (r, c) not in covered or i == 0:
                        self._hrule(xs[c], xs[c + 1], y0)
                    if (r, c) not in inside:
                        self._vrule(xs[c], y0, y1)
                self._vrule(xs[-1], y0, y1)
                for c, text in enumerate(grid.rows[r]):
                    if text is None:
                        continue
                    span = grid.spans.get((r, c), 1)
                    bottom = ys[min(i + span, len(indices))] if i + span <= len(indices) else y1
                    across = grid.colspans.get((r, c), 1)
                    lines = self._cell_lines(text, sum(grid.widths[c:c + across]))
                    block = len(lines) * LEADING
                    start = y0 - ((y0 - bottom) - block) / 2 if span > 1 else y0 - PAD
                    for k, line in enumerate(lines):
                        baseline = start - k * LEADING - SIZE
                        if c >= grid.numeric_from and r >= grid.header_rows:
                            self.canvas.drawRightString(xs[c + 1] - PAD, baseline, line)
                        elif across > 1:
                            self.canvas.drawCentredString((xs[c] + xs[c + across]) / 2, baseline, line)
                        else:
                            self.canvas.drawString(xs[c] + PAD, baseline, line)
            self._hrule(xs[0], xs[-1], ys[-1])
            self.y = ys[-1] - LEADING / 2

        header = list(range(grid.header_rows))
        # Rows joined by a row-spanning cell stay on one page.
        units, r = [], grid.header_rows
        while r < len(grid.rows):
            span = max(grid.spans.get((r, c), 1) for c in range(len(grid.widths)))
            units.append(list(range(r, r + span)))
            r += span
        header_height = sum(heights[h] for h in header)
        chunk: list[int] = []
        for unit in units:
            if not self.room(header_height + sum(heights[g] for g in chunk + unit)):
                if chunk:
                    draw_rows(header + chunk)
                self.new_page()
                chunk = []
            chunk += unit
        draw_rows(header + chunk)

    def unruled(self, table: Unruled):
        for row in table.rows:
            if not self.room(LEADING):
                self.new_page()
            self.canvas.setFont(FONT, SIZE)
            for column, (x, text) in enumerate(zip(table.xs, row)):
                if column < table.left:
                    self.canvas.drawString(MARGIN_X + x, self.y - SIZE, text)
                else:
                    self.canvas.drawRightString(MARGIN_X + x, self.y - SIZE, text)
            self.y -= LEADING

    def image_page(self, lines: list[str]):
        """A page that is only a picture of text, as a scanner makes it."""
        from reportlab.lib.utils import ImageReader
        from PIL import Image, ImageDraw

        self.new_page()
        picture = Image.new("L", (600, 200), 255)
        draw = ImageDraw.Draw(picture)
        for i, line in enumerate(lines):
            draw.text((10, 10 + 20 * i), line, fill=0)
        self.canvas.drawImage(ImageReader(picture), MARGIN_X, HEIGHT - 400, width=450, height=150)

    def flow(self, items):
        for item in items:
            if isinstance(item, Text):
                self.text(item.line)
            elif isinstance(item, Grid):
                self.grid(item)
            elif isinstance(item, Unruled):
                self.unruled(item)
            elif isinstance(item, PageBreak):
                self.new_page()
            elif isinstance(item, LineGrid):
                self.new_page()
                step_x, step_y = (WIDTH - 2 * MARGIN_X) / item.n, (HEIGHT - 2 * self.margin) / item.n
                for i in range(item.n + 1):  # stroked lines, as a drawing program makes them
                    self.canvas.line(MARGIN_X, self.margin + i * step_y, WIDTH - MARGIN_X, self.margin + i * step_y)
                    self.canvas.line(MARGIN_X + i * step_x, self.margin, MARGIN_X + i * step_x, HEIGHT - self.margin)

    def save(self):
        self.canvas.showPage()
        self.canvas.save()


def render(items, running_header: str, target=None, rotate_pages: set[int] | None = None,
           image_lines: list[str] | None = None, margin: float = MARGIN_TOP) -> bytes:
    buffer = io.BytesIO()
    writer = Writer(buffer, running_header, rotate_pages, margin)
    writer.flow(items)
    if image_lines:
        writer.image_page(image_lines)
    writer.save()
    data = buffer.getvalue()
    if target:
        Path(target).write_bytes(data)
    return data


# --- documents ---------------------------------------------------------------------------------


def preamble(number: int, date: str, asker: str, minister: str, title_lines: list[str], title: str,
             questions: list[str]) -> list:
    lines = ["SCHRIFTELIJKE VRAAG", f"nr. {number}", f"van {asker}", f"datum: {date}", f"aan {minister}",
             *title_lines, title, *questions, minister, *title_lines, "ANTWOORD", f"op vraag nr. {number} van {date}",
             f"van {asker}"]
    return [Text(l) for l in lines]


MINISTER_TITLE = ["VLAAMS MINISTER VAN FINANCIËN EN BEGROTING, WONEN EN ONROEREND ERFGOED"]


def ruled_answer() -> list:
    """Ruled table with a row-spanning first column and a header cell that wraps."""
    items = preamble(501, "12 januari 2024", "TOM PEETERS", "MATTHIAS DIEPENDAELE", MINISTER_TITLE,
                     "[synthetisch] Huurpremie - Aanvragen per provincie en type",
                     ["1. Hoeveel aanvragen waren er per provincie en type?", "2. Welke bedragen per jaar?"])
    items.append(Text("1. Hieronder vindt u het aantal aanvragen per provincie en type premie."))
    items.append(Grid(
        widths=[110, 110, 110, 90],
        rows=[["Provincie", "Type premie", "Aanvragen\ningediend in 2023", "Goedgekeurd"],
              ["Antwerpen", "Huurpremie", "1.204", "1.050"],
              [None, "Huursubsidie", "830", "702"],
              ["Limburg", "Huurpremie", "512", "498"],
              [None, "Huursubsidie", "301", "-"],
              ["Totaal", "", "2.847", "2.250"]],
        spans={(1, 0): 2, (3, 0): 2}, numeric_from=2))
    items.append(Text("Voor Limburg is het aantal goedgekeurde huursubsidies nog niet gekend."))
    items.append(Text("2. De bedragen per jaar vindt u in de volgende tabel."))
    items.append(Grid(  # a two-level header: a year merged over two columns
        widths=[110, 80, 90, 80, 90],
        rows=[["Provincie", "2022", None, "2023", None],
              [None, "Dossiers", "Bedrag", "Dossiers", "Bedrag"],
              ["Antwerpen", "1.100", "€ 2.200.000", "1.204", "€ 2.408.000"],
              ["Limburg", "480", "€ 960.000", "512", "€ 1.024.000"]],
        header_rows=2, spans={(0, 0): 2}, colspans={(0, 1): 2, (0, 3): 2}))
    return items


def long_answer() -> list:
    """A table of 60 towns: it goes on after the page break, its header repeated; an unruled table."""
    items = preamble(502, "3 februari 2024", "LIES DE SMET", "MATTHIAS DIEPENDAELE", MINISTER_TITLE,
                     "[synthetisch] Renovatie - Dossiers per gemeente",
                     ["1. Hoeveel dossiers per gemeente?", "2. Hoeveel per jaar?", "3. En per deelgemeente?"])
    items.append(Text("1. De dossiers per gemeente staan in de volgende tabel."))
    rows = [["Gemeente", "Dossiers", "Bedrag"]]
    for i in range(1, 61):
        rows.append([f"Gemeente {chr(64 + (i - 1) % 26 + 1)}{(i - 1) // 26 + 1}", f"{i * 7}",
                     f"€ {i * 1234 // 10:,}".replace(",", ".") + ",00"])
    items.append(Grid(widths=[170, 90, 130], rows=rows))
    items.append(Text("2. Per jaar zag het er als volgt uit:"))
    items.append(Unruled(xs=[0, 200, 290, 380], rows=[["Jaar", "2021", "2022", "2023"],
                                                      ["Dossiers ingediend", "1.250", "1.420", "1.610"],
                                                      ["Dossiers goedgekeurd", "1.100", "1.305", "1.498"]]))
    items.append(Text("De cijfers voor 2023 zijn voorlopig."))
    items.append(Text("3. Per deelgemeente, zonder lijnen en met kleine letters in de kop:"))
    # Only the positions tell the columns apart here: the header is lower case and the labels of
    # two columns hold several words each.
    items.append(Unruled(xs=[0, 150, 380], left=2, rows=[["gemeente", "deelgemeente", "aantal premies"],
                                                         ["Sint-Niklaas", "Nieuwkerken Waas", "14"],
                                                         ["Gent", "Sint Amandsberg Oost", "12"],
                                                         ["Sint-Niklaas", "Belsele", "9"]]))
    items.append(Text("Dat zijn alle deelgemeenten met premies."))
    return items


SEED_TABLES = {
    # The seed's tables as printed in its PDF, typed from the dump (a rendering, not the real PDF).
    "Provincie": Grid(widths=[150, 150], rows=[["Provincie", "Trajecten opgestart in 2023"], ["Antwerpen", "85"],
                                                ["Limburg", "78"], ["Oost-Vlaanderen", "41"], ["Vlaams-Brabant", "37"],
                                                ["West-Vlaanderen", "73"]]),
    "Promotor": Grid(widths=[130, 110, 110], numeric_from=2, rows=[
        ["Promotor", "Subdoelgroep", "Trajecten opgestart in\n2023"], ["Gatam", "LOA", "45"], ["Gatam", "HOA", "40"],
        ["Core vof", "HOA", "33"], ["Core vof", "LOA", "15"], ["Randstad Risesmart", "HOA", "41"],
        ["FMDO", "Hoofddoelgroep", "73"], ["Randstad Risesmart", "HOA", "37"], ["Randstad Risesmart", "HOA", "30"]]),
    "Duurtijd": Grid(widths=[150, 150], rows=[["Duurtijd in maanden", "Trajecten opgestart in 2023"]] + [
        [str(m), str(n)] for m, n in enumerate([38, 3, 14, 15, 16, 18, 25, 50, 41, 31, 28, 14, 16, 5])]),
    "Subdoelgroep": Grid(widths=[150, 150], rows=[["Subdoelgroep", "Trajecten opgestart in 2023"],
                                                  ["Hoofddoelgroep", "73"], ["HOA", "181"], ["LOA", "60"]]),
    "Doelgroep": Grid(widths=[70, 150, 60, 60, 60], numeric_from=2, spans={(1, 0): 3, (4, 0): 3, (7, 0): 3, (10, 0): 3},
                      rows=[["Doelgroep", "Actie", "M3", "M6", "M9"]] + [
                          row for group, values in [
                              ("HOA", [("512", "446", "386"), ("37,30%", "42,60%", "47,93%"), ("2,54%", "2,91%", "4,15%")]),
                              ("Hoofd-\ndoelgroep", [("141", "126", "75"), ("36,88%", "36,51%", "58,67%"),
                                                     ("1,42%", "0,79%", "0,00%")]),
                              ("Jongeren", [("42", "42", "42"), ("45,24%", "47,62%", "57,14%"), ("0,00%", "0,00%", "0,00%")]),
                              ("LOA", [("209", "191", "174"), ("42,58%", "48,69%", "51,15%"), ("0,48%", "1,05%", "1,15%")])]
                          for row in [[group, "Aantal beëindigde\nMentoringtrajecten", *values[0]],
                                      [None, "Waarvan aan het werk als\nwerknemer", *values[1]],
                                      [None, "Waarvan aan het werk als\nzelfstandige", *values[2]]]]),
}


def seed_answer() -> list:
    """The seed's text with its tables drawn as ruled tables (a rendering: the real PDF is not here)."""
    text = (ROOT / "sources" / "000_3c331c23e3cc1b3f.txt").read_text(encoding="utf-8").splitlines()[4:]
    items: list = []
    skipping = False
    for line in text:
        first = line.split()[0] if line.split() else ""
        if first in SEED_TABLES and not skipping:
            items.append(SEED_TABLES[first])
            skipping = True
            continue
        if skipping:
            # Table lines end where running text starts again: a lettered part, a sentence, a section.
            if re.match(r"^([a-d]\)|\d\.\s|De hoofddoelgroep)", line):
                skipping = False
            else:
                continue
        items.append(Text(line.rstrip()))
    return items


def zero_pages() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted(target: Path) -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption

    c = canvas.Canvas(str(target), pagesize=A4, invariant=1,
                      encrypt=StandardEncryption("geheim", ownerPassword="eigenaar", canPrint=0))
    c.drawString(MARGIN_X, HEIGHT - 100, "SCHRIFTELIJKE VRAAG")
    c.save()


def quarters_answer() -> list:
    """Unruled tables whose header cells hold numbers and several words: the words alone cut
    "Q1 2023 Q2 2023 ..." and "Stand op 1 januari 2023 Stand op 1 januari 2024" in the wrong places;
    the header cells stand right-aligned over their columns, as Word sets them."""
    items = preamble(503, "4 maart 2024", "AN JANSSENS", "MATTHIAS DIEPENDAELE", MINISTER_TITLE,
                     "[synthetisch] Premies - Aanvragen per kwartaal",
                     ["1. Hoeveel aanvragen per kwartaal?", "2. Hoeveel lopende dossiers?"])
    items.append(Text("1. Het aantal aanvragen per kwartaal en per provincie:"))
    quarters = [f"Q{q} {y}" for y in (2022, 2023) for q in range(1, 5)]
    rows = [["Provincie", *quarters]]
    for p, name in enumerate(["Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams Gewest"]):
        rows.append([name, *[f"{(p + 1) * 311 + q * 37:,}".replace(",", ".") for q in range(8)]])
    items.append(Unruled(xs=[0, 130, 173, 216, 259, 302, 345, 388, 431], rows=rows))
    items.append(Text("2. Het aantal lopende dossiers:"))
    items.append(Unruled(xs=[0, 260, 380], rows=[["Sector", "Stand op 1 januari 2023", "Stand op 1 januari 2024"],
                                                 ["Bouw", "1.204", "1.311"],
                                                 ["Zorg", "87", "112"],
                                                 ["Totaal", "1.291", "1.423"]]))
    items.append(Text("Per regio, met kleine letters in de kop:"))
    # Lower-case header cells of several words: nothing in the words says where one ends.
    items.append(Unruled(xs=[0, 200, 300, 420], rows=[["regio", "aantal aanvragen", "toegekend bedrag",
                                                        "gemiddelde wachttijd"],
                                                       ["Noord", "412", "81.200", "31"],
                                                       ["Zuid", "377", "70.950", "27"]]))
    return items


def grouped_answer() -> list:
    """An unruled table with row groups: the group label on its first row's line, or wrapped on
    the lines above and below its first row ("Gewoon lager" / the row / "onderwijs"), as Word
    centres a cell that spans rows."""
    items = preamble(504, "11 maart 2024", "AN JANSSENS", "BEN WEYTS", MINISTER_TITLE,
                     "[synthetisch] Onderwijs - Leerlingen per net",
                     ["1. Hoeveel leerlingen telde elk net?"])
    items.append(Text("1. Het aantal leerlingen per soort onderwijs en per net:"))
    items.append(Unruled(xs=[0, 130, 300, 380], left=2, rows=[
        ["Soort", "Net", "2022", "2023"],
        ["Kleuter", "Stedelijk", "120", "130"],
        ["", "Provinciaal", "140", "150"],
        ["Gewoon lager", "", "", ""],
        ["", "Gemeentelijk", "160", "170"],
        ["onderwijs", "", "", ""],
        ["", "Provinciaal", "180", "190"]]))
    items.append(Text("Deze cijfers zijn synthetisch."))
    return items


def word_answer(target: Path) -> None:
    """The ruled answer as a Word file (synthetic): a table whose first column spans rows and whose
    header holds a year merged over two columns, a numbered list the way Word numbers it (the
    numbers are not in the text), line breaks inside a paragraph."""
    from docx import Document

    word = Document()
    for line in ["SCHRIFTELIJKE VRAAG", "nr. 504\nvan TOM PEETERS\ndatum: 15 januari 2024\naan MATTHIAS DIEPENDAELE",
                 MINISTER_TITLE[0], "[synthetisch] Huurpremie - Bedragen per provincie"]:
        paragraph = word.add_paragraph()
        for i, part in enumerate(line.split("\n")):
            if i:
                paragraph.add_run().add_break()
            paragraph.add_run(part)
    for question in ["Welke bedragen per provincie?", "Hoeveel dossiers?"]:
        word.add_paragraph(question, style="List Number")  # Word numbers these itself
    word.add_paragraph("MATTHIAS DIEPENDAELE")
    word.add_paragraph(MINISTER_TITLE[0])
    word.add_paragraph("ANTWOORD")
    word.add_paragraph("op vraag nr. 504 van 15 januari 2024")
    word.add_paragraph("van TOM PEETERS")
    word.add_paragraph("1. De bedragen per provincie en type staan in de volgende tabel.")
    rows = [["Provincie", "Type", "2023", None], [None, None, "Dossiers", "Bedrag"],
            ["Antwerpen", "Huurpremie", "1.204", "€ 2.408.000"], [None, "Huursubsidie", "830", "€ 1.660.000"],
            ["Limburg", "Huurpremie", "512", "€ 1.024.000"], [None, "Huursubsidie", "301", "€ 602.000"]]
    table = word.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is not None:
                table.cell(r, c).text = text
    table.cell(0, 2).merge(table.cell(0, 3))  # "2023" over two columns
    for top, bottom in ((0, 1), (2, 3), (4, 5)):
        table.cell(top, 0).merge(table.cell(bottom, 0))  # the province spans its rows
    table.cell(0, 1).merge(table.cell(1, 1))
    word.add_paragraph("2. In totaal waren er 2.847 dossiers.")
    word.save(str(target))


def attachment(target: Path) -> None:
    """An Excel attachment (synthetic) as answers carry them: caption in A1, header from row 3 with a
    year merged over two columns, percentages stored as fractions with a % format, a second sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Per provincie"
    sheet["A1"] = "Huurpremies per provincie, 2023 (bijlage 1)"
    sheet.append([])
    sheet.append(["Provincie", "2023", None])
    sheet.append([None, "Dossiers", "Aandeel goedgekeurd"])
    sheet.merge_cells("B3:C3")
    sheet.merge_cells("A3:A4")
    for name, files, share in (("Antwerpen", 1204, 0.872), ("Limburg", 512, 0.9725), ("Totaal", 1716, 0.905)):
        sheet.append([name, files, share])
        sheet.cell(sheet.max_row, 2).number_format = "#,##0"
        sheet.cell(sheet.max_row, 3).number_format = "0.0%"
    other = book.create_sheet("Per jaar")
    other["A1"] = "Dossiers per jaar"
    other.append([])
    other.append(["Jaar", "Dossiers"])
    for year, files in ((2022, 1100), (2023, 1716)):
        other.append([str(year), files])
    book.save(str(target))


def legacy_office(source: Path, target: Path, filter_name: str) -> bool:
    """A fixture saved in an old binary Office format (.doc, .xls) by LibreOffice (synthetic);
    False without LibreOffice."""
    import shutil
    import subprocess
    import tempfile

    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None:
        return False
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        shutil.copy(source, work / f"original{source.suffix}")
        done = subprocess.run([program, "--headless", "--norestore", f"-env:UserInstallation={(work / 'p').as_uri()}",
                               "--convert-to", f"{target.suffix[1:]}:{filter_name}", "--outdir", str(work),
                               str(work / f"original{source.suffix}")], capture_output=True, timeout=180)
        made = work / f"original{target.suffix}"
        if done.returncode != 0 or not made.exists():  # e.g. Writer installed without Calc
            return False
        shutil.copy(made, target)
    return True


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {}

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)
        made[name] = folder / name

    put("ruled.pdf", render(ruled_answer(), "Vlaams Parlement - Schriftelijke vraag 501 [synthetisch]"))
    put("long.pdf", render(long_answer(), "Vlaams Parlement - Schriftelijke vraag 502 [synthetisch]",
                           image_lines=["Bijlage: een gescande pagina", "Dossiers 1.250 1.420"]))
    put("quarters.pdf", render(quarters_answer(), "Vlaams Parlement - Schriftelijke vraag 503 [synthetisch]"))
    put("grouped.pdf", render(grouped_answer(), "Vlaams Parlement - Schriftelijke vraag 504 [synthetisch]"))
    # Narrow margins (1 cm): the minister's line and ANTWOORD stand within 40 pt of the page's top.
    put("narrow.pdf", render(long_answer(), "Vlaams Parlement - Antwoord op schriftelijke vraag nr. 502 (2023-2024)",
                             margin=28.0))
    # An answer followed by a page of 150 x 150 lines (22,500 crossings): a hostile or broken file.
    put("line_grid.pdf", render(ruled_answer() + [LineGrid(150)],
                                "Vlaams Parlement - Schriftelijke vraag 501 [synthetisch]"))
    put("rotated.pdf", render(ruled_answer(), "Vlaams Parlement - Schriftelijke vraag 501 [synthetisch]",
                              rotate_pages={1}))
    seed = render(seed_answer(), "Vlaams Parlement - Schriftelijke vraag 418 (rendering van de seed)")
    put("2064567.pdf", seed)
    put("truncated.pdf", seed[: len(seed) // 3])
    put("html.pdf", b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n")
    put("zero_pages.pdf", zero_pages())
    put("garbage.pdf", bytes(range(256)) * 8)
    word_answer(folder / "word.docx")
    made["word.docx"] = folder / "word.docx"
    attachment(folder / "bijlage.xlsx")
    made["bijlage.xlsx"] = folder / "bijlage.xlsx"
    if legacy_office(folder / "word.docx", folder / "word.doc", "MS Word 97"):
        made["word.doc"] = folder / "word.doc"
    if legacy_office(folder / "bijlage.xlsx", folder / "bijlage.xls", "MS Excel 97"):
        made["bijlage.xls"] = folder / "bijlage.xls"
    encrypted(folder / "encrypted.pdf")
    made["encrypted.pdf"] = folder / "encrypted.pdf"
    return made


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/fixture_pdfs.py OUTDIR")
    for name in write_all(Path(sys.argv[1])):
        print(name)
