"""Administrative units as ``vietnamadminunits`` answers for them, without importing it per process.

Importing the library costs ~0.3 CPU-s per process (it loads its datasets and pulls in numpy,
shapely and geopy for features vnplan does not use) for lookups that take a few milliseconds.
``data/admin_units.json`` holds the library's own answers to the lookups vnplan makes for every
unit spelled as the library's datasets spell it (and with old-style tone marks: ``Hoà Bình``):
each province of both datasets, each district before 2025 and each province's 2025 successor.
A name spelled any other way is looked up in the library itself. Regenerate the table with
``python -m pipeline.resolve.admin_units`` after upgrading the library; a test compares the two.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import regex

TABLE = Path(__file__).with_name("data") / "admin_units.json"
FIELDS = ("province", "short_province", "province_code", "district", "district_code")


@dataclass(frozen=True)
class Unit:
    """The fields of the library's ``AdminUnit`` that vnplan reads."""

    province: str | None = None
    short_province: str | None = None
    province_code: str | None = None
    district: str | None = None
    district_code: str | None = None


def _unit(found: Any) -> Unit | None:
    if found is None:
        return None
    return Unit(**{f: getattr(found, f, None) for f in FIELDS})


def _parse_key(address: str, mode: str, level: int) -> str:
    return f"{mode}|{level}|{address}"


@cache
def _table() -> dict[str, dict[str, list[str | None] | None]]:
    data: dict = json.loads(TABLE.read_text(encoding="utf-8"))
    return data


def _from_table(section: str, key: str) -> tuple[bool, Unit | None]:
    """Whether the table knows ``key``, and its unit (values in the order of ``FIELDS``)."""
    entries = _table()[section]
    if key not in entries:
        return False, None
    value = entries[key]
    return True, Unit(*value) if value is not None else None


@cache
def parse(address: str, mode: str, level: int) -> Unit | None:
    """``vietnamadminunits.parse_address(address, mode=mode, level=level)``; None when it fails."""
    known, unit = _from_table("parse", _parse_key(address, mode, level))
    return unit if known else _library_parse(address, mode, level)


@cache
def successor(province: str) -> Unit | None:
    """``vietnamadminunits.convert_address(province)``: the province after the 2025 reform."""
    known, unit = _from_table("convert", province)
    return unit if known else _library_convert(province)


def _library_parse(address: str, mode: str, level: int) -> Unit | None:
    import vietnamadminunits as vau

    try:
        return _unit(vau.parse_address(address, mode=mode, level=level))
    except Exception:  # the library is lenient, but never let a lookup stop a record
        return None


def _library_convert(province: str) -> Unit | None:
    import vietnamadminunits as vau

    try:
        return _unit(vau.convert_address(province))
    except Exception:
        return None


# Old-style tone placement of the open syllables oa, oe, uy: "Hòa" is also written "Hoà".
_NEW_STYLE = regex.compile(
    r"(?<![qQ])([òóỏõọÒÓỎÕỌ])([aeAE])(?!\p{L})|([ùúủũụÙÚỦŨỤ])([yY])(?!\p{L})"
)


def old_style(name: str) -> str:
    """``Hòa Bình`` -> ``Hoà Bình``: the tone mark moved to the second vowel."""

    def move(m: regex.Match[str]) -> str:
        first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        base = unicodedata.normalize("NFD", first)
        marks = "".join(c for c in base if unicodedata.combining(c))
        return unicodedata.normalize("NFC", base[0] + second + marks)

    return _NEW_STYLE.sub(move, name)


def lookups() -> tuple[list[tuple[str, str, int]], list[str]]:
    """Every lookup the locality resolver makes for a unit spelled as the datasets spell it."""
    import vietnamadminunits as vau

    data = Path(vau.__file__).parent / "data"
    legacy = json.loads((data / "parser_legacy.json").read_text(encoding="utf-8"))
    recent = json.loads((data / "parser_from_2025.json").read_text(encoding="utf-8"))
    provinces = [p["provinceShort"] for p in legacy["DICT_PROVINCE"].values()]
    parses: list[tuple[str, str, int]] = [(p, "LEGACY", 1) for p in provinces]
    parses += [(p["provinceShort"], "FROM_2025", 1) for p in recent["DICT_PROVINCE"].values()]
    for districts in legacy["DICT_PROVINCE_DISTRICT"].values():
        for d in districts.values():
            name = f"{d['districtType'].lower()} {d['districtShort']}"
            parses += [(name, "LEGACY", 2), (f"{name}, {d['districtShort']}", "LEGACY", 2)]
    spellings = {a: {a, old_style(a)} for a, _, _ in parses}
    parses = sorted({(s, m, lv) for a, m, lv in parses for s in spellings[a]})
    converts = sorted({s for p in provinces for s in (p, old_style(p))})
    return parses, converts


def build_table() -> dict[str, Any]:
    """The library's answers to ``lookups()``."""
    parses, converts = lookups()

    def plain(unit: Unit | None) -> list[str | None] | None:
        return None if unit is None else [getattr(unit, f) for f in FIELDS]

    return {
        "library": f"vietnamadminunits {metadata.version('vietnamadminunits')}",
        "parse": {_parse_key(*q): plain(_library_parse(*q)) for q in parses},
        "convert": {p: plain(_library_convert(p)) for p in converts},
    }


def dump(table: dict[str, Any]) -> str:
    """JSON with one entry per line, so that a regenerated table reads as a diff."""

    def entries(section: dict[str, Any]) -> str:
        return ",\n".join(
            f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
            for k, v in section.items()
        )

    return (
        f'{{"library": {json.dumps(table["library"])},\n'
        f'"parse": {{\n{entries(table["parse"])}\n}},\n'
        f'"convert": {{\n{entries(table["convert"])}\n}}}}\n'
    )


if __name__ == "__main__":
    TABLE.parent.mkdir(exist_ok=True)
    built = build_table()
    TABLE.write_text(dump(built), encoding="utf-8")
    print(f"{TABLE}: {len(built['parse'])} lookups, {len(built['convert'])} successors")
