"""Tables recovered from dump text: the seed's five, and other shapes from the synthetic fixtures."""

import pytest

from vragen.model import Line, Section
from vragen.read.texttables import find_tables, fit_header, tokenize


def cells(table):
    return [r.labels + [q.text if q is not None else None for q in r.values] for r in table.rows]


def header(table):
    return table.label_headers + [" / ".join(p) for p in table.measure_headers]


def test_seed_has_five_tables_in_their_sections(seed_document):
    assert [t.key for t in seed_document.tables] == ["2.a#1", "2.b#1", "2.c#1", "2.d#1", "4#1"]


def test_seed_province_table(seed_document):
    table = seed_document.tables[0]
    assert header(table) == ["Provincie", "Trajecten opgestart in 2023"]
    assert cells(table) == [["Antwerpen", "85"], ["Limburg", "78"], ["Oost-Vlaanderen", "41"],
                            ["Vlaams-Brabant", "37"], ["West-Vlaanderen", "73"]]
    assert table.lines == (53, 58)
    assert table.intro == "Hieronder vindt u een verdeling per provincie waar het mentoringstraject plaatsvond."


def test_seed_lot_table_keeps_three_randstad_rows_and_wrapped_header(seed_document):
    table = seed_document.tables[1]
    # The header cell wraps in the dump ("Trajecten opgestart in" / "2023").
    assert header(table) == ["Promotor", "Subdoelgroep", "Trajecten opgestart in 2023"]
    assert len(table.rows) == 8
    assert [c for c in cells(table) if c[0] == "Randstad Risesmart"] == [
        ["Randstad Risesmart", "HOA", "41"], ["Randstad Risesmart", "HOA", "37"], ["Randstad Risesmart", "HOA", "30"]]
    assert cells(table)[2] == ["Core vof", "HOA", "33"]
    assert cells(table)[5] == ["FMDO", "Hoofddoelgroep", "73"]


def test_seed_duration_table_has_a_numeric_label_column(seed_document):
    table = seed_document.tables[2]
    assert header(table) == ["Duurtijd in maanden", "Trajecten opgestart in 2023"]
    assert [c[0] for c in cells(table)] == [str(i) for i in range(14)]
    assert cells(table)[7] == ["7", "50"]


def test_seed_outflow_table_quirks_resolved(seed_document):
    table = seed_document.tables[4]
    assert header(table) == ["Doelgroep", "Actie", "M3", "M6", "M9"]
    rows = cells(table)
    assert len(rows) == 12
    # a label running into its number; a group label trailing the numbers or split by a hyphen
    assert rows[0] == ["HOA", "Aantal beëindigde Mentoringtrajecten", "512", "446", "386"]
    assert rows[1] == ["HOA", "Waarvan aan het werk als werknemer", "37,30%", "42,60%", "47,93%"]
    assert rows[4] == ["Hoofddoelgroep", "Waarvan aan het werk als werknemer", "36,88%", "36,51%", "58,67%"]
    assert rows[5] == ["Hoofddoelgroep", "Waarvan aan het werk als zelfstandige", "1,42%", "0,79%", "0,00%"]
    assert [r[0] for r in rows] == ["HOA"] * 3 + ["Hoofddoelgroep"] * 3 + ["Jongeren"] * 3 + ["LOA"] * 3
    assert rows[9] == ["LOA", "Aantal beëindigde Mentoringtrajecten", "209", "191", "174"]
    assert table.intro.startswith("Onderstaande tabel toont het aantal deelnemers per doelgroep")


def test_matrix_with_totals_row_and_column(fixture_documents):
    (table,) = fixture_documents["matrix_totals"].tables
    assert header(table) == ["Provincie", "2020", "2021", "2022", "Totaal"]
    assert cells(table)[0] == ["Antwerpen", "1.250", "1.310", "1.402", "3.962"]
    assert cells(table)[-1] == ["Totaal", "4.735", "4.882", "5.136", "14.753"]
    assert len(table.rows) == 6


def test_euro_amounts_with_missing_values(fixture_documents):
    (table,) = fixture_documents["euro_missing"].tables
    assert header(table) == ["Project", "Bedrag 2022", "Bedrag 2023"]
    assert cells(table) == [
        ["Zwembad Kortrijk", "€ 1.250.000,00", "€ 750.000,00"],
        ["Sporthal Hasselt", "€ 480.500,50", "-"],
        ["Atletiekpiste Gent", "-", "€ 325.000,00"],
        ["Voetbalveld Mol", "€ 95.250,00", "n.b."],
        ["Totaal", "€ 1.825.750,50", "€ 1.075.000,00"],
    ]
    missing = table.rows[1].values[1]
    assert missing.value is None and missing.missing == "-"


