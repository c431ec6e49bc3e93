"""Domain vocabulary loaded from ``extractors/data/vocab.json`` (data, not code)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


@cache
def vocab() -> dict:
    return json.loads((DATA / "vocab.json").read_text(encoding="utf-8"))


def type_name_for_code(code: str | None) -> str | None:
    if not code:
        return None
    codes = vocab()["type_codes"]
    return codes.get(code) or codes.get(code.upper())
