"""Readers: one per file format, each turning a file into the same ``Source``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline.model.source import ReadError, Source
from pipeline.readers.guard import Kind, check_size, sniff

FORMATS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".md": "md",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


def _reader(fmt: str) -> Callable[[Path], Source]:
    if fmt == "pdf":
        from pipeline.readers.pdf import read_pdf

        return read_pdf
    if fmt == "docx":
        from pipeline.readers.docx import read_docx

        return read_docx
    if fmt == "doc":
        from pipeline.readers.doc import read_doc

        return read_doc
    if fmt == "image":
        from pipeline.readers.image import read_image

        return read_image
    if fmt == "html":
        from pipeline.readers.html import read_html

        return read_html
    from pipeline.readers.text import read_text

    return read_text


def read(path: Path) -> Source:
    """Read any supported file; raise ``ReadError`` with a clear message otherwise."""
    fmt = format_of(path)
    if fmt is None:
        raise ReadError(
            f"unsupported file type {path.suffix or '(none)'!r}; supported:"
            f" {', '.join(sorted(FORMATS))}"
        )
    if not path.is_file():
        raise ReadError(f"not a file: {path}")
    check_size(path)
    return _reader(by_content(fmt, sniff(path)))(path)


def by_content(fmt: str, kind: Kind) -> str:
    """The reader a file's content calls for: a Word file named ``.docx`` or ``.doc`` goes to
    the reader of what it is (an HTML page named ``.doc`` is read as HTML, never by LibreOffice);
    content that fits no reader of its name is a clear error."""
    if fmt == "pdf" and kind != "pdf":
        raise ReadError("not readable as PDF (the file does not start like a PDF)")
    if fmt in ("docx", "doc"):
        if kind == "zip":
            return "docx"
        if kind in ("ole2", "rtf"):
            return "doc"
        if kind == "html" and fmt == "doc":
            return "html"
        if fmt == "docx":
            raise ReadError("corrupt DOCX (not a ZIP package)")
        raise ReadError("not a Word document (neither Word 97-2003, RTF nor DOCX content)")
    if fmt in ("txt", "md", "html") and kind in ("binary", "pdf", "zip", "ole2"):
        raise ReadError(f"not a text file ({kind} content)")
    return fmt
