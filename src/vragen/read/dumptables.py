"""Which reader takes which table of a text dump: recognised per table, not per file.

A dump's tables come in the shape of the tool that made it, and one dump can hold more than one
shape. Layout-mode text (columns aligned by spaces) goes to `layout.py`, text with one cell per
line to `cellstream.py`; what neither claims (one row per line, as pypdf writes) stays for
`texttables.py`. A claimed table's lines are replaced by one marker line in the section, as the PDF
reader does with its ruled tables, so that prose and the row-per-line reader never see them.
"""

from __future__ import annotations

from ..model import WARNING, Finding, Line, RawTable, Section
from . import cellstream, layout
from .assemble import quantity

MARK = "\x00table:dump:"


class _GroupedLayout:
    """The layout reader, for the tables it reads with two label columns or more (row groups,
    wrapped labels): those the row reader reads worse from a PDF's lines. A table of one label
    column it leaves to the row reader, whose header reading by position it does not better."""

    find_regions = staticmethod(layout.find_regions)

    @staticmethod
    def read_table(lines: list[Line], file_label: str):
        result = layout.read_table(lines, file_label)
        return result if result is not None and len(result[0].label_headers) >= 2 else None


def place_pdf_tables(section: Section, placed: dict[str, RawTable], file_label: str) -> list[Finding]:
    """The unruled tables of a PDF's text with row groups, read as layout text: each line set out
    by its words' positions (`as_layout`), so that the layout reader, which knows row groups and
    wrapped labels by where the text stands, reads them as it reads pdftotext's. The section keeps
    its own lines; only the claimed ones are replaced by the table's marker."""
    if not any(line.spans for line in section.lines):
        return []
    width = _char_width(section.lines)
    before = set(placed)
    findings = place_dump_tables(section, placed, file_label, readers=(_GroupedLayout,),
                                 seen=[Line(l.number, as_layout(l, width), l.page) for l in section.lines])
    for key in set(placed) - before:
        placed[key].method = "pdf-text"  # read from where the PDF's words stand
    return findings


def _char_width(lines: list[Line]) -> float:
    widths = sorted((x1 - x0) / len(word) for line in lines if line.spans
                    for word, (x0, x1) in zip(line.text.split(), line.spans) if len(word) >= 3)
    return widths[len(widths) // 2] if widths else 5.0


def as_layout(line: Line, width: float) -> str:
    """A PDF line as pdftotext -layout sets it: each word at its position in characters; words of
    one cell (a word space apart) one space apart, a wider gap two spaces or more."""
    words = line.text.split()
    if not line.spans or len(words) != len(line.spans):
        return line.text
    out, previous = "", None
    for word, (x0, x1) in zip(words, line.spans):
        if previous is not None and x0 - previous < 1.5 * width:
            out += " " + word
        else:
            column = round(x0 / width)
            out += " " * max(column - len(out), 2 if out else 0) + word
        previous = x1
    return out


def place_dump_tables(section: Section, placed: dict[str, RawTable], file_label: str,
                      readers=(layout, cellstream), seen: list[Line] | None = None) -> list[Finding]:
    """`seen`: the lines as the readers are to see them (one for one with the section's), where
    they differ from the section's own."""
    findings: list[Finding] = []
    lines = section.lines
    shown = seen or lines
    claimed: list[tuple[int, int, RawTable]] = []
    for reader in readers:
        for run in _free_runs(len(lines), claimed):
            sub = [shown[i] for i in run]
            for a, b in reader.find_regions(sub):
                try:
                    result = reader.read_table(sub[a:b + 1], file_label)
                except (ValueError, IndexError, ZeroDivisionError) as error:  # a shape the reader cannot take
                    findings.append(Finding(WARNING, "table.unreadable",
                                            f"lines {sub[a].number}-{sub[b].number} look like a table but could not "
                                            f"be read ({type(error).__name__}); left to the row reader",
                                            file=file_label, line=sub[a].number,
                                            hint="report it as an extraction bug, with the dump"))
                    continue
                except cellstream.NotReadable as reason:
                    findings.append(_not_extracted(sub[a:b + 1], str(reason), file_label))
                    claimed.append((run[a], run[b], None))
                    continue
                if result is None:
                    continue
                table, table_findings = result
                findings += table_findings
                claimed.append((run[a], run[b], table))
    if not claimed:
        return findings
    claimed = _join_continued(sorted(claimed, key=lambda c: c[0]), lines)
    out: list[Line] = []
    starts = {a: (b, table) for a, b, table in claimed}
    i = 0
    while i < len(lines):
        if i in starts and starts[i][1] is None:  # not readable: its numbers are reported, no marker
            i = starts[i][0] + 1
            continue
        if i in starts:
            b, table = starts[i]
            key = f"{MARK}{lines[i].number}"
            placed[key] = table
            table.pages = sorted({l.page for l in lines[i:b + 1] if l.page is not None})
            out.append(Line(lines[i].number, key, lines[i].page))
            i = b + 1
            continue
        out.append(lines[i])
        i += 1
    section.lines = out
    return findings


def _free_runs(count: int, claimed: list[tuple[int, int, RawTable]]) -> list[list[int]]:
    """The runs of consecutive lines (indexes) that no reader took: regions are looked for in each."""
    runs: list[list[int]] = []
    for i in range(count):
        if any(a <= i <= b for a, b, _ in claimed):
            continue
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _not_extracted(lines: list[Line], reason: str, file_label: str) -> Finding:
    """The finding for a table that cannot be read: every number in it, by its printed text."""
    numbers = [c.text for c in cellstream.cells_of(lines)
               if (found := quantity(c.text)) is not None and found.value is not None]
    return Finding(WARNING, "table.not-extracted",
                   f"numbers {numbers} of the table at lines {lines[0].number}-{lines[-1].number} were not published: "
                   f"the text gives its cells in an order that cannot be read back ({reason})",
                   file=file_label, line=lines[0].number,
                   hint="the extractor took this table apart (pdfminer does, cell by cell); read the table from the "
                        "PDF (put it next to the dump) or a dump made with pdftotext -layout")


def _join_continued(claimed: list[tuple[int, int, RawTable]], lines: list[Line]):
    """A table that goes on after its header is printed again (on the next page) is one table:
    parts with the same header and only blank lines between them are joined."""
    out: list[tuple[int, int, RawTable]] = []
    for a, b, table in claimed:
        if out and table is not None and out[-1][2] is not None:
            a0, b0, first = out[-1]
            if (first.label_headers, first.measure_headers) == (table.label_headers, table.measure_headers) \
                    and first.method == table.method and not any(l.text.strip() for l in lines[b0 + 1:a]):
                first.rows += table.rows
                first.notes += [n for n in table.notes if n not in first.notes]
                first.lines = (first.lines[0], table.lines[1])
                first.order_checked = first.order_checked and table.order_checked
                out[-1] = (a0, b, first)
                continue
        out.append((a, b, table))
    return out
