"""Targets from indicator tables: rows are indicators, columns are years or phases.

``TT | Chỉ tiêu | Đơn vị tính | Năm 2025 | Năm 2030`` (or ``Giai đoạn 2021 - 2025``) gives one
target per cell with a figure: the row's label and unit, the column's year (or period). A column
about what there is now (``Hiện trạng``, ``Thực hiện năm 2020``, ``Ước``) gives baselines. A table
is an indicator table only when its unit column holds units of measure (``%``, ``Người``, ``Xã``),
not the names of places a per-unit table lists under ``Đơn vị``.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.indicators import indicator_of_label
from extractors.tables import Column, columns
from pipeline.model.grammar import UNITS, VN_NUMBER, canonical_unit, parse_vn_number
from pipeline.model.vietnamese import fold_text
from schemas.models import Period, Table, Target, TargetKind

LABEL_COLUMN = regex.compile(r"chỉ tiêu|nội dung|tiêu chí|mục tiêu|tên")
UNIT_COLUMN = regex.compile(r"^(?:đơn vị(?: tính)?|đvt|đv tính)$")
BASELINE_COLUMN = regex.compile(r"hiện trạng|thực hiện|ước|kết quả|hiện nay|hiện có|năm trước")
YEAR = regex.compile(r"(?<!\d)(20\d\d)(?!\d)")
PHASE = regex.compile(r"(?<!\d)(20\d\d)\s*[-–]\s*(20\d\d)(?!\d)")
# A bound written in the cell: "≥ 90", "> 95", "< 5", "dưới 5", "trên 90".
CELL = regex.compile(
    rf"^(?P<bound>≥|>=|>|≤|<=|<|trên|dưới|tối thiểu|tối đa|ít nhất|không quá)?\s*"
    rf"(?P<num>{VN_NUMBER}|\d+[.,]\d+)\s*(?P<pct>%)?$",
    regex.IGNORECASE,
)
FLOOR_BOUNDS = {"≥", ">=", ">", "trên", "tối thiểu", "ít nhất"}
SHARE_OF_A_GROUP = regex.compile(r"được|có|tiếp cận|sử dụng|tham gia|đạt chuẩn|qua đào tạo")


@dataclass(frozen=True)
class YearColumn:
    column: Column
    year: int | None
    period: Period | None
    baseline: bool


def indicator_table_targets(tables: list[Table]) -> list[Target]:
    """One target per figure of every indicator table."""
    out: list[Target] = []
    for table in tables:
        shape = _shape(table)
        if shape is None:
            continue
        label_col, unit_col, year_cols = shape
        for row in table.rows:
            label = row[label_col].strip() if label_col < len(row) else ""
            if not label or not regex.search(r"\p{L}", label):
                continue
            unit_text = row[unit_col].strip() if unit_col < len(row) else ""
            for yc in year_cols:
                cell = row[yc.column.index].strip() if yc.column.index < len(row) else ""
                target = _cell_target(table, label, unit_text, cell, yc)
                if target is not None:
                    out.append(target)
    return out


def _shape(table: Table) -> tuple[int, int, list[YearColumn]] | None:
    """The label, unit and year columns of an indicator table, or None for any other table."""
    cols = columns(table)
    unit_cols = [c for c in cols if UNIT_COLUMN.match(_last_heading(c.path))]
    label_cols = [c for c in cols if LABEL_COLUMN.search(c.path) and c not in unit_cols]
    year_cols = [yc for c in cols if (yc := _year_column(c)) is not None]
    if not unit_cols or not label_cols or not year_cols or not table.rows:
        return None
    unit_col = unit_cols[0].index
    units = [r[unit_col].strip() for r in table.rows if unit_col < len(r) and r[unit_col].strip()]
    if not units or sum(_is_measure(u) for u in units) * 2 < len(units):
        return None  # a per-unit table: its "Đơn vị" column names wards and communes
    return label_cols[0].index, unit_col, year_cols


def _last_heading(path: str) -> str:
    return path.rsplit(" / ", 1)[-1].strip(" ()")


def _year_column(column: Column) -> YearColumn | None:
    phase = PHASE.search(column.path)
    years = YEAR.findall(column.path)
    if not years:
        return None
    baseline = BASELINE_COLUMN.search(column.path) is not None
    if phase and int(phase.group(1)) < int(phase.group(2)):
        period = Period(start=int(phase.group(1)), end=int(phase.group(2)))
        return YearColumn(column, None, period, baseline)
    return YearColumn(column, int(years[-1]), None, baseline)


def _is_measure(unit: str) -> bool:
    """``%``, ``Người``, ``Hộ``, ``Km``, ``‰``, ``/100.000 trẻ em``: a unit, not a place name."""
    fold = fold_text(unit).strip(" .")
    return (
        fold in UNITS
        or fold.split(" ")[0] in UNITS
        or "%" in fold
        or "/" in fold
        or len(fold.split()) <= 2
        and not unit[:1].isupper()
    )


def _cell_target(
    table: Table, label: str, unit_text: str, cell: str, column: YearColumn
) -> Target | None:
    m = CELL.match(cell)
    if m is None:
        return None
    unit = canonical_unit(unit_text.strip(" .")) if unit_text else ("%" if m.group("pct") else "")
    if not unit:
        return None
    bound = (m.group("bound") or "").lower()
    kind = _kind(label, unit, bound)
    return Target(
        text=f"{label}: {cell}",
        indicator=indicator_of_label(label, unit),
        label=label.rstrip(" ."),
        value=parse_vn_number(m.group("num")),
        unit=unit,
        kind="baseline" if column.baseline else kind,
        year=column.year,
        period=column.period,
        table=table.id,
        table_row="indicator",
        span=table.span,
        page=table.page,
    )


def _kind(label: str, unit: str, bound: str) -> TargetKind:
    """A bound written in the cell, a share of a group that gets something (coverage), a rate's
    level, or a count."""
    if bound:
        return "floor" if bound in FLOOR_BOUNDS else "ceiling"
    if unit == "%":
        return "coverage" if SHARE_OF_A_GROUP.search(fold_text(label)) else "level"
    return "level" if "/" in unit else "count"  # a rate per population is a level
