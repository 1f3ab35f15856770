"""The dump table readers on small inputs written for each hard case (synthetic, not published),
plus a regression floor on a few documents of the development corpus (`../shared/corpus/`, which
this project's authors did not write; skipped when it is not beside the repository)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vragen.model import Line, Section
from vragen.read import cellstream, layout
from vragen.read.dumptables import place_dump_tables
from vragen.read.furniture import furniture_lines
from vragen.read.texttables import _header_by_units, LineInfo

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def lines_of(text: str) -> list[Line]:
    return [Line(i + 1, t) for i, t in enumerate(text.split("\n"))]


def table_of(reader, text: str):
    lines = lines_of(text)
    (region,) = reader.find_regions(lines)
    table, _ = reader.read_table(lines[region[0]:region[1] + 1], "test.txt")
    return table


def grid(table) -> list[tuple]:
    return [tuple(row.labels) + tuple(q.text if q else None for q in row.values) for row in table.rows]


LAYOUT = """1. Het aantal dossiers per kantoor:

                 Stand op             Stand op
Kantoor                                                Verschil
                 1 januari 2023       1 januari 2024

Aalst                      412                  455          +43

Sint-Pieters-
                            98                  101           +3
Leeuw

Totaal                     510                  556          +46
2. Tot slot nog dit."""


def test_layout_header_cells_by_geometry_and_labels_wrapped_around_their_row():
    table = table_of(layout, LAYOUT)
    assert table.label_headers == ["Kantoor"]
    assert table.measure_headers == [("Stand op 1 januari 2023",), ("Stand op 1 januari 2024",), ("Verschil",)]
    assert grid(table) == [("Aalst", "412", "455", "+43"), ("Sint-Pieters-Leeuw", "98", "101", "+3"),
                           ("Totaal", "510", "556", "+46")]


GROUPS = """                              Aantal       Aandeel
Type          Regio
                              2024         2024
              Noord             10          50,0%
Groep één     Zuid              10          50,0%
              Noord              5          25,0%
Groep twee    Zuid              15          75,0%
Totaal        Alle regio's      40         100,0%
Een zin om af te sluiten, die geen tabel is."""


def test_layout_row_groups_and_a_totals_row_of_its_own():
    table = table_of(layout, GROUPS)
    assert table.label_headers == ["Type", "Regio"]
    labels = [tuple(r.labels) for r in table.rows]
    assert labels[:2] == [("Groep één", "Noord"), ("Groep één", "Zuid")]
    assert labels[2:4] == [("Groep twee", "Noord"), ("Groep twee", "Zuid")]
    assert labels[4] == ("Totaal", "Alle regio's")


CELLS = """1. De cijfers per jaar:

Provincie

2022

2023

Aantal

Bedrag

Aantal

Bedrag

Antwerpen

12

€

1.200,00

 

€ 1.350,00

Limburg

7

€ 700,00

8

n.b.

