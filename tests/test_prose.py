"""Figures stated in prose: each with its sentence and section; years, dates and references left out."""

import pytest

from conftest import CORPUS


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
    figures = {(f.text, f.line) for f in find_figures([Section("1", lines)])}
    assert ("12%", 1) in figures and ("142", 1) in figures and ("12", 2) in figures and ("14", 3) in figures


def _found(*sentences):
    from vragen.model import Line, Section
    from vragen.read.prose import find_figures

    lines = [Line(i, text) for i, text in enumerate(sentences, start=1)]
    return [(f.text, f.quantity.canonical, f.quantity.unit) for f in find_figures([Section("1", lines)])]


def test_the_seed_states_exactly_five_statistics():
    """The seed's 314 persons, the 15% still running and the three amounts; not the age in
    "(< 25 jaar)" nor the horizons in "na 3, 6 en 9 maanden"."""
    from conftest import SEED
    from vragen.read.sources import Source, read_source

    document = read_source(Source(SEED, SEED.name))
    assert sorted(f.text for f in document.figures) == sorted(
        ["314", "15%", "€551.504,58", "€237.826,91", "€137.652,33"])


def test_horizons_ages_and_list_markers_are_not_figures_but_the_statistics_beside_them_are():
    found = _found(
        "Binnen 14 dagen na de aanvraag kregen 212 gezinnen een antwoord.",
        "Van de cursisten had 64% na 6 en 12 weken een job, en na 2 jaar nog 58%.",
        "Het gaat om 1.045 deelnemers ouder dan 50 jaar en 377 min-25-jarigen.",
        "Voor jongeren (< 26 jaar) liep de wachttijd op tot gemiddeld 41 dagen.",
        "3.b) Er werden 19 dossiers afgesloten.",
    )
    texts = [text for text, _, _ in found]
    assert texts == ["212", "64%", "58%", "1.045", "377", "41", "19"], found


def test_a_scale_word_belongs_to_its_figure():
    found = _found("De investering bedraagt 7,25 miljoen euro, verdeeld over 3 duizend projecten en 1,2 miljard "
                   "EUR aan leningen.")
    assert found == [("7,25 miljoen euro", "7250000", "EUR"), ("3 duizend", "3000", None),
                     ("1,2 miljard EUR", "1200000000", "EUR")]


@pytest.mark.skipif(not (CORPUS / "score.py").is_file(), reason="the development corpus is not beside the repository")
def test_corpus_answers_state_statistics_not_markers_horizons_or_ages():
    from vragen.read.sources import Source, read_source

    def figures_of(name):
        document = read_source(Source(CORPUS / "sources" / f"{name}.txt", f"{name}.txt"))
        return {f.text: f.quantity for f in document.figures}

    assert "2" not in figures_of("001_f9d764b00ca1174d")  # "2.a) In de schooljaren ..."
    roads = figures_of("004_4888b60a5c151aef")
    assert "30" not in roads  # "binnen 30 dagen na het ongeval"
    assert roads["312 miljoen euro"].value == 312_000_000 and roads["312 miljoen euro"].unit == "EUR"
    assert "35" not in figures_of("014_8ec3987e8b15fe2e")  # "jonger dan 35 jaar"


def test_a_figure_is_found_on_its_line_only_as_a_number_of_its_own():
    """`_prints` stands for the lookarounds `(?<![\\w.,])FIGURE(?![\\w%]|[.,]\\d)` without compiling a
    pattern per figure: "12" is not in "112", "12%", "2012", "12,5" or "x12", and is in "12." and "(12)"."""
    import random
    import re

    from vragen.read.prose import _prints

    assert _prints("in 2023 waren er 12.", "12") and _prints("(12)", "12") and _prints("12, 13", "12")
    assert not any(_prints(text, "12") for text in ("112", "12%", "2012", "12,5", "x12", "12a", ",12"))
    rng = random.Random(3)
    pieces = ["1", "2", "12", ".", ",", "%", " ", "a", "é", "_", "٣", "²", "-"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        printed = rng.choice(["12", "1", "2,3", "1.2", "12%"])
        pattern = re.compile(r"(?<![\w.,])" + re.escape(printed) + r"(?![\w%]|[.,]\d)")
        assert _prints(text, printed) == bool(pattern.search(text)), (text, printed)


def _split_one_abbreviation_at_a_time(text):
    """The sentence splitter as first written: every abbreviation's pattern run over the text."""
    import re

    from vragen.read import sentences
    for abbreviation in sentences.ABBREVIATIONS:
        text = re.sub(r"(?i)(?<![\w.])" + re.escape(abbreviation),
                      lambda m: m.group(0).replace(".", sentences._PLACEHOLDER), text)
    return [p.replace(sentences._PLACEHOLDER, ".").strip() for p in sentences._SPLIT_RE.split(text) if p.strip()]


def test_sentences_split_as_when_every_abbreviation_pattern_ran():
    """The splitter runs an abbreviation's pattern only where its letters stand in the text; that
    shortcut must not miss one the case-blind pattern finds: capitals, the Turkish "İ" and "ı",
    an abbreviation glued to the one before."""
    from hypothesis import given, settings, strategies as st

    from vragen.read.sentences import split_sentences
    pieces = st.sampled_from(["İ.P.V. ", "ı.p.v. ", "I.v.m.", "NRS. ", "nr.", "Blz. 4", "T.e.m ", "o.a.p. ", " Dit",
                              ". ", "ß", "Enz. En", "i\u0307.p.v. ", "K", "nrſ. ", "x.", "2.", "? ", " "])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join))
    def same(text):
        assert split_sentences(text) == _split_one_abbreviation_at_a_time(text)
    same()
    assert split_sentences("Zie İ.P.V. Dit") == ["Zie İ.P.V. Dit"]
