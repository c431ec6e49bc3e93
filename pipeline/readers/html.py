"""HTML pages (law-library copies): block tags become lines, tables become grids.

Small tables (the two-column header and the signature table) are layout, not data: each cell
becomes its own block so the header reads cell by cell instead of as ``|``-joined rows.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from pipeline.model.layout import is_layout_table
from pipeline.model.source import Block, Source, table_text
from pipeline.readers.text import blocks_from_lines, decode_text

BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "section",
    "article",
    "tr",
    "hr",
}
SKIP_TAGS = {"script", "style", "head", "title", "noscript"}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lines: list[str] = [""]
        self.skip = 0
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def _flush_lines(self) -> None:
        self.blocks.extend(blocks_from_lines(self.lines))
        self.lines = [""]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag == "table":
            if not self.tables:
                self._flush_lines()
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = []
        elif tag in BLOCK_TAGS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.tables and self.cell is not None:
            if not self.tables[-1]:
                self.tables[-1].append([])
            self.tables[-1][-1].append(
                "\n".join(x.strip() for x in "".join(self.cell).split("\n") if x.strip())
            )
            self.cell = None
        elif tag == "table" and self.tables:
            self._emit_table(self.tables.pop())
        elif tag in BLOCK_TAGS:
            self._newline()

    def _newline(self) -> None:
        if self.cell is not None:
            self.cell.append("\n")
        else:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(" ".join(data.split()) if data.strip() else " ")
        elif self.tables:
            return
        else:
            self.lines[-1] += data.replace("\n", " ")

    def _emit_table(self, rows: list[list[str]]) -> None:
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            return
        width = max(len(r) for r in rows)
        if is_layout_table(rows):
            for row in rows:
                for cell in row:
                    if cell.strip():
                        self.blocks.append(Block("header_cell", cell))
            return
        grid = [r + [""] * (width - len(r)) for r in rows]
        self.blocks.append(Block("table", table_text(grid), rows=grid))

    def close(self) -> None:
        super().close()
        self._flush_lines()


def read_html(path: Path) -> Source:
    decoded = decode_text(path.read_bytes())
    parser = _Parser()
    parser.feed(decoded.text)
    parser.close()
    return Source(
        path=str(path),
        format="html",
        blocks=parser.blocks,
        legacy_encoding=decoded.encoding,
        warnings=decoded.warnings,
    )
