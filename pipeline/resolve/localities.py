"""Resolve a locality name to GSO units with ``vietnamadminunits`` (through the table of its
answers in ``admin_units``): the unit as it was on the document's date (63-province dataset before
1 July 2025) and its 2025 successor province."""

from __future__ import annotations

import regex

from pipeline.model.components import component
from pipeline.model.document import Document
from pipeline.model.grammar import CENTRALLY_RUN_CITIES, LOCALITY_TYPE, PARTY_COMMITTEES
from pipeline.model.vietnamese import fold_text, match_key
from pipeline.resolve.admin_units import parse, successor
from schemas.models import Issuer, Locality, PlanRecord, Successor2025

REFORM_DATE = "2025-07-01"
LOCALITY_IN_NAME = regex.compile(rf"\b({LOCALITY_TYPE})\s+(?P<name>[\p{{Lu}}][\p{{L}}\s-]*?)\s*$")
PLACE_COMMITTEES = "|".join(
    c.replace("ủy", "(?:ủy|uỷ)") for c in PARTY_COMMITTEES if not c.startswith("đảng")
)
PARTY_IN_NAME = regex.compile(rf"\b(?i:{PLACE_COMMITTEES})\s+(?P<name>[\p{{Lu}}][\p{{L}}\s-]*)$")


def locality_from_name(body_name: str | None) -> tuple[str, str] | None:
    """``Ủy ban nhân dân thành phố Yên Bái`` -> (``Yên Bái``, ``thành phố``)."""
    if not body_name:
        return None
    m = LOCALITY_IN_NAME.search(body_name)
    if m:
        return m.group("name").strip(), fold_text(m.group(1))
    m = PARTY_IN_NAME.search(body_name)
    if m:
        word = fold_text(body_name[m.start() : m.start() + 6])
        kind = (
            "tỉnh"
            if word.startswith("tỉnh")
            else "thành phố"
            if word.startswith("thành")
            else "huyện"
        )
        return m.group("name").strip(), kind
    return None


def resolve_locality(name: str, kind: str, date: str | None) -> Locality:
    """Look the unit up as of the document's date; add the 2025 successor for older documents."""
    after_reform = date is not None and date >= REFORM_DATE[: len(date)]
    mode = "FROM_2025" if after_reform else "LEGACY"
    locality = Locality(name=name, type=kind)
    if kind == "tỉnh" or (
        kind == "thành phố" and _is_province_city(name, mode) and parse(name, mode, 1)
    ):
        unit = parse(name, mode, 1)
        if unit is not None and unit.province:
            locality.province = unit.short_province or name
            locality.code = unit.province_code
            locality.province_code = unit.province_code
    elif mode == "LEGACY" and kind in {"thành phố", "huyện", "quận", "thị xã"}:
        unit = parse(f"{kind} {name}", mode, 2)
        if unit is None or unit.district is None:
            unit = parse(f"{kind} {name}, {name}", mode, 2)
        if unit is not None and unit.district:
            locality.province = unit.short_province
            locality.code = unit.district_code
            locality.province_code = unit.province_code
    if not after_reform and locality.province:
        new = successor(locality.province)
        if new is not None and new.province:
            note = (
                "district level abolished on 1 July 2025"
                if kind not in {"tỉnh"} and locality.code != locality.province_code
                else None
            )
            locality.successor_2025 = Successor2025(
                province=new.short_province or new.province,
                province_code=new.province_code,
                note=note,
            )
    return locality


def _is_province_city(name: str, mode: str) -> bool:
    return fold_text(name) in CENTRALLY_RUN_CITIES


def place_spelling(place: str | None, locality: Locality | None) -> str | None:
    """The place as the locality spells it when they differ only in spacing and case
    ("Phan Rang -ThápChàm" -> "Phan Rang - Tháp Chàm")."""
    if not place or locality is None:
        return place
    squash = lambda s: "".join(ch for ch in match_key(s) if ch.isalnum())  # noqa: E731
    return locality.name if squash(place) == squash(locality.name) else place


def with_party_parent(issuer: Issuer | None, locality: Locality | None) -> Issuer | None:
    """A district Party committee's superior body is the province's Party organisation."""
    if issuer is None or locality is None or not locality.province:
        return issuer
    if issuer.kind == "party" and issuer.parent is None and issuer.level == "district":
        return issuer.model_copy(update={"parent": f"Đảng bộ tỉnh {locality.province}"})
    return issuer


@component(
    "locality",
    stage="resolve",
    assigns=("metadata.locality", "metadata.place", "metadata.issuer.parent"),
    requires=("metadata.issuer", "metadata.date", "metadata.place"),
)
def _locality(doc: Document, record: PlanRecord) -> tuple[Locality | None, str | None, str | None]:
    """The issuing body's locality as of the document's date, with GSO codes and 2025 successor;
    the place spelled as the locality is; a district Party committee's superior body."""
    meta = record.metadata
    if meta.issuer is None:
        return None, meta.place, None
    found = locality_from_name(meta.issuer.name) or locality_from_name(meta.issuer.parent)
    if found is None:
        return None, meta.place, meta.issuer.parent
    locality = resolve_locality(found[0], found[1], meta.date.value if meta.date else None)
    issuer = with_party_parent(meta.issuer, locality)
    return locality, place_spelling(meta.place, locality), issuer.parent if issuer else None
