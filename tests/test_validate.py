"""Validation: Frictionless plus domain checks; a changed number that breaks a total is caught."""

import json

from click.testing import CliRunner

from vragen.build import build
from vragen.cli import cli
from vragen.validate import validate_output

from conftest import FIXTURES, METADATA, copy_seed


def test_built_output_is_valid_and_seed_totals_reconcile_with_prose(built):
    report = validate_output(built)
    assert report.valid, report.summary()
    notes = {(f.table, f.code) for f in report.findings if f.level == "info"}
    for name in ("trajecten-per-provincie", "trajecten-per-perceel", "trajecten-per-duurtijd",
                 "trajecten-per-subdoelgroep"):
        assert (f"2023-2024-418/{name}", "check.prose-total") in notes
    assert ("2023-2024-12/tabel-1-1", "check.total") in notes


def _build(tmp_path, sources):
    out = tmp_path / "build"
    build(sources=sources, out=out, metadata=METADATA)
    return validate_output(out)


def test_a_changed_count_breaks_the_prose_total(tmp_path):
    sources = copy_seed(tmp_path, lambda t: t.replace("Antwerpen 85", "Antwerpen 86"))
    report = _build(tmp_path, sources)
    assert not report.valid
    (error,) = report.errors
    assert error.code == "check.prose-total" and error.table == "2023-2024-418/trajecten-per-provincie"
    assert error.column == "trajecten" and "315" in error.message and "314" in error.message


def test_a_changed_cell_breaks_the_totals_row_and_column(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    text = (FIXTURES / "matrix_totals.txt").read_text(encoding="utf-8")
    (sources / "m.txt").write_text(text.replace("Limburg 640 655 701", "Limburg 640 655 702"), encoding="utf-8")
    report = _build(tmp_path, sources)
    messages = sorted((e.row, e.column, e.code) for e in report.errors)
    # the 2022 column total and Limburg's row total both disagree now
    assert len(messages) == 2 and all(code == "check.total" for _, _, code in messages)
    assert {e.message.split(" (")[0] for e in report.errors} == {"the total 5136", "the total 1996"}


def test_percentage_out_of_range(tmp_path):
    sources = tmp_path / "sources"
    sources.mkdir()
    text = (FIXTURES / "footnotes.txt").read_text(encoding="utf-8")
    (sources / "f.txt").write_text(text.replace("64,5%", "164,5%"), encoding="utf-8")
    report = _build(tmp_path, sources)
    codes = {e.code for e in report.errors}
    assert "check.percent" in codes and "frictionless.constraint-error" in codes


def test_validate_cli_json_and_exit_codes(built, tmp_path):
    result = CliRunner().invoke(cli, ["validate", str(built), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["valid"] is True
    sources = copy_seed(tmp_path, lambda t: t.replace("Limburg 78", "Limburg 79"))
    build(sources=sources, out=tmp_path / "bad", metadata=METADATA)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "bad")])
    assert result.exit_code == 1
    assert "INVALID" in result.output and "trajecten-per-provincie" in result.output
