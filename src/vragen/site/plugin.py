"""The portal: Datasette pages for people (home, search, an answer, a table) and stable download
URLs for programs. Registered as a Datasette plugin through the `datasette` entry point.

Everything a document says is passed to Jinja as data, autoescaped: no text from a document is
ever rendered as markup.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import quote, urlencode

import datasette.handle_exception as _datasette_errors
from datasette import Response, hookimpl
from markupsafe import Markup, escape

from ..confidence import LEVEL_TEXT
from ..model import Method, Provenance
from ..publish import DATABASE
from . import exports, findable
from . import chart as drawing
from .cite import FORMATS, citation
from .excel import workbook
from .findable import base_path, dataset_jsonld, page_meta, site_root
from .headers import secure
from .search import Recent, fts_query, page_number
from .tables import UNIT_NAMES, wide_table

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
    meta = page_meta(site_root(datasette, request), "/", "vragen: cijfers uit antwoorden op schriftelijke vragen",
                     metadata.get("description") or "")
    return await _page(datasette, request, "vragen_home.html", {
        **data, "meta": meta, "licence": metadata.get("license"),
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
    if match:  # best match first (ties: the later answer first), the matching words shown in context
        # Two steps: rank every hit by bm25 alone, then make excerpts for the page's 20 only (SQLite
        # makes a row's every column before it sorts: excerpts for all hits cost 29 ms, this 15 ms,
        # for a word in all 10,000 answers).
        results = await _rows(datasette, f"with top as (select answers_fts.rowid as hit, bm25(answers_fts) as score "
                                         f"from {source}{clause} order by score, hit desc {window}) "
                                         f"select {columns}, snippet(answers_fts, -1, char(2), char(3), '…', 24) "
                                         "as excerpt from top cross join answers_fts cross join answers "
                                         "on answers.rowid = top.hit where answers_fts.rowid = top.hit "
                                         "and answers_fts match :q order by top.score, top.hit desc", params)
    else:
        results = await _rows(datasette, f"select {columns}, substr(answers.answer, 1, 240) || '…' as excerpt "
                                         f"from answers{clause} order by answers.date desc, answers.id desc {window}",
                              params)
    for result in results:
        result["excerpt"] = Markup(str(escape(result["excerpt"] or ""))
                                   .replace("\x02", "<mark>").replace("\x03", "</mark>"))
    facets, base = {}, base_path(datasette)
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


_FACETS_OF = Recent(256)  # facets of recent searches: a word in every answer costs 40 ms to count


async def _facet_values(datasette, source: str, clause: str, params: dict) -> list[list[dict]]:
    """The eight commonest values of each facet among the hits, in one query (one trip to SQLite's
    thread, not four) over the hits found once (a word in every answer: 80 -> 40 ms at 10,000);
    remembered for the last 256 searches."""
    key = (datasette.get_database(DATABASE).path, source, clause, tuple(sorted(params.items())))
    remembered = _FACETS_OF.get(key)
    if remembered is not None:
        return remembered
    columns = ", ".join(f"answers.{column} as {column}" for column, _ in FACETS)
    parts = [f"select * from (select {i} as facet, {column} as value, count(*) as n from hits "
             f"group by {column} order by n desc, value limit 8)" for i, (column, _) in enumerate(FACETS)]
    rows = await _rows(datasette, f"with hits as materialized (select {columns} from {source}{clause}) "
                                  + " union all ".join(parts), params)
    found = [[{"value": r["value"], "n": r["n"]} for r in rows if r["facet"] == i] for i in range(len(FACETS))]
    _FACETS_OF.put(key, found)
    return found


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
    record, base, root = found[0], base_path(datasette), site_root(datasette, request)
    links = await _question_links(datasette, answer_id)
    cited_by = await _rows(datasette, "select distinct l.answer_id as id, a.title, a.date from question_links l join "
                                      "answers a on a.id = l.answer_id where l.target_id = :id order by a.date desc",
                           {"id": answer_id})
    description = (f"Antwoord van {record['minister']} op schriftelijke vraag nr. {record['number']} "
                   f"({record['session']}) van {record['asker']}: {len(tables)} tabel"
                   f"{'len' if len(tables) != 1 else ''}. " + (record["answer"] or "")[:200])
    downloads = [(f"{root}/pakket/{answer_id}.zip", "application/zip")] + [
        (f"{root}/tabel/{t['id']}.csv", "text/csv") for t in tables]
    return await _page(datasette, request, "vragen_answer.html", {
        "answer": record, "tables": tables, "figures": figures, "cited_by": cited_by,
        "cite": citation(record, f"{root}/antwoord/{answer_id}"), "cite_base": f"{base}/citeer/{answer_id}",
        "meta": page_meta(root, f"/antwoord/{answer_id}", record["title"], description,
                          dataset_jsonld(root, record, record["title"], description, downloads)),
        "question_parts": [_linked(p, links) for p in _paragraphs(record["question"])],
        "answer_parts": [_linked(p, links) for p in _paragraphs(record["answer"])]})


PARLIAMENT_SEARCH = ("https://ws.vlpar.be/api/search/query/{number}?collection=vp_collection&requiredfields="
                     "aggregaattype:Schriftelijke%20vraag.nummer:{number}{session}")


async def _question_links(datasette, answer_id: str) -> list[dict]:
    """The questions an answer refers to, each with where it leads: its answer page when the
    collection holds it, else the parliament's search for its number (and year, when known)."""
    links = await _rows(datasette, "select l.printed, l.number, l.session, l.target_id, a.id as present from "
                                   "question_links l left join answers a on a.id = l.target_id "
                                   "where l.answer_id = :id", {"id": answer_id})
    base = base_path(datasette)
    for link in links:
        link["href"] = f"{base}/antwoord/{link['present']}" if link["present"] else PARLIAMENT_SEARCH.format(
            number=link["number"], session=f".zittingsjaar:{link['session']}" if link["session"] else "")
    return links


