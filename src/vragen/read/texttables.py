"""Recover tables from text that has lost its grid (a pypdf-style dump of a Word PDF).

What the dump keeps of a table: one line per row (more when a cell wraps), the label first, the
numbers last. What it loses, and how we get it back:

- column boundaries in the header: split at capitalised words and codes (M3, 2023), then fitted
  to the number of measure columns the rows show;
- wrapped label cells: text-only lines before a row belong to its label ("Waarvan aan het werk
  als" + "werknemer37,30% ..."); a label runs into its first number ("Mentoringtrajecten512");
- row-spanning group cells: their text trails the numbers of one row of the group ("47,93%HOA",
  "174 LOA") or breaks with a hyphen ("Hoofd-" / "doelgroep"); groups are rebuilt from the period
  of the inner labels, or halfway between two group labels;
- several label columns ("Randstad Risesmart HOA"): split where the parts recur across rows.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import INFO, WARNING, Finding, Line, RawRow, RawTable, Section, join_lines
from ..numbers import EUR, MISSING_MARKERS, PERCENT, Quantity, is_year, parse_quantity
from . import cellorder, pdfheader
from .assemble import CAPTION_RE, LABEL_FOOTNOTE_RE
from .sentences import split_sentences

TOTAL_RE = re.compile(r"^(eind)?(sub)?tota(a)?l\b|^algemeen totaal\b|^som\b|^total\b", re.IGNORECASE)
_FOOTNOTE_RE = re.compile(r"^\s*(\*+|\(\d{1,2}\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\d{1,2}\)|bron\s*:|noot\s*:)", re.IGNORECASE)
_PAGE_FURNITURE_RE = re.compile(r"^\s*(pagina\s+)?\d{1,3}(\s*(/|van)\s*\d{1,3})?\s*$", re.IGNORECASE)
_CODE_RE = re.compile(r"^([A-Z]{1,2}\d{1,2}|Q[1-4]|T[1-4]|(19|20)\d\d(-(19|20)?\d\d)?)$")
_GLUED_LEFT_RE = re.compile(r"^(?P<word>.*?[^\W\d_]*[a-zà-ÿ][^\W\d_]*)(?P<num>[-−€]?\d.*)$")
_GLUED_RIGHT_RE = re.compile(r"^(?P<num>.*?\d%?|.*?%)(?P<word>[A-ZÀ-Ý][\w-]*)$")
_DIGIT_OR_PERCENT_RE = re.compile(r"[\d%]")  # what both glued patterns need
_SENTENCE_END = (".", ":", ";", "?", "!")

MAX_LABEL_WORDS = 12
MAX_TEXT_WORDS = 8


@dataclass(slots=True)
class Token:
    """A word of a line; a number's token is mostly its Quantity itself (`_number`)."""

    text: str
    quantity: Quantity | None = None

    @property
    def is_number(self) -> bool:
        return self.quantity is not None


def _number(text: str, quantity: Quantity) -> "Token | Quantity":
    """The token of a number: its quantity itself where that prints the same (nearly always)."""
    return quantity if quantity.text == text else Token(text, quantity)


@dataclass(slots=True)
class LineInfo:
    line: Line
    kind: str  # "row", "text", "prose" or "blank"
    label: tuple[str, ...] | list[str] = ()
    run: Sequence[Token | Quantity] = ()  # the row's numbers, in a tuple: never changed in place
    trailing: tuple[str, ...] | list[str] = ()
    text_cell: bool = False  # the run ends in text where a number belongs

    @property
    def words(self) -> list[str]:
        return self.line.text.split()


def _split_glued(word: str) -> list[Token]:
    """'Mentoringtrajecten512' -> word + number; '47,93%HOA' -> number + word."""
    if not _DIGIT_OR_PERCENT_RE.search(word):  # nothing glued (most words): neither pattern can match
        return [_word_or_number(word)]
    match = _GLUED_LEFT_RE.match(word)
    if match and len(re.sub(r"\W", "", match.group("word"))) >= 2:
        rest = _split_glued(match.group("num"))
        if rest and rest[0].is_number:
            return [Token(match.group("word"))] + rest
    match = _GLUED_RIGHT_RE.match(word)
    if match:
        quantity = parse_quantity(match.group("num"))
        if quantity is not None and quantity.value is not None:
            return [_number(match.group("num"), quantity), Token(match.group("word"))]
    return [_word_or_number(word)]


def _word_or_number(word: str) -> Token:
    quantity = parse_quantity(word)
    return _number(word, quantity) if quantity is not None and quantity.value is not None else Token(word)


_MARKER_RE = re.compile(r"\(\d{1,2}\)|\*+")  # fullmatch: a footnote marker after a number
_LETTERS_ABBREVIATED_RE = re.compile(r"(?<!\w)(\w\.){2,}$")
_EURO_HEADER_RE = re.compile(r"\beuro\b|\beur\b|bedrag|budget")


def tokenize(text: str) -> list[Token]:
    raw = text.split()
    tokens: list[Token] = []
    i = 0
    while i < len(raw):
        word = raw[i]
        # "€ 1.234,00", "37,30 %", "1.234 euro", "85 (1)": a number printed in two words.
        if word in ("€", "EUR") and i + 1 < len(raw):
            spaced = word + " " + raw[i + 1]  # one string for the token and its quantity
            joined = parse_quantity(spaced)
            if joined is not None and joined.value is not None:
                tokens.append(_number(spaced, joined))
                i += 2
                continue
        quantity = parse_quantity(word)
        if quantity is not None:
            if quantity.value is not None and i + 1 < len(raw) and (
                    raw[i + 1].rstrip("*") in ("%", "euro", "EUR") or _MARKER_RE.fullmatch(raw[i + 1])):
                spaced = word + " " + raw[i + 1]
                joined = parse_quantity(spaced) or parse_quantity(word + raw[i + 1])
                if joined is not None:
                    tokens.append(_number(spaced, joined))
                    i += 2
                    continue
            tokens.append(_number(word, quantity))
        else:
            tokens.extend(_split_glued(word))
        i += 1
    return tokens


