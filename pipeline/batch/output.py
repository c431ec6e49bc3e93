"""The output folder: checked before any work starts, written only by atomic replacement.

A record is written to a temporary file, flushed to disk and renamed onto its name, so a batch
killed at any moment leaves whole records or none, never a 0-byte one.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from pathlib import Path
from typing import IO

from pipeline.batch.names import shown

MIN_FREE_MB = 32  # room for a hundred records or so; below it the batch would fail file by file
PROBE_BYTES = 64 * 1024
TMP_PREFIX = ".vnplan-tmp-"
LOCK = ".vnplan.lock"


class OutputError(Exception):
    """The output folder cannot take the batch's output; nothing was read."""


def prepare_output(outdir: Path) -> None:
    """Create ``outdir`` if needed and prove it takes a file, or raise one clear ``OutputError``;
    remove temporary files a killed run left behind."""
    where = shown(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"output {where} exists and is not a folder")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create output folder {where}: {os_error_text(exc)}") from exc
    try:
        with tempfile.NamedTemporaryFile(dir=outdir, prefix=TMP_PREFIX) as probe:
            probe.write(b"\0" * PROBE_BYTES)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {where}: {os_error_text(exc)}") from exc
    free_mb = _free_mb(outdir)
    if free_mb < MIN_FREE_MB:
        raise OutputError(
            f"output folder {where}: its disk is full ({free_mb:.0f} MB free, need {MIN_FREE_MB})"
        )
    for leftover in outdir.glob(TMP_PREFIX + "*"):
        leftover.unlink(missing_ok=True)


def lock_output(outdir: Path) -> IO[bytes]:
    """Hold the output folder for this run (released when the handle closes or the process
    dies); a second batch into the same folder would interleave their manifests."""
    handle = (outdir / LOCK).open("ab")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        raise OutputError(f"output folder {shown(outdir)} is in use by another vnplan") from exc
    return handle


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` under a temporary name, fsync, rename onto ``target``, fsync the folder.
    ``OutputError`` when the folder stops taking files (a full disk mid-run)."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=TMP_PREFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        fsync_folder(target.parent)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {shown(target)}: {os_error_text(exc)}") from exc


def fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _free_mb(folder: Path) -> float:
    st = os.statvfs(folder)
    return st.f_bavail * st.f_frsize / 2**20


def os_error_text(exc: OSError) -> str:
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on the disk"
    if exc.errno == errno.EACCES:
        return "permission denied"
    return exc.strerror or exc.__class__.__name__
