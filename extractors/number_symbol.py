"""Số và ký hiệu: ``81/KH-UBND``, ``07/2021/NĐ-CP``, ``169-KH/TU`` and blank drafts ``/KH-UBND``."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.vocab import vocab

CODE = r"[A-ZĐ][A-Za-zĐđ0-9&]*"
STATE = regex.compile(
    rf"(?P<num>\d(?:[\d.]| (?=\d))*[a-z]?)?\s*/\s*(?:(?P<year>(?:19|20)\d\d)\s*/\s*)?"
    rf"(?P<codes>{CODE}(?:\s?-\s?[A-ZĐ0-9][A-Za-zĐđ0-9&]*)*)"
)
PARTY = regex.compile(rf"(?P<num>\d+)?\s*-\s*(?P<type>{CODE})\s*/\s*(?P<issuer>{CODE}(?:-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*)")
NUMBER_LINE = regex.compile(r"(?<![\p{L}])(?:Số|SỐ|So|SO)\s*[:.]?\s*")
LOWER = regex.compile(r"\p{Ll}")


@dataclass
class ParsedNumber:
    value: str
    number: str | None
    year: int | None
    type_code: str | None
    issuer_code: str | None
    grammar: str
    start: int
    end: int


def _split_codes(codes: str) -> tuple[str | None, str | None]:
    parts = [p for p in regex.split(r"\s?-\s?", codes) if p]
    if not parts:
        return None, None
    if parts[0] in vocab()["type_codes"] and len(parts) > 1:
        return parts[0], "-".join(parts[1:])
    return None, "-".join(parts)


def parse_number_symbol(text: str, offset: int = 0) -> ParsedNumber | None:
    """Parse a symbol at the start of ``text`` (after "Số:"), in any of the three grammars."""
    party = PARTY.match(text)
    state = STATE.match(text)
    if party and (not state or party.end() >= state.end()) and not regex.match(r"\d*\s*/", text):
        num = party.group("num")
        value = f"{num or ''}-{party.group('type')}/{party.group('issuer')}"
        return ParsedNumber(
            value, num, None, party.group("type"), party.group("issuer"), "party", offset + party.start(), offset + party.end()
        )
    if state:
        num = state.group("num").replace(" ", "") if state.group("num") else None
        year = state.group("year")
        codes = regex.sub(r"\s", "", state.group("codes"))
        type_code, issuer_code = _split_codes(codes)
        if type_code is None and issuer_code and "-" not in issuer_code and num is None and year is None:
            if issuer_code not in vocab()["type_codes"] and len(issuer_code) < 2:
                return None
        value = f"{num or ''}/{year + '/' if year else ''}{codes}"
        grammar = "normative" if year else "state"
        return ParsedNumber(
            value,
            num.rstrip(".") if num else None,
            int(year) if year else None,
            type_code,
            issuer_code,
            grammar,
            offset + state.start(),
            offset + state.end(),
        )
    return None


def find_document_number(text: str, search_end: int) -> ParsedNumber | None:
    """The document's own number: the first "Số: <symbol>" of the header zone."""
    for m in NUMBER_LINE.finditer(text, 0, search_end):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start : m.start()]
        if LOWER.search(before) or regex.search(r"(?i)đến|công báo", before):
            continue
        parsed = parse_number_symbol(text[m.end() : m.end() + 60], m.end())
        if parsed is not None:
            return parsed
    return None
