"""Runs of a PDF page: text on one baseline without a wide gap, with its box (pypdfium2).

The page's text comes whole from pdfium's text range, which already breaks lines and puts a space
where glyphs stand apart. Geometry is asked for only at the grain layout needs: one rectangle for
a pdfium line drawn by a single text object (most lines of office-made PDFs), one per word where a
line is drawn by several, and glyph by glyph only inside a word drawn by several text objects (a
kerning-split date, a superscript). A page of 2,000 characters takes ~40 box calls instead of
2,000, each ~1 µs of ctypes.

Runs are built as before from these units: a unit joins the run when it sits on the same baseline
(vertical overlap) within 1.2 line heights, with a space when pdfium had whitespace between them or
the gap is over a quarter of the line height.
"""

from __future__ import annotations

import ctypes
import itertools
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from pipeline.model.source import BBox, union

LINE_BREAK = regex.compile(r"\r\n|[\r\n]")
WORD = regex.compile(r"\S+")


@dataclass
class Run:
    text: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


class _RunBuilder:
    """Joins units (a line, a word or a glyph, with its box) into runs."""

    def __init__(self) -> None:
        self.runs: list[Run] = []
        self.cur: list[str] = []
        self.box: list[float] = []
        self.pending_space = False

    def space(self) -> None:
        self.pending_space = True

    def add(self, text: str, box: BBox) -> None:
        left, bottom, right, top = box
        cur = self.cur
        if cur:
            b = self.box
            height = max(b[3] - b[1], top - bottom, 1.0)
            overlap = min(top, b[3]) - max(bottom, b[1])
            same_line = overlap >= 0.5 * min(top - bottom, b[3] - b[1], height)
            gap = left - b[2]
            if same_line and -0.5 * height <= gap < 1.2 * height:
                if self.pending_space or gap > 0.25 * height:
                    cur.append(" ")
                cur.append(text)
                self.box = [min(b[0], left), min(b[1], bottom), max(b[2], right), max(b[3], top)]
                self.pending_space = False
                return
            self.runs.append(Run("".join(cur), *b))
        self.cur, self.box, self.pending_space = [text], [left, bottom, right, top], False

    def finish(self) -> list[Run]:
        if self.cur:
            self.runs.append(Run("".join(self.cur), *self.box))
            self.cur = []
        return self.runs


class _Boxes:
    """pdfium's box calls on one text page, through the raw API with reused out-parameters (the
    wrapper allocates four doubles per call, which costs as much as the call itself)."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.raw = textpage.raw
        self.l, self.b, self.r, self.t = (ctypes.c_double() for _ in range(4))
        self.refs = tuple(ctypes.byref(v) for v in (self.l, self.t, self.r, self.b))
        self.char_refs = tuple(ctypes.byref(v) for v in (self.l, self.r, self.b, self.t))

    def rects(self, start: int, count: int) -> list[BBox]:
        """One box per text object the span crosses (generated characters left out)."""
        n = pdfium_c.FPDFText_CountRects(self.raw, start, count)
        out = []
        for i in range(n):
            pdfium_c.FPDFText_GetRect(self.raw, i, *self.refs)
            out.append((self.l.value, self.b.value, self.r.value, self.t.value))
        return out

    def glyph(self, index: int) -> BBox:
        pdfium_c.FPDFText_GetCharBox(self.raw, index, *self.char_refs)
        return (self.l.value, self.b.value, self.r.value, self.t.value)


def _chained(rects: list[BBox]) -> bool:
    """Pieces of one word that follow each other on one baseline without a gap (a word drawn in
    several text objects: a change of font, a glyph placed on its own)."""
    for a, b in itertools.pairwise(rects):
        height = max(a[3] - a[1], b[3] - b[1], 1.0)
        overlap = min(a[3], b[3]) - max(a[1], b[1])
        gap = b[0] - a[2]
        if overlap < 0.5 * min(a[3] - a[1], b[3] - b[1], height) or not (
            -0.5 * height <= gap <= 0.25 * height
        ):
            return False
    return True


def _one_run(rects: list[BBox]) -> bool:
    """The text objects of one pdfium line follow each other as one run would (same baseline, no
    gap of 1.2 line heights): the line is one unit, and its words need no boxes of their own."""
    probe = _RunBuilder()
    for rect in rects:
        probe.add("", rect)
        if probe.runs:
            return False
    return True


def _glyphs(boxes: _Boxes, text: str, start: int, end: int, out: _RunBuilder) -> None:
    """Glyph by glyph, where the pieces of one word stand apart."""
    for i in range(start, end):
        ch = text[i]
        if ch.isspace():
            out.space()
            continue
        left, bottom, right, top = boxes.glyph(i)
        if right - left <= 0 and top - bottom <= 0:
            continue
        out.add(ch, (left, bottom, right, top))


def _words(boxes: _Boxes, text: str, start: int, end: int, out: _RunBuilder) -> None:
    for word in WORD.finditer(text, start, end):
        s, e = word.span()
        rects = boxes.rects(s, e - s)
        if not rects:
            continue
        out.space()
        if len(rects) == 1 or _chained(rects):
            out.add(word.group(), union(rects))
        else:
            _glyphs(boxes, text, s, e, out)


def page_runs(textpage: pdfium.PdfTextPage, by_word: bool = False) -> list[Run]:
    """The runs of a page, in pdfium's text order. ``by_word``: a box per word on every line, for
    a page whose flattened e-signature widgets write into blanks that a line's single text
    object spans (``ngày ___ tháng 11``: the day must land in the blank, between two words)."""
    n = textpage.count_chars()
    text = textpage.get_text_range(0, n) if n else ""
    out = _RunBuilder()
    boxes = _Boxes(textpage)
    if len(text) != n:  # characters outside the BMP: text offsets are not character indices
        chars = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(n))
        _glyphs(boxes, chars, 0, n, out)
        return out.finish()
    start = 0
    for brk in [*LINE_BREAK.finditer(text), None]:
        end = brk.start() if brk is not None else n
        words = WORD.findall(text, start, end)
        if words:
            # The line from its first to its last glyph: a space has a box of its own (a
            # trailing one can reach past the margin), and glyph boxes are what count.
            first = start + len(text[start:end]) - len(text[start:end].lstrip())
            last = end - (len(text[start:end]) - len(text[start:end].rstrip()))
            rects = boxes.rects(first, last - first)
            if by_word:
                _words(boxes, text, start, end, out)
            elif len(rects) == 1 or (rects and _one_run(rects)):
                out.space()
                out.add(" ".join(words), union(rects))
            elif rects:
                _words(boxes, text, start, end, out)
        start = brk.end() if brk is not None else n
    return out.finish()
