"""Reading PDFs: ruled tables with merged cells and page breaks, unruled tables, page and box
provenance, pages that cannot be read, damaged files, and dump + PDF together."""

import csv
import shutil

import pdfplumber
import pytest

from vragen.build import build
from vragen.model import SourceError
from vragen.read.pdf import read_pdf
from vragen.read.sources import find_sources, read_source

from conftest import METADATA, SEED


def cells(table):
    return [r.labels + [q.text if q is not None else None for q in r.values] for r in table.rows]


def test_ruled_table_with_row_spanning_cells_and_wrapped_header(fixture_pdfs):
    document = read_pdf(fixture_pdfs["ruled.pdf"])
    assert document.answer_id == "2023-2024-501" and document.question.asker == "Tom Peeters"
    table = document.tables[0]
    assert table.section == "1" and table.method == "pdfplumber-lines" and table.pages == [1]
    assert table.label_headers == ["Provincie", "Type premie"]
    assert table.measure_headers == [("Aanvragen ingediend in 2023",), ("Goedgekeurd",)]
    assert cells(table) == [["Antwerpen", "Huurpremie", "1.204", "1.050"],
                            ["Antwerpen", "Huursubsidie", "830", "702"],
                            ["Limburg", "Huurpremie", "512", "498"],
                            ["Limburg", "Huursubsidie", "301", "-"],
                            ["Totaal", "", "2.847", "2.250"]]
    assert table.intro == "Hieronder vindt u het aantal aanvragen per provincie en type premie."


def test_two_level_header_from_cells_merged_across_columns(fixture_pdfs):
    table = read_pdf(fixture_pdfs["ruled.pdf"]).tables[1]
    assert table.section == "2" and table.label_headers == ["Provincie"]
    assert table.measure_headers == [("2022", "Dossiers"), ("2022", "Bedrag"), ("2023", "Dossiers"),
                                     ("2023", "Bedrag")]
    assert cells(table) == [["Antwerpen", "1.100", "€ 2.200.000", "1.204", "€ 2.408.000"],
                            ["Limburg", "480", "€ 960.000", "512", "€ 1.024.000"]]


def test_cell_boxes_lie_on_their_numbers(fixture_pdfs):
    table = read_pdf(fixture_pdfs["ruled.pdf"]).tables[0]
    with pdfplumber.open(fixture_pdfs["ruled.pdf"]) as pdf:
        page = pdf.pages[0]
        for row in table.rows:
            for quantity, box in zip(row.values, row.boxes):
                assert page.crop(box).extract_text().strip() == quantity.text
    x0, top, x1, bottom = table.bboxes[0]["bbox"]
    assert all(x0 <= b[0] and b[2] <= x1 and top <= b[1] and b[3] <= bottom for r in table.rows for b in r.boxes)


def test_table_across_page_breaks_is_joined_once(fixture_pdfs):
    document = read_pdf(fixture_pdfs["long.pdf"])
    ruled, unruled, _ = document.tables
    assert ruled.pages == [1, 2, 3] and len(ruled.rows) == 60
    assert [r.labels[0] for r in ruled.rows][:2] == ["Gemeente A1", "Gemeente B1"]
    assert "Gemeente" not in [r.labels[0] for r in ruled.rows]  # the repeated header is dropped
    assert cells(ruled)[59] == ["Gemeente H3", "420", "€ 7.404,00"]
    assert [r.page for r in ruled.rows].count(2) > 0 and len(ruled.bboxes) == 3
    # The unruled table is found in the PDF's text, on its page.
    assert unruled.section == "2" and unruled.method == "pdf-text" and unruled.pages == [3]
    assert cells(unruled) == [["Dossiers ingediend", "1.250", "1.420", "1.610"],
                              ["Dossiers goedgekeurd", "1.100", "1.305", "1.498"]]
    # Running headers and page numbers are not text of the answer.
    assert not any("pagina" in s.text or "Vlaams Parlement -" in s.text for s in document.answer_sections)


