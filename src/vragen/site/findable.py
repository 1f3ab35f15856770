"""What search engines and data portals read: robots.txt, a sitemap, an Atom feed of new answers,
the DCAT-AP catalogue (Turtle and JSON-LD), and each page's description, canonical URL, OpenGraph
and schema.org `Dataset`.

Absolute URLs start from the site's public root: `site_url` in the Datasette metadata when the
site is published under a fixed address, else the address the request came in on.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from datasette import Response
from datasette.utils.asgi import AsgiStream

from ..publish import DATABASE
from .catalogue import JSON_LD, LICENCE, PUBLISHER_NAME, TURTLE
from .exports import _out
from .rdf import JSON_LD_START

SITEMAP_URLS = 40_000  # per sitemap file (the protocol allows 50,000)
FEED_ENTRIES = 50
CACHE = "public, max-age=3600"


def site_root(datasette, request) -> str:
    """The site's absolute root URL, without a trailing slash, the base path included."""
    configured = (datasette.metadata() or {}).get("site_url")
    if configured:
        return configured.rstrip("/")
    return f"{request.scheme}://{request.host}{base_path(datasette)}"


def base_path(datasette) -> str:
    """The site's path prefix ("" at the root; "/portaal" under `--setting base_url /portaal/`):
    every link the portal makes starts with it, so that the site works behind a proxy's path."""
    return (datasette.setting("base_url") or "/").rstrip("/")


async def _rows(datasette, sql: str, params=None) -> list[dict]:
    result = await datasette.get_database(DATABASE).execute(sql, params or {})
    return [dict(row) for row in result.rows]


async def robots(request, datasette):
    root = site_root(datasette, request)
    # Datasette's SQL pages are for programs: crawling every facet and sort of them is endless.
    text = (f"User-agent: *\nDisallow: /vragen?\nDisallow: /vragen.db\nDisallow: /-/\nAllow: /\n\n"
            f"Sitemap: {root}/sitemap.xml\n")
    return Response.text(text, headers={"cache-control": CACHE})


_PAGES: dict[tuple, list[tuple[str, str | None]]] = {}


async def _page_urls(datasette, root: str) -> list[tuple[str, str | None]]:
    """Every answer and table page, with its date; listed once per process and site address (the
    database does not change while it is served: 10,000 answers took 0.6 s a request)."""
    key = (id(datasette), datasette.get_database(DATABASE).path, root)
    if key not in _PAGES:
        _PAGES[key] = await _listed_pages(datasette, root)
    return _PAGES[key]


async def _listed_pages(datasette, root: str) -> list[tuple[str, str | None]]:
    urls: list[tuple[str, str | None]] = [(f"{root}/", None)]
    for row in await _rows(datasette, "select id, date from answers order by date desc, id desc"):
        urls.append((f"{root}/antwoord/{row['id']}", row["date"]))
    for row in await _rows(datasette, "select tables.id, answers.date from tables join answers on answers.id = "
                                      "tables.answer_id order by answers.date desc, tables.id"):
        urls.append((f"{root}/tabel/{row['id']}", row["date"]))
    return urls


async def sitemap(request, datasette):
    """A sitemap index over files of at most 40,000 pages: every answer and table page is listed,
    however large the collection."""
    root = site_root(datasette, request)
    count = len(await _page_urls(datasette, root))
    files = max(1, -(-count // SITEMAP_URLS))
    body = "".join(f"<sitemap><loc>{xml_escape(root)}/sitemap-{i}.xml</loc></sitemap>" for i in range(1, files + 1))
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           f"{body}</sitemapindex>\n")
    return Response(xml, content_type="application/xml; charset=utf-8", headers={"cache-control": CACHE})


async def sitemap_part(request, datasette):
    root = site_root(datasette, request)
    number = int(request.url_vars["number"])
    urls = (await _page_urls(datasette, root))[(number - 1) * SITEMAP_URLS:number * SITEMAP_URLS]
    if number < 1 or not urls:
        return Response.text("not found", status=404)
    body = "".join(f"<url><loc>{xml_escape(url)}</loc>" + (f"<lastmod>{day}</lastmod>" if day else "") + "</url>"
                   for url, day in urls)
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           f"{body}</urlset>\n")
    return Response(xml, content_type="application/xml; charset=utf-8", headers={"cache-control": CACHE})


