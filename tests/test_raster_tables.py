"""Ruled tables of scanned pages: rules found in the image (skewed as scanners leave them), the
lattice closed into cells, each cell read apart from its neighbours."""

from __future__ import annotations

import math

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from pipeline.readers.ocr import _recognise, _render
from pipeline.readers.pdf import read_pdf
from pipeline.readers.raster_tables import ruled_page
from tests.conftest import SAMPLES

SEED_SCAN = SAMPLES / "000_3dc63f02c7a2b475.scan.pdf"
SEED_PDF = SAMPLES / "000_3dc63f02c7a2b475.pdf"


def skewed_grid(rows: int, columns: int, degrees: float) -> Image.Image:
    """A 300-dpi page with a ruled grid of ``rows`` x ``columns`` cells turned by ``degrees``."""
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    left, top, cell_w, cell_h = 300, 600, 250, 90
    for i in range(rows + 1):
        draw.line([(left, top + i * cell_h), (left + columns * cell_w, top + i * cell_h)], 0, 3)
    for j in range(columns + 1):
        draw.line([(left + j * cell_w, top), (left + j * cell_w, top + rows * cell_h)], 0, 3)
    return page.rotate(degrees, resample=Image.Resampling.BILINEAR, fillcolor=255)


def test_a_skewed_grid_is_turned_square_and_closes_every_cell() -> None:
    ruled = ruled_page(skewed_grid(12, 7, -0.6), 300)
    assert math.isclose(ruled.angle, 0.6, abs_tol=0.1)  # turned back by what the scanner turned
    assert [len(t) for t in ruled.tables] == [12 * 7]


def test_a_page_of_prose_has_no_table() -> None:
    page = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(page)
    for i in range(30):  # lines of "text": short strokes, one underline under a heading
        for j in range(40):
            draw.rectangle([300 + j * 45, 400 + i * 80, 330 + j * 45, 440 + i * 80], fill=0)
    draw.line([(900, 300), (1500, 300)], 0, 3)
    assert ruled_page(page, 300).tables == []


def test_the_seed_appendix_scan_reads_as_its_text_layer_table() -> None:
    """Phụ lục 01 of seed 000, scanned: its cells against the same table read from the text
    layer of the seed's PDF; nine cells in ten must be the same."""
    pdf = pdfium.PdfDocument(str(SEED_SCAN))
    try:
        image, dpi, height = _render(pdf, 10)
    finally:
        pdf.close()
    scanned = _recognise(image, 10, dpi, height).tables
    printed = [
        b.rows or [] for b in read_pdf(SEED_PDF).blocks if b.kind == "table" and b.page == 11
    ]
    assert len(scanned) == 1 and len(printed) == 1
    _, rows = scanned[0]
    expected = printed[0]
    assert len(rows) == len(expected)
    pairs = zip(rows, expected, strict=True)
    cells = [(a, b) for got, want in pairs for a, b in zip(got, want, strict=True)]
    same = sum(" ".join(a.split()) == " ".join(b.split()) for a, b in cells)
    assert same >= 0.9 * len(cells), [(a, b) for a, b in cells if a != b][:20]
