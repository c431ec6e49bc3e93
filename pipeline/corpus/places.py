"""Places below a plan, named by a target's scope ("huyện Trạm Tấu", "Phường Yên Thịnh"), resolved
to GSO units inside the plan's own locality, so that a provincial plan's district target meets
the district's own plan by code, not by spelling ("Mù Cang Chải" is GSO's "Mù Căng Chải", 137).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import Any

import regex

from pipeline.model.grammar import LOCALITY_LEVELS
from pipeline.model.vietnamese import fold_text, strip_accents
from pipeline.resolve.localities import REFORM_DATE
from schemas.models import Locality

ABBREVIATED = {
    "tp": "thành phố",
    "tx": "thị xã",
    "tt": "thị trấn",
    "h": "huyện",
    "q": "quận",
    "p": "phường",
    "x": "xã",
}
UNIT_WORDS = sorted(LOCALITY_LEVELS, key=len, reverse=True)
TYPED_NAME = regex.compile(
    r"^(?P<type>" + "|".join(regex.escape(w) for w in UNIT_WORDS) + r")\s+(?P<name>\S.*)$"
)
ABBREVIATED_NAME = regex.compile(r"^(?P<abbr>tp|tx|tt|h|q|p|x)\.\s*(?P<name>\S.*)$")


@cache
def _parse(address: str, mode: str, level: int) -> Any:
    """The library's full answer (short names, ward codes): the comparison reads fields that
    ``pipeline.resolve.admin_units``' table of the resolver's lookups does not keep."""
    import vietnamadminunits as vau

    try:
        return vau.parse_address(address, mode=mode, level=level)
    except Exception:  # the library is lenient, but never let a lookup stop a comparison
        return None


@dataclass(frozen=True)
class Unit:
    """A named administrative unit: ``level`` province / district / commune; ``code`` is the GSO
    code when the unit was found in GSO's list of the document's time (63 provinces)."""

    name: str
    type: str
    level: str
    code: str | None = None
    province_code: str | None = None
    district_code: str | None = None


def split_unit(scope: str) -> tuple[str, str] | None:
    """``"huyện Trạm Tấu"`` -> (``huyện``, ``Trạm Tấu``); ``"P. Hồng Hà"`` -> (``phường``, ...);
    None when the scope names a group of people, not a place."""
    folded = fold_text(scope.strip())
    m = TYPED_NAME.match(folded)
    if m:
        kind, name = m.group("type"), scope.strip()[m.start("name") :].strip()
    else:
        m = ABBREVIATED_NAME.match(folded)
        if m is None:
            return None
        kind, name = ABBREVIATED[m.group("abbr")], scope.strip()[m.start("name") :].strip()
    # a place has a proper name ("huyện Trạm Tấu", "Phường 5"); "huyện nghèo" is a group
    return (kind, name) if name[:1].isupper() or name[:1].isdigit() else None


def resolve_scope(scope: str | None, plan: Locality | None, date: str | None) -> Unit | None:
    """The unit a scope names, looked up inside the plan's locality as of the plan's date."""
    if not scope:
        return None
    parts = split_unit(scope)
    if parts is None:
        return None
    kind, name = parts
    return _resolve(
        kind,
        name,
        plan.name if plan else None,
        plan.type if plan else None,
        plan.province if plan else None,
        plan.province_code if plan else None,
        bool(date and date >= REFORM_DATE[: len(date)]),
    )


@lru_cache(maxsize=65536)
def _resolve(
    kind: str,
    name: str,
    plan_name: str | None,
    plan_type: str | None,
    province: str | None,
    province_code: str | None,
    after_reform: bool,
) -> Unit:
    level = LOCALITY_LEVELS.get(kind, "commune")
    unit = Unit(name=name, type=kind, level=level, province_code=province_code)
    if after_reform or not province:
        return unit
    if level == "district":
        found = _parse(f"{kind} {name}, {province}", "LEGACY", 2)
        if _same_name(found, "short_district", name) and found.province_code == province_code:
            return Unit(name, kind, level, found.district_code, province_code, found.district_code)
    elif level == "commune":
        parent = f"{plan_type} {plan_name}, " if plan_type and plan_type != "tỉnh" else ""
        found = _parse(f"{kind} {name}, {parent}{province}", "LEGACY", 3)
        if _same_name(found, "short_ward", name) and found.province_code == province_code:
            return Unit(name, kind, level, found.ward_code, province_code, found.district_code)
    return unit


def _same_name(found: Any, attr: str, name: str) -> bool:
    """GSO's name for the unit the lookup returned is the scope's name, give or take accents
    and a typo (``Mù Cang Chải`` / ``Mù Căng Chải``); a lenient lookup must not pick a neighbour."""
    got = getattr(found, attr, None) if found is not None else None
    if not got:
        return False
    a, b = strip_accents(fold_text(got)), strip_accents(fold_text(name))
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.85


def unit_key(name: str) -> str:
    """A place name without accents or spacing, for matching units GSO does not list."""
    return regex.sub(r"\W+", "", strip_accents(fold_text(name)))
