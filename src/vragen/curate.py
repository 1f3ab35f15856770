"""Curation: turn raw tables into tidy ones, named and described by `metadata/<session>/<nr>.yaml`.

Extraction drafts the curation file (`vragen draft`); a human edits it. An answer without one is
still published, with generated names. When the file and the extraction no longer fit together
(a table or column it names is not there), curating fails with a message that says what to change.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from .model import (ERROR, INFO, WARNING, Cells, Document, Field, Finding, ProseFigure, RawRow, RawTable, Role,
                    SourceError, TidyTable, slug)
from .numbers import COUNT, DUTCH_MONTHS, Quantity, parse_dutch_date
from .read.texttables import TOTAL_RE, is_code, unit_hint



# --- code lists --------------------------------------------------------------------------------


@dataclass
class CodeList:
    name: str
    title: str
    description: str
    path: Path
    key: str
    auto: bool  # linked without curation when a column holds only its keys
    fields: dict[str, dict]
    rows: list[dict]
    place: bool = False  # its keys are places: the catalogue's spatial coverage, `alle cijfers voor …`

    @property
    def keys(self) -> set[str]:
        return {row[self.key] for row in self.rows}


def load_codelists(metadata_dir: Path) -> dict[str, CodeList]:
    index = metadata_dir / "codelists.yaml"
    if not index.exists():
        return {}
    spec = _load_yaml(index) or {}
    lists = {}
    for name, entry in spec.items():
        path = (metadata_dir / entry["path"]).resolve()
        if metadata_dir.resolve() not in path.parents or not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name):
            raise SourceError(Finding(ERROR, "codelist.path", f"code list {name!r}: {entry['path']!r} is not a "
                                      "file inside metadata/, or the name is not allowed", file=str(index),
                                      hint="keep code lists in metadata/codelists/ with lower-case names"))
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        lists[name] = CodeList(name=name, title=entry.get("title", name), description=entry.get("description", ""),
                               path=path, key=entry["key"], auto=bool(entry.get("auto", False)),
                               fields=entry.get("fields", {}), rows=rows,
                               place=entry.get("place") is True)
    return lists


# --- curation files ----------------------------------------------------------------------------


@dataclass
class ColumnSpec:
    """A printed column as the curation names it (`source` is its header as printed)."""
    source: str
    name: str | None = None
    title: str | None = None
    description: str | None = None
    unit: str | None = None
    codelist: str | None = None


@dataclass
class DimensionSpec:
    """The column dimension a melted or two-level header becomes, or a melted table's value."""
    name: str | None = None
    title: str | None = None
    description: str | None = None
    unit: str | None = None


@dataclass
class TableSpec:
    """One table entry of a curation file (validated against curation.schema.json first)."""
    match: dict = field(default_factory=dict)  # {"section": "2.a", "index": 1}
    name: str | None = None
    title: str | None = None
    description: str | None = None
    notes: list[str] = field(default_factory=list)
    columns: list[ColumnSpec] = field(default_factory=list)
    column_dimension: DimensionSpec = field(default_factory=DimensionSpec)
    value: DimensionSpec = field(default_factory=DimensionSpec)
    reconcile: list[dict] = field(default_factory=list)
    acknowledge: list[dict] = field(default_factory=list)
    melt: bool | None = None
    key: list[str] | str | None = None  # column names, or "none"

    @classmethod
    def from_dict(cls, data: dict) -> "TableSpec":
        return cls(match=dict(data.get("match") or {}), name=data.get("name"), title=data.get("title"),
                   description=data.get("description"), notes=list(data.get("notes") or []),
                   columns=[ColumnSpec(**{**c, "source": str(c["source"])}) for c in data.get("columns") or []],
                   column_dimension=DimensionSpec(**(data.get("column_dimension") or {})),
                   value=DimensionSpec(**(data.get("value") or {})), reconcile=list(data.get("reconcile") or []),
                   acknowledge=list(data.get("acknowledge") or []), melt=data.get("melt"), key=data.get("key"))


