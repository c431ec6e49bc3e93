"""Tables derived from each record when it is loaded: its indicator rows (baseline, target and
change of each indicator, year and unit, each with its evidence) and its programme-coverage
cells. They depend on the record alone, so loading computes them once and a comparison over
10,000 records only selects and joins.
"""

from __future__ import annotations

import duckdb

TARGET_KINDS = ("level", "coverage", "count", "range")

INDICATOR_ROWS = [
    ("sha256", "VARCHAR"),
    ("indicator", "VARCHAR"),
    ("unit", "VARCHAR"),
    ("scope_id", "VARCHAR"),  # '' for the plan's own place
    ("scope", "VARCHAR"),  # as written
    ("scope_unit", "VARCHAR"),  # the unit it names, one spelling ("phường Nguyễn Thái Học")
    ("scope_level", "VARCHAR"),
    ("scope_code", "VARCHAR"),
    ("when", "VARCHAR"),
    ("year_start", "INTEGER"),
    ("year_end", "INTEGER"),
    ("baseline", "DOUBLE"),
    ("target", "DOUBLE"),
    ("change", "DOUBLE"),  # signed: a reduction is negative
    ("change_computed", "BOOLEAN"),  # target minus baseline, the plan states no change
    ("per_year", "BOOLEAN"),
    ("target_kind", "VARCHAR"),
    ("target_min", "DOUBLE"),
    ("target_max", "DOUBLE"),
    ("poverty_standard", "VARCHAR"),
    ("baseline_span", "VARCHAR"),
    ("baseline_page", "INTEGER"),
    ("baseline_sentence", "VARCHAR"),
    ("baseline_text", "VARCHAR"),
    ("target_span", "VARCHAR"),
    ("target_page", "INTEGER"),
    ("target_sentence", "VARCHAR"),
    ("target_text", "VARCHAR"),
    ("change_span", "VARCHAR"),
    ("change_page", "INTEGER"),
    ("change_sentence", "VARCHAR"),
    ("change_text", "VARCHAR"),
    ("facts", "INTEGER"),  # how many figures of the record state this row
]

COVERAGE_CELLS = [
    ("sha256", "VARCHAR"),
    ("programme_item", "VARCHAR"),
    ("agencies", "VARCHAR"),  # the leads, or where none, every agency with its role
    ("n_agencies", "INTEGER"),
    ("agency_as_written", "VARCHAR"),  # the first lead's name as the plan writes it
    ("span", "VARCHAR"),
    ("page", "INTEGER"),
    ("sentence", "VARCHAR"),
]

DERIVED = {"indicator_rows": INDICATOR_ROWS, "coverage_cells": COVERAGE_CELLS}

