"""Curation: tidy tables named by metadata/, drafted by `vragen draft`, failing loudly on mismatch."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from vragen.curate import _column_dimension_name, curate, draft, load_codelists
from vragen.model import SourceError, slug
from vragen.read.dump import read_dump

from conftest import FIXTURES, METADATA, SEED

CODELISTS = load_codelists(METADATA)


def test_seed_is_curated(seed_document):
    tables, curation, findings = curate(seed_document, METADATA, CODELISTS, "seed")
    assert curation is not None and not findings
    assert [t.name for t in tables] == ["trajecten-per-provincie", "trajecten-per-perceel", "trajecten-per-duurtijd",
                                        "trajecten-per-subdoelgroep", "doorstroming-naar-werk"]
    province = tables[0]
    assert [f.name for f in province.fields] == ["provincie", "trajecten"]
    assert province.fields[0].codelist == "provincies" and province.fields[1].unit == "count"
    assert province.rows[0] == ["Antwerpen", 85]
    outflow = tables[4]
    assert [f.name for f in outflow.fields] == ["doelgroep", "indicator", "horizon", "waarde", "eenheid"]
    assert outflow.rows[0] == ["HOA", "Aantal beëindigde Mentoringtrajecten", "M3", 512, "count"]
    assert outflow.rows[3] == ["HOA", "Waarvan aan het werk als werknemer", "M3", Decimal("37.30"), "percent"]
    assert len(outflow.rows) == 36
    duration = tables[2]
    assert duration.fields[0].type == "integer" and duration.rows[0] == [0, 38]
    assert any("15%" in note for note in duration.notes)


def test_uncurated_answer_gets_generated_names_and_a_note(fixture_documents, tmp_path):
    document = fixture_documents["two_level"]
    tables, curation, findings = curate(document, tmp_path, CODELISTS, "two_level.txt")
    assert curation is None
    assert [f.code for f in findings] == ["curation.none"]
    (table,) = tables
    assert table.name == "tabel-1-1" and not table.curated
    assert [(f.name, f.type, f.unit) for f in table.fields] == [
        ("provincie", "string", None), ("jaar", "integer", None), ("aantal", "integer", "count"),
        ("bedrag", "number", "EUR")]  # money stays a number even when whole
    assert table.rows[0] == ["Antwerpen", 2022, 120, 1200000]
    assert table.totals == [11, 12]


def test_melting_of_year_columns_keeps_totals_marked(fixture_documents, tmp_path):
    (table,), _, _ = curate(fixture_documents["matrix_totals"], tmp_path, CODELISTS, "m.txt")
    assert [f.name for f in table.fields] == ["provincie", "jaar", "waarde"]
    assert table.rows[:2] == [["Antwerpen", "2020", 1250], ["Antwerpen", "2021", 1310]]
    assert ["Totaal", "Totaal", 14753] in table.rows
    assert len(table.totals) == 4 + 6 - 1  # totals row (4 cells) + totals column (6 cells), one shared


def test_province_code_list_is_linked_automatically(tmp_path):
    text = (FIXTURES / "matrix_totals.txt").read_text(encoding="utf-8")
    text = text.replace("Totaal 4.735 4.882 5.136 14.753\n", "")
    path = tmp_path / "d.txt"
    path.write_text(text, encoding="utf-8")
    (table,), _, _ = curate(read_dump(path), tmp_path, CODELISTS, "d.txt")
    assert table.fields[0].codelist == "provincies"


def _curation_dir(tmp_path: Path, data: dict) -> Path:
    folder = tmp_path / "metadata"
    (folder / "2023-2024").mkdir(parents=True)
    shutil.copy(METADATA / "codelists.yaml", folder / "codelists.yaml")
    shutil.copytree(METADATA / "codelists", folder / "codelists")
    (folder / "2023-2024" / "418.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def _seed_curation() -> dict:
    return yaml.safe_load((METADATA / "2023-2024" / "418.yaml").read_text(encoding="utf-8"))


def test_curation_naming_a_missing_column_fails_with_what_to_change(seed_document, tmp_path):
    data = _seed_curation()
    data["tables"][0]["columns"][1]["source"] = "Trajecten opgestart in 2022"
    folder = _curation_dir(tmp_path, data)
    with pytest.raises(SourceError) as raised:
        curate(seed_document, folder, CODELISTS, "seed")
    finding = raised.value.finding
    assert finding.code == "curation.column-missing"
    assert "Trajecten opgestart in 2022" in finding.message and "Trajecten opgestart in 2023" in finding.message
    assert "source:" in finding.hint


def test_curation_naming_a_missing_table_fails(seed_document, tmp_path):
    data = _seed_curation()
    data["tables"][0]["match"]["section"] = "3"
    folder = _curation_dir(tmp_path, data)
    with pytest.raises(SourceError) as raised:
        curate(seed_document, folder, CODELISTS, "seed")
    assert raised.value.finding.code == "curation.table-missing"
    assert raised.value.finding.file.endswith("418.yaml") and "match" in raised.value.finding.hint


def test_curation_with_unknown_key_is_refused(seed_document, tmp_path):
    data = _seed_curation()
    data["tables"][0]["titel"] = "typo"
    with pytest.raises(SourceError, match=r"tables\[0\]: .*'titel' was unexpected"):
        curate(seed_document, _curation_dir(tmp_path, data), CODELISTS, "seed")


def test_correction_needs_a_reason_and_becomes_a_note(seed_document, tmp_path):
    data = _seed_curation()
    data["corrections"] = [{"table": "trajecten-per-provincie", "row": 2, "field": "trajecten", "value": 79}]
    with pytest.raises(SourceError, match=r"corrections\[0\]: 'reason' is a required property"):
        curate(seed_document, _curation_dir(tmp_path / "a", data), CODELISTS, "seed")
    data["corrections"][0]["reason"] = "test"
    tables, _, _ = curate(seed_document, _curation_dir(tmp_path / "b", data), CODELISTS, "seed")
    assert tables[0].rows[1] == ["Limburg", 79]
    assert any("78 → 79 (test)" in note for note in tables[0].notes)


@pytest.mark.parametrize("name", ["two_level", "euro_missing", "page_break"])
def test_draft_then_curate_round_trip(fixture_documents, tmp_path, name):
    document = fixture_documents[name]
    plain, _, _ = curate(document, tmp_path / "none", CODELISTS, name)
    folder = tmp_path / "metadata"
    target = folder / document.session / f"{document.question.number}.yaml"
    target.parent.mkdir(parents=True)
    target.write_text(draft(document, plain), encoding="utf-8")
    curated, curation, findings = curate(document, folder, CODELISTS, name)
    assert curation is not None and not findings
    assert [t.rows for t in curated] == [t.rows for t in plain]
    assert [[f.name for f in t.fields] for t in curated] == [[f.name for f in t.fields] for t in plain]
    assert all(t.curated for t in curated)


def test_draft_proposes_prose_reconciliation(seed_document):
    plain, _, _ = curate(seed_document, Path("/nonexistent"), CODELISTS, "seed")
    drafted = yaml.safe_load(draft(seed_document, plain))
    reconcile = {t["match"]["section"]: t.get("reconcile") for t in drafted["tables"]}
    assert reconcile["2.a"] == [{"section": "2", "value": 314, "text": "314"}]
    assert reconcile["4"] is None


def test_a_unit_named_in_the_header_beats_the_count_guess(tmp_path):
    text = (FIXTURES / "no_table.txt").read_text(encoding="utf-8").replace(
        "2. Voor 2023 is de aanleg", "De bedragen:\nProject Bedrag (in euro) Aandeel (%)\nZwembad 1.250.000 40,5\n"
        "Sporthal 480.500 59,5\n2. Voor 2023 is de aanleg")
    path = tmp_path / "d.txt"
    path.write_text(text, encoding="utf-8")
    (table,), _, _ = curate(read_dump(path), tmp_path, CODELISTS, "d.txt")
    assert [(f.name, f.unit) for f in table.measures] == [("bedrag_in_euro", "EUR"), ("aandeel", "percent")]


def _curated_fields(tmp_path, table_text: str) -> list[str]:
    text = (FIXTURES / "no_table.txt").read_text(encoding="utf-8").replace(
        "2. Voor 2023 is de aanleg", "De cijfers:\n" + table_text + "2. Voor 2023 is de aanleg")
    path = tmp_path / "d.txt"
    path.write_text(text, encoding="utf-8")
    (table,), _, _ = curate(read_dump(path), tmp_path, CODELISTS, "d.txt")
    return [f.name for f in table.fields]


def test_generated_names_say_what_a_column_holds(tmp_path):
    """A title that starts with "%" or is "€" keeps its meaning in its name, and a melted header
    of dates or months names its column "datum" or "maand", not "kolom"."""
    assert _curated_fields(tmp_path, "Provincie Aantal % t.o.v. totaal\nAntwerpen 514 11,0 %\nLimburg 2.692 57,5 %\n") \
        == ["provincie", "aantal", "procent_t_o_v_totaal"]
    assert _curated_fields(tmp_path, "Gemeente 1 februari 2022 1 februari 2023\nGent 3.352 31.875\n"
                                     "Aalst 27.382 57.920\n") == ["gemeente", "datum", "waarde"]
    assert _curated_fields(tmp_path, "Gemeente 31/12/2022 31/12/2023\nGent 3.352 31.875\nAalst 27.382 57.920\n") \
        == ["gemeente", "datum", "waarde"]
    assert _curated_fields(tmp_path, "Indicator Ronde 1 Ronde 2 Ronde 3\nDeelnemers 120 135 150\n"
                                     "Trajecten 14 15 16\n") == ["indicator", "kolom", "waarde"]  # the fallback
    assert slug("€") == "euro" and slug("Aandeel (%)") == "aandeel" and slug("Bedrag (€)") == "bedrag"
    # the top titles of a two-level header are named the same way
    assert _column_dimension_name(["januari", "Februari", "Totaal"], "kolomgroep") == "maand"
    assert _column_dimension_name(["2022", "2023"], "kolomgroep") == "jaar"
    assert _column_dimension_name(["Noord", "Zuid"], "kolomgroep") == "kolomgroep"


def _broken(edit):
    data = _seed_curation()
    edit(data)
    return data


# Each mistake a person makes in YAML, with where the error must point and what it must expect.
MISTAKES = {
    "notes as one string": (lambda d: d.update(notes="een notitie"), "notes: ", "list"),
    "tables as a mapping": (lambda d: d.update(tables={"a": 1}), "tables: ", "list"),
    "columns as a string": (lambda d: d["tables"][0].update(columns="provincie"), "tables[0].columns: ", "list"),
    "reconcile as a word": (lambda d: d["tables"][0].update(reconcile="drie"), "tables[0].reconcile: ", "list"),
    "a unit nobody knows": (lambda d: d["tables"][0]["columns"][1].update(unit="kg"), "tables[0].columns[1].unit: ",
                            "count, percent, EUR"),
    "a key that is a word": (lambda d: d["tables"][1].update(key="drie"), "tables[1].key: ", "none"),
    "melt as a word": (lambda d: d["tables"][0].update(melt="ja"), "tables[0].melt: ", "boolean"),
    "a table without match": (lambda d: d["tables"][0].pop("match"), "tables[0]: ", "match"),
    "a bad table name": (lambda d: d["tables"][0].update(name="../x"), "tables[0].name: ", "lower-case"),
    "the file is a list": (lambda d: None, "the file: ", "mapping"),
}


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_every_curation_mistake_names_the_key_and_what_is_expected(seed_document, tmp_path, mistake):
    edit, where, expected = MISTAKES[mistake]
    data = [1, 2] if mistake == "the file is a list" else _broken(edit)
    with pytest.raises(SourceError) as raised:
        curate(seed_document, _curation_dir(tmp_path, data), CODELISTS, "seed")
    finding = raised.value.finding
    assert finding.code == "curation.invalid" and finding.file.endswith("418.yaml")
    assert finding.message.startswith(where), finding.message
    assert expected in finding.message + finding.hint, (finding.message, finding.hint)


def test_the_published_curation_schema_is_the_one_the_build_uses_and_the_seed_passes_it():
    import json

    import jsonschema

    from vragen.curate import SCHEMA_PATH, schema_problem

    published = METADATA / "curation.schema.json"
    assert published.read_bytes() == SCHEMA_PATH.read_bytes()
    jsonschema.Draft202012Validator.check_schema(json.loads(published.read_text(encoding="utf-8")))
    for path in METADATA.glob("*/*.yaml"):
        assert schema_problem(yaml.safe_load(path.read_text(encoding="utf-8"))) is None, path


def test_draft_merges_into_an_edited_file_keeping_what_a_person_wrote(tmp_path):
    """`vragen draft` on an answer whose file exists: the table and column the file lacks are
    added, the person's titles, comments and key stay, and every change is said."""
    from click.testing import CliRunner

    from vragen.cli import cli

    metadata = _curation_dir(tmp_path, {})
    target = metadata / "2023-2024" / "418.yaml"
    text = (METADATA / "2023-2024" / "418.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    lost_place = data["tables"][1]["match"]
    lost_column = data["tables"][0]["columns"][1]["source"]
    edited = yaml.safe_dump(dict(data, tables=[dict(data["tables"][0], columns=data["tables"][0]["columns"][:1],
                                                   title="Mijn eigen titel")] + data["tables"][2:]),
                            allow_unicode=True, sort_keys=False)
    target.write_text("# Door een mens nagekeken.\n" + edited, encoding="utf-8")
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SEED, sources / SEED.name)
    result = CliRunner().invoke(cli, ["draft", "--sources", str(sources), "--metadata", str(metadata)])
    assert result.exit_code == 0, result.output
    merged_text = target.read_text(encoding="utf-8")
    merged = yaml.safe_load(merged_text)
    assert merged_text.startswith("# Door een mens nagekeken.")
    assert merged["tables"][0]["title"] == "Mijn eigen titel"
    assert [c["source"] for c in merged["tables"][0]["columns"]] == [data["tables"][0]["columns"][0]["source"],
                                                                     lost_column]
    assert lost_place in [t["match"] for t in merged["tables"]]
    assert f"(section {lost_place['section']}#{lost_place['index']})" in result.output
    assert f"added column {lost_column!r}" in result.output
    assert len(merged["tables"]) == len(data["tables"])
    # A second run has nothing to add and leaves the file alone.
    before = target.read_bytes()
    result = CliRunner().invoke(cli, ["draft", "--sources", str(sources), "--metadata", str(metadata)])
    assert "up to date" in result.output and target.read_bytes() == before


