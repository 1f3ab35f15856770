"""End to end through Datasette's test client: search, an answer, a table's values as JSON and CSV."""

import json
import shutil

import re

import pytest

from vragen.serve import SETTINGS, make_app


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


async def test_database_is_immutable_and_read_only(app, built):
    database = app.get_database("vragen")
    assert database.is_mutable is False
    response = await app.client.get("/vragen.json?sql=select+1")
    assert response.status_code == 403  # no arbitrary SQL on the public site
    local = make_app(built, allow_sql=True)
    response = await local.client.get("/vragen.json?sql=delete+from+answers")
    assert response.status_code == 400 and "SELECT" in response.text
    response = await local.client.get("/vragen.json?sql=select+length(randomblob(900000000))")
    assert response.status_code >= 400  # SQLite's heap is capped well below 900 MB


async def test_runaway_queries_do_not_slow_the_pages(app):
    import asyncio
    import time

    runaway = "/vragen.json?sql=" + "with recursive r(i) as (select 1 union all select i + 1 from r) " \
        "select count(*) from r".replace(" ", "+")

    async def answer_page() -> float:
        started = time.perf_counter()
        assert (await app.client.get("/antwoord/2023-2024-418")).status_code == 200
        return time.perf_counter() - started

    await answer_page()
    results = await asyncio.gather(*[app.client.get(runaway) for _ in range(20)], *[answer_page() for _ in range(5)])
    assert all(r.status_code == 403 for r in results[:20])
    times = sorted(results[20:])
    assert times[len(times) // 2] < 0.1, times


def test_serve_runs_the_same_app_the_tests_use(built, monkeypatch):
    import uvicorn

    from vragen import serve as serve_module

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: started.update(app=app, **kwargs))
    made = []
    real = serve_module.make_app
    monkeypatch.setattr(serve_module, "make_app", lambda out, allow_sql=False, base_url="/": made.append(
        real(out, allow_sql, base_url)) or made[-1])
    serve_module.serve(built, host="127.0.0.1", port=8123, base_url="vragen")
    (app,) = made
    assert started["host"] == "127.0.0.1" and started["port"] == 8123 and started["workers"] == 1
    assert app.setting("sql_time_limit_ms") == SETTINGS["sql_time_limit_ms"] <= 1000
    assert app.setting("suggest_facets") is False and app.cors
    assert app.metadata("allow_sql", database="vragen") is False
    assert app.setting("base_url") == "/vragen/"


# --- the portal's own pages ---------------------------------------------------------------------


async def test_home_says_what_this_is_and_offers_search_and_facets(app):
    response = await app.client.get("/")
    assert response.status_code == 200
    text = response.text
    assert "Cijfers uit antwoorden op schriftelijke vragen" in text and 'action="/zoek"' in text
    assert "Modellicentie Gratis Hergebruik" in text and "Citeer als" in text
    for facet in ("Thema", "Minister", "Zittingsjaar", "Vraagsteller"):
        assert f"<h3>{facet}</h3>" in text  # under the h2 "Bladeren"
    assert '/zoek?theme=Welzijn' in text and '/zoek?minister=Jo%20Brouns' in text


async def test_search_with_words_and_facets(app):
    response = await app.client.get("/zoek?q=mentoring")
    assert "1 antwoord" in response.text and "/antwoord/2023-2024-418" in response.text
    assert "/antwoord/2023-2024-12" not in response.text
    response = await app.client.get("/zoek?theme=Welzijn")
    assert "/antwoord/2023-2024-12" in response.text and "/antwoord/2023-2024-418" not in response.text
    response = await app.client.get("/zoek?q=%22unbalanced")  # user input is escaped for FTS
    assert response.status_code == 200 and "0 antwoorden" in response.text


async def test_answer_page_lists_tables_figures_and_sources(app):
    response = await app.client.get("/antwoord/2023-2024-418")
    text = response.text
    assert response.status_code == 200
    assert "Robrecht Bothuyne" in text and "Jo Brouns" in text
    assert 'href="https://docs.vlaamsparlement.be/pfile?id=2064567"' in text
    assert 'href="https://www.vlaamsparlement.be/parlementaire-documenten/schriftelijke-vragen/1824460"' in text
    assert text.count('href="/tabel/2023-2024-418/') == 5
    assert "5 rijen, 5 waarden" in text and "built-in method" not in text
    assert "2.a. provincie;" in text
    assert "Onderdeel 2.a" in text and "Hieronder vindt u een verdeling per provincie" in text
    assert "€551.504,58" in text and "Voor 2023 was het uitbetaalde bedrag" in text


