"""Records made in tests for the corpus views: a plan's text written sentence by sentence, each
fact's span taken where its words were put, so the views' evidence is real evidence."""

from __future__ import annotations

import hashlib
from typing import Any

from schemas.models import PlanRecord


class PlanText:
    def __init__(self) -> None:
        self.text = ""

    def say(self, *pieces: str) -> list[dict[str, int]]:
        """Append one paragraph made of ``pieces``; the span of each piece."""
        spans = []
        for piece in pieces:
            spans.append({"start": len(self.text), "end": len(self.text) + len(piece)})
            self.text += piece
        self.text += "\n"
        return spans


def plan(
    name: str,
    *,
    issuer: str,
    level: str,
    locality: dict[str, Any],
    date: str,
    period: tuple[int, int] | None = None,
    number: str | None = None,
    targets: list[dict[str, Any]] | None = None,
    responsibilities: list[dict[str, Any]] | None = None,
    references: list[dict[str, Any]] | None = None,
    text: PlanText | None = None,
) -> PlanRecord:
    body = text or PlanText()
    span = {"start": 0, "end": 1}
    meta: dict[str, Any] = {
        "doc_type": "Kế hoạch",
        "issuer": {"name": issuer, "kind": "state", "level": level, "span": span},
        "locality": locality,
        "date": {"value": date, "precision": "day", "span": span},
        "title": f"Kế hoạch giảm nghèo {name}",
    }
    if period:
        meta["period"] = {"start": period[0], "end": period[1]}
    if number:
        meta["number"] = {"value": number, "number": number.split("/")[0], "span": span}
    return PlanRecord.model_validate(
        {
            "source": {
                "path": f"{name}.txt",
                "sha256": hashlib.sha256(name.encode()).hexdigest(),
                "format": "txt",
            },
            "text": body.text or "Kế hoạch",
            "metadata": meta,
            "targets": targets or [],
            "responsibilities": responsibilities or [],
            "references": references or [],
        }
    )


YEN_BAI = {
    "name": "Yên Bái",
    "type": "tỉnh",
    "province": "Yên Bái",
    "code": "15",
    "province_code": "15",
    "successor_2025": {"province": "Lào Cai", "province_code": "15"},
}


def district(name: str, code: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "huyện",
        "province": "Yên Bái",
        "code": code,
        "province_code": "15",
        "successor_2025": {"province": "Lào Cai", "province_code": "15", "note": "abolished"},
    }
