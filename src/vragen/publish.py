"""Publish the packages as one SQLite database with a fixed schema, plus Datasette metadata.

The schema does not grow with the corpus (Datasette slows to minutes at 20,000 tables): answers,
tables, fields, prose figures and every value in long form. Wide CSV/JSON of one table come from
its package. The database is a pure function of the packages, written in a fixed order, so two
builds of the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from .model import ERROR, Finding, Provenance, Role
from .package import LICENSE, PublishedAnswer, dump_json, page_link, read_package
from .read.references import find_references

DATABASE = "vragen"
BUNDLE = "vragen-open-data.zip"  # the whole collection: its datapackage.json and every package

SCHEMA = """
CREATE TABLE answers (
  id TEXT PRIMARY KEY,
  session TEXT NOT NULL,
  number INTEGER NOT NULL,
  date TEXT NOT NULL,
  title TEXT NOT NULL,
  theme TEXT,
  asker TEXT,
  minister TEXT,
  minister_title TEXT,
  question TEXT,
  answer TEXT,
  pdf_url TEXT,
  page_url TEXT,
  tables INTEGER NOT NULL,
  figures INTEGER NOT NULL,
  curated INTEGER NOT NULL,
  package TEXT NOT NULL,
  table_text TEXT
);
CREATE TABLE tables (
  id TEXT PRIMARY KEY,
  answer_id TEXT NOT NULL REFERENCES answers(id),
  name TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT,
  section TEXT,
  intro TEXT,
  notes TEXT,
  units TEXT,
  rows INTEGER NOT NULL,
  "values" INTEGER NOT NULL,
  pdf_url TEXT,
  provenance TEXT,
  csv_path TEXT NOT NULL,
  curated INTEGER NOT NULL,
  confidence TEXT,
  checks TEXT
);
CREATE TABLE fields (
  table_id TEXT NOT NULL REFERENCES tables(id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  title TEXT,
  role TEXT NOT NULL,
  type TEXT NOT NULL,
  unit TEXT,
  description TEXT,
  codelist TEXT,
  printed TEXT,
  PRIMARY KEY (table_id, position)
);
CREATE TABLE figures (
  id TEXT PRIMARY KEY,
  answer_id TEXT NOT NULL REFERENCES answers(id),
  section TEXT,
  value NUMERIC,
  unit TEXT,
  printed TEXT,
  noun TEXT,
  sentence TEXT,
  line INTEGER
);
CREATE TABLE cells (
  id INTEGER PRIMARY KEY,
  table_id TEXT NOT NULL REFERENCES tables(id),
  answer_id TEXT NOT NULL REFERENCES answers(id),
  row INTEGER NOT NULL,
  measure TEXT NOT NULL,
  value NUMERIC,
  printed TEXT,
  unit TEXT,
  labels TEXT NOT NULL,
  is_total INTEGER NOT NULL,
  line INTEGER,
  page INTEGER,
  bbox TEXT
);
CREATE TABLE question_links (
  answer_id TEXT NOT NULL REFERENCES answers(id),
  part TEXT NOT NULL,
  printed TEXT NOT NULL,
  number INTEGER NOT NULL,
  session TEXT,
  asked TEXT,
  target_id TEXT,
  sentence TEXT NOT NULL
);
CREATE TABLE cell_labels (
  cell_id INTEGER NOT NULL REFERENCES cells(id),
  table_id TEXT NOT NULL REFERENCES tables(id),
  dimension TEXT NOT NULL,
  label TEXT,
  codelist TEXT
);
CREATE INDEX cells_table ON cells(table_id, row);
CREATE INDEX cells_answer ON cells(answer_id);
CREATE INDEX cell_labels_cell ON cell_labels(cell_id);
CREATE INDEX cell_labels_dimension ON cell_labels(dimension, label, cell_id);
CREATE INDEX cell_labels_codelist ON cell_labels(codelist, cell_id);
CREATE INDEX cell_labels_table ON cell_labels(table_id);
CREATE INDEX cell_labels_place ON cell_labels(codelist, label, table_id);
CREATE INDEX tables_answer ON tables(answer_id);
CREATE INDEX answers_theme ON answers(theme);
CREATE INDEX answers_minister ON answers(minister);
CREATE INDEX answers_session ON answers(session);
CREATE INDEX answers_asker ON answers(asker);
CREATE INDEX answers_date ON answers(date, id);
CREATE INDEX figures_answer ON figures(answer_id);
CREATE INDEX fields_table ON fields(table_id);
CREATE INDEX question_links_answer ON question_links(answer_id);
CREATE INDEX question_links_target ON question_links(target_id);
"""

COLUMN_DOCS = {
    "answers": {
        "id": "Sessiejaar en vraagnummer, bv. 2023-2024-418",
        "session": "Parlementair jaar (begint op de vierde maandag van september)",
        "number": "Nummer van de schriftelijke vraag",
        "date": "Datum van de vraag (ISO)",
        "title": "Titel van de vraag",
        "theme": "Thema volgens het Vlaams Parlement",
        "asker": "Vraagsteller",
        "minister": "Minister die antwoordt",
        "minister_title": "Functie van de minister zoals gedrukt",
        "question": "Tekst van de vraag",
        "answer": "Tekst van het antwoord, zonder de tabellen",
        "pdf_url": "Het antwoord als PDF bij het Vlaams Parlement",
        "page_url": "De pagina van de vraag bij het Vlaams Parlement",
        "tables": "Aantal tabellen in het antwoord",
        "figures": "Aantal cijfers in de lopende tekst",
        "curated": "1 als een mens de tabellen benoemd en beschreven heeft",
        "package": "Pad van het datapakket (datapackage.json)",
        "table_text": "Wat de tabellen in woorden zeggen (titels, kolommen, labels, noten): om op te zoeken",
    },
    "tables": {
        "id": "Antwoord-id / tabelnaam",
        "answer_id": "Het antwoord waar de tabel in staat",
        "section": "Onderdeel van het antwoord (2.a ...)",
        "intro": "De zin die de tabel inleidt",
        "notes": "Voetnoten en opmerkingen (JSON-lijst)",
        "units": "Eenheden van de waarden (JSON-lijst)",
        "confidence": "Hoe zeker de lezing is: checked (de totalen kloppen), read (niets te controleren), "
                      "doubtful (een controle faalt)",
        "checks": "De controles achter die zekerheid (JSON): totalen gecontroleerd en fout, lege cellen, lezer",
        "rows": "Aantal rijen (tidy)",
        "values": "Aantal ingevulde waarden",
        "pdf_url": "Link naar de PDF-pagina van de tabel",
        "provenance": "Herkomst: bestand, sha256, methode, regels of pagina's (JSON)",
        "csv_path": "Pad van de tidy CSV in het datapakket",
    },
    "fields": {
        "role": "dimension (label), measure (waarde) of unit (eenheid per rij)",
        "unit": "Eenheid: count, percent, EUR ...",
        "printed": "De kolomkop zoals gedrukt",
        "codelist": "Codelijst waarnaar de labels verwijzen",
    },
    "figures": {
        "value": "Het cijfer (punt als decimaalteken)",
        "unit": "EUR, percent of leeg",
        "printed": "Het cijfer zoals gedrukt",
        "noun": "Het woord na het cijfer",
        "sentence": "De zin die het cijfer noemt",
        "line": "Regel in het bronbestand",
    },
    "cells": {
        "table_id": "De tabel",
        "row": "Rij in de tidy tabel",
        "measure": "Kolom van de waarde in de tidy tabel",
        "value": "De waarde (punt als decimaalteken)",
        "printed": "De waarde zoals gedrukt",
        "unit": "Eenheid: count, percent, EUR ...",
        "labels": "De labels van de rij (JSON: dimensie -> label)",
        "is_total": "1 voor een totaalrij of -kolom zoals gedrukt",
        "line": "Regel in het tekstbestand",
        "page": "Pagina in de PDF",
        "bbox": "Kader op de PDF-pagina (x0,top,x1,bottom)",
    },
    "cell_labels": {
        "dimension": "Naam van de labelkolom",
        "label": "Het label",
        "codelist": "Codelijst van de labelkolom (bv. provincies)",
    },
    "question_links": {
        "answer_id": "Het antwoord waarin de verwijzing staat",
        "part": "vraag of antwoord",
        "printed": "De verwijzing zoals gedrukt",
        "number": "Nummer van de vraag waarnaar verwezen wordt",
        "session": "Haar zittingsjaar (uit de datum), of leeg",
        "asked": "De datum die de verwijzing noemt",
        "target_id": "Id van de vraag waarnaar verwezen wordt (zittingsjaar-nummer), als het zittingsjaar bekend is",
        "sentence": "De zin met de verwijzing",
    },
}


def _number(value) -> float | None:
    if value is None or isinstance(value, str):
        return None
    return float(value) if isinstance(value, Decimal) else value


def _answer_row(answer: PublishedAnswer, package_path: str) -> tuple:
    meta = answer.answer
    question = "\n\n".join((f"{s['section']}. " if s["section"] != "0" else "") + s["text"]
                             for s in answer.sections if s["part"] == "vraag")
    text = "\n\n".join((f"{s['section']}. " if s["section"] != "0" else "") + s["text"]
                       for s in answer.sections if s["part"] == "antwoord")
    return record("answers", id=answer.id, session=meta.get("session"), number=meta.get("number"),
                  date=meta.get("date"), title=answer.descriptor.get("title"), theme=meta.get("theme"),
                  asker=meta.get("asker"), minister=meta.get("minister"), minister_title=meta.get("minister_title"),
                  question=question, answer=text, pdf_url=meta.get("pdf_url"), page_url=meta.get("page_url"),
                  tables=len(answer.tables), figures=len(answer.figures), curated=int(bool(meta.get("curated"))),
                  package=package_path, table_text=_table_text(answer))


def _question_links(answer: PublishedAnswer) -> list[tuple]:
    """The other written questions the question or answer refers to (never itself)."""
    rows = []
    for section in answer.sections:
        for reference in find_references(section["text"]):
            if reference.answer_id != answer.id:
                rows.append(record("question_links", answer_id=answer.id, part=section["part"],
                                   printed=" ".join(reference.printed.split()), number=reference.number,
                                   session=reference.session, asked=reference.asked, target_id=reference.answer_id,
                                   sentence=" ".join(reference.sentence.split())))
    return rows


def _table_text(answer: PublishedAnswer) -> str | None:
    """What the answer's tables say in words, for search: titles, column titles, labels, notes."""
    words: list[str] = []
    for table in answer.tables:
        words += [table.title] + [f.title or f.name for f in table.fields] + list(table.notes)
        dims = [i for i, f in enumerate(table.fields) if f.role == Role.DIMENSION]
        words += sorted({str(row[i]) for row in table.rows for i in dims if row[i] is not None})
    return " ".join(dict.fromkeys(w for w in words if w)) or None


@dataclass
class Published:
    """What the site says about the collection, gathered while the packages stream past."""

    answers: int = 0
    tables: int = 0
    values: int = 0
    themes: set = field(default_factory=set)
    counts: dict = field(default_factory=dict)
    rejected: list[Finding] = field(default_factory=list)  # answers left out of the database, and why
    ids: list[str] = field(default_factory=list)  # the answers in the database




BATCH = 5_000  # rows per insert: memory stays flat however big one answer's table is


def answer_batches(answer: PublishedAnswer, first_cell_id: int,
                   packages_prefix: str = "packages") -> Iterator[tuple[str, list[tuple]]]:
    """The rows one answer adds to the database, as (table, rows) batches of at most BATCH rows,
    made as they are inserted (cell ids count on from `first_cell_id`)."""
    package = f"{packages_prefix}/{answer.directory.name}/datapackage.json"
    yield "answers", [_answer_row(answer, package)]
    yield "question_links", _question_links(answer)
    yield "figures", [record("figures", id=f"{answer.id}/{i}", answer_id=answer.id, section=f.section,
                             value=_number(f.quantity.value), unit=f.quantity.unit, printed=f.text, noun=f.noun,
                             sentence=f.sentence, line=f.line) for i, f in enumerate(answer.figures, start=1)]
    resources = {r["name"]: r for r in answer.descriptor.get("resources", [])}
    cell_id = first_cell_id
    for table in answer.tables:
        filled = 0
        for cells in _chunks(_cell_rows(answer, table, cell_id), BATCH):
            cell_id += len(cells)
            filled += sum(1 for cell, _ in cells if cell[_CELL_VALUE] is not None)
            yield "cells", [cell for cell, _ in cells]
            yield "cell_labels", [label for _, labels in cells for label in labels]
        yield "tables", [_table_row(answer, table, resources[table.name], filled, packages_prefix)]
        yield "fields", [record("fields", table_id=table.id, position=p, name=f.name, title=f.title, role=f.role,
                                type=f.type, unit=f.unit, description=f.description, codelist=f.codelist,
                                printed=f.source) for p, f in enumerate(table.fields, start=1)]


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _cell_rows(answer: PublishedAnswer, table, cell_id: int) -> Iterator[tuple[tuple, list[tuple]]]:
    """Each value of the table in long form, with its labels (a `cells` row, its `cell_labels` rows)."""
    dims = [(i, f) for i, f in enumerate(table.fields) if f.role == Role.DIMENSION]
    measures = [(i, f) for i, f in enumerate(table.fields) if f.role == Role.MEASURE]
    unit_index = next((i for i, f in enumerate(table.fields) if f.role == Role.UNIT), None)
    for r, row in enumerate(table.rows, start=1):
        labels_json = json.dumps({f.name: row[i] for i, f in dims}, ensure_ascii=False)
        is_total = int(r in table.totals)
        for i, f in measures:
            source = answer.cells.get((table.name, r, f.name), {})
            cell_id += 1
            unit = row[unit_index] if unit_index is not None and row[unit_index] else f.unit
            yield (record("cells", id=cell_id, table_id=table.id, answer_id=answer.id, row=r, measure=f.name,
                          value=_number(row[i]), printed=source.get("printed"), unit=unit, labels=labels_json,
                          is_total=is_total, line=_int(source.get("line")), page=_int(source.get("page")),
                          bbox=source.get("bbox") or None),
                   [record("cell_labels", cell_id=cell_id, table_id=table.id, dimension=d.name,
                           label=None if row[j] is None else str(row[j]), codelist=d.codelist) for j, d in dims])


def _table_row(answer: PublishedAnswer, table, resource: dict, filled: int, packages_prefix: str) -> tuple:
    provenance = Provenance.from_dict(resource.get("vragen:provenance"))
    pages = (provenance.pages if provenance else None) or []
    units = sorted({f.unit for f in table.fields if f.unit} |
                   {row[i] for i, f in enumerate(table.fields) if f.role == Role.UNIT for row in table.rows if row[i]})
    return record("tables", id=table.id, answer_id=answer.id, name=table.name, title=table.title,
                  description=table.description, section=table.section,
                  intro=provenance.intro if provenance else None,
                  notes=json.dumps(table.notes, ensure_ascii=False) if table.notes else None, units=json.dumps(units),
                  rows=len(table.rows), values=filled,
                  pdf_url=page_link(answer.answer.get("pdf_url"), pages[0] if pages else None),
                  provenance=json.dumps(provenance.as_dict() if provenance else {}, ensure_ascii=False, sort_keys=True),
                  csv_path=f"{packages_prefix}/{answer.directory.name}/{resource['path']}",
                  curated=int(bool(table.curated)), confidence=(table.checks or {}).get("level"),
                  checks=json.dumps(table.checks, ensure_ascii=False, sort_keys=True) if table.checks else None)


def _columns(schema: str) -> dict[str, list[tuple[str, str, bool]]]:
    """(name, type, required) per column of each table in the schema."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for match in re.finditer(r"CREATE TABLE (\w+) \((.*?)\n\);", schema, re.DOTALL):
        columns = []
        for line in match.group(2).strip().splitlines():
            parts = line.strip().rstrip(",").split()
            if parts and parts[0] != "PRIMARY":
                columns.append((parts[0].strip('"'), parts[1], "NOT NULL" in line or "PRIMARY KEY" in line))
        out[match.group(1)] = columns
    return out


COLUMNS = _columns(SCHEMA)
NAMES = {table: tuple(name for name, _, _ in columns) for table, columns in COLUMNS.items()}
# Each insert names its columns: a row is built from named fields (record()), never by position.
INSERTS = {table: f"INSERT INTO {table} (" + ", ".join(f'"{n}"' for n in names) + ") VALUES ("
           + ", ".join("?" * len(names)) + ")" for table, names in NAMES.items()}


def record(table: str, **values) -> tuple:
    """A row of `table` from its columns by name, in the schema's order: a missing or unknown
    column is an error here, not a value in the wrong column."""
    names = NAMES[table]
    try:
        if len(values) == len(names):
            return tuple([values[name] for name in names])
    except KeyError:
        pass
    raise TypeError(f"{table}: columns {sorted(set(values) ^ set(names))} do not match the schema")


_CELL_VALUE = NAMES["cells"].index("value")
MAX_TEXT = 8 * 1024 * 1024  # characters in one field: far beyond any answer, short of a runaway input
_INT_RANGE = (-(2 ** 63), 2 ** 63 - 1)


def invalid_rows(rows: dict[str, list[tuple]]) -> str | None:
    """Why an answer's rows cannot go into the database as they are, or None: checked per answer
    before insert, so that one bad answer is left out instead of failing the whole database."""
    for table, batch in rows.items():
        columns = COLUMNS[table]
        for row in batch:
            for (name, kind, required), value in zip(columns, row):
                if value is None:
                    if required:
                        return f"{table}.{name} is empty (it is required)"
                elif kind == "INTEGER" and (not isinstance(value, int) or not _INT_RANGE[0] <= value <= _INT_RANGE[1]):
                    return f"{table}.{name} = {str(value)[:40]!r} is not a whole number SQLite can store"
                elif kind in ("REAL", "NUMERIC") and (not isinstance(value, (int, float)) or abs(float(value)) == float("inf")
                                         or value != value or isinstance(value, int) and abs(value) > 2 ** 63 - 1):
                    return f"{table}.{name} = {str(value)[:40]!r} is not a number SQLite can store"
                elif isinstance(value, str) and len(value) > MAX_TEXT:
                    return f"{table}.{name} holds {len(value):,} characters (more than {MAX_TEXT:,})"
    return None


def database_answers(packages: Iterable[Path], published: "Published") -> Iterator[PublishedAnswer]:
    """The answers, packages read one at a time, in a fixed order (reproducible bytes). A package
    that cannot be read is left out and reported."""
    for directory in sorted(packages, key=lambda p: p.name):
        try:
            yield read_package(directory)
        except Exception as error:  # one package must not stop the others
            published.rejected.append(_rejected(directory.name, _unreadable(error)))


def _unreadable(error: Exception) -> str:
    return f"its package cannot be read ({type(error).__name__}: {str(error)[:200]})"


class _Refused(Exception):
    """An answer's rows that do not fit the schema (checked before they are inserted)."""


def _rejected(answer_id: str, why: str) -> Finding:
    return Finding(ERROR, "publish.answer-rejected", f"answer {answer_id} is not published: {why}",
                   answer=answer_id, hint="correct the source or its curation file; the other answers are published")


def create_schema(connection: sqlite3.Connection) -> None:
    connection.executescript(SCHEMA.split("CREATE INDEX", 1)[0])


def create_indexes(connection: sqlite3.Connection) -> None:
    # Indexes after the load: building them once is faster than keeping them up to date row by row.
    connection.executescript("CREATE INDEX" + SCHEMA.split("CREATE INDEX", 1)[1])


def load_rows(connection: sqlite3.Connection, answers: Iterable[PublishedAnswer], published: "Published") -> None:
    """Each answer in its own savepoint, its rows checked batch by batch before insert: an answer
    that fails takes back its own rows only, and the others are published."""
    connection.isolation_level = None
    connection.execute("BEGIN")
    cell_id = 0
    for answer in answers:
        connection.execute("SAVEPOINT answer")
        cells = values = 0
        try:
            for name, batch in answer_batches(answer, cell_id):
                why = invalid_rows({name: batch})
                if why:
                    raise _Refused(why)
                if batch:
                    connection.executemany(INSERTS[name], batch)
                if name == "cells":
                    cells += len(batch)
                    values += sum(1 for c in batch if c[5] is not None)
        except _Refused as error:
            connection.execute("ROLLBACK TO answer")
            published.rejected.append(_rejected(answer.id, str(error)))
        except (sqlite3.Error, OverflowError, ValueError) as error:
            connection.execute("ROLLBACK TO answer")
            published.rejected.append(_rejected(answer.id, f"the database refused it ({error})"))
        except Exception as error:  # a package file that breaks half-way: this answer only
            connection.execute("ROLLBACK TO answer")
            published.rejected.append(_rejected(answer.id, _unreadable(error)))
        else:
            cell_id += cells
            published.answers += 1
            published.tables += len(answer.tables)
            if answer.answer.get("theme"):
                published.themes.add(answer.answer["theme"])
            published.values += values
            published.ids.append(answer.id)
        connection.execute("RELEASE answer")
    connection.execute("COMMIT")


def write_database(path: Path, packages: Iterable[Path]) -> Published:
    """Write the database at `path` (replacing it) from package folders, read one at a time so that
    memory does not grow with the corpus."""
    if path.exists():
        path.unlink()
    connection = sqlite3.connect(path)
    # A staging file that is swapped in only when complete needs no journal on disk; but an answer
    # that fails half-way is rolled back to its savepoint, and with journal_mode OFF SQLite cannot
    # roll back at all. In memory, only pages that existed before the answer are journaled.
    connection.execute("PRAGMA journal_mode = MEMORY")
    connection.execute("PRAGMA synchronous = OFF")
    create_schema(connection)
    published = Published()
    load_rows(connection, database_answers(packages, published), published)
    create_indexes(connection)
    import sqlite_utils  # here: with numpy it costs a no-change build 0.16 s of imports

    db = sqlite_utils.Database(connection)
    db["answers"].enable_fts(["title", "question", "answer", "theme", "asker", "minister", "table_text"],
                             fts_version="FTS5",
                             create_triggers=False)
    db["answers_fts"].optimize()
    published.counts = {name: db[name].count
                        for name in ("answers", "tables", "fields", "figures", "cells", "cell_labels",
                                  "question_links")}
    # No VACUUM: it may renumber the rowids that the FTS index points at.
    connection.close()
    return published


def _int(value) -> int | None:
    return int(value) if value not in (None, "") else None


def inspect_data(path: Path, counts: dict[str, int]) -> dict:
    """Datasette's inspect file, with a relative path so that it is reproducible."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {DATABASE: {"hash": digest, "size": path.stat().st_size, "file": path.name,
                       "tables": {name: {"count": count} for name, count in sorted(counts.items())}}}


PAGE_ROWS = 300  # rows on one page of a Datasette query (its max_returned_rows)

# The cross-answer queries: canned queries on the site (a page shows at most PAGE_ROWS rows) and full
# CSV exports at /export/<name>.csv that page through the same rows by cell id (site/exports.py).
# Rows come in publication order: answer, its tables as printed, row, column.
QUERIES = {
    "waarden_per_codelijst": {
        "title": "Alle waarden met een label uit een codelijst (bv. provincies)",
        "description": "Elke waarde van elke tabel waarvan een label in de codelijst staat, over alle antwoorden "
                       "heen. Codelijsten: provincies, doelgroepen-mentoring-naar-werk.",
        "sql": "select c.id, c.answer_id, c.table_id, l.dimension, l.label, c.measure, c.value, c.unit, c.printed, "
               "c.is_total, c.labels from cell_labels l join cells c on c.id = l.cell_id "
               "where l.codelist = :codelijst",
        "params": ["codelijst"],
        "key": "l.cell_id",
    },
    "waarden_per_label": {
        "title": "Alle waarden met een bepaald label",
        "description": "Bv. dimensie 'provincie' en label 'Limburg', over alle antwoorden heen.",
        "sql": "select c.id, c.answer_id, c.table_id, l.dimension, l.label, c.measure, c.value, c.unit, c.printed, "
               "c.labels from cell_labels l join cells c on c.id = l.cell_id "
               "where l.dimension = :dimensie and l.label = :label",
        "params": ["dimensie", "label"],
        "key": "l.cell_id",
    },
    "tabel": {
        "title": "De waarden van één tabel, in lange vorm",
        "description": "Bv. tabel '2023-2024-418/trajecten-per-provincie'.",
        "sql": "select c.id, c.row, c.measure, c.value, c.unit, c.printed, c.labels, c.is_total, c.page, c.line "
               "from cells c where c.table_id = :tabel",
        "params": ["tabel"],
        "key": "c.id",
    },
}


def _canned(name: str, query: dict) -> dict:
    full = f"/export/{name}.csv?" + "&".join(f"{p}=…" for p in query["params"])
    return {"title": query["title"], "sql": f"{query['sql']} order by {query['key']}",
            "description_html": f"{query['description']} Deze pagina toont hoogstens {PAGE_ROWS} rijen; alle rijen als CSV: "
                                f"<code>{full}</code> (dezelfde parameters).",
            "params": query["params"]}


def _table_docs() -> dict:
    """Datasette's titles, descriptions, facets and column notes for each table of the database."""
    return {
        "answers": {
            "title": "Antwoorden",
            # No default facets: four facet queries over every search hit made this
            # page 5x slower; the portal's /zoek has the facets, and ?_facet=theme adds one.
            "description": "Eén rij per beantwoorde schriftelijke vraag. Zoek in vraag en antwoord; "
                           "zoeken met facetten (thema, minister, zittingsjaar, vraagsteller) op /zoek.",
            "sort_desc": "date",
            # An answer's row holds its whole text: 100 of them were a megabyte of JSON
            # a page (180 ms for a common word). 20 a page; _size=max for more.
            "size": 20,
            "label_column": "title",
            "fts_table": "answers_fts",
            "columns": COLUMN_DOCS["answers"],
        },
        "tables": {
            "title": "Tabellen",
            "description": "Eén rij per tabel in een antwoord, met herkomst en link naar de PDF-pagina.",
            "label_column": "title",
            "facets": ["answer_id"],
            "columns": COLUMN_DOCS["tables"],
        },
        "fields": {"title": "Kolommen", "description": "De kolommen van elke tabel, met eenheid.",
                   "columns": COLUMN_DOCS["fields"]},
        "figures": {"title": "Cijfers in de tekst",
                    "description": "Getallen die een antwoord in lopende tekst noemt.",
                    "facets": ["unit"], "columns": COLUMN_DOCS["figures"]},
        "cells": {"title": "Waarden",
                  "description": "Elke waarde van elke tabel in lange vorm, met labels, eenheid en herkomst.",
                  "facets": ["unit", "measure"], "columns": COLUMN_DOCS["cells"]},
        "cell_labels": {"title": "Labels per waarde",
                        "description": "De labels van elke waarde, één rij per dimensie.",
                        "facets": ["dimension", "codelist"], "columns": COLUMN_DOCS["cell_labels"]},
        "question_links": {"title": "Verwijzingen naar andere vragen",
                           "description": "Schriftelijke vragen die een vraag of antwoord noemt.",
                           "columns": COLUMN_DOCS["question_links"]},
    }


def datasette_metadata(published: Published, places: Iterable[str] = ()) -> dict:
    """Datasette 0.65 metadata: titles, licence, sources, column descriptions, facets, search; and
    for the portal, the code lists whose values are places (`vragen_places`)."""
    themes = sorted(published.themes)
    return {
        "title": "vragen: cijfers uit antwoorden op schriftelijke vragen",
        "description": (
            "Tabellen uit de antwoorden van Vlaamse ministers op schriftelijke vragen van het Vlaams Parlement, "
            "als gevalideerde open data. Elke waarde verwijst naar de PDF-pagina waar ze vandaan komt. "
            f"{published.answers} antwoorden" + (f" over {', '.join(themes)}" if themes else "") + "."),
        "license": LICENSE["title"],
        "license_url": LICENSE["path"],
        "source": "Vlaams Parlement, schriftelijke vragen",
        "source_url": "https://www.vlaamsparlement.be/nl/parlementair-werk/schriftelijke-vragen",
        "about": "vragen",
        "about_url": "https://www.vlaamsparlement.be/nl/parlementair-werk/schriftelijke-vragen",
        "vragen_places": sorted(places),
        "databases": {
            DATABASE: {
                "title": "Antwoorden op schriftelijke vragen",
                "description": "Antwoorden, hun tabellen en elke waarde in lange vorm.",
                "queries": {name: _canned(name, query) for name, query in QUERIES.items()},
                "tables": _table_docs(),
            }
        },
    }


def write_site(out: Path, packages: Iterable[Path], places: Iterable[str] = ()) -> tuple[Published, list[Finding]]:
    """vragen.db, metadata.json and inspect-data.json in `out`."""
    database = out / f"{DATABASE}.db"
    try:
        published = write_database(database, packages)
    except sqlite3.DatabaseError as exc:
        return Published(), [Finding(ERROR, "publish.database", f"could not write the database: {exc}",
                                     file=str(database))]
    (out / "inspect-data.json").write_text(dump_json(inspect_data(database, published.counts)), encoding="utf-8")
    metadata = datasette_metadata(published, places)
    (out / "metadata.json").write_text(dump_json(metadata), encoding="utf-8")
    from .site.catalogue import write_catalogue

    write_catalogue(database, out, metadata["title"], metadata["description"], list(places))
    return published, list(published.rejected)
