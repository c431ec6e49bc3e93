"""Text copied from law-library web pages: the header's two-column table arrives as cells ended by
``|`` (``ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |``, or one cell per line with a
line of ``|`` between cells), each cell's words wrapped over short lines (``ỦY`` / ``BAN NHÂN
DÂN`` / ``TỈNH …``, ``Kiên`` / ``Giang, ngày 06``). Each cell becomes one ``header_cell`` block
with its lines joined, as the DOCX and HTML readers give layout cells; the text after the last
``|`` is ordinary text."""

from __future__ import annotations

from collections.abc import Callable

import regex

from pipeline.model.source import Block, table_block

RULE = regex.compile(r"^\s*[-_=*.~•·–—]{3,}\s*$")
LITERAL_BREAK = regex.compile(r"\\r\\n|\\n|\\r")


# The closing table's cells (signature, Nơi nhận) keep their lines: each is a part of the block.
CLOSING_CELL = regex.compile(
    r"^(?:t\s*/\s*m|tm|kt|tl|tuq|q)\s*[./]|^nơi\s*nhận|^[-+•]", regex.IGNORECASE
)
LIST_ITEM = regex.compile(r"^[-+•*–]\s*")  # a site's list of related documents, not a cell
CELL_LINE = 45  # a header cell's text wraps at about this width; longer lines are running text


def _wrapped_tail(pending: list[str]) -> list[str]:
    """The last lines before a "|" that belong to its cell: short lines (wrapped cell text)."""
    k = len(pending)
    while k > 0 and len(pending[k - 1]) <= CELL_LINE and not LIST_ITEM.match(pending[k - 1]):
        k -= 1
    return pending[k:]


def has_web_cells(lines: list[str]) -> bool:
    """Cells ended by "|" (not a Markdown table, whose rows start with "|")."""
    ends = sum(1 for ln in lines[:120] if "|" in ln and not ln.lstrip().startswith("|"))
    bare = sum(1 for ln in lines[:120] if ln.strip() == "|")
    return ends + bare >= 2


def repair_literal_breaks(text: str) -> str:
    """A page scraped with its line breaks escaped ("\\r\\n" as four characters)."""
    return LITERAL_BREAK.sub("\n", text) if len(LITERAL_BREAK.findall(text)) >= 3 else text


def web_cell_blocks(lines: list[str], ordinary: Callable[[list[str]], list[Block]]) -> list[Block]:
    """Header cells as ``header_cell`` blocks, rows of three or more cells as a table, and the
    lines between them read by ``ordinary`` (the plain-text reader)."""
    blocks: list[Block] = []
    pending: list[str] = []
    rows: list[list[str]] = []

    def cell(text: str) -> None:
        lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        if lines:  # a header cell's words are wrapped; a signature cell's lines are its parts
            keep = bool(CLOSING_CELL.match(lines[0]))
            blocks.append(
                Block(
                    "header_cell", "\n".join(lines) if keep else " ".join(" ".join(lines).split())
                )
            )

    def flush() -> None:
        if pending:
            blocks.extend(ordinary(pending))
            pending.clear()
        if rows:
            blocks.append(table_block(rows))
            rows.clear()

    for raw in lines:
        line = raw.strip()
        if not line:
            flush()
            continue
        if RULE.match(line):
            continue  # the short rules under the header's names
        if "|" not in line:
            if rows:
                flush()
            pending.append(line)
            continue
        parts = [p.strip() for p in line.split("|")]
        if len([p for p in parts if p]) >= 3:  # "Chỉ tiêu | Đơn vị | 2025 | 2030 |": a data row
            if pending:
                flush()
            rows.append([p for p in (parts[:-1] if not parts[-1] else parts)])
            continue
        if rows:
            flush()
        wrapped = _wrapped_tail(pending)  # the cell's own lines: the short ones just above the "|"
        head = pending[: len(pending) - len(wrapped)]
        if head:
            pending[:] = head
            flush()
        cell("\n".join([*wrapped, parts[0]]))
        pending.clear()
        for middle in parts[1:-1]:
            cell(middle)
        if parts[-1]:
            pending.append(parts[-1])
    flush()
    return blocks
