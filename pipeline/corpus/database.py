"""The corpus database: one embedded DuckDB file (``corpus.duckdb``) holding every loaded record
as tables a researcher can query with SQL, keyed by the source file's sha256.

Tables: ``documents`` (one row per record: locality with GSO codes and 2025 successor, level,
dates, period), ``texts``, ``legal_references`` (every mention), ``citations`` (plan -> cited
document, strongest relation), ``targets`` (targets and baselines, with the sentence each came
from and the unit its scope names), ``doc_tables`` and ``table_cells`` (tidy: one row per cell),
``sections``, ``zones``, ``responsibilities``, ``checks``; derived from each record at load:
``indicator_rows`` and ``coverage_cells`` (see ``derived.py``). Views: ``cited_documents`` (one per
cited document, resolved to the record that is it when the corpus holds it) and ``plans`` (one
record per plan when a plan was loaded in several formats).
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from extractors.indicators import DATA as INDICATORS
from pipeline.corpus import derived
from pipeline.corpus.columns import Column, model_columns
from schemas.models import Check, Reference, Responsibility, Section, Target, Zone

DEFAULT_DB = "corpus.duckdb"
DB_VERSION = "1"

KEY = [("sha256", "VARCHAR"), ("ordinal", "INTEGER")]  # the record and the fact's place in it
SPAN_LIST = 'STRUCT("start" INTEGER, "end" INTEGER)[]'

DOCUMENTS = [
    ("sha256", "VARCHAR PRIMARY KEY"),
    ("record", "VARCHAR"),  # the record's file name
    ("record_path", "VARCHAR"),
    ("source_path", "VARCHAR"),
    ("format", "VARCHAR"),
    ("pages", "INTEGER"),
    ("ocr", "BOOLEAN"),
    ("needs_ocr", "BOOLEAN"),
    ("legacy_encoding", "VARCHAR"),
    ("schema_version", "VARCHAR"),
    ("doc_type", "VARCHAR"),
    ("number", "VARCHAR"),
    ("number_type_code", "VARCHAR"),
    ("number_issuer_code", "VARCHAR"),
    ("issuer", "VARCHAR"),
    ("issuer_parent", "VARCHAR"),
    ("issuer_kind", "VARCHAR"),
    ("level", "VARCHAR"),
    ("issuer_inferred", "BOOLEAN"),
    ("place", "VARCHAR"),
    ("locality", "VARCHAR"),
    ("locality_type", "VARCHAR"),
    ("locality_code", "VARCHAR"),
    ("locality_key", "VARCHAR"),  # the name without accents or spaces, for units GSO lacks
    ("province", "VARCHAR"),
    ("province_code", "VARCHAR"),
    ("successor_province", "VARCHAR"),
    ("successor_province_code", "VARCHAR"),
    ("successor_note", "VARCHAR"),
    ("date", "VARCHAR"),
    ("date_precision", "VARCHAR"),
    ("year", "INTEGER"),
    ("period_start", "INTEGER"),
    ("period_end", "INTEGER"),
    ("title", "VARCHAR"),
    ("signer", "VARCHAR"),
    ("signer_position", "VARCHAR"),
    ("signer_authority", "VARCHAR"),
    ("recipients", "VARCHAR[]"),
    ("own_key", "VARCHAR"),  # the key other plans cite this document by
    ("plan_key", "VARCHAR"),  # the same for every copy (format) of one plan
    ("n_targets", "INTEGER"),
    ("n_references", "INTEGER"),
    ("n_responsibilities", "INTEGER"),
    ("n_checks_failed", "INTEGER"),
    ("warnings", "VARCHAR[]"),
]
TEXTS = [("sha256", "VARCHAR PRIMARY KEY"), ("text", "VARCHAR")]
CITATIONS = [
    ("sha256", "VARCHAR"),
    ("key", "VARCHAR"),  # the cited document
    ("relation", "VARCHAR"),  # the strongest of its mentions: basis > implements > cites
    ("mentions", "INTEGER"),
    ("span_start", "INTEGER"),  # the first mention
    ("span_end", "INTEGER"),
    ("spans", SPAN_LIST),
    ("doc_type", "VARCHAR"),
    ("number", "VARCHAR"),
    ("date", "VARCHAR"),
    ("issuer", "VARCHAR"),
    ("name", "VARCHAR"),
    ("text", "VARCHAR"),  # the first mention as written
]
EVIDENCE = [("evidence_start", "INTEGER"), ("evidence_end", "INTEGER"), ("sentence", "VARCHAR")]
SCOPE = [
    ("scope_type", "VARCHAR"),
    ("scope_name", "VARCHAR"),
    ("scope_level", "VARCHAR"),
    ("scope_code", "VARCHAR"),
    ("scope_province_code", "VARCHAR"),
    ("scope_district_code", "VARCHAR"),
    ("scope_key", "VARCHAR"),
]
COMPARISON_KEYS = [
    ("scope_id", "VARCHAR"),  # the unit a target is for: GSO code, else its name; '' = the plan's
    ("when_key", "VARCHAR"),  # '2023', '2022–2025' or ''
    ("change_direction", "VARCHAR"),  # a change's direction: giảm / tăng, stated or from a label
]
DOC_TABLES = [
    *KEY,
    ("table_id", "VARCHAR"),
    ("caption", "VARCHAR"),
    ("page", "INTEGER"),
    ("header_rows", "INTEGER"),
    ("body_rows", "INTEGER"),
    ("columns", "INTEGER"),
    ("span_start", "INTEGER"),
    ("span_end", "INTEGER"),
]
TABLE_CELLS = [
    ("sha256", "VARCHAR"),
    ("table_id", "VARCHAR"),
    ("row_index", "INTEGER"),  # 0-based among the body rows
    ("column_index", "INTEGER"),
    ("row_label", "VARCHAR"),  # the row's unit or item (second cell, or first when alone)
    ("header", "VARCHAR"),  # the column's header path, merged cells carried ("A / B")
    ("text", "VARCHAR"),
    ("number", "DOUBLE"),  # the cell read in its column's number format, or null
]
CHECK_EVIDENCE = [("evidence_lines", SPAN_LIST), ("evidence_text", "VARCHAR[]")]

FACT_MODELS: dict[str, tuple[type, dict[str, str]]] = {
    "legal_references": (Reference, {}),
    "targets": (Target, {"table": "table_id", "min": "value_min", "max": "value_max"}),
    "responsibilities": (Responsibility, {}),
    "sections": (Section, {}),
    "zones": (Zone, {}),
    "checks": (Check, {"id": "check_id"}),
}
EXTRA = {
    "legal_references": EVIDENCE,
    "targets": EVIDENCE + SCOPE + COMPARISON_KEYS,
    "responsibilities": EVIDENCE,
    "checks": CHECK_EVIDENCE,
}


def fact_columns(table: str) -> list[Column]:
    model, rename = FACT_MODELS[table]
    return model_columns(model, rename)


def schema() -> dict[str, list[tuple[str, str]]]:
    """Every table's columns and SQL types, in order."""
    out = {"documents": DOCUMENTS, "texts": TEXTS, "citations": CITATIONS}
    for table in FACT_MODELS:
        cols = [(c.name, c.sql_type) for c in fact_columns(table)]
        own = {name for name, _ in cols}  # a field the models gain keeps its name and type
        out[table] = KEY + cols + [(n, t) for n, t in EXTRA.get(table, []) if n not in own]
    out["doc_tables"] = DOC_TABLES
    out["table_cells"] = TABLE_CELLS
    return out


