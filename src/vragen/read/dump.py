"""Read a text dump: four header lines (title, thema, pdf link, thema link), then the PDF's text.

Dumps arrive as saved by other tools: with a BOM, CRLF line ends, or in cp1252. Those are read
right (with a warning where the file should be fixed); what cannot be read raises `SourceError`
naming the file, the line and what to do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..boundary import safe_url
from .furniture import furniture_lines
from ..model import ERROR, WARNING, Document, Finding, Header, Line, SourceError, SourceFile
from .document import parse_document

HEADER_KEYS = ("title", "thema", "pdf link", "thema link")
_HEADER_RE = re.compile(r"^(title|thema|pdf link|thema link)\s*:\s*(.*)$", re.IGNORECASE)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(path: Path, data: bytes) -> tuple[str, list[Finding]]:
    """Bytes to text, line by line: UTF-8 (BOM allowed); a line that is not UTF-8 is read as cp1252
    and reported with its number, so that one stray byte does not garble the whole file; NUL bytes
    are taken out and reported per line; binary data is refused."""
    findings: list[Finding] = []
    if not data.strip():
        raise SourceError(Finding(ERROR, "source.empty", "the file is empty", file=str(path),
                                  hint="replace it with a complete dump or remove it from sources/"))
    if b"\x00" in data[:4096] or data[:5] == b"%PDF-":
        raise SourceError(Finding(ERROR, "source.binary",
                                  "not a text dump: the file holds binary data",
                                  file=str(path),
                                  hint="a text dump is UTF-8 text; PDFs must end in .pdf"))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
        nul_lines = [i + 1 for i, line in enumerate(text.split("\n")) if "\x00" in line] if "\x00" in text else []
    except UnicodeDecodeError:
        lines, not_utf8, nul_lines = [], [], []
        for number, raw in enumerate(data.split(b"\n"), start=1):
            try:
                lines.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                lines.append(raw.decode("cp1252", errors="replace"))
                not_utf8.append(number)
            if b"\x00" in raw:
                nul_lines.append(number)
        text = "\n".join(lines)
        findings.append(Finding(WARNING, "source.cp1252",
                                f"{_lines(not_utf8)}: not UTF-8; read as cp1252 (Windows) text", file=str(path),
                                line=not_utf8[0], hint="save the file as UTF-8"))
    if nul_lines:
        text = text.replace("\x00", "")
        findings.append(Finding(WARNING, "source.nul", f"{_lines(nul_lines)}: NUL bytes taken out",
                                file=str(path), line=nul_lines[0],
                                hint="check those lines against the PDF; save the dump again as plain text"))
    return text, findings


# Characters str.splitlines() would also break at (a carriage return not before a line feed too);
# inside a dump's line they only separate words.
_OTHER_BREAKS = str.maketrans({c: " " for c in "\r\v\x1c\x1d\x1e\x85\u2028\u2029"})


@dataclass(frozen=True)
class DumpLine:
    text: str
    page: int | None  # 1-based PDF page, where the dump marks page breaks with form feeds


def split_lines(text: str) -> list[DumpLine]:
    """The dump's lines, numbered as `grep -n`, editors and the portal's source view number them:
    only a line feed ends a line (a form feed does not, or every line after a page break would be
    cited one line off). A form feed, as pdfminer and pdftotext write between pages, starts the
    next PDF page; without any, pages are unknown."""
    if "\n" not in text:
        text = text.replace("\r", "\n")  # a file with classic Mac line ends
    # A carriage return before a line feed ends its line with it; any other, and the other
    # breaks, are spaces (done on the whole text at once: a line at a time cost more).
    last_ended = text.endswith("\n")
    text = text.replace("\r\n", "\n").removesuffix("\r").translate(_OTHER_BREAKS)
    paged = "\f" in text
    out, breaks = [], 0
    for raw in text.split("\n"):
        leading = len(raw) - len(raw.lstrip("\f"))
        out.append(DumpLine(raw.replace("\f", ""), breaks + leading + 1 if paged else None))
        breaks += raw.count("\f")
    if out and not out[-1].text and last_ended:
        out.pop()  # the file's last line end, not an empty line
    return out


def _lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    more = f" and {len(numbers) - 8} more" if len(numbers) > 8 else ""
    return f"line {shown}" if len(numbers) == 1 else f"lines {shown}{more}"


def read_header(path: Path, lines: list[str]) -> tuple[Header, int, list[Finding]]:
    """The four header lines; returns the header, how many lines it took and findings."""
    findings: list[Finding] = []
    values: dict[str, str] = {}
    taken = 0
    for index, text in enumerate(lines[:4]):
        match = _HEADER_RE.match(text.strip())
        if not match:
            break
        values[match.group(1).lower()] = match.group(2).strip()
        taken = index + 1
    if taken == 0:
        findings.append(Finding(
            WARNING, "dump.no-header",
            f"no header: line 1 reads {lines[0].strip()[:60]!r} where 'title: …' was expected; "
            "title taken from the document, no theme or links",
            file=str(path), line=1,
            hint="add the four header lines: title, thema, pdf link, thema link"))
    else:
        missing = [key for key in HEADER_KEYS if key not in values]
        if missing:
            findings.append(Finding(
                WARNING, "dump.header-incomplete",
                f"header lacks {', '.join(missing)}", file=str(path), line=taken,
                hint="the header has four lines: title, thema, pdf link, thema link"))
    for key in ("pdf link", "thema link"):
        url = values.get(key)
        if url and not safe_url(url):
            findings.append(Finding(WARNING, "dump.bad-link", f"{key} is not an http(s) link to the parliament's "
                                    f"site: {url[:200]!r}; left out", file=str(path),
                                    line=list(values).index(key) + 1,
                                    hint="write the full https://docs.vlaamsparlement.be/... address"))
            values[key] = ""
    header = Header(
        title=values.get("title") or None,
        theme=values.get("thema") or None,
        pdf_url=values.get("pdf link") or None,
        page_url=values.get("thema link") or None,
    )
    return header, taken, findings


def read_dump(path: Path, display_name: str | None = None) -> Document:
    """Read one text dump into a Document; raises SourceError when it cannot be read."""
    data = path.read_bytes()
    name = display_name or str(path)
    text, findings = decode_text(Path(name), data)
    dump_lines = split_lines(text)
    raw_lines = [line.text for line in dump_lines]
    header, taken, header_findings = read_header(Path(name), raw_lines)
    findings += header_findings
    furniture = furniture_lines(raw_lines)
    body = [Line(number=i + 1, text=line.text, page=line.page) for i, line in enumerate(dump_lines)
            if i >= taken and i not in furniture]
    source = SourceFile(path=path, sha256=sha256_of(data), method="text-dump", label=name)
    del data, text, dump_lines, raw_lines  # the body holds the text now: a long dump is not kept twice
    document = parse_document(body, source=source, header=header, file_label=name)
    document.findings[:0] = findings
    return document
