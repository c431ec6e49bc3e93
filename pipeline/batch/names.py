"""How an input is shown in the manifest, and what its record is called.

Linux file names are bytes. Python keeps bytes that are not UTF-8 as lone surrogates
(``surrogateescape``), which no UTF-8 file can hold: writing one into the manifest used to kill
the batch. The manifest shows such a name with ``\\xNN`` escapes (and its exact bytes in hex);
its record's name has ``_`` in their place.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

MANIFEST = "manifest.jsonl"


def shown(path: Path | str) -> str:
    """The path as text that is always valid UTF-8 (undecodable bytes as ``\\xNN``)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def raw_bytes_hex(path: Path | str) -> str | None:
    """The exact bytes of a path that is not valid UTF-8, in hex; ``None`` for ordinary names."""
    raw = os.fsencode(path)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.hex()
    return None


def safe_stem(path: Path) -> str:
    return os.fsencode(path.stem).decode("utf-8", "replace").replace("\ufffd", "_")


def output_names(paths: list[Path], reserved: frozenset[str] = frozenset()) -> dict[Path, str]:
    """``<stem>.json``; when stems collide, every one of them becomes ``<stem>.<ext>.json`` (and a
    numeric suffix if even that collides or the name is ``reserved`` by another input's record),
    so names do not depend on input order."""
    stems = Counter(safe_stem(p) for p in paths)
    used = set(reserved)
    names: dict[Path, str] = {}
    for p in sorted(paths, key=shown):
        stem = safe_stem(p)
        base = stem if stems[stem] == 1 else f"{stem}.{p.suffix.lstrip('.').lower()}"
        name, n = f"{base}.json", 1
        while name in used:
            n += 1
            name = f"{base}.{n}.json"
        used.add(name)
        names[p] = name
    return names
