"""Hostile and broken inputs (issue: never lose the last good site). Each test breaks something
a real run met and asserts that the good answers are published, that the last output is intact
where it should be, and that the finding names the file and what to do."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from vragen.build import build, output_lock
from vragen.model import SourceError

from conftest import FIXTURES, METADATA, SEED, digests

MATRIX = FIXTURES / "matrix_totals.txt"


def _sources(folder: Path, *files: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def _metadata(tmp_path: Path) -> Path:
    """A copy of the project's curation folder, to break."""
    target = tmp_path / "metadata"
    shutil.copytree(METADATA, target)
    return target


def _published(out: Path) -> list[str]:
    return [r[0] for r in sqlite3.connect(out / "vragen.db").execute("select id from answers order by id")]


def test_a_curation_file_of_the_wrong_shape_fails_its_answer_only(tmp_path):
    """`title: [a, b]` once reached the database as a list and failed the whole build; the schema
    stops it at the file, and every other answer is published."""
    metadata = _metadata(tmp_path)
    curation = metadata / "2023-2024" / "418.yaml"
    curation.write_text(curation.read_text(encoding="utf-8").replace(
        "answer: 2023-2024-418\n", "answer: 2023-2024-418\ntitle: [a, b]\n"), encoding="utf-8")
    out = tmp_path / "out"
    report = build(sources=_sources(tmp_path / "sources", SEED, MATRIX), out=out, metadata=metadata)
    assert _published(out) == ["2023-2024-12"] and report.answers == ["2023-2024-12"]
    assert not (out / "packages" / "2023-2024-418").exists()
    (invalid,) = [f for f in report.findings if f.code == "curation.invalid"]
    assert invalid.file == str(curation) and invalid.message.startswith("title: ") and "string" in invalid.message
    assert not report.ok and any(SEED.name in label for label in report.failed)


def test_a_number_sqlite_cannot_store_fails_its_answer_only(tmp_path):
    sources = _sources(tmp_path / "sources", MATRIX)
    (sources / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace(
        "Antwerpen 85", "Antwerpen 98765432109876543210987"), encoding="utf-8")
    out = tmp_path / "out"
    report = build(sources=sources, out=out, metadata=METADATA)
    assert _published(out) == ["2023-2024-12"]
    (rejected,) = [f for f in report.findings if f.code == "publish.answer-rejected"]
    assert rejected.answer == "2023-2024-418" and "98765432109876543210987" in rejected.message


def test_a_section_longer_than_the_csv_field_limit_is_published(tmp_path):
    long_text = " ".join(["Dit is een lange zin zonder cijfers"] * 6000) + "."  # about 200 KB
    sources = _sources(tmp_path / "sources", MATRIX)
    (sources / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace(
        "Hieronder vindt u een verdeling per provincie", long_text + "\nHieronder vindt u een verdeling per provincie"),
        encoding="utf-8")
    out = tmp_path / "out"
    build(sources=sources, out=out, metadata=METADATA)
    assert _published(out) == ["2023-2024-12", "2023-2024-418"]


def test_a_build_that_would_lose_answers_leaves_the_output_alone(tmp_path):
    sources = _sources(tmp_path / "sources", SEED, MATRIX)
    out = tmp_path / "out"
    build(sources=sources, out=out, metadata=METADATA)
    before = digests(out)
    (sources / MATRIX.name).unlink()
    report = build(sources=sources, out=out, metadata=METADATA)
    (shrink,) = [f for f in report.findings if f.code == "build.shrink"]
    assert "2023-2024-12" in shrink.message and "--allow-shrink" in shrink.hint and not report.ok
    assert digests(out) == before
    report = build(sources=sources, out=out, metadata=METADATA, allow_shrink=True)
    assert report.ok and _published(out) == ["2023-2024-418"]


def test_a_failing_source_does_not_replace_its_published_answer(tmp_path):
    sources = _sources(tmp_path / "sources", SEED, MATRIX)
    out = tmp_path / "out"
    build(sources=sources, out=out, metadata=METADATA)
    before = digests(out)
    (sources / MATRIX.name).write_text("not an answer at all\n", encoding="utf-8")
    report = build(sources=sources, out=out, metadata=METADATA)
    assert any(f.code == "build.shrink" for f in report.findings) and digests(out) == before