def test_footnote_markers_and_notes(fixture_documents):
    (table,) = fixture_documents["footnotes"].tables
    assert header(table) == ["Leeftijdsgroep", "Aantal vaccinaties", "Aandeel"]
    assert cells(table) == [["0-17 jaar", "12.500*", "8,2%"], ["18-64 jaar", "98.340", "64,5%"],
                            ["65 jaar en ouder", "41.620(1)", "27,3%"]]
    assert table.rows[0].values[0].footnote == "*" and table.rows[0].values[0].canonical == "12500"
    assert table.notes == ["* voorlopige cijfers", "(1) inclusief bewoners van woonzorgcentra"]


def test_two_level_header(fixture_documents):
    (table,) = fixture_documents["two_level"].tables
    assert table.label_headers == ["Provincie"]
    assert table.measure_headers == [("2022", "Aantal"), ("2022", "Bedrag"), ("2023", "Aantal"), ("2023", "Bedrag")]
    assert cells(table)[0] == ["Antwerpen", "120", "€ 1.200.000", "135", "€ 1.350.000"]


def test_answer_without_table(fixture_documents):
    assert fixture_documents["no_table"].tables == []


def test_table_across_page_break_and_second_table(fixture_documents):
    first, second = fixture_documents["page_break"].tables
    assert header(first) == ["Gemeente", "Aantal aanvragen", "Goedgekeurd"]
    assert [c[0] for c in cells(first)] == ["Aalst", "Antwerpen", "Brugge", "Genk", "Gent", "Hasselt", "Kortrijk",
                                            "Leuven"]
    assert cells(first)[4] == ["Gent", "980", "861"]
    assert header(second) == ["Type premie", "Goedgekeurd"] and second.index == 2
    assert second.intro == "De goedkeuringen per type premie staan hieronder."


def test_ragged_row_is_reported_not_dropped():
    """Plain text does not say which cell of "Limburg 7" is empty: the row is published empty and
    its number reported, not put in the first column. Where the kinds tell ("3,6" among counts
    under a column of decimals), the values are placed."""
    lines = [Line(i + 1, t) for i, t in enumerate(["Hieronder de cijfers.", "Provincie 2022 2023", "Antwerpen 10 12",
                                                   "Limburg 7", "Gent 3 4"])]
    tables, used, findings, orphans = find_tables(Section("1", lines), "x.txt")
    assert cells(tables[0])[1] == ["Limburg", None, None]
    (ragged,) = [f for f in findings if f.code == "table.ragged-row"]
    assert ragged.line == 4 and ragged.file == "x.txt"
    (reported,) = [f for f in findings if f.code == "table.not-extracted"]
    assert reported.line == 4 and "'7'" in reported.message
    lines = [Line(i + 1, t) for i, t in enumerate([
        "Hieronder de cijfers.", "Gemeente Woningen Wachtlijst Wachttijd Toewijzingen", "Aalst 996 960 4,0 54",
        "Beveren 237 270 4,3 11", "Damme 20 13 3,6", "Eeklo 432 417 1,6 35"])]
    tables, used, findings, orphans = find_tables(Section("1", lines), "x.txt")
    assert cells(tables[0])[2] == ["Damme", "20", "13", "3,6", None]
    assert not [f for f in findings if f.code == "table.not-extracted"]


@pytest.mark.parametrize("tokens, measures, expected", [
    ("Provincie Trajecten opgestart in 2023", 1, ["Provincie", "Trajecten opgestart in 2023"]),
    ("Provincie 2020 2021 2022 Totaal", 4, ["Provincie", "2020", "2021", "2022", "Totaal"]),
    ("Project Bedrag 2022 Bedrag 2023", 2, ["Project", "Bedrag 2022", "Bedrag 2023"]),
    ("Doelgroep Actie M3 M6 M9", 3, ["Doelgroep", "Actie", "M3", "M6", "M9"]),
    ("Gemeente Aantal aanvragen Goedgekeurd", 2, ["Gemeente", "Aantal aanvragen", "Goedgekeurd"]),
    ("Sector Budget in euro 2024", 1, ["Sector", "Budget in euro 2024"]),
    ("Regio Q1 Q2 Q3 Q4", 4, ["Regio", "Q1", "Q2", "Q3", "Q4"]),
    ("dienst jan feb mrt", 3, ["dienst", "jan", "feb", "mrt"]),
])
def test_header_cells(tokens, measures, expected):
    assert fit_header(tokens.split(), measures) == expected


@pytest.mark.parametrize("text, expected", [
    ("Mentoringtrajecten512 446 386", ["Mentoringtrajecten", "512", "446", "386"]),
    ("werknemer37,30% 42,60% 47,93%HOA", ["werknemer", "37,30%", "42,60%", "47,93%", "HOA"]),
    ("zelfstandige1,42% 0,79% 0,00%", ["zelfstandige", "1,42%", "0,79%", "0,00%"]),
    ("werknemer36,88% 36,51% 58,67%Hoofd-", ["werknemer", "36,88%", "36,51%", "58,67%", "Hoofd-"]),
    ("Limburg € 1.234,00 - 12 %", ["Limburg", "€ 1.234,00", "-", "12 %"]),
    ("Doelgroep Actie M3 M6 M9", ["Doelgroep", "Actie", "M3", "M6", "M9"]),
    ("A2 van ERK", ["A2", "van", "ERK"]),
])
def test_tokenize_splits_glued_labels_and_numbers(text, expected):
    assert [t.text for t in tokenize(text)] == expected


