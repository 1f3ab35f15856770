"""Find the inputs in `sources/` and read each into one Document.

A text dump is read with its PDF when `sources/` holds one named after the pfile id in the dump's
`pdf link` (e.g. `2064567.pdf`): the dump gives title, theme and links, the PDF gives the tables
(with pages and boxes), and the two are cross-checked. A dump without a `pdf link` (some dumps
start right at `SCHRIFTELIJKE VRAAG`) is paired with the one PDF whose answer cites the same
question under ANTWOORD ("op vraag nr. 224 van 30 november 2022"). A PDF without a dump is read on its own.
"""

from __future__ import annotations

import functools
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..model import ERROR, WARNING, Document, Finding, SourceError
from .dump import read_dump
from .pdf import cross_check, pfile_of, read_pdf
from .sheet import ATTACHMENT_RE

SUFFIXES = (".txt", ".pdf", ".docx", ".doc")
DOCUMENTS = (".pdf", ".docx", ".doc")  # read on their own (with their record, when fetched)
_PFILE_RE = re.compile(rb"pdf link:\s*\S*[?&]id=(\d+)", re.IGNORECASE)
# The answer's reference to its question: the same words in the dump and in the PDF.
_CITED_RE = re.compile(r"\bop\s+vraag\s+nr\.?\s*(\d+)\s+van\s+(\d{1,2})\s+([a-z]+)\s+((?:19|20)\d\d)", re.IGNORECASE)


@dataclass(frozen=True)
class Source:
    path: Path  # a text dump, or a PDF read on its own
    label: str  # how reports name it: "sources/<file>"
    pdf: Path | None = None  # the PDF that belongs to the dump
    pdf_label: str | None = None
    record: Path | None = None  # the parliament's record of a fetched PDF (<pfile>.record.json)
    attachments: tuple[Path, ...] = ()  # <pfile>-bijlage-<N>.xlsx of the answer's document

    def files(self) -> list[Path]:
        return [self.path] + [p for p in (self.pdf, self.record) if p] + list(self.attachments)


def _label(path: Path, sources: Path) -> str:
    """`sources/<file>`: every path here comes from listing the folder itself (string work:
    pathlib's joins cost a third of a no-change build of 10,000 answers)."""
    return f"{sources.name}/{path.name}"


@dataclass(frozen=True)
class Entry:
    """One entry of sources/, looked at once per build: listing the sources and reporting the ones
    that cannot be read share it (10,000 entries stat-ed and opened twice cost a second)."""

    path: Path
    suffix: str  # lower case
    why: str | None  # why it cannot be read as a source, or None


def scan(sources: Path) -> list[Entry]:
    """The entries of sources/ in name order (a folder's paths sort as their names, and strings
    sort much faster than Paths)."""
    if not sources.is_dir():
        raise SourceError(Finding(ERROR, "build.no-sources", f"no sources folder at {sources}",
                                  hint="pass --sources DIR"))
    paths = sorted(sources.iterdir(), key=lambda p: p.name)
    entries = []
    for path in paths:
        suffix = path.suffix.lower()
        checked = suffix in SUFFIXES or ATTACHMENT_RE.match(path.name)
        entries.append(Entry(path, suffix, _unreadable(path) if checked else None))
    return entries


def find_sources(sources: Path, entries: list[Entry] | None = None) -> list[Source]:
    entries = scan(sources) if entries is None else entries
    # Every .txt and .pdf, hidden ones too: a source that is not read must not vanish unseen
    # (`skipped_entries` reports the ones that cannot be read).
    files = [e for e in entries if e.suffix in SUFFIXES and e.why is None]
    pdfs = {pfile_of(e.path): e.path for e in files if e.suffix == ".pdf" and pfile_of(e.path)}
    attachments = _attachments(entries)
    # A dump's pfile pairs it with its PDF and its attachments; without either, its head is not read.
    needed = bool(pdfs or attachments)
    linked = {e.path: _dump_pfile(e.path) if needed else None for e in files if e.suffix == ".txt"}
    dumps: dict[Path, Path | None] = {path: pdfs.get(pfile) if pfile else None for path, pfile in linked.items()}
    claimed = {pdf for pdf in dumps.values() if pdf is not None}
    unpaired = [path for path, pdf in dumps.items() if pdf is None]
    free = [e.path for e in files if e.suffix == ".pdf" and e.path not in claimed]
    if unpaired and free:
        dumps.update(_pair_by_question(unpaired, free))
        claimed = {pdf for pdf in dumps.values() if pdf is not None}
    found = [Source(path, _label(path, sources), pdf, _label(pdf, sources) if pdf else None,
                    attachments=attachments.get(linked[path] or "", ()))
             for path, pdf in dumps.items()]
    for pdf in (e.path for e in files if e.suffix in DOCUMENTS and e.path not in claimed):
        record = pdf.with_name(pdf.stem + ".record.json")
        found.append(Source(pdf, _label(pdf, sources), record=record if record.exists() else None,
                            attachments=attachments.get(_document_pfile(pdf) or "", ())))
    return sorted(found, key=lambda s: s.label)


