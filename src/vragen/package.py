"""One Frictionless v2 data package per answer: tidy CSVs, Table Schemas, provenance.

Descriptors are written by us as plain JSON (fixed key order, no wall-clock time) so that the same
inputs give byte-identical packages; Frictionless itself is used to validate them.
"""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from decimal import Decimal
from json.encoder import encode_basestring as _json_string  # the C encoder, ensure_ascii=False
from pathlib import Path
from typing import Iterator

from .curate import COUNT, CodeList
from .model import Document, Field, Method, Provenance, ProseFigure, Role, TidyTable
from .numbers import PERCENT, Quantity

# An answer's section can be long (the csv module's default field limit is 128 KB); the database
# checks the size of what it stores (publish.MAX_TEXT).
csv.field_size_limit(64 * 1024 * 1024)

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
LICENSE = {
    "name": "MGH-1.0",
    "path": "https://data.vlaanderen.be/doc/licentie/modellicentie-gratis-hergebruik/v1.0",
    "title": "Modellicentie Gratis Hergebruik v1.0",
}
FIGURES = "prose-figures"
CELLS = "cell-provenance"
SOURCE_TEXT = "bron.txt"  # the text dump the answer was read from, as it was
SECTIONS = "sections"


def write_csv(path: Path, header: list[str], rows) -> None:
    """A CSV file in UTF-8 with "\n" line ends, written row by row as `rows` yields them: a table
    of 200,000 rows never stands in memory as one string."""
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        # Text and whole numbers print as the csv module writes them: only the others (a
        # Decimal, a flag) need `canonical`, and a table's cells are nearly all text.
        writer.writerows([v if type(v) in _AS_WRITTEN else canonical(v) for v in row] for row in rows)


_AS_WRITTEN = {str, int, type(None)}  # `canonical` gives what csv writes for these: str(v), "" for None


