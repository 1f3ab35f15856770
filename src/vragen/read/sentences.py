"""Sentences of running Dutch text, without breaking at abbreviations like 't.e.m.' or 'nr.'."""

from __future__ import annotations

import re

ABBREVIATIONS = [
    "t.e.m.", "t.o.v.", "t.a.v.", "m.b.t.", "i.p.v.", "o.a.", "bv.", "bijv.", "enz.", "nr.", "nrs.",
    "excl.", "incl.", "ca.", "max.", "min.", "art.", "vs.", "resp.", "d.w.z.", "m.a.w.", "n.a.v.",
    "i.v.m.", "p.", "blz.", "e.d.", "mevr.", "dhr.", "n.b.", "n.v.t.", "t.e.m", "o.m.",
]
_PLACEHOLDER = "\u2024"  # one-dot leader: looks like a dot, never ends a sentence
_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9€“\"‘'(À-Ý●•-])")


# Each abbreviation's pattern, compiled once: every section and every table's lead-in is split.
_ABBREVIATION_RES = [(abbreviation, re.compile(r"(?i)(?<![\w.])" + re.escape(abbreviation)))
                     for abbreviation in ABBREVIATIONS]


def _folded(text: str) -> str:
    """The text as the case-blind patterns see it, one letter for one: an abbreviation the
    patterns can find in `text` is a plain substring of this. Python's case-blind matching also
    takes the dotless "ı" and the dotted "İ" (folded to "i" and a combining dot) for "i"."""
    return text.casefold().replace("ı", "i").replace("i\u0307", "i")


def _protect(match: re.Match) -> str:
    return match.group(0).replace(".", _PLACEHOLDER)


def split_sentences(text: str) -> list[str]:
    protected, folded = text, _folded(text)
    for abbreviation, pattern in _ABBREVIATION_RES:
        # Most texts hold few of the abbreviations: a substring test rules out the rest without a
        # regular expression. Protecting one leaves no new match for another (its dots go).
        if abbreviation in folded:
            protected = pattern.sub(_protect, protected)
    # "werd 2.a" or "a) ..." are not sentence ends either; nor is a decimal or a date dot.
    parts = _SPLIT_RE.split(protected)
    return [p.replace(_PLACEHOLDER, ".").strip() for p in parts if p.strip()]
