"""Serve the published database with Datasette, set up for public, read-only serving.

One configuration: `make_app` builds the app the tests use, and `vragen serve` runs that same
app with uvicorn, as Datasette's own `serve` command does.

Public by default: the database is immutable, queries are time-limited, SQLite's heap is capped,
and arbitrary SQL is off (canned queries, table pages and the JSON API stay on). Twenty runaway
queries (a recursive CTE, `randomblob(900000000)`) would otherwise hold every SQL thread and make
every page wait; `vragen serve --allow-sql` turns it on for a local analysis.
"""

from __future__ import annotations

import json
from pathlib import Path

from .publish import DATABASE, PAGE_ROWS

TEMPLATES = Path(__file__).parent / "site" / "templates"

# Public-serving settings: facet suggestions cost hundreds of ms per page at scale; a slow query
# must not hold a worker.
SETTINGS = {
    "suggest_facets": False,
    "sql_time_limit_ms": 1000,
    "default_page_size": 100,
    "allow_download": True,  # the database file itself: /vragen.db (it is immutable)
    # Rows on one page of a query: rendering 1,000 rows of JSON took 200 ms of a core; every row of a
    # cross-answer query is in its export (/export/<query>.csv), and each page says so.
    "max_returned_rows": PAGE_ROWS,
    "default_cache_ttl": 3600,
}
HEAP_LIMIT = 256 * 1024 * 1024  # SQLite's memory, all connections together (PRAGMA hard_heap_limit)


def output_files(out: Path) -> tuple[Path, Path, Path]:
    database, inspect, metadata = out / f"{DATABASE}.db", out / "inspect-data.json", out / "metadata.json"
    for path in (database, inspect, metadata):
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `vragen build` first")
    return database, inspect, metadata


def make_app(out: Path, allow_sql: bool = False, base_url: str = "/"):
    """The Datasette app on a build's output: immutable database, inspect file, metadata; under
    `base_url` when a proxy serves it under a path (links carry it; requests arrive with it)."""
    from datasette.app import Datasette

    database, inspect, metadata_path = output_files(out)
    metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    if not allow_sql:
        metadata.setdefault("databases", {}).setdefault(DATABASE, {})["allow_sql"] = False
    return Datasette(
        immutables=[str(database)],
        template_dir=str(TEMPLATES),
        inspect_data=json.loads(inspect.read_text(encoding="utf-8")),
        metadata=metadata,
        settings={**SETTINGS, "base_url": "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"},
        cors=True,
    )


def serve(out: Path, host: str = "127.0.0.1", port: int = 8001, allow_sql: bool = False,
          base_url: str = "/") -> None:
    """Run `make_app(out)` with uvicorn, the way `datasette serve` runs its app."""
    import asyncio

    import uvicorn

    app = make_app(out, allow_sql=allow_sql, base_url=base_url)
    asyncio.run(app.invoke_startup())
    uvicorn.run(app.app(), host=host, port=port, log_level="info", lifespan="on", workers=1)