def test_every_published_value_has_its_cell_as_printed_and_where(tmp_path):
    """The cells (kept column by column, given out one by one) say for each value its tidy row,
    field, text as printed and line, in the order the values were published."""
    import synthetic

    path = tmp_path / "long.txt"
    path.write_text(synthetic.big_table_answer(50).render(), encoding="utf-8")
    document = read_dump(path)
    (table,), _, _ = curate(document, METADATA, CODELISTS, "long.txt")
    cells = list(table.cells)
    assert len(cells) == len(table.cells) == 100  # a count and an amount a row
    raw_rows = document.tables[0].rows
    expected = [(r + 1, f.name, q.text, row.line) for r, row in enumerate(raw_rows)
                for f, q in zip(table.fields[1:], row.values)]
    assert [(c.row, c.field, c.text, c.line) for c in cells] == expected
    assert {c.page for c in cells} == {None} and {c.bbox for c in cells} == {None}  # a dump without pages


def test_cells_give_back_what_was_added_in_order():
    """Cells keep field names, lines, pages and boxes compactly; what comes out is what went in,
    None where a value has no line, page or box (a PDF's ruled table, a dump)."""
    from vragen.model import Cell, Cells

    added = [Cell(1, "aantal", "12", 7, None, None), Cell(1, "bedrag", "€ 3,50", 7, None, None),
             Cell(2, "aantal", "-", None, 3, (10.0, 20.5, 30.0, 40.25)), Cell(2, "bedrag", "4", None, 3, None),
             Cell(3, "totaal", "16", 12, 4, (1.0, 2.0, 3.0, 4.0)), Cell(4, "aantal", "0", 13, None, None)]
    cells = Cells()
    for c in added:
        cells.add(c.row, c.field, c.text, c.line, c.page, c.bbox)
    assert len(cells) == len(added) and list(cells) == added
    assert list(Cells()) == []
