"""A few RDF triples written as Turtle and as JSON-LD, for the DCAT-AP catalogue.

The catalogue is small and regular, so it is written directly rather than through an RDF library:
one list of triples, two serialisations. The tests parse both with rdflib and check that they are
the same graph and that it passes the DCAT-AP SHACL shapes.
"""

from __future__ import annotations

import json
from typing import NamedTuple
from urllib.parse import quote

PREFIXES = {
    "adms": "http://www.w3.org/ns/adms#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class Literal(NamedTuple):  # tuples: hashed in C, for the 800,000 triples of a large catalogue
    value: str
    datatype: str | None = None  # a prefixed name, e.g. "xsd:date"
    lang: str | None = None


class IRI(NamedTuple):
    value: str


Term = IRI | Literal
Triple = tuple[IRI, str, Term]  # subject, predicate as a prefixed name, object


def iri(url: str) -> IRI:
    """An IRI from a URL whose path or query may hold spaces or accents (a label in a path)."""
    return IRI(quote(url, safe=":/?#[]@!$&'()*+,;=%-._~"))


def _turtle_literal(literal: Literal) -> str:
    text = (literal.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))
    if literal.lang:
        return f'"{text}"@{literal.lang}'
    if literal.datatype:
        return f'"{text}"^^{literal.datatype}'
    return f'"{text}"'


def _turtle_term(term: Term) -> str:
    return f"<{term.value}>" if isinstance(term, IRI) else _turtle_literal(term)


def _grouped(triples: list[Triple]) -> dict[IRI, dict[str, list[Term]]]:
    """Objects per predicate per subject, in first-seen order, each once (a dict keeps the order and
    finds a repeat at once: the catalogue lists ten thousand datasets under one subject)."""
    subjects: dict[IRI, dict[str, dict[Term, None]]] = {}
    for subject, predicate, obj in triples:
        subjects.setdefault(subject, {}).setdefault(predicate, {})[obj] = None
    return {s: {p: list(objects) for p, objects in predicates.items()} for s, predicates in subjects.items()}


def turtle(triples: list[Triple], grouped: dict | None = None) -> str:
    lines = [f"@prefix {p}: <{u}> ." for p, u in PREFIXES.items()] + [""]
    for subject, predicates in (grouped or _grouped(triples)).items():
        parts = [f"  {'a' if p == 'rdf:type' else p} " + ", ".join(
            o.value if p == "rdf:type" else _turtle_term(o) for o in objects) for p, objects in predicates.items()]
        lines.append(f"<{subject.value}>\n" + " ;\n".join(parts) + " .\n")
    return "\n".join(lines)


def _json_term(term: Term) -> dict:
    if isinstance(term, IRI):
        return {"@id": term.value}
    node = {"@value": term.value}
    if term.lang:
        node["@language"] = term.lang
    elif term.datatype:
        node["@type"] = term.datatype  # a compact IRI, expanded by the context's prefixes
    return node


JSON_LD_START = '{"@context":{'  # a server may write "@base" right after it (findable.py)


def json_ld(triples: list[Triple], grouped: dict | None = None) -> str:
    """Compact JSON-LD: predicates and types as prefixed names the context expands, one value
    without a list (a catalogue of ten thousand answers is a third of the size of the expanded form)."""
    graph = []
    for subject, predicates in (grouped or _grouped(triples)).items():
        node: dict = {"@id": subject.value}
        for predicate, objects in predicates.items():
            values = [o.value for o in objects] if predicate == "rdf:type" else [_json_term(o) for o in objects]
            node["@type" if predicate == "rdf:type" else predicate] = values[0] if len(values) == 1 else values
        graph.append(node)
    text = json.dumps({"@context": PREFIXES, "@graph": graph}, ensure_ascii=False, separators=(",", ":"))
    assert text.startswith(JSON_LD_START)
    return text


def turtle_and_json_ld(triples: list[Triple]) -> tuple[str, str]:
    """Both serialisations from one grouping of the triples (the grouping is most of the work)."""
    grouped = _grouped(triples)
    return turtle(triples, grouped), json_ld(triples, grouped)