@dataclass
class Curation:
    path: Path
    answer: str
    title: str | None = None
    description: str | None = None
    notes: list[str] = field(default_factory=list)
    tables: list[TableSpec] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)


MAX_YAML_BYTES = 1024 * 1024  # a curation file or code list is a few KB


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without anchors and aliases: curation needs none, and nested aliases ("billion laughs")
    let a file of a few hundred bytes expand to gigabytes."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed here",
                                              event.start_mark)
        return super().compose_node(parent, index)


def _load_yaml(path: Path):
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise SourceError(Finding(ERROR, "curation.yaml", f"the file is {size:,} bytes; at most {MAX_YAML_BYTES:,}",
                                  file=str(path), hint="a curation file is a few KB: check what was written to it"))
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_NoAliasLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise SourceError(Finding(ERROR, "curation.yaml", f"not valid YAML: {getattr(exc, 'problem', exc)}",
                                  file=str(path), line=mark.line + 1 if mark else None,
                                  hint="fix the YAML syntax"))


SCHEMA_PATH = Path(__file__).with_name("curation.schema.json")  # published as metadata/curation.schema.json


@functools.lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_problem(data) -> tuple[str, str] | None:
    """The first place where a curation file breaks its JSON Schema, as (what is wrong, what is
    expected), or None. The place is the key path as written in the file: tables[1].columns[0].unit."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: (list(e.absolute_path), e.message))
    if not errors:
        return None
    error = errors[0]
    where = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path).lstrip(".")
    expected = error.schema.get("description") if isinstance(error.schema, dict) else None
    if error.validator == "enum":
        expected = f"one of {', '.join(map(str, error.validator_value))}" + (f" ({expected})" if expected else "")
    elif error.validator == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}))
        expected = f"allowed keys here: {', '.join(allowed)}"
    elif error.validator == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = "a " + " or ".join({"array": "list (one '- item' per line)", "object": "mapping (key: value)"}
                                       .get(k, k) for k in kinds) + (f": {expected}" if expected else "")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return (f"{where or 'the file'}: {error.message}{more}",
            f"{expected}; the schema is metadata/curation.schema.json" if expected else "see metadata/curation.schema.json")


def curation_path(metadata_dir: Path, answer_id: str) -> Path:
    session, number = answer_id.rsplit("-", 1)
    return metadata_dir / session / f"{number}.yaml"


def load_curation(metadata_dir: Path, answer_id: str) -> Curation | None:
    path = curation_path(metadata_dir, answer_id)
    if not path.exists():
        return None
    data = _load_yaml(path) or {}

    def bad(message: str, hint: str) -> SourceError:
        return SourceError(Finding(ERROR, "curation.invalid", message, file=str(path), answer=answer_id, hint=hint))

    problem = schema_problem(data)
    if problem:
        raise bad(*problem)
    if str(data.get("answer", answer_id)) != answer_id:
        raise bad(f"'answer: {data.get('answer')}' does not match the file's place ({answer_id})",
                  "the file for answer S-N lives at metadata/S/N.yaml")
    return Curation(path=path, answer=answer_id, title=data.get("title"), description=data.get("description"),
                    notes=list(data.get("notes") or []), tables=[TableSpec.from_dict(t) for t in data.get("tables") or []],
                    corrections=list(data.get("corrections") or []))


# --- tidy tables -------------------------------------------------------------------------------


def _dimension_type(labels: list[str]) -> str:
    values = [l for l in labels if l != ""]
    if values and all(re.fullmatch(r"-?(0|[1-9]\d*)", v) for v in values):
        return "integer"
    return "string"


def _measure_type(quantities: list[Quantity | None]) -> str:
    present = [q for q in quantities if q is not None and q.value is not None]
    if present and all(q.is_integer and q.unit is None for q in present):
        return "integer"
    return "number"


def _cell_unit(quantity: Quantity | None, whole: bool) -> str | None:
    """The unit printed with the value; a plain number is a count when its context is all whole."""
    if quantity is None or quantity.value is None:
        return None
    if quantity.unit:
        return quantity.unit
    return COUNT if whole and quantity.is_integer else None


def _all_whole(quantities) -> bool:
    """Every plain (unit-less) value is whole: the column or row counts something."""
    plain = [q for q in quantities if q is not None and q.value is not None and not q.unit]
    return bool(plain) and all(q.is_integer for q in plain)


def _typed(quantity: Quantity | None, column_type: str):
    if quantity is None or quantity.value is None:
        return None
    return int(quantity.value) if column_type == "integer" else quantity.value


def _label_value(label: str, column_type: str):
    if label == "":
        return None
    return int(label) if column_type == "integer" else label


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            name = f"{name}_{seen[name]}"
        else:
            seen[name] = 1
        out.append(name)
    return out


def melts(headers: list[str]) -> bool:
    """Several measure columns that are values of one variable (2020 2021; M3 M6; Bedrag 2022
    Bedrag 2023) are melted into a column dimension; different variables stay columns."""
    kept = [h for h in headers if not TOTAL_RE.match(h)]
    if not kept:
        return False
    if all(all(is_code(w) for w in h.split()) for h in kept) or all(map(_is_date, kept)):
        return True
    firsts = {h.split()[0].lower() for h in kept}
    return len(firsts) == 1 and all(len(h.split()) > 1 for h in kept)


def _column_dimension_name(headers: list[str], fallback: str) -> str:
    """What the melted headers are, where they are all of one kind (a totals column allowed):
    'jaar' (2022, 2023), 'maand' (januari ... december), 'datum' (1 februari 2022,
    31/12/2023); else the fallback. A visitor's column named after what it holds, not "kolom"."""
    kept = [h.strip() for h in headers if not TOTAL_RE.match(h)]
    if not kept:
        return fallback
    if all(re.fullmatch(r"(19|20)\d\d", h) for h in kept):
        return "jaar"
    if all(h.lower() in DUTCH_MONTHS for h in kept):
        return "maand"
    if all(map(_is_date, kept)):
        return "datum"
    return fallback


