"""A corpus of bad inputs: each gets a clear error or warning in the build report, the good answers
are still published, nothing crashes, and nothing in a document is executed or rendered as markup."""

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

import synthetic
from vragen.build import build
from vragen.serve import make_app

from conftest import digests, METADATA, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def seed_as(number: int, text: str | None = None) -> str:
    """The seed's text as another question number (so that it is another answer)."""
    return (text or SEED_TEXT).replace("nr. 418", f"nr. {number}").replace("op vraag nr. 418", f"op vraag nr. {number}")


def bad_corpus() -> dict[str, bytes]:
    """File name -> bytes. Every entry is synthetic or a damaged copy of the seed."""
    five_thousand = synthetic.Table(["Gemeente"], ["Dossiers", "Goedgekeurd"], [
        ([f"Deelgemeente {synthetic.TOWNS[i % 20]} {synthetic.SUFFIXES[i % 4]} {chr(65 + i // 80 % 26)}"
          f"{chr(65 + i // 2080)}"],
         [synthetic.dutch(i * 3 + 1), synthetic.dutch(i * 2)]) for i in range(5000)])
    big = synthetic.random_answer(random.Random(3), 777, tables=0)
    big.tables = [five_thousand]
    return {
        "empty.txt": b"",
        "garbage.txt": bytes(random.Random(1).randrange(256) for _ in range(3000)),
        "cp1252.txt": seed_as(601).encode("cp1252", errors="replace"),
        "bom.txt": b"\xef\xbb\xbf" + seed_as(602).encode(),
        "crlf.txt": seed_as(603).replace("\n", "\r\n").encode(),
        "no_header.txt": seed_as(604).split("\n", 4)[4].encode(),
        "no_answer.txt": seed_as(605).replace("ANTWOORD", "VERVOLG").encode(),
        "ragged.txt": seed_as(606).replace("Limburg 78", "Limburg").replace("Gatam HOA 40", "Gatam HOA 40 12").encode(),
        "text_in_number.txt": seed_as(607).replace("Antwerpen 85", "Antwerpen onbekend").replace(
            "12 16", "12 zestien").encode(),
        "duplicate_of_seed.txt": SEED_TEXT.encode(),
        "'; DROP TABLE answers;--.txt": seed_as(608).encode(),
        "<script>alert(1)<script>.txt": seed_as(609).encode(),
        "..%2F..%2Fetc%2Fpasswd.txt": seed_as(610).encode(),
        "labels_injection.txt": seed_as(611).replace(
            "Antwerpen 85", "<img src=x onerror=alert(1)> 85").replace(
            "Limburg 78", "Robert' OR '1'='1 78").replace(
            "title: Anderstalige", "title: <script>alert('x')</script> Anderstalige").encode(),
        "five_thousand_rows.txt": big.render().encode(),
        "html_error_page.pdf": b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>",
    }


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory, fixture_pdfs):
    base = tmp_path_factory.mktemp("bad")
    sources = base / "sources"
    sources.mkdir()
    shutil.copy(SEED, sources)
    for name, data in bad_corpus().items():
        (sources / name).write_bytes(data)
    for name in ("truncated.pdf", "encrypted.pdf", "zero_pages.pdf"):
        shutil.copy(fixture_pdfs[name], sources / name)
    out = base / "build"
    report = build(sources=sources, out=out, metadata=METADATA)
    return report, out


def findings_of(report, name):
    return [f for f in report.findings if f.file == f"sources/{name}"]


@pytest.mark.parametrize("name, level, code", [
    ("empty.txt", "error", "source.empty"),
    ("garbage.txt", "error", None),
    ("cp1252.txt", "warning", "source.cp1252"),
    ("no_header.txt", "warning", "dump.no-header"),
    ("no_answer.txt", "error", "document.no-answer"),
    ("ragged.txt", "warning", "table.ragged-row"),
    ("text_in_number.txt", "warning", "table.text-in-numeric"),
    ("duplicate_of_seed.txt", "error", "build.duplicate-answer"),
    ("html_error_page.pdf", "error", "pdf.not-a-pdf"),
    ("truncated.pdf", "error", "pdf.damaged"),
    ("encrypted.pdf", "error", "pdf.encrypted"),
    ("zero_pages.pdf", "error", "pdf.no-pages"),
])
def test_each_bad_input_gets_a_clear_message(bad_build, name, level, code):
    report, _ = bad_build
    found = [f for f in findings_of(report, name) if f.level == level]
    assert found, f"no {level} for {name}: {[f.render() for f in report.findings if name in (f.file or '')]}"
    if code:
        assert code in {f.code for f in found}
    assert all(f.hint for f in found if f.level == "error")
    if level == "error":
        assert f"sources/{name}" in report.failed


