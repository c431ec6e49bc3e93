"""Ruled tables read from pdfium's paths come out cell for cell as pdfplumber's lattice finder reads
them (pdfplumber, no longer used by the reader, is the reference here)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from pipeline.readers import read
from pipeline.readers.pdf_tables import MIN_PATHS, find_tables, path_objects, table_regions
from tests.conftest import CORPUS, SAMPLES, needs_corpus


def _pdfplumber_tables(path: Path, pages: list[int]) -> dict[int, list]:
    """The tables of ``pages`` as the reader kept them when it used pdfplumber."""
    out: dict[int, list] = {}
    with pdfplumber.open(str(path)) as pdf:
        for index in pages:
            page = pdf.pages[index]
            height = float(page.height)
            found = []
            for table in page.find_tables():
                rows = [[(c or "").strip() for c in row] for row in table.extract()]
                rows = [r for r in rows if any(r)]
                if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
                    x0, top, x1, bottom = table.bbox
                    found.append(((x0, height - bottom, x1, height - top), rows))
            out[index] = found
    return out


def _pdfium_tables(path: Path) -> dict[int, list]:
    """The tables of every page that draws enough paths to be a candidate."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        out = {}
        for i in range(len(pdf)):
            page = pdf[i]
            if len(list(path_objects(page))) < MIN_PATHS:
                continue
            _, height = page.get_size()
            out[i] = table_regions(find_tables(page, height), page.get_textpage(), height)
        return out
    finally:
        pdf.close()


def _same(path: Path) -> int:
    """Assert the tables of every candidate page agree; return how many there were."""
    mine = _pdfium_tables(path)
    theirs = _pdfplumber_tables(path, list(mine))
    count = 0
    for index, want in theirs.items():
        got = mine[index]
        assert len(got) == len(want), f"page {index + 1}"
        for (box, rows), (want_box, want_rows) in zip(got, want, strict=True):
            assert max(abs(a - b) for a, b in zip(box, want_box, strict=True)) < 0.5
            norm = [[" ".join(c.split()) for c in r] for r in rows]
            assert norm == [[" ".join(c.split()) for c in r] for r in want_rows], f"p{index + 1}"
            count += 1
    return count


def test_seed_appendix_tables_equal_pdfplumbers():
    # 16 ruled tables; page 17 holds a line-end hyphen (U+FFFE): "HĐND-" ends its line
    assert _same(SAMPLES / "000_3dc63f02c7a2b475.pdf") == 16


@needs_corpus()
@pytest.mark.parametrize(
    "name, tables",
    [
        ("pdf-text/vbai-bc-184-snv.pdf", 10),  # merged header cells, charts beside tables
        ("national/nat-qd-982-2026-ttg.pdf", 11),  # a table broken over 11 pages
        ("plans/lamdong-ttr-666-phu-luc-tong-hop-y-kien.pdf", 1),  # 28 rows of long text
    ],
)
def test_corpus_tables_equal_pdfplumbers(name, tables):
    assert _same(CORPUS / name) == tables


@needs_corpus()
def test_a_bordered_header_on_a_page_of_few_paths_stays_text():
    # pdfplumber's finder sees a 3x2 grid around this header; read as a table it would hide the
    # number the e-signature widget writes into it (171).
    source = read(CORPUS / "pdf-text" / "vbai-cv-171-skhcn.pdf")
    assert not [b for b in source.blocks if b.kind == "table"]
    assert "Số: 171" in "\n".join(b.text for b in source.blocks)