async def feed(request, datasette):
    """The newest answers as an Atom feed: one entry per answer, its tables in the summary."""
    root = site_root(datasette, request)
    answers = await _rows(datasette, "select id, title, date, minister, asker, tables from answers "
                                     f"order by date desc, id desc limit {FEED_ENTRIES}")
    updated = answers[0]["date"] if answers else date(1970, 1, 1).isoformat()
    entries = []
    for answer in answers:
        url = f"{root}/antwoord/{answer['id']}"
        summary = (f"Antwoord van {answer['minister'] or 'de minister'} op de vraag van {answer['asker'] or '?'}; "
                   f"{answer['tables']} tabel{'len' if answer['tables'] != 1 else ''}.")
        entries.append(f"<entry><id>{xml_escape(url)}</id><title>{xml_escape(answer['title'])}</title>"
                       f'<link rel="alternate" type="text/html" href="{xml_escape(url)}"/>'
                       f"<updated>{answer['date']}T00:00:00Z</updated>"
                       f"<author><name>{xml_escape(answer['minister'] or 'Vlaamse Regering')}</name></author>"
                       f"<summary>{xml_escape(summary)}</summary></entry>")
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="nl">'
           f"<id>{xml_escape(root)}/</id><title>vragen: nieuwe antwoorden met cijfers</title>"
           f'<link rel="self" href="{xml_escape(root)}/nieuw.atom"/><link rel="alternate" href="{xml_escape(root)}/"/>'
           f"<updated>{updated}T00:00:00Z</updated><author><name>{xml_escape(PUBLISHER_NAME)}</name></author>"
           f"<rights>{xml_escape(LICENCE)}</rights>{''.join(entries)}</feed>\n")
    return Response(xml, content_type="application/atom+xml; charset=utf-8", headers={"cache-control": CACHE})


CHUNK = 1 << 20


def _streamed(path: Path, first: str, skip: int, content_type: str) -> AsgiStream:
    """A catalogue file with the site's base written ahead of it: `first`, then the file from byte
    `skip` on, in chunks (a large collection's catalogue is tens of megabytes)."""
    async def stream(writer):
        await writer.write(first)
        with path.open(encoding="utf-8") as handle:
            handle.seek(skip)
            while chunk := handle.read(CHUNK):
                await writer.write(chunk)

    return AsgiStream(stream, headers={"cache-control": CACHE, "access-control-allow-origin": "*"},
                      content_type=content_type)


def _catalogue_file(datasette, name: str) -> Path | None:
    path = _out(datasette) / name
    return path if path.is_file() else None


async def catalogue_ttl(request, datasette):
    path = _catalogue_file(datasette, TURTLE)
    if path is None:
        return Response.text("not found", status=404)
    return _streamed(path, f"@base <{site_root(datasette, request)}/> .\n", 0, "text/turtle; charset=utf-8")


async def catalogue_jsonld(request, datasette):
    path = _catalogue_file(datasette, JSON_LD)
    if path is None:
        return Response.text("not found", status=404)
    # The file opens with its context ({"@context":{prefixes…}): the site's base goes first in it.
    first = JSON_LD_START + '"@base":' + json.dumps(site_root(datasette, request) + "/") + ","
    return _streamed(path, first, len(JSON_LD_START), "application/ld+json; charset=utf-8")


def page_meta(root: str, path: str, title: str, description: str, dataset: dict | None = None) -> dict:
    """What a page's <head> says about it: description, canonical URL, OpenGraph, and where the page
    is a dataset, its schema.org description as JSON-LD (escaped so that no text can end the script)."""
    meta = {"description": description[:300], "canonical": root + path, "title": title}
    if dataset:
        text = json.dumps({"@context": "https://schema.org", "@type": "Dataset", "url": root + path, **dataset},
                          ensure_ascii=False, sort_keys=True)
        meta["jsonld"] = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return meta


def dataset_jsonld(root: str, answer: dict, name: str, description: str, downloads: list[tuple[str, str]]) -> dict:
    """schema.org Dataset fields for an answer or table page."""
    data = {
        "name": name, "description": description or name, "inLanguage": "nl", "license": LICENCE,
        "isAccessibleForFree": True, "datePublished": answer["date"],
        "creator": {"@type": "Organization", "name": "Vlaams Parlement"},
        "publisher": {"@type": "Organization", "name": PUBLISHER_NAME, "url": root + "/"},
        "spatialCoverage": "Vlaanderen", "identifier": answer["id"],
        "distribution": [{"@type": "DataDownload", "encodingFormat": kind, "contentUrl": url}
                         for url, kind in downloads],
    }
    if answer.get("pdf_url"):
        data["isBasedOn"] = answer["pdf_url"]
    if answer.get("theme"):
        data["keywords"] = [answer["theme"]]
    return data
