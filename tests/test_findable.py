"""A portal people can cite and find: the DCAT-AP catalogue (validated with pyshacl against the
DCAT-AP 3.0.0 shapes, copied as published into tests/fixtures/dcat-ap-3.0.0/), sitemap, robots,
Atom feed, page metadata, citations, links between questions, cross-answer pages per place, and
Excel downloads."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from conftest import METADATA, SEED, copy_seed
from test_site import make_app

SHAPES = Path(__file__).parent / "fixtures" / "dcat-ap-3.0.0" / "dcat-ap-SHACL.ttl"


@pytest.fixture(scope="module")
def linked(tmp_path_factory) -> Path:
    """The seed and a synthetic copy of it posing as question 695 of 14 June 2023, the question the
    seed refers to: the reference must lead to that answer's page, and back."""
    from vragen.build import build

    base = tmp_path_factory.mktemp("linked")
    sources = copy_seed(base)
    text = SEED.read_text(encoding="utf-8").replace("nr. 418", "nr. 695").replace("30 april 2024", "14 juni 2023")
    (sources / "synthetic_695.txt").write_text(text, encoding="utf-8")
    report = build(sources=sources, out=base / "build", metadata=METADATA, collection=base / "datapackage.json")
    assert report.ok, [f.render() for f in report.findings]
    return base / "build"


@pytest.fixture(scope="module")
def app(linked):
    return make_app(linked)


def _shacl(turtle_text: str):
    import pyshacl
    import rdflib

    data = rdflib.Graph().parse(data=turtle_text, format="turtle")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _, report = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return conforms, report


# --- the DCAT-AP catalogue ------------------------------------------------------------------------


async def test_catalogue_passes_the_dcat_ap_shapes_in_turtle_and_json_ld_alike(app):
    import rdflib
    from rdflib.compare import isomorphic

    ttl = await app.client.get("/catalogus.ttl")
    jsonld = await app.client.get("/catalogus.jsonld")
    assert ttl.status_code == jsonld.status_code == 200
    assert ttl.headers["content-type"].startswith("text/turtle")
    conforms, report = _shacl(ttl.text)
    assert conforms, report
    graph = rdflib.Graph().parse(data=ttl.text, format="turtle")
    assert isomorphic(graph, rdflib.Graph().parse(data=jsonld.text, format="json-ld"))
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    datasets = set(graph.subjects(rdflib.RDF.type, dcat.Dataset))
    assert {str(d).rsplit("/", 1)[1] for d in datasets} == {"2023-2024-418", "2022-2023-695"}
    # a distribution per table and format, and the answer's package
    tables = (await app.client.get("/vragen/tables.json?_shape=array&_size=max")).json()
    assert len(set(graph.subjects(rdflib.RDF.type, dcat.Distribution))) == 3 * len(tables) + 2
    for table in tables:  # every download the catalogue names answers
        response = await app.client.get(f"/tabel/{table['id']}.xlsx")
        assert response.status_code == 200
    # spatial coverage from the provinces code list, temporal from years in the labels where there are some
    seed = rdflib.URIRef("http://localhost/antwoord/2023-2024-418")
    places = {str(p) for p in graph.objects(seed, rdflib.URIRef("http://purl.org/dc/terms/spatial"))}
    assert "http://localhost/label/provincies/Limburg" in places


