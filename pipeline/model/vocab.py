"""The vocabulary of these documents, loaded from ``data/vocab.json`` (data, not code).

Every term is written once in the data file; ``pipeline.model.grammar`` compiles it into patterns
and the stages ask this module for lists and lookups.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class DocType:
    name: str  # "Kế hoạch"
    codes: tuple[str, ...]  # type codes of the symbol: ("KH",)
    abbreviated_in_text: tuple[str, ...]  # codes plans also write in running text ("QĐ số 12/...")


@cache
def vocab() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "vocab.json").read_text(encoding="utf-8"))
    return data


@cache
def doc_types() -> tuple[DocType, ...]:
    return tuple(
        DocType(t["name"], tuple(t.get("codes", ())), tuple(t.get("abbreviated_in_text", ())))
        for t in vocab()["doc_types"]
    )


@cache
def type_codes() -> dict[str, str]:
    """Symbol type code -> type name: ``KH`` -> ``Kế hoạch``."""
    return {code: t.name for t in doc_types() for code in t.codes}


def type_name_for_code(code: str | None) -> str | None:
    if not code:
        return None
    codes = type_codes()
    return codes.get(code) or codes.get(code.upper())


@cache
def type_names_by_key() -> dict[str, str]:
    """Lower-case type name -> type name, for reading the type line of a header."""
    return {t.name.lower(): t.name for t in doc_types()}


def words(key: str) -> list[str]:
    """A plain word list of the vocabulary (``locality_types``, ``marks``, ``mottos`` ...)."""
    value = vocab()[key]
    assert isinstance(value, list)
    return [str(w) for w in value]


def mapping(key: str) -> dict[str, str]:
    """A plain mapping of the vocabulary (``abbreviations``, ``issuer_codes``, ``units`` ...)."""
    value = vocab()[key]
    assert isinstance(value, dict)
    return {str(k): str(v) for k, v in value.items()}
