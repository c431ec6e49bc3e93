"""One record as rows of the corpus tables (a pure function: the loader only writes them).

Besides the record's own fields, each figure gets the sentence it came from (the evidence a
comparison shows), each target scope the unit it names (with GSO codes), and each table its cells
in tidy form (one row per cell, read in the column's number format).
"""

from __future__ import annotations

from typing import Any

from extractors.tables import Column, cell_value, columns, header_paths
from pipeline.corpus.citations import own_key, record_citations
from pipeline.corpus.database import fact_columns
from pipeline.corpus.evidence import Evidence, best_line, sentence
from pipeline.corpus.places import resolve_scope, unit_key
from pipeline.model.vietnamese import fold_text, match_key
from schemas.models import Check, PlanRecord, Responsibility, Span, Table, Target

Rows = dict[str, list[dict[str, Any]]]


def record_rows(record: PlanRecord, record_path: str, name: str) -> Rows:
    """Every table's rows for ``record`` (written to ``record_path``, file name ``name``)."""
    sha = record.source.sha256
    rows: Rows = {
        "documents": [document_row(record, record_path, name)],
        "texts": [{"sha256": sha, "text": record.text}],
        "citations": citation_rows(record, name),
    }
    for table, facts in (
        ("legal_references", record.references),
        ("targets", record.targets),
        ("responsibilities", record.responsibilities),
        ("sections", record.sections),
        ("zones", record.zones),
        ("checks", record.checks),
    ):
        cols = fact_columns(table)
        out = []
        for i, fact in enumerate(facts):
            row = {"sha256": sha, "ordinal": i}
            row.update({c.name: c.read(fact) for c in cols})
            row.update(_extra(table, fact, record))
            out.append(row)
        rows[table] = out
    rows["doc_tables"] = [table_row(sha, i, t) for i, t in enumerate(record.tables)]
    rows["table_cells"] = [cell for t in record.tables for cell in cell_rows(sha, t)]
    return rows


def document_row(record: PlanRecord, record_path: str, name: str) -> dict[str, Any]:
    meta, src = record.metadata, record.source
    loc, issuer, number, date = meta.locality, meta.issuer, meta.number, meta.date
    succ = loc.successor_2025 if loc else None
    return {
        "sha256": src.sha256,
        "record": name,
        "record_path": record_path,
        "source_path": src.path,
        "format": src.format,
        "pages": src.pages,
        "ocr": src.ocr,
        "needs_ocr": src.needs_ocr,
        "legacy_encoding": src.legacy_encoding,
        "schema_version": record.schema_version,
        "doc_type": meta.doc_type,
        "number": number.value if number else None,
        "number_type_code": number.type_code if number else None,
        "number_issuer_code": number.issuer_code if number else None,
        "issuer": issuer.name if issuer else None,
        "issuer_parent": issuer.parent if issuer else None,
        "issuer_kind": issuer.kind if issuer else None,
        "level": issuer.level if issuer else None,
        "issuer_inferred": issuer.inferred if issuer else None,
        "place": meta.place,
        "locality": loc.name if loc else None,
        "locality_type": loc.type if loc else None,
        "locality_code": loc.code if loc else None,
        "locality_key": unit_key(loc.name) if loc else None,
        "province": loc.province if loc else None,
        "province_code": loc.province_code if loc else None,
        "successor_province": succ.province if succ else None,
        "successor_province_code": succ.province_code if succ else None,
        "successor_note": succ.note if succ else None,
        "date": date.value if date else None,
        "date_precision": date.precision if date else None,
        "year": int(date.value[:4]) if date and date.value[:4].isdigit() else None,
        "period_start": meta.period.start if meta.period else None,
        "period_end": meta.period.end if meta.period else None,
        "title": meta.title,
        "signer": meta.signer.name if meta.signer else None,
        "signer_position": meta.signer.position if meta.signer else None,
        "signer_authority": meta.signer.authority if meta.signer else None,
        "recipients": meta.recipients or [],
        "own_key": own_key(record),
        "plan_key": plan_key(record),
        "n_targets": len(record.targets),
        "n_references": len(record.references),
        "n_responsibilities": len(record.responsibilities),
        "n_checks_failed": sum(c.status == "fail" for c in record.checks),
        "warnings": record.warnings,
    }


def plan_key(record: PlanRecord) -> str:
    """The same for every copy of one plan (its .docx, .pdf and .doc): issuer, number, date and
    title; a record that states none of them is a plan of its own."""
    meta = record.metadata
    parts = [
        (meta.issuer.name or "") if meta.issuer else "",
        meta.number.value if meta.number else "",
        meta.date.value if meta.date else "",
        (meta.title or "")[:120],
    ]
    if not any(parts):
        return record.source.sha256
    return "|".join(match_key(p).replace(" ", "") for p in parts)