async def test_table_page_shows_the_printed_layout(app):
    response = await app.client.get("/tabel/2023-2024-418/doorstroming-naar-werk")
    text = response.text
    assert response.status_code == 200
    assert "Doorstroming naar werk na 3, 6 en 9 maanden, per doelgroep" in text
    assert '<th scope="col">M3</th><th scope="col">M6</th><th scope="col">M9</th>' in text.replace("\n", "")
    assert re.search(r'<th scope="row" rowspan="3">(<a [^>]*>)?HOA(</a>)?</th>', text)  # the merged group cell, a row header
    assert "37,30%" in text and "procent" in text and "31 maart 2024" in text
    # one vocabulary: the page names each unit as the downloads and the database spell it
    assert "procent (<code>percent</code> in de downloads en de database)" in text
    assert 'href="/tabel/2023-2024-418/doorstroming-naar-werk.csv"' in text and "/pakket/2023-2024-418.zip" in text
    # other shapes: a matrix melted over years comes back with the years as columns, a chart where it helps
    response = await app.client.get("/tabel/2023-2024-12/tabel-1-1")
    assert "".join(f'<th scope="col">{y}</th>' for y in ("2020", "2021", "2022", "Totaal")) in response.text.replace("\n", "")
    response = await app.client.get("/tabel/2023-2024-418/trajecten-per-provincie")
    assert "<svg" in response.text and "Antwerpen" in response.text


async def test_table_downloads_csv_json_and_package(app, built):
    response = await app.client.get("/tabel/2023-2024-418/trajecten-per-provincie.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.text == (built / "packages" / "2023-2024-418" / "trajecten-per-provincie.csv").read_text()
    assert response.headers["access-control-allow-origin"] == "*"
    response = await app.client.get("/tabel/2023-2024-418/doorstroming-naar-werk.json")
    data = response.json()
    assert data["rows"][3] == {"doelgroep": "HOA", "indicator": "Waarvan aan het werk als werknemer",
                               "horizon": "M3", "waarde": 37.3, "eenheid": "percent"}
    assert data["schema"]["fields"][0]["name"] == "doelgroep" and data["provenance"]["lines"] == [116, 141]
    response = await app.client.get("/pakket/2023-2024-418.zip")
    import io
    import zipfile
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "2023-2024-418/datapackage.json" in names and "2023-2024-418/trajecten-per-provincie.csv" in names


async def test_unknown_pages_are_404_and_paths_cannot_escape(app):
    assert (await app.client.get("/antwoord/2023-2024-999")).status_code == 404
    assert (await app.client.get("/tabel/2023-2024-418/bestaat-niet")).status_code == 404
    assert (await app.client.get("/tabel/2023-2024-418/bestaat-niet.csv")).status_code == 404
    escape = await app.client.get("/tabel/2023-2024-418/..%2F..%2Fvragen.db.csv", follow_redirects=True)
    assert escape.status_code == 404 and b"SQLite format" not in escape.content


async def test_values_across_answers_by_code_list(app):
    response = await app.client.get("/vragen/waarden_per_codelijst.json?codelijst=provincies&_shape=array")
    rows = response.json()
    assert {r["label"] for r in rows} == {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant",
                                         "West-Vlaanderen"}
    assert {r["answer_id"] for r in rows} == {"2023-2024-418"}


# --- the page shows exactly the published numbers ------------------------------------------------


def _shown_values(html: str) -> list[str]:
    import re

    table = html[html.index("<table"):html.index("</table>")]
    return [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r'<td class="num">(.*?)</td>', table)]


