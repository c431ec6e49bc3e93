"""The comparison as an Excel workbook: a sheet per view, headers frozen, filters on, numbers
formatted by unit, and each figure's evidence beside it (record, span, sentence) and in a note
on the figure's cell."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.corpus.compare import Comparison

MAX_NOTES = 5000  # notes on figure cells are heavy in Excel; the sentence columns hold the rest
MAX_WIDTH = 60
MAX_SHEET_ROWS = 1_048_575  # Excel's limit, less the header


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str = "text"  # text | number | int | figure (a number whose evidence is ``note``)
    note: str | None = None  # the column holding a figure's sentence
    width: int | None = None


INDICATOR_SHEET = [
    Col("place", "Place"),
    Col("locality_type", "Type"),
    Col("level", "Level"),
    Col("province", "Province"),
    Col("province_code", "Province code"),
    Col("locality_code", "GSO code"),
    Col("successor_2025", "2025 successor"),
    Col("plan", "Plan"),
    Col("indicator", "Indicator"),
    Col("indicator_label", "Indicator (label)"),
    Col("scope", "Scope"),
    Col("scope_code", "Scope GSO code"),
    Col("when", "Year / period"),
    Col("baseline", "Baseline", "figure", "baseline_sentence"),
    Col("target", "Target", "figure", "target_sentence"),
    Col("change", "Change", "figure", "change_sentence"),
    Col("unit", "Unit"),
    Col("per_year", "Per year"),
    Col("change_computed", "Change computed"),
    Col("poverty_standard", "Poverty standard"),
    Col("facts", "Facts", "int"),
    Col("record_path", "Record"),
    Col("baseline_span", "Baseline span"),
    Col("baseline_page", "Baseline page", "int"),
    Col("baseline_sentence", "Baseline sentence", width=80),
    Col("target_span", "Target span"),
    Col("target_page", "Target page", "int"),
    Col("target_sentence", "Target sentence", width=80),
    Col("change_span", "Change span"),
    Col("change_page", "Change page", "int"),
    Col("change_sentence", "Change sentence", width=80),
]
VERTICAL_SHEET = [
    Col("province", "Province"),
    Col("higher_place", "Assigning plan's locality"),
    Col("higher_level", "Level"),
    Col("higher_plan", "Assigning plan"),
    Col("indicator", "Indicator"),
    Col("scope", "Unit (as written)"),
    Col("scope_level", "Unit level"),
    Col("scope_code", "Unit GSO code"),
    Col("when", "Year / period"),
    Col("kind", "Kind"),
    Col("assigned", "Assigned", "figure", "assigned_sentence"),
    Col("per_year", "Per year"),
    Col("unit", "Unit"),
    Col("lower_plan", "Unit's own plan"),
    Col("lower_value", "Unit's own target", "figure", "lower_sentence"),
    Col("difference", "Difference", "number"),
    Col("status", "Status", width=34),
    Col("higher_record_path", "Assigning record"),
    Col("assigned_span", "Assigned span"),
    Col("assigned_sentence", "Assigned sentence", width=80),
    Col("lower_record_path", "Unit's record"),
    Col("lower_span", "Unit's span"),
    Col("lower_sentence", "Unit's sentence", width=80),
]
BASES_SHEET = [
    Col("place", "Place"),
    Col("level", "Level"),
    Col("province", "Province"),
    Col("plan", "Plan"),
    Col("relation", "Relation"),
    Col("cited", "Cited document"),
    Col("cited_date", "Date"),
    Col("cited_issuer", "Issuer"),
    Col("cited_by", "Plans citing it", "int"),
    Col("cited_record", "In the corpus as"),
    Col("mentions", "Mentions", "int"),
    Col("record_path", "Record"),
    Col("span", "Span"),
    Col("page", "Page", "int"),
    Col("sentence", "Sentence", width=80),
]
SHARED_SHEET = [
    Col("cited", "Cited document"),
    Col("cited_date", "Date"),
    Col("cited_issuer", "Issuer"),
    Col("plans", "Plans", "int"),
    Col("cited_by", "Cited by (relation)", width=100),
    Col("cited_key", "Key"),
]
MISSING_SHEET = [
    Col("place", "Place"),
    Col("level", "Level"),
    Col("province", "Province"),
    Col("plan", "Plan"),
    Col("higher_number", "Higher plan"),
    Col("higher_issuer", "Higher plan's issuer"),
    Col("higher_date", "Higher plan's date"),
    Col("shared_documents", "Documents both cite"),
    Col("status", "Status"),
    Col("cites_higher_as", "Cited as"),
    Col("record_path", "Record"),
    Col("span", "Span"),
    Col("mention", "Mention", width=80),
]
COVERAGE_SHEET = [
    Col("place", "Place"),
    Col("level", "Level"),
    Col("plan", "Plan"),
    Col("programme_item", "Programme item"),
    Col("agency", "Agency"),
    Col("agency_as_written", "Agency (as written)"),
    Col("role", "Role"),
    Col("record_path", "Record"),
    Col("span", "Span"),
    Col("page", "Page", "int"),
    Col("sentence", "Sentence", width=80),
]
CHECKS_SHEET = [
    Col("place", "Place"),
    Col("plan", "Plan"),
    Col("check_id", "Check"),
    Col("message", "Message", width=80),
    Col("evidence_index", "Evidence #", "int"),
    Col("record_path", "Record"),
    Col("span", "Span"),
    Col("evidence", "Evidence", width=100),
]
PLANS_SHEET = [
    Col("place", "Place"),
    Col("locality_type", "Type"),
    Col("level", "Level"),
    Col("province", "Province"),
    Col("province_code", "Province code"),
    Col("locality_code", "GSO code"),
    Col("successor_2025", "2025 successor"),
    Col("plan", "Plan"),
    Col("doc_type", "Type of document"),
    Col("date", "Date"),
    Col("period_start", "Period from", "int"),
    Col("period_end", "Period to", "int"),
    Col("title", "Title", width=80),
    Col("format", "Format"),
    Col("copies", "Copies loaded", "int"),
    Col("n_targets", "Targets", "int"),
    Col("n_references", "References", "int"),
    Col("n_responsibilities", "Responsibilities", "int"),
    Col("n_checks_failed", "Failed checks", "int"),
    Col("record_path", "Record"),
]


def write_workbook(cmp: Comparison, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": False, "strings_to_urls": False})
    styles = _styles(wb)
    _about(wb, styles, cmp)
    _sheet(wb, styles, "Indicators", cmp.indicators, INDICATOR_SHEET, unit_col="unit")
    _matrix(wb, styles, "Programme coverage", cmp)
    _sheet(wb, styles, "Coverage detail", cmp.coverage, COVERAGE_SHEET)
    _sheet(wb, styles, "Legal bases", cmp.legal_bases, BASES_SHEET)
    _sheet(wb, styles, "Shared bases", cmp.shared_bases, SHARED_SHEET)
    _sheet(wb, styles, "Higher plan cited", cmp.missing_citations, MISSING_SHEET)
    _sheet(wb, styles, "Vertical", cmp.vertical, VERTICAL_SHEET, unit_col="unit")
    _sheet(wb, styles, "Failed checks", cmp.failed_checks, CHECKS_SHEET)
    _sheet(wb, styles, "Plans", cmp.plans, PLANS_SHEET)
    wb.close()
    return path


def _styles(wb: Workbook) -> dict[str, Any]:
    return {
        "header": wb.add_format(
            {"bold": True, "bg_color": "#DDE7F0", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "rate": wb.add_format({"num_format": "0.00##"}),
        "count": wb.add_format({"num_format": "#,##0.##"}),
        "int": wb.add_format({"num_format": "0"}),
        "wrap": wb.add_format({"text_wrap": True, "valign": "top"}),
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "bold": wb.add_format({"bold": True}),
    }


def _about(wb: Workbook, styles: dict[str, Any], cmp: Comparison) -> None:
    ws = wb.add_worksheet("About")
    ws.set_column(0, 0, 28)
    ws.set_column(1, 1, 100)
    ws.write(0, 0, "vnplan comparison", styles["title"])
    lines = [
        ("Source", cmp.source),
        ("Selection", cmp.filters.describe()),
        ("Plans", len(cmp.plans)),
        ("Indicator rows", len(cmp.indicators)),
        (
            "Evidence",
            "Each figure has its record, span and sentence in the columns to the right, "
            "and a note on its cell; spans are character offsets into the record's text.",
        ),
        (
            "Change",
            "Signed: a reduction is negative; 'Change computed' marks a change the plan "
            "does not state (target minus baseline).",
        ),
        (
            "Poverty standard",
            "Derived from the year: rates are comparable only under one "
            "standard (2016-2020 vs 2021-2025).",
        ),
    ]
    for i, (key, value) in enumerate(lines, start=2):
        ws.write(i, 0, key, styles["bold"])
        ws.write(i, 1, value)


def _sheet(
    wb: Workbook,
    styles: dict[str, Any],
    name: str,
    df: pd.DataFrame,
    spec: list[Col],
    unit_col: str | None = None,
) -> Worksheet:
    ws = wb.add_worksheet(name)
    cols = [c for c in spec if c.key in df.columns]
    for j, col in enumerate(cols):
        ws.write(0, j, col.header, styles["header"])
    notes = 0
    if len(df) > MAX_SHEET_ROWS:
        ws.write(0, len(cols), f"first {MAX_SHEET_ROWS:,} of {len(df):,} rows", styles["bold"])
    for i, values in enumerate(df.head(MAX_SHEET_ROWS).to_dict("records"), start=1):
        for j, col in enumerate(cols):
            value = _plain(values.get(col.key))
            if value is None:
                continue
            if col.kind in ("figure", "number") and isinstance(value, (int, float)):
                rate = unit_col and values.get(unit_col) == "%"
                ws.write_number(i, j, value, styles["rate" if rate else "count"])
                note = _plain(values.get(col.note)) if col.note else None
                if note and notes < MAX_NOTES:
                    ws.write_comment(i, j, str(note)[:2000], {"x_scale": 3, "y_scale": 2})
                    notes += 1
            elif col.kind == "int" and isinstance(value, (int, float)):
                ws.write_number(i, j, value, styles["int"])
            else:
                ws.write(i, j, value)
    for j, col in enumerate(cols):
        ws.set_column(j, j, col.width or _width(df[col.key], col.header))
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(min(len(df), MAX_SHEET_ROWS), 1), max(len(cols) - 1, 0))
    return ws


def _matrix(wb: Workbook, styles: dict[str, Any], name: str, cmp: Comparison) -> None:
    """The coverage matrix; each cell's note is the sentence naming its lead agency."""
    df = cmp.coverage_matrix
    spec = [Col(c, c, width=28 if j >= 4 else None) for j, c in enumerate(df.columns)]
    ws = _sheet(wb, styles, name, df, spec)
    if df.empty:
        ws.write(1, 0, "No responsibilities with programme items in these records.")
        return
    ws.freeze_panes(1, 4)
    sentences = cmp.coverage_cells.set_index(["record", "programme_item"])["sentence"].to_dict()
    for i, record in enumerate(df.record, start=1):
        for j, item in enumerate(df.columns[4:], start=4):
            note = sentences.get((record, item))
            if note and i <= MAX_NOTES:
                ws.write_comment(i, j, str(note)[:2000], {"x_scale": 3, "y_scale": 2})


def _plain(value: Any) -> Any:
    """A cell value XlsxWriter writes: NaN/NA -> None, numpy scalars -> Python ones."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def _width(series: pd.Series, header: str) -> int:
    sample = series.dropna().astype(str).head(200)
    longest = max((len(s) for s in sample), default=0)
    return min(MAX_WIDTH, max(len(header) + 2, longest + 2, 8))
