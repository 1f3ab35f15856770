"""The collection as a DCAT-AP 3.0 catalogue, for data portals that harvest (the Flemish open data
portal harvests DCAT-AP): a `dcat:Catalog`, a `dcat:Dataset` per answer, a `dcat:Distribution`
per table download (CSV, JSON, Excel) and per answer package (zip), with licence, publisher,
language, temporal coverage (the years a table's columns or rows name) and spatial coverage (the
code-list places its rows name, each a portal page listing every value for that place).

It is written at build time (`catalogus.ttl`, `catalogus.jsonld` beside the database), with the
portal's own pages as relative IRIs (`./antwoord/…`); the portal serves it with the site's address
as the base (`@base` in Turtle, `@context.@base` in JSON-LD), so that the same file is right under
any address and a request costs a file read, not a walk over every answer.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from .rdf import IRI, Literal, Triple, iri, turtle_and_json_ld

LICENCE = "https://data.vlaanderen.be/doc/licentie/modellicentie-gratis-hergebruik/v1.0"
DUTCH = "http://publications.europa.eu/resource/authority/language/NLD"
BELGIUM = "http://publications.europa.eu/resource/authority/country/BEL"
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
PUBLISHER_NAME = "vragen: open data uit de antwoorden op schriftelijke vragen van het Vlaams Parlement"
PARLIAMENT = "https://www.vlaamsparlement.be"
YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")

# (suffix, EU file type, IANA media type, what it is)
DOWNLOADS = [
    ("csv", "CSV", "text/csv", "CSV"),
    ("json", "JSON", "application/json", "JSON met schema en herkomst"),
    ("xlsx", "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
]


@dataclass
class DatasetFacts:
    """What the catalogue says of one answer, read from the database."""
    answer: dict
    tables: list[dict] = field(default_factory=list)
    years: set[int] = field(default_factory=set)
    places: set[tuple[str, str]] = field(default_factory=set)  # (code list, label)


def catalogue_triples(site: str, title: str, description: str, facts: list[DatasetFacts]) -> list[Triple]:
    """`site` is the portal's absolute root URL, without a trailing slash."""
    catalog, publisher, licence = IRI(f"{site}/catalogus"), IRI(f"{site}/#uitgever"), IRI(LICENCE)
    triples: list[Triple] = [
        (catalog, "rdf:type", IRI("dcat:Catalog")),
        (catalog, "dct:title", Literal(title, lang="nl")),
        (catalog, "dct:description", Literal(description, lang="nl")),
        (catalog, "dct:publisher", publisher),
        (catalog, "dct:license", licence),
        (catalog, "dct:language", IRI(DUTCH)),
        (catalog, "foaf:homepage", IRI(f"{site}/")),
        (publisher, "rdf:type", IRI("foaf:Agent")),
        (publisher, "foaf:name", Literal(PUBLISHER_NAME, lang="nl")),
        (licence, "rdf:type", IRI("dct:LicenseDocument")),
        (IRI(DUTCH), "rdf:type", IRI("dct:LinguisticSystem")),
        (IRI(BELGIUM), "rdf:type", IRI("dct:Location")),
        (IRI(f"{site}/"), "rdf:type", IRI("foaf:Document")),
    ]
    for fact in facts:
        triples += _dataset(site, catalog, publisher, licence, fact)
    return triples


