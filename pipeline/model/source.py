"""What every reader yields: blocks in reading order, with pages and table grids.

Readers never talk to extractors; they only fill a ``Source``. Normalisation then turns it
into a ``Document`` (see ``pipeline.model.document``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["paragraph", "table", "header_cell", "stamp"]
# Body is content; furniture is what the page carries around it (page numbers, running headers,
# e-signature stamps), kept in the text so spans stay true but read by no extractor as content.
Layer = Literal["body", "furniture"]
BBox = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


def union(boxes: Iterable[BBox]) -> BBox:
    """The smallest box holding ``boxes`` (any corner order: minima first, maxima last)."""
    listed = list(boxes)
    return (
        min(b[0] for b in listed),
        min(b[1] for b in listed),
        max(b[2] for b in listed),
        max(b[3] for b in listed),
    )


@dataclass
class Block:
    """A unit of text in reading order. A table block keeps its grid in ``rows``."""

    kind: BlockKind
    text: str
    page: int | None = None
    bbox: BBox | None = None
    rows: list[list[str]] | None = None
    layer: Layer = "body"


@dataclass
class Source:
    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    pages_source: str | None = None  # "pdf" | "docProps" (Word's saved count) | "estimate"
    needs_ocr: bool = False
    ocr: bool = False  # some pages were read by OCR
    ocr_confidence: float | None = None  # mean word confidence of the OCR, 0-1
    legacy_encoding: str | None = None
    warnings: list[str] = field(default_factory=list)


class ReadError(Exception):
    """A file that cannot be read at all; the batch records it and goes on."""


def table_text(rows: list[list[str]]) -> str:
    """Tables enter the text as one line per row, cells joined by a tab."""
    return "\n".join("\t".join(" ".join(c.split()) for c in row) for row in rows)


def table_block(rows: list[list[str]]) -> Block:
    """A table block of ``rows``, short rows padded to the widest (text readers' row lists)."""
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    return Block("table", table_text(grid), rows=grid)