2. Meer is er niet."""


def test_cell_per_line_two_level_header_euro_apart_and_an_empty_cell():
    table = table_of(cellstream, CELLS)
    assert table.label_headers == ["Provincie"]
    assert table.measure_headers == [("2022", "Aantal"), ("2022", "Bedrag"), ("2023", "Aantal"), ("2023", "Bedrag")]
    assert grid(table) == [("Antwerpen", "12", "€ 1.200,00", None, "€ 1.350,00"),
                           ("Limburg", "7", "€ 700,00", "8", "n.b.")]


def stream(*cells: str) -> str:
    """A cell-per-line dump as pdfminer writes it: a blank line after every cell."""
    return "\n\n".join(cells)


def test_cells_column_by_column_with_the_labels_ahead_are_read_by_their_totals():
    # Invented: two count columns and a percentage column, printed one column after the other.
    text = stream("Soort", "Aantal 2023", "Aantal 2024", "Aandeel", "Eik", "Beuk", "Den", "Totaal",
                  "10", "20", "30", "60", "11", "19", "33", "63", "16,7%", "33,3%", "50,0%", "100,0%")
    table = table_of(cellstream, text)
    assert table.label_headers == ["Soort"]
    assert grid(table) == [("Eik", "10", "11", "16,7%"), ("Beuk", "20", "19", "33,3%"),
                           ("Den", "30", "33", "50,0%"), ("Totaal", "60", "63", "100,0%")]


def test_cells_in_blocks_by_row_and_by_column_are_read_by_a_totals_column():
    # Rows 1-2 by row; then the first two columns of rows 3-4; then the last two columns of rows
    # 3-4 by column; then the totals row. Every row's last value is the sum of the others.
    text = stream("Regio", "Q1 2024 Q2 2024 Totaal", "Noord", "5", "7", "12", "Zuid", "3", "4", "7",
                  "Oost", "8", "1", "West", "2", "6", "9", "8", "Totaal", "18", "18", "36")
    table = table_of(cellstream, text)
    assert table.measure_headers == [("Q1 2024",), ("Q2 2024",), ("Totaal",)]
    assert grid(table) == [("Noord", "5", "7", "12"), ("Zuid", "3", "4", "7"), ("Oost", "8", "1", "9"),
                           ("West", "2", "6", "8"), ("Totaal", "18", "18", "36")]


def test_cells_whose_columns_differ_in_kind_are_read_without_totals():
    text = stream("Premie", "Aantal", "Bedrag", "Wachtlijst", "Premie A", "12", "1.200,00 euro", "Premie B",
                  "7", "700,00 euro", "nvt", "31")
    table = table_of(cellstream, text)
    assert grid(table) == [("Premie A", "12", "1.200,00 euro", "nvt"), ("Premie B", "7", "700,00 euro", "31")]


def test_cells_are_read_row_by_row_when_nothing_says_otherwise():
    # Column by column or row by row cannot be told apart here: no totals, one kind. The text's
    # own order (row by row) is kept rather than a guess.
    text = stream("Soort", "Aantal 2023", "Aantal 2024", "Eik", "10", "20", "Beuk", "30", "40")
    assert grid(table_of(cellstream, text)) == [("Eik", "10", "20"), ("Beuk", "30", "40")]


def test_a_printed_total_that_does_not_add_up_does_not_reorder_a_table_printed_row_by_row():
    rows = [("Eik", "10", "11"), ("Beuk", "20", "19"), ("Den", "30", "33"), ("Totaal", "61", "63")]  # 61: as printed
    text = stream("Soort", "Aantal 2023", "Aantal 2024", *[cell for row in rows for cell in row])
    assert grid(table_of(cellstream, text)) == rows


def test_broken_header_word_is_joined():
    cells = cellstream.cells_of(lines_of("Aanvrage\nn\n\n12"))
    assert [c.text for c in cells] == ["Aanvragen", "12"]


def header(*texts: str):
    return _header_by_units([LineInfo(Line(i + 1, t), "text") for i, t in enumerate(texts)], 2)


def test_header_with_numbers_and_several_words_per_cell():
    assert header("Sector Stand op 1 januari 2023 Stand op 1 januari 2024") == (
        ["Sector"], [("Stand op 1 januari 2023",), ("Stand op 1 januari 2024",)])


def test_header_one_cell_per_line_with_wrapped_cells():
    assert header("Gemeente", "Sociale ", "huurwoningen ", "op 1 januari ", "2024", "Toewijzingen in", "2023") == (
        ["Gemeente"], [("Sociale huurwoningen op 1 januari 2024",), ("Toewijzingen in 2023",)])


def test_running_header_and_footer_are_furniture_but_repeated_rows_are_not():
    texts = ["Vlaams Parlement — Schriftelijke vraag nr. 214 — pagina 1 van 3", "Limburg Noord AA 1 0",
             "Vlaams Parlement - Antwoord op schriftelijke vraag nr. 214 (2024-2025)", "Limburg Noord AA 1 0",
             "pagina 2", "45", "Waarvan aan het werk als ", "Waarvan aan het werk als "]
    assert furniture_lines(texts) == {0, 2, 4}


def test_a_dump_section_keeps_its_row_per_line_tables_for_the_row_reader():
    section = Section("1", lines_of("Provincie Aantal\nAntwerpen 12\nLimburg 7"))
    placed: dict = {}
    place_dump_tables(section, placed, "test.txt")
    assert placed == {} and len(section.lines) == 3


def row_reader_table(text: str):
    from vragen.read.texttables import find_tables

    (table,), _, _, _ = find_tables(Section("1", lines_of(text)), "test.txt")
    return table


# pypdf writes a cell that spans rows before the first row it covers, and keeps a space at the end
# of a line that wraps inside its cell. Invented rows; the shape is what matters.
LEADING_GROUPS = """Regio Sector Aantal 2023 Aantal 2024
Noord 
en kust
Landbouw 12 14
Visserij en 
aquacultuur 3 2
Binnenland
Landbouw 20 22
Bosbouw 5 6
Algemeen totaal Alle sectoren 40 44"""


def test_row_group_labels_before_their_rows_and_cells_that_wrap():
    table = row_reader_table(LEADING_GROUPS)
    assert table.label_headers == ["Regio", "Sector"]
    assert table.measure_headers == [("Aantal 2023",), ("Aantal 2024",)]
    assert grid(table) == [("Noord en kust", "Landbouw", "12", "14"),
                           ("Noord en kust", "Visserij en aquacultuur", "3", "2"),
                           ("Binnenland", "Landbouw", "20", "22"), ("Binnenland", "Bosbouw", "5", "6"),
                           ("Algemeen totaal", "Alle sectoren", "40", "44")]


def test_a_group_label_wrapped_without_its_space_and_a_period_wrapped_at_its_hyphen():
    """pypdf does not always keep the space of a line that wraps inside its cell ("Noord en" /
    "kust"): a line in lower case goes on with the cell before it. A title's period wrapped at its
    hyphen comes back on one line as "2023- 2024": made whole."""
    table = row_reader_table(LEADING_GROUPS.replace("Noord \nen kust", "Noord en\nkust").replace(
        "Aantal 2023 Aantal 2024", "Seizoen 2022- 2023 Seizoen 2023- 2024"))
    assert table.measure_headers == [("Seizoen 2022-2023",), ("Seizoen 2023-2024",)]
    assert grid(table)[:2] == [("Noord en kust", "Landbouw", "12", "14"),
                               ("Noord en kust", "Visserij en aquacultuur", "3", "2")]


def test_the_first_rows_wrapped_label_without_its_space_is_no_group_label():
    """The first group's label, then the first row's own label wrapped without the space pypdf
    usually keeps ("Visserij en" / "aquacultuur 3 2"), both right under the header: the header
    names its columns without the second, so that one is the row's, the one before it the group."""
    text = ("Regio Sector Aantal 2023 Aantal 2024\nKust\nVisserij en\naquacultuur 3 2\nLandbouw 12 14\n"
            "Binnenland\nLandbouw 20 22\nBosbouw 5 6")
    assert grid(row_reader_table(text)) == [
        ("Kust", "Visserij en aquacultuur", "3", "2"), ("Kust", "Landbouw", "12", "14"),
        ("Binnenland", "Landbouw", "20", "22"), ("Binnenland", "Bosbouw", "5", "6")]


