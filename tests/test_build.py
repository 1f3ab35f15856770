"""The build: reproducible bytes, one bad source never stops the others, the old output survives."""

import shutil
from pathlib import Path

from click.testing import CliRunner

from vragen.build import build
from vragen.cli import cli

from conftest import digests, FIXTURES, METADATA, SEED, copy_seed


def test_two_builds_of_the_same_inputs_are_byte_identical(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES, sources, ignore=shutil.ignore_patterns("*.md"))
    shutil.copy(SEED, sources)
    build(sources=sources, out=tmp_path / "a", metadata=METADATA)
    build(sources=sources, out=tmp_path / "elsewhere" / "b", metadata=METADATA)
    first, second = digests(tmp_path / "a"), digests(tmp_path / "elsewhere" / "b")
    assert "vragen.db" in first and len(first) > 40
    assert first == second


def test_a_no_change_rebuild_writes_nothing_and_one_change_rebuilds_one_answer(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES, sources, ignore=shutil.ignore_patterns("*.md"))
    out = tmp_path / "build"
    first = build(sources=sources, out=out, metadata=METADATA)
    assert (first.rebuilt, first.unchanged) == (6, 0)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    again = build(sources=sources, out=out, metadata=METADATA)
    assert (again.rebuilt, again.unchanged) == (0, 6) and again.answers == first.answers
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps  # not one file written
    before = digests(out)
    changed = sources / "euro_missing.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("€ 95.250,00", "€ 95.251,00"), encoding="utf-8")
    third = build(sources=sources, out=out, metadata=METADATA)
    assert (third.rebuilt, third.unchanged) == (1, 5)
    after = digests(out)
    differing = {name for name in before if before[name] != after.get(name)}
    # the changed answer's table, provenance and source text, the database and the collection; nothing else
    assert {n for n in differing if n.startswith("packages/")} == {
        "packages/2023-2024-233/tabel-1-1.csv", "packages/2023-2024-233/cell-provenance.csv",
        "packages/2023-2024-233/datapackage.json", "packages/2023-2024-233/bron.txt"}
    assert "vragen.db" in differing


def test_a_bad_source_is_reported_and_the_others_published(tmp_path):
    sources = copy_seed(tmp_path)
    (sources / "empty.txt").write_bytes(b"")
    (sources / "no_answer.txt").write_text(SEED.read_text(encoding="utf-8").replace("ANTWOORD", "VRAAG"),
                                           encoding="utf-8")
    report = build(sources=sources, out=tmp_path / "build", metadata=METADATA)
    assert report.answers == ["2023-2024-418"]
    assert sorted(report.failed) == ["sources/empty.txt", "sources/no_answer.txt"]
    assert {f.code for f in report.findings if f.level == "error"} == {"source.empty", "document.no-answer"}
    assert (tmp_path / "build" / "packages" / "2023-2024-418" / "datapackage.json").exists()


def test_cli_build_exit_codes_and_messages(tmp_path):
    sources = copy_seed(tmp_path)
    out = tmp_path / "build"
    result = CliRunner().invoke(cli, ["build", "--sources", str(sources), "--out", str(out), "--metadata",
                                      str(METADATA)])
    assert result.exit_code == 0, result.output
    (sources / "broken.txt").write_bytes(b"\x00\x00")
    result = CliRunner().invoke(cli, ["build", "--sources", str(sources), "--out", str(out), "--metadata",
                                      str(METADATA)])
    assert result.exit_code == 1
    assert "broken.txt" in result.output and "binary" in result.output
    result = CliRunner().invoke(cli, ["build", "--sources", str(tmp_path / "nowhere"), "--out", str(out)])
    assert result.exit_code == 2 and "no sources folder" in result.output


def test_duplicate_answer_is_left_out_with_both_files_named(tmp_path):
    sources = copy_seed(tmp_path)
    shutil.copy(sources / SEED.name, sources / "zz_copy.txt")
    report = build(sources=sources, out=tmp_path / "build", metadata=METADATA)
    (error,) = [f for f in report.findings if f.level == "error"]
    assert error.code == "build.duplicate-answer" and error.file == "sources/zz_copy.txt"
    assert SEED.name in error.message


def test_failed_build_keeps_the_last_good_output(tmp_path, monkeypatch):
    sources = copy_seed(tmp_path)
    out = tmp_path / "build"
    build(sources=sources, out=out, metadata=METADATA)
    before = digests(out)

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("vragen.build.write_site", crash)
    (sources / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace("Limburg 78", "Limburg 79"),
                                     encoding="utf-8")
    try:
        build(sources=sources, out=out, metadata=METADATA)
    except RuntimeError:
        pass
    assert digests(out) == before


def test_every_command_has_help_and_is_documented():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), name
        assert f"vragen {name}" in readme, f"`vragen {name}` is not documented in README.md"
        for option in command.params:
            assert getattr(option, "help", None) or option.param_type_name == "argument", (name, option.name)


def test_a_build_into_another_out_writes_nothing_outside_it(tmp_path, monkeypatch):
    """From a working copy with the default sources/ and a committed datapackage.json, a build into
    another --out leaves the committed descriptor alone; the default build refreshes it."""
    work = tmp_path / "repo"
    (work / "sources").mkdir(parents=True)
    shutil.copy(SEED, work / "sources")
    shutil.copytree(METADATA, work / "metadata")
    (work / "datapackage.json").write_text("{}\n", encoding="utf-8")
    monkeypatch.chdir(work)
    result = CliRunner().invoke(cli, ["build", "-q", "--out", str(tmp_path / "elsewhere")])
    assert result.exit_code == 0, result.output
    assert (work / "datapackage.json").read_text(encoding="utf-8") == "{}\n"
    assert sorted(p.name for p in work.iterdir()) == ["datapackage.json", "metadata", "sources"]
    assert (tmp_path / "elsewhere" / "datapackage.json").is_file()
    result = CliRunner().invoke(cli, ["build", "-q"])
    assert result.exit_code == 0, result.output
    assert '"packages/' not in (work / "datapackage.json").read_text(encoding="utf-8")
    assert '"build/packages/2023-2024-418/' in (work / "datapackage.json").read_text(encoding="utf-8")


def test_a_no_change_rebuild_leaves_the_collection_copy_alone_but_mends_an_edited_one(tmp_path):
    """The collection copy is made again only when its inputs changed (a 70 MB descriptor at 10,000
    answers was most of a no-change rebuild); an edited or deleted copy is still put right."""
    import os

    from conftest import METADATA, copy_seed
    from vragen.build import build

    sources = copy_seed(tmp_path)
    collection = tmp_path / "datapackage.json"
    build(sources=sources, out=tmp_path / "build", metadata=METADATA, collection=collection)
    good = collection.read_bytes()
    os.utime(collection, ns=(1, 1))
    report = build(sources=sources, out=tmp_path / "build", metadata=METADATA, collection=collection)
    assert report.unchanged == 1 and collection.stat().st_mtime_ns == 1  # not written again
    collection.write_text("{}", encoding="utf-8")
    build(sources=sources, out=tmp_path / "build", metadata=METADATA, collection=collection)
    assert collection.read_bytes() == good
    collection.unlink()
    build(sources=sources, out=tmp_path / "build", metadata=METADATA, collection=collection)
    assert collection.read_bytes() == good