def _linked(paragraph: str, links: list[dict]) -> Markup:
    """A paragraph as HTML, with each reference to another question as a link (all text escaped)."""
    html = str(escape(paragraph))
    for link in links:
        pattern = r"\s+".join(re.escape(str(escape(word))) for word in link["printed"].split())
        title = "dit antwoord op deze site" if link["present"] else "zoeken bij het Vlaams Parlement"
        html = re.sub(pattern, lambda m: f'<a href="{escape(link["href"])}" title="{title}">{m.group(0)}</a>', html)
    return Markup(html)


def _beyond(description: str | None, intro: str | None) -> str | None:
    """The curated description where it says more than the intro sentence it often starts with."""
    if not description or description == intro:
        return None
    if intro and description.startswith(intro):
        return description[len(intro):].strip() or None
    return description


def _paragraphs(text: str | None) -> list[str]:
    return [p for p in (text or "").split("\n\n") if p.strip()]


def _provenance(record: dict) -> Provenance | None:
    return Provenance.from_dict(json.loads(record["provenance"] or "{}"))


async def _table_data(datasette, record: dict) -> tuple[list[dict], list[dict], dict]:
    """A published table's columns, its values in printed order, and its answer: what its page,
    charts and Excel download are made from."""
    fields = await _rows(datasette, "select * from fields where table_id = :id order by position", {"id": record["id"]})
    cells = await _rows(datasette, "select id, row, measure, value, printed, unit, labels, is_total, page, line, bbox "
                                   "from cells where table_id = :id order by row, id", {"id": record["id"]})
    answer = (await _rows(datasette, "select id, session, number, title, pdf_url, page_url, date, minister, asker, "
                                     "theme from answers where id = :id", {"id": record["answer_id"]}))[0]
    return fields, cells, answer


async def _table_record(datasette, answer_id: str, name: str) -> dict | None:
    found = await _rows(datasette, "select * from tables where id = :id", {"id": f"{answer_id}/{name}"})
    return found[0] if found else None


