"""Page images (PNG, JPEG, TIFF; a multi-page TIFF is one page per frame): each frame becomes a
page of a PDF written to a temporary folder, which the PDF reader then reads, so an image goes
through the same OCR, layout and furniture code as a scanned PDF."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.model.source import ReadError, Source
from pipeline.readers.pdf import read_pdf

MAX_PIXELS = 100_000_000  # per frame: a 600-dpi A3 page is 35 million; more is a decompression bomb
MAX_FRAMES = 500
DEFAULT_DPI = 300.0


def _dpi(frame: Image.Image) -> float:
    found = frame.info.get("dpi")
    try:
        dpi = float(found[0]) if found else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if 72 <= dpi <= 1200 else DEFAULT_DPI


def _add_page(pdf: pdfium.PdfDocument, frame: Image.Image) -> None:
    """The frame in colour where it has colour: OCR drops coloured ink (a seal, a signature)."""
    pixels = frame.convert("L" if frame.mode in ("1", "L", "I", "I;16", "F") else "RGB")
    dpi = _dpi(frame)
    width, height = pixels.width * 72 / dpi, pixels.height * 72 / dpi
    page = pdf.new_page(width, height)
    image = pdfium.PdfImage.new(pdf)
    bitmap = pdfium.PdfBitmap.from_pil(pixels)
    image.set_bitmap(bitmap)
    image.set_matrix(pdfium.PdfMatrix().scale(width, height))
    page.insert_obj(image)
    page.gen_content()


def read_image(path: Path) -> Source:
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(path) as img:
            with tempfile.TemporaryDirectory(prefix="vnplan-img-") as tmp:
                pdf = pdfium.PdfDocument.new()
                try:
                    for n, frame in enumerate(ImageSequence.Iterator(img)):
                        if n >= MAX_FRAMES:
                            raise ReadError(f"too large: more than {MAX_FRAMES} image frames")
                        _add_page(pdf, frame)
                    pages = Path(tmp) / "pages.pdf"
                    pdf.save(str(pages))
                finally:
                    pdf.close()
                source = read_pdf(pages)
    except Image.DecompressionBombError as exc:
        raise ReadError(f"too large: image over {MAX_PIXELS:,} pixels ({exc})") from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ReadError(f"not a readable image ({exc.__class__.__name__}: {exc})") from exc
    source.path = str(path)
    source.format = "image"
    return source
