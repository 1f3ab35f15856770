"""Figures stated in the answer's running text ("voor 314 personen", "€551.504,58").

Years, dates, section references and ordinals are numbers but not figures; they are left out.
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


def _is_figure(sentence: str, match: re.Match) -> bool:
    quantity = quantity_from_match(match)
    after = sentence[match.end():]
    before = sentence[: match.start()]
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
            for sentence in split_sentences(text):
                for match in _FIGURE_RE.finditer(sentence):
                    if not _is_figure(sentence, match):
                        continue
                    quantity = quantity_from_match(match)
                    noun = re.match(r"\s*([^\W\d_][\w-]*)", sentence[match.end():])
                    figures.append(ProseFigure(
                        section=section.id,
                        text=match.group(0).strip(),
                        quantity=quantity,
                        noun=noun.group(1) if noun else None,
                        sentence=sentence,
                        line=_line_of(run, match.group("core")),
                    ))
    return figures


def _line_of(run: list[Line], core: str) -> int:
    for line in run:
        if core in line.text:
            return line.number
    return run[0].number