async def table(request, datasette):
    answer_id, name = request.url_vars["answer_id"], request.url_vars["name"]
    record = await _table_record(datasette, answer_id, name)
    if record is None:
        return await not_found(datasette, request, f"tabel {answer_id}/{name}")
    fields, cells, answer_row = await _table_data(datasette, record)
    provenance = _provenance(record)
    grid = wide_table(fields, cells)
    base = base_path(datasette)
    from ..package import SOURCE_TEXT

    source = f"{base}/bron/{answer_id}" if _package_file(datasette, answer_id, SOURCE_TEXT) else None
    root = site_root(datasette, request)
    path = f"/tabel/{answer_id}/{name}"
    description = (f"{record['title']}: {record['rows']} rijen, {record['values']} waarden, uit het antwoord van "
                   f"{answer_row['minister']} op schriftelijke vraag nr. {answer_row['number']} "
                   f"({answer_row['session']}). " + (record["intro"] or ""))
    downloads = [(f"{root}{path}.{suffix}", kind) for suffix, kind in
                 (("csv", "text/csv"), ("json", "application/json"), ("xlsx", XLSX))]
    for row in grid["rows"]:
        for label in row["labels"]:
            if label.get("codelist") and label["text"]:
                label["href"] = f"{base}/label/{quote(label['codelist'])}/{quote(label['text'], safe='')}"
    crops = _crops(base, answer_id, provenance, grid, answer_row["pdf_url"])
    return await _page(datasette, request, "vragen_table.html", {
        "table": record, "answer": answer_row, "fields": fields, "grid": grid, "crops": crops,
        "boxed": {box["id"] for crop in crops for box in crop["boxes"]},
        "meta": page_meta(root, path, record["title"], description,
                          dataset_jsonld(root, answer_row, record["title"], description, downloads)),
        "cite": citation(answer_row, root + path, table=record),
        "cite_base": f"{base}/citeer/{answer_id}/{name}",
        "extra": _beyond(record["description"], record["intro"]),
        "notes": json.loads(record["notes"] or "[]"),
        "units": [UNIT_NAMES.get(u, u) for u in json.loads(record["units"] or "[]")],
        "unit_codes": [(UNIT_NAMES.get(u, u), u) for u in json.loads(record["units"] or "[]")],
        "provenance": provenance, "check": check_summary(record["checks"]),
        "charts": [{"svg": Markup(drawing.svg(c, f"grafiek-{k}")), "title": c.title,
                    "download": f"{base}{path}/grafiek-{k}"}
                   for k, c in enumerate(drawing.charts(grid, record["title"], _chart_source(answer_row)), start=1)],
        "source": source,
        "links": (provenance.links if provenance else None) or ([record["pdf_url"]] if record["pdf_url"] else []),
        "downloads": {"csv": f"{base}/tabel/{answer_id}/{name}.csv", "json": f"{base}/tabel/{answer_id}/{name}.json",
                      "package": f"{base}/pakket/{answer_id}.zip", "xlsx": f"{base}{path}.xlsx",
                      "cells": f"{base}/{DATABASE}/cells?table_id={record['id']}"}})


def _crops(base: str, answer_id: str, provenance: Provenance | None, grid: dict, pdf_url: str | None) -> list[dict]:
    """The page crops of a table read from a PDF, each with its values' boxes placed on it (in percent
    of the image, so that they stay in place however wide the image is shown)."""
    crops = []
    values = [v for row in grid["rows"] for v in row["values"] if v.get("bbox") and v.get("page")]
    for crop in (provenance.crops if provenance else None) or []:
        x0, top, x1, bottom = crop["bbox"]
        boxes = []
        for value in values:
            bx0, btop, bx1, bbottom = (float(n) for n in value["bbox"].split(","))
            if value["page"] != crop["page"] or btop < top or bbottom > bottom:
                continue
            boxes.append({"id": value["id"], "printed": value["printed"],
                          "left": round((bx0 - x0) / (x1 - x0) * 100, 2),
                          "top": round((btop - top) / (bottom - top) * 100, 2),
                          "width": round((bx1 - bx0) / (x1 - x0) * 100, 2),
                          "height": round((bbottom - btop) / (bottom - top) * 100, 2)})
        crops.append({"page": crop["page"], "src": f"{base}/packages/{answer_id}/{crop['path']}",
                      "width": crop["size"][0], "height": crop["size"][1], "boxes": boxes,
                      "pdf": f"{pdf_url}#page={crop['page']}" if pdf_url else None})
    return crops


