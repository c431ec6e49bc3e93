"""The batch engine: parallel workers give the same records as one; a rerun keeps what still
holds; a killed batch, run again, ends with every input accounted for exactly once; one
pathological file costs one bounded slot and becomes an error line."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from pipeline.batch import BatchOptions, Limits, Rerun, run_batch
from pipeline.batch.version import extractor_version
from tests.conftest import ROOT, SAMPLES
from tests.hostile import one_line_text, zip_bomb_docx

SEEDS = sorted(SAMPLES.glob("00[0-4]_*.txt"))


def manifest_of(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_bytes().splitlines()]


def copies(folder: Path, n: int, kinds: tuple[str, ...] = ("txt",)) -> list[Path]:
    """``n`` distinct inputs made from the seed plans (a number changed, so the bytes differ)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        seed = SAMPLES / f"{SEEDS[i % len(SEEDS)].stem}.{kind}"
        target = folder / f"plan-{i:03d}.{kind}"
        data = seed.read_bytes()
        if kind == "txt":
            data += f"\nBản sao số {i}.\n".encode()
        shutil.copy(seed, target) if kind != "txt" else target.write_bytes(data)
        made.append(target)
    return made


def records(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.json")}


def test_two_workers_write_the_same_records_as_one(tmp_path):
    inputs = [*SEEDS, *sorted(SAMPLES.glob("00[0-2]_*.docx")), SAMPLES / "001_516b95c28caaea9e.doc"]
    one, two = tmp_path / "one", tmp_path / "two"
    run_batch([str(p) for p in inputs], one, lambda m: None, BatchOptions(jobs=1))
    run_batch([str(p) for p in inputs], two, lambda m: None, BatchOptions(jobs=2))
    assert records(one) == records(two)
    assert len(records(one)) == len(inputs)
    assert {m["extractor"] for m in manifest_of(two)} == {extractor_version()}


def test_a_rerun_keeps_unchanged_inputs_and_redoes_changed_ones(tmp_path):
    folder = tmp_path / "in"
    inputs = copies(folder, 4)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "out"
    first = run_batch([str(folder)], out, lambda m: None, BatchOptions(jobs=2))
    assert (first.written, first.errors) == (4, 1)
    inputs[0].write_bytes(inputs[0].read_bytes() + b"\nMot dong moi.\n")
    again = run_batch([str(folder)], out, lambda m: None, BatchOptions(jobs=2))
    assert (again.written, again.unchanged, again.unchanged_errors) == (1, 4, 1)
    lines = manifest_of(out)
    assert sorted(Path(m["path"]).name for m in lines) == sorted(p.name for p in folder.iterdir())
    retried = run_batch(
        [str(folder)], out, lambda m: None, BatchOptions(jobs=1, rerun=Rerun(retry_errors=True))
    )
    assert (retried.written, retried.errors, retried.unchanged) == (0, 1, 4)
    forced = run_batch(
        [str(folder)], out, lambda m: None, BatchOptions(jobs=2, rerun=Rerun(force=True))
    )
    assert (forced.written, forced.errors, forced.unchanged) == (4, 1, 0)
    assert len(manifest_of(out)) == 5


def test_a_rerun_keeps_the_lines_of_other_inputs_and_their_record_names(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    copies(a, 1)
    copies(b, 1)  # the same name, plan-000.txt, in another folder
    out = tmp_path / "out"
    run_batch([str(a)], out, lambda m: None, BatchOptions(jobs=1))
    run_batch([str(b)], out, lambda m: None, BatchOptions(jobs=1))
    lines = {m["path"]: Path(m["record"]).name for m in manifest_of(out)}
    assert lines == {
        str(a / "plan-000.txt"): "plan-000.json",
        str(b / "plan-000.txt"): "plan-000.2.json",
    }


def test_a_killed_batch_run_again_accounts_for_every_input_exactly_once(tmp_path):
    folder = tmp_path / "in"
    inputs = copies(folder, 40, kinds=("txt", "txt", "txt", "docx"))
    inputs += copies(folder / "doc", 4, kinds=("doc",))
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "pipeline.cli", "extract", str(folder), "-o", str(out), "-j", "2"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    done_before_kill = 0
    while time.monotonic() < deadline and proc.poll() is None:
        manifest = out / "manifest.jsonl"
        done_before_kill = len(manifest.read_bytes().splitlines()) if manifest.exists() else 0
        if done_before_kill >= 10:
            break
        time.sleep(0.05)
    family = psutil.Process(proc.pid).children(recursive=True)
    workers = [p for p in family if is_worker(p)]
    assert proc.poll() is None, "the batch finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert workers and psutil.wait_procs(workers, timeout=10)[1] == [], "workers outlived it"
    psutil.wait_procs(family, timeout=60)  # a LibreOffice call in flight ends on its own
    half = manifest_of(out)  # every line written is whole
    assert 10 <= len(half) < len(inputs)
    assert all(p.stat().st_size > 0 for p in out.glob("*.json"))
    for line in half:
        json.loads(Path(line["record"]).read_text(encoding="utf-8"))

    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert b"Traceback" not in rerun.stderr
    lines = manifest_of(out)
    paths = [m["path"] for m in lines]
    assert sorted(paths) == sorted(str(p) for p in inputs)  # each exactly once
    assert all(m["status"] == "ok" for m in lines)
    assert lines[: len(half)] == half  # what the killed run finished was kept, not redone
    assert f"{len(half)} unchanged".encode() in rerun.stdout
    for line in lines:
        assert json.loads(Path(line["record"]).read_text(encoding="utf-8"))["text"]
    assert not list(out.glob(".vnplan-tmp-*"))


def is_worker(proc: psutil.Process) -> bool:
    try:
        return "pipeline.batch.worker" in " ".join(proc.cmdline())
    except psutil.Error:
        return False


def test_a_file_past_the_time_limit_is_an_error_line_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "in"
    copies(folder, 3)
    one_line_text(folder / "one-line.txt", 4_000_000)  # ~50 CPU-s of extraction (3M characters)
    out = tmp_path / "out"
    t0 = time.monotonic()
    result = run_batch(
        [str(folder)], out, lambda m: None, BatchOptions(jobs=1, limits=Limits(timeout=3))
    )
    assert time.monotonic() - t0 < 40
    assert (result.written, result.errors) == (3, 1)
    lines = {Path(m["path"]).name: m for m in manifest_of(out)}
    assert lines["one-line.txt"]["error"] == "timed out after 3 s"
    assert lines["one-line.txt"]["sha256"]


def test_a_zip_bomb_past_the_memory_limit_is_an_error_line(tmp_path):
    folder = tmp_path / "in"
    copies(folder, 2)
    zip_bomb_docx(folder / "bomb.docx", decompressed_mb=600)
    assert (folder / "bomb.docx").stat().st_size < 4 * 2**20
    out = tmp_path / "out"
    options = BatchOptions(jobs=1, limits=Limits(memory_mb=600))
    result = run_batch([str(folder)], out, lambda m: None, options)
    assert (result.written, result.errors) == (2, 1)
    bomb = next(m for m in manifest_of(out) if m["path"].endswith("bomb.docx"))
    assert bomb["status"] == "error"
    assert "internal error" not in bomb["error"]


def test_files_over_the_size_and_character_limits_are_refused(tmp_path):
    folder = tmp_path / "in"
    copies(folder, 1)
    (folder / "long.txt").write_text("Kế hoạch. " * 5000, encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"x" * 2_000_000)
    out = tmp_path / "out"
    options = BatchOptions(jobs=1, limits=Limits(max_chars=45_000, max_file_mb=1))
    run_batch([str(folder)], out, lambda m: None, options)
    lines = {Path(m["path"]).name: m.get("error") for m in manifest_of(out)}
    assert lines["plan-000.txt"] is None
    assert lines["long.txt"] == "too large: 50,000 characters (limit 45,000, --max-chars)"
    assert lines["huge.txt"].startswith("too large: 2 MB (limit 1 MB")


def test_worker_processes_end_with_the_batch(tmp_path):
    copies(tmp_path / "in", 2)
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    run_batch([str(tmp_path / "in")], tmp_path / "out", lambda m: None, BatchOptions(jobs=2))
    after = {p.pid for p in psutil.Process().children(recursive=True)}
    assert after <= before
    assert os.path.exists(tmp_path / "out" / "manifest.jsonl")
