"""Reading text dumps: header, question metadata, sections; and dumps that arrive damaged."""

from pathlib import Path

import pytest

from vragen.model import SourceError, session_year
from vragen.read.dump import read_dump

from conftest import SEED


def test_seed_metadata(seed_document):
    d = seed_document
    assert d.answer_id == "2023-2024-418"
    q = d.question
    assert (q.number, q.date, q.asker, q.minister) == (418, "2024-04-30", "Robrecht Bothuyne", "Jo Brouns")
    assert q.minister_title.startswith("VLAAMS MINISTER VAN ECONOMIE")
    assert q.title == "Anderstalige werkzoekenden - Mentoring naar werk"
    assert d.header.theme == "Werk"
    assert d.header.pfile_id == "2064567" and d.header.record_id == "1824460"
    assert not d.findings


def test_seed_sections(seed_document):
    assert [p.id for p in seed_document.question.parts] == ["1", "2", "2.a", "2.b", "2.c", "2.d", "3", "4", "5"]
    assert [s.id for s in seed_document.answer_sections] == ["1", "2", "2.a", "2.b", "2.c", "2.d", "3", "4", "5"]
    part = {p.id: p for p in seed_document.question.parts}
    assert part["2.a"].text == "provincie;"
    assert part["3"].text.startswith("Hoeveel bedraagt het budget")
    answer = {s.id: s for s in seed_document.answer_sections}
    assert answer["1"].text.startswith("VDAB heeft het vorige project positief geëvalueerd")
    assert answer["5"].text.endswith("naast andere mogelijke instrumenten.")


def test_other_fixtures_read(fixture_documents):
    d = fixture_documents["matrix_totals"]
    assert (d.answer_id, d.question.asker, d.question.minister) == ("2023-2024-12", "An Janssens", "Hilde Crevits")
    assert d.question.minister_title.endswith("VOLKSGEZONDHEID EN GEZIN")
    assert [s.id for s in d.answer_sections] == ["1", "2"]
    assert fixture_documents["euro_missing"].question.asker == "Pieter De Clercq"
    # 20 September 2023 lies before the fourth Monday of September: still the previous session.
    assert fixture_documents["no_table"].answer_id == "2022-2023-88"


@pytest.mark.parametrize("date, session", [
    ("2023-09-24", "2022-2023"), ("2023-09-25", "2023-2024"), ("2024-04-30", "2023-2024"),
    ("2024-09-22", "2023-2024"), ("2024-09-23", "2024-2025"), ("2025-01-01", "2024-2025"),
])
def test_session_year_starts_fourth_monday_of_september(date, session):
    assert session_year(date) == session


