"""The Dask engine: the same tasks on a Dask distributed cluster.

Each Dask worker thread keeps one supervised worker process (the same ``Sandbox`` as the local
engine), so the per-file time and memory limits hold on the cluster too; records and the
manifest are written here, by the client, exactly as by the local engine. Workers need vnplan
installed and the inputs at the same absolute paths.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from pipeline.batch.limits import Limits
from pipeline.batch.sandbox import Sandbox
from pipeline.batch.task import Item, Outcome, failed

_THREAD = threading.local()
_ALL: list[Sandbox] = []  # every sandbox of this Dask worker process, to stop after a batch
_ALL_LOCK = threading.Lock()


def run_dask(
    tasks: list[list[Item]],
    limits: Limits,
    scheduler: str | None,
    jobs: int,
    on_outcome: Callable[[Outcome], None],
) -> None:
    """``scheduler``: a running scheduler's address; without one, a local cluster of ``jobs``
    single-threaded worker processes is started for the run."""
    from distributed import Client, LocalCluster, as_completed

    cluster: Any = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, dashboard_address=None)
    try:
        with Client(scheduler or cluster) as client:
            futures = {client.submit(run_remote, task, limits, pure=False): task for task in tasks}
            for future in as_completed(futures):
                try:
                    outcomes = future.result()
                except Exception as exc:  # the Dask worker itself was lost
                    why = f"dask task failed: {exc.__class__.__name__}: {exc}"
                    outcomes = [failed(item, why, 0.0) for item in futures[future]]
                for outcome in outcomes:
                    on_outcome(outcome)
            client.run(stop_sandboxes)  # no idle worker processes left on a long-lived cluster
    finally:
        if cluster is not None:
            cluster.close()


def run_remote(items: list[Item], limits: Limits) -> list[Outcome]:
    """Runs on a Dask worker: the task in this thread's sandbox."""
    sandbox: Sandbox | None = getattr(_THREAD, "sandbox", None)
    if sandbox is None or sandbox.limits != limits:
        if sandbox is not None:
            sandbox.stop()
        sandbox = _THREAD.sandbox = Sandbox(limits)
    with _ALL_LOCK:
        if sandbox not in _ALL:
            _ALL.append(sandbox)
    outcomes: list[Outcome] = []
    sandbox.run(items, outcomes.append)
    return outcomes


def stop_sandboxes() -> int:
    """Runs on each Dask worker after a batch: stop its worker processes (a thread that gets a
    task later starts a new one)."""
    with _ALL_LOCK:
        stopping, _ALL[:] = list(_ALL), []
    for sandbox in stopping:
        sandbox.stop()
    return len(stopping)
