"""The normalised document that every extractor reads.

``text`` is the canonical text every span points into; ``fold`` is the same text, letter for
letter, in lower case with one tone-mark placement (``hoà`` -> ``hòa``), for matching. The segment
stage adds ``zones`` (header, title, body, closing, appendices ...) and the ``sections`` tree;
extractors read those instead of finding their own part of the document.
"""

from __future__ import annotations

import bisect
import heapq
from dataclasses import dataclass, field

from pipeline.model.source import BBox, BlockKind, Layer, Source
from schemas.models import ZoneKind


@dataclass
class DocBlock:
    kind: BlockKind
    start: int
    end: int
    page: int | None = None
    rows: list[list[str]] | None = None
    bbox: BBox | None = None
    layer: Layer = "body"


@dataclass
class Line:
    start: int
    end: int
    text: str
    fold: str
    block: int


@dataclass
class Zone:
    """A part of the document, as lines ``first``..``last`` (indices into ``Document.lines``).

    Zones may nest: the title lies inside the header, the recipients inside the closing. ``label``
    names what the zone is (the document type of ``doctype``, the caption of an ``appendix``)."""

    kind: ZoneKind
    first: int
    last: int
    start: int
    end: int
    label: str | None = None


@dataclass
class SectionNode:
    """One item of the outline: a numbered heading (``number`` is its path, "III.2.1") or a
    ``-``/``+`` item (``number`` is None). ``start``..``end`` spans the whole section, the heading
    is ``start``..``heading_end``; ``parent`` is an index into ``Document.sections``."""

    number: str | None
    marker: str
    kind: str  # the marker's class: roman, upper, arabic., dotted2, letter), bullet-, part:phần ...
    heading: str
    level: int
    start: int
    heading_start: int
    heading_end: int
    end: int
    line: int
    parent: int | None = None
    page: int | None = None


@dataclass
class Document:
    source: Source
    text: str
    fold: str
    blocks: list[DocBlock]
    raw_text: str
    origins: list[int]
    zones: list[Zone] = field(default_factory=list)
    sections: list[SectionNode] = field(default_factory=list)
    _lines: list[Line] | None = field(default=None, repr=False)
    _furniture: list[Line] | None = field(default=None, repr=False)
    # Lookup indexes, built on first use so that each lookup is a bisection, not a scan of the
    # document (a scan per fact makes the cost grow with the square of the length).
    _block_starts: list[int] | None = field(default=None, repr=False)
    _line_starts: list[int] | None = field(default=None, repr=False)
    _section_index: tuple[list[SectionNode], list[int], list[int | None]] | None = field(
        default=None, repr=False
    )

    def zone(self, kind: ZoneKind) -> Zone | None:
        """The first zone of a kind (``None`` when the document has none)."""
        return next((z for z in self.zones if z.kind == kind), None)

    def zone_lines(self, kind: ZoneKind) -> list[Line]:
        """The lines of the first zone of a kind ([] when the document has none)."""
        zone = self.zone(kind)
        return self.lines[zone.first : zone.last + 1] if zone else []

    def line_at(self, offset: int) -> int:
        """Index of the line holding (or following) ``offset``."""
        if self._line_starts is None:
            self._line_starts = [ln.start for ln in self.lines]
        return max(0, bisect.bisect_right(self._line_starts, offset) - 1)

    def section_at(self, offset: int) -> SectionNode | None:
        """The innermost section whose extent holds ``offset``: of those holding it, the one of the
        deepest level (the later one when two are equally deep)."""
        index = self._section_index
        if index is None or index[0] is not self.sections:
            index = self._section_index = (self.sections, *_innermost_by_interval(self.sections))
        sections, bounds, owners = index
        i = bisect.bisect_right(bounds, offset) - 1
        owner = owners[i] if 0 <= i < len(owners) else None
        return sections[owner] if owner is not None else None

    def ancestors(self, node: SectionNode) -> list[SectionNode]:
        """``node`` and its parents, innermost first."""
        chain = [node]
        while chain[-1].parent is not None:
            chain.append(self.sections[chain[-1].parent])
        return chain

    def page_at(self, offset: int) -> int | None:
        """Page (1-based) of the block holding ``offset``; None for formats without pages."""
        if self._block_starts is None:
            self._block_starts = [b.start for b in self.blocks]
        i = bisect.bisect_right(self._block_starts, offset) - 1
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
        """Non-empty lines of the body layer in reading order, with offsets into ``text``."""
        if self._lines is None:
            self._lines = self._lines_of("body")
        return self._lines

    @property
    def furniture(self) -> list[Line]:
        """Lines of page furniture: page numbers, running headers, e-signature stamps."""
        if self._furniture is None:
            self._furniture = self._lines_of("furniture")
        return self._furniture

    def _lines_of(self, layer: Layer) -> list[Line]:
        lines: list[Line] = []
        for bi, block in enumerate(self.blocks):
            if block.layer != layer:
                continue
            pos = block.start
            for part in self.text[block.start : block.end].split("\n"):
                end = pos + len(part)
                stripped = part.strip()
                if stripped:
                    lead = len(part) - len(part.lstrip())
                    s, e = pos + lead, pos + lead + len(stripped)
                    lines.append(Line(s, e, self.text[s:e], self.fold[s:e], bi))
                pos = end + 1
        return lines


def _innermost_by_interval(sections: list[SectionNode]) -> tuple[list[int], list[int | None]]:
    """The offsets where the set of sections holding an offset changes, and for each interval
    that starts there the index of its innermost section (deepest level, later on a tie): one
    sweep over the section starts and ends instead of a scan of every section per lookup."""
    bounds = sorted({n.start for n in sections} | {n.end for n in sections})
    by_start = sorted(range(len(sections)), key=lambda k: sections[k].start)
    active: list[tuple[int, int]] = []  # (-level, -index): the innermost on top
    owners: list[int | None] = []
    j = 0
    for b in bounds:
        while j < len(by_start) and sections[by_start[j]].start <= b:
            k = by_start[j]
            heapq.heappush(active, (-sections[k].level, -k))
            j += 1
        while active and sections[-active[0][1]].end <= b:
            heapq.heappop(active)
        owners.append(-active[0][1] if active else None)
    return bounds, owners
