"""What the batch sends to a worker and what comes back: plain data, picklable, so the same
work runs in a local worker process or on a Dask cluster."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Item:
    """One input of the run: ``key`` its index, ``path`` where a worker opens it (absolute, so a
    worker with another working folder finds it), ``shown`` how the record names it."""

    key: int
    path: str
    shown: str
    keep_personal_data: bool = False  # private individuals' data left unredacted


@dataclass
class Outcome:
    key: int
    status: Literal["ok", "error"]
    seconds: float
    sha256: str | None = None
    record_json: str | None = None
    error: str | None = None
    format: str | None = None
    pages: int | None = None  # real pages, or page-equivalents of 3,000 characters
    needs_ocr: bool = False
    warnings: int = 0
    worker_peak_mb: float | None = None  # the worker's resident high-water mark after this file
    extractor: str | None = None  # the extractor version the worker ran


def failed(item: Item, error: str, seconds: float) -> Outcome:
    return Outcome(item.key, "error", round(seconds, 4), error=error)