def test_the_shapes_catch_a_catalogue_that_breaks_them():
    """The validation can fail: a dataset without a title, a distribution without an access URL."""
    from vragen.site.catalogue import DatasetFacts, catalogue_triples
    from vragen.site.rdf import turtle

    answer = {"id": "2023-2024-1", "session": "2023-2024", "number": 1, "date": "2024-01-02", "title": "Een titel",
              "theme": "Werk", "asker": "A", "minister": "B", "pdf_url": None, "page_url": None}
    fact = DatasetFacts(answer, tables=[{"id": "2023-2024-1/t", "title": "T"}], years={2020, 2022})
    triples = catalogue_triples("https://example.org", "Catalogus", "Beschrijving", [fact])
    assert _shacl(turtle(triples))[0]
    assert "2020-01-01" in turtle(triples) and "2022-12-31" in turtle(triples)
    untitled = [t for t in triples if not (t[1] == "dct:title" and t[0].value.endswith("2023-2024-1"))]
    conforms, report = _shacl(turtle(untitled))
    assert not conforms and "title" in report
    unreachable = [t for t in triples if t[1] != "dcat:accessURL"]
    conforms, report = _shacl(turtle(unreachable))
    assert not conforms and "accessURL" in report


def test_turtle_escapes_what_a_document_may_contain():
    import rdflib

    from vragen.site.rdf import IRI, Literal, iri, turtle

    text = 'een "titel" met \\ en\nregels'
    graph = rdflib.Graph().parse(data=turtle([(iri("https://example.org/label/p/Oost Vlaanderen"), "dct:title",
                                               Literal(text, lang="nl")),
                                              (IRI("https://example.org/a"), "dct:title", Literal(text))]),
                                 format="turtle")
    assert {str(o) for o in graph.objects()} == {text}


# --- sitemap, robots, feed, page metadata ---------------------------------------------------------