def test_unruled_table_read_from_word_positions(fixture_pdfs):
    """Lower-case header cells and two label columns of several words: only the column gaps on
    the page tell the cells apart (the text alone reads one header cell)."""
    table = read_pdf(fixture_pdfs["long.pdf"]).tables[2]
    assert table.section == "3" and table.method == "pdf-text" and table.pages == [3]
    assert table.label_headers == ["gemeente", "deelgemeente"] and table.measure_headers == [("aantal premies",)]
    assert cells(table) == [["Sint-Niklaas", "Nieuwkerken Waas", "14"], ["Gent", "Sint Amandsberg Oost", "12"],
                            ["Sint-Niklaas", "Belsele", "9"]]
    from vragen.model import Line, Section
    from vragen.read.texttables import find_tables
    text_only = [Line(i + 1, l) for i, l in enumerate(["Per deelgemeente:", "gemeente deelgemeente aantal premies",
                                                       "Sint-Niklaas Nieuwkerken Waas 14", "Gent Sint Amandsberg Oost 12",
                                                       "Sint-Niklaas Belsele 9"])]
    (guess,), _, _, _ = find_tables(Section("3", text_only), "x")
    assert guess.label_headers != ["gemeente", "deelgemeente"]  # what the positions add


def test_unruled_header_cells_placed_over_their_columns(fixture_pdfs):
    """Header cells that hold numbers and several words ("Q1 2022", "Stand op 1 januari 2023"):
    the words alone cut them in the wrong places; where they stand on the page does not."""
    quarters, stock, regions = read_pdf(fixture_pdfs["quarters.pdf"]).tables
    assert quarters.label_headers == ["Provincie"]
    assert [h for (h,) in quarters.measure_headers] == [f"Q{q} {y}" for y in (2022, 2023) for q in range(1, 5)]
    assert cells(quarters)[2][:3] == ["Oost-Vlaanderen", "933", "970"] and len(quarters.rows) == 4
    assert stock.measure_headers == [("Stand op 1 januari 2023",), ("Stand op 1 januari 2024",)]
    assert cells(stock)[-1] == ["Totaal", "1.291", "1.423"]
    from vragen.model import Line, Section
    from vragen.read.texttables import find_tables
    # The same lines without positions: proof that the positions, not the words, decide.
    assert regions.label_headers == ["regio"]
    assert regions.measure_headers == [("aantal aanvragen",), ("toegekend bedrag",), ("gemiddelde wachttijd",)]
    text_only = [Line(i + 1, l) for i, l in enumerate(
        ["Per regio:", "regio aantal aanvragen toegekend bedrag gemiddelde wachttijd",
         "Noord 412 81.200 31", "Zuid 377 70.950 27"])]
    (guess,), _, _, _ = find_tables(Section("1", text_only), "x")
    assert guess.measure_headers != regions.measure_headers


def test_header_by_position_reads_group_titles_over_their_first_column_and_leaves_the_rest():
    """A top header line naming some columns only (a year over two columns): read by position where
    each title stands over its group's first column, as Word sets a merged cell's text ("2023" over
    "Aantal | Bedrag", the label title on a line of its own); a title standing between columns is
    left to the text reader."""
    from vragen.model import PlacedLine
    from vragen.read.pdfheader import Columns, header_cells

    columns = Columns(lefts=[100, 160, 220, 280], rights=[130, 190, 250, 310], label_end=60,
                      right_aligned=True, pad=5)
    bottom = PlacedLine(3, "Aantal Bedrag Aantal Bedrag", spans=((100, 130), (160, 190), (220, 250), (280, 310)),
                  cuts=(1, 2, 3))
    left = PlacedLine(1, "2023 2024", spans=((100, 120), (220, 240)), cuts=(1,))
    label = PlacedLine(2, "Gemeente", spans=((10, 50),))
    assert header_cells([left, label, bottom], columns, 4) == (
        ["Gemeente"], [("2023", "Aantal"), ("2023", "Bedrag"), ("2024", "Aantal"), ("2024", "Bedrag")])
    # Titles set left in cells wider than their numbers (before the first column's values), and the
    # bottom titles wrapped over three lines with the "€" centred between them.
    wide = Columns(lefts=[169, 206, 306, 342], rights=[197, 268, 333, 400], label_end=129, right_aligned=True, pad=5)
    lines = [PlacedLine(1, "2019 2020", spans=((138, 158), (274, 294)), cuts=(1,)), PlacedLine(2, "Provincie", spans=((60, 100),)),
             PlacedLine(3, "Aantal Aantal", spans=((138, 166), (274, 302)), cuts=(1,)),
             PlacedLine(4, "€ €", spans=((203, 208), (339, 344)), cuts=(1,)),
             PlacedLine(5, "dossiers dossiers", spans=((138, 175), (274, 311)), cuts=(1,))]
    assert header_cells(lines, wide, 4) == (["Provincie"], [("2019", "Aantal dossiers"), ("2019", "€"),
                                                            ("2020", "Aantal dossiers"), ("2020", "€")])
    top = PlacedLine(1, "2023 2024", spans=((150, 170), (270, 290)), cuts=(1,))  # between two columns
    assert header_cells([top, bottom], columns, 4) is None
    assert header_cells([PlacedLine(1, "2023 2024", spans=((100, 120), (220, 240))), bottom], columns, 4) is None  # no gap
    assert header_cells([bottom], columns, 4) == (["label"], [("Aantal",), ("Bedrag",), ("Aantal",), ("Bedrag",)])
    # A cell that wraps below a line naming every column is fine.
    wrap = PlacedLine(3, "dossiers", spans=((100, 130),))
    assert header_cells([bottom, wrap], columns, 4)[1][0] == ("Aantal dossiers",)
    # Columns whose values do not end at one x: a word goes where its centre is.
    centred = Columns(lefts=[100, 160], rights=[130, 190], label_end=60, right_aligned=False, pad=5)
    assert header_cells([PlacedLine(1, "Aantal Bedrag", spans=((96, 136), (150, 200)))], centred, 2)[1] == \
        [("Aantal",), ("Bedrag",)]


