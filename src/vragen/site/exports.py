"""Bulk and complete downloads: the whole collection, the database, every cross-answer query in full.

A canned query page shows at most PAGE_ROWS rows (Datasette's `max_returned_rows`); its export here
pages through all of them by a key (the cell id) and streams CSV as it goes, so that no download is
ever cut short without a word. The collection's `datapackage.json` is served at the root with its
package files under `/packages/`, so that a Frictionless client can read the site as one package.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from types import MappingProxyType

from datasette import Response
from datasette.utils.asgi import AsgiFileDownload, AsgiStream

from ..publish import BUNDLE, DATABASE, QUERIES

CHUNK = 5_000  # rows per query: each stays far inside the SQL time limit
# Read-only: Datasette's file download adds content-length to the headers it is given, and a
# shared dict then sent one file's length with every later response (a truncated body).
CORS = MappingProxyType({"access-control-allow-origin": "*"})
TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json; charset=utf-8", ".png": "image/png"}


def _out(datasette) -> Path:
    return Path(datasette.get_database(DATABASE).path).parent


def _missing(what: str, status: int = 404) -> Response:
    return Response.text(what, status=status, headers={**CORS, "cache-control": "no-store"})


def export_sql(query: dict) -> str:
    """The query's page after a key, in key order."""
    return f"{query['sql']} and {query['key']} > :_after order by {query['key']} limit {CHUNK}"


async def export_csv(request, datasette):
    name = request.url_vars["name"]
    query = QUERIES.get(name)
    if query is None:
        return _missing(f"no export {name!r}; there are: {', '.join(sorted(QUERIES))}")
    params = {p: request.args.get(p) for p in query["params"]}
    absent = [p for p, value in params.items() if value is None]
    if absent:
        return _missing(f"give {', '.join(absent)} as a parameter, e.g. /export/{name}.csv?"
                        + "&".join(f"{p}=..." for p in query["params"]), status=400)
    database = datasette.get_database(DATABASE)
    sql = export_sql(query)

    async def stream(writer):
        after, header = 0, True
        while True:
            result = await database.execute(sql, {**params, "_after": after})
            buffer = io.StringIO()
            out = csv.writer(buffer, lineterminator="\n")
            if header:
                out.writerow(result.columns)
                header = False
            out.writerows(list(row) for row in result.rows)
            await writer.write(buffer.getvalue())
            if len(result.rows) < CHUNK:
                return
            after = result.rows[-1][0]

    filename = "-".join([name] + [str(v) for v in params.values()])
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in filename)[:120]
    return AsgiStream(stream, headers={**CORS, "content-disposition": f'attachment; filename="{safe}.csv"'},
                      content_type="text/csv; charset=utf-8")


async def collection_descriptor(request, datasette):
    path = _out(datasette) / "datapackage.json"
    if not path.is_file():
        return _missing("not found")
    return Response(path.read_bytes(), content_type=TYPES[".json"], headers=dict(CORS))


def package_path(datasette, answer_id: str, relative: str) -> Path | None:
    """A file inside an answer's package folder, or None: nothing from the URL may reach outside it."""
    root = (_out(datasette) / "packages").resolve()
    path = (root / answer_id / relative).resolve()
    return path if root in path.parents and path.is_file() else None


async def package_file(request, datasette):
    """A file of an answer's package, where the collection descriptor's paths point."""
    path = package_path(datasette, request.url_vars["answer_id"], request.url_vars["path"])
    if path is None or path.suffix not in TYPES:
        return _missing("not found")
    return Response(path.read_bytes(), content_type=TYPES[path.suffix], headers=dict(CORS))


async def bundle(request, datasette):
    path = _out(datasette) / BUNDLE
    if not path.is_file():
        return _missing("not found")
    return AsgiFileDownload(path, filename=BUNDLE, content_type="application/zip", headers=dict(CORS))
