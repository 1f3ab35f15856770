"""Orchestration: find inputs, read, curate, package, publish; swap the output in atomically.

One bad document never stops the others: its error goes into the report and the rest is
published. The new output is written beside the old one and swapped in only when complete, so a
build that crashes or is killed leaves the last good output as it was.
"""

from __future__ import annotations

import datetime
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .curate import curate, load_codelists
from .model import ERROR, INFO, WARNING, Document, Finding, SourceError
from .package import dump_json, read_package, write_package
from .publish import write_site
from .read.dump import read_dump

SOURCE_SUFFIXES = (".txt",)


@dataclass
class BuildReport:
    answers: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # source files that were not published
    findings: list[Finding] = field(default_factory=list)
    tables: int = 0
    values: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(f.level == ERROR for f in self.findings)

    def as_dict(self) -> dict:
        # No timing here: the report is part of the output and must be reproducible.
        return {
            "ok": self.ok,
            "answers": self.answers,
            "failed": self.failed,
            "tables": self.tables,
            "values": self.values,
            "counts": {level: sum(f.level == level for f in self.findings) for level in (ERROR, WARNING, INFO)},
            "findings": [f.as_dict() for f in self.findings],
        }

    def summary(self) -> str:
        counts = self.as_dict()["counts"]
        return (f"{len(self.answers)} answers, {self.tables} tables, {self.values} values published; "
                f"{len(self.failed)} sources failed; {counts[ERROR]} errors, {counts[WARNING]} warnings "
                f"in {self.seconds:.1f} s")


def find_sources(sources: Path) -> list[Path]:
    if not sources.is_dir():
        raise SourceError(Finding(ERROR, "build.no-sources", f"no sources folder at {sources}",
                                  hint="pass --sources DIR"))
    return sorted(p for p in sources.iterdir()
                  if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES and not p.name.startswith("."))


def read_source(path: Path, label: str) -> Document:
    return read_dump(path, display_name=label)


def _label(path: Path, sources: Path) -> str:
    try:
        return str(Path(sources.name) / path.relative_to(sources))
    except ValueError:
        return str(path)


