"""Serve the published database with Datasette, set up for public, read-only serving."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from .publish import DATABASE

TEMPLATES = Path(__file__).parent / "site" / "templates"

# Public-serving settings: facet suggestions cost hundreds of ms per page at scale; a slow query
# must not hold a worker.
SETTINGS = {
    "suggest_facets": False,
    "sql_time_limit_ms": 1000,
    "default_page_size": 100,
    "allow_download": False,
    "default_cache_ttl": 3600,
}


def output_files(out: Path) -> tuple[Path, Path, Path]:
    database, inspect, metadata = out / f"{DATABASE}.db", out / "inspect-data.json", out / "metadata.json"
    for path in (database, inspect, metadata):
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `vragen build` first")
    return database, inspect, metadata


def make_app(out: Path):
    """The Datasette app on a build's output: immutable database, inspect file, metadata."""
    from datasette.app import Datasette

    database, inspect, metadata = output_files(out)
    return Datasette(
        immutables=[str(database)],
        template_dir=str(TEMPLATES),
        inspect_data=json.loads(inspect.read_text(encoding="utf-8")),
        metadata=json.loads(metadata.read_text(encoding="utf-8")),
        settings=SETTINGS,
        cors=True,
    )


def datasette_command(out: Path, host: str, port: int) -> list[str]:
    database, inspect, metadata = output_files(out)
    command = [sys.executable, "-m", "datasette", "serve", "-i", str(database), "--inspect-file", str(inspect),
               "--metadata", str(metadata), "--template-dir", str(TEMPLATES), "--host", host, "--port", str(port),
               "--cors"]
    for name, value in SETTINGS.items():
        command += ["--setting", name, "on" if value is True else "off" if value is False else str(value)]
    return command


def serve(out: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    command = datasette_command(out, host, port)
    os.execvp(command[0], command)