async def test_every_table_page_shows_the_csv_values_in_order(app):
    """Each table page against its published values, cell by cell and in order: a page that keys its
    rows by labels collapses printed rows that share labels (the seed's three Randstad lots)."""
    import csv
    import io

    tables = (await app.client.get("/vragen/tables.json?_shape=array&_size=max")).json()
    assert len(tables) >= 6
    for record in tables:
        answer_id, name = record["id"].split("/")
        page = await app.client.get(f"/tabel/{answer_id}/{name}")
        assert page.status_code == 200, record["id"]
        cells = (await app.client.get(f"/vragen/cells.json?table_id={record['id']}&_shape=array&_size=max"
                                      "&_sort=row")).json()
        printed = [c["printed"] or "" for c in sorted(cells, key=lambda c: (c["row"], c["id"]))]
        assert _shown_values(page.text) == printed, record["id"]
        rows = list(csv.DictReader(io.StringIO((await app.client.get(f"/tabel/{answer_id}/{name}.csv")).text)))
        assert len(rows) == max(c["row"] for c in cells), record["id"]  # the CSV holds the same tidy rows
    perceel = next(t for t in tables if t["id"].endswith("trajecten-per-perceel"))
    shown = _shown_values((await app.client.get(f"/tabel/{perceel['id']}")).text)
    assert sum(int(v) for v in shown) == 314  # the answer's stated total: all eight lots are on the page


# --- search never fails; errors are fast Dutch pages ---------------------------------------------


async def test_search_finds_words_in_tables_and_marks_them(app):
    import re

    for word, expected in (("HOA", "2023-2024-418"), ("Limburg", "2023-2024-418"), ("doorstroming", "2023-2024-418"),
                           ("mentor*", "2023-2024-418"), ('"mentoring naar werk"', "2023-2024-418")):
        response = await app.client.get("/zoek", params={"q": word})
        assert response.status_code == 200 and f'href="/antwoord/{expected}"' in response.text, word
        assert re.search(r"<mark>[^<]+</mark>", response.text), word
    response = await app.client.get("/zoek", params={"q": "zzzonbekendwoord"})
    assert "Niets gevonden" in response.text and "0 antwoorden" in response.text


@pytest.mark.parametrize("query", ['"', '""', "AND", "NEAR(a b)", "-x", "*", "a OR", "title:x", "^x", "(x", "x)",
                                   "'", "\\", "%", "\x00", "é" * 3000])