def canonical(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def dump_json(data) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=2)` and a newline, the same text written by
    `_indent`: the standard library's indenting encoder is its pure-Python one, and it cost a
    tenth of extracting an answer."""
    parts: list[str] = []
    try:
        _indent(data, "\n", parts)
    except _Unusual:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    parts.append("\n")
    return "".join(parts)


class _Unusual(Exception):
    """A value `_indent` leaves to the json module (a non-string key, a tuple, a NaN...)."""


_SCALARS = {True: "true", False: "false", None: "null"}


def _indent(value, newline: str, parts: list[str]) -> None:
    kind = type(value)
    if kind is str:
        parts.append(_json_string(value))
    elif kind is dict:
        if not value:
            parts.append("{}")
            return
        inner, separator = newline + "  ", "{" + newline + "  "
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            parts.append(separator + _json_string(key) + ": ")
            _indent(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "}")
    elif kind is list:
        if not value:
            parts.append("[]")
            return
        inner, separator = newline + "  ", "[" + newline + "  "
        for item in value:
            parts.append(separator)
            _indent(item, inner, parts)
            separator = "," + inner
        parts.append(newline + "]")
    elif value is None or value is True or value is False:
        parts.append(_SCALARS[value])
    elif isinstance(value, str):  # an enum of strings (Role): its value, as the json module writes it
        parts.append(_json_string(value))
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float) and value == value and abs(value) != float("inf"):
        parts.append(float.__repr__(value))
    else:
        raise _Unusual


def page_link(url: str | None, page: int | None) -> str | None:
    if not url:
        return None
    return f"{url}#page={page}" if page else url


def _field_descriptor(f: Field, rows: list[list], index: int) -> dict:
    descriptor: dict = {"name": f.name, "title": f.title, "type": f.type}
    if f.description:
        descriptor["description"] = f.description
    constraints: dict = {}
    if f.role == Role.DIMENSION and all(row[index] is not None for row in rows):
        constraints["required"] = True
    if f.role == Role.MEASURE and f.unit in (COUNT,):
        constraints["minimum"] = 0
    if f.role == Role.MEASURE and f.unit == PERCENT:
        constraints["minimum"] = 0
        constraints["maximum"] = 100
    if f.role == Role.UNIT:
        constraints["enum"] = sorted({row[index] for row in rows if row[index] is not None})
    if constraints:
        descriptor["constraints"] = constraints
    descriptor["vragen:role"] = f.role
    return _with(descriptor, {"vragen:unit": f.unit, "vragen:printed": f.source, "vragen:codelist": f.codelist})


def _with(descriptor: dict, optional: dict) -> dict:
    """The descriptor with those optional properties that have a value (in this order)."""
    descriptor.update({key: value for key, value in optional.items() if value})
    return descriptor


def table_resource(table: TidyTable, document: Document, source_label: str, codelists: dict[str, CodeList]) -> dict:
    raw = table.raw
    fields = [_field_descriptor(f, table.rows, i) for i, f in enumerate(table.fields)]
    schema: dict = {"fields": fields, "missingValues": [""]}
    if table.key:  # declared, never inferred from the rows it is meant to check
        schema["primaryKey"] = list(table.key)
    foreign = [{"fields": [f.name], "reference": {"resource": f.codelist, "fields": [codelists[f.codelist].key]}}
               for f in table.fields if f.codelist]
    if foreign:
        schema["foreignKeys"] = foreign
    page = raw.pages[0] if raw.pages else None
    origin = raw.file or (document.pdf if raw.method != Method.TEXT_DUMP and document.pdf else document.source)
    provenance = Provenance(
        file=origin.label or source_label,
        sha256=origin.sha256,
        method=Method(raw.method),
        sheet=raw.location,
        section=raw.section,
        index=raw.index,
        intro=raw.intro,
        lines=list(raw.lines) if origin is document.source and raw.method.startswith("text-dump") else None,
        links=[page_link(document.header.pdf_url, p) for p in raw.pages] if document.header.pdf_url and raw.pages
        else None,
        pages=raw.pages or None,
        bboxes=raw.bboxes or None,
        printed_header={"labels": raw.label_headers, "measures": [list(p) for p in raw.measure_headers]},
    )
    resource = {
        "name": table.name,
        "type": "table",
        "path": f"{table.name}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": table.title,
    }
    if table.description:
        resource["description"] = table.description
    pdf = page_link(document.header.pdf_url, page)
    if pdf:
        resource["sources"] = [{"title": "Antwoord (PDF)" + (f", pagina {page}" if page else ""), "path": pdf}]
    resource["dialect"] = {"header": True, "delimiter": ","}
    resource["schema"] = schema
    resource["vragen:provenance"] = provenance.as_dict()
    resource["vragen:curated"] = table.curated
    return _with(resource, {"vragen:checks": table.checks, "vragen:totals": table.totals, "vragen:reconcile": table.reconcile,
                            "vragen:acknowledged": table.acknowledged, "vragen:notes": table.notes})


FIGURE_FIELDS = [
    ("id", "integer", "Volgnummer van het cijfer in het antwoord"),
    ("section", "string", "Onderdeel van het antwoord (1, 2, 2.a ...)"),
    ("value", "number", "Het cijfer in canonieke vorm (punt als decimaalteken)"),
    ("unit", "string", "Eenheid: EUR, percent, of leeg (een aantal of een ander getal)"),
    ("printed", "string", "Het cijfer zoals gedrukt"),
    ("noun", "string", "Het woord na het cijfer (bv. 'personen')"),
    ("sentence", "string", "De zin die het cijfer noemt"),
    ("line", "integer", "Regel in het bronbestand"),
]
SECTION_FIELDS = [
    ("part", "string", "'vraag' of 'antwoord'"),
    ("section", "string", "Onderdeel: 0 (inleiding), 1, 2, 2.a ..."),
    ("text", "string", "De tekst van het onderdeel, zonder de tabellen"),
]
CELL_FIELDS = [
    ("table", "string", "Naam van de tabel (resource) in dit pakket"),
    ("row", "integer", "Rij in de tidy tabel (1 = eerste gegevensrij)"),
    ("field", "string", "Kolom in de tidy tabel"),
    ("printed", "string", "De waarde zoals gedrukt in de bron"),
    ("line", "integer", "Regel in het tekstbestand"),
    ("page", "integer", "Pagina in de PDF"),
    ("bbox", "string", "Kader op de pagina: x0,top,x1,bottom in punten"),
]


def _simple_resource(name: str, title: str, description: str, spec: list[tuple[str, str, str]], path: str,
                     extra: dict | None = None) -> dict:
    resource = {
        "name": name, "type": "table", "path": path, "scheme": "file", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8", "title": title, "description": description,
        "dialect": {"header": True, "delimiter": ","},
        "schema": {"fields": [{"name": n, "type": t, "description": d} for n, t, d in spec], "missingValues": [""]},
    }
    resource.update(extra or {})
    return resource


def figure_rows(figures: list[ProseFigure]) -> list[list]:
    return [[i, f.section, f.quantity.value, f.quantity.unit, f.text, f.noun, f.sentence, f.line]
            for i, f in enumerate(figures, start=1)]


def section_rows(document: Document) -> list[list]:
    from .model import join_lines

    rows = [["vraag", "0", document.question.intro]] if document.question.intro else []
    rows += [["vraag", p.id, p.text] for p in document.question.parts]
    for section in document.answer_sections:
        rows.append(["antwoord", section.id,
                     join_lines(l.text for l in section.lines)])  # the tables' lines are not in it
    return rows


def cell_rows(tables: list[TidyTable]):
    """The cell-provenance rows, one at a time (a long table has hundreds of thousands)."""
    for table in tables:
        for cell in table.cells:
            bbox = ",".join(f"{v:.1f}" for v in cell.bbox) if cell.bbox else None
            yield [table.name, cell.row, cell.field, cell.text, cell.line, cell.page, bbox]


def answer_descriptor(document: Document, title: str, description: str, curated: bool, notes: list[str]) -> dict:
    q = document.question
    sources = []
    if document.header.page_url:
        sources.append({"title": "Vlaams Parlement: schriftelijke vraag", "path": document.header.page_url})
    if document.header.pdf_url:
        sources.append({"title": "Antwoord (PDF)", "path": document.header.pdf_url})
    descriptor = {
        "$schema": PACKAGE_PROFILE,
        "name": f"schriftelijke-vraag-{document.answer_id}",
        "id": document.header.page_url or f"vragen:{document.answer_id}",
        "title": title,
        "description": description,
        "homepage": document.header.page_url,
        "keywords": [k for k in [document.header.theme, "schriftelijke vraag", "Vlaams Parlement"] if k],
        "licenses": [LICENSE],
        "sources": sources,
        "contributors": [
            {"title": q.asker, "roles": ["vraagsteller"]},
            {"title": q.minister, "roles": ["minister"], "organization": q.minister_title or None},
        ],
        "vragen:answer": {
            "id": document.answer_id,
            "session": document.session,
            "number": q.number,
            "date": q.date,
            "theme": document.header.theme,
            "asker": q.asker,
            "minister": q.minister,
            "minister_title": q.minister_title,
            "pdf_url": document.header.pdf_url,
            "page_url": document.header.page_url,
            "curated": curated,
            "notes": notes,
        },
    }
    descriptor["contributors"] = [{k: v for k, v in c.items() if v} for c in descriptor["contributors"]]
    return {k: v for k, v in descriptor.items() if v not in (None, [], "")}


def default_description(document: Document) -> str:
    q = document.question
    return (f"Tabellen en cijfers uit het antwoord van {q.minister} op schriftelijke vraag nr. {q.number} "
            f"({document.session}) van {q.asker}, gesteld op {q.date}.")


def _add_crops(document: Document, tables: list[TidyTable], directory: Path, resources: list[dict]) -> None:
    """The page crops of tables read from a PDF, named in each table's provenance."""
    from .crops import write_crops

    if not (document.pdf and document.pdf.path.is_file()):
        return
    try:
        crops = write_crops(document.pdf.path, tables, directory)
    except Exception:  # noqa: BLE001 - a crop is a picture of the source, never a reason to lose its data
        return
    for resource in resources:
        if resource["name"] in crops:
            resource["vragen:provenance"]["crops"] = [c.as_dict() for c in crops[resource["name"]]]


def write_package(directory: Path, document: Document, tables: list[TidyTable], codelists: dict[str, CodeList],
                  source_label: str, title: str | None = None, description: str | None = None,
                  curated: bool = False, notes: list[str] | None = None) -> Path:
    """Write the package of one answer into `directory` (created afresh)."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    descriptor = answer_descriptor(document, title or document.question.title,
                                   description or default_description(document), curated, notes or [])
    resources = []
    used_lists: list[str] = []
    for table in tables:
        used_lists += [f.codelist for f in table.fields if f.codelist and f.codelist not in used_lists]
        resources.append(table_resource(table, document, source_label, codelists))
        write_csv(directory / f"{table.name}.csv", [f.name for f in table.fields], table.rows)
    _add_crops(document, tables, directory, resources)
    resources.append(_simple_resource(
        FIGURES, "Cijfers in de tekst van het antwoord",
        "Getallen die het antwoord in lopende tekst noemt, met hun zin en onderdeel.", FIGURE_FIELDS,
        f"{FIGURES}.csv", {"vragen:provenance": {"file": source_label, "sha256": document.source.sha256}}))
    write_csv(directory / f"{FIGURES}.csv", [n for n, _, _ in FIGURE_FIELDS], figure_rows(document.figures))
    resources.append(_simple_resource(
        SECTIONS, "Tekst van vraag en antwoord", "De vraag en het antwoord per onderdeel, zonder de tabellen.",
        SECTION_FIELDS, f"{SECTIONS}.csv"))
    write_csv(directory / f"{SECTIONS}.csv", [n for n, _, _ in SECTION_FIELDS], section_rows(document))
    if document.source.method == "text-dump" and document.source.path.is_file():
        # The text the line numbers of the provenance count in, so that a visitor can open them
        # (the portal shows it at /bron/<answer>); not a resource: it is the source, not data.
        shutil.copyfile(document.source.path, directory / SOURCE_TEXT)
    resources.append(_simple_resource(
        CELLS, "Herkomst per cel", "Voor elke gepubliceerde waarde: hoe ze gedrukt stond en waar (regel, pagina, kader).",
        CELL_FIELDS, f"{CELLS}.csv"))
    write_csv(directory / f"{CELLS}.csv", [n for n, _, _ in CELL_FIELDS], cell_rows(tables))
    for name in sorted(used_lists):
        codelist = codelists[name]
        fields = [{"name": n, "type": spec.get("type", "string"), "title": spec.get("title", n),
                   **({"description": spec["description"]} if spec.get("description") else {})}
                  for n, spec in codelist.fields.items()]
        resources.append({
            "name": name, "type": "table", "path": f"codelists/{name}.csv", "scheme": "file", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "title": codelist.title, "description": codelist.description,
            "dialect": {"header": True, "delimiter": ","},
            "schema": {"fields": fields, "primaryKey": [codelist.key], "missingValues": [""]},
            "vragen:codelist": True,
        })
        (directory / "codelists").mkdir(exist_ok=True)
        write_csv(directory / "codelists" / f"{name}.csv", list(codelist.fields),
                  [[row.get(n) for n in codelist.fields] for row in codelist.rows])
    for entry in resources:
        add_integrity(entry, directory / entry["path"])
    descriptor["resources"] = resources
    (directory / "datapackage.json").write_text(dump_json(descriptor), encoding="utf-8")
    return directory


def add_integrity(resource: dict, path: Path) -> None:
    """`bytes` and `hash` of the data file: Frictionless verifies them, and any changed value shows
    in the descriptor (so a stale committed descriptor is caught)."""
    import hashlib

    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as data:  # in blocks: a long table's CSV need not be read whole
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    resource["bytes"] = size
    resource["hash"] = "sha256:" + digest.hexdigest()


# --- reading packages back (validation, publishing, diffs work on the output) -------------------


class CellSources:
    """Where each published value was printed, looked up from `cell-provenance.csv` as the
    database load asks for it. The file is written in the order the load asks (table, row, field),
    so it is read once, front to back, and memory stays flat however big the table; a lookup out
    of that order still finds its cell, from the rows already passed."""

    def __init__(self, path: Path | None, tables: list[str] = ()):
        self._rows = self._read(path) if path else iter(())
        self._passed: dict[tuple[str, int, str], dict] = {}
        self._rank = {name: i for i, name in enumerate(tables)}  # the order the file holds them

    @staticmethod
    def _read(path: Path):
        header, rows = read_csv(path)
        for row in rows:
            record = dict(zip(header, row))
            yield (record["table"], int(record["row"]), record["field"]), record

    def get(self, key: tuple[str, int, str], default=None):
        if key in self._passed:
            return self._passed.pop(key)
        for found, record in self._rows:
            if found == key:
                return record
            self._passed[found] = record
            if self._beyond(found, key):  # the file has passed where the cell would be: it has none
                break
        return default

    def _beyond(self, found: tuple[str, int, str], key: tuple[str, int, str]) -> bool:
        if found[0] not in self._rank or key[0] not in self._rank:
            return False
        return (self._rank[found[0]], found[1]) > (self._rank[key[0]], key[1])


@dataclass
class PublishedAnswer:
    directory: Path
    descriptor: dict
    tables: list[TidyTable]
    figures: list[ProseFigure]
    sections: list[dict]  # part, section, text
    cells: CellSources  # (table, row, field) -> printed, line, page, bbox

    @property
    def answer(self) -> dict:
        return self.descriptor.get("vragen:answer", {})

    @property
    def id(self) -> str:
        return self.answer.get("id") or self.directory.name


def _parse(value: str, ftype: str):
    if value == "":
        return None
    try:
        if ftype == "integer":
            return int(value)
        if ftype == "number":
            return Decimal(value)
    except (ValueError, ArithmeticError):
        return value  # left as text: Frictionless reports the type error
    return value


def read_csv(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """The header, and the rows as they are read (a big table is never held twice)."""
    handle = path.open(encoding="utf-8", newline="")
    reader = csv.reader(handle)
    header = next(reader, [])

    def rows():
        with handle:
            yield from reader
    return header, rows()


def read_package(directory: Path) -> PublishedAnswer:
    descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    answer_id = descriptor.get("vragen:answer", {}).get("id", directory.name)
    tables, figures, sections, cells_path = [], [], [], None
    for resource in descriptor.get("resources", []):
        if resource.get("vragen:codelist"):
            continue
        if resource["name"] == CELLS:
            cells_path = directory / resource["path"]
            continue
        header, raw_rows = read_csv(directory / resource["path"])
        if resource["name"] == SECTIONS:
            sections = [dict(zip(header, row)) for row in raw_rows]
            continue
        specs = resource["schema"]["fields"]
        types = {f["name"]: f.get("type", "string") for f in specs}
        if resource["name"] == FIGURES:
            for row in raw_rows:
                record = dict(zip(header, row))
                value = _parse(record.get("value", ""), "number")
                quantity = Quantity(text=record.get("printed", ""), value=value if isinstance(value, Decimal) else None,
                                    unit=record.get("unit") or None)
                figures.append(ProseFigure(section=record.get("section", ""), text=record.get("printed", ""),
                                           quantity=quantity, noun=record.get("noun") or None,
                                           sentence=record.get("sentence", ""),
                                           line=int(record["line"]) if record.get("line") else 0))
            continue
        fields = [Field(name=f["name"], title=f.get("title", f["name"]), type=f.get("type", "string"),
                        role=Role(f.get("vragen:role", "dimension")), description=f.get("description"),
                        unit=f.get("vragen:unit"), codelist=f.get("vragen:codelist"), source=f.get("vragen:printed"))
                   for f in specs]
        order = [header.index(f.name) if f.name in header else None for f in fields]
        rows = [[_parse(row[i], types[f.name]) if i is not None and i < len(row) else None
                 for f, i in zip(fields, order)] for row in raw_rows]
        tables.append(TidyTable(
            answer_id=answer_id, name=resource["name"], title=resource.get("title", resource["name"]),
            description=resource.get("description"), raw=None, fields=fields, rows=rows,
            notes=resource.get("vragen:notes", []), totals=resource.get("vragen:totals", []),
            curated=resource.get("vragen:curated", False), reconcile=resource.get("vragen:reconcile", []),
            section=resource.get("vragen:provenance", {}).get("section"),
            acknowledged=resource.get("vragen:acknowledged", []), checks=resource.get("vragen:checks"),
            key=list((resource.get("schema") or {}).get("primaryKey") or []),
        ))
    return PublishedAnswer(directory=directory, descriptor=descriptor, tables=tables, figures=figures,
                           sections=sections, cells=CellSources(cells_path, [t.name for t in tables]))