def test_a_header_printed_again_is_no_row_group_label():
    """After a page break pypdf prints the header again, one cell per line: its cells are no groups."""
    head = "Gemeente\nWoningen \nop 1 januari \n2024\nWachtlijst\n"
    table = row_reader_table(head + "Aalst 458 571\nGent 346 359\nBrugge 515 340\n\n" + head + "Leuven 356 280\nMol 298 438")
    assert [row.labels for row in table.rows] == [["Aalst"], ["Gent"], ["Brugge"], ["Leuven"], ["Mol"]]


def test_a_wide_header_of_codes_is_a_header():
    table = row_reader_table("Provincie Q1 2023 Q2 2023 Q3 2023 Q4 2023 Q1 2024 Q2 2024 Q3 2024 Q4 2024\n"
                             "Antwerpen 1 2 3 4 5 6 7 8\nLimburg 9 10 11 12 13 14 15 16")
    assert table.label_headers == ["Provincie"] and len(table.rows) == 2
    assert [h for (h,) in table.measure_headers] == [f"Q{q} {y}" for y in (2023, 2024) for q in range(1, 5)]


FLOOR = {  # documents of each extractor's kind, and the recall they reach today: a floor, not a target
    "003_4ff266e62b5d7757": 1.0, "009_1607155331344f2d": 1.0, "002_416008c8ac837aa0": 1.0,
    "008_3a4c3d16fb7c78d2": 1.0, "015_2919070ddd39f7e8": 1.0, "001_f9d764b00ca1174d": 1.0,
    "005_58a8315d31c62d8f": 1.0, "010_edcf29b8f1436e73": 1.0, "004_4888b60a5c151aef": 1.0,
}


@pytest.mark.skipif(not (CORPUS / "score.py").is_file(), reason="the development corpus is not beside the repository")
def test_corpus_recall_floor(tmp_path):
    from vragen.build import build

    sources = tmp_path / "sources"
    sources.mkdir()
    truth = tmp_path / "truth"
    truth.mkdir()
    for name in FLOOR:
        shutil.copy(CORPUS / "sources" / f"{name}.txt", sources)
        shutil.copy(CORPUS / "truth" / f"{name}.json", truth)
    build(sources=sources, out=tmp_path / "out", metadata=tmp_path / "no-metadata")
    result = subprocess.run([sys.executable, str(CORPUS / "score.py"), str(tmp_path / "out"), "--truth", str(truth)],
                            capture_output=True, text=True, check=True)
    for name, floor in FLOOR.items():
        line = next(l for l in result.stdout.splitlines() if l.startswith(name))
        assert float(line.split()[6]) >= floor, line
