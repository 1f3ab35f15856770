"""Figures stated in prose: each with its sentence and section; years, dates and references left out."""


def figures(document):
    return [(f.section, f.text, f.quantity.canonical, f.quantity.unit) for f in document.figures]


def test_seed_prose_figures(seed_document):
    found = figures(seed_document)
    assert ("2", "314", "314", None) in found
    assert ("3", "€551.504,58", "551504.58", "EUR") in found
    assert ("3", "€237.826,91", "237826.91", "EUR") in found
    assert ("3", "€137.652,33", "137652.33", "EUR") in found
    assert ("2.c", "15%", "15", "percent") in found
    figure = next(f for f in seed_document.figures if f.text == "314")
    assert figure.sentence == "In 2023 werd voor 314 personen een gesubsidieerd mentoringstraject opgestart."
    assert figure.noun == "personen"
    assert figure.line == 48


def test_years_dates_and_references_are_not_figures(seed_document):
    texts = {f.text for f in seed_document.figures}
    assert not texts & {"2023", "2024", "30", "31", "695", "418", "1"}
    # Table cells are not prose figures.
    assert not texts & {"85", "512", "37,30%"}


def test_figures_of_other_answers(fixture_documents):
    assert figures(fixture_documents["no_table"]) == [
        ("1", "142", "142", None), ("1", "€ 98.500.000", "98500000", "EUR"), ("1", "12%", "12", "percent"),
        ("2", "160", "160", None)]
    assert ("2", "€ 2.900.750,50", "2900750.50", "EUR") in figures(fixture_documents["euro_missing"])
    assert ("2", "254", "254", None) in figures(fixture_documents["matrix_totals"])


def test_a_figure_gets_the_line_that_prints_it_not_a_line_that_holds_its_digits():
    from vragen.model import Line, Section
    from vragen.read.prose import find_figures

    lines = [Line(1, "In 2012 steeg het aantal met 12% tot 142"), Line(2, "dossiers, en daarna kwamen er nog 12"),
             Line(3, "bij, en 14 in het jaar erna.")]
    figures = {(f.text, f.line) for f in find_figures([Section("1", lines)], set())}
    assert ("12%", 1) in figures and ("142", 1) in figures and ("12", 2) in figures and ("14", 3) in figures
