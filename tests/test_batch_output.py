"""An output folder that cannot take the output is one clear error before any work (exit 2),
never a traceback; a disk that fills mid-run stops the batch with whole lines only."""

import contextlib
import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch import BatchOptions, OutputError, run_batch
from pipeline.batch import output as output_module
from tests.conftest import ROOT, SAMPLES

PLAN = SAMPLES / "004_abbd3a2678e50d31.txt"


def extract(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "extract", *args],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )


@contextlib.contextmanager
def tmpfs(where: Path, options: str):
    """A small file system of its own (root here and in CI); ``False`` where mounting is not
    allowed, and the test then makes the same failure by hand."""
    where.mkdir(parents=True, exist_ok=True)
    try:
        command = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)]
        mounted = subprocess.run(command, capture_output=True).returncode == 0
    except OSError:
        mounted = False
    try:
        yield mounted
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(where)], check=True)


def test_an_output_that_is_a_file_is_one_error_and_exit_2(tmp_path):
    target = tmp_path / "out"
    target.write_text("not a folder")
    proc = extract(str(PLAN), "-o", str(target))
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == (
        f"vnplan extract: error: output {target} exists and is not a folder"
    )


def test_a_read_only_output_is_one_error_and_exit_2(tmp_path, monkeypatch):
    target = tmp_path / "ro"
    with tmpfs(target, "ro,size=4m") as mounted:
        if mounted:
            proc = extract(str(PLAN), "-o", str(target))
            assert proc.returncode == 2
            assert b"Traceback" not in proc.stderr
            message = proc.stderr.decode().strip()
        else:
            monkeypatch.setattr(os, "fsync", _failing(errno.EROFS))
            with pytest.raises(OutputError) as caught:
                run_batch([str(PLAN)], target, lambda m: None)
            message = f"vnplan extract: error: {caught.value}"
    assert message == (
        f"vnplan extract: error: cannot write to output folder {target}: read-only file system"
    )


def test_a_full_disk_is_one_error_before_any_work(tmp_path, monkeypatch):
    target = tmp_path / "full"
    with tmpfs(target, "size=1m") as mounted:
        if mounted:
            with contextlib.suppress(OSError):
                (target / "filler").write_bytes(b"\0" * 2**20)
            proc = extract(str(PLAN), "-o", str(target))
            assert proc.returncode == 2
            assert b"Traceback" not in proc.stderr
            message = proc.stderr.decode()
        else:
            monkeypatch.setattr(os, "fsync", _failing(errno.ENOSPC))
            with pytest.raises(OutputError) as caught:
                run_batch([str(PLAN)], target, lambda m: None)
            message = str(caught.value)
    assert f"cannot write to output folder {target}: no space left on the disk" in message


def test_a_disk_that_fills_mid_run_stops_the_batch_with_whole_lines(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        shutil.copy(PLAN, folder / f"plan-{i:02d}.txt")
    target = tmp_path / "out"
    monkeypatch.setattr(output_module, "MIN_FREE_MB", 0)
    with tmpfs(target, "size=600k") as mounted:
        if not mounted:  # make the seventh record write fail as a full disk would
            real, calls = output_module.os.replace, []

            def replace(src, dst):
                calls.append(dst)
                if len(calls) > 7:
                    raise OSError(errno.ENOSPC, "No space left on device")
                return real(src, dst)

            monkeypatch.setattr(output_module.os, "replace", replace)
        with pytest.raises(OutputError, match="no space left on the disk"):
            run_batch([str(folder)], target, lambda m: None, BatchOptions(jobs=1))
        lines = (target / "manifest.jsonl").read_bytes().splitlines()
        assert 0 < len(lines) < 12
        for line in lines:
            record = Path(json.loads(line)["record"])
            assert json.loads(record.read_text(encoding="utf-8"))["text"]


def _failing(code: int):
    def fail(fd):
        raise OSError(code, os.strerror(code))

    return fail


def test_a_second_batch_into_a_folder_in_use_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with output_module.lock_output(out):
        proc = extract(str(PLAN), "-o", str(out))
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == (
        f"vnplan extract: error: output folder {out} is in use by another vnplan"
    )
    assert extract(str(PLAN), "-o", str(out)).returncode == 0
