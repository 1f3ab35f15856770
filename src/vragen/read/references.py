"""References to other written questions in a question or answer ("In antwoord op schriftelijke
vraag nr. 695 van 14 juni 2023 …"), so that the portal can link them.

A reference names a number and, usually, the day the question was asked; the day gives the
parliamentary year (zittingsjaar), which with the number identifies the question. Without a day the
year is unknown and no answer id is claimed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .sentences import split_sentences

MONTHS = {m: i for i, m in enumerate(["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                      "september", "oktober", "november", "december"], start=1)}
_DAY = r"(?P<day>\d{1,2})\s+(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>(?:19|20)\d\d)"
REFERENCE = re.compile(
    r"\bschriftelijke\s+vra(?:ag|gen)\s+(?:nr\.?|nummer|no\.?)\s*(?P<number>\d{1,5})\b"
    r"(?:\s*(?:\((?P<session>(?:19|20)\d\d-(?:19|20)\d\d)\))?\s*van\s+" + _DAY + r")?",
    re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    printed: str  # the words as they stand in the text
    number: int
    asked: str | None  # ISO date the referenced question was asked, when the text gives it
    session: str | None  # its parliamentary year, e.g. 2022-2023
    sentence: str

    @property
    def answer_id(self) -> str | None:
        return f"{self.session}-{self.number}" if self.session else None


def session_of(day: date) -> str:
    """The parliamentary year a day falls in: a new one opens on the fourth Monday of September."""
    first = date(day.year, 9, 1)
    opening = first + timedelta(days=(7 - first.weekday()) % 7 + 21)
    start = day.year if day >= opening else day.year - 1
    return f"{start}-{start + 1}"


def find_references(text: str) -> list[Reference]:
    found = []
    for sentence in split_sentences(text):
        for match in REFERENCE.finditer(sentence):
            asked = session = None
            if match.group("day"):
                try:
                    day = date(int(match.group("year")), MONTHS[match.group("month").lower()], int(match.group("day")))
                except ValueError:  # "31 februari": a typo names no day
                    day = None
                if day:
                    asked, session = day.isoformat(), session_of(day)
            session = match.group("session") or session
            found.append(Reference(match.group(0), int(match.group("number")), asked, session, sentence.strip()))
    return found
