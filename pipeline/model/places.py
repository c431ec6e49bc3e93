"""Names of Vietnamese administrative units (``data/places.json``, from vietnamadminunits): to tell
a place from a word that is not one, and what kind of unit a bare name is."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.model.vietnamese import match_key

DATA = Path(__file__).with_name("data") / "places.json"


@dataclass(frozen=True)
class Places:
    provinces: frozenset[str]
    districts: dict[str, tuple[str, ...]]  # key -> unit types ("huyện", "thành phố", ...)
    communes: frozenset[str]


@cache
def places() -> Places:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return Places(
        frozenset(match_key(p) for p in [*data["provinces"], *data.get("historic_provinces", [])]),
        {match_key(k): tuple(t.lower() for t in v) for k, v in data["districts"].items()},
        frozenset(match_key(c) for c in data["communes"]),
    )


def is_province(name: str) -> bool:
    return match_key(name) in places().provinces


def district_types(name: str) -> tuple[str, ...]:
    return places().districts.get(match_key(name), ())


def _squash(text: str) -> str:
    return "".join(ch for ch in match_key(text) if ch.isalnum())


@cache
def _squashed() -> frozenset[str]:
    p = places()
    return frozenset(_squash(k) for k in (*p.provinces, *p.districts, *p.communes))


def is_place(name: str) -> bool:
    """A province, district, town or commune of either map (written without its type word;
    spacing and hyphens aside: "Phan Rang -ThápChàm" is Phan Rang - Tháp Chàm)."""
    return _squash(name) in _squashed()
