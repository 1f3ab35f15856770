"""What changed in the published data between two builds (or two git revisions).

Rows are matched by their labels (the dimension values), not by position, so a row inserted at
the top shows as one added row rather than every row changed. Rows with the same labels (the three
Randstad Risesmart / HOA lots) are told apart by their order.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .model import Role
from .package import PublishedAnswer, canonical, read_package


@dataclass
class DataDiff:
    answers_added: list[str] = field(default_factory=list)
    answers_removed: list[str] = field(default_factory=list)
    tables_added: list[str] = field(default_factory=list)
    tables_removed: list[str] = field(default_factory=list)
    schema_changes: list[dict] = field(default_factory=list)
    rows_added: list[dict] = field(default_factory=list)
    rows_removed: list[dict] = field(default_factory=list)
    cells_changed: list[dict] = field(default_factory=list)
    figures_changed: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, name) for name in self.__dataclass_fields__)

    def as_dict(self) -> dict:
        return {name: getattr(self, name) for name in self.__dataclass_fields__} | {"changed": not self.empty}

    def markdown(self) -> str:
        if self.empty:
            return "## Data diff\n\nNo changes in the published data.\n"
        out = ["## Data diff", ""]
        for title, items in (("Answers added", self.answers_added), ("Answers removed", self.answers_removed),
                             ("Tables added", self.tables_added), ("Tables removed", self.tables_removed)):
            if items:
                out.append(f"**{title}:** " + ", ".join(f"`{i}`" for i in items))
                out.append("")
        if self.schema_changes:
            out += ["### Schema changes", "", "| table | field | change | old | new |", "|---|---|---|---|---|"]
            out += [f"| `{c['table']}` | `{c['field']}` | {c['change']} | {_md(c.get('old'))} | {_md(c.get('new'))} |"
                    for c in self.schema_changes]
            out.append("")
        if self.cells_changed:
            out += ["### Cells changed", "", "| table | row | column | old | new |", "|---|---|---|---|---|"]
            out += [f"| `{c['table']}` | {_md(c['row'])} | `{c['field']}` | {_md(c['old'])} | {_md(c['new'])} |"
                    for c in self.cells_changed]
            out.append("")
        for title, rows in (("Rows added", self.rows_added), ("Rows removed", self.rows_removed)):
            if rows:
                out += [f"### {title}", "", "| table | row |", "|---|---|"]
                out += [f"| `{r['table']}` | {_md(r['row'])} |" for r in rows]
                out.append("")
        if self.figures_changed:
            out += ["### Figures in the text", "", "| answer | change | figure |", "|---|---|---|"]
            out += [f"| `{f['answer']}` | {f['change']} | {_md(f['figure'])} |" for f in self.figures_changed]
            out.append("")
        return "\n".join(out)


def _md(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ") or "∅"


def _answers(out: Path) -> dict[str, PublishedAnswer]:
    packages = out / "packages"
    if not packages.is_dir():
        raise FileNotFoundError(f"{out} holds no packages/: not a vragen build")
    answers = [read_package(p) for p in sorted(packages.iterdir()) if (p / "datapackage.json").exists()]
    return {a.id: a for a in answers}


def _keyed_rows(table) -> dict[tuple, dict]:
    dims = [i for i, f in enumerate(table.fields) if f.role == Role.DIMENSION]
    seen: dict[tuple, int] = {}
    keyed = {}
    for row in table.rows:
        labels = tuple(canonical(row[i]) for i in dims)
        seen[labels] = seen.get(labels, 0) + 1
        key = labels + ((f"#{seen[labels]}",) if seen[labels] > 1 else ())
        keyed[key] = {f.name: canonical(v) for f, v in zip(table.fields, row)}
    return keyed


def _label(table, key: tuple) -> str:
    names = [f.name for f in table.fields if f.role == Role.DIMENSION]
    parts = [f"{n}={v}" for n, v in zip(names, key)]
    return ", ".join(parts + list(key[len(names):]))


def diff_outputs(old: Path, new: Path) -> DataDiff:
    before, after = _answers(old), _answers(new)
    result = DataDiff(answers_added=sorted(set(after) - set(before)),
                      answers_removed=sorted(set(before) - set(after)))
    for answer_id in sorted(set(before) & set(after)):
        old_tables = {t.name: t for t in before[answer_id].tables}
        new_tables = {t.name: t for t in after[answer_id].tables}
        result.tables_added += [f"{answer_id}/{n}" for n in new_tables if n not in old_tables]
        result.tables_removed += [f"{answer_id}/{n}" for n in old_tables if n not in new_tables]
        for name in [n for n in new_tables if n in old_tables]:
            _diff_table(result, old_tables[name], new_tables[name])
        old_figures = {(f.section, f.text) for f in before[answer_id].figures}
        new_figures = {(f.section, f.text) for f in after[answer_id].figures}
        result.figures_changed += [{"answer": answer_id, "change": "removed", "figure": f"{s}: {t}"}
                                   for s, t in sorted(old_figures - new_figures)]
        result.figures_changed += [{"answer": answer_id, "change": "added", "figure": f"{s}: {t}"}
                                   for s, t in sorted(new_figures - old_figures)]
    return result


def _diff_table(result: DataDiff, old, new) -> None:
    table_id = new.id
    old_fields = {f.name: f for f in old.fields}
    new_fields = {f.name: f for f in new.fields}
    for name in new_fields.keys() - old_fields.keys():
        result.schema_changes.append({"table": table_id, "field": name, "change": "field added"})
    for name in old_fields.keys() - new_fields.keys():
        result.schema_changes.append({"table": table_id, "field": name, "change": "field removed"})
    for name in [n for n in new_fields if n in old_fields]:
        for attribute in ("type", "unit", "title", "role", "codelist"):
            a, b = getattr(old_fields[name], attribute), getattr(new_fields[name], attribute)
            if a != b:
                result.schema_changes.append({"table": table_id, "field": name, "change": attribute, "old": a,
                                              "new": b})
    before, after = _keyed_rows(old), _keyed_rows(new)
    for key in after.keys() - before.keys():
        result.rows_added.append({"table": table_id, "row": _label(new, key)})
    for key in before.keys() - after.keys():
        result.rows_removed.append({"table": table_id, "row": _label(old, key)})
    measures = [f.name for f in new.fields if f.role != "dimension" and f.name in old_fields]
    for key in [k for k in after if k in before]:
        for name in measures:
            if before[key].get(name) != after[key].get(name):
                result.cells_changed.append({"table": table_id, "row": _label(new, key), "field": name,
                                             "old": before[key].get(name), "new": after[key].get(name)})


def build_revision(revision: str, repository: Path) -> Path:
    """Build the sources and curation of a git revision (with this code) into a temporary folder."""
    from .build import build

    # A revision is never an option: "--output=FILE" would make git write (and truncate) FILE.
    if not revision or revision.startswith("-"):
        raise ValueError(f"{revision!r} is not a git revision")
    verified = subprocess.run(["git", "-C", str(repository), "rev-parse", "--verify", "--quiet", "--end-of-options",
                               f"{revision}^{{commit}}"], capture_output=True, text=True)
    if verified.returncode != 0:
        raise ValueError(f"cannot read {revision!r} from git: not a commit in {repository}")
    work = Path(tempfile.mkdtemp(prefix="vragen-diff-"))
    archive = subprocess.run(["git", "-C", str(repository), "archive", "--format=tar", verified.stdout.strip(),
                              "sources", "metadata"], capture_output=True)
    if archive.returncode != 0:
        raise ValueError(f"cannot read {revision!r} from git: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(work, filter="data")
    (work / "sources").mkdir(exist_ok=True)
    build(sources=work / "sources", out=work / "build", metadata=work / "metadata")
    return work / "build"


def resolve(side: str, repository: Path = Path(".")) -> Path:
    """A build folder as given, or a git revision built on the fly."""
    path = Path(side)
    if (path / "packages").is_dir():
        return path
    return build_revision(side, repository)
