"""Tables copied from a web page one cell per paragraph: ``TT`` / ``Nội dung chỉ tiêu`` / ``Đơn vị
tính`` / ``Giai đoạn 2021 - 2025`` / ``1`` / ``Tỷ lệ …`` / ``%`` / ``80`` / ``2`` / …

The header is recognised by its first cell (a row-number heading, ``TT`` or ``STT``) and the short
heading cells after it, up to the first row number ``1``; its cell count is the table's width. Each
row then starts with the next row number (``2``, ``II``, ``b``) and holds at most that many cells;
a row cut short (the copy dropped an empty cell) is padded. The run ends at the first paragraph that
cannot be a cell. The paragraphs become one table block, so the table extractors read it as they
read a DOCX table."""

from __future__ import annotations

import regex

from pipeline.model.source import Block, table_text

NUMBER_HEADING = regex.compile(r"^(?:s[ốố]\s*)?tt\.?$|^stt\.?$", regex.IGNORECASE)
ROW_NUMBER = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5}|[a-zđ])[.)]?$")
HEADING_CELL = 60  # a heading cell is short
MAX_WIDTH = 12
MIN_ROWS = 1


def _one_line(block: Block) -> str | None:
    if block.kind != "paragraph" or "\n" in block.text.strip():
        return None
    return block.text.strip()


def _next_number(previous: str, cell: str) -> bool:
    """``cell`` can open the row after the one numbered ``previous`` (``2`` after ``1``, a
    roman group or a lettered sub-row anywhere)."""
    cell = cell.rstrip(".)")
    if not ROW_NUMBER.match(cell):
        return False
    if regex.fullmatch(r"[IVX]{1,5}|[a-zđ]", cell):
        return True
    prev = previous.rstrip(".)")
    if regex.fullmatch(r"\d+", prev) and regex.fullmatch(r"\d+", cell):
        return int(cell) == int(prev) + 1
    return regex.fullmatch(r"\d+(?:\.\d+)*", cell) is not None


def _header(cells: list[str]) -> int | None:
    """Width of a header starting at ``cells[0]``: heading cells up to the first row number."""
    if not NUMBER_HEADING.match(cells[0]):
        return None
    for width in range(2, min(MAX_WIDTH, len(cells)) + 1):
        if width < len(cells) and cells[width].rstrip(".)") in ("1", "I", "a", "A"):
            heads = cells[1:width]
            if width >= 3 and all(0 < len(h) <= HEADING_CELL for h in heads):
                return width
            return None
    return None


def _rows(cells: list[str], width: int) -> tuple[list[list[str]], int]:
    """Rows from ``cells`` (starting at a row number) until a cell breaks the pattern, and the
    number of cells they took."""
    rows: list[list[str]] = []
    i = 0
    while i < len(cells) and ROW_NUMBER.match(cells[i]):
        row = [cells[i]]
        j = i + 1
        while j < len(cells) and len(row) < width:
            if len(row) > 1 and _next_number(row[0], cells[j]) and _short_row_ends(cells, j, width):
                break
            row.append(cells[j])
            j += 1
        rows.append(row + [""] * (width - len(row)))
        i = j
        if j < len(cells) and not _next_number(row[0], cells[j]):
            break
    return rows, i


def _short_row_ends(cells: list[str], j: int, width: int) -> bool:
    """A row number before the row is full is the next row only if a full row follows it."""
    nxt = j + width
    return nxt >= len(cells) or ROW_NUMBER.match(cells[nxt]) is not None


def cell_line_tables(blocks: list[Block]) -> list[Block]:
    """``blocks`` with each run of one-cell paragraphs that forms a table replaced by the table."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        run: list[str] = []
        k = i
        while k < len(blocks) and (cell := _one_line(blocks[k])) is not None:
            run.append(cell)
            k += 1
        width = _header(run) if run else None
        if width is None:
            out.append(blocks[i])
            i += 1
            continue
        rows, used = _rows(run[width:], width)
        if len(rows) < MIN_ROWS:
            out.append(blocks[i])
            i += 1
            continue
        grid = [run[:width], *rows]
        out.append(Block("table", table_text(grid), rows=grid))
        i += width + used
    return out