def test_header_by_position_titles_wrapped_inside_their_parentheses_are_no_group_line():
    """"Begroting 2023 (x" over each of the first columns, "Soort" and "Verschil" below, then "1.000
    euro)": the top line names some columns only, but its titles open a parenthesis that the line
    below closes. They wrap; they do not group the columns under them."""
    from vragen.model import PlacedLine
    from vragen.read.pdfheader import Columns, header_cells

    columns = Columns(lefts=[120, 190, 260], rights=[150, 220, 290], label_end=60, right_aligned=True, pad=5)
    top = PlacedLine(1, "Begroting 2023 (x Begroting 2024 (x", spans=((100, 130), (132, 140), (142, 150), (170, 200),
                                                                (202, 210), (212, 220)), cuts=(3,))
    middle = PlacedLine(2, "Soort Verschil", spans=((10, 40), (255, 290)), cuts=(1,))
    bottom = PlacedLine(3, "1.000 euro) 1.000 euro)", spans=((100, 117), (119, 140), (170, 187), (189, 210)), cuts=(2,))
    assert header_cells([top, middle, bottom], columns, 3) == (
        ["Soort"], [("Begroting 2023 (x 1.000 euro)",), ("Begroting 2024 (x 1.000 euro)",), ("Verschil",)])


def test_header_by_position_a_title_wrapped_around_the_line_naming_the_others_is_one_title():
    """Word centres a cell's text: "% t.o.v." above and "totaal" below the line "Gemeente Aantal".
    A line over one column only is part of that column's title, not a group header."""
    from vragen.model import PlacedLine
    from vragen.read.pdfheader import Columns, header_cells

    columns = Columns(lefts=[120, 190], rights=[150, 220], label_end=60, right_aligned=True, pad=5)
    lines = [PlacedLine(1, "% t.o.v.", spans=((180, 186), (188, 210))),
             PlacedLine(2, "Gemeente Aantal", spans=((10, 50), (120, 150)), cuts=(1,)),
             PlacedLine(3, "totaal", spans=((185, 210),))]
    assert header_cells(lines, columns, 2) == (["Gemeente"], [("Aantal",), ("% t.o.v. totaal",)])


def test_narrow_margins_lose_no_content_and_running_lines_still_go(fixture_pdfs):
    """With 1 cm margins the question's number, the minister and ANTWOORD stand where a fixed band
    would drop them as page furniture; the running header and page numbers are known by content."""
    narrow = read_pdf(fixture_pdfs["narrow.pdf"])
    wide = read_pdf(fixture_pdfs["long.pdf"])
    assert narrow.answer_id == wide.answer_id == "2023-2024-502"
    assert [(t.section, len(t.rows)) for t in narrow.tables] == [(t.section, len(t.rows)) for t in wide.tables]
    assert [cells(t) for t in narrow.tables] == [cells(t) for t in wide.tables]
    text = " ".join(section.text for section in narrow.answer_sections)
    assert "Vlaams Parlement" not in text and "pagina" not in text