async def test_sitemap_lists_every_answer_and_table_page_and_robots_points_to_it(app):
    robots = await app.client.get("/robots.txt")
    assert "Sitemap: http://localhost/sitemap.xml" in robots.text
    index = ET.fromstring((await app.client.get("/sitemap.xml")).text)
    parts = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert parts == ["http://localhost/sitemap-1.xml"]
    urls = {loc.text for loc in ET.fromstring((await app.client.get("/sitemap-1.xml")).text).iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    tables = (await app.client.get("/vragen/tables.json?_shape=array&_size=max")).json()
    expected = {"http://localhost/", "http://localhost/antwoord/2023-2024-418", "http://localhost/antwoord/2022-2023-695"}
    assert urls == expected | {f"http://localhost/tabel/{t['id']}" for t in tables}
    assert (await app.client.get("/sitemap-2.xml")).status_code == 404


async def test_sitemap_splits_a_large_collection_into_files(app, monkeypatch):
    from vragen.site import findable

    monkeypatch.setattr(findable, "SITEMAP_URLS", 4)
    index = (await app.client.get("/sitemap.xml")).text
    tables = (await app.client.get("/vragen/tables.json?_shape=array&_size=max")).json()
    files = -(-(len(tables) + 3) // 4)
    assert index.count("<sitemap>") == files
    seen = set()
    for i in range(1, files + 1):
        seen |= set(re.findall(r"<loc>(.*?)</loc>", (await app.client.get(f"/sitemap-{i}.xml")).text))
    assert len(seen) == len(tables) + 3  # nothing lost between the files


async def test_atom_feed_has_the_newest_answers(app):
    response = await app.client.get("/nieuw.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.text)
    atom = "{http://www.w3.org/2005/Atom}"
    ids = [e.find(f"{atom}id").text for e in feed.iter(f"{atom}entry")]
    assert ids == ["http://localhost/antwoord/2023-2024-418", "http://localhost/antwoord/2022-2023-695"]
    home = (await app.client.get("/")).text
    assert 'type="application/atom+xml"' in home and 'href="/nieuw.atom"' in home


async def test_answer_and_table_pages_describe_themselves_for_search_engines(app):
    for path in ("/antwoord/2023-2024-418", "/tabel/2023-2024-418/doorstroming-naar-werk"):
        html = (await app.client.get(path)).text
        assert f'<link rel="canonical" href="http://localhost{path}">' in html
        assert '<meta name="description" content="' in html and 'property="og:title"' in html
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert data["@type"] == "Dataset" and data["url"] == f"http://localhost{path}"
        assert data["license"].startswith("https://data.vlaanderen.be/") and data["distribution"]


def test_page_metadata_cannot_end_its_script():
    from vragen.site.findable import page_meta

    meta = page_meta("https://x", "/a", "t", "d", {"name": "</script><script>alert(1)</script>"})
    assert "</script>" not in meta["jsonld"] and json.loads(meta["jsonld"])["name"].startswith("</script>")


# --- citations ---------------------------------------------------------------------------------


async def test_answer_and_table_pages_cite_fully_and_offer_bibtex_ris_and_csl(app):
    html = (await app.client.get("/tabel/2023-2024-418/doorstroming-naar-werk")).text
    cite = re.search(r'<p class="vragen-cite">(.*?)</p>', html, re.S).group(1)
    for part in ("Jo Brouns", "Robrecht Bothuyne", "nr. 418 (2023-2024)", "2024-04-30", "Doorstroming naar werk",
                 "https://docs.vlaamsparlement.be/pfile?id=2064567",
                 "http://localhost/tabel/2023-2024-418/doorstroming-naar-werk", f"geraadpleegd op {date.today()}"):
        assert part in cite, part
    csl = json.loads((await app.client.get("/citeer/2023-2024-418/doorstroming-naar-werk.csl.json")).text)
    assert csl[0]["author"] == [{"literal": "Jo Brouns"}] and csl[0]["issued"] == {"date-parts": [[2024, 4, 30]]}
    ris = (await app.client.get("/citeer/2023-2024-418.ris")).text
    assert ris.startswith("TY  - GOVDOC\r\n") and ris.endswith("ER  - \r\n") and "AU  - Jo Brouns" in ris
    bib = (await app.client.get("/citeer/2023-2024-418.bib")).text
    assert bib.startswith("@misc{vragen-2023-2024-418,") and "urldate = {" in bib
    assert (await app.client.get("/citeer/2023-2024-418/geen-tabel.bib")).status_code == 404


def test_bibtex_escapes_what_a_title_may_hold():
    from vragen.site.cite import bibtex, citation

    answer = {"id": "2023-2024-1", "number": 1, "session": "2023-2024", "date": "2024-01-02",
              "title": "Kosten {100%} & #1 van_x", "minister": "Jan", "asker": "Piet"}
    text = bibtex(citation(answer, "https://x/antwoord/2023-2024-1"))
    assert r"Kosten \{100\%\} \& \#1 van\_x" in text
    depth = 0
    for char in re.sub(r"\\[{}]", "", text):  # the unescaped braces balance
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


# --- links between questions, all values for a place ---------------------------------------------


def test_references_to_other_questions_are_read_with_their_parliamentary_year():
    from vragen.read.references import find_references, session_of

    found = find_references("In antwoord op schriftelijke vraag nr. 695 van 14 juni 2023 gaf de minister aan. "
                            "Zie ook schriftelijke vraag nr. 12 (2021-2022) van 3 oktober 2021 en "
                            "schriftelijke vraag nummer 7. Schriftelijke vraag nr. 8 van 31 februari 2022.")
    assert [(r.number, r.session, r.asked) for r in found] == [
        (695, "2022-2023", "2023-06-14"), (12, "2021-2022", "2021-10-03"), (7, None, None), (8, None, None)]
    assert found[0].answer_id == "2022-2023-695" and found[2].answer_id is None
    # the year opens on the fourth Monday of September
    assert session_of(date(2023, 9, 24)) == "2022-2023" and session_of(date(2023, 9, 25)) == "2023-2024"
    assert find_references("vraag 695 en de vragen van 14 juni 2023") == []


async def test_the_seeds_reference_to_question_695_is_a_link_both_ways(app, built):
    html = (await app.client.get("/antwoord/2023-2024-418")).text
    assert ('<a href="/antwoord/2022-2023-695" title="dit antwoord op deze site">schriftelijke vraag nr. 695 van '
            '14 juni 2023</a>') in html
    back = (await app.client.get("/antwoord/2022-2023-695")).text
    assert "Vragen die naar deze vraag verwijzen" in back and 'href="/antwoord/2023-2024-418"' in back
    # without question 695 in the collection, it leads to the parliament's search for it
    alone = make_app(built)
    html = (await alone.client.get("/antwoord/2023-2024-418")).text
    link = re.search(r'<a href="([^"]+)" title="zoeken bij het Vlaams Parlement">schriftelijke vraag nr. 695', html)
    assert link and "nummer:695" in link.group(1) and "zittingsjaar:2022-2023" in link.group(1)
    rows = (await alone.client.get("/vragen/question_links.json?_shape=array")).json()
    assert [(r["answer_id"], r["number"], r["target_id"]) for r in rows] == [("2023-2024-418", 695, "2022-2023-695")]


async def test_all_values_for_a_place_across_answers(app):
    table = (await app.client.get("/tabel/2023-2024-418/trajecten-per-provincie")).text
    assert '<a href="/label/provincies/Limburg" title="alle cijfers voor Limburg">Limburg</a>' in table
    page = (await app.client.get("/label/provincies/Limburg")).text
    assert "Alle cijfers voor Limburg" in page
    assert page.count('href="/tabel/2023-2024-418/trajecten-per-provincie"') == 1
    assert page.count('href="/tabel/2022-2023-695/tabel-2a-1"') == 1  # not curated: linked by the code list alone
    rows = (await app.client.get("/vragen/cells.json?_shape=array&table_id=2023-2024-418/trajecten-per-provincie"
                                 "&labels__contains=Limburg")).json()
    assert rows and all(f">{r['printed']}<" in page for r in rows)
    assert (await app.client.get("/label/provincies/Atlantis")).status_code == 404


# --- Excel --------------------------------------------------------------------------------------


async def test_excel_download_holds_the_table_as_printed_and_its_provenance(app):
    from openpyxl import load_workbook

    for table in ("doorstroming-naar-werk", "trajecten-per-perceel"):
        response = await app.client.get(f"/tabel/2023-2024-418/{table}.xlsx")
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == ["Tabel", "Herkomst"]
        csv_rows = list(csv.DictReader(io.StringIO((await app.client.get(f"/tabel/2023-2024-418/{table}.csv")).text)))
        grid = [row for row in book["Tabel"].iter_rows(values_only=True)]
        numbers = [v for row in grid[1:] for v in row if isinstance(v, (int, float))]
        expected = [float(v) for row in csv_rows for k, v in row.items() if v and re.fullmatch(r"-?\d+(\.\d+)?", v)
                    and k not in ("subgroep",)]
        assert sorted(numbers) == sorted(expected)  # every value, none twice
        about = dict(book["Herkomst"].iter_rows(values_only=True))
        assert about["Licentie"].startswith("https://data.vlaanderen.be/") and about["Document"]
        import time

        time.sleep(1.1)  # openpyxl stamps the time to the second: the same table still gives the same bytes
        assert (await app.client.get(f"/tabel/2023-2024-418/{table}.xlsx")).content == response.content


async def test_a_place_is_paged_by_tables_and_every_table_is_reachable(app, monkeypatch):
    from vragen.site import plugin

    monkeypatch.setattr(plugin, "PLACE_TABLES", 1)
    seen, path = [], "/label/provincies/Limburg"
    while path:
        page = (await app.client.get(path)).text
        seen += re.findall(r'<h2><a href="/tabel/([^"]+)">', page)
        more = re.search(r'<a href="([^"]+)">volgende</a>', page)
        path = more.group(1).replace("&amp;", "&") if more else None
    assert sorted(seen) == ["2022-2023-695/tabel-2a-1", "2023-2024-418/trajecten-per-provincie"]
    assert (await app.client.get("/label/provincies/Limburg?pagina=99")).status_code == 200  # the last page
