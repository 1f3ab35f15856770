"""Answers delivered as Word files (.docx): exact tables from the document's grid, the question and
answer parts through the same parser, a clear error for a file that is not one."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile

import pytest

from vragen.build import build
from vragen.model import SourceError
from vragen.read.word import read_word

from conftest import METADATA, SEED


def test_a_word_answer_gives_its_tables_from_the_grid(fixture_pdfs):
    document = read_word(fixture_pdfs["word.docx"])
    assert document.answer_id == "2023-2024-504" and document.question.asker == "Tom Peeters"
    (table,) = document.tables
    assert table.section == "1" and table.method == "docx-table"
    assert table.label_headers == ["Provincie", "Type"]
    assert table.measure_headers == [("2023", "Dossiers"), ("2023", "Bedrag")]  # merged over two columns
    assert [(r.labels, [q.text for q in r.values]) for r in table.rows] == [
        (["Antwerpen", "Huurpremie"], ["1.204", "€ 2.408.000"]), (["Antwerpen", "Huursubsidie"], ["830", "€ 1.660.000"]),
        (["Limburg", "Huurpremie"], ["512", "€ 1.024.000"]), (["Limburg", "Huursubsidie"], ["301", "€ 602.000"])]
    # Word's own list numbers are not in the text: the questions are numbered as a PDF shows them
    assert [s.id for s in document.question.parts if s.id != "0"] == ["1", "2"]
    assert [f.text for f in document.figures] == ["2.847"]


def test_a_word_answer_is_built_and_published_beside_a_dump(tmp_path, fixture_pdfs):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SEED, sources)
    shutil.copy(fixture_pdfs["word.docx"], sources / "2999504.docx")
    out = tmp_path / "out"
    report = build(sources=sources, out=out, metadata=METADATA)
    assert report.ok and report.answers == ["2023-2024-418", "2023-2024-504"]
    package = out / "packages" / "2023-2024-504"
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in descriptor["resources"] if r["name"].startswith("tabel")]
    assert resource["vragen:provenance"]["method"] == "docx-table"
    assert resource["vragen:provenance"]["file"].endswith("2999504.docx")
    rows = list(csv.reader((package / f"{resource['name']}.csv").open(encoding="utf-8")))
    assert ["Limburg", "Huursubsidie"] == rows[-1][:2] and "602000" in rows[-1][-1].replace(".00", "")


@pytest.mark.parametrize("make, code", [
    (lambda p: p.write_bytes(b"%PDF-1.4 not a word file"), "docx.not-a-docx"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "x"), "docx.not-a-docx"),
    (lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 200), "docx.damaged"),
])
def test_a_file_that_is_no_word_answer_gets_a_clear_error(tmp_path, make, code):
    path = tmp_path / "answer.docx"
    make(path)
    with pytest.raises(SourceError) as raised:
        read_word(path)
    assert raised.value.finding.code == code and raised.value.finding.file.endswith("answer.docx")
    assert raised.value.finding.hint


# --- old binary Word files (.doc), through LibreOffice -----------------------------------------


def _rows(document):
    return [[(t.section, t.label_headers, t.measure_headers)] + [(r.labels, [q and q.text for q in r.values])
                                                                 for r in t.rows] for t in document.tables]


def test_an_old_doc_answer_reads_as_the_same_answer_in_docx(fixture_pdfs):
    from vragen.read.legacy import METHOD, soffice
    from vragen.read.sources import Source, read_source

    if soffice() is None or "word.doc" not in fixture_pdfs:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    old = read_source(Source(fixture_pdfs["word.doc"], "sources/9100199.doc"))
    new = read_source(Source(fixture_pdfs["word.docx"], "sources/9100199.docx"))
    assert old.answer_id == new.answer_id and old.tables
    assert _rows(old) == _rows(new)
    assert old.source.method == METHOD and old.source.path == fixture_pdfs["word.doc"]
    assert old.source.sha256 != new.source.sha256  # provenance names the .doc, not the conversion


def test_without_libreoffice_a_doc_answer_is_reported_and_the_others_are_published(tmp_path, monkeypatch):
    from vragen.read import legacy

    monkeypatch.setattr(legacy, "soffice", lambda: None)
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SEED, sources)
    (sources / "9100199.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    report = build(sources=sources, out=tmp_path / "out", metadata=METADATA, workers=1)
    assert report.answers == ["2023-2024-418"]
    (finding,) = [f for f in report.findings if f.code == "doc.needs-libreoffice"]
    assert finding.file == "sources/9100199.doc" and "apt-get install" in finding.hint
    assert "sources/9100199.doc" in report.failed


def test_a_doc_that_libreoffice_cannot_convert_is_reported(tmp_path):
    from vragen.read.legacy import soffice
    from vragen.read.sources import Source, read_source

    if soffice() is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    broken = tmp_path / "9100198.doc"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(SourceError) as raised:
        read_source(Source(broken, "sources/9100198.doc"))
    assert raised.value.finding.code in ("doc.unconvertible", "docx.damaged", "docx.not-a-docx")
    assert raised.value.finding.file == "sources/9100198.doc"
