"""Citation graph over a corpus: which plans cite which documents, with cited documents
resolved to the records of the corpus that are those documents. The graph is read from the corpus
database (tables ``citations`` and ``documents``, view ``cited_documents``) and exported as CSV,
JSON and GraphML.

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

import duckdb

from pipeline.corpus.citations import CitedDocument, Edge, own_key, record_citations
from pipeline.model.grammar import symbol_key
from schemas.models import PlanRecord

__all__ = ["CitationGraph", "CitedDocument", "Edge", "build_graph", "graph_from_database"]
__all__ += ["own_key", "record_citations", "write_graph", "edge_rows", "citing_records"]


@dataclass
class CitationGraph:
    records: dict[str, dict[str, str | None]] = field(
        default_factory=dict
    )  # record file -> summary
    documents: dict[str, CitedDocument] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def graph_from_database(con: duckdb.DuckDBPyConnection) -> CitationGraph:
    """The graph of every record loaded in the corpus database."""
    graph = CitationGraph()
    for record, path, doc_type, number, date, issuer, title in con.execute(
        "SELECT record, source_path, doc_type, number, date, issuer, title FROM documents"
        " ORDER BY record"
    ).fetchall():
        graph.records[record] = {
            "path": path,
            "doc_type": doc_type,
            "number": number,
            "date": date,
            "issuer": issuer,
            "title": title,
        }
    for key, doc_type, number, date, issuer, name, record in con.execute(
        "SELECT key, doc_type, number, date, issuer, name, record FROM cited_documents ORDER BY key"
    ).fetchall():
        graph.documents[key] = CitedDocument(key, doc_type, number, date, issuer, name, record)
    for record, key, relation, mentions, spans in con.execute(
        "SELECT d.record, c.key, c.relation, c.mentions, c.spans FROM citations c"
        " JOIN documents d USING (sha256) ORDER BY d.record, c.span_start"
    ).fetchall():
        graph.edges.append(
            Edge(record, key, relation, mentions, [(s["start"], s["end"]) for s in spans])
        )
    return graph


def build_graph(records: dict[str, PlanRecord]) -> CitationGraph:
    """``records``: record file name -> record (loaded into an in-memory corpus database)."""
    from pipeline.corpus.database import connect
    from pipeline.corpus.load import CorpusWriter

    con = connect(None)
    writer = CorpusWriter(con)
    for name, record in sorted(records.items()):
        writer.add(record, name)
    writer.close()
    return graph_from_database(con)


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
