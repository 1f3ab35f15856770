"""Tables in text that puts each cell on its own line (pdfminer's `extract_text`): blocks separated
by blank lines, one block a cell, rows one after the other.

What the text gives, and how the table is read from it:

- a cell is a block of lines; a value on a line of its own is a cell even inside a block; text
  lines of one block are one wrapped cell ("Stand op" / "31/12/2021"; "Aanvrage" / "n");
- the row pattern: a label, then the table's number of values. That number is the most common
  length of the runs of values; a run of several rows' values (pdfminer sometimes takes a label
  column's first cells ahead of the values) is split into rows, the labels taken in order;
- before the first row: the header. More header cells than columns make a two-level header
  (years over "Aantal" / "Bedrag"); a header line holding several column titles is split;
- text between rows that is not a row's own label is a row-spanning group label for the rows that
  follow it;
- `€` alone before its amount goes with the amount; a line holding only a space is an empty cell.

Cost: linear in the number of lines.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import groupby

from ..model import Finding, Line, RawTable
from ..numbers import YEAR_RE, is_year
from . import cellorder
from ..numbers import EUR, PERCENT
from .texttables import _DATE_UNIT_RE, _cut_units, _units, split_header, unit_hint
from .assemble import CAPTION_RE, EURO_ALONE, NOTE_RE, SECTION_START_RE, is_value, join_euro, make_table, quantity

MAX_COST = 1.5  # a reading that needs more jumps than this is a guess: keep the row-by-row one
TOTAL_RE = cellorder.TOTAL_RE
_CODE_RE = re.compile(r"^(Q[1-4]|T[1-4]|[A-Z]{1,2}\d{1,2}|(19|20)\d\d(-(19|20)?\d\d)?|jan\.?|feb\.?|mrt\.?|apr\.?|mei|"
                      r"jun\.?|jul\.?|aug\.?|sep\.?|okt\.?|nov\.?|dec\.?|januari|februari|maart|april|juni|juli|augustus|september|"
                      r"oktober|november|december)$", re.IGNORECASE)




@dataclass
class Cell:
    text: str
    first: int  # source line numbers
    last: int
    page: int | None = None
    empty: bool = False  # a line holding only spaces: an empty cell

    @cached_property
    def value(self) -> bool:
        return self.empty or is_value(self.text)

    @cached_property
    def year(self) -> bool:
        found = quantity(self.text)
        return found is not None and found.value is not None and is_year(found)


def _is_break(text: str) -> bool:
    stripped = text.strip()
    if SECTION_START_RE.match(text) or CAPTION_RE.match(stripped):
        return True
    words = stripped.split()
    if _multi_code(stripped) and all(_CODE_RE.match(w) or w[:1].isupper() or w.isdigit() for w in words):
        return False  # "Q1 2023 Q2 2023 ...", "1 februari 2021 1 februari 2022 ...": column titles
    return len(stripped) > 90 or (stripped.endswith((".", ":", ";")) and len(words) >= 4) or len(words) > 12


def cells_of(lines: list[Line]) -> list[Cell]:
    """Blocks into cells (see the module's docstring)."""
    cells: list[Cell] = []
    current: list[Line] = []

    def flush():
        if current:
            text = _join(l.text for l in current)
            cells.append(Cell(text, current[0].number, current[-1].number, current[0].page))
            current.clear()

    for line in lines:
        if not line.text.strip():
            flush()
            if line.text and line.text.strip() == "" and line.text != "" and set(line.text) == {" "}:
                cells.append(Cell("", line.number, line.number, line.page, empty=True))
            continue
        if current and current[-1].text.rstrip().endswith("-") and YEAR_RE.fullmatch(line.text.strip()):
            current.append(line)  # "Schooljaar 2021-" / "2022": a title wrapped at its hyphen, no value
            continue
        if is_value(line.text.strip()):
            flush()
            cells.append(Cell(line.text.strip(), line.number, line.number, line.page))
            continue
        several = join_euro(line.text.split())
        if len(several) > 1 and all(is_value(t) for t in several):  # "14,8% 13,2% 12,5%*": a row's values
            flush()
            cells += [Cell(t, line.number, line.number, line.page) for t in several]
            continue
        if current and is_value(current[-1].text.strip()):
            flush()
        current.append(line)
    flush()
    titles = _euro_titles(cells)
    raw = ["\x00" + c.text if i in titles else c.text for i, c in enumerate(cells)]  # not joined
    texts = join_euro(raw)
    if len(texts) < len(cells):  # "€" alone before its amount
        merged, i = [], 0
        for text in texts:
            cell = cells[i]
            if text != raw[i]:
                merged.append(Cell(text, cell.first, cells[i + 1].last, cell.page))
                i += 2
            else:
                merged.append(cell)
                i += 1
        cells = merged
    return cells


def _euro_titles(cells: list[Cell]) -> set[int]:
    """The "€" cells that title a column, not an amount's currency: "Aantal" / "€" / "Aantal" /
    "€" (under years, or each after its year): a "€" after a title that a "€" follows more than
    once. The last one, before the first value, too."""
    alone = [i for i, c in enumerate(cells) if c.text.strip() in EURO_ALONE and 0 < i and not cells[i - 1].value]
    before = Counter(cells[i - 1].text for i in alone)
    return {i for i in alone if before[cells[i - 1].text] >= 2}


def _join(texts) -> str:
    out = ""
    for text in texts:
        text = " ".join(text.split())
        if not out:
            out = text
        elif re.fullmatch(r"[a-zà-ÿ]{1,2}", text) and out[-1:].isalpha():
            out += text  # a word broken at the line's end: "Aanvrage" / "n"
        elif out.endswith("-") and text[:1].islower():
            out = out[:-1] + text
        elif out.endswith("-") and YEAR_RE.fullmatch(text):
            out += text  # "2021-" / "2022": one period
        else:
            out += " " + text
    return out


def find_regions(lines: list[Line]) -> list[tuple[int, int]]:
    """Index ranges of cell-per-line tables: runs of short blocks with at least four values that
    stand alone on their lines, between prose."""
    regions = []
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].text.strip() or _is_break(lines[i].text):
            i += 1
            continue
        if i > 0 and lines[i - 1].text.strip() and _is_break(lines[i - 1].text):
            i += 1  # the last line of a paragraph ("jaar."), not a cell
            continue
        k = i
        alone = 0
        while k < n and not (lines[k].text.strip() and _is_break(lines[k].text)) \
                and not NOTE_RE.match(lines[k].text):
            text = lines[k].text.strip()
            if text and (is_value(text) or all(is_value(t) for t in join_euro(text.split()))):
                alone += 1
            k += 1
        if alone >= 4:
            # a stream has mostly one cell per line: blank lines between most lines
            body = [j for j in range(i, k) if lines[j].text.strip()]
            separated = sum(1 for j in body if j + 1 < n and not lines[j + 1].text.strip())
            if separated >= 0.5 * len(body):
                end = _last_text(lines, i, k - 1)
                regions += [(i + a, i + b) for a, b in _parts(lines[i:end + 1])]
        i = max(k, i + 1)
    return regions


