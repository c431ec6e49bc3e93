"""Reading a folder of records a batch wrote, as typed ``PlanRecord``s."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from schemas.models import PlanRecord


def looks_like_record(text: str) -> bool:
    return '"schema_version"' in text[:200] or '"source"' in text


def iter_records(
    folder: Path, problems: list[str] | None = None
) -> Iterator[tuple[Path, PlanRecord]]:
    """The records in ``folder`` in file-name order, one at a time. The manifest and other JSON
    files are skipped; a file that looks like a record but does not validate is named in
    ``problems``."""
    for path in sorted(folder.glob("*.json")):
        try:
            text = path.read_text(encoding="utf-8")
            if not looks_like_record(text):
                continue
            yield path, PlanRecord.model_validate_json(text)
        except (OSError, ValidationError, json.JSONDecodeError) as exc:
            if problems is not None:
                problems.append(f"{path}: {exc.__class__.__name__}")
            continue


def load_records(folder: Path) -> dict[str, PlanRecord]:
    """The records in ``folder`` by file name; the manifest and other JSON files are skipped, and
    so is a file that is not a valid record of this schema."""
    return {path.name: record for path, record in iter_records(folder)}
