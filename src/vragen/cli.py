"""The `vragen` command: a thin layer over the library, one command per stage."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import build as build_module
from .model import SourceError


class Progress:
    """Progress on stderr: one updating line on a terminal, a line per tenth of the work in a log."""

    def __init__(self):
        self.tty = sys.stderr.isatty()
        self.shown = -1

    def __call__(self, done: int, total: int, label: str) -> None:
        if self.tty:
            end = "\n" if done == total else ""
            click.echo(f"\r\x1b[2K[{done}/{total}] {label}"[:200], err=True, nl=False)
            if end:
                click.echo("", err=True)
        elif done * 10 // total != self.shown or done == total:
            self.shown = done * 10 // total
            click.echo(f"[{done}/{total}] {label}", err=True)


@click.group()
@click.version_option(package_name="vragen")
def cli():
    """Tables from the Flemish Parliament's answers to written questions, as open data."""


@cli.command()
@click.option("--sources", type=click.Path(path_type=Path), default=Path("sources"), show_default=True,
              help="Folder with the text dumps (and PDFs) to publish.")
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Output folder: packages/, vragen.db, metadata.json, report.json.")
@click.option("--metadata", type=click.Path(path_type=Path), default=Path("metadata"), show_default=True,
              help="Curation folder: <session>/<nr>.yaml and codelists.yaml.")
@click.option("--collection", type=click.Path(path_type=Path), default=None,
              help="Also write the collection's datapackage.json here (default: ./datapackage.json "
                   "when building the default sources into the default build/).")
@click.option("--json", "as_json", is_flag=True, help="Print the build report as JSON (one line) on stdout.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@click.option("--check", is_flag=True, help="Build aside and fail when the committed datapackage.json or the "
              "curation files are stale relative to the sources; OUT is left alone.")
@click.option("--workers", type=int, default=None, help="Processes for extraction (default: one per core).")
@click.option("--allow-shrink", is_flag=True, help="Publish even when the build has fewer answers than OUT has now "
              "(removing answers on purpose); without it such a build leaves OUT alone and exits 1.")
def build(sources, out, metadata, collection, as_json, quiet, check, workers, allow_shrink):
    """Build packages and the database from SOURCES into OUT.

    Exit code 0 when every source was published, 1 when some failed (the others are published) or
    when OUT was left alone (the build would have published fewer answers), 2 when nothing could be
    built (no sources, another build holds OUT).
    """
    # The committed ./datapackage.json follows the default build only: a build into another --out
    # writes nothing outside it (its own OUT/datapackage.json describes it).
    if collection is None and sources == Path("sources") and out == Path("build") and (
            check or Path("datapackage.json").exists()):
        collection = Path("datapackage.json")
    if check:
        findings = build_module.check_fresh(sources, metadata, collection or Path("datapackage.json"), out)
        for finding in findings:
            click.echo(finding.render(), err=True)
        stale = [f for f in findings if f.level == "error"]
        click.echo("up to date" if not stale else f"{len(stale)} problems: stale or inconsistent", err=True)
        sys.exit(1 if stale else 0)
    progress = None if quiet else Progress()
    try:
        report = build_module.build(sources=sources, out=out, metadata=metadata, collection=collection,
                                    progress=progress, workers=workers, allow_shrink=allow_shrink)
    except SourceError as error:
        click.echo(error.finding.render(), err=True)
        sys.exit(2)
    for finding in report.findings:
        if finding.level != "info":
            click.echo(finding.render(), err=True)
    click.echo(report.summary(), err=True)
    if as_json:  # one line: indenting makes json use its slow Python encoder (0.5 s for 10,000 answers)
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    sys.exit(0 if report.ok else 1)


@cli.command()
@click.argument("out", type=click.Path(path_type=Path), default=Path("build"))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@click.option("--markdown", is_flag=True, help="Print the report as Markdown (for a pull request's summary).")
@click.option("-v", "--verbose", is_flag=True, help="Also list passed checks (notes).")
def validate(out, as_json, markdown, verbose):
    """Validate every package in OUT: Frictionless plus domain checks. Exit code 1 when invalid."""
    from .validate import validate_output

    report = validate_output(out)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    elif markdown:
        click.echo(report.markdown())
    else:
        click.echo(report.summary(verbose=verbose))
    sys.exit(0 if report.valid else 1)


@cli.command()
@click.argument("answers", nargs=-1)
@click.option("--sources", type=click.Path(path_type=Path), default=Path("sources"), show_default=True,
              help="Folder with the sources.")
@click.option("--metadata", type=click.Path(path_type=Path), default=Path("metadata"), show_default=True,
              help="Curation folder to write into.")