def column_names(table: str) -> list[str]:
    return [name for name, _ in schema()[table]]


VIEWS = {
    # One record per plan: a plan loaded as .docx, .pdf and .doc is one plan; the copy with the
    # most targets speaks for it (then the format that reads best, then the name).
    "plans": """
        SELECT * EXCLUDE (rank_in_plan) FROM (
            SELECT d.*,
                   count(*) OVER (PARTITION BY plan_key) AS copies,
                   row_number() OVER (
                       PARTITION BY plan_key
                       ORDER BY n_targets DESC,
                                list_position(['docx', 'html', 'md', 'txt', 'pdf', 'doc'], format),
                                record
                   ) AS rank_in_plan
            FROM documents d
        ) WHERE rank_in_plan = 1
    """,
    # One row per cited document: its fullest description over every mention, and the record of
    # the corpus that is that document, when there is one.
    "cited_documents": """
        WITH own AS (
            SELECT own_key, arg_min(sha256, record) AS sha256, min(record) AS record
            FROM plans WHERE own_key IS NOT NULL GROUP BY own_key
        )
        SELECT c.key,
               first(c.doc_type ORDER BY d.record) FILTER (WHERE c.doc_type IS NOT NULL)
                   AS doc_type,
               first(c.number ORDER BY d.record) FILTER (WHERE c.number IS NOT NULL) AS number,
               first(c.date ORDER BY d.record) FILTER (WHERE c.date IS NOT NULL) AS date,
               first(c.issuer ORDER BY length(c.issuer) DESC, d.record)
                   FILTER (WHERE c.issuer IS NOT NULL) AS issuer,  -- the fullest, then the first
               first(c.name ORDER BY d.record) FILTER (WHERE c.name IS NOT NULL) AS name,
               count(DISTINCT d.plan_key) AS cited_by,
               any_value(own.sha256) AS sha256,
               any_value(own.record) AS record
        FROM citations c JOIN documents d USING (sha256) LEFT JOIN own ON own.own_key = c.key
        GROUP BY c.key
    """,
}