def _is_date(title: str) -> bool:
    """A header that is a date: "1 februari 2022", "31/12/2023"."""
    return bool(parse_dutch_date(title) or re.fullmatch(r"\s*\d{1,2}/\d{1,2}/(19|20)\d\d\s*", title))


def default_table_name(raw: RawTable) -> str:
    return f"tabel-{raw.section.replace('.', '')}-{raw.index}"


def default_title(raw: RawTable) -> str:
    labels = " en ".join(h.lower() for h in raw.label_headers)
    if len(raw.measure_headers) == 1:
        return f"{' '.join(raw.measure_headers[0])} per {labels}"
    tops = list(dict.fromkeys(" ".join(p) for p in raw.measure_headers))
    return f"{', '.join(tops)} per {labels}"


def tidy(raw: RawTable, answer_id: str, spec: TableSpec | None, codelists: dict[str, CodeList],
         file_label: str) -> tuple[TidyTable, list[Finding]]:
    """One observation per row: label columns, then the measures (melted when there are several)."""
    tidying = _Tidying(raw, answer_id, spec, file_label)
    tidying.check_columns()
    dims = tidying.dimensions()
    m = len(raw.measure_headers)
    two_level = m > 1 and all(len(p) == 2 for p in raw.measure_headers)
    melt = spec.melt if spec else None
    if melt is None:
        melt = m > 1 and not two_level and melts([" ".join(p) for p in raw.measure_headers])
    fields = tidying.melted(dims) if melt else tidying.wide(dims, two_level)
    names = _unique([f.name for f in fields])
    for f, n in zip(fields, names):
        f.name = n
    _link_codelists(fields, tidying.rows, codelists, tidying.table_id, file_label)
    curated = spec or TableSpec()
    table = TidyTable(
        answer_id=answer_id, name=tidying.name, title=curated.title or default_title(raw),
        description=curated.description or (raw.intro or None), raw=raw, fields=fields, rows=tidying.rows,
        notes=list(raw.notes) + list(curated.notes), cells=tidying.cells, totals=tidying.totals,
        curated=spec is not None, reconcile=list(curated.reconcile), section=raw.section,
    )
    table.key = _declared_key(spec, fields, tidying.name, answer_id, file_label)
    tidying.check_key(table)
    _acknowledge(table, spec, file_label)
    return table, tidying.findings