_MONTHS = {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"}


_SCALE_WORDS = {"(x", "(×", "x", "×", "(in"}
_PARENTHESES_RE = re.compile(r"\([^()]{1,30}\)")
_NUMBERED_RE = re.compile(r"\b([A-Za-zÀ-ÿ]+) (\d{1,2})\b")


def _numbered_titles(words: list[str], run: list[Token]) -> bool:
    """"Indicator Ronde 1 Ronde 2 Ronde 3 Ronde 4": numbered column titles, the last number read
    as the line's only value. A word repeated with numbers counting up, the run that last number
    (two titles count from 1: "Ronde 1 Ronde 2", where a row's label would not repeat its word)."""
    pairs = _NUMBERED_RE.findall(" ".join(words))
    if len(run) != 1 or len(pairs) < 2:
        return False
    word, numbers = pairs[-1][0], [int(n) for w, n in pairs if w == pairs[-1][0]]
    return (len(numbers) >= 3 or numbers == [1, 2]) and numbers == list(range(numbers[0], numbers[0] + len(numbers))) \
        and run[0].text == pairs[-1][1] and word[:1].isupper()


def _header_like(word: str) -> bool:
    """A word as header cells start or hold them: a capital, a number, a symbol, a month."""
    return word[:1].isupper() or word[:1].isdigit() or word in ("%", "€", "#") or word.lower() in _MONTHS


def _date_parts(tokens: list[Token]) -> set[int]:
    """The day and the year of a date ("1 februari 2024", "juni 2023") and the year of a period
    ("Q4 2022", "T3 2024"): words of a label or a title, never a table's values."""
    parts: set[int] = set()
    for i, token in enumerate(tokens):
        if _PERIOD_RE.match(token.text) and i + 1 < len(tokens) and re.fullmatch(r"(19|20)\d\d", tokens[i + 1].text):
            parts.add(i + 1)
        if token.text.lower() in _MONTHS:
            if i + 1 < len(tokens) and re.fullmatch(r"(19|20)\d\d", tokens[i + 1].text):
                parts.add(i + 1)
            if i > 0 and re.fullmatch(r"[1-9]|[12]\d|3[01]", tokens[i - 1].text):
                parts.add(i - 1)
    return parts


def classify(line: Line) -> LineInfo:
    text = line.text.strip()
    if not text:
        return LineInfo(line, "blank")
    tokens = tokenize(text)
    dated = _date_parts(tokens)
    last = max((i for i, t in enumerate(tokens) if t.is_number and i not in dated), default=None)
    words = text.split()
    # "n.v.t.", "t.o.v.": an abbreviation of single letters ends no sentence
    ends_sentence = text.endswith(_SENTENCE_END) and not _LETTERS_ABBREVIATED_RE.search(text)
    if last is not None:
        first = last
        while first > 0 and tokens[first - 1].is_number and first - 1 not in dated:
            first -= 1
        # tuples: a long table has a LineInfo per row, and an empty tuple costs nothing
        run = tuple(tokens[first:last + 1])
        # A long table repeats its label words (towns, provinces, years): one string for each.
        label = tuple(sys.intern(t.text) for t in tokens[:first])
        trailing = tuple(t.text for t in tokens[last + 1:])
        has_value = any(t.quantity.value is not None for t in run)
        trailing_ok = not trailing or (
            len(trailing) <= 2 and (trailing[0][:1].isupper() or trailing[-1].endswith("-")))
        # "Begroting 2019 (x 1.000": a title's scale, wrapped before its unit, is no value
        label_ok = len(label) <= MAX_LABEL_WORDS and not any(
            label_word.endswith((".", ":", ";")) and len(label_word) > 3 for label_word in label) and not (
            label and label[-1].lower() in _SCALE_WORDS)
        if has_value and trailing_ok and not ends_sentence and label_ok and not _numbered_titles(words, run):
            return LineInfo(line, "row", label, run, trailing)
        if has_value and len(trailing) == 1 and trailing[0].isalpha() and not ends_sentence and label_ok:
            # "Limburg 78 onbekend": text where a number belongs. Only a row inside a table.
            text_cell = Token(trailing[0], Quantity(text=trailing[0], value=None, missing=trailing[0]))
            return LineInfo(line, "row", label, run + (text_cell,), (), text_cell=True)
    # "(x 1.000 euro)" inside a column title is its unit, not words of a sentence
    words = _PARENTHESES_RE.sub(" ", text).split() or words
    symbols = sum(w in ("%", "#", "€") or w.startswith("#") for w in words)
    if not ends_sentence and (len(words) <= MAX_TEXT_WORDS or symbols >= 2 or (
            len(words) <= 14 and sum(_header_like(w) for w in words) >= 0.6 * len(words)) or (
            # a wide header ("Provincie Q1 2023 Q2 2023 ... Q4 2024"): codes and capitals only
            len(words) <= 40 and all(w[:1].isupper() or is_code(w) or w in ("%", "€") for w in words))):
        return LineInfo(line, "text")
    return LineInfo(line, "prose")


# --- headers -----------------------------------------------------------------------------------


def is_code(token: str) -> bool:
    quantity = parse_quantity(token)
    return (quantity is not None and quantity.value is not None) or bool(_CODE_RE.match(token))


STRONG, MEDIUM, WEAK = 3, 2, 1


def _boundaries(tokens: list[str]) -> list[int]:
    """Strength of a cell boundary before each token.

    STRONG before a capitalised word or a code after a code ("2020 2021"); MEDIUM before a code
    after a capitalised word ("Provincie 2020", but also "Bedrag 2022"); WEAK before a code after a
    lower-case word ("opgestart in 2023"); none inside a lower-case phrase.
    """
    strengths = [0]
    for i in range(1, len(tokens)):
        token, previous = tokens[i], tokens[i - 1]
        if previous.endswith("-") or token.startswith("(") or token in ("%", "€"):
            strengths.append(0)
        elif is_code(token):
            strengths.append(STRONG if is_code(previous) else MEDIUM if previous[:1].isupper() else WEAK)
        elif token[:1].isupper():
            strengths.append(STRONG)
        elif is_code(previous):
            strengths.append(WEAK)
        else:
            strengths.append(0)
    return strengths


def _cut(tokens: list[str], cuts: set[int]) -> list[str]:
    cells, current = [], []
    for i, token in enumerate(tokens):
        if i in cuts and current:
            cells.append(" ".join(current))
            current = []
        current.append(token)
    return cells + [" ".join(current)] if current else cells


def split_header(tokens: list[str], wanted: int | None = None) -> list[str]:
    """Header words into cells; with `wanted`, weaker boundaries are used to reach that count."""
    if not tokens:
        return []
    strengths = _boundaries(tokens)
    cuts = {i for i, s in enumerate(strengths) if s >= MEDIUM}
    if wanted is not None and len(cuts) + 1 < wanted:
        for i in sorted((i for i, s in enumerate(strengths) if s == WEAK), reverse=True):
            cuts.add(i)
            if len(cuts) + 1 >= wanted:
                break
    return _cut(tokens, cuts)


def _shape(cell: str) -> tuple[bool, bool]:
    words = cell.split()
    return any(not is_code(w) for w in words), any(is_code(w) for w in words)


def _consistent(cells: list[str]) -> bool:
    """Measure headers of one shape: all codes (2020, M3), or all 'word code' (Bedrag 2022)."""
    shapes = {_shape(c) for c in cells if not TOTAL_RE.match(c)}
    return len(shapes) <= 1


def fit_header(tokens: list[str], measures: int) -> list[str]:
    """Cells of a one-line header with `measures` measure columns after at least one label."""
    strengths = _boundaries(tokens)
    strong = _cut(tokens, {i for i, s in enumerate(strengths) if s >= STRONG})
    medium = _cut(tokens, {i for i, s in enumerate(strengths) if s >= MEDIUM})
    candidates = [c for c in (strong, medium) if len(c) >= measures + 1]
    for cells in candidates:
        if _consistent(cells[-measures:]):
            return cells
    if candidates:
        return candidates[0]
    cells = split_header(tokens, wanted=measures + 1)
    if len(cells) < measures + 1 and len(tokens) == measures + 1:
        return list(tokens)  # one word a column ("maand jan feb mrt"): nothing else to go by
    return cells


def _merge_to(cells: list[str], count: int) -> list[str]:
    """Merge the leftmost cells until there are `count` (label headers that split too eagerly)."""
    cells = list(cells)
    while len(cells) > count and len(cells) > 1:
        cells[0:2] = [cells[0] + " " + cells[1]]
    return cells


# --- label columns -----------------------------------------------------------------------------


def _split_labels(labels: list[list[str]], columns: int) -> list[list[str]]:
    """Split each row's label words into `columns` cells where the parts recur across rows.

    Rows printing fewer words than columns continue a row-spanning cell from the row above.
    """
    if columns == 1:
        return [[" ".join(words)] for words in labels]
    prefixes, suffixes = Counter(), Counter()
    for words in labels:
        for s in range(1, len(words)):
            prefixes[" ".join(words[:s])] += 1
            suffixes[" ".join(words[s:])] += 1
    result: list[list[str]] = []
    previous: list[str] | None = None
    for words in labels:
        if len(words) < columns:
            inherited = (previous or [""] * columns)[: columns - max(len(words), 1)]
            tail = [" ".join(words)] if len(words) <= 1 else list(words[: columns - len(inherited)])
            row = inherited + tail
            row += [""] * (columns - len(row))
        else:
            best = max(range(1, len(words) - columns + 2),
                       key=lambda s: (prefixes[" ".join(words[:s])] + suffixes[" ".join(words[s:])], s))
            row = [" ".join(words[:best])] + _split_labels([words[best:]], columns - 1)[0] \
                if columns > 2 else [" ".join(words[:best]), " ".join(words[best:])]
        result.append(row)
        previous = row
    return result


def _group_rows(labels: list[str], anchors: dict[int, str]) -> list[str]:
    """Assign each row the row-spanning group label that trails one of its rows.

    Groups start where the first row's label recurs (inner labels repeat per group); when that
    does not give one group label per group, the boundary lies halfway between two group labels.
    """
    count = len(labels)
    starts = [i for i, label in enumerate(labels) if label == labels[0]]
    if len(starts) == len(anchors) and len(starts) > 1:
        bounds = starts[1:] + [count]
        groups, ok = [], True
        for start, stop in zip(starts, bounds):
            inside = [anchors[i] for i in anchors if start <= i < stop]
            if len(inside) != 1:
                ok = False
                break
            groups += [inside[0]] * (stop - start)
        if ok:
            return groups
    positions = sorted(anchors)
    groups = []
    for i in range(count):
        nearest = positions[0]
        for a, b in zip(positions, positions[1:]):
            if i > (a + b) // 2:
                nearest = b
        groups.append(anchors[nearest])
    return groups


def _without_header_again(entries: list[LineInfo], header: list[str]) -> list[LineInfo]:
    """Entries without the header's lines printed again: two or more of them in a row, in order."""
    if len(header) < 2:
        return entries
    texts = [" ".join(e.words) for e in entries]
    out, i = [], 0
    while i < len(entries):
        j = header.index(texts[i]) if texts[i] in header else -1
        n = 0
        while j >= 0 and i + n < len(texts) and j + n < len(header) and texts[i + n] == header[j + n]:
            n += 1
        if n >= 2:
            i += n
            continue
        out.append(entries[i])
        i += 1
    return out


def _wrapped_cells(lines: list[LineInfo]) -> tuple[list[list[LineInfo]], list[LineInfo]]:
    """Lines as cells: a line ending in a space wraps inside its cell (pypdf keeps that space),
    so a cell ends at a line without one; but a line that starts in lower case goes on with the
    cell before it (pypdf does not always keep the space: "Ambulante en mobiele begeleiding" /
    "thuis"). Returns the closed cells and the open tail."""
    cells, current = [], []
    for info in lines:
        if not current and cells and info.line.text[:1].islower():
            current = cells.pop()
        current.append(info)
        if not info.line.text.endswith(" "):
            cells.append(current)
            current = []
    return cells, current


def _leading_groups(header_lines: list[LineInfo], rows: list[tuple[list[LineInfo], LineInfo]]) -> \
        tuple[list[LineInfo], list[tuple[list[LineInfo], LineInfo]], list[str], tuple] | None:
    """Row groups whose label stands before the group's first row, as pypdf writes a cell that
    spans rows: "Gewoon " / "basisonderwijs" / "GO! onderwijs van de " / "Vlaamse Gemeenschap 112.408 ...".

    Taken only when later rows too start a group with one whole cell before their own label, and
    the header, without the first group's label, names two label columns. Returns the header
    lines, the rows with only their own label's wrapped lines as prefix, each row's group, and the
    header cells (two label headers, the measure headers).
    """
    if len(rows) < 3 or not any(prefix for prefix, _ in rows[1:]):
        return None  # no later row has lines before it, so none starts a group
    split = [_wrapped_cells(prefix) for prefix, _ in rows]
    later = [r for r in range(1, len(rows)) if split[r][0]]
    if not later or any(len(split[r][0]) != 1 for r in later) or len(split[0][0]) > 1:
        return None
    printed = {" ".join(h.words) for h in header_lines}
    named = [" ".join(x.line.text for x in split[r][0][0]).split() for r in later]
    if any(" ".join(words) in printed for words in named) or len({" ".join(w) for w in named}) < len(named):
        return None  # a header printed again after a page break; group labels do not recur
    m = _mode([len(row.run) for _, row in rows])
    header, first_open = list(header_lines), split[0][1]
    if split[0][0]:
        first_group = split[0][0][0]
    else:
        closed, tail = _wrapped_cells(header)
        if not closed:
            return None
        first_group = closed[-1]
        header = header[: header.index(first_group[0])]
        first_open = tail + first_open
        if len(closed) >= 3 and len(_cut_units(_header_units(header))) != m + 2:
            # pypdf did not keep the space after the first row's own first label line ("GO!
            # onderwijs van de Vlaamse" / "Gemeenschap 3.360 ..."): the cell before it is the group
            before = header[: header.index(closed[-2][0])]
            if len(_cut_units(_header_units(before))) == m + 2:
                header, first_group, first_open = before, closed[-2], closed[-1] + first_open
    units = _header_units(header)
    cells = _cut_units(units, m + 2) if len(units) >= m + 2 else []
    if len(cells) != m + 2:
        return None  # the header does not name two label columns and the values
    groups, current, out = [], "", []
    for r, (prefix, row) in enumerate(rows):
        closed, open_ = split[r]
        if r == 0:
            closed, open_ = [first_group], first_open
        if closed:
            current = join_lines([x.line.text for x in closed[0]], drop_wrap_hyphen=True)
        total = TOTAL_RE.match(" ".join(row.label)) if not open_ and not closed else None
        if total:  # "Eindtotaal Alle netten": a totals row belongs to no group
            words = row.label
            cut = len(total.group(0).split())
            groups.append(" ".join(words[:cut]))
            row = LineInfo(row.line, row.kind, words[cut:], row.run, row.trailing, row.text_cell)
        else:
            groups.append(current)
        out.append((open_, row))
    return header, out, groups, (cells[:2], [(c,) for c in cells[2:]])


def _header_units(header: list[LineInfo]) -> list[str]:
    """The header lines' units (captions left out), a line's trailing space kept on its last."""
    units: list[str] = []
    for info in header:
        if not CAPTION_RE.match(info.line.text):
            line_units = _units(info.line.text)
            units += line_units[:-1] + [line_units[-1] + (" " if info.line.text.endswith(" ") else "")]
    return units


# --- blocks ------------------------------------------------------------------------------------


@dataclass
class Block:
    header: list[LineInfo]  # candidate header lines (text lines, year-only rows)
    entries: list[LineInfo]  # rows and the text lines between them, from the first row on
    notes: list[LineInfo]


_JOINING = {"en", "van", "de", "het", "in", "op", "voor", "met", "of", "tot", "uit", "per", "aan", "bij", "naar"}


def _split_valueless_rows(rows: list[tuple[list[LineInfo], LineInfo]], findings: list[Finding],
                          file_label: str) -> list[tuple[list[LineInfo], LineInfo]]:
    """In a table whose labels do not wrap, a text line between rows is a row without values
    ("Limburg" with empty cells), unless it plainly goes on in the next line ("Oost-Vlaanderen
    (inclusief" / "Gent) 41")."""
    out = []
    for entry in rows:
        prefix, row = entry
        if not prefix:
            out.append(entry)
            continue
        kept = []
        for line in prefix:
            words = line.words
            continues = (words[-1].endswith(("-", "(", ",")) or words[-1].lower() in _JOINING
                         or line.line.text.count("(") > line.line.text.count(")")
                         or not (row.label or [""])[0][:1].isupper())
            if continues:
                kept.append(line)
                continue
            findings.append(Finding(WARNING, "table.ragged-row",
                                    f"the row {' '.join(words)!r} has no values; published with empty cells",
                                    file=file_label, line=line.line.number,
                                    hint="check the row in the PDF; a curation correction can fill the cells"))
            out.append(([], LineInfo(line.line, "row", words, [], [])))
        out.append((kept, row))
    return out


def _find_blocks(infos: list[LineInfo]) -> list[Block]:
    blocks: list[Block] = []
    i, n = 0, len(infos)
    while i < n:
        if infos[i].kind != "row" or infos[i].text_cell:
            i += 1
            continue
        start = i
        entries = [infos[i]]
        k = i + 1
        while k < n:
            info = infos[k]
            if info.kind == "row":
                entries.append(info)
                k += 1
                continue
            if info.kind == "blank":
                k += 1
                continue
            if info.kind == "text":
                # At most three cells of text between rows; a line ending in a space wraps inside
                # its cell (pypdf), so it does not count as one.
                t, cells = k, 0
                while t < n and infos[t].kind in ("text", "blank") and cells < 3:
                    cells += not infos[t].line.text.endswith(" ")
                    t += 1
                if t < n and infos[t].kind == "row":
                    entries.extend(x for x in infos[k:t] if x.kind == "text")
                    k = t
                    continue
            break
        rows = [e for e in entries if e.kind == "row"]
        # Text lines right before the first row: header, or the first row's wrapped label.
        header = []
        h = start - 1
        while h >= 0 and (infos[h].kind in ("text", "blank") or infos[h].text_cell or _is_year_row(infos[h])) \
                and len(header) < 16:
            if infos[h].kind != "blank":  # "op 1 januari", "2024": lines of a header cell
                if CAPTION_RE.match(infos[h].line.text):
                    break  # "Tabel 1: ..." names the table; it is not a header cell
                header.insert(0, infos[h])
            h -= 1
        notes = []
        while k < n and infos[k].kind != "blank" and _FOOTNOTE_RE.match(infos[k].line.text):
            notes.append(infos[k])
            k += 1
        lone_year = len(rows) == 1 and not rows[0].label and _is_year_row(rows[0])  # a header's "2024"
        if len(rows) >= 2 or (len(rows) == 1 and header and not lone_year):
            blocks.append(Block(header, entries, notes))
        i = k
    return blocks


def _is_year_row(info: LineInfo) -> bool:
    """A header line of years ("Provincie 2020 2021 2022 Totaal", "... 2024 Verschil"), not a row of
    counts: after the years at most two words, a total or a title."""
    trailing_ok = len(info.trailing) <= 2 and all(TOTAL_RE.match(w) or w[:1].isupper() for w in info.trailing)
    return info.kind == "row" and trailing_ok and all(
        t.quantity.value is not None and is_year(t.quantity) for t in info.run)


def unit_hint(header: str) -> str | None:
    lower = header.lower()
    if "%" in header or "percent" in lower or "procent" in lower or "aandeel" in lower:
        return PERCENT
    if "€" in header or _EURO_HEADER_RE.search(lower):
        return EUR
    return None


def _mode(values: list[int]) -> int:
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], v))


