"""Comparing plans across places and years: the views of ``vnplan compare`` as pandas DataFrames.

Every view reads the corpus database (see ``database.py``) and gives each figure the record it
came from (``record_path``), its span in that record's text and the sentence (or table row) that
states it, so a reader can check any number against the plan.

- ``indicator_table``: one row per plan x indicator (x year, x scope when asked): baseline,
  target and change, each with its evidence;
- ``programme_coverage``: plan x programme item (DA2, DA4.TDA1), the lead agency in the cell;
- ``legal_bases``, ``shared_bases``, ``missing_citations``: what each plan implements, what plans
  share, and the lower plans that do not cite the higher plan of their programme;
- ``vertical_consistency``: targets a higher plan assigns to a named lower unit against that
  unit's own plan, found by GSO code;
- ``failed_checks``: the checks that failed, with their evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pandas as pd
import regex

from pipeline.corpus.places import unit_key

LEVELS = ("central", "province", "district", "commune")
RATE_TOLERANCE = 0.01  # percentage points: two plans rounding one rate to two decimals agree


@dataclass
class Filters:
    """What to compare. Provinces match by name or GSO code, and also by the 2025 successor
    province ("Lào Cai" selects Yên Bái plans); years select plans and targets whose year or
    period overlaps; indicators are ids or glob patterns (``poverty_*``)."""

    provinces: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    years: tuple[int, int] | None = None
    indicators: list[str] = field(default_factory=list)
    scoped: bool = False  # also rows for the narrower units a plan names (districts, wards)
    all_copies: bool = False  # one row per record instead of one per plan

    def describe(self) -> str:
        parts = []
        if self.provinces:
            parts.append("province " + ", ".join(self.provinces))
        if self.levels:
            parts.append("level " + ", ".join(self.levels))
        if self.years:
            parts.append(f"years {self.years[0]}-{self.years[1]}")
        if self.indicators:
            parts.append("indicator " + ", ".join(self.indicators))
        if self.scoped:
            parts.append("with narrower units")
        return "; ".join(parts) or "all plans"


def parse_years(text: str | None) -> tuple[int, int] | None:
    """``2023`` -> (2023, 2023); ``2022-2025`` -> (2022, 2025)."""
    if not text:
        return None
    found = [int(y) for y in regex.findall(r"\d{4}", text)]
    if not found:
        raise ValueError(f"not a year or a range of years: {text!r}")
    return min(found), max(found)


def _df(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def select_plans(con: duckdb.DuckDBPyConnection, filters: Filters) -> None:
    """(Re)create the temporary table ``selected`` of the plans the filters keep."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if filters.provinces:
        names = _matching_provinces(con, filters.provinces)
        where.append("(province IN (SELECT unnest(?)) OR successor_province IN (SELECT unnest(?)))")
        params += [names, names]
    if filters.levels:
        where.append("level IN (SELECT unnest(?))")
        params.append(list(filters.levels))
    if filters.years:
        where.append(
            "coalesce(period_start, year) <= ? AND coalesce(period_end, period_start, year) >= ?"
        )
        params += [filters.years[1], filters.years[0]]
    source = "(SELECT *, 1 AS copies FROM documents)" if filters.all_copies else "plans"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE selected AS
        SELECT * EXCLUDE (place), place AS place_written,
               concat_ws(' · ', coalesce(number, doc_type, record), issuer, date) AS plan,
               coalesce(nullif(concat_ws(' ', locality_type, locality), ''), place) AS place,
               successor_province AS successor_2025
        FROM {source}
        WHERE {" AND ".join(where)}""",
        params,
    )
    _PLAN_FRAMES.pop(id(con), None)


_PLAN_FRAMES: dict[int, pd.DataFrame] = {}  # connection -> the plan columns of its selection


def plan_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The plan columns of the selected plans, fetched once per selection: views fetch their own
    columns and the sha256, and take these by a merge (strings copied by reference, which is
    four times faster than DuckDB handing the same strings to pandas for every row)."""
    frame = _PLAN_FRAMES.get(id(con))
    if frame is None:
        frame = _df(con, f"SELECT {PLAN_COLUMNS} FROM selected p")
        _PLAN_FRAMES[id(con)] = frame
    return frame