def test_an_empty_sources_folder_builds_nothing_and_keeps_the_output(tmp_path):
    out = tmp_path / "out"
    build(sources=_sources(tmp_path / "sources", SEED), out=out, metadata=METADATA)
    before = digests(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(SourceError) as raised:
        build(sources=empty, out=out, metadata=METADATA)
    assert raised.value.finding.code == "build.no-sources" and str(empty) in raised.value.finding.message
    assert digests(out) == before


def test_a_second_build_into_the_same_output_is_stopped(tmp_path):
    out = tmp_path / "out"
    with output_lock(out):
        with pytest.raises(SourceError) as raised:
            build(sources=_sources(tmp_path / "sources", SEED), out=out, metadata=METADATA)
    assert raised.value.finding.code == "build.locked" and raised.value.finding.hint
    assert not out.exists()
    build(sources=tmp_path / "sources", out=out, metadata=METADATA)  # the lock is gone with its holder
    assert _published(out) == ["2023-2024-418"]


def _descendants(pid: int) -> set[int]:
    """Living processes below `pid`, from /proc (Linux)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_killing_a_build_leaves_no_worker_behind_and_the_next_build_runs(tmp_path):
    """The build is killed (SIGKILL, no clean-up of its own) while its workers read; the workers die
    with it, and the next build into the same output publishes everything."""
    import os
    import signal
    import subprocess
    import sys
    import time

    sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
    import synthetic

    sources = _sources(tmp_path / "sources", SEED, MATRIX)
    (sources / "long.txt").write_text(synthetic.big_table_answer(60_000).render(), encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "vragen.cli", "build", "-q", "--sources", str(sources), "--out", str(out),
               "--metadata", str(METADATA), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(_descendants(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = _descendants(process.pid)
    assert workers, "the build started no worker"
    time.sleep(0.5)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers) \
            and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)]
    assert not out.exists()  # nothing was swapped in
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    published = _published(out)
    assert len(published) == 3 and {"2023-2024-12", "2023-2024-418"} < set(published)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_fixing_a_curation_file_rebuilds_the_answer_that_failed(tmp_path):
    metadata = _metadata(tmp_path)
    curation = metadata / "2023-2024" / "418.yaml"
    good = curation.read_text(encoding="utf-8")
    curation.write_text(good.replace("answer: 2023-2024-418\n", "answer: 2023-2024-418\ntitle: [a, b]\n"),
                        encoding="utf-8")
    sources = _sources(tmp_path / "sources", SEED, MATRIX)
    out = tmp_path / "out"
    build(sources=sources, out=out, metadata=metadata)
    assert _published(out) == ["2023-2024-12"]
    curation.write_text(good, encoding="utf-8")
    report = build(sources=sources, out=out, metadata=metadata)
    assert report.ok and _published(out) == ["2023-2024-12", "2023-2024-418"] and report.rebuilt >= 1


def test_a_deleted_package_folder_is_made_again(tmp_path):
    sources = _sources(tmp_path / "sources", SEED, MATRIX)
    out = tmp_path / "out"
    build(sources=sources, out=out, metadata=METADATA)
    shutil.rmtree(out / "packages" / "2023-2024-12")
    report = build(sources=sources, out=out, metadata=METADATA)
    assert report.ok and (out / "packages" / "2023-2024-12" / "datapackage.json").exists()
    assert _published(out) == ["2023-2024-12", "2023-2024-418"]
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["answers"] == _published(out)


# --- a source that costs too much fails alone ---------------------------------------------------

def _hostile_read(job, findings):
    """Stands in for reading: MATRIX reads normally, the seed misbehaves as the test says."""
    import os
    import time

    from vragen import build as build_module

    how = os.environ.get("VRAGEN_TEST_HOSTILE", "")
    if SEED.name in job.label:
        if how == "slow":
            time.sleep(30)
        elif how == "memory":
            bytearray(64 * 1024 ** 3)  # 64 GiB: past the worker's address-space cap
        elif how == "die":
            os._exit(9)  # a crash in a C library looks like this to the pool
    return build_module._original_read(job, findings)


@pytest.mark.parametrize("how, code", [("slow", "build.too-slow"), ("memory", "build.too-large"),
                                       ("die", "build.worker-died")])
def test_a_source_that_costs_too_much_or_kills_its_worker_fails_alone(tmp_path, monkeypatch, how, code):
    from vragen import build as build_module

    monkeypatch.setattr(build_module, "_original_read", build_module._read_and_curate, raising=False)
    monkeypatch.setattr(build_module, "_read_and_curate", _hostile_read)
    monkeypatch.setenv("VRAGEN_TEST_HOSTILE", how)
    monkeypatch.setenv("VRAGEN_SECONDS_PER_SOURCE", "2")
    out = tmp_path / "out"
    report = build(sources=_sources(tmp_path / "sources", SEED, MATRIX), out=out, metadata=METADATA, workers=2)
    assert _published(out) == ["2023-2024-12"]
    (failure,) = [f for f in report.findings if f.code == code]
    assert failure.file.endswith(SEED.name) and failure.hint


# --- what reaches HTML or the file system is checked where it enters --------------------------

def _fetched(tmp_path: Path, fixture_pdfs, **record) -> Path:
    """A fetched answer as `vragen fetch` leaves it: the PDF and its record."""
    sources = tmp_path / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    shutil.copy(fixture_pdfs["ruled.pdf"], sources / "9100101.pdf")
    base = {"id": "9000101", "number": 501, "session": "2023-2024", "title": "Huurpremie",
            "pdf_url": "https://docs.vlaamsparlement.be/pfile?id=9100101",
            "page_url": "https://www.vlaamsparlement.be/parlementaire-documenten/schriftelijke-vragen/9000101"}
    (sources / "9100101.record.json").write_text(json.dumps(base | record), encoding="utf-8")
    return sources


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "https://evil.example/x.pdf", "data:text/html,<b>x</b>",
                                 "https://docs.vlaamsparlement.be\"><script>alert(1)</script>"])
def test_a_record_link_that_is_not_the_parliaments_is_dropped(tmp_path, fixture_pdfs, url):
    out = tmp_path / "out"
    report = build(sources=_fetched(tmp_path, fixture_pdfs, pdf_url=url, page_url=url), out=out, metadata=METADATA)
    assert report.answers == ["2023-2024-501"]
    links = sqlite3.connect(out / "vragen.db").execute("select pdf_url, page_url from answers").fetchone()
    assert links == (None, None)
    text = "\n".join(p.read_text(encoding="utf-8") for p in (out / "packages").rglob("*.json"))
    assert url not in text
    assert any(f.code == "record.unsafe-url" and f.file.endswith("9100101.record.json") for f in report.findings)


@pytest.mark.parametrize("field, value", [("session", "../../ESCAPE"), ("session", "2023-2025"),
                                          ("number", "1/../../x"), ("number", -3)])
def test_a_record_whose_identity_is_malformed_is_refused_and_writes_nothing_outside_out(
        tmp_path, fixture_pdfs, field, value):
    out = tmp_path / "work" / "out"
    sources = _fetched(tmp_path / "work", fixture_pdfs, **{field: value})
    report = build(sources=_sources(sources, MATRIX), out=out, metadata=METADATA)
    assert report.answers == ["2023-2024-12"]
    (refused,) = [f for f in report.findings if f.code == "record.invalid"]
    assert refused.file.endswith("9100101.record.json") and refused.hint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["out", "out.lock", "sources"]


async def test_every_page_carries_a_content_security_policy(built):
    from vragen.serve import make_app

    app = make_app(built)
    for url in ("/", "/antwoord/2023-2024-418", "/tabel/2023-2024-418/trajecten-per-provincie", "/vragen",
                "/vragen/cells?table_id=2023-2024-418/trajecten-per-provincie",
                "/tabel/2023-2024-418/trajecten-per-provincie.csv", "/bestaat-niet"):
        response = await app.client.get(url)
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, url
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1], url  # no javascript: links
        assert response.headers.get("x-content-type-options") == "nosniff"
        if response.headers.get("content-type", "").startswith("text/html"):
            assert int(response.headers["content-length"]) == response.num_bytes_downloaded


# --- bytes and paths: nothing vanishes without a finding -----------------------------------------

def test_nul_bytes_anywhere_are_reported_with_their_line_and_the_row_is_kept(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("HOA 181"))
    assert len("\n".join(lines[:row]).encode()) > 4096  # past the binary sniff
    lines[row] = "HOA\x00 181"
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / SEED.name).write_bytes("\n".join(lines).encode("utf-8"))
    out = tmp_path / "out"
    report = build(sources=sources, out=out, metadata=METADATA)
    (nul,) = [f for f in report.findings if f.code == "source.nul"]
    assert nul.line == row + 1 and nul.file.endswith(SEED.name)
    csv_text = (out / "packages" / "2023-2024-418" / "trajecten-per-subdoelgroep.csv").read_text(encoding="utf-8")
    assert "HOA,181" in csv_text and "\x00" not in csv_text


def test_one_cp1252_byte_garbles_only_its_own_line(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    row = next(i for i, line in enumerate(lines) if line.startswith("West-Vlaanderen"))
    data = "\n".join(lines[:row]).encode("utf-8") + b"\nWest-Vlaanderen 73 \x96\n" + \
        "\n".join(lines[row + 1:]).encode("utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / SEED.name).write_bytes(data)
    out = tmp_path / "out"
    report = build(sources=sources, out=out, metadata=METADATA)
    (warning,) = [f for f in report.findings if f.code == "source.cp1252"]
    assert warning.line == row + 1
    descriptor = json.loads((out / "packages" / "2023-2024-418" / "datapackage.json").read_text(encoding="utf-8"))
    assert "Anderstalige werkzoekenden" in descriptor["title"]
    sections = (out / "packages" / "2023-2024-418" / "sections.csv").read_text(encoding="utf-8")
    assert "Ã" not in sections  # UTF-8 elsewhere stays UTF-8 (no mojibake)


def test_entries_of_sources_that_cannot_be_read_are_reported(tmp_path):
    import os

    sources = _sources(tmp_path / "sources", SEED)
    (sources / "folder.txt").mkdir()
    os.mkfifo(sources / "pipe.txt")
    (sources / "loop.txt").symlink_to(sources / "loop.txt")
    (sources / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    out = tmp_path / "out"
    report = build(sources=sources, out=out, metadata=METADATA)
    assert report.answers == ["2023-2024-418"]
    skipped = {Path(f.file).name: f.message for f in report.findings if f.code == "source.unreadable"}
    assert set(skipped) == {"folder.txt", "pipe.txt", "loop.txt", "dangling.pdf"}
    assert "folder" in skipped["folder.txt"] and "pipe" in skipped["pipe.txt"]
    assert not report.ok


# --- cost grows with the input, not faster -----------------------------------------------------

def _prose_dump(tmp_path: Path, clauses: int) -> Path:
    """The seed with a paragraph of figures and no full stop added to its answer (invented)."""
    prose = " ".join(f"er waren {i * 7 + 3} dossiers en {i % 50} personen in de groep" for i in range(clauses))
    lines = [prose[j:j + 90] for j in range(0, len(prose), 90)]
    text = SEED.read_text(encoding="utf-8").replace("3. Voor 2023 was het uitbetaalde bedrag",
                                                    "\n".join(lines) + "\n3. Voor 2023 was het uitbetaalde bedrag")
    path = tmp_path / f"prose-{clauses}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _seconds(function, repeat: int = 3) -> float:
    import time

    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def test_long_prose_without_full_stops_costs_linear_time_and_bounded_output(tmp_path):
    from vragen.read.dump import read_dump
    from vragen.read.prose import CONTEXT

    small, large = _prose_dump(tmp_path, 1000), _prose_dump(tmp_path, 4000)
    document = read_dump(large)
    assert len(document.figures) > 7000
    assert max(len(f.sentence) for f in document.figures) <= CONTEXT + 2
    # Four times the prose: about four times the time when linear, sixteen when quadratic. The
    # bound leaves room for a busy machine (the ratio of two runs, not a time, is asserted).
    ratio = _seconds(lambda: read_dump(large)) / _seconds(lambda: read_dump(small))
    assert ratio < 8, f"four times the prose took {ratio:.2f}x the time (a quadratic step?)"


def test_a_long_table_is_read_and_packaged_in_bounded_memory_per_row(tmp_path):
    """One answer with a 20,000-row table, read, curated and packaged under tracemalloc (which
    counts bytes, not time, so the bound holds on a busy machine): the peak per row stays below
    1,500 bytes (about 1,260 now). Holding every line's tokens twice, the dump's text three times
    and each CSV as one string, as the reader once did, peaked at about 2,500; a token object
    around each number, the table's lines kept in its section and a tuple of line numbers a row,
    at about 1,750."""
    import sys
    import tracemalloc

    from vragen.build import Job, extract, metadata_version
    from vragen.read.sources import Source

    sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
    import synthetic

    rows = 20_000
    (tmp_path / "metadata").mkdir()
    source = tmp_path / "long.txt"
    source.write_text(synthetic.big_table_answer(rows).render(), encoding="utf-8")
    tracemalloc.start()
    try:
        result = extract(Job(Source(source, source.name), tmp_path / "package", tmp_path / "metadata",
                             metadata_version(tmp_path / "metadata")))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.answer_id, result.findings
    assert sum(1 for _ in open(next((tmp_path / "package").glob("tabel*.csv")), encoding="utf-8")) == rows + 1
    assert peak / rows < 1500, f"{peak / rows:.0f} bytes a row at the peak"


def test_a_yaml_alias_bomb_in_a_curation_file_fails_fast_and_alone(tmp_path):
    import time

    metadata = _metadata(tmp_path)
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        previous = chr(ord("a") + i - 1)
        levels.append(f"{chr(ord('a') + i)}: &{chr(ord('a') + i)} [" + ",".join([f"*{previous}"] * 9) + "]")
    (metadata / "2023-2024" / "418.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    started = time.monotonic()
    report = build(sources=_sources(tmp_path / "sources", SEED, MATRIX), out=tmp_path / "out", metadata=metadata)
    assert time.monotonic() - started < 60
    assert report.answers == ["2023-2024-12"]
    (bomb,) = [f for f in report.findings if f.code == "curation.yaml"]
    assert bomb.file.endswith("418.yaml") and "alias" in bomb.message


def test_a_pdf_page_of_thousands_of_lines_is_skipped_for_tables_not_for_its_answer(fixture_pdfs):
    import time

    from vragen.read.pdf import read_pdf

    started = time.monotonic()
    document = read_pdf(fixture_pdfs["line_grid.pdf"])
    assert time.monotonic() - started < 20  # finding tables in the grid itself takes minutes
    assert document.answer_id == "2023-2024-501" and len(document.tables) == 2  # the answer's own tables
    (skipped,) = [f for f in document.findings if f.code == "pdf.too-many-lines"]
    assert "page 3" in skipped.message or "page 2" in skipped.message


def test_a_diff_revision_that_looks_like_an_option_is_refused_and_writes_nothing(tmp_path, monkeypatch):
    import subprocess

    from click.testing import CliRunner

    from vragen.cli import cli

    repository = tmp_path / "repo"
    (repository / "sources").mkdir(parents=True)
    shutil.copy(SEED, repository / "sources")
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    subprocess.run(["git", "-C", str(repository), "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A"],
                   check=True)
    subprocess.run(["git", "-C", str(repository), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit",
                    "-qm", "one"], check=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    monkeypatch.chdir(repository)
    for revision in (f"--output={victim}", "-o", "HEAD --output=x", "nope"):
        result = CliRunner().invoke(cli, ["diff", "--", revision, "HEAD"])
        assert result.exit_code == 2 and "error:" in result.output, revision
    assert victim.read_text(encoding="utf-8") == "keep me"