@dataclass
class _RowTexts:
    """A table's rows while they are read: label text and words, group labels printed at a row's end
    (row-spanning cells), the numbers, and the line each row's values stand on (numbers, not
    tuples: a long table has one a row)."""
    label_texts: list[str]
    label_words: list[list[str] | tuple[str, ...]]  # a row's own label tuple where nothing was added
    anchors: dict[int, str]
    runs: list[list[Token]]
    lines: list[int]
    first_line: int = 0  # the first row's first line (its wrapped label's, if it has one)

    def take_first_number_as_label(self, r: int) -> None:
        run = self.runs[r]
        self.label_texts[r] = run[0].text
        self.label_words[r] = [run[0].text]
        self.runs[r] = run[1:]


def build_table(block: Block, section: Section, index: int, file_label: str,
                after_line: int = 0) -> tuple[RawTable | None, list[Finding]]:
    findings: list[Finding] = []
    header_lines, rows = _header_and_rows(block)
    if not rows:  # only a header, printed again: no table (its numbers are reported as orphans)
        return None, findings
    header_lines, rows, groups, grouped_header = _grouped_and_wrapped(header_lines, rows, findings, file_label)
    texts = _row_texts(rows)
    _numeric_first_column(texts)
    m = _column_count(header_lines, texts, findings, file_label)
    if m == 0:  # every number went into a label: no values, no table (its lines are reported)
        return None, findings
    values = _values(texts, m, findings, file_label, all(row.line.spans for _, row in rows))
    label_headers, measure_headers = _headers(header_lines, rows, m, texts, groups, grouped_header)
    label_headers, labels = _label_columns(rows, texts, label_headers, groups)
    notes = [join_lines([n.line.text]) for n in block.notes] + _label_footnotes(labels)
    pages = [row.line.page for _, row in rows]
    del rows  # its (lines before, row) pairs go before the rows are made: a long table has one a row
    raw_rows = [RawRow(labels=labels[r], values=values[r], line=texts.lines[r], page=page)
                for r, page in enumerate(pages)]
    first_line = min([h.line.number for h in header_lines] + [texts.first_line])
    last_line = max([texts.lines[-1]] + [n.line.number for n in block.notes])
    if not header_lines:
        findings.append(Finding(WARNING, "table.no-header",
                                "table without a header line; columns get generated names",
                                file=file_label, line=first_line,
                                hint="name the columns in the answer's curation file"))
    table = RawTable(
        section=section.id,
        index=index,
        intro=intro_for(section, after_line, first_line),
        label_headers=label_headers,
        measure_headers=measure_headers,
        rows=raw_rows,
        notes=notes,
        lines=(first_line, last_line),
        pages=sorted({l.page for l in _block_lines(block, header_lines) if l.page is not None}),
    )
    return table, findings


