"""Citation keys (a resolution step): every mention of one cited document gets one key, the same
in every record, so a corpus can join citations to the records that are those documents.

A number with its year in the symbol (``07/2021/NĐ-CP``) is a key as it is; numbers that restart
every year get the year (``61-NQ/TU@2021``), and those of local issuers also the citing plan's
province (``61-NQ/TU@2021@Yên Bái``); national codes (TTg, CP, TW, ministries) need no province.
Laws cited by name are keyed by name (``luật:tổ chức chính quyền địa phương``).
"""

from __future__ import annotations

import regex

from pipeline.model.components import component
from pipeline.model.document import Document
from pipeline.model.grammar import NATIONAL_ISSUER_CODES, canonical_symbol, symbol_key
from pipeline.model.vietnamese import match_key
from schemas.models import PlanRecord, Reference

NORMATIVE = regex.compile(r"/(?:19|20)\d\d/")


def is_national_number(number: str) -> bool:
    canon = canonical_symbol(number.split("@")[0]).upper()
    if NORMATIVE.search(canon):
        return True
    segments = regex.split(r"[-/]", canon.split("/", 1)[-1] if "/" in canon else canon)
    return any(regex.sub(r"\d+$", "", seg) in NATIONAL_ISSUER_CODES for seg in segments)


def citation_key(
    number: str | None,
    year: str | None,
    province: str | None,
    name: str | None,
    doc_type: str | None,
) -> str | None:
    """One key per cited document (see the module docstring)."""
    if number:
        key = symbol_key(number)
        if NORMATIVE.search(key):
            return key
        return with_province(f"{key}@{year}" if year else key, province)
    if name:
        return f"{match_key(doc_type or '')}:{match_key(name)}"
    return None


def with_province(key: str, province: str | None) -> str:
    """A key of a local issuer's number (no year in the symbol) made unique across provinces."""
    if not province or ":" in key or NORMATIVE.search(key) or is_national_number(key):
        return key
    return f"{key}@{province}"


def keyed(refs: list[Reference], province: str | None) -> list[Reference]:
    """Copies of ``refs`` with their keys; a number's year comes from its fullest (dated)
    mention."""
    years: dict[str, str] = {}
    for ref in refs:
        if ref.number and ref.date:
            years.setdefault(symbol_key(ref.number), ref.date[:4])
    out = []
    for ref in refs:
        year = years.get(symbol_key(ref.number)) if ref.number else (ref.date or "")[:4] or None
        out.append(
            ref.model_copy(
                update={"key": citation_key(ref.number, year, province, ref.name, ref.doc_type)}
            )
        )
    return out


@component(
    "citation_keys",
    stage="resolve",
    assigns=("references",),
    requires=("references", "metadata.locality"),
)
def _citation_keys(doc: Document, record: PlanRecord) -> list[Reference]:
    locality = record.metadata.locality
    return keyed(record.references, locality.province if locality else None)