class _Tidying:
    """One raw table on its way to tidy rows: the curation spec, the rows made so far, the source of
    each value, the totals rows, and what was found."""

    def __init__(self, raw: RawTable, answer_id: str, spec: TableSpec | None, file_label: str):
        self.raw, self.answer_id, self.spec, self.file_label = raw, answer_id, spec, file_label
        self.name = (spec.name if spec else None) or default_table_name(raw)
        self.table_id = f"{answer_id}/{self.name}"
        self.columns = {c.source: c for c in spec.columns} if spec else {}
        self.findings: list[Finding] = []
        self.rows: list[list] = []
        self.cells = Cells()
        self.totals: list[int] = []
        self.measure_columns = list(zip(*[row.values for row in raw.rows])) if raw.rows else []
        self.total_rows = {r for r, row in enumerate(raw.rows) if any(TOTAL_RE.match(l) for l in row.labels if l)}

    def check_columns(self) -> None:
        """Every column the curation names is one the table has."""
        raw = self.raw
        printed = raw.label_headers + [" ".join(p) for p in raw.measure_headers]
        missing = [c for c in self.columns if c not in printed and c not in _sub_headers(raw)] if self.spec else []
        if missing:
            raise SourceError(Finding(
                ERROR, "curation.column-missing",
                f"table {self.name!r} names columns {missing} that the extracted table (section {raw.section}) "
                f"does not have; it has {printed}",
                file=self.file_label, answer=self.answer_id, table=self.table_id,
                hint="update 'source:' in the curation file to the header as printed, or redraft it "
                     "with `vragen draft --force`"))

    def field(self, source: str, role: str, default_name: str, ftype: str, unit: str | None) -> Field:
        c = self.columns.get(source) or ColumnSpec(source)
        return Field(name=c.name or default_name, title=c.title or source, type=ftype, role=role,
                     description=c.description, unit=c.unit or unit, codelist=c.codelist, source=source)

    def dimension_field(self, key: str, values: list, default: str) -> Field:
        """The column dimension a melted or two-level header becomes (its name from the curation)."""
        cd = getattr(self.spec, key) if self.spec else DimensionSpec()
        return Field(name=cd.name or default, title=cd.title or default.capitalize(),
                     type=_dimension_type(values), role=Role.DIMENSION, description=cd.description)

    def dimensions(self) -> list[Field]:
        """Dimensions from the label columns."""
        raw = self.raw
        label_columns = list(zip(*[row.labels for row in raw.rows])) if raw.rows else [()] * len(raw.label_headers)
        return [self.field(header, Role.DIMENSION, slug(header), _dimension_type(list(label_columns[j])), None)
                for j, header in enumerate(raw.label_headers)]

    def add_row(self, values: list, is_total: bool, sources: list[tuple[str, Quantity | None, RawRow, int]]) -> None:
        self.rows.append(values)
        if is_total:
            self.totals.append(len(self.rows))
        row = len(self.rows)
        for field_name, quantity, raw_row, j in sources:
            if quantity is not None:
                box = raw_row.boxes[j] if raw_row.boxes else None
                self.cells.add(row, field_name, quantity.text, raw_row.line or None, raw_row.page, box)

    def _measure(self, sub: str, quantities: list) -> Field:
        whole = _all_whole(quantities)
        units = {_cell_unit(q, whole) for q in quantities} - {None}
        if len(units) > 1:
            self.findings.append(Finding(ERROR, "table.mixed-units",
                                         f"column {sub!r} mixes units {sorted(units)}; published without a unit",
                                         file=self.file_label, answer=self.answer_id, table=self.table_id,
                                         hint="give the column its unit in the curation file"))
        unit = units.pop() if len(units) == 1 else None
        # A unit the header names ("Bedrag (in euro)") beats the guess that whole numbers count.
        if unit in (None, COUNT) and unit_hint(sub):
            unit = unit_hint(sub)
        return self.field(sub, Role.MEASURE, slug(sub), _measure_type(quantities), unit)

    def wide(self, dims: list[Field], two_level: bool) -> list[Field]:
        """A measure per printed column; under a two-level header, a row per top title."""
        raw, m = self.raw, len(self.raw.measure_headers)
        if not two_level:
            groups = [("", list(range(m)))]
            subs = [" ".join(p) for p in raw.measure_headers]
        else:
            tops = list(dict.fromkeys(p[0] for p in raw.measure_headers))
            groups = [(top, [j for j, p in enumerate(raw.measure_headers) if p[0] == top]) for top in tops]
            subs = [raw.measure_headers[j][1] for j in groups[0][1]]
        measures = [self._measure(sub, [q for g in groups for q in self.measure_columns[g[1][position]]])
                    for position, sub in enumerate(subs)]
        group_field = None
        if two_level:
            tops = [g[0] for g in groups]
            group_field = self.dimension_field("column_dimension", tops, _column_dimension_name(tops, "kolomgroep"))
        for r, row in enumerate(raw.rows):
            for top, js in groups:
                labels = [_label_value(l, d.type) for l, d in zip(row.labels, dims)]
                if group_field:
                    labels.append(_label_value(top, group_field.type))
                vals = [_typed(row.values[j], f.type) for j, f in zip(js, measures)]
                is_total = r in self.total_rows or bool(top and TOTAL_RE.match(top))
                self.add_row(labels + vals, is_total, [(f.name, row.values[j], row, j) for j, f in zip(js, measures)])
        return dims + ([group_field] if group_field else []) + measures

    def melted(self, dims: list[Field]) -> list[Field]:
        """Several measure columns of one kind (years, horizons): melted into a column dimension."""
        raw = self.raw
        col_values = [" ".join(p) for p in raw.measure_headers]
        col_field = self.dimension_field("column_dimension", col_values, _column_dimension_name(col_values, "kolom"))
        ftype = _measure_type([q for col in self.measure_columns for q in col])
        # In a melted table each printed row may count or measure something else (the outflow
        # table: counts on one row, percentages on the next), so plain numbers are judged by row.
        row_whole = [_all_whole(row.values) for row in raw.rows]
        units = {_cell_unit(q, row_whole[r]) for r, row in enumerate(raw.rows) for q in row.values} - {None}
        vs = self.spec.value if self.spec else DimensionSpec()
        value_field = Field(name=vs.name or "waarde", title=vs.title or "Waarde", type=ftype,
                            role=Role.MEASURE, description=vs.description,
                            unit=vs.unit or (units.pop() if len(units) == 1 else None))
        unit_field = None
        if len(units) > 1 or (not value_field.unit and units):
            unit_field = Field(name="eenheid", title="Eenheid", type="string", role=Role.UNIT,
                               description="Eenheid van de waarde op deze rij (count, percent, EUR)")
        for r, row in enumerate(raw.rows):
            for j, header in enumerate(col_values):
                labels = [_label_value(l, d.type) for l, d in zip(row.labels, dims)]
                quantity = row.values[j]
                values = labels + [_label_value(header, col_field.type), _typed(quantity, ftype)]
                if unit_field:
                    values.append(_cell_unit(quantity, row_whole[r]) or _row_unit(row.values, row_whole[r]))
                self.add_row(values, r in self.total_rows or bool(TOTAL_RE.match(header)),
                             [(value_field.name, quantity, row, j)])
        return dims + [col_field, value_field] + ([unit_field] if unit_field else [])

    def check_key(self, table: TidyTable) -> None:
        """A curated table's key is a promise: breaking it is an error. An automatic reading whose
        labels are no key is published without one, and says so."""
        repeated = _repeated_key(table.key, table.fields, table.rows)
        if repeated is not None and self.spec is not None:
            self.findings.append(Finding(
                ERROR, "table.duplicate-key", f"row {repeated[0]} repeats or leaves empty the key "
                f"({', '.join(table.key)}) = {repeated[1]}", file=self.file_label, answer=self.answer_id,
                table=self.table_id, row=repeated[0], hint="if the rows are really different, add the column that "
                "tells them apart, or declare 'key: none' with a note in the curation file"))
        elif repeated is not None:
            self.findings.append(Finding(
                WARNING, "table.no-key", f"row {repeated[0]} repeats the labels {repeated[1]}: published without "
                "a key", file=self.file_label, answer=self.answer_id, table=self.table_id, row=repeated[0],
                hint="curate the table: name its key, or declare 'key: none'"))
            table.key = []