def _write(tmp_path: Path, data: bytes, name: str = "dump.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


SEED_BYTES = SEED.read_bytes()


def _tables(document):
    return [(t.key, [r.labels for r in t.rows], [[q.canonical if q else None for q in r.values] for r in t.rows])
            for t in document.tables]


@pytest.mark.parametrize("transform, warning", [
    (lambda b: b"\xef\xbb\xbf" + b, None),
    (lambda b: b.replace(b"\n", b"\r\n"), None),
    (lambda b: b.decode("utf-8").encode("cp1252", errors="replace"), "source.cp1252"),  # ● has no cp1252 code
])
def test_bom_crlf_cp1252_are_read_right(tmp_path, seed_document, transform, warning):
    document = read_dump(_write(tmp_path, transform(SEED_BYTES)))
    assert document.answer_id == seed_document.answer_id
    assert document.question.asker == "Robrecht Bothuyne"
    assert _tables(document) == _tables(seed_document)
    assert [f.code for f in document.findings] == ([warning] if warning else [])
    if warning:
        assert document.findings[0].line and "UTF-8" in document.findings[0].hint


def test_missing_header_is_read_with_a_warning(tmp_path, seed_document):
    text = SEED_BYTES.decode("utf-8").split("\n", 4)[4]
    document = read_dump(_write(tmp_path, text.encode()))
    assert document.findings[0].code == "dump.no-header" and document.findings[0].line == 1
    assert document.question.title == "Anderstalige werkzoekenden - Mentoring naar werk"
    assert document.header.pdf_url is None
    assert _tables(document) == _tables(seed_document)


def test_malformed_header_line_is_named(tmp_path):
    text = SEED_BYTES.decode("utf-8").replace("pdf link: https://", "pdf link: ftp:/", 1)
    document = read_dump(_write(tmp_path, text.encode()))
    bad = [f for f in document.findings if f.code == "dump.bad-link"]
    assert bad and bad[0].line == 3 and "pdf link" in bad[0].message


@pytest.mark.parametrize("data, code, line", [
    (b"", "source.empty", None),
    (b"\x00\x01\x02binary\x00", "source.binary", None),
    (b"%PDF-1.7\n...", "source.binary", None),
    (SEED_BYTES.replace(b"ANTWOORD", b"ANTWOORDEN"), "document.no-answer", 141 + 4),
    (SEED_BYTES.replace(b"datum: 30 april 2024", b"datum: morgen"), "document.no-date", 8),
])
def test_unreadable_dumps_name_file_line_and_remedy(tmp_path, data, code, line):
    path = _write(tmp_path, data)
    with pytest.raises(SourceError) as raised:
        read_dump(path)
    finding = raised.value.finding
    assert finding.code == code
    assert finding.file == str(path)
    assert finding.hint
    if line:
        assert finding.line == line


def _cited_lines_hold_their_numbers(document, file_lines):
    """Every value's cited line (as `grep -n` and the portal count lines) prints that value."""
    cited = 0
    for table in document.tables:
        for row in table.rows:
            printed = file_lines[row.line - 1].replace(" ", "")
            for quantity in row.values:
                if quantity is not None and quantity.value is not None:
                    assert quantity.text.replace(" ", "") in printed, (table.key, row.line, quantity.text)
                    cited += 1
    return cited


@pytest.mark.parametrize("source", [SEED, Path(__file__).parent / "fixtures" / "dumps" / "matrix_totals.txt"])
def test_a_form_feed_starts_a_pdf_page_and_no_line(tmp_path, source):
    """pdfminer and pdftotext end each page with a form feed. It must not count as a line end
    (every later value would be cited a line off) and it tells the page each table is on."""
    lines = source.read_text(encoding="utf-8").split("\n")
    table_lines = sorted({r.line for t in read_dump(source).tables for r in t.rows})
    middle = table_lines[len(table_lines) // 2] - 1  # a page starts inside a table, as it often does
    lines[middle] = "\f" + lines[middle]
    lines[2] += "\v"  # a vertical tab is no line end either
    text = "\n".join(lines) + "\f"
    document = read_dump(_write(tmp_path, text.encode("utf-8")))
    assert _cited_lines_hold_their_numbers(document, text.split("\n")) >= 4
    pages = {r.line: r.page for t in document.tables for r in t.rows}
    assert {n: p for n, p in pages.items()} == {n: 1 if n <= middle else 2 for n in pages}
    assert read_dump(source).tables[0].rows[0].page is None  # no form feed: pages unknown


def test_lines_split_as_when_each_line_was_cleaned_on_its_own():
    """The dump's lines are cleaned on the whole text at once (a carriage return before a line
    feed ends the line, any other and the other breaks are spaces, form feeds count pages); that
    must number and page the lines as cleaning each line on its own did."""
    from hypothesis import given, settings, strategies as st

    from vragen.read.dump import split_lines

    def one_at_a_time(text):
        if "\n" not in text:
            text = text.replace("\r", "\n")
        paged, out, breaks = "\f" in text, [], 0
        for raw in text.split("\n"):
            raw = raw.removesuffix("\r").replace("\r", " ").translate(
                str.maketrans({c: " " for c in "\v\x1c\x1d\x1e\x85\u2028\u2029"}))
            leading = len(raw) - len(raw.lstrip("\f"))
            out.append((raw.replace("\f", ""), breaks + leading + 1 if paged else None))
            breaks += raw.count("\f")
        if out and not out[-1][0] and text.endswith("\n"):
            out.pop()
        return out

    @settings(max_examples=1500, deadline=None)
    @given(st.lists(st.sampled_from(["a", "12", " ", "\r", "\n", "\r\n", "\f", "\v", "\u2028", "\x85"]),
                    max_size=14).map("".join))
    def same(text):
        assert [(line.text, line.page) for line in split_lines(text)] == one_at_a_time(text)
    same()
