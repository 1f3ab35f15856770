"""The portal: Datasette pages for people (home, search, an answer, a table) and stable download
URLs for programs. Registered as a Datasette plugin through the `datasette` entry point.

Everything a document says is passed to Jinja as data, autoescaped: no text from a document is
ever rendered as markup.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import urlencode

import datasette.handle_exception as _datasette_errors
from datasette import Response, hookimpl
from markupsafe import Markup, escape

from ..confidence import LEVEL_TEXT
from . import exports
from .chart import bar_chart
from .headers import secure
from .search import fts_query, page_number
from .tables import UNIT_NAMES, wide_table

DATABASE = "vragen"
PAGE_SIZE = 20
FACETS = [("theme", "Thema"), ("minister", "Minister"), ("session", "Zittingsjaar"), ("asker", "Vraagsteller")]


async def _rows(datasette, sql: str, params=None) -> list[dict]:
    result = await datasette.get_database(DATABASE).execute(sql, params or {})
    return [dict(row) for row in result.rows]


async def _page(datasette, request, template: str, context: dict, status: int = 200) -> Response:
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def not_found(datasette, request, what: str) -> Response:
    return await _page(datasette, request, "vragen_not_found.html", {"what": what}, status=404)


_HOME: dict[tuple, dict] = {}


async def _home_data(datasette) -> dict:
    """Counts and facets of the whole collection. The database is immutable while it is served,
    so they are computed once per process (the home page went from 190 ms to a few ms)."""
    key = (id(datasette), datasette.get_database(DATABASE).path)
    if key not in _HOME:
        facets = {}
        for column, label in FACETS:
            facets[label] = (column, await _rows(
                datasette, f"select {column} as value, count(*) as n from answers where {column} is not null "
                           f"group by {column} order by n desc, value limit 12"))
        totals = (await _rows(datasette, "select (select count(*) from answers) as answers, (select count(*) "
                                         "from tables) as tables, (select count(*) from cells) as cells"))[0]
        recent = await _rows(datasette, "select id, title, date, minister, theme, tables from answers "
                                        "order by date desc, id desc limit 10")
        _HOME[key] = {"facets": facets, "totals": totals, "recent": recent}
    return _HOME[key]


async def home(request, datasette):
    data = await _home_data(datasette)
    metadata = datasette.metadata()
    return await _page(datasette, request, "vragen_home.html", {
        **data, "licence": metadata.get("license"),
        "licence_url": metadata.get("license_url"), "source": metadata.get("source"),
        "source_url": metadata.get("source_url")})


def _filters(request) -> dict[str, str]:
    return {column: request.args.get(column) for column, _ in FACETS if request.args.get(column)}


async def search(request, datasette):
    query = (request.args.get("q") or "").strip()[:500]
    filters = _filters(request)
    match = fts_query(query) if query else None
    where, params = [], {}
    if match:
        # The full-text index drives the join (CROSS JOIN keeps it outermost): each hit is read once
        # by its rowid. Left to itself, with a facet filter SQLite walked the facet's index and ran
        # the text query once per answer (count: 102 -> 3 ms at 10,000 answers).
        where.append("answers_fts match :q")
        params["q"] = match
    for column, value in filters.items():
        where.append(f"answers.{column} = :{column}")
        params[column] = value
    source = "answers_fts cross join answers on answers.rowid = answers_fts.rowid" if match else "answers"
    clause = (" where " + " and ".join(where)) if where else ""
    if match and not filters:  # the index alone knows how many answers match (0.3 ms)
        count = (await _rows(datasette, "select count(*) as n from answers_fts where answers_fts match :q",
                             params))[0]["n"]
    else:
        count = (await _rows(datasette, f"select count(*) as n from {source}{clause}", params))[0]["n"]
    pages = (count + PAGE_SIZE - 1) // PAGE_SIZE
    page = page_number(request.args.get("pagina"), pages)
    window = f"limit {PAGE_SIZE} offset {(page - 1) * PAGE_SIZE}"
    columns = ", ".join(f"answers.{c}" for c in ("id", "title", "date", "minister", "theme", "asker", "tables",
                                                  "figures"))
    if match:  # best match first, the matching words shown in their context
        results = await _rows(datasette, f"select {columns}, snippet(answers_fts, -1, char(2), char(3), '…', 24) "
                                         f"as excerpt from {source}{clause} "
                                         f"order by bm25(answers_fts), answers.date desc, answers.id desc {window}",
                              params)
    else:
        results = await _rows(datasette, f"select {columns}, substr(answers.answer, 1, 240) || '…' as excerpt "
                                         f"from answers{clause} order by answers.date desc, answers.id desc {window}",
                              params)
    for result in results:
        result["excerpt"] = Markup(str(escape(result["excerpt"] or ""))
                                   .replace("\x02", "<mark>").replace("\x03", "</mark>"))
    facets, base = {}, _base(datasette)
    for (column, label), values in zip(FACETS, await _facet_values(datasette, source, clause, params)):
        facets[label] = [dict(v, link=f"{base}/zoek?" + urlencode({**_args(query, filters), column: v["value"]}))
                         for v in values if v["value"]]
    active = [(label, filters[column], f"{base}/zoek?" + urlencode({k: v for k, v in _args(query, filters).items() if k != column}))
              for column, label in FACETS if column in filters]
    more = f"{base}/zoek?" + urlencode({**_args(query, filters), "pagina": page + 1}) if page < pages else None
    earlier = f"{base}/zoek?" + urlencode({**_args(query, filters), "pagina": page - 1}) if page > 1 else None
    return await _page(datasette, request, "vragen_search.html", {
        "q": query, "count": count, "results": results, "facets": facets, "active": active, "page": page,
        "pages": pages, "more": more, "earlier": earlier, "unsearchable": bool(query) and not match})


async def _facet_values(datasette, source: str, clause: str, params: dict) -> list[list[dict]]:
    """The eight commonest values of each facet among the hits, in one query (one trip to SQLite's
    thread, not four)."""
    parts = [f"select * from (select {i} as facet, answers.{column} as value, count(*) as n from {source}{clause} "
             f"group by answers.{column} order by n desc, value limit 8)" for i, (column, _) in enumerate(FACETS)]
    rows = await _rows(datasette, " union all ".join(parts), params)
    return [[{"value": r["value"], "n": r["n"]} for r in rows if r["facet"] == i] for i in range(len(FACETS))]


def _args(query: str, filters: dict) -> dict:
    return ({"q": query} if query else {}) | filters


async def answer(request, datasette):
    answer_id = request.url_vars["answer_id"]
    found = await _rows(datasette, "select * from answers where id = :id", {"id": answer_id})
    if not found:
        return await not_found(datasette, request, f"antwoord {answer_id}")
    tables = await _rows(datasette, "select id, name, title, description, section, intro, rows, \"values\", units, "
                                    "pdf_url from tables where answer_id = :id order by rowid", {"id": answer_id})
    figures = await _rows(datasette, "select section, printed, value, unit, noun, sentence from figures "
                                     "where answer_id = :id order by rowid", {"id": answer_id})
    for table in tables:
        table["units"] = ", ".join(UNIT_NAMES.get(u, u) for u in json.loads(table["units"] or "[]"))
        table["extra"] = _beyond(table["description"], table["intro"])
    return await _page(datasette, request, "vragen_answer.html", {
        "answer": found[0], "tables": tables, "figures": figures,
        "question_parts": _paragraphs(found[0]["question"]), "answer_parts": _paragraphs(found[0]["answer"])})


def _beyond(description: str | None, intro: str | None) -> str | None:
    """The curated description where it says more than the intro sentence it often starts with."""
    if not description or description == intro:
        return None
    if intro and description.startswith(intro):
        return description[len(intro):].strip() or None
    return description


def _paragraphs(text: str | None) -> list[str]:
    return [p for p in (text or "").split("\n\n") if p.strip()]


async def _table_record(datasette, answer_id: str, name: str) -> dict | None:
    found = await _rows(datasette, "select * from tables where id = :id", {"id": f"{answer_id}/{name}"})
    return found[0] if found else None


async def table(request, datasette):
    answer_id, name = request.url_vars["answer_id"], request.url_vars["name"]
    record = await _table_record(datasette, answer_id, name)
    if record is None:
        return await not_found(datasette, request, f"tabel {answer_id}/{name}")
    fields = await _rows(datasette, "select * from fields where table_id = :id order by position", {"id": record["id"]})
    cells = await _rows(datasette, "select row, measure, value, printed, unit, labels, is_total, page, line from cells "
                                   "where table_id = :id order by row, id", {"id": record["id"]})
    answer_row = (await _rows(datasette, "select id, title, pdf_url, page_url, date, minister from answers "
                                         "where id = :id", {"id": answer_id}))[0]
    provenance = json.loads(record["provenance"] or "{}")
    grid = wide_table(fields, cells)
    base = _base(datasette)
    from ..package import SOURCE_TEXT

    source = f"{base}/bron/{answer_id}" if _package_file(datasette, answer_id, SOURCE_TEXT) else None
    return await _page(datasette, request, "vragen_table.html", {
        "table": record, "answer": answer_row, "fields": fields, "grid": grid,
        "extra": _beyond(record["description"], record["intro"]),
        "notes": json.loads(record["notes"] or "[]"),
        "units": [UNIT_NAMES.get(u, u) for u in json.loads(record["units"] or "[]")],
        "provenance": provenance, "chart": bar_chart(grid), "check": check_summary(record["checks"]),
        "source": source,
        "links": provenance.get("links") or ([record["pdf_url"]] if record["pdf_url"] else []),
        "downloads": {"csv": f"{base}/tabel/{answer_id}/{name}.csv", "json": f"{base}/tabel/{answer_id}/{name}.json",
                      "package": f"{base}/pakket/{answer_id}.zip",
                      "cells": f"{base}/{DATABASE}/cells?table_id={record['id']}"}})


READERS = {
    "pdfplumber-lines": "een tabel met lijnen in de PDF",
    "pdf-text": "de posities van de woorden in de PDF", "text-dump": "de tekst van het antwoord, regel per rij",
    "text-dump-layout": "de uitgelijnde tekst van het antwoord", "text-dump-cells": "de tekst van het antwoord, "
    "cel per regel", "docx-table": "de tabel in het Word-bestand", "doc-table": "de tabel in het oude Word-bestand "
    "(.doc, omgezet met LibreOffice)", "xlsx": "het Excel-werkblad",
}


def check_summary(checks_json: str | None) -> dict | None:
    """What the table page says about how sure its reading is (confidence.py)."""
    if not checks_json:
        return None
    checks = json.loads(checks_json)
    details = []
    if checks.get("totals_checked"):
        good = checks["totals_checked"] - checks.get("totals_failed", 0)
        details.append(f"{good} van {checks['totals_checked']} totalen zijn de som van hun delen")
    if checks.get("prose_totals_checked"):
        good = checks["prose_totals_checked"] - checks.get("prose_totals_failed", 0)
        details.append("de som van de rijen staat zo in de tekst van het antwoord" if good == 1 == checks[
            "prose_totals_checked"] else f"{good} van {checks['prose_totals_checked']} sommen staan zo in de tekst "
                                         "van het antwoord")
    for key, text in (("ragged_rows", "rijen met te weinig waarden"), ("text_in_numbers", "cellen met tekst waar "
                      "een getal hoort"), ("range_errors", "waarden buiten hun bereik"),
                      ("mixed_units", "kolommen met gemengde eenheden")):
        if checks.get(key):
            details.append(f"{checks[key]} {text}")
    reader = READERS.get(checks.get("reader"), checks.get("reader"))
    details.append(f"gelezen uit {reader}" + (", de volgorde van de cellen bepaald door de totalen en eenheden"
                                              if checks.get("order_checked") else ""))
    details.append("benoemd en beschreven door een mens" if checks.get("curated")
                   else "niet nagekeken door een mens (namen van kolommen automatisch)")
    level = checks.get("level", "read")
    sentence = "; ".join(details)
    return {"level": level, "text": LEVEL_TEXT.get(level, level), "details": sentence[:1].upper() + sentence[1:] + "."}


_package_file = exports.package_path  # one place decides what a URL may open


def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


async def source_text(request, datasette):
    """The text dump an answer was read from, a line per row with an anchor (#L116), where the
    provenance of its values points."""
    from ..package import SOURCE_TEXT
    from ..read.dump import decode_text

    answer_id = request.url_vars["answer_id"]
    path = _package_file(datasette, answer_id, SOURCE_TEXT)
    rows = await _rows(datasette, "select id, title from answers where id = :id", {"id": answer_id})
    if path is None or not rows:
        return await not_found(datasette, request, f"brontekst van {answer_id}")
    text, _ = decode_text(path, path.read_bytes())
    lines = list(enumerate(text.split("\n"), start=1))
    return await _page(datasette, request, "vragen_source.html",
                       {"answer": rows[0], "lines": lines, "file": f"{answer_id}/{SOURCE_TEXT}"})


async def table_csv(request, datasette):
    answer_id, name = request.url_vars["answer_id"], request.url_vars["name"]
    record = await _table_record(datasette, answer_id, name)
    path = _package_file(datasette, answer_id, Path(record["csv_path"]).name) if record else None
    if path is None:
        return _cors(Response.text("not found", status=404))
    response = Response(path.read_text(encoding="utf-8"), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{answer_id}-{name}.csv"'})
    return _cors(response)


async def table_json(request, datasette):
    from ..package import read_package

    answer_id, name = request.url_vars["answer_id"], request.url_vars["name"]
    descriptor = _package_file(datasette, answer_id, "datapackage.json")
    if descriptor is None:
        return _cors(Response.json({"error": "not found"}, status=404))
    published = read_package(descriptor.parent)
    found = [t for t in published.tables if t.name == name]
    if not found:
        return _cors(Response.json({"error": "not found"}, status=404))
    resource = next(r for r in published.descriptor["resources"] if r["name"] == name)
    rows = [{f.name: _plain(v) for f, v in zip(found[0].fields, row)} for row in found[0].rows]
    return _cors(Response.json({"table": f"{answer_id}/{name}", "title": resource.get("title"),
                                "description": resource.get("description"), "schema": resource["schema"],
                                "provenance": resource.get("vragen:provenance"), "notes": resource.get("vragen:notes", []),
                                "rows": rows}))


def _plain(value):
    from decimal import Decimal

    return float(value) if isinstance(value, Decimal) else value


async def package_zip(request, datasette):
    answer_id = request.url_vars["answer_id"]
    descriptor = _package_file(datasette, answer_id, "datapackage.json")
    if descriptor is None:
        return _cors(Response.text("not found", status=404))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in descriptor.parent.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{answer_id}/{path.relative_to(descriptor.parent)}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return _cors(Response(buffer.getvalue(), content_type="application/zip",
                          headers={"Content-Disposition": f'attachment; filename="{answer_id}.zip"'}))


_ID = r"(?P<answer_id>\d{4}-\d{4}-\d+)"
_NAME = r"(?P<name>[a-z0-9][a-z0-9._-]*?)"


@hookimpl
def register_routes():
    return [
        (r"^/$", home),
        (r"^/zoek$", search),
        (rf"^/antwoord/{_ID}$", answer),
        (rf"^/tabel/{_ID}/{_NAME}\.csv$", table_csv),
        (rf"^/tabel/{_ID}/{_NAME}\.json$", table_json),
        (rf"^/tabel/{_ID}/{_NAME}$", table),
        (rf"^/pakket/{_ID}\.zip$", package_zip),
        (rf"^/bron/{_ID}$", source_text),
        (r"^/export/(?P<name>[a-z_]+)\.csv$", exports.export_csv),
        (r"^/datapackage\.json$", exports.collection_descriptor),
        (rf"^/packages/{_ID}/(?P<path>[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)?)$", exports.package_file),
        (r"^/vragen-open-data\.zip$", exports.bundle),
    ]


MMAP_BYTES = 1 << 30


@hookimpl
def prepare_connection(conn):
    # One cap for SQLite's memory in this process: a query that builds a huge value fails fast.
    from ..serve import HEAP_LIMIT

    conn.execute(f"PRAGMA hard_heap_limit = {HEAP_LIMIT}")
    # The database never changes while it is served: read it through the OS's memory map instead of
    # copying pages into each connection's small cache (which also counts against the heap cap).
    conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")


@hookimpl
def asgi_wrapper(datasette):
    """Security headers and compression on every response, and an ETag for the database served:
    its hash (from the inspect file) with the hash of vragen's code, so that a new build or a new
    version of the portal is a new tag."""
    from ..build import code_version

    database = (datasette.inspect_data or {}).get(DATABASE) or {}
    tag = None
    if database.get("hash"):
        digest = hashlib.sha256(f"{database['hash']} {code_version()}".encode()).hexdigest()[:20]
        tag = f'W/"{digest}"'.encode()  # weak: the same page gzipped or not
    return lambda app: secure(app, tag)


# Datasette 0.65's own error handler prints a traceback with every local variable through `rich`
# for each error, a 404 included; outside an exception handler that printer itself fails, so a
# URL that matches no route answered 500 and took a second. Errors get our page; only a real
# server error leaves a (plain) traceback in the log.
_datasette_errors.rich = None

_ERRORS = {
    400: ("Ongeldige vraag", "Deze vraag kan niet beantwoord worden."),
    403: ("Niet toegestaan", "Dit mag hier niet."),
    404: ("Niet gevonden", "Deze pagina bestaat niet."),
    405: ("Niet toegestaan", "Deze methode wordt hier niet ondersteund."),
    500: ("Er ging iets mis", "Er ging iets mis bij het maken van deze pagina; probeer het later opnieuw."),
}


@hookimpl
def handle_exception(datasette, request, exception):
    async def page():
        status = getattr(exception, "status", 500)
        status = status if isinstance(status, int) and 400 <= status < 600 else 500
        title, message = _ERRORS.get(status, _ERRORS[500 if status >= 500 else 400])
        # What went wrong in a request (a statement that is no SELECT) helps a program; what went
        # wrong inside the server is not shown.
        detail = str(getattr(exception, "message", None) or (exception.args[0] if exception.args else ""))[:300] \
            if status < 500 else ""
        if detail and status != 404:
            message = f"{message} ({detail})"
        headers = {"access-control-allow-origin": "*", "cache-control": "no-store"}
        if request.path.endswith((".json", ".csv")):
            return Response.json({"ok": False, "status": status, "title": title, "error": detail or title},
                                 status=status, headers=headers)
        html = await datasette.render_template("vragen_error.html", {"title": title, "message": message},
                                               request=request)
        return Response.html(html, status=status, headers=headers)

    return page


def _base(datasette) -> str:
    """The site's path prefix ("" at the root; "/portaal" under `--setting base_url /portaal/`):
    every link the portal makes starts with it, so that the site works behind a proxy's path."""
    return (datasette.setting("base_url") or "/").rstrip("/")


@hookimpl
def extra_template_vars(datasette):
    base = _base(datasette)
    from ..publish import PAGE_ROWS

    return {"base": base, "page_rows": PAGE_ROWS, "vragen_nav": [(f"{base}/", "Start"), (f"{base}/zoek", "Zoeken"),
                                         (f"{base}/{DATABASE}", "Alle gegevens (JSON, CSV)")]}
