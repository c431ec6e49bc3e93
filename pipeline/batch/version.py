"""The extractor version: what a record was made by, so that a rerun redoes exactly the records
that could now come out different.

It is the package version, a hash of every source and data file that shapes a record (readers,
normalisation, segmentation, extractors, resolvers, the model and the schemas; not the batch
engine, the CLI or the corpus tools) and the versions of the libraries that read the files.
A constant bumped by hand would be forgotten, and a stale record skipped in silence is worse than
a record redone: any edit to those files, even a comment, redoes the batch.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata, util
from pathlib import Path

LIBRARIES = (
    "pypdfium2",
    "python-docx",
    "regex",
    "pydantic",
    "viparse",
    "vietnamadminunits",
    "rapidocr",  # the line model that re-reads a scanned header's number and date
    "onnxruntime",
    "underthesea",  # its dictionary: the words the OCR respelling knows
)
NOT_RECORD_SHAPING = ("batch", "corpus", "cli.py")


@cache
def extractor_version() -> str:
    digest = hashlib.sha256()
    for path, rel in _shaping_files():
        digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    for lib in LIBRARIES:
        digest.update(f"{lib}={_installed(lib)}\0".encode())
    return f"{_installed('vnplan')}+{digest.hexdigest()[:12]}"


def _shaping_files() -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    for package in ("pipeline", "extractors", "schemas"):
        root = _package_folder(package)
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root.parent).as_posix()
            if path.suffix not in (".py", ".json") or "__pycache__" in rel:
                continue
            if package == "pipeline" and path.relative_to(root).parts[0] in NOT_RECORD_SHAPING:
                continue
            files.append((path, rel))
    return files


def _package_folder(name: str) -> Path:
    """Where a package lives, found without importing it (``extractors`` compiles its
    patterns on import)."""
    spec = util.find_spec(name)
    assert spec is not None and spec.submodule_search_locations, f"package {name} not found"
    return Path(next(iter(spec.submodule_search_locations)))


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"
