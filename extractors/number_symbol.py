"""Số và ký hiệu of the document itself: ``81/KH-UBND``, ``07/2021/NĐ-CP``, ``169-KH/TU`` and
blank drafts ``/KH-UBND`` (the grammar is ``pipeline.model.grammar.SYMBOL``)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from pipeline.model.grammar import (
    LABELLED_SYMBOL,
    NUMBER_LABEL,
    SYMBOL,
    UNREAD_NUMBER,
    canonical_symbol,
)
from pipeline.model.vocab import type_codes
from schemas.models import Grammar

LOWER = regex.compile(r"\p{Ll}")


@dataclass
class ParsedNumber:
    value: str
    number: str | None
    year: int | None
    type_code: str | None
    issuer_code: str | None
    grammar: Grammar
    start: int
    end: int


def _split_codes(codes: str) -> tuple[str | None, str | None]:
    """``KH-UBND`` -> (``KH``, ``UBND``); ``UBND-NC`` (a letter: no type code) -> (None,
    ``UBND-NC``)."""
    parts = [p for p in regex.split(r"\s*[-–]\s*", codes) if p]
    if not parts:
        return None, None
    if parts[0] in type_codes() and len(parts) > 1:
        return parts[0], "-".join(parts[1:])
    return None, "-".join(parts)


def parse_number_symbol(text: str, offset: int = 0) -> ParsedNumber | None:
    """Parse a symbol at the start of ``text`` (after "Số:"), in any of the three grammars."""
    m = SYMBOL.match(text)
    if m is None:
        return None
    start, end = offset + m.start(), offset + m.end()
    value = canonical_symbol(m.group())
    if m.group("ptype"):
        num = m.group("pnum")
        return ParsedNumber(
            value,
            num,
            None,
            m.group("ptype"),
            canonical_symbol(m.group("pissuer")),
            "party",
            start,
            end,
        )
    num = m.group("num").replace(" ", "") if m.group("num") else None
    year = m.group("year")
    codes = canonical_symbol(m.group("codes"))
    type_code, issuer_code = _split_codes(codes)
    if (
        type_code is None
        and issuer_code
        and "-" not in issuer_code
        and num is None
        and year is None
    ):
        if issuer_code not in type_codes() and len(issuer_code) < 2:
            return None
    return ParsedNumber(
        value,
        num,
        int(year) if year else None,
        type_code,
        issuer_code,
        "normative" if year else "state",
        start,
        end,
    )


def _header_labels(text: str, search_end: int) -> Iterator[regex.Match[str]]:
    """The "Số:" labels of the header zone that may head the document's own number: not in
    running text, not the incoming stamp ("ĐẾN Số: 1614"), not a Công báo page head."""
    for m in NUMBER_LABEL.finditer(text, 0, search_end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()]
        if not (LOWER.search(before) or regex.search(r"(?i)đến|công báo", before)):
            yield m


def find_document_number(text: str, search_end: int) -> ParsedNumber | None:
    """The document's own number: the first "Số: <symbol>" of the header zone; else the first
    labelled symbol in no known grammar."""
    for m in _header_labels(text, search_end):
        parsed = parse_number_symbol(text[m.end() : m.end() + 60], m.end())
        unread = UNREAD_NUMBER.match(text, m.end()) if parsed is None else None
        if unread is not None:  # a handwritten number OCR could not read: the number is blank
            parsed = parse_number_symbol(text[unread.end() : unread.end() + 60], unread.end())
        if parsed is not None:
            return parsed
    return _labelled_symbol(text, search_end)


def _labelled_symbol(text: str, search_end: int) -> ParsedNumber | None:
    """A header's own symbol in no known grammar, taken as printed after its label: the number
    is the part before the first slash, the codes are not split."""
    for m in _header_labels(text, search_end):
        symbol = LABELLED_SYMBOL.match(text, m.end())
        if symbol is not None:
            value = canonical_symbol(symbol.group())
            number = value.split("/")[0]
            return ParsedNumber(value, number, None, None, None, "unknown", m.end(), symbol.end())
    return None