def swap_in(staging: Path, out: Path) -> None:
    """Replace `out` by `staging` with two renames; a leftover `.old` is restored next time."""
    old = out.with_name(out.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    if old.exists():
        shutil.rmtree(old)


def recover(out: Path) -> None:
    """A build killed between the two renames of `swap_in` left only `.old`: put it back."""
    old = out.with_name(out.name + ".old")
    if old.exists() and not out.exists():
        old.rename(out)


def collection_descriptor(answers, prefix: str) -> dict:
    """The root data package: every published table of every answer, one v2 package."""
    from .package import LICENSE, PACKAGE_PROFILE

    resources = []
    for answer in answers:
        for resource in answer.descriptor.get("resources", []):
            if resource.get("vragen:codelist"):
                continue
            entry = {k: v for k, v in resource.items() if k not in ("schema",)}
            schema = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
            entry["name"] = f"{answer.id}-{resource['name']}"
            entry["path"] = f"{prefix}{answer.directory.name}/{resource['path']}"
            entry["schema"] = schema
            resources.append(entry)
    descriptor = {
        "$schema": PACKAGE_PROFILE,
        "name": "vragen",
        "title": "Cijfers uit antwoorden op schriftelijke vragen van het Vlaams Parlement",
        "description": "Alle tabellen en cijfers die vragen publiceert; elk antwoord heeft ook zijn eigen pakket "
                       "in build/packages/<antwoord-id>/.",
        "homepage": "https://www.vlaamsparlement.be/nl/parlementair-werk/schriftelijke-vragen",
        "licenses": [LICENSE],
        "sources": [{"title": "Vlaams Parlement, schriftelijke vragen",
                     "path": "https://www.vlaamsparlement.be/nl/parlementair-werk/schriftelijke-vragen"}],
        "keywords": sorted({a.answer.get("theme") for a in answers if a.answer.get("theme")}),
    }
    # Never the wall clock (builds are reproducible); a release may pin its date.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        created = datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc)
        descriptor["created"] = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    descriptor["resources"] = resources
    return descriptor


def build(sources: Path = Path("sources"), out: Path = Path("build"), metadata: Path = Path("metadata"),
          collection: Path | None = None, progress: Callable[[str], None] | None = None) -> BuildReport:
    started = time.monotonic()
    report = BuildReport()
    recover(out)
    staging = out.with_name(out.name + ".staging")
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "packages").mkdir(parents=True)
    codelists = load_codelists(metadata)

    seen: dict[str, str] = {}
    for path in find_sources(sources):
        label = _label(path, sources)
        if progress:
            progress(label)
        try:
            document = read_source(path, label)
            report.findings += document.findings
            if document.answer_id in seen:
                raise SourceError(Finding(ERROR, "build.duplicate-answer",
                                          f"answer {document.answer_id} also comes from {seen[document.answer_id]}; "
                                          "this file is left out", file=label, answer=document.answer_id,
                                          hint="keep one source per answer"))
            tables, curation, findings = curate(document, metadata, codelists, label)
            report.findings += findings
            write_package(staging / "packages" / document.answer_id, document, tables, codelists, label,
                          title=curation.title if curation else None,
                          description=curation.description if curation else None,
                          curated=curation is not None, notes=curation.notes if curation else [])
            seen[document.answer_id] = label
        except SourceError as error:
            report.findings.append(error.finding)
            report.failed.append(label)

    answers = [read_package(staging / "packages" / answer_id) for answer_id in sorted(seen)]
    report.answers = [a.id for a in answers]
    report.tables = sum(len(a.tables) for a in answers)
    report.values = sum(1 for a in answers for t in a.tables for f_i, f in enumerate(t.fields) if f.role == "measure"
                        for row in t.rows if row[f_i] is not None)
    report.findings += write_site(staging, answers)
    (staging / "datapackage.json").write_text(dump_json(collection_descriptor(answers, "packages/")), encoding="utf-8")
    (staging / "report.json").write_text(dump_json(report.as_dict()), encoding="utf-8")
    swap_in(staging, out)
    if collection is not None:
        prefix = _relative_prefix(collection.parent, out / "packages")
        collection.write_text(dump_json(collection_descriptor(answers, prefix)), encoding="utf-8")
    report.seconds = time.monotonic() - started
    return report


def check_fresh(sources: Path, metadata: Path, collection: Path, out: Path = Path("build")) -> list[Finding]:
    """Is the committed collection descriptor and curation up to date with the sources?

    Builds aside, at the same place relative to a scratch copy of the collection descriptor as
    `out` is to the real one, so that the descriptor's paths come out the same.
    """
    import tempfile

    from .curate import curation_path

    findings: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="vragen-check-") as tmp:
        expected_collection = Path(tmp) / collection.name
        relative = os.path.relpath(out.resolve(), collection.parent.resolve())
        scratch = Path(tmp) / (relative if not relative.startswith("..") else "build")
        report = build(sources=sources, out=scratch, metadata=metadata, collection=expected_collection)
        findings += [f for f in report.findings if f.level == ERROR]
        findings += [Finding(ERROR, f.code, f.message, file=f.file, answer=f.answer, hint=f.hint)
                     for f in report.findings if f.code == "curation.table-uncurated"]
        expected = expected_collection.read_text(encoding="utf-8")
        if not collection.exists() or collection.read_text(encoding="utf-8") != expected:
            findings.append(Finding(ERROR, "check.stale-collection",
                                    f"{collection} does not match what the sources build",
                                    file=str(collection), hint="run `vragen build` and commit datapackage.json"))
    known = {curation_path(metadata, answer) for answer in report.answers}
    for path in sorted(metadata.glob("*-*/*.yaml")):
        if path not in known:
            findings.append(Finding(ERROR, "check.orphan-curation", "curation for an answer that no source holds",
                                    file=str(path), hint="remove the file, or add the answer's source"))
    for answer in report.answers:
        if not curation_path(metadata, answer).exists():
            findings.append(Finding(INFO, "check.uncurated", f"answer {answer} has no curation file",
                                    answer=answer, hint="run `vragen draft` and edit the file"))
    return findings


def _relative_prefix(base: Path, packages: Path) -> str:
    return os.path.relpath(packages.resolve(), base.resolve()).replace(os.sep, "/") + "/"