def test_numbers_on_a_table_like_line_that_no_table_took_are_reported(tmp_path):
    from conftest import FIXTURES
    from vragen.read.dump import read_dump

    text = (FIXTURES / "no_table.txt").read_text(encoding="utf-8")
    text = text.replace("2. Voor 2023 is de aanleg", "Gent 12 14\nDat is alles voor nu, meer cijfers zijn er niet.\n"
                        "2. Voor 2023 is de aanleg")
    path = tmp_path / "d.txt"
    path.write_text(text, encoding="utf-8")
    document = read_dump(path)
    assert document.tables == []
    (finding,) = [f for f in document.findings if f.code == "table.not-extracted"]
    assert "'12', '14'" in finding.message and finding.line == text.splitlines().index("Gent 12 14") + 1
    # numbers that prose figures publish are not reported
    assert not [f for f in read_dump(FIXTURES / "no_table.txt").findings if f.code == "table.not-extracted"]


def _parse(lines):
    tables, _, findings, _ = find_tables(Section("1", [Line(i + 1, t) for i, t in enumerate(lines)]), "x.txt")
    return tables, findings


def test_spaces_as_thousands_separators():
    (table,), findings = _parse(["De tabel:", "Provincie 2022 2023", "Antwerpen 1 234 2 345", "Limburg 987 1 001"])
    assert cells(table) == [["Antwerpen", "1 234", "2 345"], ["Limburg", "987", "1 001"]]
    assert [q.canonical for q in table.rows[1].values] == ["987", "1001"]
    assert {f.code for f in findings} == {"table.space-grouping"}
    # a header with a lower-case cell does not take a column away when nothing regroups
    (table,), findings = _parse(["De tabel:", "Gemeente Aantal bedrag", "Gent 12 € 1.000", "Aalst 7 € 950"])
    assert cells(table) == [["Gent", "12", "€ 1.000"], ["Aalst", "7", "€ 950"]]


def test_footnote_marker_on_a_label_is_taken_off():
    (table,), _ = _parse(["De tabel:", "Provincie Aantal", "Antwerpen 85", "Limburg* 78", "Totaal 163",
                          "* inclusief Genk"])
    assert [r.labels[0] for r in table.rows] == ["Antwerpen", "Limburg", "Totaal"]
    assert table.notes == ["* inclusief Genk", "Limburg: voetnoot *"]


def test_a_caption_above_the_header_is_the_intro_not_a_header_cell():
    (table,), _ = _parse(["Zie hieronder.", "Tabel 1: Aantal trajecten per provincie", "Provincie Aantal",
                          "Antwerpen 85", "Limburg 78", "Bron: VDAB"])
    assert table.label_headers == ["Provincie"] and table.measure_headers == [("Aantal",)]
    assert table.intro == "Tabel 1: Aantal trajecten per provincie" and table.notes == ["Bron: VDAB"]


def test_a_section_keeps_its_text_around_its_tables_not_their_lines(tmp_path):
    """The tables hold their lines' numbers; the section keeps the text around them (what
    sections.csv publishes), so that a long table's lines are not kept twice."""
    import synthetic

    from vragen.read.dump import read_dump

    path = tmp_path / "long.txt"
    path.write_text(synthetic.big_table_answer(300).render(), encoding="utf-8")
    document = read_dump(path)
    (table,) = document.tables
    assert len(table.rows) == 300
    first, last = table.lines
    kept = [line for section in document.answer_sections for line in section.lines]
    assert kept and not [line.number for line in kept if first <= line.number <= last]
    assert any("Hieronder vindt u de cijfers." in line.text for line in kept)  # the table's intro stays
    printed = path.read_text(encoding="utf-8").splitlines()
    assert all(printed[r.line - 1].startswith(r.labels[0]) for r in table.rows)  # rows cite their lines


def test_lines_outside_spans_keep_their_order():
    from vragen.read.texttables import outside

    lines = [Line(n, f"regel {n}") for n in range(1, 11)]
    assert [l.number for l in outside(lines, [(2, 3), (6, 8)])] == [1, 4, 5, 9, 10]
    assert [l.number for l in outside(lines, [(1, 10)])] == []
    assert outside(lines, []) == lines


def test_a_number_token_prints_as_its_quantity():
    """A number's token is its quantity (one object a cell in a long table), printed the same."""
    tokens = tokenize("Gent 12 € 1.234,50 37,3 % n.b.")
    numbers = [t for t in tokens if t.is_number]
    assert [t.text for t in numbers] == ["12", "€ 1.234,50", "37,3 %", "n.b."]
    assert [t.quantity.text for t in numbers] == [t.text for t in numbers]
    assert [str(t.quantity.value) for t in numbers] == ["12", "1234.50", "37.3", "None"]
    assert [t.text for t in tokens if not t.is_number] == ["Gent"]