def _attachments(entries: list[Entry]) -> dict[str, tuple[Path, ...]]:
    """<pfile>-bijlage-<N>.xlsx by the pfile of the answer document they belong to, in N order."""
    by_pfile: dict[str, list[tuple[int, Path]]] = {}
    for entry in entries:
        match = ATTACHMENT_RE.match(entry.path.name)
        if match and entry.why is None:
            by_pfile.setdefault(match.group(1), []).append((int(match.group(2)), entry.path))
    return {pfile: tuple(p for _, p in sorted(items)) for pfile, items in by_pfile.items()}


def _dump_pfile(path: Path) -> str | None:
    """The pfile id a dump's header links to; each file's head is read once while it is unchanged
    (listing the sources and checking them read every head twice)."""
    info = path.stat()
    return _head_pfile(str(path), info.st_mtime_ns, info.st_size)


@functools.lru_cache(maxsize=65536)
def _head_pfile(path: str, mtime_ns: int, size: int) -> str | None:
    with open(path, "rb") as handle:
        match = _PFILE_RE.search(handle.read(4096))
    return match.group(1).decode() if match else None


def _document_pfile(path: Path) -> str | None:
    return pfile_of(path) if path.suffix.lower() == ".pdf" else (path.stem if path.stem.isdigit() else None)


def _unreadable(path: Path) -> str | None:
    """Why a .txt or .pdf in sources/ cannot be read as a source, or None when it can."""
    try:
        mode = path.stat().st_mode  # follows links: a loop or a dangling link raises
    except OSError as error:
        return f"it cannot be reached ({error.strerror or type(error).__name__}: a broken or looping link?)"
    if stat.S_ISDIR(mode):
        return "it is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "it is not a regular file (a pipe or a device)"
    try:
        with path.open("rb"):
            pass
    except OSError as error:
        return f"it cannot be opened ({error.strerror or type(error).__name__})"
    return None


def skipped_entries(sources: Path, entries: list[Entry] | None = None) -> list[Finding]:
    """A finding for every entry of sources/ that looks like a source but cannot be read, and for
    every attachment whose answer document is not there."""
    entries = scan(sources) if entries is None else entries
    findings = []
    orphans = [(e, m) for e in entries if (m := ATTACHMENT_RE.match(e.path.name))]
    if orphans:
        owners = {_document_pfile(e.path) for e in entries if e.suffix in DOCUMENTS and e.why is None}
        owners |= {_dump_pfile(e.path) for e in entries if e.suffix == ".txt" and e.why is None}
        for entry, match in orphans:
            if match.group(1) not in owners:
                findings.append(Finding(ERROR, "source.orphan-attachment", f"not read: no answer document "
                                        f"{match.group(1)}.pdf (or .docx, or a dump linking it) for this attachment",
                                        file=_label(entry.path, sources),
                                        hint="add the answer's document, or remove it"))
    for entry in entries:
        if entry.suffix in SUFFIXES and entry.why:
            findings.append(Finding(ERROR, "source.unreadable", f"not read: {entry.why}",
                                    file=_label(entry.path, sources),
                                    hint="make it a readable file, or remove it from sources/"))
    return findings


def _cited_question(text: str) -> tuple[str, str, str, str] | None:
    found = {tuple(g.lower() for g in m.groups()) for m in _CITED_RE.finditer(text)}
    return found.pop() if len(found) == 1 else None


