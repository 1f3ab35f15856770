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


def split_sentences(text: str) -> list[str]:
    protected = text
    for abbreviation in ABBREVIATIONS:
        protected = re.sub(r"(?i)(?<![\w.])" + re.escape(abbreviation),
                           lambda m: m.group(0).replace(".", _PLACEHOLDER), protected)
    # "werd 2.a" or "a) ..." are not sentence ends either; nor is a decimal or a date dot.
    parts = _SPLIT_RE.split(protected)
    return [p.replace(_PLACEHOLDER, ".").strip() for p in parts if p.strip()]