def connect(path: str | Path | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and create or bring up to date) the database; ``None`` is an in-memory one."""
    if path and not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path) if path else ":memory:", read_only=read_only)
    if not read_only:
        ensure_schema(con)
    return con


def table_names() -> list[str]:
    """Every table a corpus database holds: the records' own, the derived ones, the taxonomy."""
    return [*schema(), *derived.DERIVED, "indicators"]


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and add columns the models gained since the file was made; work
    out again the derived tables of an older file that lacks one of them or a column."""
    stale = False
    for table, cols in {**schema(), **derived.DERIVED}.items():
        if not _exists(con, table):
            body = ", ".join(f'"{n}" {t}' for n, t in cols)
            con.execute(f'CREATE TABLE "{table}" ({body})')
            stale = stale or table in derived.DERIVED
            continue
        have = {r[0] for r in con.execute(f'DESCRIBE "{table}"').fetchall()}
        for name, sql_type in cols:
            if name not in have:
                con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {sql_type}')
                stale = stale or table in derived.DERIVED
    for view, sql in VIEWS.items():
        con.execute(f'CREATE OR REPLACE VIEW "{view}" AS {sql}')
    load_indicators(con)
    con.execute("CREATE TABLE IF NOT EXISTS corpus_info (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT OR REPLACE INTO corpus_info VALUES ('db_version', ?)", [DB_VERSION])
    if stale:
        derived.refresh(con)


def _exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
    ).fetchone()
    return bool(row and row[0])


def load_indicators(con: duckdb.DuckDBPyConnection) -> None:
    """The indicator taxonomy (``extractors/data/indicators.json``) as a table, in its order."""
    data = json.loads(INDICATORS.read_text(encoding="utf-8"))
    rows = [
        (i, item["id"], item["label"], item.get("unit"), item.get("dimension"))
        for i, item in enumerate(data["indicators"])
    ]
    values = ", ".join("(?, ?, ?, ?, ?)" for _ in rows)
    con.execute(
        "CREATE OR REPLACE TABLE indicators AS SELECT * FROM (VALUES "
        + values
        + ") AS t(position, id, label, unit, dimension)",
        [v for row in rows for v in row],
    )


def export_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    """Every table and view as ``folder/<name>.parquet``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in [*table_names(), *VIEWS]:
        path = folder / f"{name}.parquet"
        con.execute(f"COPY (SELECT * FROM \"{name}\") TO '{_sql_path(path)}' (FORMAT parquet)")
        written.append(path)
    return written


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table."""
    out = {}
    for name in [*schema(), *derived.DERIVED]:
        row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()
        out[name] = int(row[0]) if row else 0
    return out