def _with_plans(con: duckdb.DuckDBPyConnection, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` (with a ``sha256`` column) with the plan columns in front, in ``df``'s order."""
    return plan_frame(con).merge(df, on="sha256", how="right")


def _select(con: duckdb.DuckDBPyConnection, filters: Filters | None, select: bool) -> Filters:
    """The filters to use; the plans they keep are selected unless the caller did it (as
    ``compare`` does once for every view)."""
    filters = filters or Filters()
    if select:
        select_plans(con, filters)
    return filters


def _matching_provinces(con: duckdb.DuckDBPyConnection, wanted: list[str]) -> list[str]:
    """Province names of the corpus that a filter value names (by name or GSO code)."""
    rows = con.execute(
        "SELECT DISTINCT province, province_code FROM documents WHERE province IS NOT NULL"
        " UNION SELECT DISTINCT successor_province, successor_province_code FROM documents"
        " WHERE successor_province IS NOT NULL"
    ).fetchall()
    keys = {unit_key(w) for w in wanted} | {w.strip().lstrip("0") for w in wanted}
    return [
        name for name, code in rows if unit_key(name) in keys or (code and code.lstrip("0") in keys)
    ]


PLAN_COLUMNS = """p.record, p.record_path, p.sha256, p.plan, p.doc_type, p.number, p.issuer,
    p.level, p.place, p.locality, p.locality_type, p.locality_code, p.province, p.province_code,
    p.successor_2025, p.date"""


def plans_table(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, *, select: bool = True
) -> pd.DataFrame:
    """The plans compared: one row per plan (or per record with ``all_copies``)."""
    _select(con, filters, select)
    return _df(
        con,
        f"""SELECT {PLAN_COLUMNS}, p.period_start, p.period_end, p.title, p.format, p.copies,
                   p.n_targets, p.n_references, p.n_responsibilities, p.n_checks_failed
            FROM selected p ORDER BY p.province, {_level_rank("p.level")}, p.locality, p.date""",
    )


def _level_rank(column: str) -> str:
    return f"coalesce(list_position({list(LEVELS)}, {column}), 9)"


def _indicator_clause(filters: Filters, column: str = "t.indicator") -> tuple[str, list[Any]]:
    if not filters.indicators:
        return "TRUE", []
    patterns = [p.replace("*", "%").replace("?", "_") for p in filters.indicators]
    return "(" + " OR ".join(f"{column} LIKE ?" for _ in patterns) + ")", patterns


def _years_clause(filters: Filters) -> tuple[str, list[Any]]:
    """Rows whose year or period overlaps the years asked for (rows without a year stay)."""
    if not filters.years:
        return "TRUE", []
    lo, hi = filters.years
    return "(r.year_start IS NULL OR (r.year_start <= ? AND r.year_end >= ?))", [hi, lo]


def indicator_table(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, *, select: bool = True
) -> pd.DataFrame:
    """One row per plan x indicator x year (x unit the plan assigns to, with ``scoped``):
    baseline, target, change (signed: a reduction is negative; computed from baseline and
    target when the plan states no change), each with its span, page and sentence. The rows
    are worked out when a record is loaded (``indicator_rows``); here they are selected."""
    filters = _select(con, filters, select)
    indicator, iparams = _indicator_clause(filters, "r.indicator")
    years, yparams = _years_clause(filters)
    rows = _df(
        con,
        f"""SELECT r.sha256, r.indicator, i.label AS indicator_label,
                   r.* EXCLUDE (sha256, indicator, scope_id)
            FROM indicator_rows r JOIN selected p USING (sha256)
            LEFT JOIN indicators i ON i.id = r.indicator
            WHERE {"TRUE" if filters.scoped else "r.scope_id = ''"} AND {indicator}
              AND {years}
            ORDER BY coalesce(i.position, 9999), r.indicator, p.province,
                     {_level_rank("p.level")}, p.place, r.scope_id <> '', r.scope_id,
                     r.year_start, p.record""",
        iparams + yparams,
    )
    return _with_plans(con, rows)


def programme_coverage(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, *, select: bool = True
) -> pd.DataFrame:
    """Long form: one row per plan x programme item x agency, with the agency's role and the
    sentence that assigns it."""
    _select(con, filters, select)
    rows = _df(
        con,
        f"""SELECT p.sha256, item AS programme_item,
                   coalesce(r.agency_canonical, r.agency) AS agency, r.agency AS agency_as_written,
                   r.role, r.span_start || '-' || r.span_end AS span, r.page, r.sentence
            FROM responsibilities r JOIN selected p USING (sha256),
                 unnest(r.programme_items) AS u(item)
            ORDER BY p.province, {_level_rank("p.level")}, p.place, p.record, item,
                     list_position(['lead', 'assigned', 'support'], r.role), agency""",
    )
    return _with_plans(con, rows)


def coverage_cells(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, *, select: bool = True
) -> pd.DataFrame:
    """One row per plan x programme item: the lead agencies (or, where the plan names no lead,
    the agencies assigned, marked ``(assigned)`` / ``(support)``), how many agencies the plan
    names for the item, and the evidence of the first lead (worked out at load time)."""
    _select(con, filters, select)
    rows = _df(
        con,
        f"""SELECT c.* FROM coverage_cells c JOIN selected p USING (sha256)
            ORDER BY p.province, {_level_rank("p.level")}, p.place, p.record,
                     c.programme_item""",
    )
    return _with_plans(con, rows)


EVIDENCE_PARTS = {
    "span": "span",
    "page": "page",
    "sentence": "sentence",
    "written": "agency_as_written",
}


def coverage_matrix(cells: pd.DataFrame, evidence: bool = False) -> pd.DataFrame:
    """Plan x programme item, the agencies of ``coverage_cells`` in the cell; with ``evidence``
    also, for each item ``X``, the columns ``X__span``, ``X__page``, ``X__sentence`` and
    ``X__written`` of the first lead's sentence (and the plan's ``record_path``)."""
    if cells.empty:
        return pd.DataFrame(columns=["record", "plan", "place", "level"])
    items = sorted(cells.programme_item.unique(), key=programme_order)
    keep = ["record", "plan", "place", "level"] + (["record_path"] if evidence else [])
    out = cells.drop_duplicates("record")[keep].set_index("record")
    out = out.join(cells.pivot(index="record", columns="programme_item", values="agencies")[items])
    if evidence:
        for part, column in EVIDENCE_PARTS.items():
            wide = cells.pivot(index="record", columns="programme_item", values=column)[items]
            out = out.join(wide.rename(columns={item: f"{item}__{part}" for item in items}))
    out[items] = out[items].fillna("")
    out = out.reset_index()
    out.columns.name = None
    return out


def programme_order(item: str) -> tuple:
    """``DA2`` < ``DA3.TDA1`` < ``DA3.TDA2`` < ``DA10``; other names after, alphabetically."""
    numbers = [int(n) for n in regex.findall(r"\d+", item)]
    return (0, numbers, item) if numbers else (1, [], item)


def legal_bases(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, *, select: bool = True
) -> pd.DataFrame:
    """One row per plan x cited document: relation (strongest mention), how many plans of the
    corpus cite it, the record of the corpus that is it, and the first mention's sentence."""
    _select(con, filters, select)
    rows = _df(
        con,
        f"""SELECT p.sha256, c.relation, c.key AS cited_key,
                   CASE WHEN coalesce(cd.number, c.number) IS NULL
                             AND coalesce(cd.name, c.name) ILIKE coalesce(cd.doc_type, '') || '%'
                        THEN coalesce(cd.name, c.name)
                        ELSE concat_ws(' ', coalesce(cd.doc_type, c.doc_type),
                                       coalesce(cd.number, cd.name, c.number, c.name))
                   END AS cited,
                   coalesce(cd.date, c.date) AS cited_date,
                   coalesce(cd.issuer, c.issuer) AS cited_issuer,
                   c.mentions, cd.cited_by, cd.record AS cited_record,
                   c.span_start || '-' || c.span_end AS span, r.page, c.text AS mention,
                   r.sentence
            FROM citations c JOIN selected p USING (sha256)
            JOIN cited_documents cd ON cd.key = c.key
            LEFT JOIN legal_references r ON r.sha256 = c.sha256 AND r.span_start = c.span_start
            ORDER BY p.province, {_level_rank("p.level")}, p.place, p.record,
                     list_position(['basis', 'implements', 'cites'], c.relation), c.key""",
    )
    return _with_plans(con, rows)


def shared_bases(bases: pd.DataFrame) -> pd.DataFrame:
    """Documents cited by two or more of the compared plans: the plans and each one's
    relation."""
    columns = ["cited_key", "cited", "cited_date", "cited_issuer", "plans", "cited_by"]
    if bases.empty:
        return pd.DataFrame(columns=columns)
    pairs = bases[["cited_key", "plan", "relation"]].drop_duplicates()
    pairs = pairs.assign(entry=pairs.plan + " (" + pairs.relation + ")")
    grouped = pairs.groupby("cited_key", sort=False)
    counts = grouped.plan.nunique()
    shared = counts[counts >= 2].index
    cited_by = pairs[pairs.cited_key.isin(shared)].groupby("cited_key", sort=False).entry
    described = bases.drop_duplicates("cited_key").set_index("cited_key")
    out = described.loc[shared, ["cited", "cited_date", "cited_issuer"]].assign(
        plans=counts[shared].astype(int), cited_by=cited_by.agg("; ".join)
    )
    out = out.reset_index()[columns]
    return out.sort_values(["plans", "cited_key"], ascending=[False, True], ignore_index=True)


MISSING_SQL = """
WITH pairs AS (
    SELECT lo.sha256 AS lower_sha256, hi.sha256 AS higher_sha256, hi.own_key
    FROM selected lo JOIN plans hi
      ON hi.province_code = lo.province_code AND hi.sha256 <> lo.sha256
    WHERE hi.own_key IS NOT NULL
      AND {rank_hi} < {rank_lo}
      AND (hi.level = 'province' OR hi.locality_code = lo.locality_code
           OR lo.level = 'commune')
      AND coalesce(hi.date, '') <= coalesce(lo.date, '9999')
      AND coalesce(hi.period_start, hi.year, 0) <= coalesce(lo.period_end, lo.year, 9999)
      AND coalesce(hi.period_end, hi.period_start, hi.year, 9999)
          >= coalesce(lo.period_start, lo.year, 0)
),
shared AS (
    SELECT pr.lower_sha256, pr.higher_sha256,
           string_agg(DISTINCT coalesce(a.number, a.name, a.key), ', ') AS shared_documents,
           count(DISTINCT a.key) AS n_shared
    FROM pairs pr
    JOIN citations a ON a.sha256 = pr.lower_sha256
    JOIN citations b ON b.sha256 = pr.higher_sha256 AND b.key = a.key
    GROUP BY ALL
)
SELECT lo.record, lo.record_path, lo.sha256, lo.plan, lo.issuer, lo.level, lo.place, lo.locality,
       lo.province, lo.date,
       hi.record AS higher_record, hi.number AS higher_number, hi.issuer AS higher_issuer,
       hi.level AS higher_level, hi.date AS higher_date,
       s.shared_documents, s.n_shared,
       c.relation AS cites_higher_as,
       CASE WHEN c.key IS NULL THEN 'missing' ELSE 'cited' END AS status,
       c.span_start || '-' || c.span_end AS span, c.text AS mention
FROM shared s
JOIN selected lo ON lo.sha256 = s.lower_sha256
JOIN plans hi ON hi.sha256 = s.higher_sha256
LEFT JOIN citations c ON c.sha256 = lo.sha256 AND c.key = hi.own_key
ORDER BY status DESC, lo.province, lo.locality, lo.record, hi.record
"""


def missing_citations(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, *, select: bool = True
) -> pd.DataFrame:
    """Each lower plan against each higher plan of its province in the corpus that belongs to
    the same programme (issued no later, overlapping period, citing a document in common):
    ``status`` is ``missing`` when the lower plan does not cite it."""
    _select(con, filters, select)
    return _df(
        con,
        MISSING_SQL.format(rank_hi=_level_rank("hi.level"), rank_lo=_level_rank("lo.level")),
    )


VERTICAL_SQL = """
WITH assigned AS (
    SELECT t.*, p.record AS higher_record, p.record_path AS higher_record_path,
           p.plan AS higher_plan, p.level AS higher_level, p.place AS higher_place,
           p.province, p.date AS higher_date
    FROM targets t JOIN selected p USING (sha256)
    WHERE t.scope_level IS NOT NULL AND t.indicator IS NOT NULL AND t.kind <> 'baseline'
      AND {rank_scope} > {rank_plan} AND coalesce(t.table_row, '') <> 'group'
      AND {indicator}
),
unit_plans AS (
    SELECT a.sha256 AS a_sha, a.ordinal AS a_ord, l.*
    FROM assigned a JOIN plans l
      ON ((a.scope_code IS NOT NULL AND l.locality_code = a.scope_code
           AND l.province_code = a.scope_province_code)
          OR (a.scope_code IS NULL AND l.locality_code IS NULL
              AND l.province_code = a.scope_province_code AND l.locality_key = a.scope_key
              AND l.locality_type = a.scope_type))
      -- the unit's plan for the same time: its year or period overlaps the target's
      AND coalesce(l.period_start, l.year, 0) <= coalesce(a.year, a.period_end, 9999)
      AND coalesce(l.period_end, l.period_start, l.year, 9999)
          >= coalesce(a.year, a.period_start, 0)
),
own AS (
    SELECT u.a_sha, u.a_ord, u.sha256 AS lower_sha256, t.*,
           row_number() OVER (PARTITION BY u.a_sha, u.a_ord, u.sha256
                              ORDER BY t.kind <> a.kind, t.table_id IS NOT NULL, t.ordinal) AS rk
    FROM unit_plans u
    JOIN assigned a ON a.sha256 = u.a_sha AND a.ordinal = u.a_ord
    JOIN targets t ON t.sha256 = u.sha256 AND t.scope IS NULL AND t.indicator = a.indicator
         AND t.unit IS NOT DISTINCT FROM a.unit AND t.kind <> 'baseline'
         AND coalesce(t.year, t.period_end, 9999) >= coalesce(a.year, a.period_start, 0)
         AND coalesce(t.year, t.period_start, 0) <= coalesce(a.year, a.period_end, 9999)
)
SELECT a.higher_record, a.higher_record_path, a.higher_plan, a.higher_level, a.higher_place,
       a.province, a.indicator, i.label AS indicator_label, a.kind,
       a.scope, a.scope_type, a.scope_name, a.scope_level, a.scope_code,
       coalesce(CAST(a.year AS VARCHAR),
                CAST(a.period_start AS VARCHAR) || '–' || CAST(a.period_end AS VARCHAR))
           AS "when",
       a.value AS assigned, a.baseline AS assigned_baseline, a.per_year, a.unit,
       a.span_start || '-' || a.span_end AS assigned_span, a.page AS assigned_page,
       a.sentence AS assigned_sentence,
       a.evidence_start AS assigned_evidence_start, a.evidence_end AS assigned_evidence_end,
       u.record AS lower_record, u.record_path AS lower_record_path,
       concat_ws(' ', coalesce(u.number, u.doc_type), '·', u.issuer) AS lower_plan,
       o.kind AS lower_kind, o.value AS lower_value, o.per_year AS lower_per_year,
       o.span_start || '-' || o.span_end AS lower_span, o.page AS lower_page,
       o.sentence AS lower_sentence,
       o.evidence_start AS lower_evidence_start, o.evidence_end AS lower_evidence_end,
       CASE WHEN o.value IS NOT NULL AND o.kind = a.kind THEN round(o.value - a.value, 6) END
           AS difference,
       CASE WHEN u.sha256 IS NULL THEN 'no plan of this unit in the corpus'
            WHEN o.value IS NULL THEN 'unit plan found; indicator not stated'
            WHEN o.kind <> a.kind OR o.per_year <> a.per_year THEN 'not comparable (kind differs)'
            WHEN abs(o.value - a.value) <= CASE WHEN a.unit = '%' THEN {tol} ELSE 0 END
                THEN 'consistent'
            ELSE 'differs' END AS status
FROM assigned a
LEFT JOIN indicators i ON i.id = a.indicator
LEFT JOIN unit_plans u ON u.a_sha = a.sha256 AND u.a_ord = a.ordinal
LEFT JOIN own o ON o.a_sha = a.sha256 AND o.a_ord = a.ordinal AND o.lower_sha256 = u.sha256
     AND o.rk = 1
ORDER BY a.province, {rank_scope_a}, a.higher_record, coalesce(i.position, 9999), a.indicator,
         a.scope_name, a.ordinal
"""


def vertical_consistency(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, *, select: bool = True
) -> pd.DataFrame:
    """Targets a plan assigns to a named lower unit (a district of a provincial plan, a ward of
    a city plan) against that unit's own plan, matched by GSO code (or, for units GSO does not
    list, by province and name). ``status`` says when the unit's plan is not in the corpus."""
    filters = _select(con, filters, select)
    indicator, params = _indicator_clause(filters)
    sql = VERTICAL_SQL.format(
        rank_scope=_level_rank("t.scope_level"),
        rank_plan=_level_rank("p.level"),
        rank_scope_a=_level_rank("a.scope_level"),
        indicator=indicator,
        tol=RATE_TOLERANCE,
    )
    return _df(con, sql, params)


def failed_checks(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, *, select: bool = True
) -> pd.DataFrame:
    """The checks that failed, one row per piece of evidence (span and the line it points at)."""
    _select(con, filters, select)
    rows = _df(
        con,
        """SELECT p.sha256, c.check_id, c.message, c.ordinal AS check_ordinal,
                   ev.i AS evidence_index,
                   c.evidence_lines[ev.i]."start" || '-' || c.evidence_lines[ev.i]."end"
                       AS span,
                   c.evidence_text[ev.i] AS evidence
            FROM checks c JOIN selected p USING (sha256),
                 range(1, greatest(len(c.evidence_lines), 1) + 1) AS ev(i)
            WHERE c.status = 'fail'
            ORDER BY p.province, p.place, p.record, c.ordinal, ev.i""",
    )
    return _with_plans(con, rows)


@dataclass
class Comparison:
    """Every view of one comparison, as the reports and the CLI show them."""

    source: str
    filters: Filters
    plans: pd.DataFrame
    indicators: pd.DataFrame
    coverage: pd.DataFrame
    coverage_cells: pd.DataFrame
    coverage_matrix: pd.DataFrame
    legal_bases: pd.DataFrame
    shared_bases: pd.DataFrame
    missing_citations: pd.DataFrame
    vertical: pd.DataFrame
    failed_checks: pd.DataFrame


def compare(
    con: duckdb.DuckDBPyConnection, filters: Filters | None = None, source: str = ""
) -> Comparison:
    """Every view over the plans the filters keep (selected once)."""
    filters = _select(con, filters, True)
    cells = coverage_cells(con, filters, select=False)
    bases = legal_bases(con, filters, select=False)
    return Comparison(
        source=source,
        filters=filters,
        plans=plans_table(con, filters, select=False),
        indicators=indicator_table(con, filters, select=False),
        coverage=programme_coverage(con, filters, select=False),
        coverage_cells=cells,
        coverage_matrix=coverage_matrix(cells),
        legal_bases=bases,
        shared_bases=shared_bases(bases),
        missing_citations=missing_citations(con, filters, select=False),
        vertical=vertical_consistency(con, filters, select=False),
        failed_checks=failed_checks(con, filters, select=False),
    )