def _chart_source(answer: dict) -> str:
    return (f"Bron: {answer['minister']}, antwoord op schriftelijke vraag nr. {answer['number']} "
            f"({answer['session']}), Vlaams Parlement; vragen")


async def chart_file(request, datasette):
    """One of a table's charts as an SVG or PNG file."""
    answer_id, name = request.url_vars["answer_id"], request.url_vars["name"]
    number, form = int(request.url_vars["number"]), request.url_vars["form"]
    record = await _table_record(datasette, answer_id, name)
    if record is None:
        return await not_found(datasette, request, f"grafiek van {answer_id}/{name}")
    fields, cells, answer_row = await _table_data(datasette, record)
    made = drawing.charts(wide_table(fields, cells), record["title"], _chart_source(answer_row))
    if not 1 <= number <= len(made):
        return await not_found(datasette, request, f"grafiek {number} van {answer_id}/{name}")
    chart = made[number - 1]
    filename = f"{answer_id}-{name}-grafiek-{number}.{form}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if form == "svg":
        return _cors(Response('<?xml version="1.0" encoding="UTF-8"?>\n' + drawing.svg(chart),
                              content_type="image/svg+xml; charset=utf-8", headers=headers))
    return _cors(Response(drawing.png(chart), content_type="image/png", headers=headers))


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def table_xlsx(request, datasette):
    """The table as an Excel workbook: as printed, in long form, and where it comes from."""
    answer_id, name = request.url_vars["answer_id"], request.url_vars["name"]
    record = await _table_record(datasette, answer_id, name)
    if record is None:
        return _cors(Response.text("not found", status=404))
    fields, cells, answer_row = await _table_data(datasette, record)
    provenance = _provenance(record) or Provenance("", "", None)
    root = site_root(datasette, request)
    about = [("Tabel", record["title"]), ("Antwoord", f"{answer_row['title']} ({answer_id})"),
             ("Vraag", f"Schriftelijke vraag nr. {answer_row['number']} ({answer_row['session']}) van "
                       f"{answer_row['asker']} aan {answer_row['minister']}, {answer_row['date']}"),
             ("Document", answer_row["pdf_url"] or answer_row["page_url"] or ""),
             ("Op deze site", f"{root}/tabel/{answer_id}/{name}"),
             ("Bronbestand", f"{provenance.file} (sha256 {provenance.sha256})"),
             ("Gelezen met", READERS.get(provenance.method, provenance.method or "")),
             ("Pagina's", ", ".join(str(p) for p in provenance.pages or [])),
             ("Regels", "-".join(str(line) for line in provenance.lines or [])),
             ("Eenheden", ", ".join(UNIT_NAMES.get(u, u) for u in json.loads(record["units"] or "[]")))]
    body = workbook(record["title"], wide_table(fields, cells), about)
    return _cors(Response(body, content_type=XLSX,
                          headers={"Content-Disposition": f'attachment; filename="{answer_id}-{name}.xlsx"'}))


async def cite(request, datasette):
    """An answer's or a table's citation as BibTeX, RIS or CSL-JSON."""
    answer_id, name, form = request.url_vars["answer_id"], request.url_vars.get("name"), request.url_vars["form"]
    found = await _rows(datasette, "select * from answers where id = :id", {"id": answer_id})
    record = await _table_record(datasette, answer_id, name) if name else None
    if not found or (name and record is None):
        return await not_found(datasette, request, f"citaat van {answer_id}")
    root = site_root(datasette, request)
    url = f"{root}/tabel/{answer_id}/{name}" if name else f"{root}/antwoord/{answer_id}"
    writer, media_type = FORMATS[form]
    text = writer(citation(found[0], url, table=record))
    filename = f"{answer_id}{'-' + name if name else ''}.{form}"
    return _cors(Response(text, content_type=media_type,
                          headers={"Content-Disposition": f'attachment; filename="{filename}"'}))


PLACE_TABLES = 25  # tables on one page of a place


