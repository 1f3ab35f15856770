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
    errors = {e.code: e for e in report.errors}
    assert set(errors) == {"check.prose-total", "check.same-total"}
    error = errors["check.prose-total"]
    assert error.table == "2023-2024-418/trajecten-per-provincie"
    assert error.column == "trajecten" and "315" in error.message and "314" in error.message
    # the three other tables of the same count still add up to 314
    assert "315" in errors["check.same-total"].message and "314" in errors["check.same-total"].message


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
    # Once, as the domain check, in data rows; not again as Frictionless's maximum constraint.
    assert "frictionless.constraint-error" not in {e.code for e in report.errors}
    (error,) = [e for e in report.errors if e.code == "check.percent"]
    assert "164.5" in error.message
    table = next((tmp_path / "build" / "packages").iterdir())
    csv_rows = (table / f"{error.table.split('/')[1]}.csv").read_text(encoding="utf-8").splitlines()
    assert "164.5" in csv_rows[error.row]  # data row N is line N + 1 of the CSV


def test_frictionless_findings_speak_in_data_rows_too():
    from vragen.model import ERROR, Finding
    from vragen.validate import once

    frictionless = Finding(ERROR, "frictionless.type-error", 'The cell "x" in row at position "5" and field "n" ...',
                           table="a/t", row=5, column="n")
    domain = Finding(ERROR, "check.count", "a count must be a whole number", table="a/t", row=2, column="m")
    duplicate = Finding(ERROR, "frictionless.constraint-error", "...", table="a/t", row=3, column="m")
    assert once([frictionless, domain, duplicate]) == [
        Finding(ERROR, "frictionless.type-error", 'The cell "x" in data row 4 and field "n" ...', table="a/t", row=4,
                column="n"), domain]


def test_validate_cli_json_and_exit_codes(built, tmp_path):
    result = CliRunner().invoke(cli, ["validate", str(built), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["valid"] is True
    sources = copy_seed(tmp_path, lambda t: t.replace("Limburg 78", "Limburg 79"))
    build(sources=sources, out=tmp_path / "bad", metadata=METADATA)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "bad")])
    assert result.exit_code == 1
    assert "INVALID" in result.output and "trajecten-per-provincie" in result.output


def _one(tmp_path, text, name="t.txt"):
    sources = tmp_path / "sources"
    sources.mkdir(exist_ok=True)
    (sources / name).write_text(text, encoding="utf-8")
    return _build(tmp_path, sources)


HEAD = (FIXTURES / "matrix_totals.txt").read_text(encoding="utf-8").split("1. De onderstaande")[0]


def test_subtotals_add_the_rows_since_the_previous_subtotal(tmp_path):
    table = """1. De verdeling per gemeente:
Gemeente Aantal
Gent 10
Aalst 5
Subtotaal 15
Brugge 7
Kortrijk 3
Subtotaal 10
Totaal 25
"""
    assert _one(tmp_path, HEAD + table).valid
    report = _one(tmp_path, HEAD + table.replace("Subtotaal 10", "Subtotaal 11"))
    (error,) = report.errors
    assert error.code == "check.total" and error.row == 6 and "11" in error.message and "10" in error.message


def test_shares_of_one_whole_above_100_percent(tmp_path):
    seed_like = (FIXTURES / "footnotes.txt").read_text(encoding="utf-8")
    assert _one(tmp_path, seed_like).valid
    report = _one(tmp_path, seed_like.replace("27,3%", "37,3%"))
    assert [e.code for e in report.errors] == ["check.shares"]
    assert report.errors[0].column == "aandeel" and "110" in report.errors[0].message


def test_seed_outflow_shares_are_checked(tmp_path):
    sources = copy_seed(tmp_path, lambda t: t.replace("zelfstandige2,54%", "zelfstandige72,54%"))
    report = _build(tmp_path, sources)
    (error,) = report.errors
    assert error.code == "check.shares" and error.table == "2023-2024-418/doorstroming-naar-werk"


