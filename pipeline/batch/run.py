"""``vnplan extract``: discover the inputs, decide what to redo, run the files on an engine,
and write each record and manifest line as its outcome comes back."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.assemble import sha256_of
from pipeline.batch.discover import discover
from pipeline.batch.limits import Limits
from pipeline.batch.manifest import Entry, Manifest, read_manifest
from pipeline.batch.names import MANIFEST, shown
from pipeline.batch.output import lock_output, prepare_output, write_atomic
from pipeline.batch.plan import Plan, Rerun, entry_for, plan_run, preserved
from pipeline.batch.progress import Progress
from pipeline.batch.task import Item, Outcome
from pipeline.batch.version import extractor_version
from pipeline.readers import format_of
from schemas.models import PlanRecord

DOC_CHUNK = 8  # .doc files per LibreOffice call: one call for five files measured 3.5x cheaper


@dataclass(frozen=True)
class BatchOptions:
    jobs: int | None = None  # worker processes; None: every core
    rerun: Rerun = field(default_factory=Rerun)
    follow_links: bool = False
    limits: Limits = field(default_factory=Limits)
    engine: Literal["local", "dask"] = "local"
    scheduler: str | None = None  # Dask scheduler address
    progress: bool | None = None  # None: a bar when stderr is a terminal
    keep_personal_data: bool = False  # records keep private individuals' data (a rerun redoes)
    # sees each record as it is written (``vnplan extract --db`` loads it into the database)
    on_record: Callable[[PlanRecord, Path], object] | None = None


@dataclass
class BatchResult:
    written: int = 0
    errors: int = 0
    skipped: int = 0
    needs_ocr: int = 0
    unchanged: int = 0  # inputs whose line of an earlier run still holds
    unchanged_errors: int = 0


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def run_batch(
    paths: list[str],
    outdir: Path,
    log: Callable[[str], object] = print,
    options: BatchOptions | None = None,
) -> BatchResult:
    """Every input ends as exactly one manifest line. ``OutputError`` (before any work, or when
    the output folder stops taking files) and ``WorkerStartError`` stop the batch."""
    opts = options or BatchOptions()
    prepare_output(outdir)
    with lock_output(outdir):
        return _run(paths, outdir, log, opts)


def _run(
    paths: list[str], outdir: Path, log: Callable[[str], object], opts: BatchOptions
) -> BatchResult:
    found = discover(paths, opts.follow_links, exclude=outdir)
    version = extractor_version()
    previous = read_manifest(outdir / MANIFEST)
    personal_data = "kept" if opts.keep_personal_data else "redacted"
    plan = plan_run(found, previous, outdir, version, opts.limits, opts.rerun, personal_data)
    result = BatchResult(unchanged=len(plan.kept))
    result.unchanged_errors = sum(e["status"] == "error" for e in plan.kept)
    manifest = Manifest(outdir / MANIFEST, preserved(plan, previous))
    progress = Progress(len(plan.todo), log, opts.progress)
    writer = Writer(outdir, manifest, plan, version, result, progress)
    writer.personal_data = personal_data
    writer.on_record = opts.on_record
    try:
        for entry in plan.settled:
            writer.settled(entry)
        jobs = opts.jobs or default_jobs()
        tasks = make_tasks(plan.todo, jobs, opts.keep_personal_data)
        if opts.engine == "dask":
            from pipeline.batch.dask_engine import run_dask

            run_dask(tasks, opts.limits, opts.scheduler, jobs, writer.outcome)
        elif tasks:
            from pipeline.batch.local import run_local

            run_local(tasks, opts.limits, jobs, writer.outcome)
    finally:
        progress.close()
        manifest.close()
    return result


def make_tasks(
    todo: list[tuple[Path, str]], jobs: int, keep_personal_data: bool = False
) -> list[list[Item]]:
    """One task per file, except ``.doc`` files: a few per task, for one LibreOffice call.
    Largest first, so that no long file starts last while the other workers idle."""
    items = [
        Item(key, os.path.abspath(path), shown(path), keep_personal_data)
        for key, (path, _) in enumerate(todo)
    ]
    docs = [i for i, (p, _) in zip(items, todo, strict=True) if format_of(p) == "doc"]
    others = [[i] for i, (p, _) in zip(items, todo, strict=True) if format_of(p) != "doc"]
    size = max(1, min(DOC_CHUNK, math.ceil(len(docs) / max(jobs, 1))))
    chunks = [docs[n : n + size] for n in range(0, len(docs), size)]
    return sorted(others + chunks, key=lambda task: -sum(_size(i.path) for i in task))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class Writer:
    """Writes each outcome: the record atomically, then its manifest line."""

    def __init__(
        self,
        outdir: Path,
        manifest: Manifest,
        plan: Plan,
        version: str,
        result: BatchResult,
        progress: Progress,
    ) -> None:
        self.outdir = outdir
        self.manifest = manifest
        self.todo = plan.todo
        self.version = version
        self.personal_data = "redacted"  # or "kept": written on every line, so a rerun can tell
        self.on_record: Callable[[PlanRecord, Path], object] | None = None
        self.result = result
        self.progress = progress
        self.foreign: set[str] = set()

    def settled(self, entry: Entry) -> None:
        if entry["status"] == "skipped":
            self.result.skipped += 1
        else:
            self.result.errors += 1
            self.progress.note(f"error: {entry['path']}: {entry['error']}")
        self.manifest.append(entry)

    def outcome(self, o: Outcome) -> None:
        path, name = self.todo[o.key]
        entry = entry_for(path)
        entry.update(sha256=o.sha256 or _sha256_or_none(path), format=o.format or format_of(path))
        entry["status"] = o.status
        if o.status == "ok" and o.record_json is not None:
            target = self.outdir / name
            write_atomic(target, o.record_json.encode("utf-8"))
            if self.on_record is not None:
                self.on_record(PlanRecord.model_validate_json(o.record_json), target)
            entry.update(record=shown(target), pages=o.pages)
            entry.update(needs_ocr=o.needs_ocr, warnings=o.warnings)
            self.result.written += 1
            self.result.needs_ocr += int(o.needs_ocr)
        else:
            entry["error"] = o.error
            self.result.errors += 1
        entry.update(seconds=o.seconds, extractor=o.extractor or self.version)
        entry["personal_data"] = self.personal_data
        if o.worker_peak_mb is not None:
            entry["worker_peak_mb"] = o.worker_peak_mb
        self.manifest.append(entry)
        self._check_version(o.extractor)
        self.progress.done(
            o.pages, None if o.error is None else f"error: {entry['path']}: {o.error}"
        )

    def _check_version(self, worker_version: str | None) -> None:
        if worker_version and worker_version != self.version and worker_version not in self.foreign:
            self.foreign.add(worker_version)
            self.progress.note(
                f"warning: a worker runs extractor version {worker_version}, this vnplan"
                f" {self.version}: its records will be redone by the next run"
            )


def _sha256_or_none(path: Path) -> str | None:
    try:
        return sha256_of(path)
    except OSError:
        return None
