"""Per-unit targets from appendix tables (seed 000 Phụ lục 01: each ward's reduction).

A column is read as an indicator when its header path (merged headings carried down) says what
it holds: ``Chỉ tiêu giảm nghèo năm 2023 / Tương ứng số hộ giảm`` is households lifted out. The
unit is the row; the total row has no scope. A level's baseline is the unit's current figure
(``Hộ nghèo hiện có``) in the same table; columns about a year before the plan are history.
"""

from __future__ import annotations

import regex

from extractors.tables import cell_value, columns, is_total_row, is_unit_row, match_column
from schemas.models import Period, Table, Target, TargetKind

# (indicator of the poor-household family, kind) -> (words the column path must have, must not have)
TABLE_COLUMNS: dict[tuple[str, TargetKind], tuple[list[str], list[str]]] = {
    ("poverty_rate", "change"): (["giảm", "tỷ lệ"], []),
    ("poor_households_exit", "change"): (["giảm", "số hộ"], []),
    ("poor_households", "level"): (["cuối năm", "số hộ"], ["tỷ lệ"]),
    ("poverty_rate", "level"): (["tỷ lệ", "cuối năm"], []),
}
BASELINE_COLUMNS: dict[tuple[str, TargetKind], tuple[list[str], list[str]]] = {
    ("poor_households", "level"): (["hiện có", "số hộ"], ["tỷ lệ"]),
    ("poverty_rate", "level"): (["hiện có", "tỷ lệ"], []),
}
NEAR_POOR = {
    "poverty_rate": "near_poverty_rate",
    "poor_households_exit": "near_poor_households_exit",
    "poor_households": "near_poor_households",
}


def table_targets(tables: list[Table], period: Period | None = None) -> list[Target]:
    year = period.end if period and period.start == period.end else None
    out: list[Target] = []
    for table in tables:
        cols = [c for c in columns(table) if not _before_the_plan(c.path, period)]
        for near_poor in (False, True):
            for (indicator, kind), rule in TABLE_COLUMNS.items():
                col = match_column(table, cols, *rule, near_poor)
                if col is None:
                    continue
                base_rule = BASELINE_COLUMNS.get((indicator, kind))
                base_col = match_column(table, cols, *base_rule, near_poor) if base_rule else None
                ind = NEAR_POOR[indicator] if near_poor else indicator
                for row in table.rows:
                    if not (
                        is_unit_row(row) or is_total_row(row) or _is_group_row(row)
                    ) or col.index >= len(row):
                        continue
                    value = cell_value(row[col.index], col)
                    if value is None:
                        continue
                    baseline = (
                        cell_value(row[base_col.index], base_col)
                        if base_col and base_col.index < len(row)
                        else None
                    )
                    total = is_total_row(row)
                    scope = None if total else (row[1] if len(row) > 1 else None)
                    out.append(
                        Target(
                            text=f"{row[1] if len(row) > 1 else ''}: {row[col.index]}",
                            indicator=ind,
                            label=col.path,
                            value=value,
                            unit="%" if "tỷ lệ" in col.path else "hộ",
                            kind=kind,
                            baseline=baseline,
                            year=year,
                            scope=scope,
                            table=table.id,
                            table_row="total"
                            if total
                            else "group"
                            if _is_group_row(row)
                            else "unit",
                            span=table.span,
                            page=table.page,
                        )
                    )
    return out


def _before_the_plan(path: str, period: Period | None) -> bool:
    """A column about an earlier year ("Kế hoạch giao năm 2022" in a 2023 plan) is history."""
    years = [int(y) for y in regex.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", path)]
    return bool(period and period.start and years and max(years) < period.start)


def _is_group_row(row: list[str]) -> bool:
    """``I  KHU VỰC THÀNH THỊ``: a subtotal of the units under it."""
    return (
        bool(row)
        and row[0].strip() in {"I", "II", "III", "IV", "V"}
        and len(row) > 1
        and row[1].isupper()
    )
