"""The SQLite database: a fixed schema that does not grow with the corpus, long-form values, search."""

import json
import sqlite3
import shutil

from vragen.build import build

from conftest import FIXTURES, METADATA, SEED

CATALOGUE = {"answers", "tables", "fields", "figures", "cells", "cell_labels"}


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
        assert counts == (66 + 24, 2, 6, 9 + 1)


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
    assert answers["fts_table"] == "answers_fts" and "theme" in answers["facets"]
    assert answers["columns"]["pdf_url"]
    inspect = json.loads((built / "inspect-data.json").read_text(encoding="utf-8"))
    assert inspect["vragen"]["tables"]["cells"]["count"] == 90
