"""Tables as they come from the readers (cell grids), with their caption, header rows and data
rows, and the number format decided per column (domain.md §4): a column of household counts
reads ``31,200`` as 31200, a column of rates reads ``0.30`` as 0.30."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.model.components import component
from pipeline.model.document import Document
from pipeline.model.grammar import CAPTION, PLACE_PREFIX
from pipeline.model.vietnamese import fold_text
from schemas.models import PlanRecord, Span, Table

CELL_NUMBER = regex.compile(r"^\(?[-+]?\d[\d.,]*\)?%?$")
ROMAN = regex.compile(r"^[IVX]+$")
ROW_NUMBER = regex.compile(r"^\d{1,3}\.?$")
YEAR_CELL = regex.compile(r"^(?:19|20)\d\d$")
HEADING_WORD = regex.compile(r"^(?:s?tt|chỉ tiêu|nội dung|đơn vị|đvt|năm|giai đoạn|mục tiêu)\b")


def find_tables(doc: Document) -> list[Table]:
    tables: list[Table] = []
    for block in doc.blocks:
        if block.kind != "table" or not block.rows:
            continue
        rows = [[" ".join(c.split()) for c in row] for row in block.rows]
        n_header = _header_rows(rows)
        prev = tables[-1] if tables else None
        if prev is not None and _continues(doc, prev, rows, block.start):
            # a table broken by a page: the next part repeats (or drops) the header
            body = rows[n_header:] if rows[:n_header] else rows
            tables[-1] = prev.model_copy(
                update={
                    "rows": prev.rows + body,
                    "span": Span(start=prev.span.start, end=block.end),
                }
            )
            continue
        tables.append(
            Table(
                id=f"t{len(tables) + 1}",
                caption=_caption(doc, block.start),
                page=block.page,
                header=rows[:n_header],
                rows=rows[n_header:],
                span=Span(start=block.start, end=block.end),
            )
        )
    return tables


def _continues(doc: Document, prev: Table, rows: list[list[str]], start: int) -> bool:
    """The next part of a table broken by a page: as wide (trailing empty columns aside), nothing
    but a short line between, or the same header repeated."""
    between = doc.text[prev.span.end : start]
    if prev.header and _trimmed(rows[: len(prev.header)]) == _trimmed(prev.header):
        return len(between.strip()) < 80 or not CAPTION.search(between)
    same_width = _width(rows) == _width(prev.header + prev.rows)
    return same_width and len(between.strip()) < 80 and not CAPTION.search(between)


def _trimmed(rows: list[list[str]]) -> list[list[str]]:
    width = _width(rows)
    return [r[:width] for r in rows]


def _width(rows: list[list[str]]) -> int:
    """Columns up to the last one with any text."""
    return max(
        (max((j + 1 for j, c in enumerate(r) if c.strip()), default=0) for r in rows), default=0
    )


def _header_rows(rows: list[list[str]]) -> int:
    """Leading rows until the first one whose cells after the first two are mostly numbers; a row
    of headings whose only figures are years (``Chỉ tiêu | Đơn vị | 2025 | 2030``) is a header."""
    for i, row in enumerate(rows):
        cells = [c for c in row[2:] if c]
        if _year_heading_row(row) or _column_numbers_row(row):
            continue
        if ROW_NUMBER.match(row[0].strip()) and any(c for c in row[1:]):
            return i  # "1 | Nguyễn Thị Huệ | …": the first numbered row is data
        if cells and sum(bool(CELL_NUMBER.match(c)) for c in cells) >= max(1, len(cells) // 2):
            return i
    return min(1, len(rows))


def _column_numbers_row(row: list[str]) -> bool:
    """``1 | 2 | 3 | 4`` or ``(1) | (2) | (3)``: the numbers of the columns, part of the header."""
    cells = [c.strip("() ") for c in row if c.strip()]
    return (
        len(cells) >= 3
        and all(c.isdigit() for c in cells)
        and [int(c) for c in cells] == list(range(int(cells[0]), int(cells[0]) + len(cells)))
    )


def _year_heading_row(row: list[str]) -> bool:
    numbers = [c for c in row if CELL_NUMBER.match(c)]
    return (
        bool(numbers)
        and all(YEAR_CELL.match(c) for c in numbers)
        and any(HEADING_WORD.search(fold_text(c)) for c in row)
    )


def _caption(doc: Document, start: int) -> str | None:
    """The caption of the appendix the table lies in; in the body, a caption line ("Biểu số 01 ...")
    among the few lines just above the table."""
    for zone in doc.zones:
        if zone.kind == "appendix" and zone.start <= start <= zone.end:
            return zone.label
    above = doc.lines[max(0, doc.line_at(start) - 4) : doc.line_at(start)]
    for i in range(len(above) - 1, -1, -1):
        line = above[i].text.strip(" *")
        if CAPTION.match(line):
            title = [x.text.strip(" *") for x in above[i + 1 :] if not x.text.startswith("(")]
            return " - ".join([line, *title[:1]])
    return None


@dataclass
class Column:
    index: int
    path: str  # folded header text of the column, merged header cells carried right
    integer: bool  # counts: separators are thousands marks


def header_paths(table: Table) -> list[str]:
    """Each column's header cells top to bottom ("A / B"), merged cells carried right."""
    width = max((len(r) for r in table.header + table.rows), default=0)
    paths = [""] * width
    for row in table.header:
        carried = ""
        for j in range(width):
            cell = row[j] if j < len(row) else ""
            if cell:
                carried = cell
            elif j >= 2 and carried and any((r[j] if j < len(r) else "") for r in table.header[1:]):
                cell = carried  # under a merged heading: the sub-column carries it
            paths[j] = (paths[j] + " / " + cell).strip(" /") if cell else paths[j]
    return paths


