"""Orchestration: find inputs, read, curate, package, publish; swap the output in atomically.

One bad document never stops the others: its error goes into the report and the rest is
published. The new output is written beside the old one and swapped in only when complete, so a
build that crashes or is killed leaves the last good output as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import json
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import limits
from .confidence import assess
from .curate import curate, load_codelists
from .model import ERROR, INFO, WARNING, Finding, SourceError
from .package import dump_json, write_package
from .publish import write_site
from .read.sources import Source, find_sources, read_source, scan, skipped_entries

@dataclass
class BuildReport:
    answers: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # source files that were not published
    findings: list[Finding] = field(default_factory=list)
    tables: int = 0
    values: int = 0
    seconds: float = 0.0
    rebuilt: int = 0  # sources extracted in this build
    unchanged: int = 0  # sources taken from the last build

    @classmethod
    def from_dict(cls, data: dict) -> "BuildReport":
        return cls(answers=data["answers"], failed=data["failed"], tables=data["tables"], values=data["values"],
                   findings=[Finding(**f) for f in data["findings"]])

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
                f"{len(self.failed)} sources failed; {counts[ERROR]} errors, {counts[WARNING]} warnings; "
                f"{self.rebuilt} sources extracted, {self.unchanged} unchanged; {self.seconds:.1f} s")


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


COLLECTED = ("name", "type", "path", "scheme", "format", "mediatype", "encoding", "title", "description", "sources",
             "dialect", "schema", "bytes", "hash", "vragen:notes")


def write_collection_descriptor(path: Path, package_dirs: list[Path], themes: set) -> None:
    """The collection as one v2 package: the data tables and prose figures of every answer.

    Written resource by resource (a legislature has tens of thousands), in the layout of
    `dump_json`. Sections and cell provenance stay in each answer's own package."""
    from .package import CELLS, LICENSE, PACKAGE_PROFILE, SECTIONS

    head = {
        "$schema": PACKAGE_PROFILE,
        "name": "vragen",
        "title": "Cijfers uit antwoorden op schriftelijke vragen van het Vlaams Parlement",
        "description": "Alle tabellen en cijfers die vragen publiceert; elk antwoord heeft ook zijn eigen pakket "
                       "in build/packages/<antwoord-id>/.",
        "homepage": "https://www.vlaamsparlement.be/nl/parlementair-werk/schriftelijke-vragen",
        "licenses": [LICENSE],
        "sources": [{"title": "Vlaams Parlement, schriftelijke vragen",
                     "path": "https://www.vlaamsparlement.be/nl/parlementair-werk/schriftelijke-vragen"}],
        "keywords": sorted(themes),
    }
    # Never the wall clock (builds are reproducible); a release may pin its date.
    if _created():
        head["created"] = _created()
    with path.open("w", encoding="utf-8") as handle:
        handle.write(dump_json(head)[:-3] + ',\n  "resources": [')
        first = True
        for directory in package_dirs:
            descriptor = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
            answer_id = descriptor.get("vragen:answer", {}).get("id", directory.name)
            for resource in descriptor.get("resources", []):
                if resource.get("vragen:codelist") or resource["name"] in (SECTIONS, CELLS):
                    continue
                entry = {k: resource[k] for k in COLLECTED if k in resource}
                entry["schema"] = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}
                entry["name"] = f"{answer_id}-{resource['name']}"
                entry["path"] = f"packages/{directory.name}/{resource['path']}"
                entry["vragen:answer"] = answer_id
                text = json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                handle.write(("\n    " if first else ",\n    ") + text)
                first = False
        handle.write("\n  ]\n}\n" if not first else "]\n}\n")


