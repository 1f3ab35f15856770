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
