"""How to cite an answer or one of its tables: as a sentence on the page, and as BibTeX, RIS and
CSL-JSON for reference managers. The minister is the author of the answer; the parliament's
document is the source; the portal page is where the table was read; the project publishes it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from .catalogue import PUBLISHER_NAME


@dataclass
class Citation:
    key: str  # e.g. vragen-2023-2024-418-trajecten-per-provincie
    author: str  # the minister who answered
    title: str
    question: str  # "Schriftelijke vraag nr. 418 (2023-2024) van Robrecht Bothuyne"
    issued: str  # ISO date of the question
    document_url: str | None  # the parliament's document
    portal_url: str  # the stable page here
    accessed: str  # ISO date the page was read

    @property
    def text(self) -> str:
        source = f" Document: {self.document_url}." if self.document_url else ""
        return (f"{self.author}, “{self.title}”, antwoord op {self.question[0].lower()}{self.question[1:]}, "
                f"Vlaams Parlement, {self.issued}.{source} Via {PUBLISHER_NAME}, {self.portal_url} "
                f"(geraadpleegd op {self.accessed}).")


def citation(answer: dict, portal_url: str, table: dict | None = None, today: date | None = None) -> Citation:
    question = f"Schriftelijke vraag nr. {answer['number']} ({answer['session']})"
    if answer.get("asker"):
        question += f" van {answer['asker']}"
    title = f"{table['title']} (uit: {answer['title']})" if table else answer["title"]
    key = "vragen-" + re.sub(r"[^a-z0-9]+", "-", (table or answer)["id"].lower()).strip("-")
    return Citation(key=key, author=answer.get("minister") or "Vlaamse Regering", title=title, question=question,
                    issued=answer["date"], document_url=answer.get("pdf_url") or answer.get("page_url"),
                    portal_url=portal_url, accessed=(today or date.today()).isoformat())


def _bibtex_text(text: str) -> str:
    return re.sub(r"([{}%&$#_~^\\])", r"\\\1", text)


def bibtex(c: Citation) -> str:
    fields = [("author", "{" + _bibtex_text(c.author) + "}"), ("title", _bibtex_text(c.title)),
              ("howpublished", _bibtex_text(f"Antwoord op {c.question[0].lower()}{c.question[1:]}, Vlaams Parlement")),
              ("year", c.issued[:4]), ("month", str(int(c.issued[5:7]))), ("date", c.issued),
              ("publisher", _bibtex_text(PUBLISHER_NAME)), ("url", c.portal_url), ("urldate", c.accessed)]
    if c.document_url:
        fields.append(("note", _bibtex_text(f"Document van het Vlaams Parlement: {c.document_url}")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{c.key},\n{body}\n}}\n"


def ris(c: Citation) -> str:
    lines = [("TY", "GOVDOC"), ("AU", c.author), ("TI", c.title), ("T2", f"Antwoord op {c.question[0].lower()}"
             f"{c.question[1:]}"), ("PB", "Vlaams Parlement"), ("PY", c.issued[:4]), ("DA", c.issued.replace("-", "/")),
             ("UR", c.portal_url), ("Y2", c.accessed.replace("-", "/")), ("LA", "nl"), ("DB", PUBLISHER_NAME)]
    if c.document_url:
        lines.append(("L1", c.document_url))
    return "".join(f"{tag}  - {' '.join(str(value).split())}\r\n" for tag, value in lines) + "ER  - \r\n"


def csl_json(c: Citation) -> str:
    item = {"id": c.key, "type": "report", "author": [{"literal": c.author}], "title": c.title,
            "genre": f"Antwoord op {c.question[0].lower()}{c.question[1:]}", "publisher": "Vlaams Parlement",
            "issued": {"date-parts": [[int(part) for part in c.issued.split("-")]]}, "URL": c.portal_url,
            "accessed": {"date-parts": [[int(part) for part in c.accessed.split("-")]]}, "language": "nl",
            "source": PUBLISHER_NAME}
    if c.document_url:
        item["note"] = f"Document: {c.document_url}"
    return json.dumps([item], ensure_ascii=False, indent=1)


FORMATS = {  # suffix: (writer, media type)
    "bib": (bibtex, "application/x-bibtex; charset=utf-8"),
    "ris": (ris, "application/x-research-info-systems; charset=utf-8"),
    "csl.json": (csl_json, "application/vnd.citationstyles.csl+json; charset=utf-8"),
}