def write_bundle(out: Path) -> Path:
    """The whole collection as one zip (`vragen-open-data.zip`): the collection descriptor and every
    package, byte for byte the same for the same packages (sorted names, a fixed date and mode)."""
    import zipfile

    from .publish import BUNDLE

    path = out / BUNDLE
    files = [out / "datapackage.json"] + sorted(p for p in (out / "packages").rglob("*") if p.is_file())
    # Remade whenever an answer changes: about 10 s for 10,000 answers (30,000 files), whatever the
    # compression level (level 1 saved 8% of the time for 15% more bytes), so the default level.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in files:
            info = zipfile.ZipInfo(f"vragen/{file.relative_to(out).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, file.read_bytes())  # one package file: small
    return path


# --- incremental work: what an unchanged source would produce is taken from the last build -------


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of vragen's own code: a new extractor rebuilds everything."""
    root = Path(__file__).parent
    return _digest(*[p.read_bytes() for p in sorted(root.rglob("*.py"))])


def metadata_version(metadata: Path) -> str:
    files = [metadata / "codelists.yaml"] + sorted((metadata / "codelists").glob("*"))
    return _digest(*[p.read_bytes() for p in files if p.is_file()])


def _source_bytes(source: Source) -> bytes:
    return b"".join(hashlib.sha256(p.read_bytes()).digest() for p in source.files())


def source_key(data: bytes, curation: Path | None, shared: str) -> str:
    curated = curation.read_bytes() if curation is not None and curation.exists() else b"-"
    return _digest(data, curated, shared.encode(), code_version().encode())


@dataclass
class Job:
    source: Source
    workdir: Path  # where the worker writes the package
    metadata: Path
    shared: str  # metadata_version of the code lists
    digest: bytes | None = None  # hash of the source's files, when the caller has it already
    seconds: int = field(default_factory=limits.seconds)  # the source's deadline


    @property
    def label(self) -> str:
        return self.source.label


@dataclass
class JobResult:
    label: str
    answer_id: str | None
    findings: list[dict]
    workdir: Path
    key: str  # source_key with the curation file of the answer it turned out to be


def extract(job: Job) -> JobResult:
    """Read, curate and package one source (runs in a worker process)."""
    findings: list[Finding] = []
    answer_id = None
    try:
        with limits.deadline(job.seconds):
            document, tables, curation = _read_and_curate(job, findings)
            answer_id = document.answer_id
            write_package(job.workdir, document, tables, _codelists(job.metadata), job.label,
                          title=curation.title if curation else None,
                          description=curation.description if curation else None,
                          curated=curation is not None, notes=curation.notes if curation else [])
    except SourceError as error:
        findings.append(error.finding)
        answer_id = None
    except limits.TooSlow as error:
        findings.append(Finding(ERROR, "build.too-slow", f"reading it took {error}; left out", file=job.label,
                                hint="check the file (a page of thousands of lines? endless prose?); raise "
                                     "VRAGEN_SECONDS_PER_SOURCE if it is sound"))
        answer_id = None
    except MemoryError:
        findings.append(Finding(ERROR, "build.too-large", f"reading it needed more than {limits.MEMORY_BYTES >> 20} "
                                "MB; left out", file=job.label,
                                hint="check the file (a PDF that inflates?); raise VRAGEN_MEMORY_MB if it is sound"))
        answer_id = None
    except Exception as error:  # a bug must not stop the other sources; it is reported with the file
        findings.append(Finding(ERROR, "build.internal-error", f"could not process: {type(error).__name__}: {error}",
                                file=job.label, hint="this is a bug in vragen: report it with the file"))
        answer_id = None
    from .curate import curation_path

    curation = curation_path(job.metadata, answer_id) if answer_id else None
    key = source_key(job.digest or _source_bytes(job.source), curation, job.shared)
    return JobResult(job.label, answer_id, [f.as_dict() for f in findings], job.workdir, key)


def _read_and_curate(job: Job, findings: list[Finding]):
    document = read_source(job.source)
    findings += document.findings
    tables, curation, curate_findings = curate(document, job.metadata, _codelists(job.metadata), job.label)
    findings += curate_findings
    for table in tables:
        table.checks = assess(table, findings, document.figures).as_dict()
    return document, tables, curation


@functools.lru_cache(maxsize=4)
def _codelists(metadata: Path):
    return load_codelists(metadata)


def _run(jobs: list[Job], workers: int, progress) -> list[JobResult]:
    """Every job's result, each source read in a worker process under its bounds (limits.py)."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    results: list[JobResult] = []
    if not jobs:
        return results
    broken: list[Job] = []
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(jobs))), initializer=limits.init_worker) as pool:
        futures = [(job, pool.submit(extract, job)) for job in jobs]
        for job, future in futures:
            try:
                results.append(future.result())
            except BrokenProcessPool:
                broken.append(job)  # this job, or another in the same pool, killed a worker
                continue
            if progress:
                progress(len(results), len(jobs), job.label)
    for job in broken:  # one by one, so that the file that kills its worker fails alone
        try:
            with ProcessPoolExecutor(max_workers=1, initializer=limits.init_worker) as alone:
                results.append(alone.submit(extract, job).result())
        except BrokenProcessPool:
            results.append(JobResult(job.label, None, [Finding(
                ERROR, "build.worker-died", "the process reading it died (out of memory, or a crash in a library); "
                "left out", file=job.label, hint="check the file; the other sources are published").as_dict()],
                job.workdir, ""))
        if progress:
            progress(len(results), len(jobs), job.label)
    return results


def _load_index(out: Path) -> dict:
    try:
        return json.loads((out / "index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def build(sources: Path = Path("sources"), out: Path = Path("build"), metadata: Path = Path("metadata"),
          collection: Path | None = None, progress: Callable[[int, int, str], None] | None = None,
          workers: int | None = None, allow_shrink: bool = False) -> BuildReport:
    """Build every source into `out`. Unchanged sources are taken from the last build; when nothing
    changed, nothing is written. The new output replaces the old one only when it is complete, and
    never by one with fewer answers unless `allow_shrink` says so. One build at a time per `out`."""
    with output_lock(out):
        return _build(sources, out, metadata, collection, progress, workers, allow_shrink)


@contextlib.contextmanager
def output_lock(out: Path):
    """An exclusive lock on `<out>.lock` for the whole build: a second build into the same output
    stops at once with a clear error instead of interleaving with the first."""
    import fcntl

    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.with_name(out.name + ".lock")
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise SourceError(Finding(ERROR, "build.locked", f"another build is writing {out} (it holds {path})",
                                      file=str(path), hint="wait for it to finish, or build into another --out"))
        yield
    finally:
        handle.close()


def _build(sources: Path, out: Path, metadata: Path, collection: Path | None,
           progress: Callable[[int, int, str], None] | None, workers: int | None, allow_shrink: bool) -> BuildReport:
    started = time.monotonic()
    recover(out)
    previous = _load_index(out) if (out / "vragen.db").exists() else {}
    shared = metadata_version(metadata)
    found, digests, keys, skipped = _listed(sources, metadata, previous, shared)
    # A source that failed is read again every time (its fix may lie in a file its key does not
    # cover); a package folder that went missing is made again.
    packaged = _package_names(out)
    unchanged = {label for label, key in keys.items() if previous.get(label, {}).get("key") == key
                 and previous[label].get("answer") in packaged}
    if previous and unchanged == set(keys) == set(previous) and _stamp_unchanged(out) and keys and not skipped:
        report = BuildReport.from_dict(json.loads((out / "report.json").read_text(encoding="utf-8")))
        report.unchanged = len(unchanged)
        _write_collection(out, collection)
        report.seconds = time.monotonic() - started
        return report

    staging = out.with_name(out.name + ".staging")
    if staging.exists():
        shutil.rmtree(staging)
    (staging / "packages").mkdir(parents=True)
    (staging / "work").mkdir()
    jobs = [Job(found[label], staging / "work" / f"{i:06d}", metadata, shared, digests[label])
            for i, label in enumerate(sorted(keys)) if label not in unchanged]
    results = {r.label: r for r in _run(jobs, workers or os.cpu_count() or 1, progress)}
    report = BuildReport()
    report.findings += skipped
    report.failed += [f.file for f in skipped]
    index, owner = _gather(keys, results, previous, staging, out, report)
    shutil.rmtree(staging / "work")
    _publish(staging, owner, index, report, metadata)
    before = _published_answers(out)
    lost = sorted(before - set(report.answers))
    if lost and not allow_shrink:
        shutil.rmtree(staging)
        report.findings.append(Finding(
            ERROR, "build.shrink", f"this build publishes {len(report.answers)} answers where {out} has {len(before)}: "
            f"{', '.join(lost[:5])}{' ...' if len(lost) > 5 else ''} would be lost; {out} is left as it was",
            file=str(out), hint="fix the sources that failed (see above), or pass --allow-shrink to remove answers "
                                "on purpose"))
        report.seconds = time.monotonic() - started
        return report
    swap_in(staging, out)
    _write_collection(out, collection)
    report.rebuilt = len(jobs)
    report.unchanged = len(keys) - len(jobs)
    report.seconds = time.monotonic() - started
    return report


def _package_names(out: Path) -> set[str]:
    """The answers with a package folder in the last output (one listing, not a stat each)."""
    try:
        return {entry.name for entry in os.scandir(out / "packages") if entry.is_dir()}
    except OSError:
        return set()


def _listed(sources: Path, metadata: Path, previous: dict, shared: str):
    """The sources found, their bytes (read and hashed once; the workers reuse them), their cache
    keys, and findings for entries that are no readable source."""
    from .curate import curation_path

    keys: dict[str, str] = {}
    found: dict[str, Source] = {}
    digests: dict[str, bytes] = {}
    entries = scan(sources)
    listed = find_sources(sources, entries)
    skipped = skipped_entries(sources, entries)
    if not listed:
        raise SourceError(Finding(ERROR, "build.no-sources", f"{sources} holds no .txt or .pdf source",
                                  file=str(sources), hint="check --sources; nothing was built and the output is "
                                                          "left as it was"))
    for source in listed:
        label = source.label
        try:
            digests[label] = _source_bytes(source)
        except OSError as error:  # it went away or lost its permissions since it was listed
            skipped.append(Finding(ERROR, "source.unreadable", f"not read: {error}", file=label,
                                   hint="make it a readable file, or remove it from sources/"))
            continue
        found[label] = source
        known = previous.get(label, {}).get("answer")
        keys[label] = source_key(digests[label], curation_path(metadata, known) if known else None, shared)
    return found, digests, keys, skipped


def _gather(keys: dict[str, str], results: dict, previous: dict, staging: Path, out: Path,
            report: BuildReport) -> tuple[dict[str, dict], dict[str, str]]:
    """Each source's package into staging (made now, or linked from the last output when unchanged);
    (the index entry per source, the source that owns each answer). Two sources of one answer:
    the second is left out."""
    index: dict[str, dict] = {}
    owner: dict[str, str] = {}
    for label in sorted(keys):
        if label in results:
            result = results[label]
            entry = {"key": result.key, "answer": result.answer_id, "findings": result.findings}
        else:
            entry = previous[label]
        findings = [Finding(**f) for f in entry["findings"]]
        answer_id = entry["answer"]
        if answer_id and answer_id in owner:
            findings = [f for f in findings if f.level != ERROR] + [Finding(
                ERROR, "build.duplicate-answer", f"answer {answer_id} also comes from {owner[answer_id]}; "
                "this file is left out", file=label, answer=answer_id, hint="keep one source per answer")]
            entry = dict(entry, findings=[f.as_dict() for f in findings])
            answer_id = None
        if answer_id:
            target = staging / "packages" / answer_id
            if label in results:
                results[label].workdir.rename(target)
            else:
                shutil.copytree(out / "packages" / answer_id, target, copy_function=os.link)
            owner[answer_id] = label
        else:
            report.failed.append(label)
        report.findings += findings
        index[label] = entry
    return index, owner


def _publish(staging: Path, owner: dict[str, str], index: dict[str, dict], report: BuildReport,
             metadata: Path) -> None:
    """The database, the collection descriptor, the bundle, the report and the index in staging."""
    package_dirs = [staging / "packages" / answer_id for answer_id in sorted(owner)]
    places = [name for name, codelist in _codelists(metadata).items() if codelist.place]
    published, site_findings = write_site(staging, package_dirs, places)
    # An answer the database could not take is not published at all: its package goes too, and its
    # source counts as failed (and is read again next time).
    for i, finding in enumerate(site_findings):
        if finding.code == "publish.answer-rejected" and finding.answer in owner:
            label = owner.pop(finding.answer)
            shutil.rmtree(staging / "packages" / finding.answer)
            report.failed.append(label)
            site_findings[i] = dataclasses.replace(finding, file=label)
            index[label] = dict(index[label], answer=None, findings=index[label]["findings"] + [site_findings[i].as_dict()])
    package_dirs = [staging / "packages" / answer_id for answer_id in sorted(owner)]
    report.answers = sorted(owner)
    report.tables, report.values = published.tables, published.values
    report.findings += site_findings
    write_collection_descriptor(staging / "datapackage.json", package_dirs, published.themes)
    write_bundle(staging)
    (staging / "report.json").write_text(dump_json(report.as_dict()), encoding="utf-8")
    (staging / "index.json").write_text(dump_json(index), encoding="utf-8")


def _published_answers(out: Path) -> set[str]:
    """The answers the current output publishes (from its report), or none."""
    try:
        return set(json.loads((out / "report.json").read_text(encoding="utf-8")).get("answers", []))
    except (OSError, ValueError):
        return set()


def _created() -> str | None:
    """The collection's `created`: from SOURCE_DATE_EPOCH, never from the wall clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stamp_unchanged(out: Path) -> bool:
    """Is the output's `created` the one this build would write? Read from the descriptor's head,
    before its resources (at 10,000 answers the descriptor is 70 MB: parsing it took 1.7 s)."""
    try:
        with (out / "datapackage.json").open(encoding="utf-8") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return False
    before = head.split('"resources"', 1)
    if len(before) == 1:  # no resources in the head: read it whole
        try:
            return json.loads((out / "datapackage.json").read_text(encoding="utf-8")).get("created") == _created()
        except (OSError, ValueError):
            return False
    found = re.search(r'"created": "([^"]*)"', before[0])
    return (found.group(1) if found else None) == _created()


COLLECTION_STAMP = "collection.json"  # in the output: what the last collection copy was made from


def _write_collection(out: Path, collection: Path | None) -> None:
    """The collection descriptor at `collection`, its paths made relative to where it lies. Made
    again only when the output's descriptor or the copy changed since it was last written (writing
    a 70 MB descriptor again took most of a no-change rebuild)."""
    if collection is None:
        return
    source = out / "datapackage.json"
    stamp = {"source": _file_digest(source),
             "copy": _file_digest(collection) if collection.exists() else None}
    try:
        if json.loads((out / COLLECTION_STAMP).read_text(encoding="utf-8")) == stamp:
            return
    except (OSError, ValueError):
        pass
    descriptor = json.loads(source.read_text(encoding="utf-8"))
    prefix = _relative_prefix(collection.parent, out / "packages")
    for resource in descriptor["resources"]:
        resource["path"] = prefix + resource["path"][len("packages/"):]
    text = dump_json(descriptor)
    if not collection.exists() or collection.read_text(encoding="utf-8") != text:
        collection.write_text(text, encoding="utf-8")
    stamp["copy"] = _file_digest(collection)
    (out / COLLECTION_STAMP).write_text(json.dumps(stamp), encoding="utf-8")


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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