def test_a_source_error_acknowledged_in_curation_is_a_warning_and_a_note(tmp_path):
    import shutil
    import yaml
    metadata = tmp_path / "metadata"
    shutil.copytree(METADATA, metadata)
    sources = tmp_path / "sources"
    sources.mkdir()
    text = (FIXTURES / "matrix_totals.txt").read_text(encoding="utf-8")
    (sources / "m.txt").write_text(text.replace("Totaal 4.735", "Totaal 4.736"), encoding="utf-8")
    (metadata / "2023-2024").mkdir(exist_ok=True)
    (metadata / "2023-2024" / "12.yaml").write_text(yaml.safe_dump({"answer": "2023-2024-12", "tables": [
        {"match": {"section": "1"}, "name": "plaatsen",
         "acknowledge": [{"check": "check.total", "column": "waarde",
                          "reason": "de bron telt 4.736; de som is 4.735"}]}]}),
        encoding="utf-8")
    out = tmp_path / "build"
    build(sources=sources, out=out, metadata=metadata)
    report = validate_output(out)
    assert report.valid
    # the 2020 total and the grand total (along the years) both disagree with their parts
    warnings = [f for f in report.findings if f.level == "warning"]
    assert sorted(w.row for w in warnings) == [21, 24]
    assert all(w.code == "check.total" and "acknowledged: de bron telt 4.736" in w.message for w in warnings)
    descriptor = json.loads((out / "packages" / "2023-2024-12" / "datapackage.json").read_text(encoding="utf-8"))
    assert any("de bron telt 4.736" in note for note in descriptor["resources"][0]["vragen:notes"])


# --- keys are declared, not inferred from the rows they are meant to check -------------------------


def _build_seed(tmp_path, edit, metadata=None):
    from conftest import METADATA, copy_seed
    from vragen.build import build
    from vragen.validate import validate_output

    out = tmp_path / "out"
    report = build(sources=copy_seed(tmp_path, edit), out=out, metadata=metadata or METADATA)
    return report, validate_output(out)


def test_a_duplicate_row_fails_the_build_and_validation(tmp_path):
    report, validation = _build_seed(tmp_path, lambda t: t.replace("Limburg 78\n", "Limburg 78\nLimburg 0\n"))
    (duplicate,) = [f for f in report.findings if f.code == "table.duplicate-key"]
    assert duplicate.table.endswith("trajecten-per-provincie") and "Limburg" in duplicate.message
    assert not validation.valid
    assert any(f.code.startswith("frictionless.primary-key") for f in validation.findings)


def test_a_curation_file_declares_the_key_and_a_bad_one_is_refused(tmp_path):
    import shutil

    from conftest import METADATA

    metadata = tmp_path / "metadata"
    shutil.copytree(METADATA, metadata)
    curation = metadata / "2023-2024" / "418.yaml"
    curation.write_text(curation.read_text(encoding="utf-8").replace("  key: none\n", "  key: [bestaat_niet]\n"),
                        encoding="utf-8")
    report, _ = _build_seed(tmp_path, None, metadata)
    (refused,) = [f for f in report.findings if f.code == "curation.invalid"]
    assert "bestaat_niet" in refused.message and "trajecten-per-perceel" in refused.message and refused.hint
    # without its declaration, the perceel table's three Randstad HOA lots break the label key
    curation.write_text(curation.read_text(encoding="utf-8").replace("  key: [bestaat_niet]\n", ""), encoding="utf-8")
    (tmp_path / "again").mkdir()
    report, validation = _build_seed(tmp_path / "again", None, metadata)
    assert any(f.code == "table.duplicate-key" and f.table.endswith("trajecten-per-perceel") for f in report.findings)
    assert not validation.valid


def test_an_uncurated_table_whose_labels_repeat_is_published_without_a_key_and_says_so(tmp_path):
    from conftest import FIXTURES
    from vragen.build import build

    sources = tmp_path / "sources"
    sources.mkdir()
    text = (FIXTURES / "matrix_totals.txt").read_text(encoding="utf-8").replace(
        "Limburg 640 655 701 1.996\n", "Limburg 640 655 701 1.996\nLimburg 640 655 701 1.996\n")
    (sources / "m.txt").write_text(text, encoding="utf-8")
    report = build(sources=sources, out=tmp_path / "out", metadata=tmp_path / "none")
    assert any(f.code == "table.no-key" and "Limburg" in f.message for f in report.findings)