def _link_codelists(fields: list[Field], rows: list[list], codelists: dict[str, CodeList], table_id: str,
                    file_label: str) -> None:
    """A column that holds only the keys of an automatic code list is linked to it; a code list the
    curation names must exist."""
    for j, f in enumerate(fields):
        if f.role == Role.DIMENSION and not f.codelist and f.type == "string":
            values = {row[j] for row in rows if row[j] is not None}
            for codelist in codelists.values():
                if codelist.auto and values and values <= codelist.keys:
                    f.codelist = codelist.name
        if f.codelist and f.codelist not in codelists:
            raise SourceError(Finding(ERROR, "curation.codelist", f"column {f.name!r} names code list "
                                      f"{f.codelist!r}, which metadata/codelists.yaml does not define",
                                      file=file_label, table=table_id,
                                      hint=f"known code lists: {sorted(codelists)}"))


def _acknowledge(table: TidyTable, spec: TableSpec | None, file_label: str) -> None:
    """Errors in the source that the curation acknowledges: kept, and said in the table's notes."""
    for acknowledgement in spec.acknowledge if spec else []:
        if not acknowledgement.get("check") or not acknowledgement.get("reason"):
            raise SourceError(Finding(ERROR, "curation.acknowledge", f"table {table.name!r}: an acknowledgement "
                                      "needs 'check' (e.g. check.total) and 'reason'", file=file_label,
                                      table=f"{table.answer_id}/{table.name}",
                                      hint="say which check and why the source is wrong"))
        table.acknowledged.append(dict(acknowledgement))
        where = ", ".join(f"{k} {acknowledgement[k]}" for k in ("row", "column") if acknowledgement.get(k))
        table.notes.append(f"Fout in de bron ({acknowledgement['check']}{', ' + where if where else ''}): "
                           f"{acknowledgement['reason']}")


