"""SYNTHETIC answers in the shapes of the development corpus, with their ground truth. Never publish them.

`synthetic.py` makes answers in three easy shapes, rendered straight into the text dump format. This
module draws answers from the shapes the development corpus (`../shared/corpus/`) shows real answers
take, and renders them the way that corpus was made, by other tools than ours:

- row groups (a group label spanning several rows, often long enough to wrap), two-level headers
  (a year over "Aantal" | "Bedrag"), wide tables (twelve months and a total), long tables that run
  over pages with their header repeated, tables without rules, captions ("Tabel 2a: ...");
- values as answers print them: thousands dots, decimal commas, signed differences ("+2.513"),
  "12,5%" and "12,5 %", "€ 1.234,56" and "1.234,56 euro", provisional markers ("14,2%*"), missing
  markers ("-", "n.b.", "nvt", "/", empty), footnote markers on labels ("(1)", "*");
- answers without any table whose prose is full of numbers (a false-positive trap).

Each answer becomes HTML like the corpus's `html/`; `render_corpus` turns that into a PDF with
LibreOffice and into text dumps with the four extractors the corpus records (pypdf, pypdf in layout
mode, pdfminer.six, poppler's pdftotext -layout), and writes a truth file per answer in the corpus's
format, so the corpus's own `score.py` and `benchmarks/fidelity.py` score vragen on answers no
test was written for.

    python scripts/realistic.py corpus 40 /tmp/realistic [--seed 7]
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import MARK, MINISTERS, MONTHS, PROVINCES, TOWNS, dutch  # noqa: E402

EXTRACTORS = ("pypdf", "pypdf-layout", "pdfminer", "pdftotext-layout")
ASKERS = ["MARIEKE DE LAET", "THOMAS VAN ELSLANDER", "LIES VERBRUGGEN", "JOHAN DE SMEDT", "SOFIE CLAEYS",
          "KOEN VAN DEN HEUVEL", "NADIA EL MOUSSAOUI", "BART VERHAEGHE"]
THEMES = ["Werk", "Onderwijs", "Welzijn", "Wonen", "Mobiliteit", "Cultuur", "Justitie", "Landbouw", "Energie"]
SUBJECTS = ["Kinderopvang", "Woonzorgcentra", "Leerlingenaantallen", "Sociale huisvesting", "Jeugdhulp",
            "Opleidingstrajecten", "Erfgoedpremies", "Verkeersongevallen", "Landbouwsubsidies", "Energiepremies"]
GROUPS = ["Residentiële jeugdhulp in een erkende voorziening", "Ambulante en mobiele begeleiding thuis",
          "Gewoon basisonderwijs", "Buitengewoon secundair onderwijs", "Pleegzorg", "Dagopvang"]
MEMBERS = ["GO! onderwijs van de Vlaamse Gemeenschap", "Officieel gesubsidieerd onderwijs",
           "Vrij gesubsidieerd onderwijs", "Regio Noord", "Regio Zuid", "Centrum"]
TYPES = ["Diefstal", "Inbraak", "Vandalisme", "Geweld", "Oplichting", "Fraude", "Verkeer"]
INDICATORS = ["Bereik van de doelgroep", "Gemiddelde kostprijs per deelnemer", "Tevredenheid", "Uitstroom naar werk"]
MISSING = ["-", "n.b.", "nvt", "/", ""]
TOTALS = ["Totaal", "Vlaams Gewest", "Eindtotaal"]


@dataclass
class Cell:
    printed: str
    value: Decimal | None  # None where the answer prints a missing marker
    percent: bool = False


@dataclass
class Row:
    labels: list[str]  # as printed, markers included
    truth_labels: list[str]  # as the truth names them: no footnote markers
    cells: list[Cell]


@dataclass
class RealTable:
    label_headers: list[str]
    columns: list[list[str]]  # a header path per value column: ["2022", "Aantal"]
    rows: list[Row]
    caption: str | None = None
    grouped: bool = False  # the first label spans the rows of its group
    ruled: bool = True

    def truth(self, index: int) -> dict:
        cells = [{"row": row.truth_labels, "col": column, "value": _number(cell.value),
                  **({"percent": True} if cell.percent else {})}
                 for row in self.rows for column, cell in zip(self.columns, row.cells) if cell.value is not None]
        return {"index": index, "row_header": self.label_headers, "columns": self.columns,
                "n_rows": len(self.rows), "n_cells": len(cells), **({"caption": self.caption} if self.caption else {}),
                "cells": cells}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# ----------------------------------------------------------------------------------------- values
class Values:
    """How one column prints its numbers; chosen once per table so a column stays consistent."""

    def __init__(self, rng: random.Random, kind: str):
        self.rng, self.kind = rng, kind
        self.percent_space = rng.random() < 0.3
        self.euro_style = rng.choice(["prefix", "suffix", "bare"])
        self.star = rng.random() < 0.15  # some values carry a provisional-figure marker

    def draw(self, magnitude: int) -> Decimal:
        rng = self.rng
        if self.kind == "percent":
            return Decimal(rng.randint(0, 1000)) / 10
        if self.kind == "euro":
            return Decimal(rng.randint(100, magnitude * 1000)) + Decimal(rng.randint(0, 99)) / 100
        if self.kind == "decimal":
            return Decimal(rng.randint(0, magnitude * 10)) / 10
        return Decimal(rng.randint(0, magnitude))

    def print(self, value: Decimal, signed: bool = False) -> str:
        if self.kind == "percent":
            text = dutch(value, 1) + (" %" if self.percent_space else "%")
        elif self.kind == "euro":
            amount = dutch(value, 2)
            text = {"prefix": f"€ {amount}", "suffix": f"{amount} euro", "bare": amount}[self.euro_style]
        elif self.kind == "decimal":
            text = dutch(value, 1)
        else:
            text = dutch(value)
        if signed and value > 0:
            text = "+" + text
        if self.star and self.rng.random() < 0.2:
            text += "*"
        return text

    def cell(self, value: Decimal | None, signed: bool = False) -> Cell:
        if value is None:
            return Cell(self.rng.choice(MISSING), None)
        return Cell(self.print(value, signed), value, self.kind == "percent")


def _marked(rng: random.Random, label: str) -> str:
    """A row label, sometimes with a footnote marker the truth leaves out."""
    roll = rng.random()
    return label + (" (1)" if roll < 0.06 else "*" if roll < 0.1 else "")


# ----------------------------------------------------------------------------------------- shapes
def _time_axis(rng: random.Random) -> list[str]:
    first = rng.randint(2016, 2022)
    count = rng.randint(2, 4)
    style = rng.choice(["year", "stand", "quarter", "schooljaar", "februari", "begroting"])
    if style == "quarter":
        return [f"Q{(q - 1) % 4 + 1} {first + (q - 1) // 4}" for q in range(1, rng.choice([4, 5, 8]) + 1)]
    return [{"year": f"{y}", "stand": f"Stand op 31/12/{y}", "schooljaar": f"Schooljaar {y}-{y + 1}",
             "februari": f"1 februari {y}", "begroting": f"Begroting {y} (x 1.000 euro)"}[style]
            for y in range(first, first + count)]


def _row_labels(rng: random.Random, count: int) -> tuple[str, list[str]]:
    pick = rng.choice(["provincie", "gemeente", "type"])
    if pick == "provincie":
        return "Provincie", PROVINCES[:]
    if pick == "type":
        return "Type", rng.sample(TYPES, min(count, len(TYPES)))
    return "Gemeente", rng.sample(TOWNS, min(count, len(TOWNS)))


def _with_total(rng: random.Random, rows: list[Row], columns: int, label_count: int) -> None:
    """Append a total row that is the sum of the rows above (where every value is there)."""
    sums = []
    for c in range(columns):
        values = [row.cells[c].value for row in rows]
        if rows[0].cells[c].percent:
            sums.append(Cell("100,0%", Decimal(100), True))
        elif any(v is None for v in values):
            sums.append(Cell("-", None))
        else:
            total = sum(values, Decimal(0))
            printed = rows[0].cells[c].printed
            text = dutch(total, 2 if "," in printed and len(printed.split(",")[-1].rstrip("%* euro")) == 2 else
                         1 if "," in printed else 0)
            text = ("€ " + text) if printed.startswith("€") else (text + " euro") if printed.endswith("euro") else text
            sums.append(Cell(text, total))
    name = rng.choice(TOTALS)
    labels = [name] + [""] * (label_count - 1)
    rows.append(Row(labels, [name], sums))


def series_table(rng: random.Random) -> RealTable:
    """Labels down, a time axis across, perhaps a difference and a share, often a total row."""
    axis = _time_axis(rng)
    header, names = _row_labels(rng, rng.randint(3, 9))
    kind = rng.choice(["count", "count", "count", "euro", "decimal"])
    values = Values(rng, kind)
    magnitude = rng.choice([90, 4_000, 90_000])
    with_difference = rng.random() < 0.3 and kind != "euro"
    columns = [[a] for a in axis] + ([["Verschil"]] if with_difference else [])
    rows = []
    for name in names:
        drawn = [values.draw(magnitude) if rng.random() > 0.06 else None for _ in axis]
        cells = [values.cell(v) for v in drawn]
        if with_difference:
            diff = None if drawn[-1] is None or drawn[-2] is None else drawn[-1] - drawn[-2]
            cells.append(values.cell(diff, signed=True))
        label = _marked(rng, name)
        rows.append(Row([label], [name], cells))
    if rng.random() < 0.6:
        _with_total(rng, rows, len(columns), 1)
    return RealTable([header], columns, rows)


def grouped_table(rng: random.Random) -> RealTable:
    """Two label columns: a group spanning its members (the corpus's niveau over net)."""
    axis = _time_axis(rng)[:3]
    values = Values(rng, "count")
    groups = rng.sample(GROUPS, rng.randint(2, 3))
    rows = []
    for group in groups:
        for member in rng.sample(MEMBERS, rng.randint(2, 3)):
            cells = [values.cell(values.draw(5_000) if rng.random() > 0.05 else None) for _ in axis]
            rows.append(Row([group, member], [group, member], cells))
    table = RealTable([rng.choice(["Niveau", "Type jeugdhulp", "Soort"]), rng.choice(["Onderwijsnet", "Regio"])],
                      [[a] for a in axis], rows, grouped=True)
    return table


def two_level_table(rng: random.Random) -> RealTable:
    """A year over "Aantal" | "Bedrag" (or "Aantal dossiers" | "€")."""
    years = [str(y) for y in range(rng.randint(2019, 2022), 2024)][:rng.randint(2, 3)]
    count_name, money_name = rng.choice([("Aantal", "Bedrag"), ("Aantal dossiers", "€"), ("Aantal", "Bedrag (euro)")])
    counts, money = Values(rng, "count"), Values(rng, "euro")
    if money_name == "€":
        money.euro_style = "bare"
    columns = [[y, sub] for y in years for sub in (count_name, money_name)]
    rows = []
    for name in PROVINCES:
        cells = []
        for _ in years:
            cells += [counts.cell(counts.draw(30_000)), money.cell(money.draw(50_000))]
        rows.append(Row([name], [name], cells))
    _with_total(rng, rows, len(columns), 1)
    return RealTable(["Provincie"], columns, rows)


def wide_table(rng: random.Random) -> RealTable:
    """Twelve months and a total across, a few types down (landscape in the corpus)."""
    values = Values(rng, "count")
    rows = []
    for name in rng.sample(TYPES, rng.randint(3, 5)):
        drawn = [values.draw(400) for _ in MONTHS]
        cells = [values.cell(v) for v in drawn] + [values.cell(sum(drawn, Decimal(0)))]
        rows.append(Row([name], [name], cells))
    _with_total(rng, rows, 13, 1)
    return RealTable(["Type"], [[m] for m in MONTHS] + [["Totaal"]], rows)


def indicator_table(rng: random.Random) -> RealTable:
    """Indicators down, rounds across; units differ per row (a share, an amount, a count)."""
    rounds = [f"Ronde {i}" for i in range(1, rng.randint(3, 4) + 1)]
    rows = []
    for name in rng.sample(INDICATORS, 3):
        values = Values(rng, rng.choice(["percent", "euro", "count"]))
        values.euro_style = "suffix" if values.euro_style == "bare" else values.euro_style
        rows.append(Row([name], [name], [values.cell(values.draw(2_000)) for _ in rounds]))
    return RealTable(["Indicator"], [[r] for r in rounds], rows)


def share_table(rng: random.Random) -> RealTable:
    """A count and its share of the total, with a total row."""
    header, names = _row_labels(rng, rng.randint(3, 7))
    counts, shares = Values(rng, "count"), Values(rng, "percent")
    drawn = [counts.draw(3_000) for _ in names]
    total = sum(drawn, Decimal(0)) or Decimal(1)
    rows = [Row([_marked(rng, n)], [n], [counts.cell(v), shares.cell((v * 100 / total).quantize(Decimal("0.1")))])
            for n, v in zip(names, drawn)]
    rows.append(Row(["Totaal"], ["Totaal"], [counts.cell(total), Cell("100,0%", Decimal(100), True)]))
    return RealTable([header], [["Aantal"], ["% t.o.v. totaal"]], rows)


def long_table(rng: random.Random) -> RealTable:
    """Dozens of municipalities over pages, the header repeated on each."""
    values = Values(rng, "count")
    names = [f"{t}" for t in TOWNS] + [f"{t}-{s}" for t in TOWNS[:12] for s in ("Noord", "Zuid")]
    rows = [Row([_marked(rng, n)], [n], [values.cell(values.draw(900) if rng.random() > 0.05 else None)
                                         for _ in range(3)]) for n in names[:rng.randint(30, 60)]]
    return RealTable(["Gemeente"], [["Aanvragen"], ["Goedgekeurd"], ["Uitbetaald"]], rows)


SHAPES = [series_table, series_table, grouped_table, two_level_table, wide_table, indicator_table, share_table,
          long_table]


# ----------------------------------------------------------------------------------------- answers
@dataclass
class RealAnswer:
    number: int
    date: tuple[int, int, int]  # year, month, day
    asker: str
    minister: tuple[str, str]
    theme: str
    subject: str
    pdf_id: int
    schv_id: int
    tables: list[RealTable] = field(default_factory=list)
    header_lines: bool = True

    @property
    def session(self) -> str:
        year, month, _ = self.date
        return f"{year}-{year + 1}" if month >= 10 else f"{year - 1}-{year}"

    @property
    def title(self) -> str:
        return f"{MARK} {self.subject} - overzicht per jaar"

    def printed_date(self) -> str:
        year, month, day = self.date
        return f"{day} {MONTHS[month - 1]} {year}"

    def truth(self, document: str, extractor: str) -> dict:
        return {"document": document, "pdf": f"{self.pdf_id}.pdf", "question_number": self.number,
                "date": "%04d-%02d-%02d" % self.date, "session": self.session, "asker": self.asker,
                "minister": self.minister[0], "minister_title": self.minister[1], "title": self.title,
                "thema": self.theme, "pdf_id": str(self.pdf_id), "schv_id": str(self.schv_id),
                "extractor": extractor, "header_lines": self.header_lines, "synthetic": True,
                "tables": [t.truth(i) for i, t in enumerate(self.tables, start=1)]}


def random_answer(rng: random.Random, number: int) -> RealAnswer:
    year, month = rng.choice([(2023, rng.randint(10, 12)), (2024, rng.randint(1, 6)), (2024, rng.randint(10, 12)),
                              (2025, rng.randint(1, 6))])
    answer = RealAnswer(number=number, date=(year, month, rng.randint(1, 28)), asker=rng.choice(ASKERS),
                        minister=rng.choice(MINISTERS), theme=rng.choice(THEMES), subject=rng.choice(SUBJECTS),
                        pdf_id=3_000_000 + number, schv_id=2_000_000 + number,
                        header_lines=rng.random() > 0.15)
    count = rng.choice([0, 1, 1, 2, 2, 3])
    answer.tables = [rng.choice(SHAPES)(rng) for _ in range(count)]
    for i, table in enumerate(answer.tables, start=1):
        table.ruled = rng.random() > 0.15
        if rng.random() < 0.4:
            table.caption = f"Tabel {i}: {answer.subject} per categorie"
    return answer


# ----------------------------------------------------------------------------------------- HTML
STYLE = """@page { size: 21cm 29.7cm; margin: 2.5cm 2cm 2cm 2cm; }
body { font-family: "Liberation Sans", Arial; font-size: 10pt; }
p { margin-top: 0; margin-bottom: 6pt; }
table { border-collapse: collapse; margin: 6pt 0 6pt 0; }
td, th { padding: 1pt 4pt; font-size: 9pt; }
th { font-weight: bold; text-align: left; }
h1 { font-size: 11pt; }"""

PROSE = ["In totaal werden {a} dossiers behandeld, waarvan {b} binnen de termijn van 30 dagen.",
         "Het budget bedroeg {e} euro, een stijging met {p}% tegenover het vorige jaar.",
         "Sinds 1 januari 2024 kregen {a} gezinnen een premie; de gemiddelde wachttijd was {b} dagen."]


def _prose(rng: random.Random) -> str:
    return rng.choice(PROSE).format(a=dutch(rng.randint(20, 9000)), b=rng.randint(2, 90),
                                    e=dutch(rng.randint(10_000, 9_000_000)), p=dutch(Decimal(rng.randint(1, 300)) / 10, 1))


def _table_html(table: RealTable) -> str:
    e = html.escape
    # LibreOffice's HTML import ignores class selectors: rules are the border attribute and inline styles
    rule = ' style="border: 0.5pt solid black"' if table.ruled else ""
    out = [f'<table border="{1 if table.ruled else 0}" cellspacing="0" cellpadding="4">']
    depth = max(len(c) for c in table.columns)
    out.append("<thead>" if len(table.rows) > 25 else "")
    for level in range(depth):
        cells = []
        if level == 0:
            cells += [f'<th rowspan="{depth}"{rule}>{e(h)}</th>' for h in table.label_headers]
        previous = None
        for column in table.columns:
            text = column[level] if level < len(column) else ""
            if depth > 1 and level == 0:
                if text == previous:
                    continue
                span = sum(1 for c in table.columns if c[0] == text)
                cells.append(f'<th colspan="{span}"{rule}>{e(text)}</th>')
                previous = text
            else:
                cells.append(f"<th{rule}>{e(text)}</th>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</thead>" if len(table.rows) > 25 else "")
    spans: dict[str, int] = {}
    for row in table.rows:
        spans[row.labels[0]] = spans.get(row.labels[0], 0) + 1
    seen: set[str] = set()
    for row in table.rows:
        cells = []
        for i, label in enumerate(row.labels):
            if i == 0 and table.grouped and row.labels[0] not in TOTALS:
                if label in seen:
                    continue
                seen.add(label)
                cells.append(f'<td rowspan="{spans[label]}" valign="middle"{rule}>{e(label)}</td>')
            else:
                cells.append(f"<td{rule}>{e(label)}</td>")
        cells += [f'<td align="right"{rule}>{e(c.printed)}</td>' for c in row.cells]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(o for o in out if o)


def answer_html(answer: RealAnswer, rng: random.Random) -> str:
    e = html.escape
    wide = any(len(t.columns) > 9 for t in answer.tables)
    style = STYLE + ("\n@page { size: 29.7cm 21cm; margin: 2cm; }\n@page :first { size: 21cm 29.7cm; }" if wide else "")
    parts = [f'<html><head><meta charset="utf-8"><style>{style}</style></head><body>',
             "<p><b>SCHRIFTELIJKE VRAAG</b></p>",
             f"<p>nr. {answer.number}<br>van {e(answer.asker)}<br>datum: {answer.printed_date()}<br>"
             f"aan {e(answer.minister[0])}<br>{e(answer.minister[1])}</p>",
             f"<h1>{e(answer.title)}</h1>",
             "<p>Deze vraag en het antwoord zijn synthetisch: gemaakt voor tests, nooit gepubliceerd.</p>"]
    parts += [f"<p>{i}. Hoeveel bedroegen de cijfers voor onderdeel {i}? Graag een opsplitsing per jaar.</p>"
              for i in range(1, len(answer.tables) + 2)]
    parts += [f'<p style="page-break-before: always"><b>{e(answer.minister[0])}</b><br>{e(answer.minister[1])}</p>',
              f"<p><b>ANTWOORD</b><br>op vraag nr. {answer.number} van {answer.printed_date()}<br>"
              f"van {e(answer.asker)}</p>"]
    for i, table in enumerate(answer.tables, start=1):
        parts.append(f"<p>{i}. Het overzicht voor onderdeel {i} ziet er als volgt uit:</p>")
        if table.caption:
            parts.append(f"<p><b>{e(table.caption)}</b></p>")
        parts.append(_table_html(table))
        if rng.random() < 0.5:
            parts.append(f"<p>{_prose(rng)}</p>")
    parts.append(f"<p>{len(answer.tables) + 1}. {_prose(rng)} {_prose(rng)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


# ----------------------------------------------------------------------------------------- rendering
def _extract(pdf: Path, extractor: str) -> str:
    if extractor == "pdftotext-layout":
        return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                              text=True).stdout
    if extractor == "pdfminer":
        from pdfminer.high_level import extract_text
        return extract_text(str(pdf))
    from pypdf import PdfReader
    mode = {"extraction_mode": "layout"} if extractor == "pypdf-layout" else {}
    return "\n".join(page.extract_text(**mode) for page in PdfReader(str(pdf)).pages)


def _dump_header(answer: RealAnswer) -> str:
    return (f"title: {answer.title}\nthema: {answer.theme}\n"
            f"pdf link: https://docs.vlaamsparlement.be/pfile?id={answer.pdf_id}\n"
            f"thema link: https://www.vlaamsparlement.be/parlementaire-documenten/schriftelijke-vragen/"
            f"{answer.schv_id}\n")


def render_corpus(count: int, folder: Path, seed: int = 7, scorer: Path | None = None) -> list[Path]:
    """Write `count` answers as a corpus folder (sources/ with dump and PDF, html/, truth/), laid out
    like ../shared/corpus so benchmarks/fidelity.py can score it. Needs LibreOffice (soffice),
    pdftotext (poppler-utils), pypdf and pdfminer.six."""
    rng = random.Random(seed)
    for sub in ("sources", "html", "truth"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    answers = [random_answer(rng, n) for n in range(1, count + 1)]
    for answer in answers:
        (folder / "html" / f"{answer.pdf_id}.html").write_text(answer_html(answer, rng), encoding="utf-8")
    with tempfile.TemporaryDirectory() as profile:  # one soffice run converts them all
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        "pdf:writer_web_pdf_Export", "--outdir", str(folder / "sources"),
                        *[str(folder / "html" / f"{a.pdf_id}.html") for a in answers]],
                       check=True, capture_output=True)
    dumps = []
    for n, answer in enumerate(answers, start=1):
        pdf = folder / "sources" / f"{answer.pdf_id}.pdf"
        extractor = EXTRACTORS[(n - 1) % len(EXTRACTORS)] if n <= len(EXTRACTORS) else rng.choice(EXTRACTORS)
        name = f"{n:03d}_{hashlib.sha256(str((seed, n)).encode()).hexdigest()[:16]}.txt"
        text = _extract(pdf, extractor)
        (folder / "sources" / name).write_text((_dump_header(answer) if answer.header_lines else "") + text,
                                               encoding="utf-8")
        truth = answer.truth(name, extractor)
        (folder / "truth" / name.replace(".txt", ".json")).write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                                                     encoding="utf-8")
        dumps.append(folder / "sources" / name)
    if scorer and scorer.is_file():
        shutil.copy(scorer, folder / "score.py")
    return dumps