# Per record x indicator x unit x scope x year: the first figure of each role (body text before
# appendix tables); the baseline stated with the target ("từ 1,30% xuống còn 1,15%", an appendix
# row's current figure) or else the situation the plan describes (kind "baseline", any year).
INDICATOR_SQL = f"""
WITH f AS (
    SELECT t.sha256, t.ordinal, t.indicator, t.kind, t.unit, t.baseline, t.value,
           t.scope_id, t.when_key,
           t.ordinal + CASE WHEN t.table_id IS NULL THEN 0 ELSE 1000000 END AS preference
    FROM targets t
    WHERE t.sha256 IN (SELECT unnest(?::VARCHAR[])) AND t.indicator IS NOT NULL
      AND coalesce(t.table_row, '') <> 'group'
),
grouped AS (
    SELECT sha256, indicator, unit, scope_id, when_key, count(*) AS facts,
           arg_min(ordinal, preference) FILTER (WHERE kind IN {TARGET_KINDS}) AS tg,
           arg_min(ordinal, preference) FILTER (WHERE kind = 'change') AS ch,
           arg_min(ordinal, preference)
               FILTER (WHERE kind IN {TARGET_KINDS} AND baseline IS NOT NULL) AS sb
    FROM f WHERE kind <> 'baseline'
    GROUP BY sha256, indicator, unit, scope_id, when_key
),
situation AS (
    SELECT sha256, indicator, unit, scope_id, min(ordinal) AS st
    FROM f WHERE kind = 'baseline' AND value IS NOT NULL
    GROUP BY sha256, indicator, unit, scope_id
),
picked AS (
    SELECT g.*, CASE WHEN g.sb IS NOT NULL THEN g.sb ELSE s.st END AS bs,
           g.sb IS NOT NULL AS stated_baseline
    FROM grouped g
    LEFT JOIN situation s ON s.sha256 = g.sha256 AND s.indicator = g.indicator
         AND s.unit IS NOT DISTINCT FROM g.unit AND s.scope_id = g.scope_id
),
rows AS (
    SELECT k.sha256, k.indicator, k.unit, k.scope_id,
           coalesce(tg.scope, ch.scope) AS scope,
           coalesce(tg.scope_type || ' ' || tg.scope_name, ch.scope_type || ' ' || ch.scope_name)
               AS scope_unit,
           coalesce(tg.scope_level, ch.scope_level) AS scope_level,
           coalesce(tg.scope_code, ch.scope_code) AS scope_code,
           k.when_key AS "when",
           coalesce(tg.year, ch.year, tg.period_start, ch.period_start) AS year_start,
           coalesce(tg.year, ch.year, tg.period_end, ch.period_end) AS year_end,
           CASE WHEN k.stated_baseline THEN bs.baseline ELSE bs.value END AS baseline,
           tg.value AS target, ch.value AS change_value, ch.change_direction,
           coalesce(ch.per_year, FALSE) AS per_year,
           tg.kind AS target_kind, tg.value_min AS target_min, tg.value_max AS target_max,
           bs.span_start || '-' || bs.span_end AS baseline_span, bs.page AS baseline_page,
           bs.sentence AS baseline_sentence,
           CASE WHEN NOT k.stated_baseline THEN bs.text END AS baseline_text,
           tg.span_start || '-' || tg.span_end AS target_span, tg.page AS target_page,
           tg.sentence AS target_sentence, tg.text AS target_text,
           ch.span_start || '-' || ch.span_end AS change_span, ch.page AS change_page,
           ch.sentence AS change_sentence, ch.text AS change_text,
           k.facts
    FROM picked k
    LEFT JOIN targets tg ON tg.sha256 = k.sha256 AND tg.ordinal = k.tg
    LEFT JOIN targets ch ON ch.sha256 = k.sha256 AND ch.ordinal = k.ch
    LEFT JOIN targets bs ON bs.sha256 = k.sha256 AND bs.ordinal = k.bs
)
SELECT r.sha256, r.indicator, r.unit, r.scope_id, r.scope, r.scope_unit, r.scope_level,
       r.scope_code,
       r."when", r.year_start, r.year_end, r.baseline, r.target,
       CASE WHEN r.change_value IS NOT NULL THEN
                CASE r.change_direction WHEN 'giảm' THEN -r.change_value ELSE r.change_value END
            WHEN r.target IS NOT NULL AND r.baseline IS NOT NULL
                THEN round(r.target - r.baseline, 6) END AS change,
       r.change_value IS NULL AND r.target IS NOT NULL AND r.baseline IS NOT NULL
           AS change_computed,
       r.per_year, r.target_kind, r.target_min, r.target_max,
       -- rates compare only under one poverty standard; which one follows from the year
       CASE WHEN i.dimension = 'poverty' AND r.unit = '%' THEN
            CASE WHEN coalesce(r.year_start, d.year) >= 2022 THEN '2021-2025 (NĐ 07/2021)'
                 WHEN coalesce(r.year_start, d.year) >= 2016 THEN '2016-2020 (QĐ 59/2015)'
                 WHEN coalesce(r.year_start, d.year) IS NOT NULL THEN '2011-2015 (QĐ 09/2011)'
            END END AS poverty_standard,
       r.baseline_span, r.baseline_page, r.baseline_sentence, r.baseline_text,
       r.target_span, r.target_page, r.target_sentence, r.target_text,
       r.change_span, r.change_page, r.change_sentence, r.change_text, r.facts
FROM rows r
JOIN documents d USING (sha256)
LEFT JOIN indicators i ON i.id = r.indicator
"""

# Per record x programme item: the lead agencies (or the agencies assigned, with their role)
# and the first lead's evidence.
COVERAGE_SQL = """
WITH long AS (
    SELECT r.sha256, item AS programme_item, r.role, r.ordinal,
           coalesce(r.agency_canonical, r.agency) AS agency
    FROM responsibilities r, unnest(r.programme_items) AS u(item)
    WHERE r.sha256 IN (SELECT unnest(?::VARCHAR[]))
),
cells AS (
    SELECT sha256, programme_item,
           list_sort(list_distinct(list(agency) FILTER (WHERE role = 'lead'))) AS leads,
           list_sort(list_distinct(list(agency || ' (' || role || ')'))) AS others,
           count(DISTINCT agency) AS n_agencies,
           arg_min(ordinal, ordinal + CASE WHEN role = 'lead' THEN 0 ELSE 1000000 END) AS first
    FROM long GROUP BY sha256, programme_item
)
SELECT c.sha256, c.programme_item,
       array_to_string(CASE WHEN len(c.leads) > 0 THEN c.leads ELSE c.others END, '; ')
           AS agencies,
       c.n_agencies, r.agency AS agency_as_written,
       r.span_start || '-' || r.span_end AS span, r.page, r.sentence
FROM cells c JOIN responsibilities r ON r.sha256 = c.sha256 AND r.ordinal = c.first
"""

QUERIES = {"indicator_rows": INDICATOR_SQL, "coverage_cells": COVERAGE_SQL}


def refresh(con: duckdb.DuckDBPyConnection, shas: list[str] | None = None) -> None:
    """Recompute the derived rows of these records (of every record when None)."""
    if shas is None:
        shas = [r[0] for r in con.execute("SELECT sha256 FROM documents").fetchall()]
    for table, sql in QUERIES.items():
        con.execute(f'DELETE FROM "{table}" WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))', [shas])
        con.execute(f'INSERT INTO "{table}" BY NAME {sql}', [shas])
