"""The normalised document that every extractor reads.

``text`` is the canonical text every span points into; ``fold`` is the same text, letter for
letter, in lower case with one tone-mark placement (``hoà`` -> ``hòa``), for matching.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from pipeline.model.source import BlockKind, Source


@dataclass
class DocBlock:
    kind: BlockKind
    start: int
    end: int
    page: int | None = None
    rows: list[list[str]] | None = None


@dataclass
class Line:
    start: int
    end: int
    text: str
    fold: str
    block: int


@dataclass
class Document:
    source: Source
    text: str
    fold: str
    blocks: list[DocBlock]
    raw_text: str
    origins: list[int]
    _lines: list[Line] | None = field(default=None, repr=False)

    def page_at(self, offset: int) -> int | None:
        """Page (1-based) of the block holding ``offset``; None for formats without pages."""
        starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(starts, offset) - 1
        return self.blocks[i].page if 0 <= i < len(self.blocks) else None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Where a normalised span came from in the raw text the reader produced."""
        if not self.origins:
            return (0, 0)
        s = self.origins[min(start, len(self.origins) - 1)]
        e = self.origins[end - 1] + 1 if end > start else s
        return (s, e)

    @property
    def lines(self) -> list[Line]:
        """Non-empty lines in reading order, with offsets into ``text``."""
        if self._lines is None:
            lines: list[Line] = []
            for bi, block in enumerate(self.blocks):
                pos = block.start
                for part in self.text[block.start : block.end].split("\n"):
                    end = pos + len(part)
                    stripped = part.strip()
                    if stripped:
                        lead = len(part) - len(part.lstrip())
                        s, e = pos + lead, pos + lead + len(stripped)
                        lines.append(Line(s, e, self.text[s:e], self.fold[s:e], bi))
                    pos = end + 1
            self._lines = lines
        return self._lines
