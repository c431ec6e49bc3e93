"""One worker process under supervision.

Every step the worker announces gets a deadline; its resident memory, with the programs it
starts (LibreOffice), is sampled ten times a second. A worker past either limit, or one that
dies, is killed with its whole process group and replaced: the file it was on becomes an error
line ("timed out after 600 s", "exceeded memory limit (2048 MB)") and the rest of its task goes
on in the new worker. A subprocess rather than ``multiprocessing``, so that it also runs inside
Dask's daemonic worker processes.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import IO, Any

import psutil

from pipeline.batch.limits import Limits
from pipeline.batch.task import Item, Outcome, failed

STARTUP_S = 120.0  # importing the readers on a slow, busy machine
SAMPLE_S = 0.1
FAMILY_S = 1.0
GRACE_S = 5.0  # the shared .doc conversion has its own timeout, which should fire first
Failure = tuple[int | None, str, float]  # the item being worked on (None: between files), why


class WorkerStartError(Exception):
    """The worker process could not start at all: an installation problem, not a file's."""


class Sandbox:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.proc: subprocess.Popen[bytes] | None = None
        self.conn: Connection | None = None
        self.log: IO[bytes] | None = None
        self.workdir: str | None = None
        self.version: str | None = None
        self.peak_mb = 0.0  # highest resident memory seen, worker and its children
        self._family: list[psutil.Process] = []
        self._family_until = 0.0
        self.closed = False

    def run(self, items: list[Item], on_outcome: Callable[[Outcome], None]) -> None:
        """Every item ends in exactly one ``on_outcome`` call (unless the sandbox is closed)."""
        pending = {item.key: item for item in items}
        batch_docs, stalls = True, 0
        while pending and not self.closed:
            conn = self._started()
            conn.send(("run", list(pending.values()), self.limits, batch_docs))
            failure = self._watch(pending, on_outcome)
            if failure is None or self.closed:
                return
            key, error, seconds = failure
            self.kill()
            if key is None:  # between files or in the shared .doc conversion: retry one by one
                batch_docs, stalls = False, stalls + 1
                if stalls < 2:
                    continue
                key = next(iter(pending))
            on_outcome(failed(pending.pop(key), error, seconds))
            stalls = 0

    def _watch(
        self, pending: dict[int, Item], on_outcome: Callable[[Outcome], None]
    ) -> Failure | None:
        conn, proc = self.conn, self.proc  # ``close`` may clear the attributes from another thread
        assert conn is not None and proc is not None
        current: int | None = None
        started = time.monotonic()
        next_sample = started
        while True:
            now = time.monotonic()
            budget = self.limits.timeout + (GRACE_S if current is None else 0.0)
            if now - started > budget:
                return current, f"timed out after {self.limits.timeout:g} s", now - started
            if now >= next_sample:
                rss = self._tree_rss_mb()
                self.peak_mb = max(self.peak_mb, rss)
                if rss > self.limits.memory_mb:
                    why = f"exceeded memory limit ({self.limits.memory_mb} MB)"
                    return current, why, now - started
                next_sample = now + SAMPLE_S
            try:
                message = conn.recv() if conn.poll(SAMPLE_S) else None
            except (EOFError, OSError):
                return current, self._death(), time.monotonic() - started
            if message is None:
                if proc.poll() is not None:
                    return current, self._death(), time.monotonic() - started
            elif message[0] == "start":
                current, started = message[1], time.monotonic()
            elif message[0] == "outcome":
                outcome: Outcome = message[1]
                outcome.extractor = self.version
                pending.pop(outcome.key, None)
                on_outcome(outcome)
                current = None
            elif message[0] == "done":
                return None

    def _started(self) -> Connection:
        if self.proc is not None and self.proc.poll() is None and self.conn is not None:
            return self.conn
        self.kill()
        ours, theirs = socket.socketpair()
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.batch.worker", str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,  # its own process group: killed with what it starts
        )
        theirs.close()
        self.conn = Connection(ours.detach())
        try:
            ready = self.conn.poll(STARTUP_S)
            message = self.conn.recv() if ready else None
        except (EOFError, OSError):
            message = None
        if not message or message[0] != "ready":
            tail = self._stderr_tail()
            self.kill()
            raise WorkerStartError(f"worker process could not start: {tail or 'no answer'}")
        _, _, self.workdir, self.version = message
        return self.conn

    def _tree_rss_mb(self) -> float:
        """Resident memory of the worker and its children; the list of children (a walk of
        /proc) is refreshed once a second, their memory at every sample."""
        if self.proc is None:
            return 0.0
        now = time.monotonic()
        if now >= self._family_until:
            try:
                root = psutil.Process(self.proc.pid)
                self._family = [root, *root.children(recursive=True)]
            except psutil.Error:
                return 0.0
            self._family_until = now + FAMILY_S
        total = 0
        for p in self._family:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                continue
        return total / 2**20

    def _death(self) -> str:
        if self.proc is None:
            return "worker stopped"
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "worker stopped answering"
        tail = self._stderr_tail()
        if code < 0:
            name = signal.Signals(-code).name
            why = " (out of memory?)" if -code == signal.SIGKILL else ""
            cause = f"worker crashed ({name}{why})"
        else:
            cause = f"worker exited unexpectedly (exit code {code})"
        return f"{cause}: {tail}" if tail else cause

    def _stderr_tail(self) -> str:
        if self.log is None:
            return ""
        self.log.seek(0)
        lines = [ln for ln in self.log.read().decode("utf-8", "replace").splitlines() if ln]
        return lines[-1][:300] if lines else ""

    def kill(self) -> None:
        """Kill the worker and everything it started; remove its working folder."""
        if self.proc is not None:
            _kill_tree(self.proc)
        if self.conn is not None:
            self.conn.close()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
        if self.log is not None:
            self.log.close()
        self.proc = self.conn = self.log = None
        self.workdir = None
        self._family, self._family_until = [], 0.0

    def stop(self) -> None:
        """Ask the worker to finish, then make sure it has."""
        if self.proc is not None and self.conn is not None and self.proc.poll() is None:
            try:
                self.conn.send(("stop",))
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()

    def close(self) -> None:
        """Stop at once, from another thread: ``run`` returns without reporting or retrying."""
        self.closed = True
        self.kill()


def _kill_tree(proc: subprocess.Popen[Any]) -> None:
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        family = []
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    for child in family:  # anything that left the process group
        try:
            child.kill()
        except psutil.Error:
            pass
    proc.wait()