def _pdf_opening(path: Path) -> str:
    """The text of a PDF's first pages (pypdfium2: milliseconds), or "" when it cannot be read."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return ""  # reading it on its own reports why
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(min(3, len(document))))
    finally:
        document.close()


def _pair_by_question(dumps: list[Path], pdfs: list[Path]) -> dict[Path, Path]:
    """Dumps without a usable `pdf link` paired with the one free PDF that cites the same question."""
    by_question: dict[tuple, list[Path]] = {}
    for pdf in pdfs:
        cited = _cited_question(_pdf_opening(pdf))
        if cited:
            by_question.setdefault(cited, []).append(pdf)
    pairs: dict[Path, Path] = {}
    for dump in dumps:
        cited = _cited_question(dump.read_bytes()[:20000].decode("utf-8", "replace"))
        candidates = by_question.get(cited, []) if cited else []
        if len(candidates) == 1 and candidates[0] not in pairs.values():
            pairs[dump] = candidates[0]
    return pairs


def read_source(source: Source) -> Document:
    """One source (a dump with or without its PDF, or a PDF or Word answer alone) into a Document."""
    document = _read_main(source)
    if source.attachments:
        attach(document, source)
    return document


def _read_main(source: Source) -> Document:
    if source.path.suffix.lower() in DOCUMENTS:
        if source.record is None:
            return _read_document(source.path, source.label)
        return read_fetched(source)
    document = read_dump(source.path, source.label)
    if source.pdf is None:
        return document
    try:
        pdf = read_pdf(source.pdf, source.pdf_label, header=document.header)
    except SourceError as error:
        document.findings.append(Finding(WARNING, error.finding.code, error.finding.message + "; tables taken from "
                                         "the text dump", file=source.pdf_label, hint=error.finding.hint))
        return document
    return merge(document, pdf, source)


def attach(document: Document, source: Source) -> None:
    """The tables of the answer's Excel attachments, in the section that points to the attachment
    ("... vindt u in bijlage"), else the last; an attachment that cannot be read is reported and the
    answer is published without it."""
    from ..model import SourceFile
    from .dump import sha256_of
    from .sheet import read_sheets

    sections = document.answer_sections
    pointing = next((s for s in sections if "bijlage" in s.text.lower()), sections[-1] if sections else None)
    section_id = pointing.id if pointing is not None else "0"
    index = sum(1 for t in document.tables if t.section == section_id)
    root = Path(source.label).parent
    for path in source.attachments:
        label = str(root / path.name)
        try:
            if path.suffix.lower() == ".xls":  # old Excel: LibreOffice makes it an .xlsx first
                from .legacy import converted

                with converted(path, label, "xlsx:Calc MS Excel 2007 XML", "Excel (.xls) attachment") as xlsx:
                    sheets, findings = read_sheets(xlsx, label)
            else:
                sheets, findings = read_sheets(path, label)
        except SourceError as error:
            document.findings.append(error.finding)
            continue
        document.findings += findings
        origin = SourceFile(path=path, sha256=sha256_of(path.read_bytes()), method="xlsx", label=label)
        for found in sheets:
            index += 1
            table = found.table
            table.section, table.index = section_id, index
            table.intro = found.caption or f"Bijlage: {found.sheet}"
            table.file, table.location = origin, f"{found.sheet}!{found.cell_range}"
            document.tables.append(table)


def section_order(section: str) -> tuple:
    """"2", "2.a", "2-3", "10" in the answer's order."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in re.findall(r"\d+|[a-z]+", section))


def _read_document(path: Path, label: str, header=None) -> Document:
    if path.suffix.lower() == ".docx":
        from .word import read_word

        return read_word(path, label, header=header)
    if path.suffix.lower() == ".doc":
        from .legacy import read_doc

        return read_doc(path, label, header=header)
    return read_pdf(path, label, header=header)


