"""Tables in layout-mode text (`pdftotext -layout`, pypdf's layout mode): columns aligned by spaces.

Such text keeps the page's geometry in character positions, so the table is read the way a PDF
table without ruling lines is: geometry first.

- cells are runs of text between gaps of two spaces or more; a run of numbers is split per number;
- a table is a run of lines with at least two lines of several cells and values, up to prose, a
  caption or the next numbered section;
- value columns come from the lines that hold the most common number of values (the row pattern);
  other lines' values go to the nearest column;
- label columns start where label cells start (left-aligned); header cells are left-aligned in
  their cell too, so a header text belongs to the first column whose values end right of it;
- a label that wraps over several lines (above and below its values when the row is centred)
  goes to the nearest row with values, a blank line counting as a row boundary; a label column that
  most rows leave empty holds row-spanning group labels, which cover the rows around them.

Cost: linear in the number of lines (each line is split once; columns are medians).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from ..model import WARNING, Finding, Line, RawTable, join_lines
from ..numbers import is_year
from .texttables import _JOINING, _PARENTHESES_RE, TOTAL_RE, _cut_units, _header_like, _units, repeated_titles
from .assemble import (CAPTION_RE, EURO_ALONE, NOTE_RE, SECTION_START_RE, is_value, join_euro, make_table,
                       quantity)

_GAP_RE = re.compile(r"\S+(?: \S+)*")
_WORD_RE = re.compile(r"\S+")


@dataclass(slots=True)
class Segment:
    start: int
    end: int
    text: str
    value: bool = False  # a number or a missing marker; decided once, when the line is split

    @property
    def center(self) -> float:
        return (self.start + self.end) / 2


def segments(text: str) -> list[Segment]:
    """Cells of one line: runs between gaps of two spaces or more; a run of values split per value."""
    out = []
    for match in _GAP_RE.finditer(text.expandtabs(8)):
        run = match.group()
        first = run.split(" ", 1)[0]
        if first == run:  # one word: one cell
            out.append(Segment(match.start(), match.end(), run, is_value(run)))
            continue
        if first not in EURO_ALONE and not is_value(first):
            # Words that do not start with a value: one cell (prose goes this way), and no value:
            # a number printed in words ("€ 12", "12 %", "12 euro") starts with "€", "EUR" or itself.
            out.append(Segment(match.start(), match.end(), run, False))
            continue
        words = [(m.start() + match.start(), m.end() + match.start(), m.group()) for m in _WORD_RE.finditer(run)]
        texts = join_euro([w[2] for w in words])
        if len(words) > 1 and len(texts) > 1 and all(is_value(t) for t in texts):
            i = 0
            for cell in texts:
                n = len(cell.split())
                out.append(Segment(words[i][0], words[i + n - 1][1], cell, True))
                i += n
        else:
            out.append(Segment(match.start(), match.end(), match.group(), is_value(match.group())))
    return out


def _is_data(segs: list[Segment]) -> bool:
    values = [s for s in segs if s.value]
    if len(segs) < 2 or not values:
        return False
    not_years = [s for s in values if not _year(s.text)]
    return bool(not_years)


def _year(text: str) -> bool:
    found = quantity(text)
    return found is not None and found.value is not None and is_year(found)


def _is_break(text: str, segs: list[Segment]) -> bool:
    """Prose, a caption or a numbered section: a table does not go on across it."""
    stripped = text.strip()
    if SECTION_START_RE.match(text) or CAPTION_RE.match(stripped):
        return True
    if len(segs) == 1 and (len(stripped) > 60 and not _titles(stripped)
                           or stripped.endswith((".", ":")) and len(stripped.split()) >= 3):
        return True
    return False


def _titles(text: str) -> bool:
    """A long run of words that reads as column titles, not prose: every word capitalised, a
    number, a month or a symbol ("Gemeente 1 februari 2018 1 februari 2019 ...", "Gemeente Begroting
    2016 (x 1.000 euro) Begroting 2017 (x 1.000 euro) Verschil")."""
    # "(x 1.000 euro)" inside a title is its unit, whatever its case
    words = _PARENTHESES_RE.sub(" ", text).split()
    if 0 < len(words) <= 40 and all(_header_like(w) for w in words):
        return True
    # One title printed once per column, single-spaced: "Begroting 2022 (x 1.000 Begroting 2023 (x 1.000 ..."
    units = _units(text)
    return len(units) <= 40 and any(repeated_titles(units, n) for n in range(2, 13))


def find_regions(lines: list[Line]) -> list[tuple[int, int]]:
    """Index ranges [first, last] of layout tables among `lines`."""
    if not any("  " in l.text.strip() for l in lines):
        return []  # a region needs a line with a run of spaces (below): text set single-spaced has none
    parsed = [segments(l.text) for l in lines]
    regions = []
    i, n = 0, len(lines)
    while i < n:
        if not _is_data(parsed[i]):
            i += 1
            continue
        start = i
        floor = regions[-1][1] + 1 if regions else 0
        while start > floor and i - start < 10:  # header lines above, up to prose or a section
            above = lines[start - 1].text
            if above.strip() and (_is_break(above, parsed[start - 1]) or NOTE_RE.match(above)
                                  or _is_data(parsed[start - 1])):
                break
            start -= 1
        end, data = i, 0
        k = i
        while k < n:
            text = lines[k].text
            if not text.strip():
                k += 1
                continue
            if _is_break(text, parsed[k]) or NOTE_RE.match(text):
                break
            if _is_data(parsed[k]):
                data += 1
                end = k
            elif not lines[k - 1].text.strip() and not (k + 1 < n and _is_data(parsed[k + 1])) \
                    and not (k + 1 < n and not lines[k + 1].text.strip() and k + 2 < n and _is_data(parsed[k + 2])):
                break  # text after a blank line that leads to no row: the table has ended
            else:
                end = k if _attached(lines, parsed, k) else end
            k += 1
        multi = sum(1 for j in range(i, end + 1) if _is_data(parsed[j]) and len(parsed[j]) >= 2)
        if data >= 2 and multi >= 2 and any("  " in lines[j].text.strip() for j in range(i, end + 1)):
            while start < i and not lines[start].text.strip():
                start += 1
            regions.append((start, end))
        i = max(end + 1, i + 1)
    return regions


def _attached(lines: list[Line], parsed, k: int) -> bool:
    """A text line right below a row (no blank between) wraps that row's label."""
    return k > 0 and bool(lines[k - 1].text.strip()) and _is_data(parsed[k - 1]) or (
        k + 1 < len(lines) and _is_data(parsed[k + 1]))


@dataclass
class _Grid:
    """Where a layout table's columns are: value columns (by the median centre and right edge of
    their values in the rows of the commonest width) and label columns (by where labels start)."""
    lines: list[Line]
    parsed: list[list[Segment]]
    data_at: list[int]  # the lines with values: one row each
    first_data: int  # the first line of the first row (its wrapped label included)
    value_segs: dict[int, list[Segment]]
    m: int
    centers: list[float]
    rights: list[float]
    value_left: float
    year_label: bool  # the label column is a column of years ("2021  55  402")
    repeated: set[int]  # a header printed again on a later page
    columns: list[int]  # where each label column starts

    @property
    def k(self) -> int:
        return len(self.columns)

    def column_of(self, seg: Segment) -> int:
        return min(range(self.m), key=lambda j: abs(self.centers[j] - seg.center))

    def label_column(self, seg: Segment) -> int:
        return max((j for j, c in enumerate(self.columns) if c <= seg.start + 2), default=0)


def read_table(lines: list[Line], file_label: str) -> tuple[RawTable, list[Finding]] | None:
    """One layout table from its lines (header included)."""
    grid = _grid(lines)
    label_headers, measure_headers = _layout_header(grid)
    unplaced: list[tuple[int, str]] = []
    rows = [row for part in _pages(grid) for row in _layout_rows(part, unplaced)]
    table, findings = make_table(label_headers or ["label"], measure_headers, rows, file_label, "text-dump-layout")
    for number, text in unplaced:
        findings.append(Finding(WARNING, "table.not-extracted",
                                f"the value {text!r} stands where the line's other value of that column stands; "
                                "not published", file=file_label, line=number,
                                hint="check the row in the PDF; a curation correction can place the value"))
    return table, findings


def _pages(grid: _Grid) -> list[_Grid]:
    """The table's parts under each printing of its header, each with its own columns (a later
    page can set them elsewhere); the whole table as one where the parts do not agree on the
    number of columns."""
    starts = sorted(i for i in grid.repeated if i - 1 not in grid.repeated)
    if not starts:
        return [grid]
    bounds = [0] + starts + [len(grid.lines)]
    parts = []
    for a, b in zip(bounds, bounds[1:]):
        if not any(a <= i < b for i in grid.data_at):
            return [grid]
        parts.append(_grid(grid.lines[a:b]))
    return parts if all(p.m == grid.m and p.k == grid.k and p.year_label == grid.year_label for p in parts) else [grid]


def _grid(lines: list[Line]) -> _Grid:
    parsed = [segments(l.text) for l in lines]
    data_at = [i for i, segs in enumerate(parsed) if _is_data(segs)]
    first_data = _first_row_start(lines, parsed, data_at[0])
    counts = [sum(1 for s in parsed[i] if s.value) for i in data_at]
    m = max(set(counts), key=lambda c: (counts.count(c), c))
    ref = [i for i, c in zip(data_at, counts) if c == m]
    value_segs = {i: [s for s in parsed[i] if s.value] for i in data_at}
    # Leading columns of years only, in rows with no text label, are the label column ("2021  55  402").
    centers = [median(value_segs[i][j].center for i in ref) for j in range(m)]
    rights = [median(value_segs[i][j].end for i in ref) for j in range(m)]
    lefts = [min(value_segs[i][j].start for i in ref) for j in range(m)]
    year_label = not any(not s.value for i in data_at for s in parsed[i]) and m > 1 and all(
        _year(value_segs[i][0].text) for i in ref)
    if year_label:
        centers, rights, lefts = centers[1:], rights[1:], lefts[1:]
        m -= 1
    value_left = lefts[0]
    # A header repeated on a later page is not part of the body.
    header_texts = {" ".join(lines[i].text.split()) for i in range(first_data) if lines[i].text.strip()}
    repeated = {i for i in range(first_data, len(lines)) if " ".join(lines[i].text.split()) in header_texts}
    # Label column starts: where label cells of rows (and of the header) start.
    label_starts = sorted({s.start for i in range(len(lines)) if i not in repeated for s in parsed[i]
                           if not s.value and s.end <= value_left})
    clusters: list[list[int]] = []
    for start in label_starts:
        if clusters and start - clusters[-1][-1] <= 3:
            clusters[-1].append(start)
        else:
            clusters.append([start])
    # A column whose labels sit only between rows (a group label centred on its rows, wrapped) is a
    # label column too, when the header names it.
    header_starts = {s.start for i in range(first_data) for s in parsed[i] if not s.value and s.end <= value_left}
    row_starts = {s.start for i in range(first_data, len(lines)) if i not in repeated for s in parsed[i]
                  if not s.value and s.end <= value_left and (i in value_segs or s.start in header_starts)}
    columns = [c[0] for c in clusters if any(x in row_starts for x in c)] or [0]
    if year_label:
        columns = [0]
    return _Grid(lines, parsed, data_at, first_data, value_segs, m, centers, rights, value_left, year_label,
                 repeated, columns)


def _layout_header(grid: _Grid) -> tuple[list[str], list[tuple[str, ...]]]:
    """Label headers and measure header paths from the lines before the first row."""
    m, rights = grid.m, grid.rights
    header_lines = [i for i in range(grid.first_data) if grid.parsed[i]]
    one_line = _one_run_header(grid, header_lines)
    if one_line is not None:
        return one_line
    label_headers = [""] * grid.k
    measure_top: list[str] = [""] * m
    measure_text: list[list[str]] = [[] for _ in range(m)]
    for i in header_lines:
        segs = grid.parsed[i]
        label_part = [s for s in segs if s.end <= grid.value_left and any(abs(s.start - c) <= 3 for c in grid.columns)
                      and not (grid.year_label and s.start > 3)]
        measure_part = [s for s in segs if s not in label_part]
        for s in label_part:
            j = grid.label_column(s)
            label_headers[j] = (label_headers[j] + " " + s.text).strip()
        # A title belongs to the first column whose values end at or after its start: one that
        # starts a space after a column's values is the next column's (left-aligned titles over
        # right-aligned values).
        owners = [next((j for j in range(m) if rights[j] >= s.start), m - 1) for s in measure_part]
        if len(measure_part) == m and len(set(owners)) < m:
            owners = list(range(m))  # one title a column, drawn a little left of its values: in order
        spanning = (i == header_lines[0] and 2 <= len(measure_part) < m and m % len(measure_part) == 0
                    and len(header_lines) > 1)
        if spanning:
            width = m // len(measure_part)
            for j in range(m):
                measure_top[j] = measure_part[min(j // width, len(measure_part) - 1)].text
            continue
        for s, j in zip(measure_part, owners):
            last = next((x for x in range(m) if rights[x] >= s.end - 1), m - 1)
            parts = (repeated_titles(_units(s.text), last - j + 1) or _cut_units(_units(s.text), last - j + 1)) \
                if last > j else [s.text]
            if len(parts) != last - j + 1:
                parts = [s.text]
            for x, part in enumerate(parts):  # "Aanvragen Goedgekeurd Uitbetaald" over three columns
                measure_text[j + x].append(part)
    if len(header_lines) == 1 and not any(measure_top) and any(not text for text in measure_text):
        measure_text = _titles_in_order(measure_part, m) or measure_text
    if grid.k and not measure_text[0] and not measure_top[0]:
        # The label column's title and the first value column's run together, left of the values
        # ("Gemeente Aantal" over "Ieper 2.911"): the last title is the column's.
        units = _units(label_headers[-1])
        parts = _cut_units(units)
        if len(parts) == 1 and len(units) > 1 and m > 1 and _year(units[-1]) and measure_text[1] \
                and _year(measure_text[1][-1]):
            parts = [" ".join(units[:-1]), units[-1]]  # "Gemeente 2018" before "2019", "2020"
        if len(parts) > 1:
            label_headers[-1], measure_text[0] = " ".join(parts[:-1]), [parts[-1]]
    _spread_titles(measure_text)
    measure_headers = []
    for j in range(m):
        bottom = join_lines(measure_text[j]) or f"kolom {j + 1}"  # "Schooljaar 2019-" / "2020": one period
        measure_headers.append((measure_top[j], bottom) if measure_top[j] else (bottom,))
    if grid.year_label and not label_headers[0]:
        label_headers[0] = "jaar"
    return label_headers, measure_headers


def _titles_in_order(measure_part: list[Segment], m: int) -> list[list[str]] | None:
    """Titles that do not stand over their values (pdftotext squeezed some columns' values left,
    or ran titles together): where the line's words cut into one title a column, in order."""
    cells = _cut_units(_units(" ".join(s.text for s in measure_part)))
    return [[cell] for cell in cells] if len(cells) == m else None


def _one_run_header(grid: _Grid, header_lines: list[int]) -> tuple[list[str], list[tuple[str, ...]]] | None:
    """A header printed as one run of words over the label and value columns, without the gaps
    that place its titles ("Gemeente Q1 2021 Q2 2021 ..."): cut where titles plainly start, into
    one title a column."""
    lines = [i for i in header_lines if not CAPTION_RE.match(grid.lines[i].text.strip())]
    if len(lines) != 1 or grid.year_label:
        return None
    segs = grid.parsed[lines[0]]
    if len(segs) != 1 or not segs[0].start < grid.value_left < segs[0].end:
        return None
    units, need = _units(segs[0].text), grid.k + grid.m
    cells = _cut_units(units)
    if len(cells) != need and len(units) >= need:
        cells = _cut_units(units, need)
    if len(cells) != need:
        return None
    return cells[:grid.k], [(c,) for c in cells[grid.k:]]


def _spread_titles(measure_text: list[list[str]]) -> None:
    """A title cell next to columns without one, that plainly holds their titles too ("Q3 2021
    Q4 2021 Q1 2022" drawn left of the values it names, "Aantal dossiers €"; "juni juli" drawn
    over July's values, June's without a title): one title a column."""
    m = len(measure_text)
    for step in (1, -1):  # a title left of its values spreads forward; right of them, back
        for j in range(m):
            empty = 0
            while 0 <= j + step * (empty + 1) < m and not measure_text[j + step * (empty + 1)]:
                empty += 1
            if not measure_text[j] or not empty:
                continue
            parts = _cut_units(_units(" ".join(measure_text[j])))
            if len(parts) == empty + 1:
                first = j if step == 1 else j - empty
                for x, part in enumerate(parts):
                    measure_text[first + x] = [part]


def _layout_rows(grid: _Grid, unplaced: list[tuple[int, str]]) -> list:
    """Rows: one per line with values; text lines go to the nearest such line (or, in a column of
    group labels, to the rows of their group). A line with a value for every column gives them in
    order, wherever they stand (a later page can set the columns elsewhere); a value whose column
    already holds one of its line's goes to `unplaced` (line number, text), to be reported."""
    lines, parsed, data_at, k, m = grid.lines, grid.parsed, grid.data_at, grid.k, grid.m
    rows = {i: {"labels": [[] for _ in range(k)], "values": [None] * m, "lines": [i, i]} for i in data_at}
    group_fragments: dict[int, list[tuple[int, str]]] = {}
    own = [0] * k
    for i in data_at:
        cells = [s for s in parsed[i] if not (grid.year_label and s is grid.value_segs[i][0])
                 and (s.value or s.start >= grid.value_left - 1)]
        full = len(cells) == m
        for s in parsed[i]:
            if grid.year_label and s is grid.value_segs[i][0]:
                rows[i]["labels"][0].append((i, s.text))
                continue
            if s.value or s.start >= grid.value_left - 1:
                j = cells.index(s) if full else grid.column_of(s)
                if rows[i]["values"][j] is None:
                    rows[i]["values"][j] = s.text
                else:
                    unplaced.append((lines[i].number, s.text))
                continue
            j = grid.label_column(s)
            rows[i]["labels"][j].append((i, s.text))
            own[j] += 1
    groups = [j for j in range(k - 1) if own[j] < len(data_at)]
    ties = []
    for i in range(grid.first_data, len(lines)):
        if i in rows or not parsed[i] or i in grid.repeated:
            continue
        above = max((d for d in data_at if d < i), default=None)
        for s in parsed[i]:
            if s.start >= grid.value_left - 1:
                continue  # text in the value area of a line without values: nothing to attach
            j = grid.label_column(s)
            if j in groups:
                group_fragments.setdefault(j, []).append((i, s.text))
                continue
            near = [_nearest_row(lines, data_at, i, side) for side in (True, False)]
            if above is not None and _continues(_label(rows[above]["labels"][j]), s.text):
                _attach(rows, near[0], j, i, s.text)
            elif near[0] != near[1]:
                ties.append((i, j, s.text, near))  # as near to the row above as to the one below
            else:
                _attach(rows, near[1], j, i, s.text)
    for i, j, text, near in ties:
        _attach(rows, near[0] if _labels_come_again(rows, j, i, text, near) else near[1], j, i, text)
    for j in groups:
        _assign_groups(rows, data_at, j, group_fragments.get(j, []))
    out_rows = []
    for i in data_at:
        row = rows[i]
        labels = [_label(parts) for parts in row["labels"]]
        out_rows.append((labels, row["values"], (lines[row["lines"][0]].number, lines[row["lines"][1]].number),
                         lines[i].page))
    return out_rows


def _label(parts: list[tuple[int, str]]) -> str:
    """A label cell from its (line, text) fragments, in line order."""
    text = ""
    for _, fragment in sorted(parts):
        text = _join(text, fragment) if text else fragment
    return text


def _attach(rows: dict, target: int, j: int, i: int, text: str) -> None:
    rows[target]["labels"][j].append((i, text))
    rows[target]["lines"] = [min(rows[target]["lines"][0], i), max(rows[target]["lines"][1], i)]


def _labels_come_again(rows: dict, j: int, i: int, text: str, near: list[int]) -> bool:
    """Does a line as near to the row above as to the one below belong to the row above, because
    that gives both rows labels the table's other rows have (the inner labels of a grouped table
    come again in every group: "GO! onderwijs van de Vlaamse" / "Gemeenschap")? Where it does not
    tell, the row below (`_nearest_row`)."""
    above, below = near
    others = {_label(rows[x]["labels"][j]) for x in rows if x not in near}
    with_above = [_label(rows[above]["labels"][j] + [(i, text)]), _label(rows[below]["labels"][j])]
    with_below = [_label(rows[above]["labels"][j]), _label(rows[below]["labels"][j] + [(i, text)])]
    return sum(label in others for label in with_above) > sum(label in others for label in with_below)


def _first_row_start(lines: list[Line], parsed: list[list[Segment]], first_data: int) -> int:
    """Where the body starts: label text right above the first row with values, below a blank line
    that ends the header, is the first row's label wrapped above its values, not a header."""
    i = first_data
    while i > 0 and lines[i - 1].text.strip() and parsed[i - 1] and all(not s.value for s in parsed[i - 1]):
        i -= 1
    if i == first_data or i == 0 or lines[i - 1].text.strip() or not any(l.text.strip() for l in lines[:i]):
        return first_data
    return i


def _nearest_row(lines: list[Line], data_at: list[int], i: int, continues_above: bool = False) -> int:
    """The row a text line belongs to: the nearest, across no blank line if it can. Between a row
    above and one below as near, the one below (pdftotext sets a row's values level with the middle
    of its wrapped label, so the label's first line stands above them), unless the text plainly
    continues the label above (pypdf sets the values level with the label's first line)."""
    def cost(d: int) -> tuple[int, int]:
        low, high = sorted((d, i))
        blanks = sum(1 for x in range(low + 1, high) if not lines[x].text.strip())
        return (abs(d - i) + 10 * blanks, (d > i) if continues_above else (d < i))

    return min(data_at, key=cost)


# Words no label ends in: the row reader's joining words, and more
_CONNECTIVES = _JOINING | {"een", "te", "over", "door", "om", "onder", "zonder", "tegen", "na", "die", "dat", "der"}


def _continues(label: str, fragment: str) -> bool:
    """A label's wrapped line, not the start of the next label: it starts in lower case ("Officieel
    gesubsidieerd" / "onderwijs"), or the label so far ends in a word no label ends in ("GO!
    onderwijs van de" / "Vlaamse Gemeenschap") or a hyphen."""
    words = label.split()
    return bool(words) and (fragment[:1].islower() or words[-1].lower() in _CONNECTIVES or label.endswith(("-", ",")))


def _assign_groups(rows: dict, data_at: list[int], j: int, fragments: list[tuple[int, str]]) -> None:
    """Row-spanning labels of column j: consecutive fragment lines (with a row's own text in that
    column) make one group label, which covers the rows from halfway after the previous one."""
    pieces = sorted([(i, text, True) for i in data_at for _, text in rows[i]["labels"][j]]
                    + [(i, text, False) for i, text in fragments])
    groups: list[tuple[list[int], str, bool]] = []  # lines, text, all on rows' own lines
    for i, text, own in pieces:
        # consecutive lines make one label, unless both are rows' own lines (two groups of one line);
        # so do lines around a row that has no text of its own in this column ("Buitengewoon
        # secundair" / the row's values / "onderwijs": a group label wrapped around its row)
        around = groups and not groups[-1][2] and not own and all(
            x in rows and not rows[x]["labels"][j] for x in range(groups[-1][0][-1] + 1, i))
        if groups and (i - groups[-1][0][-1] <= 1 or (i - groups[-1][0][-1] == 2 and around)) \
                and not (own and groups[-1][2]):
            groups[-1] = (groups[-1][0] + [i], _join(groups[-1][1], text), groups[-1][2] and own)
        else:
            groups.append(([i], text, own))
    if not groups:
        return
    # The last group, one line on a row's own line, is that row's alone (a "Totaal" under the groups).
    alone = {}
    if len(groups) > 1 and len(groups[-1][0]) == 1 and groups[-1][0][0] in rows and (
            groups[-1][0][0] == data_at[-1] or TOTAL_RE.match(groups[-1][1])):
        alone[groups[-1][0][0]] = groups[-1][1]
    spanning = [(sum(g[0]) / len(g[0]), g[1]) for g in groups if not (len(g[0]) == 1 and g[0][0] in alone)]
    inner = [" ".join(t for _, t in rows[i]["labels"][j + 1]) for i in data_at if i not in alone]
    starts = [n for n, label in enumerate(inner) if inner and label == inner[0]]
    # Groups begin where the inner labels start again, if each group's label stands by its rows
    # (an inner label that merely comes again, as "Centrum" can, starts no group).
    by_start = len(starts) == len(spanning) > 1 and _labels_by_their_rows(
        [g[0] for g in spanning], [i for i in data_at if i not in alone], starts)
    position = 0
    for i in data_at:
        if i in alone:
            rows[i]["labels"][j] = [(i, alone[i])]
            continue
        if not spanning:
            continue
        if by_start:
            segment = max(s for s, start in enumerate(starts) if start <= position)
            text = spanning[segment][1]
        else:
            text = min(spanning, key=lambda g: abs(g[0] - i))[1]
        rows[i]["labels"][j] = [(i, text)]
        position += 1


def _labels_by_their_rows(centres: list[float], lines: list[int], starts: list[int]) -> bool:
    """Each group label's line lies within the lines of the rows its group would cover."""
    ends = starts[1:] + [len(lines)]
    return all(lines[a] - 1 <= centre <= lines[b - 1] + 1 for centre, a, b in zip(centres, starts, ends))


def _join(before: str, after: str) -> str:
    """Fragments of one wrapped label: 'Sint-Pieters-' + 'Leeuw'; 'Hoofd-' + 'doelgroep'."""
    if before.endswith("-") and after[:1].isupper():
        return before + after
    return join_lines([before, after], drop_wrap_hyphen=True)
