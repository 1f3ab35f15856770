"""How sure a table's reading is: in the package, the database and on the table page; and each
level reached by a real input and lost by breaking that input."""

from __future__ import annotations

import json
import sqlite3

import pytest

from vragen.build import build
from vragen.serve import make_app

from conftest import FIXTURES, METADATA, copy_seed

MATRIX = (FIXTURES / "matrix_totals.txt").read_text(encoding="utf-8")


def _checks(tmp_path, text: str, name: str = "matrix.txt") -> dict:
    sources = tmp_path / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    (sources / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build(sources=sources, out=out, metadata=tmp_path / "no-curation")
    db = sqlite3.connect(out / "vragen.db")
    rows = db.execute("select id, confidence, checks from tables").fetchall()
    package = json.loads(next((out / "packages").glob("*/datapackage.json")).read_text(encoding="utf-8"))
    in_package = {r["name"]: r["vragen:checks"] for r in package["resources"] if "vragen:checks" in r}
    by_id = {}
    for table_id, level, checks in rows:
        checks = json.loads(checks)
        assert checks["level"] == level and in_package[table_id.split("/")[1]] == checks  # same in both
        by_id[table_id] = checks
    return by_id


def test_totals_that_add_up_make_a_table_checked_and_a_broken_total_makes_it_doubtful(tmp_path):
    (checks,) = _checks(tmp_path / "a", MATRIX).values()
    assert checks["level"] == "checked" and checks["totals_checked"] >= 4 and checks["totals_failed"] == 0
    assert checks["curated"] is False and checks["reader"] == "text-dump"
    broken = MATRIX.replace("Totaal 4.735 4.882", "Totaal 4.736 4.882")
    (checks,) = _checks(tmp_path / "b", broken).values()
    assert checks["level"] == "doubtful" and checks["totals_failed"] == 2  # its column and its row


def test_a_table_without_totals_is_read_and_a_missing_value_makes_it_doubtful(tmp_path):
    text = MATRIX.replace("Totaal 4.735 4.882 5.136 14.753\n", "").replace(" 3.962\n", "\n") \
        .replace("Provincie 2020 2021 2022 Totaal", "Provincie 2020 2021 2022") \
        .replace(" 1.996\n", "\n").replace(" 3.453\n", "\n").replace(" 2.547\n", "\n").replace(" 2.795\n", "\n")
    (checks,) = _checks(tmp_path / "a", text).values()
    assert checks["level"] == "read" and checks["totals_checked"] == 0
    (checks,) = _checks(tmp_path / "b", text.replace("Limburg 640 655 701", "Limburg 640 655")).values()
    assert checks["level"] == "doubtful" and checks["ragged_rows"] == 1


def test_the_seed_tables_are_checked_against_the_totals_its_text_states(tmp_path):
    out = tmp_path / "out"
    build(sources=copy_seed(tmp_path), out=out, metadata=METADATA)
    levels = dict(sqlite3.connect(out / "vragen.db").execute("select name, confidence from tables").fetchall())
    assert levels["trajecten-per-provincie"] == "checked"
    # The text says 314 trajecten; a changed row no longer sums to it.
    edited = tmp_path / "edited"
    edited.mkdir()
    build(sources=copy_seed(edited, lambda t: t.replace("Antwerpen 85", "Antwerpen 86")), out=edited / "out",
          metadata=METADATA)
    levels = dict(sqlite3.connect(edited / "out" / "vragen.db").execute("select name, confidence from tables"))
    assert levels["trajecten-per-provincie"] == "doubtful"


@pytest.fixture(scope="module")
def app(built):
    return make_app(built)


async def test_the_table_page_says_how_sure_the_reading_is(app):
    response = await app.client.get("/tabel/2023-2024-12/tabel-1-1")
    text = response.text
    assert 'class="vragen-check checked"' in text and "Controle: gecontroleerd" in text
    assert "totalen zijn de som van hun delen" in text and "niet nagekeken door een mens" in text
    response = await app.client.get("/tabel/2023-2024-418/trajecten-per-provincie")
    assert "De som van de rijen staat zo in de tekst van het antwoord" in response.text
    assert "benoemd en beschreven door een mens" in response.text