def test_image_only_and_rotated_pages_are_reported(fixture_pdfs):
    document = read_pdf(fixture_pdfs["long.pdf"])
    (image,) = [f for f in document.findings if f.code == "pdf.image-only-page"]
    assert "page 4" in image.message
    with pytest.raises(SourceError) as raised:
        read_pdf(fixture_pdfs["rotated.pdf"])
    assert raised.value.finding.code == "pdf.no-text" and "page 1 is rotated" in raised.value.finding.message


@pytest.mark.parametrize("name, code", [
    ("truncated.pdf", "pdf.damaged"), ("encrypted.pdf", "pdf.encrypted"), ("html.pdf", "pdf.not-a-pdf"),
    ("zero_pages.pdf", "pdf.no-pages"), ("garbage.pdf", "pdf.not-a-pdf"),
])
def test_bad_pdfs_get_a_clear_error_naming_the_file(fixture_pdfs, name, code):
    with pytest.raises(SourceError) as raised:
        read_pdf(fixture_pdfs[name], display_name=f"sources/{name}")
    finding = raised.value.finding
    assert finding.code == code and finding.file == f"sources/{name}" and finding.hint
    if name == "html.pdf":
        assert "HTML page" in finding.message


def _sources(tmp_path, *files):
    folder = tmp_path / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, folder)
    return folder


def test_seed_dump_and_pdf_give_the_same_tables_as_the_dump_alone(tmp_path, fixture_pdfs):
    alone = tmp_path / "alone"
    build(sources=_sources(tmp_path / "a", SEED), out=alone, metadata=METADATA)
    both = tmp_path / "both"
    sources = _sources(tmp_path / "b", SEED, fixture_pdfs["2064567.pdf"])
    (source,) = find_sources(sources)
    assert source.pdf.name == "2064567.pdf"
    report = build(sources=sources, out=both, metadata=METADATA)
    assert report.ok and not [f for f in report.findings if f.level != "info"]
    package = both / "packages" / "2023-2024-418"
    for path in (alone / "packages" / "2023-2024-418").glob("*.csv"):
        if path.name != "cell-provenance.csv":
            assert path.read_bytes() == (package / path.name).read_bytes(), path.name
    provenance = {r["printed"]: r for r in csv.DictReader((package / "cell-provenance.csv").open(encoding="utf-8"))
                  if r["table"] == "trajecten-per-provincie"}
    assert provenance["85"]["page"] == "1" and provenance["41"]["page"] == "2"  # across the page break


def test_a_dump_without_header_lines_is_paired_with_its_pdf_by_the_question_it_answers(tmp_path, fixture_pdfs):
    """Some dumps start right at SCHRIFTELIJKE VRAAG: no `pdf link` names their PDF."""
    folder = tmp_path / "sources"
    folder.mkdir()
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, l in enumerate(lines) if l.startswith("SCHRIFTELIJKE VRAAG"))
    (folder / "bare.txt").write_text("".join(lines[start:]), encoding="utf-8")
    shutil.copy(fixture_pdfs["2064567.pdf"], folder)
    shutil.copy(fixture_pdfs["ruled.pdf"], folder)  # another answer's PDF stays on its own
    sources = {s.path.name: s for s in find_sources(folder)}
    assert set(sources) == {"bare.txt", "ruled.pdf"} and sources["bare.txt"].pdf.name == "2064567.pdf"
    report = build(sources=folder, out=tmp_path / "build", metadata=METADATA)
    assert report.ok and report.answers == ["2023-2024-418", "2023-2024-501"]
    assert not [f for f in report.findings if f.code == "build.duplicate-answer"]
    # An edited dump that cites another question is not paired.
    (folder / "bare.txt").write_text("".join(lines[start:]).replace("op vraag nr. 418", "op vraag nr. 419"), encoding="utf-8")
    assert {s.path.name: s.pdf for s in find_sources(folder)}["bare.txt"] is None


def test_dump_and_pdf_disagreeing_is_reported(tmp_path, fixture_pdfs):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace("HOA 181", "HOA 182"), encoding="utf-8")
    shutil.copy(fixture_pdfs["2064567.pdf"], folder)
    document = read_source(find_sources(folder)[0])
    mismatches = [f for f in document.findings if f.code == "pdf.dump-mismatch"]
    assert len(mismatches) == 1 and "'181'" in mismatches[0].message and "2.d" in mismatches[0].message


