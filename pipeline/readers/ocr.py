"""OCR of page images: pypdfium2 renders, Tesseract's Vietnamese model reads (``vie``).

Why the ``tesseract`` binary with TSV output, called directly: pytesseract runs the same binary
but first writes each page to a temporary PNG and reads the output back from another file;
feeding an uncompressed PGM on stdin and reading TSV from stdout needs no temporary files and no
extra dependency, and the TSV gives every word with its box and confidence. Measured on the 7
pages of seed 003's scan at 200 dpi (a shared 2-core machine): 2.2-2.3 s per page directly,
2.1-3.2 s with pytesseract; the recognition dominates, and encoding a page costs 0.54 s as PNG
against 0.003 s as PGM.

Why one thread per Tesseract process (``OMP_THREAD_LIMIT=1``) and pages in parallel: Tesseract's
OpenMP threads spin-wait; on the same pages one page took 6.7 s with them and 2.3 s without (a
single page on a quiet machine: 2.9 s and 1.1 s). Pages are therefore recognised in parallel, one
process per core.

Tesseract keeps its own lines (it handles the few degrees of skew a scanner leaves); a line is cut
where the gap between two words is wider than a word is tall, so the two columns of a header
("ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI ...") come back as two pieces that the PDF reader's layout
code puts in its left and right column.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium
import regex
from PIL import Image, ImageChops, ImageDraw

from pipeline.model.source import BBox, ReadError
from pipeline.readers.handwriting import LineRecogniser, reread_header
from pipeline.readers.pdf_tables import TableRegion
from pipeline.readers.raster_tables import OcrWord, ruled_page, stack_cells, stacked_texts

LANGUAGE = "vie"
TSV_HEADER = "level\tpage_num"
# Scans are rendered at their own resolution, within these bounds: under 200 dpi Tesseract loses
# Vietnamese tone marks, over 300 dpi it gains nothing and takes longer.
MIN_DPI, MAX_DPI, DEFAULT_DPI = 200, 300, 300
# Pixels of one rendered page at most: an A3 scan at 300 dpi has 17 million.
MAX_PAGE_PIXELS = 40_000_000
PAGE_TIMEOUT = 180  # seconds for one page: a page that takes longer is skipped with a warning
# A gap wider than this many word heights cuts a Tesseract line in two (the PDF reader's runs
# break at the same width).
SEGMENT_GAP = 1.2
# How far apart (0-255) a pixel's colour channels lie for it to be coloured ink, not print.
COLOUR_INK = 80
NOISE_CONFIDENCE = 30  # Tesseract's word confidence (0-100) under which a speck is dropped
ALNUM = regex.compile(r"[\p{L}\p{N}]")
# Characters Tesseract reads that Vietnamese never writes, for the one it does: the Icelandic eth
# for Đ (one Đ read twice, "QĐÐ", is one Đ), the fraction slash for the slash of a number, and
# the em dash for the en dash of a range ("2024 – 2025"): in the text layers of samples and corpus
# there are 81 en dashes and no em dash; Tesseract wrote 16 em dashes and no en dash.
DOUBLED_D = regex.compile(r"[ĐÐ]Ð|Ð[ĐÐ]")
LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ", "⁄": "/", "—": "–"})
INSTALL_HINT = (
    "install Tesseract with its Vietnamese model (Debian: apt-get install tesseract-ocr"
    " tesseract-ocr-vie) to read scanned pages"
)


@dataclass
class Piece:
    """Words of one Tesseract line between two wide gaps, in PDF points (origin bottom left)."""

    text: str
    left: float
    bottom: float
    right: float
    top: float


@dataclass
class OcrPage:
    index: int
    pieces: list[Piece] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)  # per word, 0-100
    error: str | None = None
    notes: list[str] = field(default_factory=list)  # what was re-read, for the warnings
    tables: list[TableRegion] = field(default_factory=list)  # ruled tables, with their words


def tesseract_binary() -> str | None:
    return shutil.which("tesseract")


def ocr_available() -> bool:
    """Tesseract and its Vietnamese model are installed."""
    binary = tesseract_binary()
    if binary is None:
        return False
    try:
        out = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return LANGUAGE in out.stdout.split()


def workers() -> int:
    """One Tesseract process per core this process may use (``VNPLAN_OCR_WORKERS`` overrides)."""
    forced = os.environ.get("VNPLAN_OCR_WORKERS", "")
    if forced.isdigit() and int(forced) > 0:
        return int(forced)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _scan_resolution(page: pdfium.PdfPage) -> float:
    """Resolution of the widest image covering at least half the page's width (0: none)."""
    width_pt, _ = page.get_size()
    best = 0.0
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        try:
            px_w, _ = obj.get_px_size()
            left, _, right, _ = obj.get_bounds()
        except pdfium.PdfiumError:
            continue
        if right - left > 0.5 * width_pt and px_w > 0:
            best = max(best, px_w / ((right - left) / 72))
    return best


