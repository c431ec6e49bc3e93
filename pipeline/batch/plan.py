"""What a run does with each input: settle it at once (skipped, refused, found broken), keep
the line of an earlier run (same bytes, same extractor version, record still there), or read
it. Lines of inputs that are not part of this run stay in the manifest as they were."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.assemble import sha256_of
from pipeline.batch.discover import Found
from pipeline.batch.limits import Limits
from pipeline.batch.manifest import Entry
from pipeline.batch.names import output_names, raw_bytes_hex, shown
from pipeline.readers import FORMATS, format_of


@dataclass
class Plan:
    carried: list[Entry] = field(default_factory=list)  # inputs of other runs, as they were
    kept: list[Entry] = field(default_factory=list)  # this run's inputs whose line still holds
    settled: list[Entry] = field(default_factory=list)  # decided without reading the file
    todo: list[tuple[Path, str]] = field(default_factory=list)  # to read: path, record name


@dataclass(frozen=True)
class Rerun:
    """How much of an earlier run to redo."""

    force: bool = False  # everything
    retry_errors: bool = False  # inputs that failed, even if unchanged


def plan_run(
    found: list[Found],
    previous: list[Entry],
    outdir: Path,
    version: str,
    limits: Limits,
    rerun: Rerun,
    personal_data: str = "redacted",
) -> Plan:
    plan = Plan()
    this_run = {shown(f.path) for f in found}
    last = {e["path"]: e for e in previous}  # a path's latest line wins
    plan.carried = [e for p, e in last.items() if p not in this_run]
    reserved = frozenset(Path(e["record"]).name for e in plan.carried if e.get("record"))
    names = output_names([f.path for f in found if f.status == "todo"], reserved)
    for f in found:
        settled = _settled(f, limits)
        if settled is not None:
            plan.settled.append(settled)
            continue
        earlier = last.get(shown(f.path))
        name = names[f.path]
        if (
            earlier
            and not rerun.force
            and earlier.get("personal_data", "redacted") == personal_data
            and _still_holds(earlier, f.path, name, outdir, version, rerun)
        ):
            plan.kept.append(earlier)
        else:
            plan.todo.append((f.path, name))
    return plan


def preserved(plan: Plan, previous: list[Entry]) -> list[Entry]:
    """The lines a rerun keeps, in the order the earlier manifest had them."""
    order = {e["path"]: n for n, e in enumerate(previous)}
    return sorted(plan.carried + plan.kept, key=lambda e: order[e["path"]])


def entry_for(path: Path) -> Entry:
    """The start of every manifest line: the path as text, its exact bytes when not UTF-8."""
    entry: Entry = {"path": shown(path)}
    raw = raw_bytes_hex(path)
    if raw is not None:
        entry["path_bytes"] = raw
    return entry


def _settled(f: Found, limits: Limits) -> Entry | None:
    if f.status == "skipped":
        return {**entry_for(f.path), "status": "skipped", "reason": f.reason}
    if f.status == "error":
        return {**entry_for(f.path), "status": "error", "error": f.reason}
    fmt = format_of(f.path)
    if fmt is None:  # named on the command line: found in a folder it would be skipped
        why = (
            f"unsupported file type {f.path.suffix or '(none)'!r}; supported: {', '.join(FORMATS)}"
        )
        return {**entry_for(f.path), "status": "error", "error": why}
    try:
        size = f.path.stat().st_size
    except OSError as exc:
        return {**entry_for(f.path), "status": "error", "error": f"cannot access: {exc.strerror}"}
    too_large = limits.too_large(size, fmt)
    if too_large:
        return {**entry_for(f.path), "status": "error", "format": fmt, "error": too_large}
    return None


def _still_holds(
    earlier: Entry, path: Path, name: str, outdir: Path, version: str, rerun: Rerun
) -> bool:
    """Same extractor version, same bytes, and the record is there (or it failed, and failures
    are not to be retried)."""
    if earlier.get("extractor") != version or not earlier.get("sha256"):
        return False
    if earlier.get("status") == "ok":
        if Path(earlier.get("record", "")).name != name or not (outdir / name).is_file():
            return False
    elif earlier.get("status") != "error" or rerun.retry_errors:
        return False
    try:
        return sha256_of(path) == earlier["sha256"]
    except OSError:
        return False
