"""CPU time of ``build_record`` per stage: read, normalise, segment and each component.

``build_record`` itself runs (exactly what ``vnplan extract`` does per file); the stage functions it
calls are wrapped for the duration, so the benchmark never keeps its own copy of the pipeline.
CPU time is this process's (``time.process_time``) plus that of finished child processes
(LibreOffice for ``.doc``).
"""

from __future__ import annotations

import dataclasses
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pipeline.assemble as assemble
from pipeline.model.components import Component
from schemas.models import PlanRecord

CHARS_PER_PAGE = 3000  # a page-equivalent of formats without pages: ~one A4 page of these plans
PIPELINE_STAGES = ("read", "normalise", "segment", "redact_personal_data")


def cpu_seconds() -> float:
    """This process and its finished children (LibreOffice converting a ``.doc``)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@dataclass
class FileTiming:
    path: str
    format: str  # "pdf", "pdf (scan)", "docx", ...
    pages: float  # real pages (PDF) or page-equivalents of CHARS_PER_PAGE characters
    chars: int
    total: float  # CPU seconds of build_record
    stages: dict[str, float] = field(default_factory=dict)


def pages_of(record: PlanRecord) -> float:
    if record.source.format == "pdf" and record.source.pages:
        return float(record.source.pages)
    return len(record.text) / CHARS_PER_PAGE


def _timed(name: str, func: Callable[..., Any], into: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = cpu_seconds()
        try:
            return func(*args, **kwargs)
        finally:
            into[name] = into.get(name, 0.0) + cpu_seconds() - t0

    return wrapper


@contextmanager
def stage_timers(into: dict[str, float]) -> Iterator[None]:
    """Wrap the stages ``build_record`` calls so their CPU time adds up in ``into``."""
    saved = {name: getattr(assemble, name) for name in (*PIPELINE_STAGES, "pipeline_components")}
    components = saved["pipeline_components"]()

    def timed_components() -> list[Component]:
        return [dataclasses.replace(c, func=_timed(c.name, c.func, into)) for c in components]

    try:
        for name in PIPELINE_STAGES:
            setattr(assemble, name, _timed(name, saved[name], into))
        assemble.pipeline_components = timed_components
        yield
    finally:
        for name, value in saved.items():
            setattr(assemble, name, value)


def time_file(path: Path) -> FileTiming:
    """One ``build_record`` with its stages timed; what the stages do not cover (hashing, the
    record's construction and validation) is ``other``."""
    stages: dict[str, float] = {}
    with stage_timers(stages):
        t0 = cpu_seconds()
        record = assemble.build_record(path)
        total = cpu_seconds() - t0
    stages["other"] = max(0.0, total - sum(stages.values()))
    scan = " (ocr)" if record.source.ocr else " (scan)" if record.source.needs_ocr else ""
    fmt = record.source.format + scan
    return FileTiming(str(path), fmt, pages_of(record), len(record.text), total, stages)