def has_scanned_image(page: pdfium.PdfPage) -> bool:
    """A page image as wide as half the page at least: what a scanner or a photo leaves."""
    return _scan_resolution(page) > 0


def page_dpi(page: pdfium.PdfPage) -> float:
    """Render at the scan's own resolution, within ``MIN_DPI``..``MAX_DPI``."""
    found = _scan_resolution(page)
    return min(max(found, MIN_DPI), MAX_DPI) if found else DEFAULT_DPI


def _run_tesseract(image: Image.Image, layout: str = "3") -> str:
    """TSV of one page image: the image goes in on stdin as PGM, TSV comes out on stdout.
    ``layout`` is Tesseract's page segmentation mode: 3 finds a page's columns and blocks, 6
    reads one block line by line (the stacked cells of a table)."""
    binary = tesseract_binary()
    if binary is None:
        raise ReadError(f"cannot OCR: Tesseract not found; {INSTALL_HINT}")
    import io

    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="PPM")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        [binary, "stdin", "stdout", "-l", LANGUAGE, "--psm", layout, "tsv"],
        input=buffer.getvalue(),
        capture_output=True,
        timeout=PAGE_TIMEOUT,
        check=False,
        env=env,
    )
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(message[-1] if message else f"tesseract exit {done.returncode}")
    tsv = done.stdout.decode("utf-8", "replace")
    if not tsv.startswith(TSV_HEADER):  # a tessdata folder without Tesseract's "tsv" config
        raise RuntimeError("Tesseract gave plain text, not TSV: its tsv config was not found")
    return tsv


@dataclass
class _Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    conf: float


def _tsv_lines(tsv: str) -> Iterator[list[_Word]]:
    """Words grouped by Tesseract's (block, paragraph, line), in Tesseract's order."""
    current: list[_Word] = []
    key: tuple[str, str, str] | None = None
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        line_key = (cols[2], cols[3], cols[4])
        if key is not None and line_key != key and current:
            yield current
            current = []
        key = line_key
        left, top, width, height = (int(c) for c in cols[6:10])
        text = DOUBLED_D.sub("Đ", cols[11].strip()).translate(LOOKALIKES)
        current.append(_Word(text, left, top, width, height, float(cols[10])))
    if current:
        yield current


def _pieces(words: list[_Word], scale: float, page_height: float) -> list[Piece]:
    """Cut a line at gaps wider than ``SEGMENT_GAP`` word heights; boxes in PDF points. A piece
    without a letter or digit (a rule read as dashes, a speck) is dropped."""
    lettered = [w.height for w in words if ALNUM.search(w.text)]  # a dash is 4 px tall
    height = median(lettered) if lettered else max(w.height for w in words)
    groups: list[list[_Word]] = [[words[0]]]
    for prev, word in zip(words, words[1:], strict=False):
        if word.left - (prev.left + prev.width) > SEGMENT_GAP * height:
            groups.append([])
        groups[-1].append(word)
    return [
        Piece(
            text=" ".join(w.text for w in group),
            left=min(w.left for w in group) * scale,
            right=max(w.left + w.width for w in group) * scale,
            top=page_height - min(w.top for w in group) * scale,
            bottom=page_height - max(w.top + w.height for w in group) * scale,
        )
        for group in groups
        if any(ALNUM.search(w.text) for w in group)
    ]


def _speck(word: _Word, typical_height: float) -> bool:
    """Noise read as a word (dust, the empty signature space): Tesseract doubts it, and it is
    either no word at all or much smaller than the text of the page."""
    return word.conf < NOISE_CONFIDENCE and (
        len(ALNUM.findall(word.text)) < 2 or word.height < 0.6 * typical_height
    )


def _kept_lines(tsv: str) -> Iterator[list[_Word]]:
    """Tesseract's lines with their specks dropped (lines left empty are skipped)."""
    lines = list(_tsv_lines(tsv))
    heights = [w.height for words in lines for w in words if len(ALNUM.findall(w.text)) >= 2]
    typical = median(heights) if heights else 0.0
    for words in lines:
        kept = [w for w in words if not _speck(w, typical)]
        if kept:
            yield kept


def read_tsv(tsv: str, index: int, dpi: float, page_height: float) -> OcrPage:
    """An ``OcrPage`` from Tesseract's TSV of a page rendered at ``dpi``; specks are dropped."""
    page = OcrPage(index)
    scale = 72 / dpi
    for kept in _kept_lines(tsv):
        page.pieces.extend(_pieces(kept, scale, page_height))
        page.confidences.extend(w.conf for w in kept if w.conf >= 0)
    return page


def tsv_words(tsv: str, dpi: float) -> list[OcrWord]:
    """Every word of Tesseract's TSV, specks dropped, in points from the image's top left."""
    scale = 72 / dpi
    return [
        OcrWord(
            w.text,
            w.left * scale,
            w.top * scale,
            (w.left + w.width) * scale,
            (w.top + w.height) * scale,
        )
        for kept in _kept_lines(tsv)
        for w in kept
    ]


