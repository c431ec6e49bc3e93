"""The files every section of the benchmark times: the seed documents in ``samples/`` (every
format) and the text-layer PDFs and DOCX of ``../shared/corpus`` (found next to the repository,
so a fresh clone beside ``shared/`` finds it whatever the working directory).

Only documents count: ``SOURCES.md``, licences, gold JSON and spreadsheets are not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.readers import format_of

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_FORMATS = {"pdf", "docx"}  # the corpus's text-layer PDFs and DOCX (scans are told apart
# after reading: a PDF vnplan marks ``needs_ocr`` is reported as "pdf (scan)", not as "pdf")
QUICK_FORMATS = {"pdf", "docx", "txt"}  # .doc needs LibreOffice: seconds per file
MIN_PAGE_CHARS = 25  # the PDF reader's own test of a page without a text layer


@cache
def is_scan(path: Path) -> bool:
    """A PDF whose pages are mostly without a text layer: vnplan OCRs it (Tesseract's time, seconds
    a page), so it is not timed with the text-layer PDFs the issue's targets are about."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        empty = sum(
            len("".join(pdf[i].get_textpage().get_text_range().split())) < MIN_PAGE_CHARS
            for i in range(len(pdf))
        )
        return empty * 2 >= len(pdf)
    finally:
        pdf.close()


def _timed_format(path: Path) -> str | None:
    fmt = format_of(path)
    return None if fmt == "pdf" and is_scan(path) else fmt


@dataclass(frozen=True)
class BenchFile:
    path: Path
    group: str  # "samples" | "corpus"
    format: str  # the reader's format: pdf, docx, doc, txt, ...


def sample_files(quick: bool = False) -> list[BenchFile]:
    """The seed documents of ``samples/`` (top level: the gold and unseen sets are not seeds),
    scans aside."""
    out = []
    for path in sorted(SAMPLES.iterdir()):
        fmt = _timed_format(path) if path.is_file() else None
        if path.is_file() and fmt and (not quick or fmt in QUICK_FORMATS):
            out.append(BenchFile(path, "samples", fmt))
    return out


def corpus_files() -> list[BenchFile]:
    """Text-layer PDFs and DOCX of ``../shared/corpus`` (empty when the corpus is not beside the
    clone)."""
    if not CORPUS.is_dir():
        return []
    return [
        BenchFile(path, "corpus", fmt)
        for path in sorted(CORPUS.rglob("*"))
        if path.is_file() and (fmt := _timed_format(path)) in CORPUS_FORMATS
    ]


def bench_files(quick: bool = False) -> list[BenchFile]:
    return sample_files(quick) + ([] if quick else corpus_files())
