"""Reading a folder of records a batch wrote, as typed ``PlanRecord``s."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from schemas.models import PlanRecord


def load_records(folder: Path) -> dict[str, PlanRecord]:
    """The records in ``folder`` by file name; the manifest and other JSON files are skipped, and
    so is a file that is not a valid record of this schema."""
    records: dict[str, PlanRecord] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            text = path.read_text(encoding="utf-8")
            if '"schema_version"' not in text[:200] and '"source"' not in text:
                continue
            records[path.name] = PlanRecord.model_validate_json(text)
        except (OSError, ValidationError, json.JSONDecodeError):
            continue
    return records