def merge(dump: Document, pdf: Document, source: Source) -> Document:
    """The dump's document with the PDF's tables wherever the PDF has tables for a section."""
    findings = [f for f in pdf.findings if f.code.startswith(("pdf.", "table."))]
    if pdf.answer_id != dump.answer_id:
        findings.append(Finding(WARNING, "pdf.other-answer", f"the PDF reads as answer {pdf.answer_id}, the dump "
                                f"as {dump.answer_id}; the dump's tables are used", file=source.pdf_label,
                                hint="is this the right PDF for the dump?"))
        dump.findings += findings
        return dump
    findings += cross_check(dump, pdf, source.pdf_label or "")  # against the dump's own reading
    pdf_sections = {t.section for t in pdf.tables}
    kept = [t for t in dump.tables if t.section not in pdf_sections]
    dump.tables = sorted(kept + pdf.tables, key=lambda t: (section_order(t.section), t.index))
    dump.pdf = pdf.source
    dump.findings += findings
    # Tables the dump shows but the PDF does not are worth a look.
    for section in sorted({t.section for t in kept} - pdf_sections):
        dump.findings.append(Finding(WARNING, "pdf.table-only-in-dump", f"section {section}: the dump shows a table "
                                     "that the PDF reader did not find; the dump's is used", file=source.pdf_label))
    return dump


def _checked_record(record: object, label: str) -> dict:
    """The record with its links checked (unsafe ones dropped) and its identity checked (a record
    whose session or number has not its format is refused: they become folder names)."""
    from ..boundary import safe_url, valid_number, valid_session

    def refuse(why: str):
        raise SourceError(Finding(ERROR, "record.invalid", why, file=label,
                                  hint="fetch it again with `vragen fetch ID`, or remove the record file"))

    if not isinstance(record, dict):
        refuse("the record is not a JSON object")
    if record.get("session") not in (None, "") and not valid_session(record["session"]):
        refuse(f"the session {str(record['session'])[:40]!r} is not a parliamentary year like 2023-2024")
    if record.get("number") not in (None, "") and not valid_number(record["number"]):
        refuse(f"the question number {str(record['number'])[:40]!r} is not a number")
    for key in ("title", "theme", "asker", "minister", "asked"):
        if record.get(key) is not None and not isinstance(record[key], str):
            refuse(f"{key} is not text")
    checked = dict(record)
    for key in ("pdf_url", "page_url"):
        if record.get(key) and not safe_url(record[key]):
            checked[key] = None  # reported by the caller's findings
            checked.setdefault("_unsafe", []).append(key)
    if isinstance(checked.get("number"), str):
        checked["number"] = int(checked["number"])
    return checked


def read_fetched(source: Source) -> Document:
    """A fetched PDF with its record: where the parliament's record gives the session year, the
    date or the names, they take precedence over what the text says; disagreements are reported."""
    import json

    from ..model import Header, session_year

    label = str(Path(source.label).with_name(source.record.name))
    try:
        record = json.loads(source.record.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as error:
        raise SourceError(Finding(ERROR, "record.invalid", f"not valid JSON: {error}", file=label,
                                  hint="fetch it again with `vragen fetch ID`"))
    record = _checked_record(record, label)
    header = Header(title=record.get("title"), theme=record.get("theme"), pdf_url=record.get("pdf_url"),
                    page_url=record.get("page_url"))
    document = _read_document(source.path, source.label, header=header)
    for key in record.get("_unsafe", []):
        document.findings.append(Finding(WARNING, "record.unsafe-url", f"{key} is not an http(s) link to the "
                                         "parliament's site; left out", file=label,
                                         hint="fetch the record again with `vragen fetch ID`"))
    question = document.question

    def prefer(name: str, ours, theirs):
        if theirs in (None, "") or ours == theirs:
            return ours
        document.findings.append(Finding(WARNING, "record.differs", f"the PDF says {name} {ours!r}, the "
                                         f"parliament's record {theirs!r}; the record's is used", file=label,
                                         answer=document.answer_id))
        return theirs

    question.number = prefer("number", question.number, record.get("number"))
    question.date = prefer("question date", question.date, record.get("asked"))
    question.asker = prefer("asker", question.asker, record.get("asker"))
    question.minister = prefer("minister", question.minister, record.get("minister"))
    if record.get("title"):
        question.title = record["title"]
    session = record.get("session")
    if session and session != session_year(question.date):
        document.findings.append(Finding(WARNING, "record.differs", f"the date {question.date} falls in session "
                                         f"{session_year(question.date)}, the record says {session}; the record's "
                                         "is used", file=label))
        document.session_override = session
    return document