def _dataset(site: str, catalog: IRI, publisher: IRI, licence: IRI, fact: DatasetFacts) -> list[Triple]:
    answer = fact.answer
    dataset = IRI(f"{site}/antwoord/{answer['id']}")
    summary = (f"Tabellen uit het antwoord van {answer['minister'] or 'de minister'} op schriftelijke vraag nr. "
               f"{answer['number']} ({answer['session']}) van {answer['asker'] or 'een volksvertegenwoordiger'}: "
               + "; ".join(t["title"] for t in fact.tables)) if fact.tables else \
        f"Antwoord op schriftelijke vraag nr. {answer['number']} ({answer['session']}), zonder tabellen."
    triples: list[Triple] = [
        (catalog, "dcat:dataset", dataset),
        (dataset, "rdf:type", IRI("dcat:Dataset")),
        (dataset, "dct:title", Literal(answer["title"], lang="nl")),
        (dataset, "dct:description", Literal(summary, lang="nl")),
        (dataset, "dct:identifier", Literal(answer["id"])),
        (dataset, "dct:issued", Literal(answer["date"], datatype="xsd:date")),
        (dataset, "dct:publisher", publisher),
        (dataset, "dct:language", IRI(DUTCH)),
        (dataset, "dct:spatial", IRI(BELGIUM)),
        (dataset, "dcat:landingPage", dataset),
        (dataset, "rdf:type", IRI("foaf:Document")),
    ]
    if answer.get("theme"):
        triples.append((dataset, "dcat:keyword", Literal(answer["theme"], lang="nl")))
    for link in (answer.get("page_url"), answer.get("pdf_url")):
        if link and link.startswith(("https://", "http://")):
            triples += [(dataset, "dct:relation", iri(link)), (iri(link), "rdf:type", IRI("rdfs:Resource"))]
    if fact.years:
        period = IRI(f"{dataset.value}#periode")
        triples += [(dataset, "dct:temporal", period), (period, "rdf:type", IRI("dct:PeriodOfTime")),
                    (period, "dcat:startDate", Literal(f"{min(fact.years)}-01-01", datatype="xsd:date")),
                    (period, "dcat:endDate", Literal(f"{max(fact.years)}-12-31", datatype="xsd:date"))]
    for codelist, label in sorted(fact.places):
        place = iri(f"{site}/label/{codelist}/{label}")
        triples += [(dataset, "dct:spatial", place), (place, "rdf:type", IRI("dct:Location")),
                    (place, "skos:prefLabel", Literal(label, lang="nl"))]
    package = IRI(f"{site}/pakket/{answer['id']}.zip")
    triples += _distribution(dataset, package, licence, f"Datapakket van antwoord {answer['id']} (zip)",
                             "ZIP", "application/zip")
    for table in fact.tables:
        for suffix, file_type, media_type, what in DOWNLOADS:
            url = IRI(f"{site}/tabel/{table['id']}.{suffix}")
            triples += _distribution(dataset, url, licence, f"{table['title']} ({what})", file_type, media_type)
    return triples


def _distribution(dataset: IRI, url: IRI, licence: IRI, title: str, file_type: str, media_type: str) -> list[Triple]:
    node = IRI(f"{url.value}#distributie")
    media, form = IRI(MEDIA_TYPES + media_type), IRI(FILE_TYPES + file_type)
    return [(dataset, "dcat:distribution", node), (node, "rdf:type", IRI("dcat:Distribution")),
            (node, "dct:title", Literal(title, lang="nl")), (node, "dcat:accessURL", url),
            (node, "dcat:downloadURL", url), (url, "rdf:type", IRI("rdfs:Resource")), (node, "dct:license", licence), (node, "dcat:mediaType", media),
            (node, "dct:format", form), (media, "rdf:type", IRI("dct:MediaType")),
            (form, "rdf:type", IRI("dct:MediaTypeOrExtent"))]


TURTLE, JSON_LD = "catalogus.ttl", "catalogus.jsonld"
RELATIVE = "."  # the site's root, as the catalogue files name it


def write_catalogue(database: Path, out: Path, title: str, description: str, places: list[str]) -> None:
    connection = sqlite3.connect(database)
    connection.row_factory = sqlite3.Row
    try:
        facts = read_facts(lambda sql, params: [dict(r) for r in connection.execute(sql, params)], places)
    finally:
        connection.close()
    ttl, jsonld = turtle_and_json_ld(catalogue_triples(RELATIVE, title, description, facts))
    (out / TURTLE).write_text(ttl, encoding="utf-8")
    (out / JSON_LD).write_text(jsonld, encoding="utf-8")


def read_facts(rows, places: list[str]) -> list[DatasetFacts]:
    """The answers, their tables, and the years and places their labels name. `rows(sql, params)`
    runs a query against the published database; `places` are the code lists whose keys are places."""
    facts = {a["id"]: DatasetFacts(a) for a in rows(
        "select id, session, number, date, title, theme, asker, minister, pdf_url, page_url from answers "
        "order by date desc, id desc", {})}
    for table in rows("select id, answer_id, title from tables order by answer_id, rowid", {}):
        facts[table["answer_id"]].tables.append(table)
    # A table's id starts with its answer's: no join with the cells is needed (a large collection's
    # labels are a million rows).
    for codelist in places:
        for label in rows("select distinct label, table_id from cell_labels where codelist = :codelist "
                          "and label is not null", {"codelist": codelist}):
            facts[label["table_id"].split("/")[0]].places.add((codelist, label["label"]))
    for label in rows("select distinct table_id, label from cell_labels where label glob '[12][0-9][0-9][0-9]'", {}):
        if YEAR.match(label["label"]):
            facts[label["table_id"].split("/")[0]].years.add(int(label["label"]))
    return list(facts.values())
