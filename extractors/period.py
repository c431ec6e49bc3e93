"""Plan period from the title: ``giai đoạn 2022-2025``, ``năm 2023``, ``đến năm 2030``."""

from __future__ import annotations

import regex

from pipeline.model.grammar import DAY_MONTH_YEAR

RANGE = regex.compile(r"(?P<a>(?:19|20)\d\d)\s*[-–—]\s*(?P<b>(?:19|20)\d\d)")
UNTIL = regex.compile(r"đến\s+năm\s+(?P<y>(?:19|20)\d\d)", regex.IGNORECASE)
# Dates and numbers of documents named in a title are not the plan's own years.
CITED = regex.compile(rf"ngày\s*(?:{DAY_MONTH_YEAR})|\d+/\d{{4}}/[\w-]+", regex.IGNORECASE)
YEAR = regex.compile(
    r"năm\s+(?P<y>(?:19|20)\d\d)|\d{1,2}/(?P<y2>(?:19|20)\d\d)\b", regex.IGNORECASE
)

# "Kế hoạch vốn năm 2024 thực hiện Chương trình ... giai đoạn 2021 - 2030": what a plan implements
# has its own period; the plan's is the year said before it.
IMPLEMENTS = regex.compile(
    r"\b(?:thực hiện|triển khai(?:\s+thực hiện)?)\s+(?:các\s+)?(?:chương trình|kế hoạch|đề án"
    r"|nghị quyết|chiến lược|quyết định)",
    regex.IGNORECASE,
)


def _own_year(title: str, span: regex.Match[str] | None) -> int | None:
    first, implements = YEAR.search(title), IMPLEMENTS.search(title)
    if first is None or implements is None or first.group("y") is None:
        return None
    if first.end() <= implements.start() and (span is None or span.start() > implements.start()):
        return int(first.group("y"))
    return None


def find_period(title: str | None) -> tuple[int | None, int | None] | None:
    if not title:
        return None
    title = CITED.sub(" ", title)
    m = RANGE.search(title)
    own = _own_year(title, m)
    if own is not None:
        return own, own
    if m and int(m.group("a")) <= int(m.group("b")):
        return int(m.group("a")), int(m.group("b"))
    years = sorted(
        {
            int(y.group("y") or y.group("y2"))
            for y in YEAR.finditer(title)
            if not UNTIL.match(title, y.start() - 4)
        }
    )
    until = UNTIL.search(title)
    if years:
        return years[0], years[-1]
    if until:
        return None, int(until.group("y"))
    return None
