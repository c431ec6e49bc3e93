"""Citation graph over a folder of records: which plans cite which documents, with cited
documents resolved to records of the same folder when the folder holds them.

Nodes are cited documents (one per canonical key) and records. A number without a year in its
symbol (``61-NQ/TU``, ``721/KH-UBND``) repeats across years and provinces, so its key carries
the year and, for local issuers, the province of the citing plan; national codes (TTg, CP, TW,
ministries) do not need the province.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

from pipeline.model.grammar import symbol_key
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


@dataclass
class CitationGraph:
    records: dict[str, dict[str, str | None]] = field(
        default_factory=dict
    )  # record file -> summary
    documents: dict[str, CitedDocument] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


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


def record_summary(record: PlanRecord) -> dict[str, str | None]:
    meta = record.metadata
    return {
        "path": record.source.path,
        "doc_type": meta.doc_type,
        "number": meta.number.value if meta.number else None,
        "date": meta.date.value if meta.date else None,
        "issuer": meta.issuer.name if meta.issuer else None,
        "title": meta.title,
    }


def build_graph(records: dict[str, PlanRecord]) -> CitationGraph:
    """``records``: record file name -> record."""
    graph = CitationGraph()
    own_keys: dict[str, str] = {}
    for name, record in sorted(records.items()):
        graph.records[name] = record_summary(record)
        key = own_key(record)
        if key:
            own_keys[key] = name
    for name, record in sorted(records.items()):
        for edge, cited, _ in record_citations(name, record):
            doc = graph.documents.setdefault(edge.target, CitedDocument(edge.target))
            describe(doc, cited.doc_type, cited.number, cited.date, cited.issuer, cited.name)
            graph.edges.append(edge)
    for key, doc in graph.documents.items():
        doc.record = own_keys.get(key)
    return graph


def edge_rows(graph: CitationGraph) -> list[dict]:
    rows = []
    for edge in graph.edges:
        doc = graph.documents[edge.target]
        rows.append(
            {
                "source_record": edge.source,
                "source_number": graph.records[edge.source]["number"],
                "relation": edge.relation,
                "target_key": edge.target,
                "target_type": doc.doc_type,
                "target_number": doc.number,
                "target_date": doc.date,
                "target_issuer": doc.issuer,
                "target_name": doc.name,
                "target_record": doc.record,
                "mentions": edge.mentions,
            }
        )
    return rows


def write_graph(graph: CitationGraph, out: Path) -> list[Path]:
    """``citations.csv`` (edge list), ``citations.json`` (nodes and edges) and
    ``citations.graphml``."""
    out.mkdir(parents=True, exist_ok=True)
    rows = edge_rows(graph)
    csv_path = out / "citations.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=list(rows[0]) if rows else ["source_record", "target_key"]
        )
        writer.writeheader()
        writer.writerows(rows)
    json_path = out / "citations.json"
    json_path.write_text(
        json.dumps(
            {
                "records": graph.records,
                "documents": {k: vars(d) for k, d in sorted(graph.documents.items())},
                "edges": [vars(e) for e in graph.edges],
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    graphml_path = out / "citations.graphml"
    graphml_path.write_text(_graphml(graph), encoding="utf-8")
    return [csv_path, json_path, graphml_path]


def _graphml(graph: CitationGraph) -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '<key id="label" for="node" attr.name="label" attr.type="string"/>',
        '<key id="kind" for="node" attr.name="kind" attr.type="string"/>',
        '<key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
        '<graph id="citations" edgedefault="directed">',
    ]
    node_of: dict[str, str] = {}
    for name, rec in graph.records.items():
        node_of[f"record:{name}"] = name
        label = rec.get("number") or name
        lines.append(_node("record:" + name, label, "record"))
    for key, doc in graph.documents.items():
        if doc.record:
            continue  # the record node stands for it
        label = " ".join(x for x in (doc.doc_type, doc.number or doc.name) if x)
        lines.append(_node("doc:" + key, label, "document"))
    for i, edge in enumerate(graph.edges):
        doc = graph.documents[edge.target]
        target = f"record:{doc.record}" if doc.record else f"doc:{edge.target}"
        lines.append(
            f'<edge id="e{i}" source={quoteattr("record:" + edge.source)} '
            f"target={quoteattr(target)}>"
            f'<data key="relation">{edge.relation}</data></edge>'
        )
    lines += ["</graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def _node(node_id: str, label: str, kind: str) -> str:
    label_data = f'<data key="label">{_esc(label)}</data>'
    return f'<node id={quoteattr(node_id)}>{label_data}<data key="kind">{kind}</data></node>'


def _esc(text: str) -> str:
    return quoteattr(text)[1:-1]


def citing_records(graph: CitationGraph, number: str) -> dict[str, str]:
    """Records citing a number (any year or province): record -> relation."""
    wanted = symbol_key(number)
    out: dict[str, str] = {}
    for edge in graph.edges:
        cited = graph.documents[edge.target].number
        if cited and symbol_key(cited) == wanted:
            out[edge.source] = edge.relation
    return out