def _header_and_rows(block: Block) -> tuple[list[LineInfo], list[tuple[list[LineInfo], LineInfo]]]:
    """The header lines, and each row with the text lines that precede it (its wrapped label)."""
    entries = list(block.entries)
    header_lines: list[LineInfo] = list(block.header)
    # Leading rows of years only are header lines ("Provincie 2020 2021 Totaal", "2023").
    while len([e for e in entries if e.kind == "row"]) > 1 and _is_year_row(entries[0]) \
            and (entries[0].label or header_lines or len(entries[0].run) > 1):
        header_lines.append(entries.pop(0))
    while entries and entries[0].kind == "text":  # text between a year header row and the first row
        header_lines.append(entries.pop(0))
    # A header of years printed again after a page break is not a row.
    # So is any line of a header that names its cells one per line ("Gemeente" / "op 1 januari " / ...).
    year_headers = {" ".join(h.words) for h in header_lines if h.kind == "row"}
    entries = [e for e in entries if not (_is_year_row(e) and " ".join(e.words) in year_headers)]
    entries = _without_header_again(entries, [" ".join(h.words) for h in header_lines])
    rows: list[tuple[list[LineInfo], LineInfo]] = []
    pending: list[LineInfo] = []
    for entry in entries:
        if entry.kind == "text":
            pending.append(entry)
        else:
            rows.append((pending or (), entry))  # (): all rows without lines before them share one
            pending = []
    return header_lines, rows


