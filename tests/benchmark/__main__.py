"""``make bench``: pages per second for what `vnplan extract` does per file (read, normalise,
every extractor, locality, validation), per format.

PDF pages are real pages; for formats without pages, a page is counted as 3,000 characters of
normalised text (about one A4 page of these plans). A benchmark, not a test: it prints, it
does not assert.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

from pipeline.assemble import build_record
from pipeline.model.source import ReadError
from pipeline.readers import format_of
from tests.benchmark import batch_bench

CHARS_PER_PAGE = 3000


def bench(folder: Path) -> dict[str, list[float]]:
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])  # files, pages, seconds
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and format_of(p)):
        t0 = time.perf_counter()
        try:
            record = build_record(path)  # exactly what `vnplan extract` does for one file
        except ReadError:
            continue
        dt = time.perf_counter() - t0
        fmt = record.source.format + (" (scan)" if record.source.needs_ocr else "")
        pages = record.source.pages or max(1, round(len(record.text) / CHARS_PER_PAGE))
        row = totals[fmt]
        row[0] += 1
        row[1] += pages
        row[2] += dt
    return totals


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    quick = "--quick" in args  # the batch engine's small sizes (fits in CI)
    folders = [Path(a) for a in args if a != "--quick"] or [
        Path("samples"),
        Path("../shared/corpus"),
    ]
    for folder in folders:
        if not folder.is_dir():
            print(f"{folder}: not found, skipped")
            continue
        totals = bench(folder)
        print(f"\n{folder}")
        print(f"{'format':14} {'files':>5} {'pages':>6} {'seconds':>8} {'pages/s':>8}")
        all_pages = all_secs = 0.0
        for fmt, (files, pages, secs) in sorted(totals.items()):
            all_pages += pages
            all_secs += secs
            print(
                f"{fmt:14} {files:5d} {pages:6.0f} {secs:8.2f} {pages / secs if secs else 0:8.1f}"
            )
        print(
            f"{'all':14} {'':5} {all_pages:6.0f} {all_secs:8.2f}"
            f" {all_pages / all_secs if all_secs else 0:8.1f}"
        )
    from tests.benchmark import agency_matcher

    agency_matcher.main()
    batch_bench.main(quick=quick)
    from tests.benchmark import corpus_scale  # the corpus database: load and compare at scale

    corpus_scale.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
