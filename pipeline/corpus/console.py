"""``vnplan compare`` on the terminal: each view as a compact text table."""

from __future__ import annotations

import pandas as pd

from pipeline.corpus.compare import Comparison

INDICATOR_COLUMNS = [
    "place",
    "level",
    "province",
    "when",
    "indicator",
    "scope",
    "baseline",
    "target",
    "change",
    "unit",
    "per_year",
]
VERTICAL_COLUMNS = [
    "higher_place",
    "indicator",
    "kind",
    "scope",
    "when",
    "assigned",
    "unit",
    "per_year",
    "lower_value",
    "status",
]
MISSING_COLUMNS = ["place", "level", "plan", "higher_number", "shared_documents", "status"]
CHECK_COLUMNS = ["place", "record", "check_id", "message"]


def render(cmp: Comparison, rows: int = 40) -> str:
    """The comparison as text: the indicator table in full up to ``rows`` rows, the other views
    shortened; the reports hold everything."""
    ind = cmp.indicators
    if not cmp.filters.scoped and "scope" in ind:
        ind = ind.drop(columns=["scope"])
    parts = [
        f"Comparison of {len(cmp.plans)} plans ({cmp.filters.describe()}) from {cmp.source}",
        _section("Indicators", ind, INDICATOR_COLUMNS, rows),
        _section("Programme coverage (lead agency)", cmp.coverage_matrix, None, rows),
        _section("Shared legal bases", cmp.shared_bases, ["cited", "plans", "cited_by"], 10),
        _section("Citations of the higher plan", cmp.missing_citations, MISSING_COLUMNS, rows),
        _section("Vertical consistency", cmp.vertical, VERTICAL_COLUMNS, rows),
        _section(
            "Failed checks", cmp.failed_checks.drop_duplicates("check_ordinal"), CHECK_COLUMNS, rows
        ),
    ]
    return "\n\n".join(parts) + "\n"


def _section(title: str, df: pd.DataFrame, columns: list[str] | None, rows: int) -> str:
    head = f"== {title}: {len(df)} rows"
    if df.empty:
        return head + "\n(none)"
    shown = df[[c for c in columns if c in df]] if columns else df
    text = shown.head(rows).to_string(
        index=False, na_rep="", max_colwidth=48, float_format=lambda v: f"{v:g}"
    )
    more = f"\n… {len(df) - rows} more rows in the reports" if len(df) > rows else ""
    return f"{head}\n{text}{more}"
