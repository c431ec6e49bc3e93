"""``manifest.jsonl``: one line per input, the record or the cause.

A rerun never truncates it: the lines that still hold (inputs of other runs, records kept
because their input is unchanged) are written to a new file that replaces the old one
atomically, and every new line is appended, flushed and synced as soon as its input is done.
Killed at any moment, the manifest is the old one or the new one with whole lines (a line cut
by a crash mid-write is ignored on reading).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO, Any

from pipeline.batch.output import OutputError, fsync_folder, os_error_text, write_atomic

Entry = dict[str, Any]


def read_manifest(path: Path) -> list[Entry]:
    """The lines of an earlier run; lines that do not parse (cut by a kill) are left out."""
    if not path.is_file():
        return []
    entries = []
    with path.open("rb") as fh:
        for raw in fh:
            try:
                entry = json.loads(raw)
            except ValueError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("path"), str):
                entries.append(entry)
    return entries


def encode(entry: Entry) -> bytes:
    """One JSON line. Any text that still holds an undecodable byte (an OS message quoting a
    file name) is escaped, never allowed to stop the batch."""
    return (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")


class Manifest:
    def __init__(self, path: Path, kept: list[Entry]) -> None:
        """Replace the manifest by ``kept``, then hold it open for appending."""
        self.path = path
        write_atomic(path, b"".join(encode(e) for e in kept))
        try:
            self.fh: IO[bytes] = path.open("ab")
        except OSError as exc:
            raise OutputError(f"cannot open {path}: {os_error_text(exc)}") from exc

    def append(self, entry: Entry) -> None:
        try:
            self.fh.write(encode(entry))
            self.fh.flush()
            os.fsync(self.fh.fileno())
        except OSError as exc:
            raise OutputError(f"cannot write {self.path}: {os_error_text(exc)}") from exc

    def close(self) -> None:
        self.fh.close()
        fsync_folder(self.path.parent)