async def label_page(request, datasette):
    """Every table with a row for one code-list value ("alle cijfers voor Limburg"), across answers,
    newest first, a page of tables at a time."""
    codelist, label = request.url_vars["codelist"], request.url_vars["label"]
    params = {"codelist": codelist, "label": label}
    where = "from cell_labels where codelist = :codelist and label = :label"
    counted = (await _rows(datasette, f"select count(distinct table_id) as tables, count(*) as n_values {where}",
                           params))[0]
    if not counted["tables"]:
        return await not_found(datasette, request, f"waarde “{label}” in de codelijst {codelist}")
    pages = -(-counted["tables"] // PLACE_TABLES)
    page = page_number(request.args.get("pagina"), pages)
    tables = await _rows(datasette, f"select t.id, t.title, t.answer_id, a.title as answer_title, a.date from "
                                    f"(select distinct table_id {where}) x join tables t on t.id = x.table_id "
                                    "join answers a on a.id = t.answer_id order by a.date desc, t.id "
                                    f"limit {PLACE_TABLES} offset {(page - 1) * PLACE_TABLES}", params)
    cells = await _rows(datasette, "select c.table_id, c.printed, c.unit, f.title as measure_title, c.measure "
                                   "from cell_labels l join cells c on c.id = l.cell_id "
                                   "left join fields f on f.table_id = c.table_id and f.name = c.measure "
                                   "where l.codelist = :codelist and l.label = :label "
                                   "and l.table_id in (select value from json_each(:ids)) order by c.table_id, c.row, c.id",
                        {**params, "ids": json.dumps([t["id"] for t in tables])})
    for table in tables:
        table["values"] = [c for c in cells if c["table_id"] == table["id"]]
    base, root = base_path(datasette), site_root(datasette, request)
    path = f"/label/{quote(codelist)}/{quote(label, safe='')}"
    return await _page(datasette, request, "vragen_label.html", {
        "codelist": codelist, "label": label, "tables": tables, "count": counted["n_values"],
        "table_count": counted["tables"], "page": page, "pages": pages,
        "earlier": f"{base}{path}?pagina={page - 1}" if page > 1 else None,
        "more": f"{base}{path}?pagina={page + 1}" if page < pages else None,
        "export": f"{base}/export/waarden_per_codelijst.csv?codelijst={quote(codelist)}",
        "meta": page_meta(root, path, f"Alle cijfers voor {label}",
                          f"{counted['n_values']} waarden in {counted['tables']} tabellen met een rij voor {label}.")})


READERS = {method.value: method.dutch for method in Method}  # how a table was read, in the portal's words


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
    from ..read.dump import decode_text, split_lines

    answer_id = request.url_vars["answer_id"]
    path = _package_file(datasette, answer_id, SOURCE_TEXT)
    rows = await _rows(datasette, "select id, title from answers where id = :id", {"id": answer_id})
    if path is None or not rows:
        return await not_found(datasette, request, f"brontekst van {answer_id}")
    text, _ = decode_text(path, path.read_bytes())
    lines = [(number, line.text) for number, line in enumerate(split_lines(text), start=1)]  # as the reader numbers them
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
        (rf"^/tabel/{_ID}/{_NAME}\.xlsx$", table_xlsx),
        (rf"^/tabel/{_ID}/{_NAME}/grafiek-(?P<number>[1-9][0-9]?)\.(?P<form>svg|png)$", chart_file),
        (rf"^/citeer/{_ID}(?:/{_NAME})?\.(?P<form>bib|ris|csl\.json)$", cite),
        (r"^/label/(?P<codelist>[a-z0-9][a-z0-9._-]*)/(?P<label>[^/]+)$", label_page),
        (r"^/robots\.txt$", findable.robots),
        (r"^/sitemap\.xml$", findable.sitemap),
        (r"^/sitemap-(?P<number>[0-9]{1,4})\.xml$", findable.sitemap_part),
        (r"^/nieuw\.atom$", findable.feed),
        (r"^/catalogus\.ttl$", findable.catalogue_ttl),
        (r"^/catalogus\.jsonld$", findable.catalogue_jsonld),
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


@hookimpl
def extra_template_vars(datasette):
    base = base_path(datasette)
    from ..publish import PAGE_ROWS

    return {"base": base, "page_rows": PAGE_ROWS, "unit_names": UNIT_NAMES, "vragen_nav": [(f"{base}/", "Start"), (f"{base}/zoek", "Zoeken"),
                                         (f"{base}/{DATABASE}", "Alle gegevens (JSON, CSV)")]}
