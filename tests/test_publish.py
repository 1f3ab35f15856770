"""The SQLite database: a fixed schema that does not grow with the corpus, long-form values, search."""

import json
import sqlite3
import shutil

from vragen.build import build

from conftest import FIXTURES, METADATA, SEED

CATALOGUE = {"answers", "tables", "fields", "figures", "cells", "cell_labels", "question_links"}


def tables_of(path):
    with sqlite3.connect(path) as db:
        return {r[0] for r in db.execute("select name from sqlite_master where type='table'")
                if not r[0].startswith(("answers_fts", "sqlite_"))}


def test_schema_does_not_grow_with_the_number_of_answer_tables(built, tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(FIXTURES, sources, ignore=shutil.ignore_patterns("*.md"))
    shutil.copy(SEED, sources)
    build(sources=sources, out=tmp_path / "build", metadata=METADATA)
    assert tables_of(built / "vragen.db") == tables_of(tmp_path / "build" / "vragen.db") == CATALOGUE


def test_every_value_in_long_form_with_labels_and_unit(built):
    with sqlite3.connect(built / "vragen.db") as db:
        rows = db.execute("select value, printed, unit, labels, line from cells "
                          "where table_id = '2023-2024-418/doorstroming-naar-werk' order by row").fetchall()
        assert len(rows) == 36
        assert rows[3] == (37.3, "37,30%", "percent", json.dumps(
            {"doelgroep": "HOA", "indicator": "Waarvan aan het werk als werknemer", "horizon": "M3"},
            ensure_ascii=False), 120)
        total = db.execute("select sum(value) from cells where table_id = '2023-2024-418/trajecten-per-provincie'")
        assert total.fetchone()[0] == 314
        # Values across answers by code list: every figure per province.
        provinces = db.execute("select distinct l.label from cell_labels l where l.codelist = 'provincies'").fetchall()
        assert {p for (p,) in provinces} == {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant",
                                             "West-Vlaanderen"}
        counts = db.execute("select (select count(*) from cells), (select count(*) from answers), "
                            "(select count(*) from tables), (select count(*) from figures)").fetchone()
        assert counts == (66 + 24, 2, 6, 5 + 1)  # the seed states five statistics in its text


def test_full_text_search_over_question_and_answer(built):
    with sqlite3.connect(built / "vragen.db") as db:
        hits = db.execute("select id from answers where rowid in "
                          "(select rowid from answers_fts where answers_fts match 'mentor*')").fetchall()
        assert hits == [("2023-2024-418",)]
        hits = db.execute("select id from answers where rowid in "
                          "(select rowid from answers_fts where answers_fts match 'kinderopvang')").fetchall()
        assert hits == [("2023-2024-12",)]


def test_datasette_metadata_from_the_packages(built):
    metadata = json.loads((built / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["license"] == "Modellicentie Gratis Hergebruik v1.0"
    answers = metadata["databases"]["vragen"]["tables"]["answers"]
    # No default facets on answers: the portal's /zoek has them (four facet queries per search hit were slow)
    assert answers["fts_table"] == "answers_fts" and "facets" not in answers
    assert answers["columns"]["pdf_url"]
    inspect = json.loads((built / "inspect-data.json").read_text(encoding="utf-8"))
    assert inspect["vragen"]["tables"]["cells"]["count"] == 90


def _provenance_file(path, keys):
    path.write_text("table,row,field,printed,line,page,bbox\n" +
                    "".join(f"{t},{r},{f},{r}{f},{r},,\n" for t, r, f in keys), encoding="utf-8")
    return path


def test_cell_provenance_is_found_in_file_order_out_of_order_and_when_absent(tmp_path):
    from vragen.package import CellSources

    keys = [("a", r, f) for r in range(1, 4) for f in ("x", "y")] + [("b", 1, "x")]
    cells = CellSources(_provenance_file(tmp_path / "cells.csv", keys), ["a", "b"])
    assert cells.get(("a", 1, "y"))["printed"] == "1y"  # ahead of ("a", 1, "x"), which is kept
    assert cells.get(("a", 1, "x"))["printed"] == "1x"
    assert cells.get(("a", 2, "z")) is None  # no such cell: the search stops at the next row
    assert len(cells._passed) <= 3  # the rest of its row and the first cell past it, not the file
    assert cells.get(("a", 2, "x"))["printed"] == "2x"
    assert cells.get(("b", 1, "x"))["printed"] == "1x"
    assert cells.get(("a", 3, "y"))["printed"] == "3y"  # passed on the way to table b
    assert cells.get(("b", 9, "x")) is None


def test_an_answer_the_database_refuses_half_way_leaves_no_rows_behind(tmp_path):
    """Rows of a refused answer are taken back to its savepoint (with journal_mode OFF they were not)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(FIXTURES / "matrix_totals.txt", sources)
    (sources / SEED.name).write_text(SEED.read_text(encoding="utf-8").replace(
        "Limburg 78", "Limburg 98765432109876543210987"), encoding="utf-8")
    build(sources=sources, out=tmp_path / "out", metadata=METADATA)
    db = sqlite3.connect(tmp_path / "out" / "vragen.db")
    for table in ("answers", "tables", "fields", "figures", "cells"):
        column = "id" if table == "answers" else "answer_id" if table != "fields" else "table_id"
        assert not db.execute(f"select count(*) from {table} where {column} like '2023-2024-418%'").fetchone()[0], table


def test_the_questions_introduction_is_published_not_dropped(tmp_path):
    """The text an asker writes before the numbered questions (context, a reference to an earlier
    question) is part of the question: it was dropped from sections.csv and the database."""
    from conftest import copy_seed

    sentence = "Dit is een synthetische zin van de vraagsteller met 27 gevallen."
    sources = copy_seed(tmp_path, edit=lambda text: text.replace(
        "Mentoring naar werk is er voor anderstalige werkzoekenden.",
        f"{sentence}\nMentoring naar werk is er voor anderstalige werkzoekenden."))
    build(sources=sources, out=tmp_path / "build", metadata=METADATA, collection=tmp_path / "datapackage.json")
    with sqlite3.connect(tmp_path / "build" / "vragen.db") as db:
        question = db.execute("select question from answers").fetchone()[0]
    assert question.startswith(sentence) and "1. Wat is de stand van zaken?" in question
    sections = (tmp_path / "build" / "packages" / "2023-2024-418" / "sections.csv").read_text(encoding="utf-8")
    assert f"vraag,0,\"{sentence}" in sections


def test_a_row_is_built_from_its_named_columns_and_a_wrong_name_is_caught():
    """record() puts each value in its column by name; a missing or misspelt column is an error,
    not a value in the wrong column."""
    import pytest

    from vragen.publish import INSERTS, NAMES, record

    values = {name: i for i, name in enumerate(NAMES["question_links"])}
    assert record("question_links", **values) == tuple(range(len(values)))
    assert '"target_id"' in INSERTS["question_links"]
    with pytest.raises(TypeError, match="question_links"):
        record("question_links", **{k: v for k, v in values.items() if k != "sentence"})
    with pytest.raises(TypeError):
        record("question_links", **{**{k: v for k, v in values.items() if k != "sentence"}, "sentense": 1})