@click.option("--force", is_flag=True, help="Overwrite curation files that exist instead of merging into them.")
def draft(answers, sources, metadata, force):
    """Draft metadata/<session>/<nr>.yaml for answers (all, or ANSWERS only). Where a file exists,
    the draft is merged into it: new tables and columns are added, what a person wrote is kept,
    and every change is listed."""
    from .curate import curation_path, curate, draft as draft_text, load_codelists, merge_draft

    codelists = load_codelists(metadata)
    written = 0
    from .read.sources import find_sources, read_source

    for source in find_sources(sources):
        label = source.label
        try:
            document = read_source(source)
        except SourceError as error:
            click.echo(error.finding.render(), err=True)
            continue
        if answers and document.answer_id not in answers:
            continue
        target = curation_path(metadata, document.answer_id)
        tables, _, _ = curate(document, metadata / ".none", codelists, label)
        text = draft_text(document, tables)
        if target.exists() and not force:
            try:
                text, changes = merge_draft(target.read_text(encoding="utf-8"), text)
            except Exception as error:  # a file that is not YAML any more: say so, touch nothing
                click.echo(f"error: {target}: cannot merge into it ({error}); fix it, or redraft with --force",
                           err=True)
                continue
            for change in changes:
                click.echo(f"{target}: {change}", err=True)
            if not any("added" in change for change in changes):
                click.echo(f"{target}: up to date, left as it was", err=True)
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        click.echo(str(target))
        written += 1
    click.echo(f"{written} curation files drafted", err=True)


@cli.command()
@click.argument("ids", nargs=-1)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First publication date (YYYY-MM-DD).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last publication date (default: today).")
@click.option("--session", help="A parliamentary year, e.g. 2023-2024 (instead of --since/--until).")
@click.option("--sources", type=click.Path(path_type=Path), default=Path("sources"), show_default=True,
              help="Where to write <pfile>.pdf and <pfile>.record.json.")
@click.option("--cache", type=click.Path(path_type=Path), default=Path(".cache/fetch"), show_default=True,
              help="Raw responses, kept so that a re-run fetches nothing twice and problems replay offline.")
@click.option("--api-base", default="https://ws.vlpar.be", show_default=True,
              help="Base URL of the parliament's open-data services.")
@click.option("--delay", type=float, default=1.0, show_default=True, help="Seconds between two requests.")
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds before a request gives up.")
@click.option("--format", "record_format", type=click.Choice(["xml", "json"]), default="xml", show_default=True,
              help="Ask for records as XML (the service's default) or JSON.")
@click.option("--json", "as_json", is_flag=True, help="Print the fetch report as JSON on stdout.")
def fetch(ids, since, until, session, sources, cache, api_base, delay, timeout, record_format, as_json):
    """Fetch answered written questions from the Flemish Parliament into SOURCES.

    Give record IDS, or a date range (--since/--until), or --session. Questions not answered yet are
    listed, not stored. Exit code 2 when the service cannot be reached (nothing is written then).
    """
    from .fetch.client import Client, FetchError
    from .fetch.run import fetch as fetch_answers, session_range

    if not ids and not since and not session:
        raise click.UsageError("give record IDS, --since DATE or --session YEAR")
    start, end = (session_range(session) if session else
                  (since.date() if since else None, until.date() if until else None))
    client = Client(cache=cache, delay=delay, timeout=timeout)
    try:
        report = fetch_answers(sources, client, api_base=api_base.rstrip("/"), since=start, until=end,
                               ids=list(ids), accept_json=record_format == "json", progress=Progress())
    except FetchError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    for finding in report.findings:
        click.echo(finding.render(), err=True)
    for question in report.unanswered:
        click.echo(f"not answered yet: record {question['id']} (nr. {question['number']}): {question['title']} "
                   f"[{question['status']}]", err=True)
    click.echo(report.summary(), err=True)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))


@cli.command()
@click.argument("old")
@click.argument("new", default="build")
@click.option("--json", "as_json", is_flag=True, help="Print the diff as JSON instead of Markdown.")
def diff(old, new, as_json):
    """What changed in the data from OLD to NEW: two build folders, or git revisions (built on the fly).

    Answers and tables added or removed, schema changes, and every changed cell with old and new value.
    """
    from .diff import diff_outputs, resolve

    try:
        result = diff_outputs(resolve(old), resolve(new))
    except (FileNotFoundError, ValueError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)
    click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) if as_json else result.markdown())


@cli.command()
@click.argument("out", type=click.Path(path_type=Path), default=Path("build"))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port to listen on.")
@click.option("--allow-sql", is_flag=True, help="Allow arbitrary SQL queries (off by default: a public site keeps "
              "its canned queries, table pages and JSON API, and no runaway query can hold it).")
@click.option("--base-url", default="/", show_default=True,
              help="Path the site lives under behind a proxy, e.g. /vragen/ (every link starts with it).")
def serve(out, host, port, allow_sql, base_url):
    """Serve OUT/vragen.db with Datasette (immutable, read-only, time-limited SQL)."""
    from .serve import serve as serve_app

    try:
        serve_app(out, host=host, port=port, allow_sql=allow_sql, base_url=base_url)
    except FileNotFoundError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    cli()
