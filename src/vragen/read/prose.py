"""Figures stated in the answer's running text ("voor 314 personen", "€551.504,58").

Years, dates, section references and ordinals are numbers but not figures; they are left out.

Cost: linear in the length of the text. Each figure looks only at a few words around it, finds
its line by moving forward through the paragraph's lines, and keeps at most `CONTEXT` characters
of its sentence (the words around the figure, when the sentence is longer), so that prose without
full stops cannot make the output grow with the square of the input.
"""

from __future__ import annotations

import re

from ..model import Line, ProseFigure, Section, join_lines
from ..numbers import DUTCH_MONTHS, NUMBER_PATTERN, is_year, quantity_from_match
from .sentences import split_sentences

_FIGURE_RE = re.compile(r"(?<![\w/.,-])" + NUMBER_PATTERN + r"(?![\w/]|[.,]\d)")
_MONTHS = "|".join(DUTCH_MONTHS)
_DATE_AFTER_RE = re.compile(r"^\s*(" + _MONTHS + r")\b", re.IGNORECASE)
_REFERENCE_BEFORE_RE = re.compile(
    r"(nr\.?|nummer|vraag|artikel|art\.|punt|subgroep|groep|fase|perceel|lot|bijlage|hoofdstuk|"
    r"paragraaf|stap|ronde|versie|niveau|tabel|figuur|grafiek|bijlage|overzicht)\s*$", re.IGNORECASE)


CONTEXT = 600  # characters of a figure's sentence that are kept
_LOOK = 60  # characters before and after a figure that decide whether it is one


def _is_figure(sentence: str, match: re.Match) -> bool:
    quantity = quantity_from_match(match)
    after = sentence[match.end(): match.end() + _LOOK]
    before = sentence[max(0, match.start() - _LOOK): match.start()]
    if quantity.unit is None and is_year(quantity):
        return False
    if quantity.unit is None and _DATE_AFTER_RE.match(after):
        return False  # "30 april 2024"
    if quantity.unit is None and _REFERENCE_BEFORE_RE.search(before):
        return False  # "vraag nr. 695", "Subgroep 1"
    if quantity.unit is None and re.match(r"^\s*[)\]]", after) and not re.search(r"[<>≤≥]\s*$", before):
        return False  # "1)" as an ordinal
    return True


def find_figures(sections: list[Section], skip_lines: set[int]) -> list[ProseFigure]:
    figures: list[ProseFigure] = []
    for section in sections:
        lines = [l for l in section.lines if l.number not in skip_lines]
        # Paragraphs: runs of lines not interrupted by a table.
        runs: list[list[Line]] = []
        for line in lines:
            if runs and line.number == runs[-1][-1].number + 1:
                runs[-1].append(line)
            else:
                runs.append([line])
        for run in runs:
            text = join_lines(l.text for l in run)
            cursor = 0  # figures come in the order of the lines: the search only moves forward
            for sentence in split_sentences(text):
                for match in _FIGURE_RE.finditer(sentence):
                    if not _is_figure(sentence, match):
                        continue
                    quantity = quantity_from_match(match)
                    noun = re.match(r"\s*([^\W\d_][\w-]*)", sentence[match.end(): match.end() + _LOOK])
                    cursor = _line_index(run, match.group(0).strip(), cursor)
                    figures.append(ProseFigure(
                        section=section.id,
                        text=match.group(0).strip(),
                        quantity=quantity,
                        noun=noun.group(1) if noun else None,
                        sentence=_context(sentence, match),
                        line=run[cursor].number,
                    ))
    return figures


def _context(sentence: str, match: re.Match) -> str:
    """The sentence, or the words around the figure when the sentence is longer than CONTEXT."""
    if len(sentence) <= CONTEXT:
        return sentence
    half = (CONTEXT - len(match.group(0))) // 2
    start, end = max(0, match.start() - half), min(len(sentence), match.end() + half)
    return ("…" if start else "") + sentence[start:end].strip() + ("…" if end < len(sentence) else "")


def _line_index(run: list[Line], printed: str, cursor: int) -> int:
    """The first line from `cursor` on that prints the figure as a number of its own ("12" is not
    found in "12%" or "2012")."""
    pattern = re.compile(r"(?<![\w.,])" + re.escape(printed) + r"(?![\w%]|[.,]\d)")
    for i in range(cursor, len(run)):
        if pattern.search(run[i].text):
            return i
    return cursor
