"""vnplan end to end per format and per stage, next to the raw libraries reading the same files.

Pages per CPU-second: real pages for PDF, page-equivalents of 3,000 characters of normalised text
for the other formats. Imports are paid before timing (a batch pays them once per worker); the
start-up of a fresh process is measured on its own.
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

from tests.benchmark.files import ROOT, BenchFile, bench_files
from tests.benchmark.raw import RAW_READERS
from tests.benchmark.stages import FileTiming, cpu_seconds, time_file

# Targets of issue 13, printed next to the figures (a benchmark reports, it does not assert).
TARGETS = {"pdf": 150.0, "docx": 300.0}
WITHIN_RAW = {"pdf": ("pypdfium2", 7.0)}
RAW_REPEAT = 3
FULL_REPEAT = 3  # each file timed three times in a full run, the fastest kept (noise only adds)


FIRST_RECORD = "samples/002_e96895803e866879.txt"


def startup_seconds() -> dict[str, float]:
    """CPU seconds of a fresh interpreter importing vnplan's pipeline, with every extractor and
    resolver registered, and building one record (what ``vnplan extract one.txt`` pays)."""
    out = {}
    for label, code in {
        "python": "pass",
        "import pipeline.assemble": "import pipeline.assemble",
        "all components": "from pipeline.assemble import pipeline_components; "
        "pipeline_components()",
        "one txt record": "from pathlib import Path; from pipeline.assemble import build_record; "
        f"build_record(Path({FIRST_RECORD!r}))",
    }.items():
        t0 = cpu_seconds()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        out[label] = cpu_seconds() - t0
    return out


def _warm(files: list[BenchFile]) -> None:
    """One file of each format first, untimed: imports and caches are a once-per-process cost."""
    seen: set[str] = set()
    for f in files:
        if f.format not in seen:
            seen.add(f.format)
            time_file(f.path)


def _raw_times(paths: list[Path], fmt: str, quick: bool) -> dict[str, float]:
    """CPU seconds of each raw library over ``paths``: the best of ``RAW_REPEAT`` passes (they
    take milliseconds, where a single pass is noisy)."""
    out = {}
    for name, reader in RAW_READERS.get(fmt, {}).items():
        if quick and name == "pdfplumber":
            continue  # ~30x slower than pypdfium2: the full run measures it
        reader(paths[0])  # imports
        passes = []
        for _ in range(1 if name == "pdfplumber" else RAW_REPEAT):
            t0 = cpu_seconds()
            for path in paths:
                reader(path)
            passes.append(cpu_seconds() - t0)
        out[name] = min(passes)
    return out


def _best_timing(path: Path, repeat: int) -> FileTiming:
    """The fastest of ``repeat`` runs of one file (noise only ever adds time)."""
    return min((time_file(path) for _ in range(repeat)), key=lambda t: t.total)


def _summary(rows: list[FileTiming]) -> dict:
    stages: dict[str, float] = defaultdict(float)
    for r in rows:
        for s, v in r.stages.items():
            stages[s] += v
    pages = sum(r.pages for r in rows)
    secs = sum(r.total for r in rows)
    return {
        "files": len(rows),
        "pages": pages,
        "seconds": secs,
        "pages_per_cpu_second": pages / secs if secs else None,
        "stages": dict(sorted(stages.items(), key=lambda kv: -kv[1])),
    }


def run(quick: bool) -> dict:
    files = bench_files(quick)
    _warm(files)
    timings = [(f, _best_timing(f.path, 1 if quick else FULL_REPEAT)) for f in files]
    groups: dict[str, dict[str, list[FileTiming]]] = defaultdict(lambda: defaultdict(list))
    for f, t in timings:
        groups[f.group][t.format].append(t)
    if len(groups) > 1:
        for _, t in timings:
            groups["all"][t.format].append(t)
    out: dict = {"startup": startup_seconds(), "groups": {}, "files": {}}
    for group, by_format in groups.items():
        out["groups"][group] = {}
        for fmt, rows in sorted(by_format.items()):
            summary = _summary(rows)
            raw = _raw_times([Path(r.path) for r in rows], fmt, quick)
            summary["raw"] = {
                name: {"seconds": secs, "pages_per_cpu_second": summary["pages"] / secs}
                for name, secs in raw.items()
                if secs > 0
            }
            summary["raw_over_vnplan"] = {
                name: r["pages_per_cpu_second"] / summary["pages_per_cpu_second"]
                for name, r in summary["raw"].items()
                if summary["pages_per_cpu_second"]
            }
            out["groups"][group][fmt] = summary
    out["files"] = {
        t.path: {"format": t.format, "pages": t.pages, "seconds": t.total, "stages": t.stages}
        for _, t in timings
    }
    return out


def show(result: dict) -> None:
    print("\nStart-up of a fresh process (CPU seconds)")
    for label, secs in result["startup"].items():
        print(f"  {label:24} {secs:6.2f}")
    for group, by_format in result["groups"].items():
        print(f"\n{group}: vnplan end to end (pages per CPU-second; raw = library alone)")
        print(f"  {'format':12} {'files':>5} {'pages':>7} {'cpu s':>7} {'pages/s':>8}  raw")
        for fmt, s in by_format.items():
            raw = ", ".join(
                f"{name} {r['pages_per_cpu_second']:.0f} ({s['raw_over_vnplan'][name]:.1f}x)"
                for name, r in s["raw"].items()
            )
            target = _target_note(fmt, s)
            print(
                f"  {fmt:12} {s['files']:5d} {s['pages']:7.1f} {s['seconds']:7.2f}"
                f" {s['pages_per_cpu_second'] or 0:8.1f}  {raw}{target}"
            )
    for group, by_format in result["groups"].items():
        if group == "all":
            continue
        print(f"\n{group}: CPU seconds per stage")
        for fmt, s in by_format.items():
            total = s["seconds"] or 1.0
            parts = "  ".join(
                f"{name} {secs:.3f} ({100 * secs / total:.0f}%)"
                for name, secs in s["stages"].items()
                if secs >= 0.0005
            )
            print(f"  {fmt:12} {parts}")


def _target_note(fmt: str, summary: dict) -> str:
    rate = summary["pages_per_cpu_second"] or 0.0
    notes = []
    if fmt in TARGETS:
        notes.append(
            f"target >= {TARGETS[fmt]:.0f}: {'met' if rate >= TARGETS[fmt] else 'NOT met'}"
        )
    if fmt in WITHIN_RAW and WITHIN_RAW[fmt][0] in summary["raw_over_vnplan"]:
        name, limit = WITHIN_RAW[fmt]
        ratio = summary["raw_over_vnplan"][name]
        notes.append(f"within {limit:.0f}x of {name}: {'met' if ratio <= limit else 'NOT met'}")
    return f"   [{'; '.join(notes)}]" if notes else ""