def _multi_code(text: str) -> bool:
    """A header line of several column titles ("Q1 2023 Q2 2023 ..."), not a row label."""
    return sum(1 for w in text.split() if _CODE_RE.match(w)) >= 3


Row = tuple[list[str], list[str | None], tuple[int, int], int | None]  # labels, printed values, lines, page


class NotReadable(Exception):
    """A region that is a table, but whose cells cannot be put back in their places from the text:
    `dumptables` takes its lines (no other reader makes rows of them) and reports its numbers."""


def _parts(lines: list[Line]) -> list[tuple[int, int]]:
    """A region cut where its opening header cells are printed again after a value: a table that
    runs over pages prints its header again on each, and pdfminer takes each page's part apart on
    its own (its labels, then its values column by column), so each part is read alone (and
    `dumptables` joins the parts whose headers agree)."""
    cells = cells_of(lines)
    if len(cells) < 2 or cells[0].value:
        return [(0, len(lines) - 1)]
    opening = [c.text for c in cells[:1 if cells[1].value else 2]]
    cuts = [cells[j].first for j in range(1, len(cells) - 1)
            if cells[j - 1].value and [c.text for c in cells[j:j + len(opening)]] == opening]
    at = {line.number: i for i, line in enumerate(lines)}
    starts = [0] + [at[cut] for cut in cuts]
    ends = [i - 1 for i in starts[1:]] + [len(lines) - 1]
    return [(a, _last_text(lines, a, b)) for a, b in zip(starts, ends)]


def _last_text(lines: list[Line], a: int, b: int) -> int:
    while b > a and not lines[b].text.strip():
        b -= 1
    return b


def read_table(lines: list[Line], file_label: str) -> tuple[RawTable, list[Finding]] | None:
    cells = cells_of(lines)
    runs = _runs(cells)
    lengths = [len(run) for start, run in runs if not all(c.year for c in run)]
    if not lengths:
        return None
    m = max(set(lengths), key=lambda x: (lengths.count(x), x))
    header, rows, findings = _rows_in_order(cells, runs, m, file_label)
    if not rows:
        return None
    reordered = _reordered(cells)
    if reordered is not None:
        label_headers, measure_headers, rows, checked = reordered
        table, more = make_table(label_headers, measure_headers, rows, file_label, "text-dump-cells")
        table.order_checked = checked
        # The row-by-row reading's short rows are not this reading's.
        return table, [f for f in findings if f.code not in ("table.ragged-row", "table.not-extracted")] + more
    header, rows = _first_group_in_header(header, rows, m)
    header, rows = _groups_after_titles(header, rows, m)
    k = 2 if any(len(r[0]) == 2 for r in rows) else 1
    rows = [((r[0] if len(r[0]) == k else [""] * (k - len(r[0])) + r[0]), r[1], r[2], r[3]) for r in rows]
    label_headers, measure_headers = _header(header, m, k)
    untitled = sum(titles == _untitled(j) for j, titles in enumerate(measure_headers))
    if any(header) and untitled >= len(rows) or untitled == m > max(len(rows), 2):
        # A header whose titles name fewer columns than the values fill, over a table of as many
        # rows or fewer: the cells' order was not understood (a label column taken whole reads
        # as one row of many values, its labels as titles). Its numbers are reported, not shown
        # under titles made up from its labels. So are those of a table without a title over
        # more columns than it has rows: the header and labels were taken for one long label.
        raise NotReadable(f"{len(rows)} row(s) of {m} values under a header that names {m - untitled} of them")
    table, more = make_table(label_headers, measure_headers, rows, file_label, "text-dump-cells")
    return table, findings + more


