"""Batch extraction: every input accounted for in ``manifest.jsonl``; bad files never stop the
run."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.assemble import build_record, sha256_of
from pipeline.model.source import ReadError
from pipeline.readers import format_of
from schemas.models import PlanRecord


@dataclass
class BatchResult:
    written: int = 0
    errors: int = 0
    skipped: int = 0
    needs_ocr: int = 0


def discover(paths: list[str]) -> list[tuple[Path, bool]]:
    """Expand files, folders (recursive) and globs; ``True`` marks files named explicitly."""
    found: list[tuple[Path, bool]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                (p, False)
                for p in sorted(path.rglob("*"))
                if p.is_file() and not p.name.startswith(".")
            )
        elif path.exists():
            found.append((path, True))
        else:
            matches = (
                sorted(Path().glob(raw))
                if not path.is_absolute()
                else sorted(Path("/").glob(raw.lstrip("/")))
            )
            found.extend((p, True) for p in matches if p.is_file()) if matches else found.append(
                (path, True)
            )
    seen: set[Path] = set()
    unique = []
    for p, explicit in found:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((p, explicit))
    return unique


def output_names(paths: list[Path]) -> dict[Path, str]:
    """``<stem>.json``; when stems collide, every one of them becomes ``<stem>.<ext>.json``
    (and a numeric suffix if even that collides), so names do not depend on input order."""
    stems = Counter(p.stem for p in paths)
    names: dict[Path, str] = {}
    used: Counter = Counter()
    for p in sorted(paths, key=lambda x: str(x)):
        base = p.stem if stems[p.stem] == 1 else f"{p.stem}.{p.suffix.lstrip('.').lower()}"
        used[base] += 1
        names[p] = f"{base}.json" if used[base] == 1 else f"{base}.{used[base]}.json"
    return names


def run_batch(
    paths: list[str],
    outdir: Path,
    log: Callable[[str], object] = print,
    on_record: Callable[[PlanRecord, Path], object] | None = None,
) -> BatchResult:
    """``on_record`` sees each record as it is written (``vnplan extract --db`` loads it)."""
    outdir.mkdir(parents=True, exist_ok=True)
    inputs = discover(paths)
    readable = [p for p, explicit in inputs if format_of(p) is not None or explicit]
    names = output_names(readable)
    result = BatchResult()
    with (outdir / "manifest.jsonl").open("w", encoding="utf-8") as manifest:
        for path, explicit in inputs:
            entry: dict = {"path": str(path)}
            t0 = time.perf_counter()
            try:
                entry["sha256"] = sha256_of(path) if path.is_file() else None
            except OSError as exc:
                entry["sha256"] = None
                entry["error"] = f"cannot open: {exc}"
            if format_of(path) is None and not explicit:
                entry.update(
                    status="skipped",
                    reason=f"not a supported document type ({path.suffix or 'no extension'})",
                )
                result.skipped += 1
            elif "error" not in entry:
                try:
                    record = build_record(path)
                    target = outdir / names[path]
                    target.write_text(record.model_dump_json(indent=2) + "\n", encoding="utf-8")
                    entry.update(
                        status="ok",
                        record=str(target),
                        needs_ocr=record.source.needs_ocr,
                        warnings=len(record.warnings),
                    )
                    result.written += 1
                    if on_record is not None:
                        on_record(record, target)
                    result.needs_ocr += int(record.source.needs_ocr)
                except ReadError as exc:
                    entry.update(status="error", error=str(exc))
                except Exception as exc:  # any other failure is this file's, never the batch's
                    entry.update(
                        status="error", error=f"internal error: {exc.__class__.__name__}: {exc}"
                    )
            else:
                entry["status"] = "error"
            if entry.get("status") == "error":
                result.errors += 1
                log(f"error: {path}: {entry['error']}")
            entry["seconds"] = round(time.perf_counter() - t0, 4)
            manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return result
