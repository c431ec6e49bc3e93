"""The Dask engine runs the same batch on a cluster (here a LocalCluster of two worker
processes): the same records and manifest as the local engine, the same per-file limits, the
same resume."""

import json
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from distributed import LocalCluster

from pipeline.batch import BatchOptions, Limits, run_batch
from tests.conftest import ROOT, SAMPLES
from tests.hostile import one_line_text

INPUTS = [
    *sorted(SAMPLES.glob("00[0-4]_*.txt")),
    SAMPLES / "001_516b95c28caaea9e.docx",
    SAMPLES / "001_516b95c28caaea9e.doc",
    SAMPLES / "003_b3c289cca53b4e1f.doc",
]


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture()
def inputs(tmp_path) -> list[str]:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nothing more")
    one_line_text(tmp_path / "one-line.txt", 4_000_000)  # ~50 CPU-s: past the 5 s limit
    return [str(p) for p in INPUTS] + [str(broken), str(tmp_path / "one-line.txt")]


def manifest_of(out: Path) -> dict[str, dict]:
    lines = [json.loads(line) for line in (out / "manifest.jsonl").read_bytes().splitlines()]
    return {m["path"]: m for m in lines}


def test_the_dask_engine_writes_what_the_local_engine_writes(cluster, inputs, tmp_path):
    local, remote = tmp_path / "local", tmp_path / "dask"
    limits = Limits(timeout=5)
    run_batch(inputs, local, lambda m: None, BatchOptions(jobs=2, limits=limits))
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", *inputs, "-o", str(remote)]
    cmd += ["--engine", "dask", "--scheduler", cluster.scheduler_address, "--timeout", "5"]
    proc = subprocess.run(cmd, capture_output=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 1, proc.stderr  # the broken PDF and the one-line file fail
    assert b"Traceback" not in proc.stderr
    here, there = manifest_of(local), manifest_of(remote)
    assert sorted(here) == sorted(there) == sorted(inputs)
    for path in inputs:
        assert there[path]["status"] == here[path]["status"]
        assert there[path].get("error") == here[path].get("error")
    assert there[inputs[-1]]["error"] == "timed out after 5 s"
    for record in local.glob("*.json"):
        assert (remote / record.name).read_text(encoding="utf-8") == record.read_text(
            encoding="utf-8"
        )


def test_a_dask_rerun_keeps_what_holds(cluster, inputs, tmp_path):
    out = tmp_path / "out"
    options = BatchOptions(engine="dask", scheduler=cluster.scheduler_address, limits=Limits(5))
    first = run_batch(inputs, out, lambda m: None, options)
    assert (first.written, first.errors) == (len(INPUTS), 2)
    assert worker_processes() == []  # stopped on the cluster after the batch
    again = run_batch(inputs, out, lambda m: None, options)
    assert (again.written, again.errors, again.unchanged) == (0, 0, len(inputs))
    assert sorted(manifest_of(out)) == sorted(inputs)


def worker_processes() -> list[psutil.Process]:
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if "pipeline.batch.worker" in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.Error:
            continue
    return found
