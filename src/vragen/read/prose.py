"""Figures stated in the answer's running text ("voor 314 personen", "€551.504,58").

A figure is a statistic: an amount, a count or a percentage. Numbers that only name or bound
something are left out: years, dates, references ("vraag nr. 695"), ordinals and list markers
("1)", "2.a)"), time horizons ("na 3, 6 en 9 maanden", "binnen 30 dagen") and age bounds
("jonger dan 35 jaar", "(< 25 jaar)", "-25-jarigen"). A scale word is part of the figure:
"49,7 miljoen euro" is 49,700,000 EUR, not 49.7.

Cost: linear in the length of the text. Each figure looks only at a few words around it, finds
its line by moving forward through the paragraph's lines, and keeps at most `CONTEXT` characters
of its sentence (the words around the figure, when the sentence is longer), so that prose without
full stops cannot make the output grow with the square of the input.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Line, ProseFigure, Section, join_lines
from ..numbers import DUTCH_MONTHS, EUR, NUMBER_PATTERN, is_year, quantity_from_match
from .sentences import split_sentences

_FIGURE_RE = re.compile(r"(?<![\w/.,-])" + NUMBER_PATTERN + r"(?![\w/]|[.,]\d)")
_MONTHS = "|".join(DUTCH_MONTHS)
_DATE_AFTER_RE = re.compile(r"^\s*(" + _MONTHS + r")\b", re.IGNORECASE)
_REFERENCE_BEFORE_RE = re.compile(
    r"(nr\.?|nummer|vraag|artikel|art\.|punt|subgroep|groep|fase|perceel|lot|bijlage|hoofdstuk|"
    r"paragraaf|stap|ronde|versie|niveau|tabel|figuur|grafiek|bijlage|overzicht)\s*$", re.IGNORECASE)


_TIME_UNIT = r"(dag|dagen|week|weken|maand|maanden|kwartaal|kwartalen|jaar|jaren|uur|uren)\b"
_LIST_ON = r"(\s*(,|en|of|tot|à|-)\s*\d+)*"  # "3, 6 en 9": the rest of a list of numbers
# A horizon: a time preposition, a list of numbers and a time unit ("na 3, 6 en 9 maanden").
_HORIZON_BEFORE_RE = re.compile(r"\b(na|binnen|over|sinds|vanaf|tot|gedurende|elke|om de|per)\s+"
                                r"(\d+\s*(,|en|of|tot|à|-)\s*)*$", re.IGNORECASE)
_HORIZON_AFTER_RE = re.compile(r"^" + _LIST_ON + r"\s*" + _TIME_UNIT, re.IGNORECASE)
# An age bound: a comparison and years of age ("jonger dan 35 jaar", "< 25 jaar", "-25-jarigen").
_AGE_BEFORE_RE = re.compile(r"([<>≤≥]|\b(jonger|ouder)\s+dan|\bplus|\bmin)\s*-?$", re.IGNORECASE)
_AGE_AFTER_RE = re.compile(r"^\s*(jaar\b|-?\s*jarigen?\b)", re.IGNORECASE)
_LIST_MARKER_AFTER_RE = re.compile(r"^\.?[a-z]\)")  # "2.a)", "2b)"
_SCALE_RE = re.compile(r"\s+(miljoen|miljard|duizend)\b(\s+(euro|EUR)\b)?")
_SCALES = {"duizend": 10 ** 3, "miljoen": 10 ** 6, "miljard": 10 ** 9}

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
    if quantity.unit is None and _LIST_MARKER_AFTER_RE.match(after):
        return False  # "2.a)"
    if quantity.unit is None and _HORIZON_BEFORE_RE.search(before) and _HORIZON_AFTER_RE.match(after):
        return False  # "na 3, 6 en 9 maanden"
    if quantity.unit is None and _AGE_AFTER_RE.match(after) and (_AGE_BEFORE_RE.search(before)
                                                                 or re.match(r"^\s*-", after)):
        return False  # "jonger dan 35 jaar", "-25-jarigen"
    return True


def _scaled(sentence: str, match: re.Match):
    """The figure with its scale word: ("49,7 miljoen euro", 49700000 EUR, end of the words)."""
    quantity = quantity_from_match(match)
    scale = _SCALE_RE.match(sentence, match.end()) if quantity.value is not None else None
    if scale is None:
        return match.group(0).strip(), quantity, match.end()
    text = (match.group(0) + scale.group(0)).strip()
    unit = EUR if scale.group(3) else quantity.unit
    value = (quantity.value * _SCALES[scale.group(1).lower()]).normalize()
    value = value.quantize(1) if value == value.to_integral_value() else value
    return text, replace(quantity, text=text, value=value, unit=unit), scale.end()


def find_figures(sections: list[Section]) -> list[ProseFigure]:
    """The figures in the sections' text (the tables' lines are no longer in it)."""
    figures: list[ProseFigure] = []
    for section in sections:
        lines = section.lines
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
                    text, quantity, end = _scaled(sentence, match)
                    noun = re.match(r"\s*([^\W\d_][\w-]*)", sentence[end: end + _LOOK])
                    cursor = _line_index(run, match.group(0).strip(), cursor)
                    figures.append(ProseFigure(
                        section=section.id,
                        text=text,
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
    for i in range(cursor, len(run)):
        if _prints(run[i].text, printed):
            return i
    return cursor


_WORD_RE, _DIGIT_RE = re.compile(r"\w"), re.compile(r"\d")


def _prints(text: str, printed: str) -> bool:
    """Does `text` hold `printed` with no word character, dot or comma right before it, and no word
    character, "%" or decimal part right after it? (The lookarounds of a regex, without compiling
    one pattern per figure: that was a tenth of reading an answer.)"""
    start = text.find(printed)
    while start >= 0:
        end = start + len(printed)
        before, after, next_ = text[start - 1:start], text[end:end + 1], text[end + 1:end + 2]
        glued_before = before and (_WORD_RE.match(before) or before in ".,")
        decimals = after in ".," and next_ and _DIGIT_RE.match(next_)
        glued_after = after and (_WORD_RE.match(after) or after == "%" or decimals)
        if not glued_before and not glued_after:
            return True
        start = text.find(printed, start + 1)
    return False