def columns(table: Table) -> list[Column]:
    paths = header_paths(table)
    width = len(paths)
    out = []
    for j in range(width):
        values = [r[j] for r in table.rows if j < len(r) and CELL_NUMBER.match(r[j] or "")]
        path = fold_text(paths[j])
        rate = "tỷ lệ" in path or "%" in path
        decimals = [v for v in values if regex.search(r"[.,]\d{1,2}$|[.,]\d{4,}$", v)]
        out.append(Column(j, path, integer=not rate and not decimals))
    return out


def cell_value(cell: str, column: Column) -> float | None:
    text = cell.strip().rstrip("%").strip("()")
    if not text or not regex.match(r"^[-+]?\d[\d.,]*$", text):
        return None
    if column.integer:
        return float(regex.sub(r"[.,]", "", text))
    if "," in text and "." in text:  # 1.234,5 or 1,234.5: the last mark is the decimal one
        text = (
            text.replace(".", "").replace(",", ".")
            if text.rfind(",") > text.rfind(".")
            else text.replace(",", "")
        )
    return float(text.replace(",", "."))


def is_total_row(row: list[str]) -> bool:
    head = fold_text(" ".join(row[:2]))
    return bool(regex.search(r"\b(?:tổng cộng|tổng|cộng|toàn (?:thành phố|huyện|tỉnh))\b", head))


def is_unit_row(row: list[str]) -> bool:
    """A leaf row: numbered with an arabic index (group rows carry I, II, ...)."""
    return bool(row) and regex.match(r"^\d+$", row[0].strip()) is not None


def unit_name(row: list[str]) -> str:
    """``P. Nguyễn Thái Học`` and ``Phường Nguyễn Thái Học`` are one unit."""
    name = row[1] if len(row) > 1 else ""
    name = PLACE_PREFIX.sub("", name.strip())
    return fold_text(name)


def match_column(
    table: Table, cols: list[Column], want: list[str], avoid: list[str], near_poor: bool
) -> Column | None:
    """The one column whose header path has every word of ``want`` and none of ``avoid``; near-poor
    columns are told apart by "cận nghèo" in the caption or the path."""
    caption = fold_text(table.caption or "")
    found = [
        c
        for c in cols
        if ("cận nghèo" in f"{caption} / {c.path}") == near_poor
        and all(w in c.path for w in want)
        and not any(a in c.path for a in avoid)
    ]
    return found[0] if len(found) == 1 else None


@component("tables", assigns=("tables",))
def _tables(doc: Document, record: PlanRecord) -> list[Table]:
    return find_tables(doc)
