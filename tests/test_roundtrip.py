"""Property: tables rendered to dump text (by the synthetic generator) and parsed back come back
equal, and the text-table parser never crashes on arbitrary lines."""

import random

from hypothesis import given, settings, strategies as st

from vragen.model import Line, Section
from vragen.read.texttables import find_tables

import synthetic


def parse(lines: list[str]):
    section = Section("1", [Line(i + 1, text) for i, text in enumerate(lines)])
    tables, _, findings, _ = find_tables(section, "synthetic.txt")
    return tables, findings


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_rendered_tables_parse_back_equal(seed):
    table = synthetic.random_table(random.Random(seed))
    (parsed,), findings = parse(table.lines())
    assert parsed.label_headers == table.label_headers
    assert [" ".join(p) for p in parsed.measure_headers] == table.measure_headers
    assert [(r.labels, [q.text for q in r.values]) for r in parsed.rows] == table.rows
    assert not findings


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("AaBb0123456789 .,%€-*()\nxHOAM")), max_size=40),
                max_size=12))
def test_parser_never_crashes(lines):
    tables, _ = parse(lines)
    for table in tables:
        for row in table.rows:
            assert len(row.labels) == len(table.label_headers)
            assert len(row.values) == len(table.measure_headers)


def test_a_whole_synthetic_answer_reads_back(tmp_path):
    from vragen.read.dump import read_dump

    answer = synthetic.random_answer(random.Random(7), 5, tables=3)
    path = tmp_path / "a.txt"
    path.write_text(answer.render(), encoding="utf-8")
    document = read_dump(path)
    assert [(t.label_headers, [r.labels for r in t.rows]) for t in document.tables] == [
        (t.label_headers, [r[0] for r in t.rows]) for t in answer.tables]


# The whole dump reader (all three table readers, the cell-order search, prose, furniture) on
# arbitrary text in the answer's place: no crash, no hang (a deadline per input).
_CELL = st.one_of(
    st.sampled_from(["Provincie", "Totaal", "Limburg", "Aantal", "Bedrag", "Q1 2023", "2023", "2024", "€", " ", "",
                     "nvt", "-", "Tabel 1: x", "1.", "a)", "pagina 2 van 3", "* noot", "Eindtotaal Alle"]),
    st.from_regex(r"[+-]?\d{1,3}(\.\d{3})?(,\d{1,2})?( ?%)?", fullmatch=True),
    st.text(alphabet=st.sampled_from(list("AaBbéO0123456789 .,%€-*()/")), max_size=30),
)
_LINE = st.one_of(_CELL, st.lists(_CELL, min_size=2, max_size=9).map(lambda cells: "  ".join(cells)),
                  st.lists(_CELL, min_size=2, max_size=9).map(lambda cells: " ".join(cells)))
_DUMP_HEAD = ("title: x\nthema: y\npdf link: https://docs.vlaamsparlement.be/pfile?id=1\nthema link: "
              "https://www.vlaamsparlement.be/parlementaire-documenten/schriftelijke-vragen/1\nSCHRIFTELIJKE VRAAG\n"
              "nr. 12\nvan AN JANSSENS\ndatum: 3 oktober 2023\naan HILDE CREVITS\nVLAAMS MINISTER\nTitel\n"
              "1. Hoeveel?\nHILDE CREVITS\nVLAAMS MINISTER\nANTWOORD\nop vraag nr. 12 van 3 oktober 2023\n"
              "van AN JANSSENS\n1. Het antwoord:\n")


@settings(max_examples=2000, deadline=2000)
@given(st.lists(_LINE, max_size=60))
def test_the_dump_reader_never_crashes_or_hangs(tmp_path_factory, lines):
    from vragen.model import SourceError
    from vragen.read.dump import read_dump

    path = tmp_path_factory.mktemp("fuzz") / "d.txt"
    path.write_text(_DUMP_HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    try:
        document = read_dump(path)
    except SourceError:
        return  # a clear error naming the file is an answer too
    for table in document.tables:
        for row in table.rows:
            assert len(row.values) == len(table.measure_headers)
