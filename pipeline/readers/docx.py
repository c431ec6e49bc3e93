"""DOCX with python-docx: paragraphs and tables in body order, text boxes, merged cells.

Small borderless-looking tables (the two-column header, the Nơi nhận / signature table) are
layout: each cell becomes its own block, read row by row. Larger tables are data grids.

Speed: only the main document part is parsed (``docx.Document`` would load and parse every part
of the package: styles, numbering, headers, images), into plain lxml elements. A paragraph's
text and a table's merged cells are read straight from the elements by python-docx's own rules
(``paragraph_text``, ``table_rows``; tests compare both with python-docx on every paragraph and
table of the seeds and the corpus), not through its per-run XPath queries and element classes,
which took two thirds of the reading time.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from typing import Any

import regex
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from lxml import etree

from pipeline.model.layout import is_layout_table
from pipeline.model.source import Block, ReadError, Source, table_text
from pipeline.readers.guard import check_docx_package

W_P, W_TBL, W_SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")
TXBX = qn("w:txbxContent")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


COLUMN_GAP = regex.compile(r"\t{2,}|[ \t]{4,}")


W_R, W_HYPERLINK, W_T, W_BR = qn("w:r"), qn("w:hyperlink"), qn("w:t"), qn("w:br")
W_BR_TYPE = qn("w:type")
# Run content with a fixed text (python-docx: CT_Cr, CT_NoBreakHyphen, CT_PTab, CT_TabStop).
RUN_MARKS = {qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-", qn("w:ptab"): "\t", qn("w:tab"): "\t"}


def _run_text(r: Any) -> str:
    """python-docx's ``CT_R.text``: text, tabs and breaks of the run's own children, in order (a
    page or column break is no text)."""
    parts = []
    for e in r:
        tag = e.tag
        if tag == W_T:
            parts.append(e.text or "")
        elif tag == W_BR:
            parts.append("\n" if e.get(W_BR_TYPE, "textWrapping") == "textWrapping" else "")
        elif tag in RUN_MARKS:
            parts.append(RUN_MARKS[tag])
    return "".join(parts)


def paragraph_text(p: Any) -> str:
    """python-docx's ``Paragraph.text``: the paragraph's runs and its hyperlinks' runs."""
    parts = []
    for child in p:
        if child.tag == W_R:
            parts.append(_run_text(child))
        elif child.tag == W_HYPERLINK:
            parts.extend(_run_text(r) for r in child if r.tag == W_R)
    return "".join(parts)


def _paragraph_text(p: Any) -> str:
    """Paragraph text; a long run of tabs or spaces fakes two columns, so it becomes a line
    break."""
    return COLUMN_GAP.sub("\n", paragraph_text(p).strip(" \t"))


def _textbox_paragraphs(p_el: Any) -> list[str]:
    """Text boxes anchored in a paragraph (once: the VML fallback copy is skipped)."""
    out: list[str] = []
    for box in p_el.iter(TXBX):
        parent, skip = box.getparent(), False
        while parent is not None:
            if parent.tag == MC_FALLBACK:
                skip = True
                break
            parent = parent.getparent()
        if skip:
            continue
        for inner in box.iter(W_P):
            text = "".join(t.text or "" for t in inner.iter(qn("w:t")))
            if text.strip():
                out.append(text)
    return out


W_TR, W_TC, W_TC_PR, W_TR_PR = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:trPr")
W_GRID_SPAN, W_V_MERGE, W_GRID_BEFORE, W_VAL = (
    qn("w:gridSpan"),
    qn("w:vMerge"),
    qn("w:gridBefore"),
    qn("w:val"),
)


def _child(parent: Any, tag: str) -> Any:
    """The first child with ``tag`` (a loop over the children: lxml's ``find`` parses a path)."""
    for child in parent:
        if child.tag == tag:
            return child
    return None


def _property(parent: Any, props_tag: str, tag: str) -> Any:
    """``parent/props/tag`` (first of each), or None."""
    props = _child(parent, props_tag)
    return _child(props, tag) if props is not None else None


def _grid_span(tc: Any) -> int:
    span = _property(tc, W_TC_PR, W_GRID_SPAN)
    return 1 if span is None else int(span.get(W_VAL))


def table_rows(tbl: Any) -> list[list[Any]]:
    """python-docx's ``[row.cells for row in table.rows]``, as the cells' ``w:tc`` elements: a
    cell is repeated for each grid column it spans, and a vertically merged continuation is the
    cell it continues (the one at the same grid offset in the row above, recursively). ``w:tr``
    and ``w:tc`` count only as direct children, as in python-docx, and a continuation with no
    cell above raises ValueError as it does."""
    trs = [tr for tr in tbl if tr.tag == W_TR]
    at: list[dict[int, Any]] = []  # per row: grid offset -> tc starting there
    row_of: dict[Any, int] = {}
    offset_of: dict[Any, int] = {}
    for r, tr in enumerate(trs):
        before = _property(tr, W_TR_PR, W_GRID_BEFORE)
        offset = 0 if before is None else int(before.get(W_VAL))
        starts: dict[int, Any] = {}
        for tc in tr:
            if tc.tag == W_TC:
                starts.setdefault(offset, tc)
                row_of[tc], offset_of[tc] = r, offset
                offset += _grid_span(tc)
        at.append(starts)

    def root(tc: Any) -> Any:
        merge = _property(tc, W_TC_PR, W_V_MERGE)
        while merge is not None and merge.get(W_VAL, "continue") == "continue":
            r = row_of[tc]
            if r == 0:
                raise ValueError("no tr above topmost tr in w:tbl")
            above = at[r - 1].get(offset_of[tc])
            if above is None:
                raise ValueError(f"no `tc` element at grid_offset={offset_of[tc]}")
            tc, merge = above, _property(above, W_TC_PR, W_V_MERGE)
        return tc

    out = []
    for tr in trs:
        cells: list[Any] = []
        for tc in tr:
            if tc.tag == W_TC:
                top = root(tc)
                cells.extend([top] * _grid_span(top))
        out.append(cells)
    return out


