"""One line per failure, by cause. A broken file is the file's problem and says what is wrong
with it; ``internal error`` is kept for faults of vnplan itself, with the line that raised."""

from __future__ import annotations

import traceback
from pathlib import Path

from pipeline.model.source import ReadError

# Library exceptions that mean "this file is damaged", by class name so that the batch does not
# import every reader's libraries to name them.
DAMAGED = {
    "BadZipFile": "corrupt DOCX (not a valid zip package)",
    "PackageNotFoundError": "not a readable DOCX file (not a zip package)",
    "XMLSyntaxError": "corrupt document (malformed XML)",
    "PdfiumError": "not a readable PDF",
    "PDFSyntaxError": "not a readable PDF",
    "LargeZipFile": "corrupt DOCX (zip too large)",
    "UnicodeDecodeError": "cannot decode the text",
}


def describe(exc: BaseException) -> str:
    if isinstance(exc, ReadError):
        return str(exc)
    name = exc.__class__.__name__
    if name in DAMAGED:
        return f"{DAMAGED[name]} ({name}: {_short(exc)})"
    if isinstance(exc, MemoryError):
        return "exceeded memory limit (out of memory while reading)"
    if isinstance(exc, RecursionError):
        return "too deeply nested to read (recursion limit)"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or _short(exc)}"
    return f"internal error: {name}: {_short(exc)}{_where(exc)}"


def _short(exc: BaseException, width: int = 200) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= width else text[: width - 3] + "..."


def _where(exc: BaseException) -> str:
    """`` (at file.py:123)``: the innermost frame of vnplan's own code, for a bug report."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if any(part in f.filename for part in ("pipeline", "extractors", "schemas"))
    ]
    if not frames:
        return ""
    frame = frames[-1]
    return f" (at {Path(frame.filename).parent.name}/{Path(frame.filename).name}:{frame.lineno})"
