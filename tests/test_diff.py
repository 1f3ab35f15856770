"""The data diff and the staleness check that pull requests rely on."""

import json
import os
import shutil
import subprocess

from click.testing import CliRunner

from vragen.build import build, check_fresh
from vragen.cli import cli
from vragen.diff import diff_outputs

from conftest import FIXTURES, METADATA, SEED, copy_seed


def _build(tmp_path, name, edit=None):
    folder = tmp_path / name
    folder.mkdir()
    sources = copy_seed(folder, edit)
    build(sources=sources, out=folder / "build", metadata=METADATA)
    return folder / "build"


def test_one_changed_number_shows_exactly_that_cell(tmp_path):
    old = _build(tmp_path, "old")
    new = _build(tmp_path, "new", lambda t: t.replace("werknemer42,58%", "werknemer43,58%"))
    result = diff_outputs(old, new)
    assert result.cells_changed == [{
        "table": "2023-2024-418/doorstroming-naar-werk", "field": "waarde", "old": "42.58", "new": "43.58",
        "row": "doelgroep=LOA, indicator=Waarvan aan het werk als werknemer, horizon=M3"}]
    assert not (result.rows_added or result.rows_removed or result.schema_changes or result.tables_added)
    markdown = result.markdown()
    assert "| 42.58 | 43.58 |" in markdown


def test_identical_builds_have_no_diff(tmp_path):
    assert diff_outputs(_build(tmp_path, "a"), _build(tmp_path, "b")).empty


def test_duplicate_labels_are_matched_by_order(tmp_path):
    old = _build(tmp_path, "old")
    new = _build(tmp_path, "new", lambda t: t.replace("Randstad Risesmart HOA 37", "Randstad Risesmart HOA 38"))
    (change,) = [c for c in diff_outputs(old, new).cells_changed if c["table"].endswith("perceel")]
    assert change["row"] == "promotor=Randstad Risesmart, subdoelgroep=HOA, #2" and change["new"] == "38"


def test_answers_tables_rows_and_schema_changes(tmp_path):
    old = _build(tmp_path, "old")
    folder = tmp_path / "new"
    folder.mkdir()
    sources = copy_seed(folder, lambda t: t.replace("West-Vlaanderen 73\n", "West-Vlaanderen 73\nBrussel 4\n"))
    shutil.copy(FIXTURES / "no_table.txt", sources)
    build(sources=sources, out=folder / "build", metadata=METADATA)
    result = diff_outputs(old, folder / "build")
    assert result.answers_added == ["2022-2023-88"]
    assert {"table": "2023-2024-418/trajecten-per-provincie", "row": "provincie=Brussel"} in result.rows_added
    # Brussel is no Flemish province: the curated foreign key to the code list catches it
    from vragen.validate import validate_output
    errors = validate_output(folder / "build").errors
    assert any(e.code == "frictionless.foreign-key" and "Brussel" in e.message for e in errors)
    as_json = json.loads(json.dumps(result.as_dict()))
    assert as_json["changed"] is True


def test_diff_between_git_revisions(tmp_path):
    repository = tmp_path / "repo"
    (repository / "sources").mkdir(parents=True)
    shutil.copytree(METADATA, repository / "metadata")
    shutil.copy(SEED, repository / "sources")
    git = ["git", "-C", str(repository), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "one"], check=True)
    seed = repository / "sources" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("Gatam LOA 45", "Gatam LOA 46"), encoding="utf-8")
    subprocess.run(git + ["commit", "-qam", "two"], check=True)
    cwd = os.getcwd()
    try:
        os.chdir(repository)
        result = CliRunner().invoke(cli, ["diff", "HEAD~1", "HEAD", "--json"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["cells_changed"]
    assert [(c["old"], c["new"]) for c in changes] == [("45", "46")]


def test_check_mode_finds_stale_collection_and_curation(tmp_path):
    sources = copy_seed(tmp_path)
    collection = tmp_path / "datapackage.json"
    out = tmp_path / "build"
    build(sources=sources, out=out, metadata=METADATA, collection=collection)
    assert [f for f in check_fresh(sources, METADATA, collection, out) if f.level == "error"] == []
    seed = sources / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace("Limburg 78", "Limburg 77"), encoding="utf-8")
    (stale,) = [f for f in check_fresh(sources, METADATA, collection, out) if f.level == "error"
                and f.code == "check.stale-collection"]
    assert "vragen build" in stale.hint
    metadata = tmp_path / "metadata"
    shutil.copytree(METADATA, metadata)
    (metadata / "2023-2024" / "999.yaml").write_text("answer: 2023-2024-999\n", encoding="utf-8")
    codes = {f.code for f in check_fresh(sources, metadata, collection, out) if f.level == "error"}
    assert "check.orphan-curation" in codes


def test_source_date_epoch_stamps_the_collection(tmp_path, monkeypatch):
    sources = copy_seed(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714435200")
    build(sources=sources, out=tmp_path / "build", metadata=METADATA, collection=tmp_path / "c.json")
    assert json.loads((tmp_path / "c.json").read_text())["created"] == "2024-04-30T00:00:00Z"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    build(sources=sources, out=tmp_path / "build", metadata=METADATA, collection=tmp_path / "c.json")
    assert "created" not in json.loads((tmp_path / "c.json").read_text())


def test_validation_markdown_for_the_pull_request(tmp_path):
    out = _build(tmp_path, "bad", lambda t: t.replace("HOA 181", "HOA 182"))
    result = CliRunner().invoke(cli, ["validate", str(out), "--markdown"])
    assert result.exit_code == 1
    assert "❌ INVALID" in result.output and "`check.prose-total`" in result.output
    assert "trajecten-per-subdoelgroep" in result.output