def _rows_in_order(cells: list[Cell], runs, m: int, file_label: str) -> tuple[list[str], list[Row], list[Finding]]:
    """The cells read in the order they come: each run of values is one row or several of `m`
    values, its labels the cells just before it, a group label any cell before those."""
    findings: list[Finding] = []
    header: list[Cell] = []
    rows: list[Row] = []
    group: str | None = None
    grouped = False
    position = 0
    short: list[int] = []  # rows whose values are not m
    for start, run in runs:
        pending = [c for c in cells[position:start]]
        position = start + len(run)
        if not rows and all(c.year for c in run) and (len(run) != m or position < len(cells)
                                                        and not cells[position].value):
            header += pending + run
            continue
        years: list[Cell] = []
        if not rows:
            # "2020" / "2021" / "4.638" / "780": the titles' years printed right before the first
            # values, nothing between, are the header's, not a row's values
            lead = next((j for j, c in enumerate(run) if not c.year), len(run))
            if 2 <= lead < len(run):
                years, run = run[:lead], run[lead:]
        count = max(1, -(-len(run) // m))
        labels: list[Cell] = []
        rest: list[Cell] = []
        for cell in reversed(pending):
            if len(labels) < count and not _multi_code(cell.text):
                labels.insert(0, cell)
            else:
                rest.insert(0, cell)
        if not rows:
            header, rest, labels = _first_labels(header, rest, labels)
            header += rest + years
        elif rest:
            group = " ".join(c.text for c in rest if not NOTE_RE.match(c.text)) or group
            grouped = grouped or group is not None
        if len(run) % m and len(labels) < count and labels:
            count, labels = 1, labels[-1:]  # values that make no whole rows: one row, cells not told apart
        if len(labels) < count:
            labels = [Cell("", run[0].first, run[0].first)] * (count - len(labels)) + labels
        for r in range(count):
            values = run[r * m:(r + 1) * m] if r < count - 1 else run[r * m:]
            label = labels[r]
            first, last = label.first or values[0].first, values[-1].last
            if len(values) != m:
                short.append(len(rows))
            rows.append(([group or "", label.text] if grouped or group else [label.text],
                         [None if c.empty else c.text for c in values], (first, last), values[0].page))
    kinds = cellorder.column_kinds([row[1] for row in rows], m) if short else []
    for r in short:  # pdfminer leaves an empty cell out of its text: where it stood is not in it
        labels, printed, span, page = rows[r]
        rows[r] = (labels, cellorder.short_row(printed, printed, m, kinds, f"the row {labels[-1]!r}", span[1],
                                               file_label, findings), span, page)
    return [c.text for c in header], rows, findings


def _first_group_in_header(header: list[str], rows: list[Row], m: int) -> tuple[list[str], list[Row]]:
    """"Niveau" / "Pleegzorg" / "Regio" / "Regio Zuid" / "Centrum" / "Q1 2022 Q2 2022 Q3 2022" / ...:
    pdfminer prints the first label column whole, its title and the first group's label, before
    the second column's title and labels. Where later groups' labels stand before their rows, the
    rows ahead of them have no group, and the header holds one cell more than two label titles and
    the titles of the m columns: that cell (after the first label title) is their group's label."""
    ungrouped = 0
    while ungrouped < len(rows) and len(rows[ungrouped][0]) == 1:
        ungrouped += 1
    if not 0 < ungrouped < len(rows) or any(len(r[0]) != 2 for r in rows[ungrouped:]):
        return header, rows
    taken = _titles_for(header[::-1], m)
    titles = len(header) - (taken or 0)
    front = header[:titles]
    if taken is None or len(front) != 3 or any(map(_coded, front)):
        return header, rows
    group = front[1]
    return [front[0], front[2]] + header[titles:], \
        [([group] + r[0], *r[1:]) for r in rows[:ungrouped]] + rows[ungrouped:]


def _first_labels(header: list[Cell], rest: list[Cell], labels: list[Cell]):
    """(header, rest, labels) of the cells before the first values: where the first rows' labels
    came ahead of titles, the cells before the values are titles and the labels are taken out
    of the header."""
    ahead = header + rest + labels
    taken = _labels_ahead_of_header(ahead, labels)
    if taken is None and _labels_ahead_of_numbered_titles(header + rest, labels):
        taken = 1, 1 + len(labels)
    if taken is None:
        return header, rest, labels
    a, b = taken
    return ahead[:a] + ahead[b:], [], ahead[a:b]


def _labels_ahead_of_header(cells: list[Cell], labels: list[Cell]) -> tuple[int, int] | None:
    """"Provincie" / "Antwerpen" / "Limburg" / "2019" / "Aantal" / "€" / "2020" / ... / the values:
    pdfminer took the label column's first cells ahead of a header of years; or ahead of the
    other titles, after the years ("2020" / "2021" / "Provincie" / "Antwerpen" / "Limburg" /
    "Aantal dossiers €" / "Aantal dossiers €"). The cells just before the values (`labels`, the
    last of `cells`) then repeat titles, and the labels are the cells after the labels' title,
    as many as the values make rows: before the first year, or after the years that lead. Their
    slice of `cells`, or None where that is not so."""
    printed = Counter(c.text for c in cells)
    if not labels or not all(printed[l.text] >= 2 for l in labels):
        return None
    lead = next((i for i, c in enumerate(cells) if not c.year), len(cells))
    a, b = lead + 1, lead + 1 + len(labels)
    if lead == 0 and next((i for i, c in enumerate(cells) if c.year), None) != b:
        return None
    if any(c.value or c.year or _multi_code(c.text) for c in cells[a:b]):
        return None
    return a, b


def _labels_ahead_of_numbered_titles(cells: list[Cell], labels: list[Cell]) -> bool:
    """"Indicator" / "Tevredenheid" / "Ronde 1" ... "Ronde 3" / "Ronde 4" / the values: the first
    row's label printed ahead of numbered titles. The cell right before the values goes on with
    their numbering, so it is the last title; the labels are the cells after the labels' title."""
    n = len(labels)
    if not labels or len(cells) < n + 2 or not _numbering_goes_on(cells, labels):
        return False
    return not any(c.value or _multi_code(c.text) or _NUMBERED_RE.fullmatch(c.text) for c in cells[1:1 + n])


def _groups_after_titles(header: list[str], rows: list[Row], m: int) -> tuple[list[str], list[Row]]:
    """"Type" / "Net" / "Q1 2021 Q2 2021 Q3 2021" / "Pleegzorg" / "Dagopvang" / the rows: pdfminer
    prints the group labels of a grouped table after the header, all together. The rows tell
    where each group starts: where the first row's label comes again (the inner labels repeat a
    group). Taken only when two label titles come before the m titles and the group labels are as
    many as those starts."""
    if len(rows) < 4 or any(len(r[0]) != 1 for r in rows):
        return header, rows
    starts = [i for i, r in enumerate(rows) if r[0][0] == rows[0][0][0]]
    taken = _titles_for(header[2:], m)  # the titles follow the two label titles
    last = 2 + (taken or 0)
    groups = header[last:]
    if taken is None or len(groups) != len(starts) or len(starts) < 2 or any(map(_coded, header[:2] + groups)):
        return header, rows
    bounds = starts[1:] + [len(rows)]
    group_of = [groups[j] for j in range(len(starts)) for _ in range(starts[j], bounds[j])]
    return header[:last], [([group_of[i]] + r[0], *r[1:]) for i, r in enumerate(rows)]


def _titles_for(cells: list[str], m: int) -> int | None:
    """How many of the cells, from the first, hold exactly the titles of m columns (counted as
    `_header_count` counts them); None where no number of them does."""
    count = 0
    for taken, cell in enumerate(cells, start=1):
        count += _header_count(cell)
        if count >= m:
            return taken if count == m else None
    return None


def _coded(text: str) -> bool:
    """A period or code ("2023", "Q1 2024"), or several: a title, never a label or a label's title."""
    return _multi_code(text) or bool(_CODE_RE.match(text))


def _header_count(text: str) -> int:
    """The fewest column titles a header cell can hold: its periods ("Q1 2023 Q2 2023"), else one,
    unless three or more titles plainly start in it ("Aanvragen Goedgekeurd Uitbetaald": pdfminer
    prints a header row as one cell; a label taken into the header must not make up for them)."""
    titles = _titles_in(text)
    return titles if titles >= 3 or _multi_code(text) else 1


@lru_cache(maxsize=4096)
def _titles_in(text: str) -> int:
    """How many column titles plainly start in a header cell (as `_header` cuts them); every split
    of a table asks about the same cells."""
    return len(_cut_units(_units(text)))


def _reordered(cells: list[Cell]):
    """The table read in the order its numbers support (cellorder.py), or its boxes show, when that
    is not row by row: (label headers, measure headers, rows, whether totals or kinds checked the
    order), or None to keep the row-by-row reading.

    The cells before the values hold the header and the labels: n labels in a row of cells (no
    code, no year), the rest the header, one title per column and one for the labels. Every split
    that fits n x m values is tried; the reading with the fewest failed checks wins, and only when
    it does better than reading row by row.
    """
    body = [c for c in cells if not (not c.value and (NOTE_RE.match(c.text) or CAPTION_RE.match(c.text)))]
    first_value = next((i for i, c in enumerate(body) if c.value and not c.year), None)
    if first_value is None:
        return None
    # Years before the first value, among text, are header titles ("2022" / "2023" / "2024").
    last_value = max(i for i, c in enumerate(body) if c.value)
    body = _Body(body[:last_value + 1])  # text after the last value is a note ("nvt: ...")
    if _labelled_rows(body, first_value):
        return None
    stacked = _stacked_rows(body, first_value)
    if stacked is not None:
        return (*stacked, False)  # the order is the boxes', not checked by totals or kinds
    texts = [c for i, c in enumerate(body) if not c.value or (c.year and i < first_value)]
    values = [c for i, c in enumerate(body) if c.value and not (c.year and i < first_value)]
    _check_cells_left_out(body, first_value, len(values))
    best, best_key, memo = None, None, {}
    for labels, header, m in _splits(body, texts, values, first_value):
        scored = _scored(body, labels, header, values, m, first_value, memo)
        key = scored and (scored[0], *_layout_rank(body, labels, header, first_value))
        if scored is not None and (best is None or key < best_key):
            best, best_key = (*scored, labels, header, m), key
    mostly = _mostly_labelled_rows(body, first_value)
    if best is None and _ragged_runs(body, first_value) and not mostly:
        best = _plain_split(body, texts, values, first_value)
    if best is None or mostly and 2 * best[1].totals_passed < len(best[2]) + best[4]:
        return None  # rows that kept their labels: moved only where totals check half the lines
    _, reading, labels, header, m = best
    label_headers, measure_headers = _header([c.text for c in header], m, 1)
    rows = [_row_of(label, [values[j] for j in row]) for label, row in zip(labels, reading.grid)]
    return label_headers, measure_headers, rows, True


def _stacked_rows(body: list[Cell], first_value: int):
    """pdfminer's boxes, where some rows' labels stand stacked in one box: "Uitstroom naar werk" /
    3 values on a line (a row in a box of its own), then "Gemiddelde kostprijs" / "Bereik" (two
    labels stacked) / 6 values one a line. A box of stacked labels comes with the value columns'
    boxes for those rows, each a column's cells stacked: k labels, then k x m values read column by
    column. m is what each box after the first gives each of its labels (they must agree); the
    first box takes as many of the cells before it for labels as its values make rows of m.
    (label headers, measure headers, rows), or None where the cells are not so."""
    groups = _boxes(body, first_value)
    if groups is None:
        return None
    widths = {len(values) / len(labels) for labels, values in groups[1:]}
    if len(widths) != 1 or not widths.issubset(range(2, len(body))):
        return None
    m = int(widths.pop())
    count = len(groups[0][1]) // m
    if m < 2 or count * m != len(groups[0][1]) or count > first_value - 1:
        return None
    ahead = list(body[first_value - count:first_value])
    groups[0] = (ahead, groups[0][1])
    header = list(body[:first_value - count])
    if _numbering_goes_on(header, ahead):
        # "Indicator" / "Tevredenheid" / "Bereik" / "Ronde 1" / "Ronde 2" / "Ronde 3": the cells
        # before the values go on with the titles' numbering, so they are titles too; the first
        # box's labels stand ahead of them, after the labels' title.
        groups[0] = (header[1:1 + count], groups[0][1])
        header = header[:1] + header[1 + count:] + ahead
    row_labels = [c for labels, _ in groups for c in labels]
    if any(c.value or _multi_code(c.text) or c.year for c in row_labels) or \
            len({c.text for c in row_labels}) < len(row_labels):
        return None  # a label twice ("Aantal €" / "Aantal €") is a title repeated under years
    if any(len(values) != len(labels) * m for labels, values in groups):
        return None
    stacked = [(labels, values) for labels, values in groups if len(labels) >= 2]
    if not stacked or any(len({c.first for c in values}) != len(values) for _, values in stacked):
        return None  # a stacked box's values one a line, or it is no box of columns
    if any(len(c.text) > 12 for _, values in stacked for c in values):
        # Wide values ("3.599.767,57 euro") stand nearer their row's next value than the one below:
        # pdfminer took them row by row (seen with amounts; counts and percentages by column).
        return None
    if sum(_titles_in(c.text) for c in header) not in (m, m + 1) and \
            sum(_header_count(c.text) for c in header) not in (m, m + 1):
        return None
    label_headers, measure_headers = _header([c.text for c in header], m, 1)
    by_column = [[values[c * len(labels) + r] for c in range(m)] for labels, values in groups
                 for r in range(len(labels))]
    by_row = [values[r * m:(r + 1) * m] for labels, values in groups for r in range(len(labels))]
    # Where the stacked values' kinds or the totals speak against it, the boxes are not so.
    total_row = bool(TOTAL_RE.match(groups[-1][0][-1].text))
    total_column = bool(measure_headers and TOTAL_RE.match(measure_headers[-1][-1]))
    cost = [_grid_cost([[c.text for c in row] for row in grid], total_row, total_column) for grid in (by_column, by_row)]
    if cost[0] > 0 or cost[0] > cost[1]:
        return None  # not this reading unless it passes every check, and no worse than row by row
    rows = [_row_of(label, row_cells) for label, row_cells in zip(row_labels, by_column)]
    return label_headers, measure_headers, rows


def _row_of(label: Cell, row_cells: list[Cell]) -> Row:
    """A row read from its label and its value cells, with the lines it spans."""
    lines = [label.first, label.last] + [c.first for c in row_cells]
    return [label.text], [None if c.empty else c.text for c in row_cells], (min(lines), max(lines)), row_cells[0].page


def _boxes(body: list[Cell], first_value: int) -> list[tuple[list[Cell], list[Cell]]] | None:
    """From the first value on: (labels, values) in turn, the first box's labels still to be taken
    from before it; None where a box has no labels or the text ends in labels."""
    groups: list[tuple[list[Cell], list[Cell]]] = []
    i = first_value
    while i < len(body):
        j = i
        while j < len(body) and not body[j].value:
            j += 1
        k = j
        while k < len(body) and body[k].value:
            k += 1
        if j == i and groups or j == len(body):
            return None
        groups.append((body[i:j], body[j:k]))
        i = k
    return groups


def _grid_cost(grid: list[list[str]], total_row: bool, total_column: bool) -> float:
    """What a reading costs by cellorder's checks (kinds, totals): as a table with a unit a column,
    or (the grid turned a quarter) with a unit a row, whichever it reads better as."""
    n, m = len(grid), len(grid[0])
    turned = [grid[r][c] for c in range(m) for r in range(n)]
    return min(cellorder.row_major_cost([t for row in grid for t in row], n, m, total_row, total_column),
               cellorder.row_major_cost(turned, m, n, total_column, total_row))


def _check_cells_left_out(body: list[Cell], first_value: int, values: int) -> None:
    """Raise NotReadable where the table as printed says how many cells it has and fewer (or more)
    values are printed: a header (every title that plainly starts in it) over a run of labels right
    before the values and nothing but values after them, n labels and m titles, n x m not the
    number of values. pdfminer leaves an empty cell out of its text, and where it was cannot be
    told; a split that takes a label for a title (or a title for a label) to make the numbers fit
    would shift every value after it."""
    start = first_value
    while start > 0 and not body[start - 1].value and _header_count(body[start - 1].text) == 1:
        start -= 1  # a label: one title at most, no periods
    labels, header = first_value - start, [c for c in body[:start] if not c.value]
    if labels < 3 or not header or len(header) != start or not all(c.value for c in body[first_value:]):
        return  # no plain header over a plain label column, or a label among the values
    titles = sum(_titles_in(c.text) for c in header)
    if values % labels and (titles - 2) * labels < values < titles * labels:
        raise NotReadable(f"{labels} labels under {titles} titles, but {values} values: cells left out")


def _layout_rank(body: list[Cell], labels: list[Cell], header: list[Cell], first_value: int) -> tuple[bool, int]:
    """Between splits the numbers cannot tell apart, lower is likelier: the labels end right where
    the values start (pdfminer takes the label column whole, just before the value columns), and a
    header of fewer cells (a header is one printed row, which pdfminer cuts into few cells; the
    labels are a cell each). 'Gemeente' / 'Aanvragen Goedgekeurd Uitbetaald' / 30 towns / 90
    values is 30 rows of 3, not 3 rows of 30 with 27 towns for titles."""
    return body.index(labels[-1]) != first_value - 1, len(header)


def _ragged_runs(body: list[Cell], first_value: int) -> bool:
    """The runs of values do not divide into rows of one length ("74.248,1" ... 13 values, then a
    label, then 5): reading them run by run would make ragged rows."""
    lengths, run = [], 0
    for cell in list(body[first_value:]) + [None]:
        if cell is not None and cell.value:
            run += 1
        elif run:
            lengths.append(run)
            run = 0
    m = max(set(lengths), key=lambda x: (lengths.count(x), x))
    return any(length % m for length in lengths)


def _plain_split(body: list[Cell], texts: list[Cell], values: list[Cell], first_value: int):
    """Where the runs are ragged and no other order is better: the first split whose row-by-row
    reading passes every check, read row by row (labels in a row ahead, then the values)."""
    printed = [c.text for c in values]
    for labels, header, m in _splits(body, texts, values, first_value):
        if sum(_titles_in(c.text) for c in header) not in (m, m + 1):
            continue  # only a header whose titles plainly make the columns (no label taken for one)
        n = len(labels)
        measures = _header([c.text for c in header], m, 1)[1]
        total_row = bool(TOTAL_RE.match(labels[-1].text))
        total_column = bool(TOTAL_RE.match(measures[-1][0])) if measures else False
        if cellorder.row_major_cost(printed, n, m, total_row, total_column) == 0:
            grid = tuple(tuple(range(r * m, (r + 1) * m)) for r in range(n))
            return 0.0, cellorder.Reading(grid, 0.0, True), labels, header, m
    return None


def _label_runs(body: list[Cell], first_value: int) -> list[int] | None:
    """From the cell before the first value on: how many values follow each text cell; None where
    that cell is a value itself (a year of the header)."""
    rest = body[first_value - 1:] if first_value else []
    if rest[:1] and rest[0].value:
        return None
    lengths, i = [], 0
    while i < len(rest):
        j = i + 1
        while j < len(rest) and rest[j].value:
            j += 1
        lengths.append(j - i - 1)
        i = j
    return lengths


def _labelled_rows(body: list[Cell], first_value: int) -> bool:
    """From the first row on, each label is followed by the same number (two or more) of values:
    pdfminer kept the rows, and the order the values come in is theirs, whatever their kinds
    ("Bereik 74,9 % ... Kostprijs € 1.770.897,57 ..." has a unit a row, not a column)."""
    lengths = _label_runs(body, first_value)
    return lengths is not None and len(lengths) >= 2 and len(set(lengths)) == 1 and lengths[0] >= 2


def _mostly_labelled_rows(body: list[Cell], first_value: int) -> bool:
    """Each label followed by its values, most of three or more rows (not all) with the same
    number: a row that pdfminer printed with an empty cell left out has fewer. Or values moved
    between rows: only totals that add up tell that, so only a reading they check (in half the
    table's rows and columns) may reorder."""
    lengths = _label_runs(body, first_value)
    if lengths is None or len(lengths) < 3 or min(lengths) < 1:
        return False
    m = max(set(lengths), key=lambda x: (lengths.count(x), x))
    return m >= 2 and 2 * lengths.count(m) > len(lengths) and max(lengths) < 2 * m


class _Body(list):
    """The cells in printed order, where a cell's position is a dict lookup: list.index compares
    the dataclasses field by field, and the splits ask it thousands of times."""

    def __init__(self, cells: list[Cell]):
        super().__init__(cells)
        self._at: dict[tuple, int] = {}
        for i, cell in enumerate(cells):
            self._at.setdefault(_identity(cell), i)  # the first equal cell, as list.index finds

    def index(self, cell: Cell, *_) -> int:  # type: ignore[override]
        return self._at[_identity(cell)]


def _identity(cell: Cell) -> tuple:
    return cell.text, cell.first, cell.last, cell.page, cell.empty


def _splits(body: list[Cell], texts: list[Cell], values: list[Cell], first_value: int):
    """Every way the text cells divide into n row labels in a row and a header of m or m + 1 titles
    (all before the first value), for each n that divides the values.

    What a split asks of its labels and its header is counted once per cell, as running totals:
    the labels are a window of the texts and the header the rest, so each split costs the same
    whatever the number of texts (the window's count is two lookups)."""
    not_label = _running([c.value or _multi_code(c.text) for c in texts])
    late = _running([body.index(c) > first_value for c in texts])
    periods = _running([_header_count(c.text) for c in texts])
    titles = _running([_titles_in(c.text) for c in texts])
    for n in range(2, len(values) + 1):
        if len(values) % n:
            continue
        m = len(values) // n
        for start in range(0, len(texts) - n + 1):
            end = start + n
            if not_label[end] - not_label[start]:
                continue
            if late[-1] - (late[end] - late[start]):
                continue  # a header title after the first value: not this split
            # Titles in a header cell: counted as periods ("Q1 2023 Q2 2023"), or where a title
            # plainly starts ("Stand op 31/12/2020 Stand op 31/12/2021"), as _header cuts them.
            if periods[-1] - (periods[end] - periods[start]) in (m, m + 1) or \
                    titles[-1] - (titles[end] - titles[start]) in (m, m + 1):
                yield texts[start:end], texts[:start] + texts[end:], m


def _running(counts: list[int]) -> list[int]:
    """Running totals: [0, c0, c0 + c1, ...], so that a window's total is two lookups."""
    totals = [0]
    for count in counts:
        totals.append(totals[-1] + count)
    return totals


def _scored(body: list[Cell], labels: list[Cell], header: list[Cell], values: list[Cell], m: int, first_value: int,
            memo: dict):
    """(score, reading) of the best cell order for one split, lower is better; None where the
    numbers give no reason to leave row-by-row order."""
    n = len(labels)
    if any(_grand_total(c.text) for c in labels[:-1] + header[:-1]):
        # A totals row closes the label column ("Antwerpen" ... "West-Vlaanderen" / "Totaal"), and a
        # totals column the titles: a split that puts "Totaal" elsewhere took labels for titles.
        return None
    printed = [c.text for c in values]
    total_row = bool(TOTAL_RE.match(labels[-1].text))
    measures = _header([c.text for c in header], m, 1)[1]
    if any(titles == _untitled(j) for j, titles in enumerate(measures)):
        # Its cells count m titles, but they do not read as m ("Vlaams Gewest" / "januari" /
        # "februari maart april mei" / ...: a label taken for a title): not this split, whose
        # columns would be published under made-up names.
        return None
    total_column = bool(TOTAL_RE.match(measures[-1][0])) if measures else False
    baseline = cellorder.row_major_cost(printed, n, m, total_row, total_column, memo)
    if baseline == 0:
        # Nothing in the numbers speaks against row by row. But labels that all come ahead
        # of the values mean pdfminer took the label column whole, and then it takes the
        # value columns whole too: read by column when that fits as well.
        if not (_labels_first(body, labels, first_value) or _labels_with_first_column(body, labels)) or m < 2:
            return None
        reading = cellorder.column_major(printed, n, m, total_row, total_column, memo)
        if reading.cost > 0:
            return None
        baseline = 1.0  # the layout's evidence, worth one jump
    else:
        limit = min(MAX_COST, baseline - 1)
        if _kinds_fill(printed, n, m):
            reading = cellorder.solve(printed, n, m, total_row, total_column, limit, memo)
        elif _kinds_fill(printed, m, n):
            reading = cellorder.solve_by_row_kinds(printed, n, m, total_row, total_column, limit, memo)
        else:
            reading = None
    # Clearly better only: a printed total that does not add up must not make the values
    # of a table printed row by row trade places until it does.
    if reading is None or reading.cost > baseline - 1 or reading.cost > MAX_COST:
        return None
    # Totals that add up are evidence for the split as well as for the order; so are
    # columns whose values are of the kind their title names ("Bedrag": euro; "%").
    # And a row's label comes before its values in the text.
    score = reading.cost - 0.5 * reading.totals_passed + _title_fit(measures, reading, printed) + sum(
        body.index(label) > body.index(values[min(row)]) for label, row in zip(labels, reading.grid))
    # Labels are of one kind (names, or periods), and so are the column titles.
    score += _mixed([c.text for c in labels if not TOTAL_RE.match(c.text)]) + _mixed(
        [t[-1] for t in measures if not TOTAL_RE.match(t[-1])]) + _numbering_goes_on(header, labels)
    return score, reading


_NUMBERED_RE = re.compile(r"(.*\S)\s+(\d{1,2})")


def _grand_total(text: str) -> bool:
    """A totals label other than a subtotal's ("Totaal", "Eindtotaal", not "Subtotaal")."""
    return bool(TOTAL_RE.match(text)) and not text.lower().startswith("sub")


def _numbering_goes_on(header: list[Cell], labels: list[Cell]) -> bool:
    """"Ronde 1" / "Ronde 2" / "Ronde 3" are titles: a first label that goes on with the numbering
    of the last title ("Ronde 4" after "Ronde 3") is one of them, not a row."""
    last = _NUMBERED_RE.fullmatch(header[-1].text) if header else None
    first = _NUMBERED_RE.fullmatch(labels[0].text) if labels else None
    return bool(last and first and last.group(1) == first.group(1) and int(first.group(2)) == int(last.group(2)) + 1)


def _kinds_fill(printed: list[str], n: int, m: int) -> bool:
    """Can the values' kinds (count, percentage, amount) fill whole columns of n values, one kind
    a column (missing markers fit any)? Where they cannot but fill whole rows, the table has a
    unit a row ("Bereik 74,9 %" / "Kostprijs € 1.770,57"): its rows, not its columns, are of one
    kind."""
    kinds = Counter(k for k in map(cellorder.kind_of, printed) if k is not None)
    return sum(-(-count // n) for count in kinds.values()) <= m


def _mixed(texts: list[str]) -> bool:
    """Some texts are periods or numbers only ("2023", "Q1 2024", "juni") and others are names."""
    coded = [all(_CODE_RE.match(w) or is_value(w) for w in t.split()) for t in texts if t]
    return len(set(coded)) > 1


def _labels_first(body: list[Cell], labels: list[Cell], first_value: int) -> bool:
    """The n labels come one after the other, all before the first value."""
    at = [body.index(c) for c in labels]
    return at[-1] < first_value and at == list(range(at[0], at[0] + len(at)))


def _labels_with_first_column(body: list[Cell], labels: list[Cell]) -> bool:
    """pdfminer took the label column and the first value column together, a few rows at a time,
    then the other value columns whole: "Genk-Zuid" ... "Hasselt-Noord" / their four first values
    / "Hasselt-Zuid" / its first value / four labels / the rest. From the first label on, runs of
    labels and of values take turns, and each run of values but the last is as long as the run of
    labels before it; the labels are the only text among them."""
    at = {body.index(c) for c in labels}
    if any(i not in at and not body[i].value for i in range(min(at), len(body))):
        return False
    lengths = [len(list(run)) for _, run in groupby(range(min(at), len(body)), key=at.__contains__)]
    if len(lengths) < 4 or len(lengths) % 2:
        return False
    return all(lengths[j + 1] == lengths[j] for j in range(0, len(lengths) - 2, 2)) and lengths[-1] >= lengths[-2]


def _title_fit(measures: list[tuple[str, ...]], reading: cellorder.Reading, printed: list[str]) -> float:
    """Lower is better: -0.5 per column whose values are of the kind its title names, +1 per column
    whose values are of another unit (plain numbers under a title that names euro count neither way)."""
    score = 0.0
    for c, path in enumerate(measures):
        hint = unit_hint(" ".join(path))
        if hint is None:
            continue
        kinds = {cellorder.kind_of(printed[row[c]]) for row in reading.grid} - {None}
        wanted = {PERCENT: "percent", EUR: "euro"}[hint]
        # Amounts are often printed without their unit ("Begroting (x 1.000 euro)" over "314"):
        # plain numbers under an amount's title say nothing against it; other units do.
        fits = {wanted, "plain"} if wanted == "euro" else {wanted}
        score += -0.5 if kinds == {wanted} else 1.0 if kinds - fits else 0.0
    return score


def _runs(cells: list[Cell]) -> list[tuple[int, list[Cell]]]:
    runs, i = [], 0
    while i < len(cells):
        if cells[i].value:
            j = i
            while j < len(cells) and cells[j].value:
                j += 1
            runs.append((i, cells[i:j]))
            i = j
        else:
            i += 1
    return runs


def _years_over_titles(cells: list[str], m: int) -> list[tuple[str, ...]] | None:
    """"2022" / "2023" / "Aantal Bedrag" / "Aantal Bedrag": years over the titles they repeat, the
    titles of one year on one line (or some years' so, others' a cell each: "Aantal Bedrag" /
    "Aantal" / "Bedrag", where the titles repeat). None unless that gives exactly m columns."""
    top = 0
    while top < len(cells) and all(_CODE_RE.match(w) for w in cells[top].split()):
        top += 1
    if top < 2 or top == len(cells) or m % top:
        return None
    bottom = [part for c in cells[top:] for part in split_header(c.split())]
    if len(bottom) != m:  # "Aantal dossiers €": a lone "€" is a title where the years need it
        bottom = [part for c in cells[top:] for part in _cut_units(_units(c))]
    width = m // top
    if len(bottom) != m:
        return None
    if len(cells) - top not in (top, 1, m) and any(bottom[j] != bottom[j % width] for j in range(m)):
        return None  # titles cut into other cells than a year's or one each: only if they repeat
    return [(cells[j // width], bottom[j]) for j in range(m)]


def _years_each_before_titles(cells: list[str], m: int) -> list[tuple[str, ...]] | None:
    """"2019" / "Aantal" / "€" / "2020" / "Aantal" / "€": each year followed by the titles under
    it (pdfminer took the header column group by column group), the same titles for every year.
    None unless that gives exactly m columns."""
    years = [i for i, c in enumerate(cells) if YEAR_RE.fullmatch(c)]
    if len(years) < 2 or years[0] != 0 or m % len(years):
        return None
    width = m // len(years)
    groups = [cells[a + 1:b] for a, b in zip(years, years[1:] + [len(cells)])]
    if any(g != groups[0] for g in groups) or len(groups[0]) != width:
        return None
    return [(cells[y], title) for y in years for title in groups[0]]


def _label_title_after_years(cells: list[str], m: int, k: int):
    """"2019" / "2020" / "2021" / "Provincie" / "Aantal" / "€" / ...: the label column's title
    spans both header rows, so pdfminer prints it after the top row (the years), not before it.
    (label headers, measure headers) when the years then stand over exactly m titles, else None."""
    top = 0
    while top < len(cells) and all(_CODE_RE.match(w) for w in cells[top].split()):
        top += 1
    if top < 2 or len(cells) <= top + k or any(map(_coded, cells[top:top + k])):
        return None
    two_level = _years_over_titles(cells[:top] + cells[top + k:], m)
    return (cells[top:top + k], two_level) if two_level else None


def _untitled(j: int) -> tuple[str]:
    """The made-up title of column j (from 0) where the header names no title for it."""
    return (f"kolom {j + 1}",)


def _dates_apart(units: list[str]) -> list[str]:
    """Header units cut as `_cut_units` cuts them, and also before each date:
    "Gemeente 1 februari 2022 1 februari 2023" is the label title and two dates. (Asked only
    where that gives the titles the values need: in "Ronde 1 maart 2024 Ronde 1 oktober 2024"
    the date is part of a title, and cutting there gives one cell too many.)"""
    pieces: list[list[str]] = [[]]
    for unit in units:
        if pieces[-1] and _DATE_UNIT_RE.fullmatch(unit):
            pieces.append([])
        pieces[-1].append(unit)
    return [cell for piece in pieces for cell in _cut_units(piece)]


def _header(cells: list[str], m: int, k: int) -> tuple[list[str], list[tuple[str, ...]]]:
    cells = [c for c in cells if c]
    if len(cells) < m + k:  # a line with several column titles ("Q1 2023 Q2 2023 ..."): split evenly
        for i, c in enumerate(cells):
            words, units = c.split(), _units(c)
            needed = m + k - (len(cells) - 1)
            if _multi_code(c) and needed > 1:
                cut = _cut_units(units)  # "Q1 2023 Q2 2023 Q3 2023 Totaal": periods kept whole
                if len(cut) != needed and len(words) % needed == 0:
                    width = len(words) // needed
                    even = [" ".join(words[j:j + width]) for j in range(0, len(words), width)]
                    if [u for part in even for u in _units(part)] == units:  # no date cut in two
                        cut = even
                if len(cut) != needed:
                    cut = _dates_apart(units)
                if len(cut) == needed:
                    cells[i:i + 1] = cut
                    break
    if len(cells) < m + k:
        # Titles that share a cell ("Aantal % t.o.v. totaal", "Gemeente Q1 2019", "2025 Verschil"):
        # cut every cell where a title plainly starts, when that gives one title a column.
        natural = [part for c in cells for part in _cut_units(_units(c))]
        if len(natural) == m + k or len(cells) < m == len(natural):
            cells = natural
    two_level = _years_over_titles(cells[k:], m) or _years_each_before_titles(cells[k:], m)
    if two_level:
        return cells[:k], two_level
    moved = _label_title_after_years(cells, m, k)
    if moved is not None:
        return moved
    if len(cells) == m + k:
        return cells[:k], [(c,) for c in cells[k:]]
    if len(cells) == m:
        return [""] * k, [(c,) for c in cells]
    if len(cells) > m + k:
        labels = cells[:k]
        top = cells[k:len(cells) - m]
        bottom = cells[len(cells) - m:]
        if top and m % len(top) == 0:
            width = m // len(top)
            return labels, [(top[j // width], bottom[j]) for j in range(m)]
        return cells[: len(cells) - m], [(c,) for c in bottom]
    return (cells[:1] if len(cells) > m else [""]) + [""] * (k - 1), \
        [(c,) for c in (cells[1:] if len(cells) > m else cells)] + [_untitled(j) for j in range(len(cells), m)]
