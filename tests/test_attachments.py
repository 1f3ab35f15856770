"""Excel attachments of an answer (`<pfile>-bijlage-<N>.xlsx`): every sheet's table published in the
answer's package with the sheet and range as provenance; a bad or stray attachment is reported."""

from __future__ import annotations

import csv
import json
import shutil

from vragen.build import build
from vragen.read.document import split_sections
from vragen.read.sources import find_sources, section_order
from vragen.model import Line

from conftest import METADATA


def _sources(tmp_path, fixture_pdfs, *extra):
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(fixture_pdfs["ruled.pdf"], folder / "9100101.pdf")
    for name, target in extra:
        shutil.copy(fixture_pdfs[name], folder / target)
    return folder


def test_an_attachments_sheets_are_tables_of_its_answer(tmp_path, fixture_pdfs):
    sources = _sources(tmp_path, fixture_pdfs, ("bijlage.xlsx", "9100101-bijlage-1.xlsx"))
    (source,) = find_sources(sources)
    assert [p.name for p in source.attachments] == ["9100101-bijlage-1.xlsx"]
    out = tmp_path / "out"
    report = build(sources=sources, out=out, metadata=METADATA)
    assert report.ok and report.answers == ["2023-2024-501"]
    package = out / "packages" / "2023-2024-501"
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    sheets = {r["vragen:provenance"]["sheet"]: r for r in descriptor["resources"]
              if r.get("vragen:provenance", {}).get("method") == "xlsx"}
    assert set(sheets) == {"Per provincie!A3:C7", "Per jaar!A3:B5"}
    provinces = sheets["Per provincie!A3:C7"]
    assert provinces["vragen:provenance"]["file"].endswith("9100101-bijlage-1.xlsx")
    assert provinces["vragen:provenance"]["printed_header"]["measures"] == [["2023", "Dossiers"],
                                                                            ["2023", "Aandeel goedgekeurd"]]
    rows = list(csv.DictReader((package / f"{provinces['name']}.csv").open(encoding="utf-8")))
    limburg = next(r for r in rows if r["provincie"] == "Limburg")
    assert "512" in limburg.values() and "97.25" not in limburg.values()  # as printed: 97,3%
    assert any(v == "97.3" for v in limburg.values())


def test_a_damaged_attachment_is_reported_and_the_answer_still_published(tmp_path, fixture_pdfs):
    sources = _sources(tmp_path, fixture_pdfs)
    (sources / "9100101-bijlage-1.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    report = build(sources=sources, out=tmp_path / "out", metadata=METADATA)
    assert report.answers == ["2023-2024-501"]
    (damaged,) = [f for f in report.findings if f.code == "xlsx.damaged"]
    assert damaged.file.endswith("9100101-bijlage-1.xlsx") and damaged.hint


def test_an_attachment_without_its_answer_is_reported(tmp_path, fixture_pdfs):
    sources = _sources(tmp_path, fixture_pdfs, ("bijlage.xlsx", "9999999-bijlage-1.xlsx"))
    report = build(sources=sources, out=tmp_path / "out", metadata=METADATA)
    (orphan,) = [f for f in report.findings if f.code == "source.orphan-attachment"]
    assert orphan.file.endswith("9999999-bijlage-1.xlsx") and report.answers == ["2023-2024-501"]


def test_an_answer_to_several_questions_at_once_is_one_section():
    lines = [Line(i + 1, t) for i, t in enumerate(["1. Eerst dit.", "2 en 3. Dan dat.", "4. En tot slot."])]
    assert [s.id for s in split_sections(lines)] == ["1", "2-3", "4"]
    assert sorted(["10", "2-3", "2.a", "1", "2"], key=section_order) == ["1", "2", "2.a", "2-3", "10"]


def test_an_old_excel_attachment_gives_the_same_tables_through_libreoffice(tmp_path, fixture_pdfs):
    """A .xls attachment (old Excel) is converted by LibreOffice and read like the .xlsx it was made
    from: the same sheets, ranges and values; provenance names the .xls."""
    import pytest

    if "bijlage.xls" not in fixture_pdfs:
        pytest.skip("LibreOffice (with Calc) is not installed (.ci/run installs it)")

    def tables(extension):
        folder = tmp_path / extension
        folder.mkdir()
        sources = _sources(folder, fixture_pdfs, (f"bijlage.{extension}", f"9100101-bijlage-1.{extension}"))
        out = folder / "out"
        report = build(sources=sources, out=out, metadata=METADATA)
        assert report.ok, [f.render() for f in report.findings]
        package = out / "packages" / "2023-2024-501"
        descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        sheets = {r["vragen:provenance"]["sheet"]: r for r in descriptor["resources"]
                  if r.get("vragen:provenance", {}).get("method") == "xlsx"}
        return {sheet: ((package / f"{r['name']}.csv").read_text(encoding="utf-8"), r["vragen:provenance"]["file"])
                for sheet, r in sheets.items()}

    old, new = tables("xls"), tables("xlsx")
    assert set(old) == set(new) == {"Per provincie!A3:C7", "Per jaar!A3:B5"}
    for sheet in old:
        assert old[sheet][0] == new[sheet][0], sheet
        assert old[sheet][1].endswith("9100101-bijlage-1.xls")
