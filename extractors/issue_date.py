"""Place and date line: ``Yên Bái, ngày 04 tháng 4 năm 2022``, with blank day or month kept
partial."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.model.grammar import BLANK_DATE_LINE, DATE_LINE, PLACE_PREFIX, iso_date
from schemas.models import Precision

NUMBERISH = regex.compile(r".*(?:\d\s*/\s*|/\s*[A-ZĐ][\w&-]*|số\s*:)\S*", regex.IGNORECASE)


@dataclass
class ParsedDate:
    value: str | None
    precision: Precision | None
    place: str | None
    start: int
    end: int


def clean_place(raw: str) -> str | None:
    place = raw.strip(" ,.;:-–\t")
    place = (
        NUMBERISH.sub("", place).strip(" ,.;:-–\t")
        if regex.search(r"/|số\s*:", place, regex.IGNORECASE)
        else place
    )
    place = PLACE_PREFIX.sub("", place).strip(" ,.")
    if not place or len(place) > 40 or not regex.search(r"\p{Lu}", place[:1]):
        return None
    return place


def find_issue_date(
    text: str, line_starts: list[tuple[int, int]], search_end: int
) -> ParsedDate | None:
    """First place-and-date line in the header; ``line_starts`` gives (start, end) of each line."""
    for m in DATE_LINE.finditer(text, 0, search_end):
        line_start = max((s for s, e in line_starts if s <= m.start()), default=0)
        prefix = text[line_start : m.start()]
        if (
            regex.search(r"(?:kèm theo|căn cứ|thực hiện|số\s+\d)", prefix, regex.IGNORECASE)
            and "," not in prefix[-30:]
        ):
            continue
        year = int(m.group("y"))
        day = int(m.group("d")) if m.group("d") else None
        month = int(m.group("m")) if m.group("m") else None
        stray = [int(n) for n in ((m.group("x") or "") + " " + (m.group("tail") or "")).split()]
        if stray and (day is None or month is None):
            day, month = _fill_blanks(day, month, stray)
        # an impossible month leaves the year (the header still dates the document)
        found = iso_date(year, month, day) or iso_date(year)
        assert found is not None  # a year alone always makes a date
        value, precision = found
        place = clean_place(prefix.split(",")[0] if prefix.count(",") > 1 else prefix)
        start = line_start + (len(prefix) - len(prefix.lstrip())) if place else m.start()
        return ParsedDate(value, precision, place, start, m.end())
    return _place_of_blank_date(text, line_starts, search_end)


def _fill_blanks(
    day: int | None, month: int | None, stray: list[int]
) -> tuple[int | None, int | None]:
    """Give stamped numbers that landed after the year to the blank day, then month, in order."""
    stray = list(stray)
    if day is None and stray:
        day = stray.pop(0)
    if month is None and stray:
        month = stray.pop(0)
    return day, month


def _place_of_blank_date(
    text: str, line_starts: list[tuple[int, int]], search_end: int
) -> ParsedDate | None:
    for m in BLANK_DATE_LINE.finditer(text, 0, search_end):
        line_start = max((s for s, e in line_starts if s <= m.start()), default=0)
        prefix = text[line_start : m.start()]
        if "," not in prefix:
            continue
        place = clean_place(prefix.split(",")[0] if prefix.count(",") > 1 else prefix)
        if place:
            start = line_start + (len(prefix) - len(prefix.lstrip()))
            return ParsedDate(None, None, place, start, m.end())
    return None
