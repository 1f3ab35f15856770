"""Dutch number notation to canonical values and units.

Answers print numbers the Flemish way: `1.234` (dot groups thousands), `551.504,58` (comma is the
decimal mark), `37,30%`, `€ 1.234,00`, and mark missing values with `-` or `n.b.`. We publish the
canonical form (`1234`, `551504.58`, `37.30`) and keep the unit apart, because Frictionless does
not implement `groupChar` for integers and programs should not have to know Dutch notation.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum


class Unit(StrEnum):
    """The one unit vocabulary of CSV, database and pages (a StrEnum: its members are the strings
    the data holds). The portal names each in Dutch and says which code the downloads use."""

    COUNT = "count"
    PERCENT = "percent"
    EUR = "EUR"

    @property
    def dutch(self) -> str:
        return {"count": "aantal", "percent": "procent", "EUR": "euro"}[self.value]


COUNT, PERCENT, EUR = Unit.COUNT, Unit.PERCENT, Unit.EUR

# Markers that stand where a value is missing. Kept as printed, published as an empty cell.
MISSING_MARKERS = {
    "-", "–", "—", "n.b.", "n.b", "nb", "n.v.t.", "n.v.t", "nvt", "x", "/", "…", "...", "?", "n/a",
}

SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"

# One number as printed: optional euro sign, sign, digits with dot groups or none, decimal comma,
# optional percent or "euro", optional footnote marker (*, ¹, (1)).
# A dot before one, two or four and more digits cannot group thousands: it is a decimal point, as
# in a cell typed the English way among Dutch ones ("51.0" next to "84,2").
_CORE = r"[-−+]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|(?P<dot>\d+\.(?:\d{1,2}|\d{4,})))"
_FOOT = r"(?:\*+|[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\(\d{1,2}\))"
NUMBER_PATTERN = (
    r"(?P<cur>€\s?|EUR\s)?(?P<core>" + _CORE + r")(?P<pct>\s?%)?(?P<eur>\s(?:euro|EUR)\b)?"
    r"(?P<foot>" + _FOOT + r")?"
)
_NUMBER_RE = re.compile(r"^\s*" + NUMBER_PATTERN + r"\s*$")


@dataclass(frozen=True, slots=True)  # hundreds of thousands in a big table
class Quantity:
    """A number as printed and as published."""

    text: str  # as printed, e.g. "€551.504,58"
    value: Decimal | None  # None when a missing marker stands in the cell
    unit: str | None = None  # PERCENT, EUR or None (a plain number; a count when whole)
    missing: str | None = None  # the marker as printed ("-", "n.b.")

    @property
    def footnote(self) -> str | None:
        """The footnote marker as printed ("*", "¹", "(1)"): read from the text when asked, which
        is seldom (a long table has a Quantity a cell, and a fifth field made each one a fifth larger)."""
        match = _NUMBER_RE.match(self.text) if self.value is not None else None
        return match.group("foot") if match else None

    # A number read from a line of text is its own token (texttables.Token: text, quantity,
    # is_number): a long table holds one per cell, and a wrapper for each cost a sixth of the
    # memory of reading it.
    @property
    def quantity(self) -> "Quantity":
        return self

    @property
    def is_number(self) -> bool:
        return True

    @property
    def is_integer(self) -> bool:
        return self.value is not None and self.value.as_tuple().exponent >= 0 and "," not in self.text

    @property
    def canonical(self) -> str:
        """The value as published in CSV: dot decimal, no grouping, printed precision kept."""
        if self.value is None:
            return ""
        return format(self.value, "f")


@functools.lru_cache(maxsize=8192)  # readers ask about the same cell text many times; a Quantity is immutable
def parse_quantity(text: str) -> Quantity | None:
    """Parse one printed number (or missing marker); None when `text` is not a number.

    >>> parse_quantity("551.504,58").canonical
    '551504.58'
    >>> parse_quantity("37,30%").unit
    'percent'
    """
    stripped = text.strip()
    if stripped.lower() in MISSING_MARKERS:
        return Quantity(text=stripped, value=None, missing=stripped)
    match = _NUMBER_RE.match(text)
    if not match:
        return None
    return quantity_from_match(match, stripped)


def quantity_from_match(match: re.Match, printed: str | None = None) -> Quantity:
    core = match.group("core").replace("−", "-")
    core = core if match.group("dot") else core.replace(".", "").replace(",", ".")
    try:
        value = Decimal(core)
    except InvalidOperation:  # pragma: no cover - the pattern only admits digits
        raise ValueError(f"not a number: {match.group(0)!r}")
    if value == 0:
        value = abs(value)  # "-0,00" prints as 0.00: no negative zero in published data
    unit = None
    if match.group("pct"):
        unit = PERCENT
    elif match.group("cur") or match.group("eur"):
        unit = EUR
    return Quantity(
        text=(printed if printed is not None else match.group(0)).strip(),
        value=value,
        unit=unit,
    )


YEAR_RE = re.compile(r"(19|20)\d\d")  # fullmatch: a year as printed, alone


def is_year(q: Quantity) -> bool:
    """A bare four-digit integer that reads as a year (as in a header or 'in 2023')."""
    return (
        q.value is not None
        and q.unit is None
        and YEAR_RE.fullmatch(q.text) is not None  # a footnote marker ("2023*") is no year
    )


DUTCH_MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}


def parse_dutch_date(text: str) -> str | None:
    """'30 april 2024' -> '2024-04-30'; None when it is not such a date."""
    match = re.fullmatch(r"\s*(\d{1,2})\s+([a-zA-Z]+)\s+(\d{4})\s*", text)
    if not match:
        return None
    month = DUTCH_MONTHS.get(match.group(2).lower())
    if month is None:
        return None
    day = int(match.group(1))
    if not 1 <= day <= 31:
        return None
    return f"{int(match.group(3)):04d}-{month:02d}-{day:02d}"