_IDENTITY = [(re.compile(r"(pfile\?id=)(\d+)"), 3_000_000), (re.compile(r"(schriftelijke-vragen/)(\d+)"), 2_000_000),
             (re.compile(r"^(nr\. )(\d+)$", re.MULTILINE), 0), (re.compile(r"(op vraag nr\. )(\d+)"), 0)]


def replicate(dumps: list[Path], count: int, folder: Path) -> list[Path]:
    """`count` dumps for a benchmark, cycling through `dumps` (rendered by `render_corpus`) with a
    new identity each (question number, pfile and schv ids): the reader sees the same realistic
    shapes, the build sees `count` distinct answers."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [d.read_text(encoding="utf-8") for d in dumps]
    paths = []
    for n in range(1, count + 1):
        text = texts[(n - 1) % len(texts)]
        for pattern, base in _IDENTITY:
            text = pattern.sub(lambda m: m.group(1) + str(base + 100_000 + n), text, count=1)
        path = folder / f"realistic_{n:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["corpus"])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--scorer", type=Path, default=Path(__file__).resolve().parents[2] / "shared/corpus/score.py",
                        help="the development corpus's score.py, copied beside the truth")
    args = parser.parse_args(argv)
    written = render_corpus(args.count, args.folder, args.seed, args.scorer)
    print(f"{len(written)} synthetic answers (PDF + dump + truth) in {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
