"""``make bench``: one run that measures, side by side, vnplan per format and per stage next to the
raw libraries reading the same files (``formats``), its cost against document length
(``length``), the agency matcher (``agencies``), the batch engine: one worker against every core,
peak memory per worker over 10 / 100 / 1,000 documents, ``.doc`` conversion (``batch``), and
loading and comparing a synthetic corpus (``compare``). Prints the figures and writes them as one
JSON (``output/bench/full.json``, ``quick.json``) so runs can be compared (``--compare OLD NEW``).

A benchmark, not a test: it prints, it does not assert. ``--quick`` (CI, ``make bench-quick``)
times the samples only, without ``.doc`` and pdfplumber, at 1x/2x/4x, and the batch and corpus
at small sizes. Each section is a module with ``run(quick) -> dict`` and ``show(dict)``; its
result is one key of the JSON, written as soon as the section ends.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

from tests.benchmark import agency_matcher, batch_bench, corpus_scale, formats, length
from tests.benchmark.files import ROOT

SECTIONS: dict[str, ModuleType] = {
    "formats": formats,  # per format and stage, next to the raw libraries
    "length": length,  # cost against document length
    "agencies": agency_matcher,  # the agency matcher against a regex
    "batch": batch_bench,  # 1 worker vs every core, 10/100/1,000-document batches, .doc
    "compare": corpus_scale,  # loading and comparing 1,250-10,000 synthetic records
}
DEFAULT_JSON = ROOT / "output" / "bench"


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def compare(old_path: Path, new_path: Path) -> None:
    """Pages per CPU-second and stage seconds of two runs, side by side."""
    old, new = (json.loads(p.read_text(encoding="utf-8")) for p in (old_path, new_path))
    print(f"old: {old_path} ({old['meta'].get('commit')})")
    print(f"new: {new_path} ({new['meta'].get('commit')})")
    for group, by_format in new.get("formats", {}).get("groups", {}).items():
        old_group = old.get("formats", {}).get("groups", {}).get(group, {})
        print(f"\n{group}: pages per CPU-second, old -> new")
        for fmt, s in by_format.items():
            o = old_group.get(fmt)
            before = o["pages_per_cpu_second"] if o else None
            after = s["pages_per_cpu_second"]
            speedup = f"{after / before:5.1f}x" if before and after else ""
            print(f"  {fmt:12} {before or 0:8.1f} -> {after or 0:8.1f}  {speedup}")
            for stage, secs in s["stages"].items():
                was = o["stages"].get(stage, 0.0) if o else 0.0
                if max(secs, was) >= 0.001:
                    print(f"      {stage:16} {was:8.3f} -> {secs:8.3f}")
    for label, case in new.get("length", {}).get("cases", {}).items():
        o = old.get("length", {}).get("cases", {}).get(label)
        was = o["exponent"].get("total") if o else None
        now = case["exponent"].get("total")
        print(f"\nlength exponent, {label}: {was} -> {now}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmark", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="samples only, small sizes (CI)")
    parser.add_argument("--json", type=Path, help="where to write the results")
    parser.add_argument(
        "--only", choices=sorted(SECTIONS), action="append", help="run only these sections"
    )
    parser.add_argument(
        "--compare", nargs=2, type=Path, metavar=("OLD", "NEW"), help="compare two JSON runs"
    )
    args = parser.parse_args(argv)
    if args.compare:
        compare(*args.compare)
        return 0
    results: dict = {
        "meta": {
            "commit": _commit(),
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "quick": args.quick,
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": _cpus(),
        }
    }
    path = args.json or DEFAULT_JSON / f"{'quick' if args.quick else 'full'}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    for name, section in SECTIONS.items():
        if args.only and name not in args.only:
            continue
        t0 = time.perf_counter()
        results[name] = section.run(args.quick)
        results["meta"].setdefault("section_wall_s", {})[name] = round(time.perf_counter() - t0, 1)
        section.show(results[name])
        path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults: {path}")
    return 0


def _cpus() -> int | None:
    import os

    return os.cpu_count()


if __name__ == "__main__":
    sys.exit(main())
