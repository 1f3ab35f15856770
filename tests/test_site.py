"""End to end through Datasette's test client: search, an answer, a table's values as JSON and CSV."""

import pytest

from vragen.serve import SETTINGS, datasette_command, make_app


@pytest.fixture(scope="module")
def app(built):
    return make_app(built)


async def test_search_finds_the_seed(app):
    response = await app.client.get("/vragen/answers.json?_search=Mentoring&_shape=array")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == ["2023-2024-418"]
    response = await app.client.get("/vragen/answers.json?_search=werkzoekenden&_shape=array")
    assert [row["id"] for row in response.json()] == ["2023-2024-418"]


async def test_table_values_as_json_and_csv(app):
    table = "2023-2024-418/trajecten-per-provincie"
    response = await app.client.get(f"/vragen/cells.json?table_id={table}&_shape=array&_sort=row")
    rows = response.json()
    assert [(r["row"], r["value"], r["unit"]) for r in rows] == [(1, 85, "count"), (2, 78, "count"), (3, 41, "count"),
                                                                 (4, 37, "count"), (5, 73, "count")]
    assert '"provincie": "Antwerpen"' in rows[0]["labels"]
    response = await app.client.get(f"/vragen/cells.csv?table_id={table}&_sort=row")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    lines = response.text.strip().splitlines()
    assert lines[0].startswith("id,table_id,answer_id,row,measure,value") and len(lines) == 6
    assert "Antwerpen" in lines[1] and ",85," in lines[1]


async def test_answer_page_shows_title_and_pdf_link(app):
    response = await app.client.get("/vragen/answers/2023-2024-418")
    assert response.status_code == 200
    assert "Anderstalige werkzoekenden - Mentoring naar werk" in response.text
    assert "https://docs.vlaamsparlement.be/pfile?id=2064567" in response.text


async def test_table_page_shows_title_description_units_and_pdf_link(app):
    response = await app.client.get("/vragen/tables/2023-2024-418~2Ftrajecten-per-provincie")
    assert response.status_code == 200
    text = response.text
    assert "Mentoringtrajecten opgestart in 2023, per provincie" in text
    assert "Hieronder vindt u een verdeling per provincie" in text
    assert "count" in text and "https://docs.vlaamsparlement.be/pfile?id=2064567" in text


async def test_home_page_names_licence_and_source(app):
    response = await app.client.get("/")
    assert "Modellicentie Gratis Hergebruik" in response.text
    response = await app.client.get("/vragen/answers.json")
    assert response.headers.get("access-control-allow-origin") == "*"


async def test_database_is_immutable_and_read_only(app):
    database = app.get_database("vragen")
    assert database.is_mutable is False
    response = await app.client.get("/vragen.json?sql=delete+from+answers")
    assert response.status_code == 400 and "SELECT" in response.text


def test_serve_command_uses_public_settings(built):
    command = datasette_command(built, "127.0.0.1", 8123)
    assert command[command.index("-i") + 1].endswith("vragen.db")
    assert "--inspect-file" in command and "--cors" in command
    assert ["--setting", "suggest_facets", "off"] == command[command.index("suggest_facets") - 1:][:3]
    assert SETTINGS["sql_time_limit_ms"] <= 1000
    assert command[command.index("--host") + 1] == "127.0.0.1"
