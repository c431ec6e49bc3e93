"""Ruled tables from pdfium's own path objects and text: pdfplumber's lattice on pdfium's paths.

pdfplumber finds a ruled table from the page's lines, rectangles and polylines: edges snapped and
joined within 3 points, their crossings, the smallest cells those crossings close, and the cells
that share corners grouped into tables (its ``TableFinder`` with the default ``lines`` settings).
It reads them through pdfminer, which parses the whole page again in Python (~50 ms a page). The
same steps here read the paths pdfium has already parsed, classified the way pdfminer classifies
them (a two-point path is a line, a closed axis-aligned four-point path a rectangle, anything
else a curve whose straight segments count), so the cells come out as pdfplumber's.

A cell's text is pdfplumber's too: the characters whose (loose, advance-wide) box has its centre
in the cell, as words in lines top to bottom and left to right; words are where pdfium's text puts
them, and pdfium's line-end hyphen (U+FFFE) ends its line as the hyphen it is.

Coordinates follow pdfplumber: ``top`` grows downwards from the top of the page (``height - y``).
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from pipeline.model.source import union

SNAP = 3.0  # TableSettings.snap_tolerance
JOIN = 3.0  # join_tolerance
INTERSECTION = 3.0  # intersection_tolerance
MIN_PREFILTER = 1.0  # edge_min_length_prefilter
MIN_LENGTH = 3.0  # edge_min_length
LINE_TOLERANCE = 3.0  # text y_tolerance: words within 3 points of each other's top share a line
LINE_END_HYPHEN = "\ufffe"
LINE_BREAK = regex.compile(r"\r\n|[\r\n]")

Point = tuple[float, float]
MOVETO, BEZIERTO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_BEZIERTO
Cell = tuple[float, float, float, float]  # x0, top, x1, bottom
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Edge:
    orientation: str  # "h" | "v"
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def length(self) -> float:
        return self.bottom - self.top if self.orientation == "v" else self.x1 - self.x0

    @property
    def bbox(self) -> Cell:
        return (self.x0, self.top, self.x1, self.bottom)


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention: p' = p * m * n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m: Matrix, x: float, y: float) -> Point:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _matrix_of(obj: pdfium_c.FPDF_PAGEOBJECT) -> Matrix:
    fs = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(fs)):
        return IDENTITY
    return (fs.a, fs.b, fs.c, fs.d, fs.e, fs.f)


def path_objects(page: pdfium.PdfPage, max_depth: int = 2) -> Iterator[tuple[object, Matrix]]:
    """Every path object of the page with its matrix to page space, forms entered up to
    ``max_depth`` levels (as pdfminer renders nested forms)."""

    def walk(container: object, count: int, get: object, outer: Matrix, depth: int) -> Iterator:
        for i in range(count):
            obj = get(container, i)  # type: ignore[operator]
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                yield obj, _multiply(_matrix_of(obj), outer)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < max_depth:
                inner = _multiply(_matrix_of(obj), outer)
                n = pdfium_c.FPDFFormObj_CountObjects(obj)
                yield from walk(obj, n, pdfium_c.FPDFFormObj_GetObject, inner, depth + 1)

    raw = page.raw
    yield from walk(
        raw, pdfium_c.FPDFPage_CountObjects(raw), pdfium_c.FPDFPage_GetObject, IDENTITY, 0
    )


_SEGMENT_CALLS = (
    pdfium_c.FPDFPath_GetPathSegment,
    pdfium_c.FPDFPathSegment_GetType,
    pdfium_c.FPDFPathSegment_GetPoint,
    pdfium_c.FPDFPathSegment_GetClose,
)


def _subpaths(obj: object, matrix: Matrix) -> list[tuple[str, list[Point]]]:
    """A path as pdfminer sees it: per subpath the operators (m, l, c, h) and each one's end
    point in page space (``h`` ends where its subpath began)."""
    get_segment, get_type, get_point, get_close = _SEGMENT_CALLS
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    a, b, c, d, e, f = matrix
    out: list[tuple[str, list[Point]]] = []
    shape: list[str] = []
    pts: list[Point] = []
    pending_bezier = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = get_segment(obj, i)
        kind = get_type(seg)
        get_point(seg, x_ref, y_ref)
        px, py = x.value, y.value
        point = (a * px + c * py + e, b * px + d * py + f)
        if kind == MOVETO:
            if shape:
                out.append(("".join(shape), pts))
            shape, pts, pending_bezier = ["m"], [point], 0
        elif kind == BEZIERTO:
            pending_bezier += 1
            if pending_bezier < 3:  # two control points, then the end point
                continue
            pending_bezier = 0
            shape.append("c")
            pts.append(point)
        else:
            shape.append("l")
            pts.append(point)
        if get_close(seg) and pts:
            shape.append("h")
            pts.append(pts[0])
    if shape:
        out.append(("".join(shape), pts))
    return out


def _edges_of_subpath(shape: str, pts: list[Point], height: float) -> list[Edge]:
    """pdfminer's line / rect / curve for one subpath, as pdfplumber's edges."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]
    flip = [(px, height - py) for px, py in pts]
    if shape in {"mlh", "ml"}:
        (ax, at), (bx, bt) = flip[0], flip[1]
        x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(at, bt), max(at, bt)
        return [Edge("h" if top == bottom else "v", x0, top, x1, bottom)]
    if shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            xs = [p[0] for p in flip]
            ts = [p[1] for p in flip]
            left, right, top, bottom = min(xs), max(xs), min(ts), max(ts)
            return [
                Edge("h", left, top, right, top),
                Edge("h", left, bottom, right, bottom),
                Edge("v", left, top, left, bottom),
                Edge("v", right, top, right, bottom),
            ]
    edges = []
    for (ax, at), (bx, bt) in itertools.pairwise(flip):
        orientation = "v" if ax == bx else "h" if at == bt else None
        if orientation is not None:
            edges.append(Edge(orientation, min(ax, bx), min(at, bt), max(ax, bx), max(at, bt)))
    return edges


