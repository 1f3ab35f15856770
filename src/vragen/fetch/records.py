"""The parliament's open-data record of a written question, from XML (its default) or JSON.

The field names are the ones public clients of `ws.vlpar.be/e/opendata/schv/{id}` read; the shapes
were never captured here, so the parser is tolerant: it finds fields by name anywhere in the tree,
ignores case and `-`/`_`, and turns every missing or unreadable field into a warning naming the
record, never a crash.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as defused
from defusedxml import DefusedXmlException
from dataclasses import asdict, dataclass, field

from ..model import WARNING, Finding
from ..numbers import parse_dutch_date

PAGE_URL = "https://www.vlaamsparlement.be/parlementaire-documenten/schriftelijke-vragen/{id}"


@dataclass
class Record:
    id: str
    number: int | None = None
    session: str | None = None
    title: str | None = None
    theme: str | None = None
    asker: str | None = None
    minister: str | None = None
    asked: str | None = None  # ISO date the question was put
    answered: str | None = None  # ISO date of the answer, when answered
    status: str | None = None  # the last step of procedureverloop
    pdf_urls: list[str] = field(default_factory=list)  # the answer document first, then its attachments
    answer_kind: str | None = None  # soort-antwoord
    in_time: bool | None = None  # tijdig

    @property
    def page_url(self) -> str:
        return PAGE_URL.format(id=self.id)

    @property
    def is_answered(self) -> bool:
        return bool(self.answered) or bool(self.status and "beantwoord" in self.status.lower())

    def as_dict(self) -> dict:
        return asdict(self) | {"page_url": self.page_url}


def _key(name: str) -> str:
    return re.sub(r"[-_\s]", "", name).lower()


MAX_DEPTH = 32  # a record is a few levels deep


def _depth(tree) -> int:
    """How deep a parsed record nests (without recursion: a hostile one nests thousands deep)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack += [(child, depth + 1) for child in children]
    return deepest


def _tree_from_xml(text: str):
    def convert(element):
        children = list(element)
        if not children:
            return (element.text or "").strip()
        out: dict = {}
        for child in children:
            tag = child.tag.split("}")[-1]
            out.setdefault(tag, []).append(convert(child))
        return {k: v[0] if len(v) == 1 else v for k, v in out.items()}

    root = defused.fromstring(text, forbid_dtd=True)
    return convert(root)


