"""Golden records: the full record of every seed in every format, kept in ``tests/golden/``.

A golden file is the record without its (long) text, which is replaced by its length and sha256,
so that any change of any fact shows as a diff in review. Regenerate after an intended change with
``VNPLAN_REGEN_GOLDEN=1 pytest tests/test_golden.py`` and read the diff before committing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from schemas.models import PlanRecord

GOLDEN = Path(__file__).with_name("golden")
REGEN_ENV = "VNPLAN_REGEN_GOLDEN"


def regenerating() -> bool:
    return os.environ.get(REGEN_ENV, "") not in ("", "0")


def golden_view(record: PlanRecord, root: Path) -> dict[str, Any]:
    """The record as compared: text replaced by its digest, the source path made relative."""
    data = record.model_dump(mode="json")
    text = data.pop("text")
    data["text_digest"] = {
        "length": len(text),
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    path = Path(data["source"]["path"])
    data["source"]["path"] = str(path.relative_to(root)) if path.is_absolute() else str(path)
    return data


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.json"


def dump(view: dict[str, Any]) -> str:
    return json.dumps(view, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def differences(expected: Any, got: Any, path: str = "") -> list[str]:
    """Readable differences between two JSON values, one line per changed leaf."""
    if isinstance(expected, dict) and isinstance(got, dict):
        out: list[str] = []
        for key in sorted(set(expected) | set(got)):
            sub = f"{path}.{key}" if path else key
            if key not in got:
                out.append(
                    f"{sub}: removed (was {json.dumps(expected[key], ensure_ascii=False)[:120]})"
                )
            elif key not in expected:
                out.append(f"{sub}: added {json.dumps(got[key], ensure_ascii=False)[:120]}")
            else:
                out.extend(differences(expected[key], got[key], sub))
        return out
    if isinstance(expected, list) and isinstance(got, list):
        pairs = zip(expected, got, strict=False)
        out = [d for i, (a, b) in enumerate(pairs) for d in differences(a, b, f"{path}[{i}]")]
        if len(expected) != len(got):
            out.append(f"{path}: {len(expected)} items -> {len(got)} items")
        return out
    if expected != got:
        return [
            f"{path}: {json.dumps(expected, ensure_ascii=False)[:120]} ->"
            f" {json.dumps(got, ensure_ascii=False)[:120]}"
        ]
    return []
