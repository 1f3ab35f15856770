"""What a visitor types, as a safe FTS5 query.

FTS5 has its own query language (AND, OR, NOT, NEAR, column filters, `^`, parentheses, quotes); a
stray quote or a bare `AND` is a syntax error. So the visitor's text is never passed through: it
is cut into words (letters and digits), each word is quoted, a word ending in `*` stays a prefix
(`mentor*`), text between double quotes stays a phrase, and the words must all occur. Accents need
no handling here: the index's tokenizer (unicode61) folds them on both sides.
"""

from __future__ import annotations

import re
from collections import OrderedDict

_WORD_RE = re.compile(r"[^\W_]+(?:\*)?", re.UNICODE)
_PHRASE_RE = re.compile(r'"([^"]*)"')
MAX_TERMS = 12  # more words than any real search; a long paste should not make a huge query


def fts_query(text: str) -> str | None:
    """The FTS5 query for `text`, or None when it holds no word to search for."""
    terms: list[str] = []
    rest = text
    for phrase in _PHRASE_RE.findall(text):
        words = [w.rstrip("*") for w in _WORD_RE.findall(phrase)]
        if words:
            terms.append('"' + " ".join(words) + '"')
    rest = _PHRASE_RE.sub(" ", text)
    for word in _WORD_RE.findall(rest):
        prefix = word.endswith("*")
        word = word.rstrip("*")
        if word:
            terms.append(f'"{word}"' + ("*" if prefix and len(word) >= 2 else ""))
    return " ".join(terms[:MAX_TERMS]) or None


class Recent:
    """The last `size` results of an expensive question, by key. The database never changes while it
    is served, so a result stays true; a popular search is answered from memory."""

    def __init__(self, size: int = 256):
        self.size = size
        self.items: OrderedDict = OrderedDict()

    def get(self, key):
        if key in self.items:
            self.items.move_to_end(key)
            return self.items[key]
        return None

    def put(self, key, value) -> None:
        self.items[key] = value
        self.items.move_to_end(key)
        while len(self.items) > self.size:
            self.items.popitem(last=False)


def page_number(raw: str | None, pages: int) -> int:
    """The page asked for, within 1..pages (a number too large or not a number is no error)."""
    if not raw or not raw.isdigit() or len(raw) > 6:
        return 1 if not raw or not raw.isdigit() else max(1, pages)
    return min(max(1, int(raw)), max(1, pages))