def _grouped_and_wrapped(header_lines: list[LineInfo], rows: list, findings: list[Finding], file_label: str):
    """Group labels printed ahead of their rows, and the first row's wrapped label when the header
    holds it: (header lines, rows, groups, the header a grouped table was read with)."""
    leading = _leading_groups(header_lines, rows)
    groups: list[str] = []
    grouped_header = None
    if leading is not None:
        header_lines, rows, groups, grouped_header = leading
    prefix_counts = [len(p) for p, _ in rows[1:]] if not groups else [0]
    p = _mode(prefix_counts) if prefix_counts else 0
    if p and len(header_lines) > p and all(h.kind == "text" for h in header_lines[-p:]):
        rows[0] = (header_lines[-p:], rows[0][1])
        header_lines = header_lines[:-p]
    # A header printed again after a page break is not the next row's label.
    printed_header = {" ".join(h.words) for h in header_lines}
    rows = [([x for x in entry[0] if " ".join(x.words) not in printed_header], entry[1]) if entry[0] else entry
            for entry in rows]  # a row without lines before it is kept as it is (a long table has thousands)
    if p == 0 and not groups:
        rows = _split_valueless_rows(rows, findings, file_label)
    return header_lines, rows, groups, grouped_header


def _row_texts(rows: list) -> _RowTexts:
    """Labels, trailing group labels (row-spanning cells) and numbers per row."""
    texts = _RowTexts([], [], {}, [], [])
    anchors = texts.anchors
    for r, (prefix, row) in enumerate(rows):
        prefix_lines = [x.line.text for x in prefix]
        if r > 0 and anchors.get(r - 1, "").endswith("-") and prefix_lines:
            # "58,67%Hoofd-" / "doelgroep": the group label goes on in the next text line.
            anchors[r - 1] = join_lines([anchors[r - 1], prefix_lines.pop(0)], drop_wrap_hyphen=True)
        if prefix_lines:
            text = join_lines(prefix_lines + [" ".join(row.label)], drop_wrap_hyphen=True)
            words = text.split()
        else:  # the label's own words, not copies of them: a long table has one per row
            text, words = " ".join(row.label), row.label
        texts.label_texts.append(text)
        texts.label_words.append(words)
        if row.trailing:
            anchors[r] = " ".join(row.trailing)
        texts.runs.append(row.run)  # shared: runs are replaced, never changed in place
        if r == 0:
            texts.first_line = prefix[0].line.number if prefix else row.line.number
        texts.lines.append(row.line.number)
    return texts


def _numeric_first_column(texts: _RowTexts) -> None:
    """A table whose rows have no text label has a numeric first column ("0 38": months, count).
    Also when only a totals row has a text label ("2021 4.218 ..." ... "Totaal 18.861 ...")."""
    runs = texts.runs
    unlabelled = [r for r, t in enumerate(texts.label_texts) if not t]
    if len(unlabelled) >= max(2, len(runs) - 1) and all(len(runs[r]) >= 2 for r in unlabelled) and all(
            len(runs[r]) == len(runs[unlabelled[0]]) - 1 for r in range(len(runs)) if r not in unlabelled):
        for r in unlabelled:
            texts.take_first_number_as_label(r)
    elif all(not t for t in texts.label_texts) and all(len(run) >= 2 for run in runs):
        for r in range(len(runs)):
            texts.take_first_number_as_label(r)


