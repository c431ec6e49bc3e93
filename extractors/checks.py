"""Consistency checks of a plan against its own numbers, each with its evidence spans:
rate vs count vs total households, the text target vs the appendix total, unit rows vs the total
row, the same unit across appendices, a breakdown vs its whole, target years vs the plan period.

Tolerances are explicit: rates printed with two decimals agree when they differ by at most
``RATE_TOLERANCE`` percentage points; counts must be equal.
"""

from __future__ import annotations

import regex

from extractors.tables import Column, cell_value, columns, is_total_row, is_unit_row, unit_name
from pipeline.model.components import component
from pipeline.model.document import Document
from pipeline.model.grammar import UNITS, alternation
from schemas.models import Check, Period, PlanRecord, Span, Table, Target

RATE_TOLERANCE = 0.01  # percentage points: rounding of a rate printed with two decimals
COUNT_TOLERANCE = 0.0


def run_checks(
    doc: Document, targets: list[Target], tables: list[Table], period: Period | None
) -> list[Check]:
    from_tables = [t for t in targets if t.table is not None]
    targets = [t for t in targets if t.table is None]  # the text's own targets and baselines
    checks: list[Check] = []
    checks += rate_vs_count(targets)
    checks += text_vs_appendix(targets, from_tables, tables)
    checks += table_totals(tables)
    checks += units_across_tables(tables)
    checks += breakdowns(doc)
    checks += years_in_period(targets, period)
    return checks


def _close(a: float, b: float, rate: bool) -> bool:
    return abs(a - b) <= (RATE_TOLERANCE if rate else COUNT_TOLERANCE) + 1e-9


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    return str(int(x)) if float(x).is_integer() else f"{x:g}".replace(".", ",")


def rate_vs_count(targets: list[Target]) -> list[Check]:
    """``giảm 0,25%, tương ứng giảm 80 hộ`` against the total number of households."""
    totals = [t for t in targets if t.indicator == "households_total" and t.value]
    if not totals:
        return []
    total = totals[0]
    out = []
    pairs = [
        ("poverty_rate", "poor_households_exit"),
        ("near_poverty_rate", "near_poor_households_exit"),
    ]
    for rate_id, count_id in pairs:
        rates = [
            t
            for t in targets
            if t.indicator == rate_id and t.kind == "change" and not t.scope and not t.per_year
        ]
        counts = [
            t for t in targets if t.indicator == count_id and t.kind == "change" and not t.scope
        ]
        for rate in rates:
            count = min(counts, key=lambda c: abs(c.span.start - rate.span.start), default=None)
            if count is None or abs(count.span.start - rate.span.start) > 200:
                continue
            if count.value is None or total.value is None or rate.value is None:
                continue
            implied = count.value / total.value * 100
            ok = _close(implied, rate.value, rate=True)
            out.append(
                Check(
                    id=f"rate_vs_count:{rate_id}",
                    status="pass" if ok else "fail",
                    message=(
                        f"{_fmt(count.value)} of {_fmt(total.value)} households is {implied:.3f}%;"
                        f" the text says "
                        f"{_fmt(rate.value)}% (tolerance {RATE_TOLERANCE} points)"
                    ),
                    span=rate.span,
                    evidence=[rate.span, count.span, total.span],
                )
            )
    return out


def _total_row(table: Table) -> list[str] | None:
    return next((r for r in reversed(table.rows) if is_total_row(r)), None)


def text_vs_appendix(
    targets: list[Target], table_targets: list[Target], tables: list[Table]
) -> list[Check]:
    """The text's target against the same indicator in an appendix's total row (the table target
    with no scope)."""
    captions = {t.id: t.caption or t.id for t in tables}
    totals: dict[tuple, Target] = {}
    for t in table_targets:
        if t.table_row == "total":
            totals.setdefault((t.indicator, t.kind), t)
    out = []
    for t in targets:
        if t.kind == "baseline":
            continue
        total = totals.pop(
            (t.indicator, t.kind), None
        )  # one check per indicator: its first statement
        if total is None or total.value is None or t.scope or t.value is None:
            continue
        rate = t.unit == "%"
        ok = _close(total.value, t.value, rate)
        out.append(
            Check(
                id=f"text_vs_appendix:{t.indicator}:{t.kind}",
                status="pass" if ok else "fail",
                message=(
                    f"text: {_fmt(t.value)}{'%' if rate else ' ' + (t.unit or '')};"
                    f" {captions.get(total.table or '')} total "
                    f"({total.label}): {_fmt(total.value)}"
                    + (f" (tolerance {RATE_TOLERANCE} points)" if rate else "")
                ),
                span=t.span,
                evidence=[t.span, total.span],
            )
        )
    return out


def table_totals(tables: list[Table]) -> list[Check]:
    """Unit rows of each count column add up to the total row."""
    out = []
    for table in tables:
        total = _total_row(table)
        units = [r for r in table.rows if is_unit_row(r)]
        if total is None or len(units) < 2:
            continue
        wrong, checked = [], 0
        for col in columns(table):
            if not col.integer or col.index < 2 or col.index >= len(total):
                continue
            expected = cell_value(total[col.index], col)
            cells = [cell_value(r[col.index], col) if col.index < len(r) else None for r in units]
            values = [v for v in cells if v is not None]
            if expected is None or len(values) != len(cells):
                continue
            checked += 1
            if sum(values) != expected:
                wrong.append(
                    f"{col.path or col.index}: rows add up to {_fmt(sum(values))}, total row says"
                    f" {_fmt(expected)}"
                )
        if checked:
            out.append(
                Check(
                    id=f"table_totals:{table.id}",
                    status="fail" if wrong else "pass",
                    message=f"{table.caption or table.id}: "
                    + (
                        "; ".join(wrong)
                        if wrong
                        else f"{checked} count columns add up to the total row"
                    ),
                    span=table.span,
                    evidence=[table.span],
                )
            )
    return out