def page_edges(paths: list[tuple[object, Matrix]], height: float) -> list[Edge]:
    """Every horizontal and vertical edge the paths draw (``edge_min_length_prefilter``)."""
    edges = []
    for obj, matrix in paths:
        for shape, pts in _subpaths(obj, matrix):
            if shape.startswith("m"):
                edges.extend(_edges_of_subpath(shape, pts, height))
    return [e for e in edges if e.length >= MIN_PREFILTER]


def _cluster(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted distinct values, a new cluster after a gap."""
    out: dict[float, int] = {}
    cluster, last = -1, None
    for v in sorted(set(values)):
        if last is None or v > last + tolerance:
            cluster += 1
        out[v] = cluster
        last = v
    return out


def _snap(edges: list[Edge], attr: str, tolerance: float) -> list[Edge]:
    """Edges within ``tolerance`` of one another moved to their cluster's average position."""
    key = (lambda e: e.x0) if attr == "x0" else (lambda e: e.top)
    clusters = _cluster([key(e) for e in edges], tolerance)
    groups: dict[int, list[Edge]] = {}
    for e in sorted(edges, key=lambda e: clusters[key(e)]):
        groups.setdefault(clusters[key(e)], []).append(e)
    out = []
    for group in groups.values():
        avg = sum(key(e) for e in group) / len(group)
        for e in group:
            shift = avg - key(e)
            if attr == "x0":
                out.append(Edge(e.orientation, e.x0 + shift, e.top, e.x1 + shift, e.bottom))
            else:
                out.append(Edge(e.orientation, e.x0, e.top + shift, e.x1, e.bottom + shift))
    return out


def _join(edges: list[Edge], orientation: str, tolerance: float) -> list[Edge]:
    """Edges on one line joined where they overlap or lie within ``tolerance``."""
    lo = (lambda e: e.x0) if orientation == "h" else (lambda e: e.top)
    hi = (lambda e: e.x1) if orientation == "h" else (lambda e: e.bottom)
    ordered = sorted(edges, key=lo)
    joined = [ordered[0]]
    for e in ordered[1:]:
        last = joined[-1]
        if lo(e) <= hi(last) + tolerance:
            if hi(e) > hi(last):
                joined[-1] = (
                    Edge(last.orientation, last.x0, last.top, e.x1, last.bottom)
                    if orientation == "h"
                    else Edge(last.orientation, last.x0, last.top, last.x1, e.bottom)
                )
        else:
            joined.append(e)
    return joined


def merge_edges(edges: list[Edge]) -> list[Edge]:
    """pdfplumber's ``merge_edges`` (snap, then join per line) and the length filter."""
    snapped = _snap([e for e in edges if e.orientation == "v"], "x0", SNAP) + _snap(
        [e for e in edges if e.orientation == "h"], "top", SNAP
    )

    def group(e: Edge) -> tuple[str, float]:
        return ("h", e.top) if e.orientation == "h" else ("v", e.x0)

    merged: list[Edge] = []
    for (orientation, _), items in itertools.groupby(sorted(snapped, key=group), key=group):
        merged.extend(_join(list(items), orientation, JOIN))
    return [e for e in merged if e.length >= MIN_LENGTH]


Intersections = dict[Point, tuple[set[Cell], set[Cell]]]  # vertical, horizontal edge boxes


def intersections(edges: list[Edge]) -> Intersections:
    """Where a vertical edge crosses (or nearly meets) a horizontal one."""
    out: Intersections = {}
    vs = sorted((e for e in edges if e.orientation == "v"), key=lambda e: (e.x0, e.top))
    hs = sorted((e for e in edges if e.orientation == "h"), key=lambda e: (e.top, e.x0))
    tol = INTERSECTION
    for v in vs:
        for h in hs:
            if (
                v.top <= h.top + tol
                and v.bottom >= h.top - tol
                and v.x0 >= h.x0 - tol
                and v.x0 <= h.x1 + tol
            ):
                vertical, horizontal = out.setdefault((v.x0, h.top), (set(), set()))
                vertical.add(v.bbox)
                horizontal.add(h.bbox)
    return out


def cells(crossings: Intersections) -> list[Cell]:
    """For each crossing, the smallest cell it opens at its top left (pdfplumber's
    ``intersections_to_cells``, with the points below and to the right looked up by column and
    row instead of filtered from every later point)."""
    points = sorted(crossings)
    below: dict[float, list[Point]] = {}
    right: dict[float, list[Point]] = {}
    for p in points:  # sorted by x then top: each list is in the order pdfplumber scans
        below.setdefault(p[0], []).append(p)
        right.setdefault(p[1], []).append(p)

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and crossings[p1][0] & crossings[p2][0]:
            return True
        return p1[1] == p2[1] and bool(crossings[p1][1] & crossings[p2][1])

    out = []
    for pt in points:
        col = below[pt[0]]
        row = [p for p in right[pt[1]] if p > pt]
        found = None
        for below_pt in col[col.index(pt) + 1 :]:
            if not connects(pt, below_pt):
                continue
            for right_pt in row:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if (
                    corner in crossings
                    and connects(corner, right_pt)
                    and connects(corner, below_pt)
                ):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            out.append(found)
    return out


def tables(found: list[Cell]) -> list[list[Cell]]:
    """Cells sharing a corner, transitively, form a table; tables of one cell are dropped; top to
    bottom, then left to right (pdfplumber's ``cells_to_tables``)."""
    parent = list(range(len(found)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[Point, int] = {}
    for i, (x0, top, x1, bottom) in enumerate(found):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[Cell]] = {}
    for i, cell in enumerate(found):
        groups.setdefault(root(i), []).append(cell)
    ordered = sorted(groups.values(), key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in ordered if len(t) > 1]


def rows(table: list[Cell]) -> list[list[Cell | None]]:
    """The table as rows of cells over its distinct column starts (None where a merged cell
    covers the position), as pdfplumber's ``Table.rows``."""
    xs = sorted({c[0] for c in table})
    out = []
    by_top = sorted(table, key=lambda c: (c[1], c[0]))
    for _, row_cells in itertools.groupby(by_top, lambda c: c[1]):
        by_x = {c[0]: c for c in row_cells}
        out.append([by_x.get(x) for x in xs])
    return out


# A page that draws fewer paths holds no table worth reading as one: on the corpus, the grids
# pdfplumber (and this finder) see on such pages are bordered text frames, headers and footnote
# boxes (15 of them, all with 7 cells or fewer), and reading them as tables lowered the issuer,
# place and title accuracy of their documents. Pages with 12 paths or more are where the tables
# are (the prefilter vnplan used before, kept for that reason).
MIN_PATHS = 12


def find_tables(page: pdfium.PdfPage, height: float) -> list[list[Cell]]:
    """The page's ruled tables, each as its cells ([] on a page of fewer than MIN_PATHS paths)."""
    paths = list(path_objects(page))
    if len(paths) < MIN_PATHS:
        return []
    edges = merge_edges(page_edges(paths, height))
    if not edges:
        return []
    return tables(cells(intersections(edges)))


@dataclass
class _Grid:
    """A table's cells looked up by the point at their top left."""

    cells: list[Cell]
    box: Cell = (0.0, 0.0, 0.0, 0.0)
    xs: list[float] = field(default_factory=list)
    tops: list[float] = field(default_factory=list)
    at: dict[Point, Cell] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.box = union(self.cells)
        self.xs = sorted({c[0] for c in self.cells})
        self.tops = sorted({c[1] for c in self.cells})
        self.at = {(c[0], c[1]): c for c in self.cells}

    def cell_of(self, x: float, y: float) -> Cell | None:
        """The cell whose box holds the point (pdfplumber: x0 <= x < x1, top <= y < bottom)."""
        if not (self.box[0] <= x < self.box[2] and self.box[1] <= y < self.box[3]):
            return None
        for i in range(bisect.bisect_right(self.xs, x) - 1, -1, -1):
            for j in range(bisect.bisect_right(self.tops, y) - 1, -1, -1):
                cell = self.at.get((self.xs[i], self.tops[j]))
                if cell is not None and x < cell[2] and y < cell[3]:
                    return cell
        return None


Word = tuple[str, float, float]  # text, x0, top


def _lines_near(
    textpage: pdfium.PdfTextPage, text: str, grids: list[_Grid], height: float
) -> Iterator[tuple[int, int]]:
    """The spans of pdfium's lines whose box comes near a table: only their characters can have
    a centre in a cell (a line's glyph box is widened by twice its height for the loose boxes)."""
    start = 0
    n = len(text)
    for brk in [*LINE_BREAK.finditer(text), None]:
        end = brk.start() if brk is not None else n
        count = pdfium_c.FPDFText_CountRects(textpage.raw, start, end - start) if end > start else 0
        boxes = [textpage.get_rect(k) for k in range(count)]
        for left, bottom, right, top in boxes:
            margin = 2 * (top - bottom) + 3
            x0, x1, y0, y1 = (
                left - margin,
                right + margin,
                height - top - margin,
                height - bottom + margin,
            )
            if any(
                g.box[0] <= x1 and x0 <= g.box[2] and g.box[1] <= y1 and y0 <= g.box[3]
                for g in grids
            ):
                yield start, end
                break
        start = brk.end() if brk is not None else n


def _cell_words(textpage: pdfium.PdfTextPage, grids: list[_Grid], height: float) -> dict:
    """The words of every cell: runs of characters that pdfium's text keeps together (no
    whitespace between them) and whose centres fall in the same cell."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    if len(text) != n:
        text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(n))
    box = pdfium_c.FS_RECTF()
    ref = ctypes.byref(box)
    raw = textpage.raw
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    words: dict[Cell, list[list]] = {}
    for line_start, line_end in _lines_near(textpage, text, grids, height):
        current: list | None = None
        current_cell: Cell | None = None
        for i in range(line_start, line_end):
            ch = text[i]
            if ch.isspace() or not get_box(raw, i, ref):
                current = None
                continue
            x0, top = box.left, height - box.top
            mid_x, mid_y = (x0 + box.right) / 2, (top + height - box.bottom) / 2
            cell = None
            for grid in grids:
                cell = grid.cell_of(mid_x, mid_y)
                if cell is not None:
                    break
            if cell is None:
                current = None
                continue
            hyphen = ch == LINE_END_HYPHEN
            piece = "-" if hyphen else ch
            if current is not None and cell == current_cell:
                current[0] += piece
                if x0 < current[1]:
                    current[1] = x0
                if top < current[2]:
                    current[2] = top
            else:
                current, current_cell = [piece, x0, top], cell
                words.setdefault(cell, []).append(current)
            if hyphen:
                current = None  # the word goes on at the start of the next line
    return words


def _text(words: list[list]) -> str:
    """Words in lines (tops within LINE_TOLERANCE, chained), lines top to bottom, words left to
    right: pdfplumber's ``extract_text`` order."""
    tops = sorted({w[2] for w in words})
    line_of: dict[float, int] = {}
    line, last = -1, None
    for t in tops:
        if last is None or t > last + LINE_TOLERANCE:
            line += 1
        line_of[t] = line
        last = t
    lines: dict[int, list[list]] = {}
    for w in words:
        lines.setdefault(line_of[w[2]], []).append(w)
    return "\n".join(
        " ".join(w[0] for w in sorted(lines[k], key=lambda w: w[1])) for k in sorted(lines)
    )


TableRegion = tuple[tuple[float, float, float, float], list[list[str]]]  # PDF box, rows


def _regions(grids: list[_Grid], words: dict[Cell, list[list]], height: float) -> list[TableRegion]:
    out: list[TableRegion] = []
    for grid in grids:
        rows_text = [
            [_text(words[c]).strip() if c in words else "" for c in row] for row in rows(grid.cells)
        ]
        kept = [r for r in rows_text if any(r)]
        if len(kept) >= 2 and max(len(r) for r in kept) >= 2:
            x0, top, x1, bottom = grid.box
            out.append(((x0, height - bottom, x1, height - top), kept))
    return out


def table_regions(
    found: list[list[Cell]], textpage: pdfium.PdfTextPage, height: float
) -> list[TableRegion]:
    """The ruled tables ``found`` with their text: each as its box in PDF coordinates (left,
    bottom, right, top) and its rows of cell texts (a merged cell's other positions are ""). A
    grid without two rows and two columns of text is no table (a frame, a signature box)."""
    if not found:
        return []
    grids = [_Grid(cells) for cells in found]
    return _regions(grids, _cell_words(textpage, grids, height), height)


def cell_regions(
    found: list[list[Cell]], words: dict[Cell, list[list]], height: float
) -> list[TableRegion]:
    """``table_regions`` for words read elsewhere (OCR): each cell's words as [text, left, line
    y], in the cell's own lines top to bottom."""
    return _regions([_Grid(cells) for cells in found], words, height)