def _column_count(header_lines: list[LineInfo], texts: _RowTexts, findings: list[Finding], file_label: str) -> int:
    """How many value columns the table has; rows with spaces as thousands separators regrouped.

    A one-line header says how many columns there are: never more measures than it leaves room for.
    Spaces as thousands separators ("1 234") make a row look one value longer. A one-line header
    that leaves room for fewer values decides, but only when every long row then regroups exactly.
    A year at the end of a label ("Wateroverlast juli 2021 38 2.104 ...") is no value when the
    header leaves room for one value fewer."""
    runs, label_texts, label_words = texts.runs, texts.label_texts, texts.label_words
    m = _mode([len(run) for run in runs])
    if header_lines and m > 1:
        full = [run for run in runs if len(run) == m]
        cells = _cut_units(_units(" ".join(h.line.text for h in header_lines
                                            if not CAPTION_RE.match(h.line.text))))
        if len(cells) == m and full and all(is_year(run[0].quantity) for run in full) \
                and any(label_texts[r] for r in range(len(runs))):
            m -= 1
            for r, run in enumerate(runs):
                if len(run) > m and is_year(run[0].quantity):
                    label_texts[r] = " ".join([label_texts[r], run[0].text]).strip()
                    label_words[r] = [*label_words[r], run[0].text]
                    runs[r] = run[1:]
    if len(header_lines) == 1:
        room = len(split_header(header_lines[0].words)) - 1
        if 1 <= room < m and all(_regroup_spaced(run, room) for run in runs if len(run) > room):
            m = room
    for r, run in enumerate(runs):
        regrouped = _regroup_spaced(run, m) if len(run) > m else None
        if regrouped is not None:
            findings.append(Finding(
                INFO, "table.space-grouping",
                f"row {r + 1}: read {' | '.join(t.text for t in regrouped)} with spaces as thousands separators",
                file=file_label, line=texts.lines[r]))
            runs[r] = regrouped
    return m


def _values(texts: _RowTexts, m: int, findings: list[Finding], file_label: str,
            positioned: bool) -> list[Sequence[Quantity | None]]:
    """Each row's m values; numbers beyond m go to the label, a row short of values is placed or
    reported (`cellorder.short_row`; PDF lines, `positioned`, keep their order); both are reported."""
    values: list[Sequence[Quantity | None]] = []
    for r, run in enumerate(texts.runs):
        line = texts.lines[r]
        if len(run) > m:  # leading numbers belong to the label ("Subgroep 1 45")
            extra = [t.text for t in run[: len(run) - m]]
            if texts.label_texts[r]:
                findings.append(Finding(
                    WARNING, "table.number-in-label",
                    f"row {r + 1} has {len(run)} numbers where the table has {m} columns; {extra} read as part "
                    f"of the label {texts.label_texts[r]!r}", file=file_label, line=line,
                    hint="if a value is extra, correct the row in curation"))
            texts.label_texts[r] = " ".join([texts.label_texts[r]] + extra).strip()
            texts.label_words[r] = [*texts.label_words[r], *extra]
            run = run[len(run) - m:]
        # A run of quantities is the row's values as it stands (a tuple, shared: a long table has
        # one a row); a run holding other tokens gives their quantities.
        cells = run if all(type(t) is Quantity for t in run) else tuple(t.quantity for t in run)
        for cell in cells:
            if cell is not None and cell.value is None and cell.missing and cell.missing.lower() not in MISSING_MARKERS:
                findings.append(Finding(
                    WARNING, "table.text-in-numeric",
                    f"row {r + 1} has the text {cell.missing!r} where a number belongs; published empty",
                    file=file_label, line=line,
                    hint="check the cell in the PDF; a curation correction can give the value"))
        values.append(cells)
    short = [r for r, cells in enumerate(values) if len(cells) < m]
    if short:  # the columns' kinds only where a row needs them (a long table has thousands of rows)
        kinds = cellorder.column_kinds([[q.text if q else None for q in row] for row in values], m)
        for r in short:
            values[r] = cellorder.short_row(values[r], [q.text if q else None for q in values[r]], m, kinds,
                                            f"row {r + 1}", texts.lines[r], file_label, findings,
                                            keep_order=positioned)
    return values


