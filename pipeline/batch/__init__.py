"""Batch extraction: every input accounted for in ``manifest.jsonl``; bad files never stop the
run. Files run in parallel supervised worker processes (or on a Dask cluster), records are
written atomically, and a rerun keeps what still holds."""

from __future__ import annotations

from pipeline.batch.discover import Found, discover
from pipeline.batch.limits import Limits
from pipeline.batch.names import output_names
from pipeline.batch.output import OutputError
from pipeline.batch.plan import Rerun
from pipeline.batch.run import BatchOptions, BatchResult, run_batch
from pipeline.batch.sandbox import WorkerStartError

__all__ = [
    "BatchOptions",
    "BatchResult",
    "Found",
    "Limits",
    "OutputError",
    "Rerun",
    "WorkerStartError",
    "discover",
    "output_names",
    "run_batch",
]
