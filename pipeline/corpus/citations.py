"""Citations of one record: one edge per cited document with the strongest relation of its
mentions, and the key other plans cite the record itself by. The corpus database stores these
rows (``citations``); the citation graph is read back from there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.resolve.citations import citation_key
from schemas.models import RELATION_STRENGTH, PlanRecord


@dataclass
class CitedDocument:
    key: str
    doc_type: str | None = None
    number: str | None = None
    date: str | None = None
    issuer: str | None = None
    name: str | None = None
    record: str | None = None  # the record in this folder that is this document


@dataclass
class Edge:
    source: str  # record file name
    target: str  # cited document key
    relation: str
    mentions: int = 1
    spans: list[tuple[int, int]] = field(default_factory=list)


def own_key(record: PlanRecord) -> str | None:
    """The key other plans would cite this record by."""
    meta = record.metadata
    if meta.number is None or not meta.number.number:
        return None
    year = meta.date.value[:4] if meta.date else None
    return citation_key(
        meta.number.value, year, meta.locality.province if meta.locality else None, None, None
    )


def record_citations(name: str, record: PlanRecord) -> list[tuple[Edge, CitedDocument, str]]:
    """One edge per document the record cites (the strongest relation of its mentions), with
    the cited document as this record describes it and the first mention's text."""
    edges: dict[str, tuple[Edge, CitedDocument, str]] = {}
    for ref in record.references:
        if not ref.key:
            continue
        found = edges.get(ref.key)
        if found is None:
            edge = Edge(name, ref.key, ref.relation, 1, [(ref.span.start, ref.span.end)])
            edges[ref.key] = (edge, CitedDocument(ref.key), ref.text)
            found = edges[ref.key]
        else:
            edge = found[0]
            edge.mentions += 1
            edge.spans.append((ref.span.start, ref.span.end))
            if RELATION_STRENGTH[ref.relation] > RELATION_STRENGTH[edge.relation]:
                edge.relation = ref.relation
        describe(found[1], ref.doc_type, ref.number, ref.date, ref.issuer, ref.name)
    return list(edges.values())


def describe(
    doc: CitedDocument,
    doc_type: str | None,
    number: str | None,
    date: str | None,
    issuer: str | None,
    name: str | None,
) -> None:
    """Fill what ``doc`` does not know yet from one more description; the longest issuer wins."""
    doc.doc_type = doc.doc_type or doc_type
    doc.number = doc.number or number
    doc.date = doc.date or date
    doc.name = doc.name or name
    if issuer and len(issuer) > len(doc.issuer or ""):
        doc.issuer = issuer
