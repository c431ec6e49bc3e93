"""What a worker does with one task: convert its ``.doc`` files in one LibreOffice call, then
read, bound and extract each file into a record (JSON text). Every failure becomes an
``Outcome`` with its cause; nothing here writes to the output folder."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.assemble import build_record, sha256_of
from pipeline.batch.errors import describe
from pipeline.batch.limits import Limits
from pipeline.batch.task import Item, Outcome
from pipeline.model.source import ReadError, Source
from pipeline.readers import format_of, read
from pipeline.readers.doc import convert_many_to_docx, read_doc

# Word 97-2003 files are OLE2 compound files; nothing else is handed to LibreOffice in a batch.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CHARS_PER_PAGE = 3000  # one A4 page of these plans, for formats without pages

Send = Callable[[tuple[Any, ...]], None]


def run_task(
    items: list[Item], limits: Limits, workdir: Path, batch_docs: bool, send: Send
) -> None:
    """Send ``("start", key)`` before each step (``None``: the shared .doc conversion) and
    ``("outcome", Outcome)`` after each file, so the supervisor can time every step."""
    converted: dict[Path, Path] = {}
    share = 0.0  # each converted file's part of the shared conversion time
    docs = [Path(i.path) for i in items if batch_docs and is_word_97(Path(i.path))]
    if len(docs) > 1:
        send(("start", None))
        t0 = time.perf_counter()
        converted = convert_many_to_docx(docs, workdir, workdir / "lo-profile", limits.timeout)
        share = (time.perf_counter() - t0) / len(docs)
    for item in items:
        send(("start", item.key))
        outcome = extract_one(item, limits, converted.get(Path(item.path)))
        if Path(item.path) in converted:
            outcome.seconds = round(outcome.seconds + share, 4)
        send(("outcome", outcome))


def is_word_97(path: Path) -> bool:
    if format_of(path) != "doc":
        return False
    try:
        with path.open("rb") as fh:
            return fh.read(len(OLE2_MAGIC)) == OLE2_MAGIC
    except OSError:
        return False


def extract_one(item: Item, limits: Limits, converted: Path | None = None) -> Outcome:
    """One file into an ``Outcome``: the record as JSON text, or the cause of the failure."""
    t0 = time.perf_counter()
    path = Path(item.path)
    outcome = Outcome(item.key, "error", 0.0, format=format_of(path))
    try:
        outcome.sha256 = sha256_of(path)
        source = read_doc(path, converted) if converted is not None else read(path)
        bounded(source, limits)
        record = build_record(path, source=source, keep_personal_data=item.keep_personal_data)
        record.source.path = item.shown
        outcome.record_json = record.model_dump_json(indent=2) + "\n"
        outcome.status = "ok"
        outcome.needs_ocr = record.source.needs_ocr
        outcome.warnings = len(record.warnings)
        outcome.pages = record.source.pages or max(1, round(len(record.text) / CHARS_PER_PAGE))
    except Exception as exc:  # the file's failure, never the worker's
        outcome.error = describe(exc)
    outcome.seconds = round(time.perf_counter() - t0, 4)
    outcome.worker_peak_mb = peak_mb()
    return outcome


def bounded(source: Source, limits: Limits) -> None:
    why = limits.too_many_chars(sum(len(b.text) for b in source.blocks))
    if why:
        raise ReadError(why)


def peak_mb() -> float:
    """Resident high-water mark of this process. Linux's ``VmHWM`` is the worker's own;
    ``ru_maxrss`` would also count the parent's memory at the moment the worker was started."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
