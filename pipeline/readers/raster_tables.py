"""Ruled tables of a scanned page: the rules found in the image, the cells found by the same
lattice as a PDF's (``pdf_tables``), and every cell read by OCR on its own.

A rule is a long run of dark pixels: a horizontal rule runs along a pixel row, a vertical one
down a column, far longer than any stroke of a letter. A scanner leaves a page a little skewed
(half a degree moves a rule by several points across a table, enough to cut the tops off a
row's words), so the page is first turned square by the median slope of its long rules. The
runs on neighbouring rows that touch are one rule, at their mean height, from their leftmost to
their rightmost pixel; the rules then go through pdfplumber's steps as the vector rules of a
PDF do (snapped, joined, crossed, closed into cells, grouped into tables), in points with the
top of the page at 0.

Why each cell on its own: read as a page, Tesseract takes a rule for "|" or "—", glues words
across it, and with the rules removed its page layout analysis drops narrow columns of numbers
as noise (1 of 18 household counts read on seed 000's Phụ lục 01). The non-empty cells, cut
out without their rules, are stacked one under another into one image that Tesseract reads in
one run as one block (layout mode 6); each word goes back to the cell whose stripe holds it.
Measured on seed 000's scan: 110 of the 136 table targets its text layer gives, none wrong.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np
from PIL import Image

from pipeline.readers.pdf_tables import (
    Cell,
    Edge,
    TableRegion,
    cell_regions,
    cells,
    intersections,
    merge_edges,
    tables,
)

DARK = 160  # grey level under which a pixel is ink
MIN_RULE = 20.0  # points: a run of ink this long is a rule, not a stroke of a letter
MIN_SKEW, MAX_SKEW = 0.05, 5.0  # degrees: less is square enough, more is no scanner's skew


@dataclass
class OcrWord:
    """A word OCR read, in points from the page's top left."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def _runs(ink: np.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of every run of ink at least ``min_length`` pixels long, row by row."""
    padded = np.zeros((ink.shape[0], ink.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = ink
    change = np.diff(padded, axis=1)
    start_rows, start_cols = np.nonzero(change == 1)
    _, end_cols = np.nonzero(change == -1)
    long = (end_cols - start_cols) >= min_length
    return list(
        zip(
            start_rows[long].tolist(),
            start_cols[long].tolist(),
            end_cols[long].tolist(),
            strict=True,
        )
    )


@dataclass
class _Rule:
    """Runs joined into one rule, with the sums that fit a line through their middles."""

    start: int
    end: int
    count: int = 0
    sum_x: float = 0.0
    sum_y: float = 0.0
    sum_xy: float = 0.0
    sum_xx: float = 0.0

    def add(self, row: int, start: int, end: int) -> None:
        mid = (start + end) / 2
        self.start, self.end = min(self.start, start), max(self.end, end)
        self.count += 1
        self.sum_x += mid
        self.sum_y += row
        self.sum_xy += mid * row
        self.sum_xx += mid * mid

    @property
    def row(self) -> float:
        return self.sum_y / self.count

    @property
    def slope(self) -> float:
        """Rows per column along the rule (a scan's skew); 0 for a rule square to the page."""
        spread = self.sum_xx - self.sum_x**2 / self.count
        if spread <= 1e-9:
            return 0.0
        return (self.sum_xy - self.sum_x * self.sum_y / self.count) / spread


def _rules(ink: np.ndarray, min_length: int) -> list[_Rule]:
    """Runs on neighbouring rows that overlap, joined into rules."""
    rules: list[_Rule] = []
    above: list[tuple[int, int, _Rule]] = []  # the previous row's runs: start, end, rule
    here: list[tuple[int, int, _Rule]] = []
    row_here = -2
    for row, start, end in _runs(ink, min_length):
        if row != row_here:
            above = here if row == row_here + 1 else []
            here, row_here = [], row
        rule = next((r for s, e, r in above if start < e and s < end), None)
        if rule is None:
            rule = _Rule(start, end)
            rules.append(rule)
        rule.add(row, start, end)
        here.append((start, end, rule))
    return rules


@dataclass
class RuledPage:
    """A page image's rules and the tables they close."""

    tables: list[list[Cell]]
    ink: np.ndarray  # of the page turned square
    min_length: int
    angle: float = 0.0  # degrees the page was turned (counter-clockwise)

    def rules(self) -> np.ndarray:
        """The pixels of every run of ink as long as a rule, along rows or columns."""
        return _long(self.ink, self.min_length) | _long(self.ink.T, self.min_length).T


def _long(ink: np.ndarray, min_length: int) -> np.ndarray:
    """The pixels of runs at least ``min_length`` long along rows."""
    out = np.zeros(ink.shape, dtype=bool)
    for row, start, end in _runs(np.ascontiguousarray(ink), min_length):
        out[row, start:end] = True
    return out


def _skew(horizontal: list[_Rule], width: int) -> float:
    """The page's skew in degrees (counter-clockwise turns it square): the median slope of the
    horizontal rules at least a quarter of the page wide; 0 without such rules."""
    long = [r.slope for r in horizontal if r.end - r.start >= width / 4]
    if not long:
        return 0.0
    return float(np.degrees(np.arctan(np.median(long))))


def _edges(ink: np.ndarray, horizontal: list[_Rule], scale: float, min_length: int) -> list[Edge]:
    edges = [
        Edge("h", r.start * scale, r.row * scale, r.end * scale, r.row * scale) for r in horizontal
    ]
    edges += [
        Edge("v", r.row * scale, r.start * scale, r.row * scale, r.end * scale)
        for r in _rules(np.ascontiguousarray(ink.T), min_length)
    ]
    return edges


def ruled_page(image: Image.Image, dpi: float) -> RuledPage:
    """The tables a page image's rules close, found on the page turned square (a scanner's skew
    of half a degree moves a rule by several points across a table, enough to cut the tops off
    a row's words), in points from the top left of the turned page."""
    grey = image.convert("L")
    ink = np.asarray(grey) < DARK
    scale = 72 / dpi
    min_length = max(8, round(MIN_RULE / scale))
    horizontal = _rules(ink, min_length)
    angle = _skew(horizontal, ink.shape[1])
    if MIN_SKEW <= abs(angle) <= MAX_SKEW:
        grey = grey.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
        ink = np.asarray(grey) < DARK
        horizontal = _rules(ink, min_length)
    else:
        angle = 0.0
    merged = merge_edges(_edges(ink, horizontal, scale, min_length))
    found = tables(cells(intersections(merged))) if merged else []
    return RuledPage(found, ink, min_length, angle)


CELL_INSET = 1.5  # points trimmed from each side of a cell: what is left of its rules
CELL_GAP = 12.0  # points of white between two cells stacked for OCR
MIN_CELL_INK = 12  # dark pixels: a cell with fewer is empty (dust, a rule's stub)


@dataclass
class CellStack:
    """The non-empty cells of a page's tables, cut out of the page without its rules and stacked
    one under another, so that one OCR run reads every cell apart from its neighbours."""

    image: Image.Image
    spans: list[tuple[Cell, int, int]]  # each cell and its rows in the stack (pixels)


def stack_cells(ruled: RuledPage, dpi: float) -> CellStack | None:
    scale = dpi / 72
    clean = np.where(ruled.ink & ~ruled.rules(), 0, 255).astype(np.uint8)
    inset, gap = round(CELL_INSET * scale), round(CELL_GAP * scale)
    crops: list[tuple[Cell, np.ndarray]] = []
    for table in ruled.tables:
        for cell in table:
            x0, top, x1, bottom = (round(v * scale) for v in cell)
            crop = clean[top + inset : bottom - inset, x0 + inset : x1 - inset]
            if crop.size and int((crop < 128).sum()) >= MIN_CELL_INK:
                crops.append((cell, crop))
    if not crops:
        return None
    width = max(c.shape[1] for _, c in crops) + 2 * gap
    height = sum(c.shape[0] for _, c in crops) + gap * (len(crops) + 1)
    canvas = np.full((height, width), 255, dtype=np.uint8)
    spans: list[tuple[Cell, int, int]] = []
    y = gap
    for cell, crop in crops:
        canvas[y : y + crop.shape[0], gap : gap + crop.shape[1]] = crop
        spans.append((cell, y, y + crop.shape[0]))
        y += crop.shape[0] + gap
    return CellStack(Image.fromarray(canvas), spans)


def _unturned(box: Cell, angle: float, width: float, height: float) -> Cell:
    """A box (left, top, right, bottom; points from the top left) of the page turned by
    ``angle`` degrees about its centre, as the box that holds it on the page as scanned."""
    theta = np.radians(angle)
    cos, sin = float(np.cos(theta)), float(np.sin(theta))
    cx, cy = width / 2, height / 2
    x0, top, x1, bottom = box
    xs, ys = [], []
    for x, y in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)):
        xs.append(cx + (x - cx) * cos - (y - cy) * sin)
        ys.append(cy + (x - cx) * sin + (y - cy) * cos)
    return (min(xs), min(ys), max(xs), max(ys))


def stacked_texts(
    ruled: RuledPage, stack: CellStack, words: list[OcrWord], dpi: float, page_height: float
) -> list[TableRegion]:
    """The tables with the words OCR read in the stack (``words`` in the stack's points), each
    put back in the cell whose stripe holds its middle; each table's box on the page as
    scanned."""
    scale = 72 / dpi
    starts = [start * scale for _, start, _ in stack.spans]
    by_cell: dict[Cell, list[list]] = {}
    for word in words:
        mid = (word.top + word.bottom) / 2
        index = bisect.bisect_right(starts, mid) - 1
        if index < 0:
            continue
        cell, start, end = stack.spans[index]
        if mid <= end * scale:
            by_cell.setdefault(cell, []).append([word.text, word.x0, mid])
    regions = cell_regions(ruled.tables, by_cell, page_height)
    if not ruled.angle:
        return regions
    width = ruled.ink.shape[1] * scale
    out: list[TableRegion] = []
    for (left, bottom, right, top), rows in regions:
        x0, y0, x1, y1 = _unturned(
            (left, page_height - top, right, page_height - bottom), ruled.angle, width, page_height
        )
        out.append(((x0, page_height - y1, x1, page_height - y0), rows))
    return out