def _headers(header_lines: list[LineInfo], rows: list, m: int, texts: _RowTexts, groups: list[str],
             grouped_header) -> tuple[list[str], list[list[str]]]:
    """Label headers and measure header paths; from the page's geometry where a PDF gives it."""
    placed = _header_by_position(header_lines, rows, m)
    if groups and len(grouped_header[1]) == m:
        return grouped_header
    if placed is not None and not texts.anchors:
        label_headers, measure_headers = placed
        if len(label_headers) > 1 and sum(len(w) >= len(label_headers) for w in texts.label_words) < max(
                1, len(texts.label_words) // 2):
            label_headers = _merge_to(label_headers, 1)
        return label_headers, measure_headers
    return _parse_header(header_lines, m, bool(texts.anchors), texts.label_words)


def _label_columns(rows: list, texts: _RowTexts, label_headers: list[str],
                   groups: list[str]) -> tuple[list[str], list[list[str]]]:
    """Each row's labels, one per label column (the label headers adjusted to a grouped table)."""
    k = len(label_headers)
    gapped = _labels_from_cuts(rows, k) if k > 1 and not groups else None
    if groups:
        if k != 2:
            label_headers = (_merge_to(label_headers, 2) + ["label"])[:2] if k > 2 else ["groep"] + label_headers
        return label_headers, [[g, t] for g, t in zip(groups, texts.label_texts)]
    if k == 1:
        return label_headers, [[t] for t in texts.label_texts]
    if gapped is not None:
        return label_headers, gapped
    if texts.anchors:
        inner = _split_labels(texts.label_words, k - 1)
        return label_headers, [[g] + rest for g, rest in zip(_group_rows(texts.label_texts, texts.anchors), inner)]
    return label_headers, _split_labels(texts.label_words, k)


def _label_footnotes(labels: list[list[str]]) -> list[str]:
    """"Limburg*": the footnote belongs to the label, not in it (the labels are cleaned in place)."""
    notes = []
    for row_labels in labels:
        for j, label in enumerate(row_labels):
            match = LABEL_FOOTNOTE_RE.match(label)
            if match:
                row_labels[j] = match.group(1)
                notes.append(f"{match.group(1)}: voetnoot {match.group(2)}")
    return notes


def _header_by_position(header_lines: list[LineInfo], rows: list[tuple[list[LineInfo], LineInfo]],
                        m: int) -> tuple[list[str], list[tuple[str, ...]]] | None:
    """The header read by where its words stand over the value columns (PDF lines only)."""
    header = [h.line for h in header_lines if not CAPTION_RE.match(h.line.text)]
    if not header or not all(line.spans for line in header):
        return None
    measured, widths = [], []
    for _, row in rows:
        run = [t.text for t in row.run]
        if len(run) == m:
            found = pdfheader.value_extents(row.line, run, row.trailing)
            if found is None:
                return None
            measured.append(found)
            widths += [(x1 - x0) / len(text) for (x0, x1), text in zip(found[0], run)]
    if not measured:
        return None
    # A digit is about half the font size wide: the size from the values' own widths.
    columns = pdfheader.measure_columns(measured, m, size=2 * sorted(widths)[len(widths) // 2])
    return pdfheader.header_cells(header, columns, m) if columns is not None else None


def _labels_from_cuts(rows: list[tuple[list[LineInfo], LineInfo]], k: int) -> list[list[str]] | None:
    """Label columns where the page shows them: the column gaps inside each row's label. Used only
    when every row's label splits into exactly k cells that way."""
    labels = []
    for prefix, row in rows:
        if prefix:
            return None
        cuts = {c for c in row.line.cuts if 0 < c < len(row.label)}
        cells = _cut(row.label, cuts) if row.label else []
        if len(cells) != k:
            return None
        labels.append(cells)
    return labels


def _regroup_spaced(run: list[Token], m: int) -> list[Token] | None:
    """'1 234 567' printed with spaces for thousands: join a number of one to three digits with the
    groups of exactly three digits after it, until the row has `m` values; None if it cannot."""
    tokens = list(run)
    i = 0
    while len(tokens) > m and i < len(tokens) - 1:
        head, group = tokens[i].text, tokens[i + 1].text
        if re.fullmatch(r"[-−]?\d{1,3}(\s\d{3})*", head) and re.fullmatch(r"\d{3}(,\d+)?%?", group):
            joined = head + " " + group
            quantity = parse_quantity(joined.replace(" ", "."))
            if quantity is None:
                return None
            tokens[i:i + 2] = [Token(joined, Quantity(text=joined, value=quantity.value, unit=quantity.unit))]
        else:
            i += 1
    return tokens if len(tokens) == m else None


def _block_lines(block: Block, header_lines: list[LineInfo]) -> list[Line]:
    return [i.line for i in header_lines + block.entries + block.notes]


_PERIOD_RE = re.compile(r"^(Q|T|K|S|H)[1-4]$")
_JOIN_AFTER = {"in", "op", "van", "de", "het", "per", "en", "t.o.v.", "tot", "voor", "met", "naar", "(x", "x", "aan"}
_DATE_UNIT_RE = re.compile(r"\b(\d{1,2}) (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                           r"november|december) ((19|20)\d\d)\b", re.IGNORECASE)


def _units(text: str) -> list[str]:
    """Words of a header line, a date ("1 februari 2023") kept as one unit."""
    text = _DATE_UNIT_RE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), " ".join(text.split()))
    return [w.replace("\u00a0", " ") for w in text.split(" ") if w]


def _boundary(a: str, b: str) -> int:
    """How likely a header cell ends between unit `a` and unit `b`."""
    score = 0
    if a.endswith(" ") or a.endswith("-") and not a.endswith(" -"):
        score -= 2  # a line wrapped inside a cell keeps its space (or hyphen) at the end
    a, b = a.strip(), b.strip()
    first = b[:1]
    if first.islower() or first == "(":
        score -= 2
    elif first.isupper() or first in "%#€":
        score += 2
    elif first.isdigit() and (a[-1:].isdigit() or a[-1:] == ")"):
        score += 2  # "2021 2022", "(x 1.000 euro) 2025": a number after a number starts a cell
    if a.split()[-1].lower() in _JOIN_AFTER or a in ("%", "#"):
        score -= 3
    if a.split()[-1].lower() in _MONTHS and b.lower() in _MONTHS:
        score += 4  # "januari februari maart": a month a column
    if _PERIOD_RE.match(a.split()[-1]) and re.fullmatch(r"(19|20)\d\d", b):
        score -= 4  # "Q1 2023", "T3 2024", "S1 2022": a period of a year is one cell
    return score


def _cut_units(units: list[str], need: int | None = None) -> list[str]:
    """Units into cells at the likeliest boundaries: every boundary that scores above zero, or
    exactly `need` cells."""
    if len(units) <= 1:
        return [" ".join(u.split()) for u in units]
    scores = [(_boundary(units[i - 1], units[i]), -i, i) for i in range(1, len(units))]
    if need is None:
        cuts = {i for score, _, i in scores if score > 0}
    else:
        cuts = {i for _, _, i in sorted(scores, reverse=True)[:max(0, need - 1)]}
    cells, current = [], []
    for i, unit in enumerate(units):
        if i in cuts and current:
            cells.append(" ".join(" ".join(current).split()))
            current = []
        current.append(unit)
    return cells + [" ".join(" ".join(current).split())]


def repeated_titles(units: list[str], need: int) -> list[str] | None:
    """`need` titles of one pattern printed as one text ("Begroting 2017 (x Begroting 2018 (x ..."
    , "Ronde 1 Ronde 2"): equal runs of units that start with the same word, or None."""
    if need < 2 or len(units) % need:
        return None
    width = len(units) // need
    runs = [units[j:j + width] for j in range(0, len(units), width)]
    if len({run[0] for run in runs}) != 1 or not runs[0][0][:1].isalpha():
        return None
    return [" ".join(" ".join(run).split()) for run in runs]


def _physical(lines: list[str]) -> list[str]:
    """Header lines with a wrap inside a cell joined ("Aantal " + "dossiers € Aantal ...")."""
    out: list[str] = []
    for text in lines:
        if out and out[-1].endswith(" ") and len(out[-1].split()) <= 3 and len(text.split()) > 3:
            out[-1] = out[-1] + text
        else:
            out.append(text)
    return out


def _header_by_units(lines: list[LineInfo], m: int) -> tuple[list[str], list[tuple[str, ...]]] | None:
    """Header cells from the likeliest cell boundaries (capitals, symbols, years after years; no
    boundary after a preposition or inside a wrapped line), tried as two levels, then as one."""
    texts = [l.line.text for l in lines if not CAPTION_RE.match(l.line.text)]
    if not texts or m < 1:
        return None
    physical = _physical(texts)
    if len(physical) >= 2:
        for b in range(len(physical) - 1, 0, -1):
            bottom = _cut_units(_units(physical[b]))
            if len(bottom) < m or len(physical[b].split()) < m:
                continue
            labels_bottom = bottom[: len(bottom) - m]
            bottom = bottom[len(bottom) - m:]
            top_units = _units(physical[b - 1])
            positive = len(_cut_units(top_units))
            for extra in range(3):  # the label header may stand in the top line ("Provincie 2022 2023")
                top = _cut_units(top_units, positive + extra) if extra else _cut_units(top_units)
                for k in range(0, len(top)):
                    groups = len(top) - k
                    labelled = b > 1 or k >= 1 or bool(labels_bottom)
                    if 1 < groups < m and m % groups == 0 and labelled:
                        width = m // groups
                        label_headers = [" ".join(physical[:b - 1])] if b > 1 else []
                        label_headers = [h for h in label_headers + top[:k] + labels_bottom if h] or ["label"]
                        return label_headers[:2], [(top[k + j // width], bottom[j]) for j in range(m)]
    if len(physical) == 1:
        units = _units(physical[0])
    else:
        units = []
        for text in physical:  # each line a unit, unless it plainly holds several cells
            cells = _cut_units(_units(text))
            units += cells[:-1] + [cells[-1] + (" " if text.endswith(" ") else "")] \
                if len(cells) > 1 and len(text.split()) > 3 else [text]
    cells = _cut_units(units)
    if len(cells) < m + 1:
        cells = _cut_units(units, m + 1)
    if len(cells) < m + 1:
        return None
    if len(cells) > m + 2:
        cells = [" ".join(cells[: len(cells) - m - 1])] + cells[len(cells) - m - 1:]
    return cells[: len(cells) - m], [(c,) for c in cells[len(cells) - m:]]


def _parse_header(lines: list[LineInfo], m: int, grouped: bool,
                  label_words: list[list[str]]) -> tuple[list[str], list[tuple[str, ...]]]:
    if len(lines) >= 1 and not (len(lines) == 1 and lines[0].line.cuts):
        found = _header_by_units(lines, m)
        if found is not None:
            label_cells, measures = found
            if len(label_cells) > 1 and not grouped:
                wide_enough = sum(len(words) >= len(label_cells) for words in label_words)
                if wide_enough < max(1, len(label_words) // 2):
                    label_cells = _merge_to(label_cells, 1)
            return label_cells, measures
    return _parse_header_by_strength(lines, m, grouped, label_words)


def _parse_header_by_strength(lines: list[LineInfo], m: int, grouped: bool,
                              label_words: list[list[str]]) -> tuple[list[str], list[tuple[str, ...]]]:
    token_lines = [l.words for l in lines]
    # A line of years only under a header line continues its last cell ("opgestart in" / "2023").
    merged: list[list[str]] = []
    for tokens in token_lines:
        if merged and len(tokens) == 1 and is_code(tokens[0]) and m == 1:
            merged[-1] = merged[-1] + tokens
        else:
            merged.append(tokens)
    if len(merged) >= 2:
        top, bottom = split_header(merged[0]), split_header(merged[1])
        if len(bottom) == m and m >= 2:
            for k in range(1, len(top)):
                groups = len(top) - k
                if m % groups == 0 and groups < m:
                    width = m // groups
                    return top[:k], [(top[k + j // width], bottom[j]) for j in range(m)]
        if len(bottom) > m >= 2 and m % len(top) == 0:
            width = m // len(top)
            return bottom[: len(bottom) - m], [(top[j // width], bottom[len(bottom) - m + j]) for j in range(m)]
        merged = [[t for tokens in merged for t in tokens]]
    tokens = merged[0] if merged else []
    cuts = lines[0].line.cuts if len(lines) == 1 else ()
    if cuts and len(cuts) + 1 >= m + 1:
        cells = _cut(tokens, set(cuts))  # column gaps measured on the page decide
    else:
        cells = fit_header(tokens, m) if tokens else []
    measure = cells[-m:] if len(cells) >= m else [f"kolom {j + 1}" for j in range(m)]
    label_cells = cells[: len(cells) - m] if len(cells) > m else []
    if not label_cells:
        label_cells = ["label"]
    k = len(label_cells)
    # More label columns than the rows can fill: the header split too eagerly.
    if k > 1 and not grouped:
        wide_enough = sum(len(words) >= k for words in label_words)
        if wide_enough < max(1, len(label_words) // 2):
            label_cells = _merge_to(label_cells, 1)
    return label_cells, [(h,) for h in measure]


def intro_for(section: Section, after_line: int, first_line: int) -> str:
    """The sentence that introduces the table: the last one before it (and after the previous
    table) that points at it."""
    before = [l.text for l in section.lines if after_line < l.number < first_line]
    captions = [text for text in before if CAPTION_RE.match(text)]
    if captions:
        return " ".join(captions[-1].split())  # the table's own caption says best what it is
    sentences = split_sentences(join_lines(before))
    for pattern in (r"tabel|hieronder|onderstaand", r"volgende|overzicht|verdeling|als volgt"):
        for sentence in reversed(sentences):
            if re.search(pattern, sentence, re.IGNORECASE):
                return sentence
    return sentences[-1] if sentences else ""


def _merge_continued(tables: list[RawTable], gaps: list[list[LineInfo]]) -> list[RawTable]:
    """Join a table that goes on after a page break: same header, only page furniture between."""
    merged: list[RawTable] = []
    for table, gap in zip(tables, gaps):
        previous = merged[-1] if merged else None
        if previous and gap is not None and all(_PAGE_FURNITURE_RE.match(g.line.text) or g.kind in ("blank", "text") for g in gap) \
                and len(gap) <= 4 and previous.label_headers == table.label_headers \
                and previous.measure_headers == table.measure_headers:
            previous.rows += table.rows
            previous.notes += table.notes
            previous.lines = (previous.lines[0], table.lines[1])
            previous.pages = sorted(set(previous.pages) | set(table.pages))
            continue
        merged.append(table)
    for i, table in enumerate(merged):
        table.index = i + 1
    return merged


def find_tables(section: Section, file_label: str) -> tuple[list[RawTable], list[tuple[int, int]], list[Finding],
                                                           list[Line]]:
    """All tables in one answer section, the spans of lines they take (first, last), findings, and
    the table-like lines that no table took."""
    infos = []
    for line in section.lines:
        info = classify(line)
        # A lone page number between rows is page furniture, not a row.
        if info.kind == "row" and not info.label and len(info.run) == 1 and not info.trailing \
                and _PAGE_FURNITURE_RE.match(line.text) and not is_year(info.run[0].quantity):
            info = LineInfo(line, "blank")
        infos.append(info)
    blocks = _find_blocks(infos)
    tables, findings, gaps = [], [], []
    spans: list[tuple[int, int]] = []
    previous_end = None
    for block in blocks:
        table, table_findings = build_table(block, section, len(tables) + 1, file_label,
                                            after_line=previous_end or 0)
        findings += table_findings
        if table is None:
            continue
        tables.append(table)
        gap = None
        if previous_end is not None:
            gap = [i for i in infos if previous_end < i.line.number < table.lines[0]]
        gaps.append(gap)
        previous_end = table.lines[1]
        spans.append(table.lines)
    # Lines that look like table rows but belong to no table: their numbers must not vanish.
    orphans = outside([i.line for i in infos if i.kind == "row" and not i.text_cell], spans)
    return _merge_continued(tables, gaps), spans, findings, orphans


def outside(lines: list[Line], spans: list[tuple[int, int]]) -> list[Line]:
    """The lines (in order) that no span (first, last line; in order) takes."""
    kept, spans_left = [], iter(spans)
    span = next(spans_left, None)
    for line in lines:
        while span is not None and span[1] < line.number:
            span = next(spans_left, None)
        if span is None or line.number < span[0]:
            kept.append(line)
    return kept