def _mask(image: Image.Image, boxes: list[BBox], dpi: float, page_height: float) -> None:
    """White out text-layer boxes (an e-signature stamp drawn over the scan): they are kept from
    the text layer, and read twice they would be read into the content."""
    draw = ImageDraw.Draw(image)
    scale = dpi / 72
    for left, bottom, right, top in boxes:
        draw.rectangle(
            (
                left * scale - 2,
                (page_height - top) * scale - 2,
                right * scale + 2,
                (page_height - bottom) * scale + 2,
            ),
            fill="white",
        )


def printed_ink(image: Image.Image) -> Image.Image:
    """The page in grey with its coloured ink turned to paper. A red seal stamped over "PHÓ
    CHỦ TỊCH" and the signer's name, or a blue signature across them, is as dark as print in
    a grey image, and Tesseract reads the lines it covers as noise ("DH€C xướNN"). A pixel is
    coloured ink when its channels lie far apart (a seal's red: 200, 50, 50); print, paper and
    a grey scan lie close, keep their grey, and so read as they did."""
    grey = image.convert("L")
    if image.mode == "L":
        return grey
    red, green, blue = image.convert("RGB").split()
    spread = ImageChops.lighter(  # the widest gap between two channels: max - min
        ImageChops.lighter(ImageChops.difference(red, green), ImageChops.difference(green, blue)),
        ImageChops.difference(red, blue),
    )
    grey.paste(255, mask=spread.point(lambda v: 255 if v > COLOUR_INK else 0))
    return grey


def _recognise(image: Image.Image, index: int, dpi: float, page_height: float) -> OcrPage:
    """Tesseract reads the printed ink of the page (``printed_ink``); on page one, the
    handwritten number and date of the header are read again by the digit recogniser
    (``pipeline.readers.handwriting``) in the grey page, pen and all; ruled tables
    are found in the printed ink and filled with the words (``pipeline.readers.raster_tables``)."""
    try:
        printed = printed_ink(image)
        page = read_tsv(_run_tesseract(printed), index, dpi, page_height)
        if index == 0 and LineRecogniser.available():
            page.notes = reread_header(page, image.convert("L"), dpi, page_height)
        ruled = ruled_page(printed, dpi)
        stack = stack_cells(ruled, dpi) if ruled.tables else None
        if stack is not None:
            words = tsv_words(_run_tesseract(stack.image, "6"), dpi)
            page.tables = stacked_texts(ruled, stack, words, dpi, page_height)
        return page
    except subprocess.TimeoutExpired:
        return OcrPage(index, error=f"page {index + 1}: OCR timed out after {PAGE_TIMEOUT}s")
    except (OSError, RuntimeError) as exc:
        return OcrPage(index, error=f"page {index + 1}: OCR failed ({exc})")


def _render(pdf: pdfium.PdfDocument, index: int) -> tuple[Image.Image, float, float]:
    """The page in colour at ``page_dpi``, or less if that would pass ``MAX_PAGE_PIXELS`` (a
    page may be declared 200 inches square)."""
    page = pdf[index]
    width, height = page.get_size()
    dpi = min(page_dpi(page), 72 * math.sqrt(MAX_PAGE_PIXELS / max(width * height, 1.0)))
    image = page.render(scale=dpi / 72).to_pil().convert("RGB")  # colour: see printed_ink
    return image, dpi, height


def recognise_pdf_pages(
    path: Path, indices: list[int], masks: dict[int, list[BBox]] | None = None
) -> dict[int, OcrPage]:
    """OCR the pages ``indices`` (0-based) of a PDF, in parallel, one Tesseract process per core.

    Pages are rendered one at a time in this thread (pdfium is not thread-safe) and at most
    two per worker wait in memory."""
    if not indices:
        return {}
    if tesseract_binary() is None:
        raise ReadError(f"cannot OCR: Tesseract not found; {INSTALL_HINT}")
    masks = masks or {}
    results: dict[int, OcrPage] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        with ThreadPoolExecutor(max_workers=workers()) as pool:
            pending: list[Future[OcrPage]] = []
            for index in indices:
                try:
                    image, dpi, height = _render(pdf, index)
                except pdfium.PdfiumError as exc:
                    results[index] = OcrPage(index, error=f"page {index + 1}: not rendered ({exc})")
                    continue
                if masks.get(index):
                    _mask(image, masks[index], dpi, height)
                pending.append(pool.submit(_recognise, image, index, dpi, height))
                while len([f for f in pending if not f.done()]) >= 2 * workers():
                    next(f for f in pending if not f.done()).result()
            for future in pending:
                found = future.result()
                results[found.index] = found
    finally:
        pdf.close()
    return results


def mean_confidence(pages: list[OcrPage]) -> float | None:
    """Mean word confidence over the recognised pages, 0-1."""
    confs = [c for p in pages for c in p.confidences]
    return round(sum(confs) / len(confs) / 100, 3) if confs else None