def _mappings(tree):
    """Every mapping in a parsed record, depth first."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))


def _find(tree, name: str) -> list:
    """Every value stored under `name` (any depth, any case, - or _ alike)."""
    wanted, found = _key(name), []
    for mapping in _mappings(tree):
        for key, value in mapping.items():
            if _key(key) == wanted:
                found.extend(value if isinstance(value, list) else [value])
    return found


def _text(value) -> str | None:
    if isinstance(value, dict):
        return None
    text = str(value).strip() if value is not None else ""
    return text or None


def _person(values: list) -> str | None:
    for value in values:
        if isinstance(value, dict):
            first, last = _text((_find(value, "voornaam") or [None])[0]), _text((_find(value, "naam") or [None])[0])
            joined = " ".join(p for p in (first, last) if p)
            if joined:
                return joined
        elif _text(value):
            return _text(value)
    return None


def _date(value) -> str | None:
    text = _text(value)
    if not text:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if match:
        return "-".join(match.groups())
    match = re.match(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        return f"{int(match.group(3)):04d}-{int(match.group(2)):02d}-{int(match.group(1)):02d}"
    return parse_dutch_date(text)


def _steps(nodes) -> list[dict]:
    """The steps of procedureverloop, however nested: every mapping that has a status."""
    steps = []
    for mapping in _mappings(nodes):
        keys = {_key(k): v for k, v in mapping.items()}
        if "status" in keys:
            steps.append({"status": keys["status"], "datum": keys.get("datum")})
    return steps


def parse_record(record_id: str, body: str, content_type: str = "") -> tuple[Record, list[Finding]]:
    """A record from the raw response, XML or JSON (told apart by content type or first byte)."""
    findings: list[Finding] = []

    def warn(message: str) -> None:
        findings.append(Finding(WARNING, "record.field", f"record {record_id}: {message}",
                                hint="the parliament's data may have changed shape; the text's values are used"))

    tree = _parsed(record_id, body, content_type)
    record = Record(id=record_id)
    _read_identity(tree, record, warn)
    _read_people(tree, record, warn)
    _read_procedure(tree, record, warn)
    return record, findings


def _parsed(record_id: str, body: str, content_type: str):
    stripped = body.lstrip()
    try:
        if "json" in content_type or stripped.startswith(("{", "[")):
            tree = json.loads(stripped)
        else:
            tree = _tree_from_xml(stripped)
    except (ValueError, ET.ParseError, DefusedXmlException, RecursionError) as error:
        raise ValueError(f"record {record_id}: not readable as XML or JSON ({type(error).__name__}: "
                         f"{str(error)[:200]}); truncated?") from error
    if _depth(tree) > MAX_DEPTH:
        raise ValueError(f"record {record_id}: nested deeper than {MAX_DEPTH} levels; not a record")
    return tree


def _read_identity(tree, record: Record, warn) -> None:
    """Number, session, title, theme."""
    # The record's own key is `vraagnummer`; `nummer` is the search API's metatag name (older
    # shapes and our first fixtures used it).
    number = _text((_find(tree, "vraagnummer") or _find(tree, "nummer") or [None])[0])
    if number and number.isdigit():
        record.number = int(number)
    else:
        warn("no question number ('vraagnummer')")
    record.session = _text((_find(tree, "zittingsjaar") or [None])[0])
    if record.session and not re.fullmatch(r"\d{4}-\d{4}", record.session):
        warn(f"session year {record.session!r} is not like 2023-2024")
        record.session = None
    record.title = _text((_find(tree, "onderwerp") or [None])[0]) or _text((_find(tree, "titel") or [None])[0])
    if not record.title:
        warn("no title ('onderwerp' or 'titel')")
    themes = []
    for value in _find(tree, "thema") + _find(tree, "themas"):
        for item in value if isinstance(value, list) else [value]:
            name = _text((_find(item, "naam") or _find(item, "thema") or [None])[0]) if isinstance(item, dict) \
                else _text(item)
            if name and name not in themes:
                themes.append(name)
    record.theme = themes[0] if themes else None


def _read_people(tree, record: Record, warn) -> None:
    record.asker = _person(_find(tree, "vraagsteller"))
    record.minister = _person(_find(tree, "minister"))
    for name, value in (("vraagsteller", record.asker), ("minister", record.minister)):
        if not value:
            warn(f"no {name}")


def _read_procedure(tree, record: Record, warn) -> None:
    """Dates and status from the procedure, the documents, the kind of answer and its timeliness."""
    for item in _steps(_find(tree, "procedureverloop")):
        status = _text(item.get("status")) or ""
        when = _date(item.get("datum"))
        record.status = status or record.status
        if "gesteld" in status.lower() and when:
            record.asked = when
        if "beantwoord" in status.lower() and when:
            record.answered = when
    if not record.asked:
        warn("no date the question was put ('procedureverloop' with 'gesteld')")
    urls = []
    for value in _find(tree, "url"):
        text = _text(value)
        if text and re.match(r"https?://", text) and text not in urls:
            urls.append(text)
    record.pdf_urls = urls  # in `bestand-ordered` order: the answer document first, attachments after
    kind = _find(tree, "soort-antwoord")
    record.answer_kind = _text(kind[0]) if kind else None
    in_time = _find(tree, "tijdig")
    if in_time:
        record.in_time = str(in_time[0]).strip().lower() in ("true", "ja", "1", "yes")