def test_the_good_answers_are_published(bad_build):
    report, out = bad_build
    published = set(report.answers)
    assert {"2023-2024-418", "2023-2024-601", "2023-2024-602", "2023-2024-603", "2023-2024-604", "2023-2024-606",
            "2023-2024-607", "2023-2024-608", "2023-2024-609", "2023-2024-610", "2023-2024-611"} <= published
    assert not any(f.code == "build.internal-error" for f in report.findings), "a crash was caught"
    with sqlite3.connect(out / "vragen.db") as db:
        assert db.execute("select count(*) from answers").fetchone()[0] == len(published)


def test_five_thousand_row_table(bad_build):
    report, out = bad_build
    answer = next(a for a in report.answers if a.endswith("-777"))
    with sqlite3.connect(out / "vragen.db") as db:
        rows, values = db.execute("select rows, \"values\" from tables where answer_id = ?", (answer,)).fetchone()
        assert (rows, values) == (5000, 10000)  # every number of the 5,000 rows is published
        first = db.execute("select printed, value from cells where answer_id = ? order by id limit 2", (answer,))
        assert first.fetchall() == [("1", 1), ("0", 0)]


def test_injection_in_labels_is_stored_as_text(bad_build):
    _, out = bad_build
    with sqlite3.connect(out / "vragen.db") as db:
        labels = {l for (l,) in db.execute("select label from cell_labels where table_id like '2023-2024-611/%'")}
        assert "<img src=x onerror=alert(1)>" in labels and "Robert' OR '1'='1" in labels
        assert db.execute("select count(*) from cells").fetchone()[0] > 0  # still there


async def test_injected_markup_is_escaped_in_the_site(bad_build):
    _, out = bad_build
    app = make_app(out)
    response = await app.client.get("/vragen/answers/2023-2024-611")
    assert response.status_code == 200
    assert "<script>alert('x')</script>" not in response.text and "&lt;script&gt;" in response.text
    response = await app.client.get("/antwoord/2023-2024-611")  # the portal's own page escapes too
    assert "<script>alert('x')</script>" not in response.text and "&lt;script&gt;" in response.text
    response = await app.client.get("/tabel/2023-2024-611/tabel-2a-1")
    assert "<img src=x" not in response.text and "&lt;img src=x" in response.text
    response = await app.client.get("/vragen/cell_labels?table_id=2023-2024-611/tabel-2a-1")
    assert "<img src=x" not in response.text and "&lt;img src=x" in response.text


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_build_killed_halfway_leaves_the_previous_output_intact(tmp_path, sig):
    sources = tmp_path / "sources"
    synthetic.corpus(1500, sources)
    out = tmp_path / "build"
    build(sources=sources, out=out, metadata=METADATA, workers=1)
    before = digests(out)
    for path in sorted(sources.iterdir())[::3]:  # a third of the corpus changes: a long rebuild
        path.write_text(path.read_text(encoding="utf-8").replace("geen andere", "geen verdere"), encoding="utf-8")
    command = [sys.executable, "-m", "vragen.cli", "build", "-q", "--sources", str(sources), "--out", str(out),
               "--metadata", str(METADATA)]
    process = subprocess.Popen(command, start_new_session=True, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not (tmp_path / "build.staging" / "work").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.3)
    os.killpg(process.pid, sig)
    process.wait(timeout=30)
    assert process.returncode != 0
    assert digests(out) == before  # the last good output, untouched
    report = build(sources=sources, out=out, metadata=METADATA)  # the next build cleans up and finishes
    assert report.rebuilt == 500 and report.unchanged == 1000
    assert not (tmp_path / "build.staging").exists()