def citation_rows(record: PlanRecord, name: str) -> list[dict[str, Any]]:
    rows = []
    for edge, doc, text in record_citations(name, record):
        rows.append(
            {
                "sha256": record.source.sha256,
                "key": edge.target,
                "relation": edge.relation,
                "mentions": edge.mentions,
                "span_start": edge.spans[0][0],
                "span_end": edge.spans[0][1],
                "spans": [{"start": s, "end": e} for s, e in edge.spans],
                "doc_type": doc.doc_type,
                "number": doc.number,
                "date": doc.date,
                "issuer": doc.issuer,
                "name": doc.name,
                "text": text,
            }
        )
    return rows


def _extra(table: str, fact: Any, record: PlanRecord) -> dict[str, Any]:
    if table == "targets":
        scope = _scope(fact, record)
        return {
            **_evidence(target_evidence(record.text, fact)),
            **scope,
            **comparison_keys(fact, scope),
        }
    if table == "checks":
        found = check_evidence(record.text, fact)
        return {
            "evidence_lines": [{"start": e.start, "end": e.end} for e in found],
            "evidence_text": [e.text for e in found],
        }
    if table in ("legal_references", "responsibilities"):
        return _evidence(span_evidence(record.text, fact))
    return {}


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {"evidence_start": ev.start, "evidence_end": ev.end, "sentence": ev.text}


def target_evidence(text: str, target: Target) -> Evidence:
    """The sentence of a body-text target; the table row of an appendix target."""
    if target.table:
        label = target.text.rsplit(":", 1)[0] if ":" in target.text else target.label
        return best_line(text, target.span.start, target.span.end, label)
    return sentence(text, target.span.start, target.span.end)


def span_evidence(text: str, fact: Responsibility | Any) -> Evidence:
    span: Span = fact.span
    return sentence(text, span.start, span.end)


def check_evidence(text: str, check: Check) -> list[Evidence]:
    """Each evidence span narrowed to the line that best matches the check's message (the unit
    row of a table that a check names), or the check's own span."""
    spans = check.evidence or ([check.span] if check.span else [])
    subject, _, rest = check.message.partition(":")
    focus, more = (subject, rest) if rest else (check.message, "")
    return [best_line(text, s.start, s.end, focus, more) for s in spans]


def _scope(target: Target, record: PlanRecord) -> dict[str, Any]:
    date = record.metadata.date.value if record.metadata.date else None
    unit = resolve_scope(target.scope, record.metadata.locality, date)
    if unit is None:
        return {
            "scope_type": None,
            "scope_name": None,
            "scope_level": None,
            "scope_code": None,
            "scope_province_code": None,
            "scope_district_code": None,
            "scope_key": None,
        }
    return {
        "scope_type": unit.type,
        "scope_name": unit.name,
        "scope_level": unit.level,
        "scope_code": unit.code,
        "scope_province_code": unit.province_code,
        "scope_district_code": unit.district_code,
        "scope_key": unit_key(unit.name),
    }


def comparison_keys(target: Target, scope: dict[str, Any]) -> dict[str, Any]:
    """What the indicator table groups a target by, worked out once at load: the unit it is
    for (GSO code, else the name), its year or period, and which way a change goes (stated, or
    read from an appendix column's label, "Tỷ lệ giảm")."""
    period = target.period
    when = (
        str(target.year)
        if target.year is not None
        else f"{period.start}–{period.end}"
        if period and period.start is not None and period.end is not None
        else ""
    )
    direction = None
    if target.kind == "change":
        label = fold_text(target.label)
        direction = (
            target.direction
            if target.direction in ("giảm", "tăng")
            else "giảm"
            if "giảm" in label
            else "tăng"
            if "tăng" in label
            else None
        )
    return {
        "scope_id": scope["scope_code"] or scope["scope_key"] or fold_text(target.scope or ""),
        "when_key": when,
        "change_direction": direction,
    }


def table_row(sha: str, index: int, table: Table) -> dict[str, Any]:
    return {
        "sha256": sha,
        "ordinal": index,
        "table_id": table.id,
        "caption": table.caption,
        "page": table.page,
        "header_rows": len(table.header),
        "body_rows": len(table.rows),
        "columns": max((len(r) for r in table.header + table.rows), default=0),
        "span_start": table.span.start,
        "span_end": table.span.end,
    }


def cell_rows(sha: str, table: Table) -> list[dict[str, Any]]:
    """Tidy cells: the row's label and the column's header path on every cell."""
    cols, paths = columns(table), header_paths(table)
    out = []
    for i, row in enumerate(table.rows):
        label = (row[1] if len(row) > 1 and row[1].strip() else row[0] if row else "").strip()
        for j, cell in enumerate(row):
            col = cols[j] if j < len(cols) else None
            out.append(
                {
                    "sha256": sha,
                    "table_id": table.id,
                    "row_index": i,
                    "column_index": j,
                    "row_label": label,
                    "header": paths[j] if j < len(paths) else "",
                    "text": cell,
                    "number": _number(cell, col),
                }
            )
    return out


def _number(cell: str, column: Column | None) -> float | None:
    """The cell as a number in its column's format; None for text and malformed numbers
    ("2.1.", a list item's mark)."""
    if column is None:
        return None
    try:
        return cell_value(cell, column)
    except ValueError:
        return None