def _repeated_key(key: list[str], fields: list[Field], rows: list[list]) -> tuple[int, tuple] | None:
    """The first row (1-based) whose key repeats an earlier row's or is empty, and its key."""
    positions = [next(i for i, f in enumerate(fields) if f.name == k) for k in key]
    seen: set[tuple] = set()
    for r, row in enumerate(rows, start=1):
        values = tuple(row[i] for i in positions)
        if positions and (values in seen or any(v in (None, "") for v in values)):
            return r, values
        seen.add(values)
    return None


def _declared_key(spec: TableSpec | None, fields: list[Field], name: str, answer_id: str,
                  file_label: str) -> list[str]:
    """The table's key: as the curation declares it (`key: [columns]`, or `key: none` for a table
    whose rows share their labels), else the label columns (what a printed table's rows are)."""
    declared = spec.key if spec else None
    names = [f.name for f in fields]
    if declared is None:
        return [f.name for f in fields if f.role == Role.DIMENSION]
    if declared in ("none", False, []):
        return []
    if not isinstance(declared, list) or not all(isinstance(k, str) and k in names for k in declared):
        raise SourceError(Finding(ERROR, "curation.invalid", f"table {name!r}: key {declared!r} is not a list of "
                                  "its column names", file=file_label, table=f"{answer_id}/{name}",
                                  hint=f"e.g. key: [{names[0]}], or key: none; columns: {names}"))
    return list(declared)