async def test_search_never_fails_on_what_a_visitor_types(app, query):
    response = await app.client.get("/zoek", params={"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["99999999999999999999", "999", "0", "-1", "x", "1e9", ""])
async def test_search_pages_out_of_range_are_no_error(app, page):
    response = await app.client.get("/zoek", params={"q": "mentoring", "pagina": page})
    assert response.status_code == 200 and "pagina 999" not in response.text


def test_any_text_gives_a_valid_fts5_query():
    import sqlite3

    from hypothesis import given, settings, strategies as st

    from vragen.site.search import fts_query

    connection = sqlite3.connect(":memory:")
    connection.execute("create virtual table t using fts5(x)")
    connection.execute("insert into t values ('mentoring naar werk in Limburg')")

    @settings(max_examples=2000, deadline=200)
    @given(st.text(max_size=80))
    def check(text):
        query = fts_query(text)
        if query is not None:
            connection.execute("select count(*) from t where t match ?", [query]).fetchone()

    check()


async def test_unknown_urls_get_a_fast_dutch_404_and_the_home_page_stays_fast(app):
    import asyncio
    import time

    for url in ("/a/b/c/d", "/.env", "/vragen/answers/1/x/y", "/vragen/bestaat-niet", "/antwoord/x/y/z"):
        response = await app.client.get(url)
        assert response.status_code == 404 and "Niet gevonden" in response.text, url
        assert "Traceback" not in response.text
    response = await app.client.get("/vragen/bestaat-niet.json")
    assert response.status_code == 404 and response.json()["ok"] is False

    async def home_time() -> float:
        started = time.perf_counter()
        assert (await app.client.get("/")).status_code == 200
        return time.perf_counter() - started

    await home_time()  # warm
    storm = [app.client.get(f"/bestaat/{i}/niet") for i in range(50)]
    results = await asyncio.gather(*storm, *[home_time() for _ in range(5)])
    assert all(r.status_code == 404 for r in results[:50])
    times = sorted(results[50:])
    assert times[len(times) // 2] < 0.1, times



async def test_pages_json_and_csv_are_gzipped_when_the_client_takes_it_and_pages_are_cacheable(app):
    for url in ("/", "/antwoord/2023-2024-418", "/vragen/cells.json?table_id=2023-2024-418/trajecten-per-provincie"):
        packed = await app.client.get(url, headers={"accept-encoding": "gzip"})
        plain = await app.client.get(url, headers={"accept-encoding": "identity"})
        assert packed.headers["content-encoding"] == "gzip" and "Accept-Encoding" in packed.headers["vary"], url
        assert "content-encoding" not in plain.headers, url
        assert int(packed.headers["content-length"]) == packed.num_bytes_downloaded < len(plain.content), url
        if url.startswith("/a") or url == "/":
            assert packed.content == plain.content and packed.headers["cache-control"] == "public, max-age=300"
    missing = await app.client.get("/bestaat/niet")
    assert missing.headers["cache-control"] == "no-store"


async def test_a_long_stream_flows_through_whole_and_uncompressed(app, monkeypatch):
    from vragen.site import headers

    monkeypatch.setattr(headers, "MAX_BUFFERED", 200)
    url = "/vragen/cells.csv?table_id=2023-2024-418/doorstroming-naar-werk&_stream=1"
    streamed = await app.client.get(url, headers={"accept-encoding": "gzip"})
    monkeypatch.setattr(headers, "MAX_BUFFERED", 8 * 1024 * 1024)
    whole = await app.client.get(url, headers={"accept-encoding": "identity"})
    assert streamed.status_code == 200 and "content-encoding" not in streamed.headers
    assert streamed.text == whole.text and streamed.text.count("\n") > 20


# --- bulk and complete downloads -----------------------------------------------------------------


async def test_the_whole_collection_downloads_as_one_zip_the_database_and_a_served_package(app, built, tmp_path):
    import io
    import json
    import zipfile

    from frictionless import Package

    response = await app.client.get("/vragen-open-data.zip")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = sorted(p.relative_to(built).as_posix() for p in (built / "packages").rglob("*") if p.is_file())
    assert sorted(archive.namelist()) == sorted(["vragen/datapackage.json"] + [f"vragen/{f}" for f in files])
    for name in files:
        assert archive.read(f"vragen/{name}") == (built / name).read_bytes(), name
    archive.extractall(tmp_path)
    report = Package(str(tmp_path / "vragen" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "message"])[:5]

    response = await app.client.get("/vragen.db")
    assert response.status_code == 200 and response.content == (built / "vragen.db").read_bytes()

    response = await app.client.get("/datapackage.json")
    descriptor = json.loads(response.text)
    assert response.headers["access-control-allow-origin"] == "*"
    assert len(descriptor["resources"]) > 5
    for resource in descriptor["resources"]:  # every path it names is served where it says
        served = await app.client.get("/" + resource["path"])
        assert served.status_code == 200 and served.content == (built / resource["path"]).read_bytes()
    from types import SimpleNamespace

    from vragen.site.exports import package_file

    for path in ("../../datapackage.json", "../../../../etc/passwd.json", "../2023-2024-12/datapackage.json/..", "nope.csv"):  # as the route would pass it
        request = SimpleNamespace(url_vars={"answer_id": "2023-2024-418", "path": path})
        assert (await package_file(request, app)).status == 404, path


async def test_a_cross_answer_query_exports_every_row_not_the_first_page(app, built, monkeypatch):
    import csv
    import io
    import sqlite3

    from vragen.publish import QUERIES
    from vragen.site import exports

    monkeypatch.setattr(exports, "CHUNK", 7)  # many pages on a small build
    cases = {"waarden_per_codelijst": {"codelijst": "provincies"},
             "waarden_per_label": {"dimensie": "provincie", "label": "Limburg"},
             "tabel": {"tabel": "2023-2024-418/trajecten-per-perceel"}}
    db = sqlite3.connect(built / "vragen.db")
    for name, params in cases.items():
        query = QUERIES[name]
        expected = db.execute(f"{query['sql']} order by {query['key']}", params).fetchall()
        assert expected, name
        response = await app.client.get(f"/export/{name}.csv", params=params)
        assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"
        rows = list(csv.reader(io.StringIO(response.text)))
        assert len(rows) - 1 == len(expected), name
        assert [r[0] for r in rows[1:]] == [str(e[0]) for e in expected]
    assert (await app.client.get("/export/waarden_per_label.csv?dimensie=provincie")).status_code == 400
    assert (await app.client.get("/export/drop_table.csv")).status_code == 404


def test_cross_answer_queries_and_filters_use_an_index(built):
    """The plans, not guesses: no full scan of the two big tables for any query the site offers."""
    import sqlite3

    from vragen.publish import QUERIES
    from vragen.site.exports import export_sql

    db = sqlite3.connect(built / "vragen.db")
    statements = [(f"{q['sql']} order by {q['key']}", q["params"]) for q in QUERIES.values()]
    statements += [(export_sql(q), q["params"] + ["_after"]) for q in QUERIES.values()]
    statements += [("select * from cell_labels where table_id = :t order by rowid limit 101", ["t"]),
                   ("select * from cells where table_id = :t order by rowid limit 101", ["t"]),
                   ("select * from cells where answer_id = :t order by rowid limit 101", ["t"]),
                   ("select * from tables where answer_id = :t order by rowid limit 101", ["t"])]
    for sql, params in statements:
        plan = " | ".join(row[3] for row in db.execute("explain query plan " + sql, {p: "x" for p in params}))
        assert not any(f"SCAN {t}" in plan for t in ("c", "l", "cells", "cell_labels")), (sql, plan)


async def test_under_a_base_url_every_portal_link_carries_it_and_leads_somewhere(built):
    """Behind a proxy at /portaal/: every link on the home, search, answer and table pages starts
    with the prefix, and following it (with the prefix, as the proxy passes it on) gives a page."""
    import re

    app = make_app(built, base_url="/portaal/")
    pages = ["/portaal/", "/portaal/zoek?q=mentoring", "/portaal/antwoord/2023-2024-418",
             "/portaal/tabel/2023-2024-418/trajecten-per-provincie"]
    seen = set()
    for page in pages:
        response = await app.client.get(page[len("/portaal"):])  # the client puts base_url in front
        assert response.status_code == 200, page
        links = set(re.findall(r'(?:href|action)="(/[^"]*)"', response.text))
        assert links, page
        outside = [link for link in links if not link.startswith("/portaal/")]
        assert not outside, (page, outside)
        seen |= links
    for link in sorted(seen):
        if link.endswith((".zip", ".db")) or "/-/static" in link:
            continue
        response = await app.client.get(link[len("/portaal"):].replace("&amp;", "&"))
        assert response.status_code == 200, link


async def test_download_routes_say_cors_on_not_found_too(app):
    for path in ("/tabel/2023-2024-418/geen-tabel.csv", "/tabel/2023-2024-418/geen-tabel.json",
                 "/pakket/2023-2024-9999.zip", "/packages/2023-2024-418/geen.csv", "/export/geen.csv"):
        response = await app.client.get(path)
        assert response.status_code == 404 and response.headers.get("access-control-allow-origin") == "*", path


def test_the_wheel_carries_templates_and_schema_and_the_dockerfile_serves_the_build(tmp_path):
    """Offline, as far as this machine goes: the wheel the Dockerfile builds holds everything
    vragen needs at run time (templates, curation schema), and the image installs that wheel,
    bakes in build/ and runs `vragen serve` on all interfaces."""
    import subprocess
    import sys
    import zipfile

    from conftest import ROOT

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("vragen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {p.name for p in (ROOT / "src" / "vragen" / "site" / "templates").glob("*.html")}
    assert {f"vragen/site/templates/{t}" for t in templates} <= names
    assert "vragen/curation.schema.json" in names
    assert any(n.endswith("entry_points.txt") for n in names)
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip wheel" in dockerfile and "pip install --no-cache-dir /wheels/*.whl" in dockerfile
    assert "COPY --chown=vragen build /srv/vragen" in dockerfile
    assert '"vragen", "serve", "/srv/vragen", "--host", "0.0.0.0"' in dockerfile
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert "!build/" in ignored and "!src/" in ignored


async def test_every_value_on_a_table_page_leads_to_the_line_that_prints_it(app, built):
    """Provenance a visitor can open: each value of each table page links to its line of the
    source text (/bron/<answer>#L<n>), and that line prints the value."""
    import html
    import re

    tables = [r["id"] for r in (await app.client.get("/vragen/tables.json?_shape=array&_col=id")).json()]
    checked = 0
    for table_id in tables:
        answer_id = table_id.split("/")[0]
        page = (await app.client.get(f"/tabel/{table_id}")).text
        links = re.findall(rf'<td class="num"><a href="/bron/{answer_id}#L(\d+)"[^>]*>([^<]*)</a></td>', page)
        shown = re.findall(r'<td class="num">', page)
        assert links and len(links) == len([v for v in re.findall(r'<td class="num">(.*?)</td>', page) if v]), table_id
        source = await app.client.get(f"/bron/{answer_id}")
        assert source.status_code == 200
        lines = dict(re.findall(r'<span id="L(\d+)"><a href="#L\d+" class="vragen-line">\d+</a> (.*?)</span>',
                                source.text))
        for number, printed in links:
            assert html.unescape(printed) in html.unescape(lines[number]), (table_id, number, printed)
            checked += 1
        assert shown
    assert checked >= 66 + 24  # every value of the seed and of the second answer
    assert (await app.client.get("/bron/2023-2024-9999")).status_code == 404


async def test_a_download_does_not_leak_its_length_into_later_responses(app):
    """Datasette's file download adds content-length to the headers it is given: a shared headers
    dict once made every later export and descriptor declare the zip's length (a broken body)."""
    for path in ("/vragen-open-data.zip", "/export/waarden_per_codelijst.csv?codelijst=provincies",
                 "/datapackage.json", "/vragen-open-data.zip", "/packages/2023-2024-418/datapackage.json",
                 "/export/tabel.csv?tabel=2023-2024-418/trajecten-per-provincie", "/export/geen.csv"):
        response = await app.client.get(path, headers={"accept-encoding": "identity"})
        declared = response.headers.get("content-length")
        assert declared is None or int(declared) == len(response.content), (path, declared, len(response.content))


async def test_pages_carry_an_etag_of_the_database_and_a_repeat_visit_gets_304(app, built, tmp_path):
    page = await app.client.get("/antwoord/2023-2024-418")
    etag = page.headers["etag"]
    again = await app.client.get("/antwoord/2023-2024-418", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert (await app.client.get("/vragen/answers.json", headers={"if-none-match": etag})).status_code == 304
    stale = await app.client.get("/antwoord/2023-2024-418", headers={"if-none-match": '"other"'})
    assert stale.status_code == 200
    missing = await app.client.get("/antwoord/2023-2024-9999")
    assert missing.status_code == 404 and "etag" not in missing.headers
    # Another database is another tag: a new build is never answered from an old copy.
    inspect = json.loads((built / "inspect-data.json").read_text(encoding="utf-8"))
    inspect["vragen"]["hash"] = "0" * 64
    other = tmp_path / "other"
    shutil.copytree(built, other)
    (other / "inspect-data.json").write_text(json.dumps(inspect), encoding="utf-8")
    fresh = await make_app(other).client.get("/antwoord/2023-2024-418", headers={"if-none-match": etag})
    assert fresh.status_code == 200 and fresh.headers["etag"] != etag
    static = await app.client.get("/-/static/app.css?abc")
    assert static.status_code == 200 and "immutable" in static.headers["cache-control"]
    assert "etag" not in static.headers


def test_recent_keeps_the_last_results_and_forgets_the_oldest():
    from vragen.site.search import Recent

    recent = Recent(2)
    recent.put("a", 1)
    recent.put("b", 2)
    assert recent.get("a") == 1  # "a" is now the most recent
    recent.put("c", 3)
    assert recent.get("b") is None and recent.get("a") == 1 and recent.get("c") == 3


async def test_search_ranks_every_hit_by_relevance_and_pages_lose_none(tmp_path, monkeypatch):
    """On 30 synthetic answers (scripts/synthetic.py): the pages of a common word, one after another,
    hold every hit once, in bm25 order (ties: the later answer first), as SQLite ranks them itself."""
    import sqlite3

    import datasette.app  # noqa: F401 - first: Datasette registers the plugin module as it loads it
    import synthetic
    from conftest import METADATA
    from vragen.build import build
    from vragen.site import plugin

    synthetic.corpus(30, tmp_path / "sources", seed=3)
    build(sources=tmp_path / "sources", out=tmp_path / "build", metadata=METADATA,
          collection=tmp_path / "datapackage.json")
    monkeypatch.setattr(plugin, "PAGE_SIZE", 7)
    app = make_app(tmp_path / "build")
    with sqlite3.connect(tmp_path / "build" / "vragen.db") as db:
        word = re.findall(r"[^\W\d_]{5,}", db.execute("select title from answers limit 1").fetchone()[0])[0]
        expected = [r[0] for r in db.execute(
            "select answers.id from answers_fts join answers on answers.rowid = answers_fts.rowid where answers_fts "
            "match ? order by bm25(answers_fts), answers_fts.rowid desc", (f'"{word}"',))]
    assert len(expected) > 7
    shown, page = [], 1
    while True:
        html = (await app.client.get(f"/zoek?q={word}&pagina={page}")).text
        found = re.findall(r'<h2><a href="/antwoord/([^"]+)">', html)
        shown += found
        if "volgende</a>" not in html:
            break
        page += 1
    assert shown == expected
