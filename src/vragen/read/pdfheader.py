"""Header cells of an unruled PDF table from the words' positions: geometry first.

A header's words say little about where one cell ends ("Q1 2023 Q2 2023 ...", "Stand op 1 januari
2023 Stand op 1 januari 2024"), but on the page each header cell stands over its column. The value
columns are measured on the rows that hold the table's full count of values: a column spans from
its leftmost to its rightmost value. A header word belongs to the first column whose values end right of it
(numbers are right-aligned, and so is their header in Word); where the values are not aligned
right, to the column its centre falls in. Words left of the first column name the label column(s).

This reading is used only where it is unambiguous: every column gets header words, and no header
line names some columns only above the line that names them all (a group header over several
columns, as in a two-level header, is left to the text reader, which knows those).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..model import Line

Extent = tuple[float, float]


class RowLike(Protocol):
    line: Line
    trailing: list[str]


@dataclass
class Columns:
    lefts: list[float]  # per value column, its leftmost value's x0
    rights: list[float]  # and its rightmost value's x1
    label_end: float  # where the longest row label ends
    right_aligned: bool  # every column's values end at one x (numbers, as Word sets them)
    pad: float  # how far a header cell may reach right of its values (the cell's padding)

    def column_of(self, x0: float, x1: float, cut_after: bool) -> int | None:
        """The value column a header word stands over; None in the label area.

        Right-aligned columns: a header cell ends no further right than its column's values (plus
        padding) and further right than the previous column's, so a word belongs to the first
        column whose values end right of it. Otherwise, to the column its centre falls in, the
        border lying halfway across the gap between two columns' values.
        """
        first = self.lefts[0]
        if x1 <= max(self.label_end + 2, (self.label_end + first) / 2) or (x1 < first - 1 and cut_after):
            return None
        if self.right_aligned:
            return next((j for j, right in enumerate(self.rights) if x1 <= right + self.pad), len(self.rights) - 1)
        centre = (x0 + x1) / 2
        borders = [(self.rights[j] + self.lefts[j + 1]) / 2 for j in range(len(self.lefts) - 1)]
        return sum(centre >= b for b in borders)


def value_extents(line: Line, run_texts: list[str], trailing: list[str]) -> tuple[list[Extent], float] | None:
    """Where each value of a row stands, and where its label ends; None when the line's words do
    not map onto its tokens (a word split by the tokenizer)."""
    words = line.text.split()
    if not line.spans or len(words) != len(line.spans):
        return None
    j = len(words) - sum(len(t.split()) for t in trailing)
    out: list[Extent] = []
    for text in reversed(run_texts):
        n = len(text.split())
        if j - n < 0 or " ".join(words[j - n:j]) != text:
            return None
        out.append((line.spans[j - n][0], line.spans[j - 1][1]))
        j -= n
    label_right = line.spans[j - 1][1] if j > 0 else 0.0
    return out[::-1], label_right


def measure_columns(rows: list[tuple[list[Extent], float]], m: int, size: float) -> Columns | None:
    full = [(extents, label) for extents, label in rows if len(extents) == m]
    if len(full) < 2 or m < 1:
        return None
    lefts = [min(e[j][0] for e, _ in full) for j in range(m)]
    rights = [max(e[j][1] for e, _ in full) for j in range(m)]
    if any(rights[j] >= lefts[j + 1] for j in range(m - 1)):
        return None  # columns overlap: the values do not line up
    label_end = max(label for _, label in full)
    if label_end >= lefts[0]:
        return None
    right_aligned = all(max(e[j][1] for e, _ in full) - min(e[j][1] for e, _ in full) <= 1.5 for j in range(m))
    return Columns(lefts, rights, label_end, right_aligned, pad=0.6 * size)


def header_cells(header: list[Line], columns: Columns, m: int) -> tuple[list[str], list[tuple[str, ...]]] | None:
    """(label headers, one-level measure headers) from the header lines' word positions."""
    if not header or any(not line.spans or len(line.text.split()) != len(line.spans) for line in header):
        return None
    label_parts: list[list[str]] = []
    cells: list[list[str]] = [[] for _ in range(m)]
    top: list[str] | None = None
    full_seen = False
    for line in header:
        words = line.text.split()
        places = [columns.column_of(x0, x1, i + 1 in line.cuts) for i, (x0, x1) in enumerate(line.spans)]
        covered = set(places) - {None}
        if covered:  # a word between the labels' end and the first values, on a line of titles: the
            # first column's (its title set left in a cell wider than its numbers)
            places = [0 if place is None and x0 > columns.label_end + 2 else place
                      for place, (x0, _) in zip(places, line.spans)]
            covered = set(places) - {None}
        line_text = " ".join(words)
        if line_text.count("(") > line_text.count(")"):
            full_seen = True  # "Begroting 2019 (x" / "1.000 euro)": titles that wrap, no group line
        # One column only: a title that wraps around the line naming the others ("% t.o.v." /
        # "Gemeente Aantal" / "totaal"), not a group header (a group spans columns).
        if covered and 1 < len(covered) < m and not full_seen and top is None:
            # Some columns only, above the line that names them all: a group header over several
            # columns (two levels). Read here when it is the first line over the values, each
            # title starting a group ("2021" over "Aantal | Bedrag"); else left to the text reader.
            # Below it, or below a line that names every column: cells that wrap.
            top = _group_titles(words, places, line.cuts, m)
            if top is None:
                return None
            continue
        full_seen = full_seen or len(covered) == m
        phrases: list[list[str]] = [[]]
        for i, (word, column) in enumerate(zip(words, places)):
            if column is None:
                if i in line.cuts and phrases[-1]:
                    phrases.append([])  # a column gap inside the label area: two label headers
                phrases[-1].append(word)
            else:
                cells[column].append(word)
        if phrases[-1]:
            label_parts.append([" ".join(p) for p in phrases])
    if any(not c for c in cells):
        return None  # a column without a header word: not a header this reading can place
    if len(label_parts) == 1:
        labels = label_parts[0]
    else:
        labels = [" ".join(" ".join(p) for p in label_parts)] if label_parts else []
    if top is not None:
        return labels or ["label"], [(top[j], " ".join(c)) for j, c in enumerate(cells)]
    return labels or ["label"], [(" ".join(c),) for c in cells]


def _group_titles(words: list[str], places: list[int | None], cuts: tuple[int, ...], m: int) -> list[str] | None:
    """A line of group titles over the value columns: per column, the title of its group (each
    title covers the columns from the one it stands over to the next title's); None unless every
    word stands over the values, the first title over the first column, the titles in order and
    at least two of them (cut where the line shows a column gap)."""
    if None in places or places[0] != 0:
        return None
    titles: list[tuple[int, list[str]]] = []
    for i, (word, column) in enumerate(zip(words, places)):
        if not titles or i in cuts:
            if titles and column <= titles[-1][0]:
                return None
            titles.append((column, []))
        titles[-1][1].append(word)
    if len(titles) < 2:
        return None
    starts = [column for column, _ in titles] + [m]
    return [" ".join(titles[t][1]) for t in range(len(titles)) for _ in range(starts[t], starts[t + 1])]