def _sub_headers(raw: RawTable) -> list[str]:
    return [p[-1] for p in raw.measure_headers] + [p[0] for p in raw.measure_headers]


def _row_unit(values: list[Quantity | None], whole: bool) -> str | None:
    units = {_cell_unit(q, whole) for q in values} - {None}
    return units.pop() if len(units) == 1 else None


def curate(document: Document, metadata_dir: Path, codelists: dict[str, CodeList],
           file_label: str) -> tuple[list[TidyTable], Curation | None, list[Finding]]:
    """Tidy tables for one document, named by its curation file when there is one."""
    findings: list[Finding] = []
    curation = load_curation(metadata_dir, document.answer_id)
    specs_by_key: dict[str, dict] = {}
    if curation:
        for spec in curation.tables:
            match = spec.match
            key = f"{match.get('section')}#{match.get('index', 1)}"
            found = [t.key for t in document.tables]
            if key not in found:
                raise SourceError(Finding(
                    ERROR, "curation.table-missing",
                    f"table {spec.name!r} expects a table in section {match.get('section')} "
                    f"(number {match.get('index', 1)} there), but extraction found tables at {found or 'no place'}",
                    file=str(curation.path), answer=document.answer_id,
                    hint="change its 'match:' to the section where the table now is, or remove the entry"))
            specs_by_key[key] = spec
    else:
        findings.append(Finding(INFO, "curation.none",
                                "not curated: tables are published with generated names",
                                file=file_label, answer=document.answer_id,
                                hint=f"run `vragen draft` to write {curation_path(metadata_dir, document.answer_id)}"))
    tables = []
    for raw in document.tables:
        spec = specs_by_key.get(raw.key)
        if curation and spec is None:
            findings.append(Finding(WARNING, "curation.table-uncurated",
                                    f"table at section {raw.section} (number {raw.index}) is not in the curation file; "
                                    "published with generated names", file=str(curation.path),
                                    answer=document.answer_id, hint="add it, or redraft with `vragen draft --force`"))
        table, table_findings = tidy(raw, document.answer_id, spec, codelists, file_label)
        tables.append(table)
        findings += table_findings
    names = [t.name for t in tables]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise SourceError(Finding(ERROR, "curation.duplicate-name", f"two tables are named {sorted(duplicates)}",
                                  file=str(curation.path) if curation else file_label, answer=document.answer_id,
                                  hint="give every table of an answer its own name"))
    if curation:
        _apply_corrections(tables, curation, findings)
    return tables, curation, findings


def _apply_corrections(tables: list[TidyTable], curation: Curation, findings: list[Finding]) -> None:
    by_name = {t.name: t for t in tables}
    for correction in curation.corrections:
        table = by_name.get(correction.get("table"))
        where = f"correction of {correction.get('table')!r} row {correction.get('row')} {correction.get('field')!r}"
        if not correction.get("reason"):
            raise SourceError(Finding(ERROR, "curation.correction", f"{where} has no reason",
                                      file=str(curation.path), hint="every correction says why"))
        try:
            row = table.rows[int(correction["row"]) - 1]
            index = [f.name for f in table.fields].index(correction["field"])
        except (AttributeError, KeyError, IndexError, ValueError, TypeError):
            raise SourceError(Finding(ERROR, "curation.correction", f"{where} names no cell of the extraction",
                                      file=str(curation.path), hint="check table, row (1-based) and field"))
        old = row[index]
        field_type = table.fields[index].type
        new = correction["value"]
        row[index] = None if new is None else (int(new) if field_type == "integer" else
                                               Decimal(str(new)) if field_type == "number" else str(new))
        table.notes.append(f"Correctie rij {correction['row']}, {correction['field']}: {old} → {new} "
                           f"({correction['reason']})")


# --- drafting ----------------------------------------------------------------------------------


