"""The readers on answers no test was written for: SYNTHETIC answers in the development corpus's shapes
(scripts/realistic.py), rendered by LibreOffice and dumped by pypdf, pypdf's layout mode, pdfminer
and pdftotext, scored against their truth. Floors sit below what the readers reach, so a change that
loses cells on any shape fails here. (The full measurement: benchmarks/fidelity.py --corpus DIR on
`python scripts/realistic.py corpus 40 DIR`.)"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

import realistic
from conftest import METADATA
from vragen.build import build

TOOLS = [shutil.which("soffice"), shutil.which("pdftotext")]
try:
    import pypdf  # noqa: F401
except ImportError:  # pragma: no cover - the test extras install it
    TOOLS.append(None)
if not all(TOOLS) and not os.environ.get("CI"):
    pytest.skip("needs LibreOffice, pdftotext and pypdf (CI installs them)", allow_module_level=True)

COUNT = 16


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    return re.sub(r"[^0-9a-z]+", "", "".join(c for c in text if not unicodedata.combining(c)).lower())


def _rows(package: Path):
    """Per published row: its text values (normalised) and its numbers with their column's words."""
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if not resource["name"].startswith("tabel"):
            continue
        titles = {f["name"]: _norm(f["name"] + " " + f.get("title", "") + " " + f.get("description", ""))
                  for f in resource["schema"]["fields"]}
        with open(package / resource["path"], encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                texts, numbers = [], []
                for name, value in row.items():
                    texts.append(_norm(value))  # a year label ("2022") is text and number
                    try:
                        numbers.append((float(value), titles[name]))
                    except ValueError:
                        pass
                yield texts, numbers


def recall(out: Path, truth: Path) -> tuple[int, int]:
    """(found, expected): a true cell is found when a published row holds its value and its row
    labels, and its column labels are in that row or in the value's column title."""
    found = expected = 0
    for path in sorted(truth.glob("*.json")):
        answer = json.loads(path.read_text(encoding="utf-8"))
        packages = [p for p in (out / "packages").iterdir()
                    if answer["pdf_id"] in (p / "datapackage.json").read_text(encoding="utf-8")]
        rows = [r for p in packages for r in _rows(p)]
        for table in answer["tables"]:
            for cell in table["cells"]:
                expected += 1
                wanted = [cell["value"]] + ([cell["value"] / 100] if cell.get("percent") else [])
                labels = [_norm(l) for l in cell["row"]]
                columns = [_norm(c) for c in cell["col"]]
                found += any(
                    abs(number - w) <= 1e-6 * max(1, abs(w)) and all(any(l in t for t in texts) for l in labels)
                    and all(any(c in t for t in texts) or c in title for c in columns)
                    for texts, numbers in rows for number, title in numbers for w in wanted)
    return found, expected


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("realistic")
    realistic.render_corpus(COUNT, folder, seed=3)
    return folder


def _build(rendered: Path, tmp_path: Path, pattern: str) -> Path:
    sources = tmp_path / "sources"
    sources.mkdir()
    for path in (rendered / "sources").glob(pattern):
        shutil.copy(path, sources)
    out = tmp_path / "out"
    build(sources=sources, out=out, metadata=METADATA, collection=tmp_path / "datapackage.json", workers=1)
    return out


def test_the_truth_is_what_the_pdf_prints(rendered):
    """The generator's truth holds the numbers its answers print (else the floors below mean nothing)."""
    answers = [json.loads(p.read_text(encoding="utf-8")) for p in (rendered / "truth").glob("*.json")]
    assert sum(len(a["tables"]) for a in answers) >= COUNT
    assert {a["extractor"] for a in answers} == set(realistic.EXTRACTORS)
    for answer in answers:
        html = (rendered / "html" / f"{answer['pdf_id']}.html").read_text(encoding="utf-8")
        for table in answer["tables"]:
            for label in {l for cell in table["cells"] for l in cell["row"]}:
                assert label.replace("&", "&amp;") in html


@pytest.mark.parametrize("pattern,floor", [("*.txt", 0.84), ("*.pdf", 0.97)])  # reached: 0.869, 0.983
def test_readers_find_the_cells_of_unseen_answers(rendered, tmp_path, pattern, floor):
    out = _build(rendered, tmp_path, pattern)
    found, expected = recall(out, rendered / "truth")
    assert expected > 300
    assert found / expected >= floor, f"{pattern}: recall {found / expected:.3f} ({found}/{expected})"


def test_the_score_fails_when_cells_are_lost(rendered, tmp_path):
    """The scorer above can fail: a build that loses a table's values scores lower."""
    out = _build(rendered, tmp_path, "*.pdf")
    before, expected = recall(out, rendered / "truth")
    table = next(p for p in sorted((out / "packages").glob("*/tabel-*.csv")))
    lines = table.read_text(encoding="utf-8").splitlines()
    table.write_text(lines[0] + "\n", encoding="utf-8")
    after, _ = recall(out, rendered / "truth")
    assert len(lines) > 1 and after < before
