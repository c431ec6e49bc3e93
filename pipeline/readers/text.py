"""Plain text and Markdown: paragraphs split on blank lines, tab or ``|`` rows become tables."""

from __future__ import annotations

from pathlib import Path

import regex

from pipeline.model.source import Block, Source, table_text
from pipeline.readers.celllines import cell_line_tables
from pipeline.readers.webcells import has_web_cells, repair_literal_breaks, web_cell_blocks

EMPHASIS = regex.compile(r"(\*{1,3}|_{2,3})(?=\S)(.{1,400}?)(?<=\S)\1", regex.DOTALL)
HEADING = regex.compile(r"(?m)^#{1,6}\s+")
HARD_BREAK = regex.compile(r"(?m)[ \t]+$")
CELL_SEPARATOR_LINE = regex.compile(r"^\s*\|\s*$")
RULE_LINE = regex.compile(r"^\s*(?:-{3,}|_{3,}|={3,}|\|?\s*:?-{3,}.*\|)\s*$")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; 8-bit files as cp1252 for legacy repair."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def strip_markdown(text: str) -> str:
    text = HEADING.sub("", text)
    for _ in range(2):
        text = EMPHASIS.sub(lambda m: m.group(2), text)
    return HARD_BREAK.sub("", text)


def _cells(line: str) -> list[str] | None:
    if "\t" in line.strip("\t "):
        return [c.strip() for c in line.split("\t")]
    stripped = line.strip()
    if stripped.count("|") >= 2 and stripped.startswith("|"):
        return [c.strip() for c in stripped.strip("|").split("|")]
    return None


def blocks_from_lines(lines: list[str]) -> list[Block]:
    """Group lines into paragraph and table blocks; ``|`` alone or a rule ends a block. Text copied
    from a web page whose header cells end with ``|`` is read cell by cell (``webcells``); a table
    copied one cell per paragraph is put back together (``celllines``)."""
    if has_web_cells(lines):
        return cell_line_tables(web_cell_blocks(lines, _plain_blocks))
    return cell_line_tables(_plain_blocks(lines))


def _plain_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []
    rows: list[list[str]] = []

    def flush() -> None:
        if para:
            blocks.append(Block("paragraph", "\n".join(para)))
            para.clear()
        if rows:
            width = max(len(r) for r in rows)
            grid = [r + [""] * (width - len(r)) for r in rows]
            blocks.append(Block("table", table_text(grid), rows=grid))
            rows.clear()

    for line in lines:
        if not line.strip() or CELL_SEPARATOR_LINE.match(line) or RULE_LINE.match(line):
            flush()
            continue
        cells = _cells(line)
        if cells is not None and len([c for c in cells if c]) >= 1 and len(cells) >= 2:
            if para:
                blocks.append(Block("paragraph", "\n".join(para)))
                para.clear()
            rows.append(cells)
        else:
            if rows:
                flush()
            para.append(line)
    flush()
    return blocks


def read_text(path: Path) -> Source:
    text = repair_literal_breaks(decode(path.read_bytes()))
    fmt = "md" if path.suffix.lower() == ".md" else "txt"
    if fmt == "md" or "**" in text:
        text = strip_markdown(text)
    return Source(path=str(path), format=fmt, blocks=blocks_from_lines(text.splitlines()))
