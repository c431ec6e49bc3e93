"""The local engine: ``jobs`` supervised worker processes, fed from one queue of tasks by one
thread each; outcomes come back to the calling thread, which alone writes the output."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from pipeline.batch.limits import Limits
from pipeline.batch.sandbox import Sandbox
from pipeline.batch.task import Item, Outcome

Message = Outcome | BaseException | None  # None: one feeding thread has finished


def run_local(
    tasks: list[list[Item]], limits: Limits, jobs: int, on_outcome: Callable[[Outcome], None]
) -> None:
    todo: queue.Queue[list[Item]] = queue.Queue()
    for task in tasks:
        todo.put(task)
    inbox: queue.Queue[Message] = queue.Queue()
    sandboxes = [Sandbox(limits) for _ in range(max(1, min(jobs, len(tasks))))]
    threads = [
        threading.Thread(target=_feed, args=(s, todo, inbox), daemon=True) for s in sandboxes
    ]
    for t in threads:
        t.start()
    try:
        finished = 0
        while finished < len(threads):
            try:
                message = inbox.get(timeout=0.5)  # a timeout keeps Ctrl-C responsive
            except queue.Empty:
                continue
            if message is None:
                finished += 1
            elif isinstance(message, BaseException):
                raise message
            else:
                on_outcome(message)
    finally:
        for s in sandboxes:
            s.close()
        for t in threads:
            t.join(timeout=10)


def _feed(sandbox: Sandbox, todo: queue.Queue[list[Item]], inbox: queue.Queue[Message]) -> None:
    try:
        while not sandbox.closed:
            try:
                task = todo.get_nowait()
            except queue.Empty:
                break
            sandbox.run(task, inbox.put)
        sandbox.stop()
    except BaseException as exc:  # a worker that cannot start stops the batch, with its cause
        inbox.put(exc)
    finally:
        inbox.put(None)