def _households_column(cols: list[Column]) -> Column | None:
    for c in cols:
        leaf = c.path.split(" / ")[-1]
        if c.integer and c.index >= 2 and "hộ" in leaf and "nghèo" not in c.path:
            return c
    return None


def _column_like_households(table: Table, seen: dict[str, tuple[float, Table]]) -> Column | None:
    """A table printed without its header: the column that agrees with the households already seen
    for most units is the households column."""
    best, best_hits = None, 0
    units = [r for r in table.rows if is_unit_row(r)]
    for col in columns(table):
        if col.index < 2 or not col.integer:
            continue
        hits = sum(
            1
            for r in units
            if col.index < len(r)
            and unit_name(r) in seen
            and cell_value(r[col.index], col) == seen[unit_name(r)][0]
        )
        if hits > best_hits:
            best, best_hits = col, hits
    return best if units and best_hits >= len(units) / 2 else None


def units_across_tables(tables: list[Table]) -> list[Check]:
    """The same ward must have the same number of households in every appendix."""
    seen: dict[str, tuple[float, Table]] = {}
    out = []
    for table in tables:
        col = _households_column(columns(table)) or _column_like_households(table, seen)
        if col is None:
            continue
        mismatches = []
        for row in table.rows:
            if not is_unit_row(row) or col.index >= len(row):
                continue
            name, value = unit_name(row), cell_value(row[col.index], col)
            if not name or value is None:
                continue
            if name in seen and seen[name][0] != value:
                first_value, first_table = seen[name]
                mismatches.append((row[1], first_value, first_table, value))
            seen.setdefault(name, (value, table))
        for label, first_value, first_table, value in mismatches:
            out.append(
                Check(
                    id=f"units_across_tables:{table.id}",
                    status="fail",
                    message=(
                        f"{label}: {_fmt(value)} households in {table.caption or table.id}, "
                        f"{_fmt(first_value)} in {first_table.caption or first_table.id}"
                    ),
                    span=table.span,
                    evidence=[first_table.span, table.span],
                )
            )
        compared = sum(
            1
            for r in table.rows
            if is_unit_row(r) and unit_name(r) in seen and seen[unit_name(r)][1] is not table
        )
        if not mismatches and compared >= 2:
            out.append(
                Check(
                    id=f"units_across_tables:{table.id}",
                    status="pass",
                    message=(
                        f"{table.caption or table.id}: households per unit agree with the"
                        f" earlier appendix"
                    ),
                    span=table.span,
                    evidence=[table.span],
                )
            )
    return out


# Units that count households or people ("hộ", "người lao động", "trẻ em" ...), from the vocabulary.
PEOPLE = alternation([u for u, canon in UNITS.items() if canon in {"hộ", "người", "lao động"}])
BREAKDOWN = regex.compile(
    rf"(?P<whole>\d[\d.]*)["
    rf" ]*(?P<unit>{PEOPLE})(?P<gap>[^()\n]{{0,40}}?)\((?P<parts>[^()\n]{{3,300}})\)"
)
PART = regex.compile(rf"(?P<n>\d[\d.]*)[ ]*{PEOPLE}\b")


def breakdowns(doc: Document) -> list[Check]:
    """``89 hộ (hộ nghèo: 38 hộ; hộ cận nghèo: 51 hộ)``: the parts add up to the whole."""
    out = []
    for m in BREAKDOWN.finditer(doc.text):
        parts = [int(p.group("n").replace(".", "")) for p in PART.finditer(m.group("parts"))]
        if len(parts) < 2 or not regex.search(r"[:;]", m.group("parts")):
            continue
        whole = int(m.group("whole").replace(".", ""))
        ok = sum(parts) == whole
        span = Span(start=m.start(), end=m.end())
        out.append(
            Check(
                id="breakdown",
                status="pass" if ok else "fail",
                message=f"{whole} {m.group('unit')} = {' + '.join(map(str, parts))}"
                + ("" if ok else f" = {sum(parts)}"),
                span=span,
                evidence=[span],
            )
        )
    return out


def years_in_period(targets: list[Target], period: Period | None) -> list[Check]:
    if period is None or period.start is None or period.end is None:
        return []
    outside = [
        t
        for t in targets
        if t.kind != "baseline" and t.year and not period.start <= t.year <= period.end
    ]
    if not outside:
        dated = [t for t in targets if t.kind != "baseline" and t.year]
        if not dated:
            return []
        return [
            Check(
                id="years_in_period",
                status="pass",
                message=f"all {len(dated)} dated targets fall in {period.start}-{period.end}",
            )
        ]
    return [
        Check(
            id="years_in_period",
            status="fail",
            message=(
                f"target year {t.year} outside the plan period {period.start}-{period.end}:"
                f" {t.text}"
            ),
            span=t.span,
            evidence=[t.span],
        )
        for t in outside
    ]


@component(
    "checks", stage="check", assigns=("checks",), requires=("targets", "tables", "metadata.period")
)
def _checks(doc: Document, record: PlanRecord) -> list[Check]:
    return run_checks(doc, record.targets, record.tables, record.metadata.period)
