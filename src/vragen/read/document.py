"""The question/answer parser that both readers (text dumps and PDFs) share.

A written question's document reads, top to bottom:

    SCHRIFTELIJKE VRAAG / nr. 418 / van ASKER / datum: 30 april 2024 / aan MINISTER
    MINISTER'S TITLE (upper case, may wrap) / question title / question text with 1., 2. a) ...
    MINISTER / MINISTER'S TITLE / ANTWOORD / op vraag nr. 418 van 30 april 2024 / van ASKER
    answer text with numbered sections 1., 2. and lettered parts a), b) ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import (ERROR, WARNING, Document, Finding, Header, Line, Question, RawTable, Section, SourceError,
                     SourceFile, join_lines)
from ..numbers import parse_dutch_date
from .prose import find_figures
from .dumptables import place_dump_tables, place_pdf_tables
from .texttables import find_tables, intro_for, outside

_NUMBER_RE = re.compile(r"^nr\.?\s*(\d+)\s*$", re.IGNORECASE)
_ASKER_RE = re.compile(r"^van\s+(.+?)\s*$", re.IGNORECASE)
_DATE_RE = re.compile(r"^datum\s*:\s*(.+?)\s*$", re.IGNORECASE)
_ADDRESSEE_RE = re.compile(r"^aan\s+(.+?)\s*$", re.IGNORECASE)
_ANSWER_REF_RE = re.compile(r"^op vraag nr\.?\s*(\d+)\s+van\s+(.+?)\s*$", re.IGNORECASE)
# "2.", and "2 en 3." or "1 tot en met 3." for an answer to several questions at once (section "2-3")
_SECTION_RE = re.compile(r"^\s*(\d{1,2})(?:\s*(?:en|tot en met|t\.e\.m\.|-|,)\s*(\d{1,2}))?\.(?:\s+|$)(.*)$")
_PART_RE = re.compile(r"^\s*([a-z])\)(?:\s+|$)(.*)$")

_PARTICLES = {"van", "de", "den", "der", "ter", "ten", "vanden", "vander", "d'", "le", "la"}


def person_name(printed: str) -> str:
    """'ROBRECHT BOTHUYNE' -> 'Robrecht Bothuyne'; particles inside a name stay lower case."""
    words = printed.split()
    if not any(c.islower() for c in printed):
        words = [w.capitalize() if "-" not in w else "-".join(p.capitalize() for p in w.split("-"))
                 for w in words]
        # Flemish surnames keep "Van" first ("Van den Bossche"): lower only the particles after it.
        for i in range(2, len(words)):
            if words[i].lower() in _PARTICLES and i < len(words) - 1:
                words[i] = words[i].lower()
    return " ".join(words)


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text).lower()


def split_sections(lines: list[Line]) -> list[Section]:
    """Split text into numbered sections (1, 2, ...) and lettered parts (2.a, 2.b, ...).

    A marker only counts when it is the next one expected (or skips at most one), so that a line
    that happens to start with "3." inside running text does not open a section.
    """
    sections = [Section("0")]
    number: int | None = None
    letter: str | None = None
    for line in lines:
        match = _SECTION_RE.match(line.text)
        if match:
            n = int(match.group(1))
            last = int(match.group(2)) if match.group(2) else n
            expected = 1 if number is None else number + 1
            if expected <= n <= expected + 1 and n <= last <= n + 20:
                number, letter = last, None
                sections.append(Section(str(n) if last == n else f"{n}-{last}",
                                        [Line(line.number, match.group(3), line.page)]))
                continue
        match = _PART_RE.match(line.text)
        if match and number is not None:
            expected_letter = "a" if letter is None else chr(ord(letter) + 1)
            if match.group(1) == expected_letter:
                letter = expected_letter
                sections.append(Section(f"{number}.{letter}", [Line(line.number, match.group(2), line.page)]))
                continue
        sections[-1].lines.append(line)
    return [s for s in sections if s.id != "0" or any(l.text.strip() for l in s.lines)]


@dataclass
class _Facts:
    """What the lines before ANTWOORD say about the question."""
    number: int
    date: str
    asker: str
    minister: str
    after: int  # the index of the first line after asker, date and minister


def parse_document(lines: list[Line], source: SourceFile, header: Header, file_label: str,
                   placed_tables: dict[str, RawTable] | None = None) -> Document:
    """Parse question and answer. `placed_tables` are tables a PDF reader found, each standing in
    the text as a marker line (its key) where the table was printed."""
    findings: list[Finding] = []

    def fail(code: str, message: str, line: int | None, hint: str) -> SourceError:
        return SourceError(Finding(ERROR, code, message, file=file_label, line=line, hint=hint))

    texts = [l.text.strip() for l in lines]
    answer_at = next((i for i, t in enumerate(texts) if t.upper() == "ANTWOORD"), None)
    if answer_at is None:
        last = lines[-1].number if lines else None
        raise fail("document.no-answer", "no ANTWOORD part: the question has no answer in this file", last,
                   "add the answer's text, or leave the question out of sources/ until it is answered")
    facts = _question_facts(lines, texts, answer_at, fail)
    # The minister's title: upper-case lines after "aan NAME".
    title_lines = []
    i = facts.after
    while i < answer_at and (_is_upper(texts[i]) or not texts[i]):
        if texts[i]:
            title_lines.append(texts[i])
        i += 1
    minister_title = " ".join(title_lines)
    question_title, i = _question_title(lines, texts, i, answer_at, header, findings, file_label)
    # The question text runs to the upper-case block (minister, title) before ANTWOORD.
    end = answer_at
    while end > i and _is_upper(texts[end - 1]):
        end -= 1
    question_lines = lines[i:end]
    question_sections = split_sections(question_lines)
    # What the asker writes before the numbered questions (the context, often a reference to an
    # earlier question): kept as the question's introduction.
    intro = join_lines(l.text for s in question_sections if s.id == "0" for l in s.lines).strip()
    j = _answer_start(lines, texts, answer_at, facts.number, findings, file_label)
    if not any(t.strip() for t in texts[j:]):
        raise fail("document.empty-answer", "the ANTWOORD part is empty", lines[answer_at].number,
                   "add the answer's text")
    sections = split_sections(lines[j:])
    question = Question(number=facts.number, date=facts.date, asker=facts.asker, minister=facts.minister,
                        minister_title=minister_title, title=header.title or question_title,
                        text=join_lines(l.text for l in question_lines),
                        parts=[s for s in question_sections if s.id != "0"], intro=intro)
    if not header.title:
        header.title = question_title
    document = Document(source=source, header=header, question=question, answer_sections=sections,
                        findings=findings)
    _read_tables(document, placed_tables, file_label)
    return document


def _question_facts(lines: list[Line], texts: list[str], answer_at: int, fail) -> _Facts:
    """Number, date, asker and minister: the first matches before the answer."""
    def first(regex: re.Pattern, start: int = 0, stop: int = answer_at) -> tuple[int, re.Match] | None:
        for i in range(start, stop):
            match = regex.match(texts[i])
            if match:
                return i, match
        return None

    found_number = first(_NUMBER_RE)
    if not found_number:
        raise fail("document.no-number", "no question number ('nr. 418') before ANTWOORD",
                   lines[0].number if lines else None, "is this a written question's text?")
    number_at, number_match = found_number
    found_date = first(_DATE_RE, number_at)
    iso_date = parse_dutch_date(found_date[1].group(1)) if found_date else None
    if not iso_date:
        where = lines[found_date[0]].number if found_date else lines[number_at].number
        raise fail("document.no-date", "no readable question date ('datum: 30 april 2024')", where,
                   "the date decides the session year; correct the 'datum:' line")
    found_asker = first(_ASKER_RE, number_at)
    found_minister = first(_ADDRESSEE_RE, number_at)
    if not found_asker or not found_minister:
        raise fail("document.no-people", "no asker ('van NAME') or minister ('aan NAME') line",
                   lines[number_at].number, "the lines after 'nr.' name asker, date and minister")
    return _Facts(number=int(number_match.group(1)), date=iso_date, asker=person_name(found_asker[1].group(1)),
                  minister=person_name(found_minister[1].group(1)),
                  after=max(found_date[0], found_asker[0], found_minister[0]) + 1)


def _question_title(lines: list[Line], texts: list[str], i: int, answer_at: int, header: Header,
                    findings: list[Finding], file_label: str) -> tuple[str, int]:
    """The question title from line i on: as many lines as make up the header's title, else one
    line; and the index after it."""
    question_title_lines = []
    target = _squash(header.title or "")
    while i < answer_at and not texts[i]:  # layout and pdfminer dumps put blank lines around the title
        i += 1
    while i < answer_at:
        question_title_lines.append(texts[i])
        i += 1
        if not target or not target.startswith(_squash(" ".join(question_title_lines))) \
                or _squash(" ".join(question_title_lines)) == target:
            break
    question_title = " ".join(" ".join(question_title_lines).split())
    if header.title and _squash(question_title) != target:
        findings.append(Finding(WARNING, "document.title-differs",
                                f"the header's title {header.title!r} differs from the document's "
                                f"{question_title!r}; the header's is used",
                                file=file_label, line=lines[i - 1].number if i else None))
    return question_title, i


def _answer_start(lines: list[Line], texts: list[str], answer_at: int, number: int, findings: list[Finding],
                  file_label: str) -> int:
    """After ANTWOORD: "op vraag nr. N van DATE" and "van ASKER", then the answer (its first line)."""
    j = answer_at + 1
    ref = _ANSWER_REF_RE.match(texts[j]) if j < len(texts) else None
    if ref:
        if int(ref.group(1)) != number:
            findings.append(Finding(WARNING, "document.number-differs",
                                    f"the answer refers to question nr. {ref.group(1)}, the question is "
                                    f"nr. {number}", file=file_label, line=lines[j].number))
        j += 1
        if j < len(texts) and _ASKER_RE.match(texts[j]):
            j += 1
    return j


def _read_tables(document: Document, placed_tables: dict[str, RawTable] | None, file_label: str) -> None:
    """The tables of each answer section (those a PDF reader placed, and those in the text), the
    prose figures outside them, and the numbers no table took."""
    findings, source = document.findings, document.source
    orphans: list[Line] = []
    placed_tables = dict(placed_tables or {})
    for section in document.answer_sections:
        if source.method == "text-dump":
            findings += place_dump_tables(section, placed_tables, file_label)
        elif source.method == "pdfplumber":
            findings += place_pdf_tables(section, placed_tables, file_label)
        placed = _take_placed(section, placed_tables)
        tables, spans, table_findings, section_orphans = find_tables(section, file_label)
        # The tables hold what their lines say: the section keeps its text around them (the
        # answer's text as published), and a long table's lines are not kept twice.
        section.lines = outside(section.lines, spans)
        if source.method != "text-dump":
            for table in tables:  # a table found in the text of a PDF (unruled) or of a Word file
                table.method = "docx-text" if source.method == "docx" else "pdf-text"
        tables = sorted(placed + tables, key=lambda t: t.lines[0])
        for index, table in enumerate(tables, start=1):
            table.index = index
        document.tables += tables
        findings += table_findings
        orphans += section_orphans
    document.figures = find_figures(document.answer_sections)
    findings += unextracted(orphans, document.figures, file_label)


def unextracted(orphans: list[Line], figures, file_label: str) -> list[Finding]:
    """Numbers on table-like lines that no table published. A line of several values ("Gent 12 14")
    is a table row that was not read: its numbers are reported even where the prose figures hold
    them, since there they lose their columns. A line with one number is reported only when the
    prose figures do not publish it (a wrapped sentence ending in a number is no table)."""
    from .texttables import tokenize

    findings = []
    stated = {(f.line, f.quantity.value) for f in figures}
    for line in orphans:
        values = [t for t in tokenize(line.text) if t.quantity is not None and t.quantity.value is not None]
        numbers = [t.text for t in values if len(values) >= 2 or (line.number, t.quantity.value) not in stated]
        if numbers:
            findings.append(Finding(WARNING, "table.not-extracted",
                                    f"numbers {numbers} on a table-like line were not published: {line.text.strip()!r}",
                                    file=file_label, line=line.number,
                                    hint="if this is a table, check its layout in the PDF; report it as an extraction bug"))
    return findings


def _take_placed(section: Section, placed: dict[str, RawTable]) -> list[RawTable]:
    """Tables whose marker lines stand in this section: give them their section and intro, and
    take the markers out of the section's text."""
    found, kept, previous = [], [], 0
    for line in section.lines:
        table = placed.get(line.text)
        if table is None:
            kept.append(line)
            continue
        table.section = section.id
        table.intro = intro_for(Section(section.id, kept), previous, line.number)
        if table.lines == (0, 0):  # a PDF table: its marker line is where it stands
            table.lines = (line.number, line.number)
        previous = line.number
        found.append(table)
    section.lines = kept
    return found
