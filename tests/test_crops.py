"""Provenance a visitor can open, for tables read from a PDF: the table page shows the crop of each
page the table stands on, with every value's box placed over it; each box must hold the printed
number, checked against the PDF's own words in that box (no OCR). The fixture PDFs are synthetic
(scripts/fixture_pdfs.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest

from conftest import METADATA
from test_site import make_app

BOX = re.compile(r'<a id="cel-(\d+)" class="vragen-box" href="([^"]*)" style="left: ([\d.]+)%; top: ([\d.]+)%; '
                 r'width: ([\d.]+)%; height: ([\d.]+)%" title="([^"]*): open pagina (\d+)')


@pytest.fixture(scope="module")
def pdf_build(fixture_pdfs, tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    from vragen.build import build

    base = tmp_path_factory.mktemp("crops")
    sources = base / "sources"
    sources.mkdir()
    for name in ("ruled.pdf", "long.pdf", "quarters.pdf"):
        shutil.copy(fixture_pdfs[name], sources / name)
    report = build(sources=sources, out=base / "build", metadata=METADATA, collection=base / "datapackage.json")
    assert not report.failed, [f.render() for f in report.findings]
    return base / "build", {name: fixture_pdfs[name] for name in ("ruled.pdf", "long.pdf", "quarters.pdf")}


def _words_in(page, box: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = box
    return " ".join(w["text"] for w in page.extract_words()
                    if w["x0"] >= x0 - 1 and w["x1"] <= x1 + 1 and w["top"] >= top - 1 and w["bottom"] <= bottom + 1)


def _holds(words: str, printed: str) -> bool:
    """The printed value stands in the box as whole words (so "3" is not found in "13")."""
    return f" {' '.join(printed.split())} " in f" {' '.join(words.split())} "


async def _boxes(app, table_id: str) -> list[dict]:
    """The boxes a table page draws, mapped back to points on their PDF page."""
    html = (await app.client.get(f"/tabel/{table_id}")).text
    provenance = (await app.client.get(f"/vragen/tables/{table_id.replace('/', '~2F')}.json?_shape=object")).json()
    crops = {c["page"]: c for c in __import__("json").loads(next(iter(provenance.values()))["provenance"]).get("crops", [])}
    boxes = []
    for cell, href, left, top, width, height, printed, page in BOX.findall(html):
        x0, ctop, x1, cbottom = crops[int(page)]["bbox"]
        w, h = x1 - x0, cbottom - ctop
        boxes.append({"cell": int(cell), "printed": printed, "page": int(page), "href": href,
                      "box": (x0 + float(left) / 100 * w, ctop + float(top) / 100 * h,
                              x0 + (float(left) + float(width)) / 100 * w, ctop + (float(top) + float(height)) / 100 * h)})
    return boxes


async def test_every_box_on_a_crop_holds_its_printed_number(pdf_build):
    out, pdfs = pdf_build
    app = make_app(out)
    tables = (await app.client.get("/vragen/tables.json?_shape=array&_size=max")).json()
    checked = 0
    for table in tables:
        source = __import__("json").loads(table["provenance"])["file"]
        boxes = await _boxes(app, table["id"])
        cells = (await app.client.get(f"/vragen/cells.json?_shape=array&_size=max&table_id={table['id']}")).json()
        placed = [c for c in cells if c["bbox"] and c["printed"]]
        assert len(boxes) == len(placed), table["id"]  # every value with a box is shown on a crop
        with pdfplumber.open(pdfs[Path(source).name]) as pdf:
            for box in boxes:
                words = _words_in(pdf.pages[box["page"] - 1], box["box"])
                assert _holds(words, box["printed"]), (table["id"], box, words)
                checked += 1
        html = (await app.client.get(f"/tabel/{table['id']}")).text
        for box in boxes:  # the value in the table leads to its box
            assert f'<a href="#cel-{box["cell"]}"' in html
    assert checked >= 100


async def test_the_box_check_fails_when_boxes_are_off_by_a_row(pdf_build):
    """The comparison above can fail: every box moved down by its own height no longer holds its number."""
    out, pdfs = pdf_build
    app = make_app(out)
    boxes = await _boxes(app, "2023-2024-501/tabel-1-1")
    wrong = 0
    with pdfplumber.open(pdfs["ruled.pdf"]) as pdf:
        for box in boxes:
            x0, top, x1, bottom = box["box"]
            moved = (x0, bottom, x1, bottom + (bottom - top))
            wrong += not _holds(_words_in(pdf.pages[box["page"] - 1], moved), box["printed"])
    assert wrong >= len(boxes) - 1  # (the last of two equal numbers may still match)


def test_crops_are_small_pngs_named_in_the_provenance_and_reproducible(pdf_build, tmp_path):
    import json

    from PIL import Image

    from vragen.build import build

    out, _ = pdf_build
    crops = sorted(out.glob("packages/*/pagina/*.png"))
    assert crops and all(p.stat().st_size < 80_000 for p in crops)
    descriptor = json.loads((out / "packages" / "2023-2024-502" / "datapackage.json").read_text())
    named = [c for r in descriptor["resources"] for c in r.get("vragen:provenance", {}).get("crops", [])]
    assert [c["page"] for c in named] == [1, 2, 3]  # the long table, a crop per page it stands on
    for crop in named:
        assert Image.open(out / "packages" / "2023-2024-502" / crop["path"]).size == tuple(crop["size"])
    again = tmp_path / "again"
    shutil.copytree(out.parent / "sources", tmp_path / "sources")
    build(sources=tmp_path / "sources", out=again, metadata=METADATA, collection=tmp_path / "datapackage.json")
    for path in crops:
        assert (again / path.relative_to(out)).read_bytes() == path.read_bytes()