def propose_reconcile(table: TidyTable, figures: list[ProseFigure]) -> list[dict]:
    """Prose figures in the same section that equal the sum of a one-measure count table."""
    measures = table.measures
    if len(measures) != 1 or measures[0].type != "integer" or len(table.fields) - len(table.dimensions) != 1:
        return []
    j = table.fields.index(measures[0])
    total = sum(row[j] or 0 for r, row in enumerate(table.rows, start=1) if r not in table.totals)
    top = (table.section or "").split(".")[0]
    return [{"section": f.section, "value": int(f.quantity.value), "text": f.text}
            for f in figures
            if f.section.split(".")[0] == top and f.quantity.unit is None and f.quantity.is_integer
            and f.quantity.value == total]


def draft(document: Document, tables: list[TidyTable]) -> str:
    """A curation file for a human to edit: every table and column with what extraction saw."""
    lines = [
        f"# Curation of written question {document.question.number} ({document.session}): "
        f"{document.question.title}",
        "# Drafted by `vragen draft` from the extraction; edit names, titles, descriptions, units and notes.",
        "# 'source' is a column header as printed: it ties this file to the extraction.",
    ]
    data = {"answer": document.answer_id, "notes": [], "tables": []}
    for table in tables:
        raw = table.raw
        entry = {"match": {"section": raw.section, "index": raw.index}, "name": table.name,
                 "title": table.title, "description": table.description or "", "notes": list(raw.notes),
                 "columns": []}
        for f in table.fields:
            if f.source is None:
                continue
            column = {"source": f.source, "name": f.name, "title": f.title}
            if f.unit:
                column["unit"] = str(f.unit)  # the vocabulary's string, as a curator writes it
            if f.codelist:
                column["codelist"] = f.codelist
            column["description"] = f.description or ""
            entry["columns"].append(column)
        for f in table.fields:
            if f.source is None and f.role == Role.DIMENSION:
                entry["column_dimension"] = {"name": f.name, "title": f.title, "description": f.description or ""}
            if f.source is None and f.role == Role.MEASURE:
                value = {"name": f.name, "title": f.title, "description": f.description or ""}
                if f.unit:
                    value["unit"] = str(f.unit)
                entry["value"] = value
        reconcile = propose_reconcile(table, document.figures)
        if reconcile:
            entry["reconcile"] = reconcile
        data["tables"].append(entry)
    return "\n".join(lines) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def merge_draft(existing: str, fresh: str) -> tuple[str, list[str]]:
    """A fresh draft merged into a curation file a person has edited: tables and columns that the
    extraction has and the file lacks are added; everything the file says (names, titles, units,
    comments, order) stays as written. Returns the merged text and what changed, one line each."""
    import io

    from ruamel.yaml import YAML

    yaml_rt = YAML(typ="rt")
    yaml_rt.width = 100
    merged = yaml_rt.load(existing)
    proposal = yaml_rt.load(fresh)
    if not isinstance(merged, dict):
        raise ValueError("the existing file is not a mapping; fix it or redraft with --force")
    changes: list[str] = []
    tables = merged.setdefault("tables", [])
    by_place = {_place(entry): entry for entry in tables if isinstance(entry, dict)}
    for entry in proposal.get("tables") or []:
        place = _place(entry)
        kept = by_place.get(place)
        if kept is None:
            tables.append(entry)
            changes.append(f"added table {entry.get('name')!r} (section {place})")
            continue
        printed = {str(c.get("source")) for c in kept.get("columns") or [] if isinstance(c, dict)}
        for column in entry.get("columns") or []:
            if str(column.get("source")) not in printed:
                kept.setdefault("columns", []).append(column)
                changes.append(f"table {kept.get('name')!r}: added column {column.get('source')!r}")
    found = {_place(entry) for entry in proposal.get("tables") or []}
    for place, entry in by_place.items():
        if place not in found:
            changes.append(f"table {entry.get('name')!r}: the extraction has no table at section {place} any more; "
                           "left as written (fix its match, or remove it)")
    out = io.StringIO()
    yaml_rt.dump(merged, out)
    return out.getvalue(), changes


def _place(entry) -> str:
    match = entry.get("match") or {} if isinstance(entry, dict) else {}
    return f"{match.get('section')}#{match.get('index', 1)}"