def _grid(rows: list[list[Any]]) -> list[list[str]]:
    """Cell grid; a merged cell keeps its text in its first position, the rest are empty."""
    grid: list[list[str]] = []
    seen: set = set()  # the cell elements themselves: ids of freed lxml proxies get reused
    for row in rows:
        out: list[str] = []
        for tc in row:
            if tc in seen:
                out.append("")
                continue
            seen.add(tc)
            texts = (paragraph_text(p) for p in tc if p.tag == W_P)
            out.append("\n".join(t for t in texts if t.strip()))
        grid.append(out)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]


def _walk(container: Any, blocks: list[Block]) -> None:
    for child in container.iterchildren():
        if child.tag == W_P:
            for text in _textbox_paragraphs(child):
                blocks.append(Block("paragraph", text))
            text = _paragraph_text(child)
            if text.strip():
                blocks.append(Block("paragraph", text))
        elif child.tag == W_TBL:
            rows = table_rows(child)
            grid = _grid(rows)
            if not any(c.strip() for r in grid for c in r):
                continue
            if is_layout_table(grid):
                done: set = set()
                for row in rows:
                    for tc in row:
                        if tc in done:
                            continue
                        done.add(tc)
                        inner: list[Block] = []
                        _walk(tc, inner)
                        text = "\n".join(b.text for b in inner if b.kind != "table")
                        if text.strip():
                            blocks.append(Block("header_cell", text))
                        blocks.extend(b for b in inner if b.kind == "table")
            else:
                blocks.append(Block("table", table_text(grid), rows=grid))
        elif child.tag == W_SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _walk(content, blocks)


# A page of these plans holds ~1,800 characters of text: the median over the corpus's DOCX whose
# docProps/app.xml counted their pages is 1,750 (24 files of 3 pages or more; the sample PDFs
# hold 1,640-2,160).
CHARS_PER_PAGE = 1800
APP_PAGES = regex.compile(r"<(?:\w+:)?Pages>(\d+)</")
APP_COUNTS = regex.compile(r"<(?:\w+:)?(?:Characters|Words)>([1-9]\d*)</")


def saved_page_count(path: Path) -> int | None:
    """The page count Word saved in ``docProps/app.xml``, when it saved its statistics: a file
    whose character and word counts are 0 or missing was not laid out by Word (the samples'
    generator leaves the template's ``<Pages>1``), and LibreOffice writes no count at all."""
    try:
        with zipfile.ZipFile(path) as archive:
            app = archive.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, OSError, zipfile.BadZipFile):
        return None
    pages = APP_PAGES.search(app)
    if pages is None or int(pages.group(1)) < 1 or not APP_COUNTS.search(app):
        return None
    return int(pages.group(1))


def page_count(path: Path, blocks: list[Block]) -> tuple[int, str]:
    """Word's own page count when it saved one, else an estimate from the length of the text."""
    saved = saved_page_count(path)
    if saved is not None:
        return saved, "docProps"
    chars = sum(len(b.text) for b in blocks)
    return max(1, round(chars / CHARS_PER_PAGE)), "estimate"


# python-docx's parser settings, without its element classes: those make every element access
# build a Python object, and nothing here uses them.
PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
PACKAGE_RELS = "_rels/.rels"
CONTENT_TYPES = "[Content_Types].xml"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def main_document(path: Path) -> Any:
    """The package's main document part (``word/document.xml``), parsed; ``ValueError`` when
    the package's main part is not a Word document (as ``docx.Document`` says), ``KeyError`` when
    it has none."""
    with zipfile.ZipFile(path) as archive:
        rels = etree.fromstring(archive.read(PACKAGE_RELS), PARSER)
        target = next(
            r.get("Target")
            for r in rels.iter(f"{RELS_NS}Relationship")
            if r.get("Type") == RELATIONSHIP_TYPE.OFFICE_DOCUMENT
            and r.get("TargetMode") != "External"
        )
        name = posixpath.normpath(target.lstrip("/"))
        types = etree.fromstring(archive.read(CONTENT_TYPES), PARSER)
        content_type = next(
            (
                o.get("ContentType")
                for o in types.iter(f"{CT_NS}Override")
                if o.get("PartName", "").lstrip("/") == name
            ),
            None,
        ) or next(
            (
                d.get("ContentType")
                for d in types.iter(f"{CT_NS}Default")
                if d.get("Extension", "").lower() == posixpath.splitext(name)[1][1:].lower()
            ),
            None,
        )
        if content_type != CONTENT_TYPE.WML_DOCUMENT_MAIN:
            raise ValueError(f"file '{path}' is not a Word file, content type is '{content_type}'")
        return etree.fromstring(archive.read(name), PARSER)


def read_docx(path: Path, fmt: str = "docx") -> Source:
    check_docx_package(path)  # zip bombs and DTDs are refused before any XML is parsed
    try:
        document = main_document(path)
    except (zipfile.BadZipFile, KeyError, ValueError, StopIteration) as exc:
        raise ReadError(f"corrupt DOCX ({exc.__class__.__name__}: {exc})") from exc
    blocks: list[Block] = []
    _walk(document.find(qn("w:body")), blocks)
    pages, counted = page_count(path, blocks)
    return Source(path=str(path), format=fmt, blocks=blocks, pages=pages, pages_source=counted)
