"""The closing block: signature (authority, position, name) and "Nơi nhận" recipients.

In PDFs and tab-laid-out drafts the two columns arrive interleaved line by line, so each line
is classified (recipient bullet, authority, position, name) rather than read as a sequence.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.names import pretty_position
from pipeline.model.document import Document, Line
from pipeline.model.grammar import (
    APPENDIX_START,
    AUTHORITY,
    AUTHORITY_CANON,
    BULLET,
    FILING,
    NOI_NHAN,
)
from pipeline.model.vietnamese import is_upper_text
from schemas.models import Authority

NAME = regex.compile(
    r"^(?:(?:Thiếu|Trung|Thượng|Đại)\s+(?:tướng|tá|úy)\s+)?(?P<name>\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){1,5})$"
)
NOT_NAME = regex.compile(
    r"(?i)\b(?:ủy|uỷ|ban|sở|phòng|nhận|như trên|lưu|tỉnh|huyện|chủ tịch|giám đốc|kính"
    r" gửi|công an|việt nam|"
    r"trung tâm|nhân dân|đảng|cục|ngày|tháng|năm|thành phố|văn phòng)\b"
)


@dataclass
class FoundSigner:
    name: str | None
    position: str | None
    authority: Authority | None
    start: int
    end: int


def _is_position(line: Line) -> bool:
    text = line.text.strip()
    return (
        is_upper_text(text)
        and 2 < len(text) < 70
        and not NOI_NHAN.match(text)
        and not text.startswith(("-", "+"))
    )


def find_signer(doc: Document) -> FoundSigner | None:
    window = doc.zone_lines("closing")
    authority: Authority | None = None
    if not window:
        return None
    auth_idx = None
    for i, line in enumerate(window):
        text = NOI_NHAN.sub("", line.text).strip()
        m = AUTHORITY.match(text)
        if m and is_upper_text(text):
            if auth_idx is None or i - auth_idx <= 3:
                auth_idx = i
                authority = AUTHORITY_CANON[regex.sub(r"\s", "", m.group("auth").lower())]
                auth_line = line
            else:
                break
    positions: list[Line] = []
    scan_from = auth_idx + 1 if auth_idx is not None else 0
    name_line: Line | None = None
    for line in window[scan_from:]:
        text = NOI_NHAN.sub("", line.text).strip()
        if BULLET.match(text) or FILING.match(text) or not text:
            continue
        if _is_position(line) and name_line is None:
            if AUTHORITY.match(text):
                continue
            positions.append(line)
            continue
        m = NAME.match(text)
        if m and not NOT_NAME.search(m.group("name")) and (positions or auth_idx is not None):
            name_line = line
            name = m.group("name")
            break
    if auth_idx is None and not positions:
        return None
    if auth_idx is None:
        authority = None
        auth_line = positions[0]
        position_text = positions[-1].text
    else:
        head = AUTHORITY.match(NOI_NHAN.sub("", auth_line.text).strip())
        rest = head.group("rest") if head else ""
        position_text = positions[0].text if positions else rest
        if (
            positions
            and len(positions) > 1
            and regex.search(r"(?i)chủ tịch|giám đốc|trưởng|bí thư", positions[0].text)
        ):
            position_text = positions[0].text
    start = auth_line.start
    end = name_line.end if name_line else (positions[-1].end if positions else auth_line.end)
    return FoundSigner(
        name if name_line else None,
        pretty_position(position_text) if position_text else None,
        authority,
        min(start, end),
        max(start, end),
    )


def find_recipients(doc: Document) -> tuple[list[str], int, int] | None:
    """The "Nơi nhận" list: its bullets up to the filing mark ("Lưu: VT"), read from the recipients
    line to the end of the closing (the signature may be read between the items of a PDF)."""
    zone, closing = doc.zone("recipients"), doc.zone("closing")
    if zone is None or closing is None:
        return None
    lines = doc.lines[zone.first : closing.last + 1]
    items: list[str] = []
    first = lines[0]
    rest = NOI_NHAN.sub("", first.text).strip()
    misses = 0
    pending = [rest] if rest and BULLET.match(rest) else []
    for line in [*pending, *(ln.text for ln in lines[1:])]:
        text = line.strip()
        if FILING.match(BULLET.sub("", text)):
            break
        if BULLET.match(text):
            item = BULLET.sub("", text).strip().rstrip(";,.").strip()
            if item:
                items.append(item)
            misses = 0
            continue
        misses += 1
        if misses > 4 or APPENDIX_START.match(text):
            break
    end = first.end
    for ln in lines:
        if items and items[-1] in ln.text:
            end = ln.end
            break
    return items, first.start, end
