"""``make bench``, the batch engine's part: the speed-up from one worker to every core, the peak
memory of a worker, how time and memory grow over 10, 100 and 1,000 documents of a synthetic
batch this module makes, and what converting ``.doc`` files several per LibreOffice call saves.

It is the ``batch`` section of ``make bench`` (``run`` / ``show``; its figures are a key of the
one JSON); run alone (``python -m tests.benchmark.batch_bench``) it writes
``output/bench/batch.json``. ``--quick`` runs small sizes that fit in CI. A benchmark, not a test:
it prints and writes, it asserts nothing.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.batch import BatchOptions, run_batch
from pipeline.batch.run import default_jobs
from pipeline.readers.doc import convert_many_to_docx, convert_to_docx

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
RESULTS = ROOT / "output" / "bench" / "batch.json"
# The mix of a synthetic batch: the seed plans as text, DOCX and the short text-layer PDFs
# (seed 000's PDF alone takes 4 s and would be most of the time), one .doc in fifty.
MIX = [("txt", 10), ("docx", 6), ("pdf", 3), ("doc", 1)]
SHORT_PDFS = ("001", "003", "004")


@dataclass(frozen=True)
class Sizes:
    speedup_docs: int  # documents run with one worker and with every core
    growth: tuple[int, ...]  # batch sizes to see time and memory grow over
    doc_files: int = 5  # .doc files converted one by one and in one call


FULL = Sizes(300, (10, 100, 1000))
QUICK = Sizes(16, (10, 40))


def seeds(kind: str) -> list[Path]:
    # scans are OCR's work (Tesseract on every core), not the batch engine's: left out
    found = sorted(p for p in SAMPLES.glob(f"00[0-4]_*.{kind}") if ".scan." not in p.name)
    return [p for p in found if p.name[:3] in SHORT_PDFS] if kind == "pdf" else found


def synthetic_batch(folder: Path, n: int) -> list[Path]:
    """``n`` distinct documents made from the seeds: each copy's bytes differ (a line of text, a
    PDF comment after the end, a zip comment), so none is a duplicate of another."""
    folder.mkdir(parents=True, exist_ok=True)
    cycle = [kind for kind, weight in MIX for _ in range(weight)]
    made = []
    for i in range(n):
        kind = cycle[i % len(cycle)]
        pool = seeds(kind)
        target = folder / f"doc-{i:04d}.{kind}"
        shutil.copy(pool[i % len(pool)], target)
        _make_distinct(target, kind, i)
        made.append(target)
    return made


def _make_distinct(path: Path, kind: str, i: int) -> None:
    if kind == "txt":
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"\nBản sao số {i}.\n")
    elif kind == "pdf":
        with path.open("ab") as fh:
            fh.write(f"\n% copy {i}\n".encode())
    elif kind == "docx":
        with zipfile.ZipFile(path, "a") as zf:
            zf.comment = f"copy {i}".encode()
    else:  # .doc: LibreOffice ignores bytes after the compound file's last sector
        with path.open("ab") as fh:
            fh.write(b"\0" * (i % 7 + 1))


def timed_batch(inputs: Path, jobs: int) -> dict[str, Any]:
    """One fresh batch: wall and CPU seconds (this process and its workers), pages, the workers'
    peak resident memory after the 10th, 100th, ... document."""
    with tempfile.TemporaryDirectory(prefix="vnplan-bench-") as out:
        before = _cpu()
        t0 = time.perf_counter()
        result = run_batch([str(inputs)], Path(out), lambda m: None, BatchOptions(jobs=jobs))
        wall = time.perf_counter() - t0
        cpu = _cpu() - before
        lines = [json.loads(x) for x in (Path(out) / "manifest.jsonl").read_bytes().splitlines()]
    pages = sum(m.get("pages") or 0 for m in lines)
    peaks = [m["worker_peak_mb"] for m in lines if "worker_peak_mb" in m]
    return {
        "jobs": jobs,
        "documents": len(lines),
        "errors": result.errors,
        "pages": pages,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "documents_per_s": round(len(lines) / wall, 2),
        "pages_per_s": round(pages / wall, 1),
        "pages_per_cpu_s": round(pages / cpu, 1) if cpu else None,
        "peak_worker_mb": max(peaks, default=None),
        # other work on the machine skews every wall-clock figure: the load is kept beside them
        "load_average_1min": round(os.getloadavg()[0], 2),
        "peak_worker_mb_after": {
            str(k): max(peaks[:k]) for k in (10, 100, 1000, len(peaks)) if 0 < k <= len(peaks)
        },
    }


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def doc_conversion(files: list[Path]) -> dict[str, Any]:
    """LibreOffice per file with a fresh profile (how ``read_doc`` alone converts) against one
    call for all the files with a kept profile (how a batch worker converts)."""
    with tempfile.TemporaryDirectory(prefix="vnplan-bench-doc-") as tmp:
        t0 = time.perf_counter()
        for i, path in enumerate(files):
            single_dir = Path(tmp) / f"single-{i}"
            single_dir.mkdir()
            convert_to_docx(path.resolve(), single_dir)
        single = time.perf_counter() - t0
        work = Path(tmp) / "batch"
        work.mkdir()
        t0 = time.perf_counter()
        converted = convert_many_to_docx(files, work, work / "lo-profile", timeout=600)
        batched = time.perf_counter() - t0
    return {
        "files": len(files),
        "converted_in_one_call": len(converted),
        "one_call_per_file_s": round(single, 2),
        "one_call_for_all_s": round(batched, 2),
        "saving": round(single / batched, 2) if batched else None,
    }


def run(quick: bool, sizes: Sizes | None = None) -> dict[str, Any]:
    """The batch engine's figures. ``sizes``: the numbers of documents (``FULL``, ``QUICK``, or
    smaller for a smoke test)."""
    sizes = sizes or (QUICK if quick else FULL)
    cores = default_jobs()
    report: dict[str, Any] = {"quick": quick, "cores": cores}
    with tempfile.TemporaryDirectory(prefix="vnplan-bench-in-") as tmp:
        subset = Path(tmp) / "speedup"
        synthetic_batch(subset, sizes.speedup_docs)
        one = timed_batch(subset, 1)
        every = timed_batch(subset, cores)
        report["speedup"] = {
            "one_worker": one,
            "every_core": every,
            "speedup": round(one["wall_s"] / every["wall_s"], 2),
        }
        report["growth"] = []
        for n in sizes.growth:
            folder = Path(tmp) / f"growth-{n}"
            synthetic_batch(folder, n)
            report["growth"].append(timed_batch(folder, cores))
            shutil.rmtree(folder)
    report["doc_conversion"] = doc_conversion(seeds("doc")[: sizes.doc_files])
    return report


def main(
    quick: bool = False, results: Path = RESULTS, sizes: Sizes | None = None
) -> dict[str, Any]:
    """This section alone, written to ``results``."""
    report = run(quick, sizes)
    results.parent.mkdir(parents=True, exist_ok=True)
    results.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    show(report)
    print(f"written to {results}")
    return report


def show(report: dict[str, Any]) -> None:
    s = report["speedup"]
    print(f"\nbatch engine ({report['cores']} cores{', quick' if report['quick'] else ''})")
    print(
        f"speed-up 1 -> {report['cores']} workers on {s['one_worker']['documents']} documents:"
        f" {s['one_worker']['wall_s']} s -> {s['every_core']['wall_s']} s = {s['speedup']}x"
        f" (load average {s['one_worker']['load_average_1min']},"
        f" {s['every_core']['load_average_1min']})"
    )
    print(
        f"{'documents':>9} {'wall s':>7} {'docs/s':>7} {'pages/s':>8} {'pages/cpu-s':>11} peak MB"
    )
    for g in report["growth"]:
        print(
            f"{g['documents']:9d} {g['wall_s']:7.1f} {g['documents_per_s']:7.2f}"
            f" {g['pages_per_s']:8.1f} {g['pages_per_cpu_s'] or 0:11.1f} {g['peak_worker_mb']}"
        )
    d = report["doc_conversion"]
    print(
        f".doc conversion of {d['files']} files: one LibreOffice call each"
        f" {d['one_call_per_file_s']} s, one call for all {d['one_call_for_all_s']} s"
        f" ({d['saving']}x)"
    )


if __name__ == "__main__":
    main(quick="--quick" in sys.argv[1:])
