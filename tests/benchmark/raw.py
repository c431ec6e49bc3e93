"""The raw libraries reading the same files, for the ratios: pypdfium2's text per page,
pdfplumber's ``extract_text`` per page, python-docx's paragraphs and table cells. Each returns the
text so that no reader can skip work whose result is unused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def pypdfium2_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def python_docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


RAW_READERS: dict[str, dict[str, Callable[[Path], str]]] = {
    "pdf": {"pypdfium2": pypdfium2_text, "pdfplumber": pdfplumber_text},
    "docx": {"python-docx": python_docx_text},
}
