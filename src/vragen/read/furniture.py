"""Running headers, footers and page numbers: recognised by what they are, never by position alone.

A line is page furniture when it
- is a page number as printed ("pagina 3", "3 van 4", "3/4"; a bare number is not: in a dump that
  puts one cell per line, "45" is a value),
- holds a page count anywhere ("Vlaams Parlement — Schriftelijke vraag nr. 214 — pagina 2 van 4"),
- is the parliament's running header ("Vlaams Parlement - Antwoord op schriftelijke vraag nr. 214
  (2024-2025)"), which names the document it stands in, or
- recurs, digits aside, with four words or more, exactly one number and not ending in it (a table
  row ends in its values; a running line has a page or question number at most).

Cost: one pass to count, one to filter; linear in the number of lines.
"""

from __future__ import annotations

import re
from collections import Counter

PAGE_NUMBER_RE = re.compile(r"^\s*(pagina|page|p\.)\s*\d{1,4}(\s*(/|van|of)\s*\d{1,4})?\s*$"
                            r"|^\s*\d{1,4}\s*(/|van|of)\s*\d{1,4}\s*$", re.IGNORECASE)
_PAGE_COUNT_RE = re.compile(r"\bpagina\s+\d{1,4}\s*(van|/)\s*\d{1,4}\b", re.IGNORECASE)
_RUNNING_HEADER_RE = re.compile(r"^\s*vlaams\s+parlement\b.*\bnr\.?\s*\d+", re.IGNORECASE)
_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)*")


def _shape(text: str) -> str:
    return _NUMBER_RE.sub("#", " ".join(text.split())).lower()


def furniture_lines(texts: list[str]) -> set[int]:
    """Indexes of the lines in `texts` that are page furniture."""
    shapes = [_shape(t) for t in texts]
    counts = Counter(s for s in shapes if s)
    out = set()
    for i, text in enumerate(texts):
        stripped = text.strip()
        if not stripped or len(stripped) > 140:
            continue
        if PAGE_NUMBER_RE.match(stripped) or _PAGE_COUNT_RE.search(stripped):
            out.add(i)
        elif _RUNNING_HEADER_RE.search(stripped) and not stripped.endswith((".", ":", ";")):
            out.add(i)
        elif counts[shapes[i]] >= 2 and len(re.findall(r"[^\W\d_]{2,}", stripped)) >= 4 \
                and len(_NUMBER_RE.findall(stripped)) == 1 and not re.search(r"\d%?$", stripped):
            out.add(i)
    return out