def test_a_pdf_without_dump_is_published_with_page_links(tmp_path, fixture_pdfs):
    out = tmp_path / "build"
    report = build(sources=_sources(tmp_path, fixture_pdfs["ruled.pdf"], SEED), out=out, metadata=METADATA)
    assert report.answers == ["2023-2024-418", "2023-2024-501"]
    rows = list(csv.DictReader((out / "packages" / "2023-2024-501" / "cell-provenance.csv").open(encoding="utf-8")))
    assert rows[0]["page"] == "1" and rows[0]["bbox"] and rows[0]["printed"] == "1.204"


def test_bad_pdfs_do_not_stop_the_build(tmp_path, fixture_pdfs):
    names = ["truncated.pdf", "encrypted.pdf", "html.pdf", "zero_pages.pdf", "garbage.pdf", "rotated.pdf"]
    sources = _sources(tmp_path, SEED, *[fixture_pdfs[n] for n in names])
    report = build(sources=sources, out=tmp_path / "build", metadata=METADATA)
    assert report.answers == ["2023-2024-418"]
    assert sorted(report.failed) == sorted(f"sources/{n}" for n in names)
    assert {f.code for f in report.findings if f.level == "error"} == {
        "pdf.damaged", "pdf.encrypted", "pdf.not-a-pdf", "pdf.no-pages", "pdf.no-text"}


def test_every_changed_number_of_the_dump_is_caught_by_the_cross_check(tmp_path, fixture_pdfs):
    """A mutation test: each number of the seed's tables changed once in the dump (one digit), the
    PDF left as it is; the cross-check compares numbers as numbers, so `13` does not hide a `3`."""
    import re

    from vragen.read.dump import read_dump

    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    mutations = []
    for table in read_dump(SEED).tables:
        for row in table.rows:  # each value where its row prints it, from the right
            number = row.line
            line, end = lines[number - 1], len(lines[number - 1].rstrip())
            for quantity in reversed([q for q in row.values if q is not None and q.value is not None]):
                start = line.rindex(quantity.text, 0, end)
                at = start + max(i for i, c in enumerate(quantity.text) if c.isdigit())
                changed = line[:at] + str((int(line[at]) + 1) % 10) + line[at + 1:]
                mutations.append((number, quantity.text, changed))
                end = start
    assert len(mutations) >= 60
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(fixture_pdfs["2064567.pdf"], folder)
    missed = []
    for number, printed, changed in mutations:
        mutated = lines[:number - 1] + [changed] + lines[number:]
        (folder / SEED.name).write_text("\n".join(mutated), encoding="utf-8")
        document = read_source(find_sources(folder)[0])
        if not any(f.code == "pdf.dump-mismatch" for f in document.findings):
            missed.append((number, printed, changed))
    assert not missed, missed


def test_an_unruled_table_with_row_groups_is_read_by_where_its_words_stand(fixture_pdfs):
    """The PDF's lines set out by their words' positions go to the layout reader, which knows a
    group label on its first row's line and one wrapped around its first row; the row reader,
    which sees lines only, took "Gewoon lager" and "onderwijs" for the next rows' wrapped labels."""
    (table,) = read_pdf(fixture_pdfs["grouped.pdf"]).tables
    assert table.method == "pdf-text"
    assert table.label_headers == ["Soort", "Net"] and table.measure_headers == [("2022",), ("2023",)]
    assert cells(table) == [["Kleuter", "Stedelijk", "120", "130"], ["Kleuter", "Provinciaal", "140", "150"],
                            ["Gewoon lager onderwijs", "Gemeentelijk", "160", "170"],
                            ["Gewoon lager onderwijs", "Provinciaal", "180", "190"]]


def test_a_footnote_marker_on_a_label_in_a_ruled_table_goes_to_the_notes():
    """"Limburg (1)" in a ruled table's cell: the label is "Limburg", as the text readers publish
    it (a visitor joins tables on it), and the marker becomes the table's note, once."""
    from vragen.read.pdf import PdfTable, to_raw

    rows = [["Provincie", "Aantal"], ["Antwerpen*", "1.204"], ["Limburg (1)", "512"], [None, "17"]]
    table = PdfTable(rows=rows, boxes=[[None, None] for _ in rows], row_pages=[1] * 4, pages=[1],
                     bboxes=[], columns=[], first_top=0.0, last_bottom=0.0, page_height=800.0)
    raw, _ = to_raw(table, "t.pdf")
    assert [r.labels for r in raw.rows] == [["Antwerpen"], ["Limburg"], ["Limburg"]]
    assert raw.notes == ["Antwerpen: voetnoot *", "Limburg: voetnoot (1)"]
