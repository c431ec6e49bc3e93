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
    POSITION_TITLES,
)
from pipeline.model.vietnamese import is_upper_text, strip_accents
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


# A word of an office holder's title: what a position line has and the noise a seal or a
# signature leaves in an OCR'd closing ("TS", "SỜ TGSÀÀ t2") has not.
TITLE_WORD = regex.compile(
    r"(?i)(?<!\p{L})(?:trưởng|chủ tịch|giám đốc|chánh|bí thư|thư ký|chủ nhiệm|ủy viên|uỷ viên"
    r"|thủ tướng|chỉ huy|tổng|phó)(?!\p{L})"
)
# The capitals a position line starts with, before the lower-case marks a signature leaves on
# its line in OCR ("CHÁNH VĂN PHÒNG csây").
UPPER_PREFIX = regex.compile(r"^(?:[\p{Lu}.\d]+\s+)*[\p{Lu}.\d]+(?=\s+\p{Ll}{1,5}\W*$)")


def _position_text(text: str, ocr: bool) -> str | None:
    """The position a closing line (its text without "Nơi nhận") holds, if it is one: a short
    line in capitals; in OCR'd text also the capitals before a signature's lower-case marks,
    if they hold a title."""
    if not (2 < len(text) < 70) or NOI_NHAN.match(text) or text.startswith(("-", "+")):
        return None
    if is_upper_text(text):
        return text
    prefix = UPPER_PREFIX.match(text) if ocr else None
    return prefix.group() if prefix and TITLE_WORD.search(prefix.group()) else None


def _bare(text: str) -> str:
    return " ".join(strip_accents(text.lower()).split())


def _known_title(text: str) -> str | None:
    """The title of the vocabulary an OCR'd position line reads as, a letter or two off
    ("CHỔ CHỊ TỊCH" is PHÓ CHỦ TỊCH): one letter in six may be wrong, and the nearest title
    wins only when no other is as near."""
    seen = _bare(text)
    found: list[tuple[int, str]] = []
    for title in POSITION_TITLES:
        bare = _bare(title)
        allowed = len(bare) // 6
        if not allowed or abs(len(bare) - len(seen)) > allowed:
            continue
        m = regex.fullmatch(f"(?:{regex.escape(bare)}){{e<={allowed}}}", seen, regex.BESTMATCH)
        if m is not None:
            found.append((sum(m.fuzzy_counts), title))
    found.sort()
    if found and (len(found) == 1 or found[0][0] < found[1][0]):
        return found[0][1]
    return None


def _name_in(text: str, ocr: bool) -> str | None:
    """The signer's name on a line: the whole line; in OCR'd text also the longest run of
    capitalised words that ends it after noise ('/‹2..Đ lJ "Đặng Văn Minh')."""
    candidates = [text]
    if ocr:
        candidates += [text[m.end() :] for m in regex.finditer(r"[^\p{L}]+", text)]
    for candidate in candidates:
        m = NAME.match(candidate)
        if m and not NOT_NAME.search(m.group("name")):
            return m.group("name")
    return None


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
    ocr = doc.source.ocr
    positions: list[tuple[Line, str]] = []
    scan_from = auth_idx + 1 if auth_idx is not None else 0
    name_line: Line | None = None
    for line in window[scan_from:]:
        text = NOI_NHAN.sub("", line.text).strip()
        if BULLET.match(text) or FILING.match(text) or not text:
            continue
        position = _position_text(text, ocr)
        if position is not None and name_line is None:
            if AUTHORITY.match(text):
                continue
            positions.append((line, position))
            continue
        found = _name_in(text, ocr)
        if found and (positions or auth_idx is not None):
            name_line = line
            name = found
            break
    if auth_idx is None and not positions:
        return None
    titled = [p for p in positions if TITLE_WORD.search(p[1])]
    if auth_idx is None:
        authority = None
        auth_line = positions[0][0]
        # Noise and the body's name are not the position: the first line with a title is.
        position_text = titled[0][1] if titled else positions[-1][1]
    else:
        head = AUTHORITY.match(NOI_NHAN.sub("", auth_line.text).strip())
        rest = head.group("rest") if head else ""
        chosen = titled or positions
        position_text = chosen[0][1] if chosen else rest
    if ocr and position_text and not TITLE_WORD.search(position_text):
        position_text = _known_title(position_text) or position_text
    start = auth_line.start
    end = name_line.end if name_line else (positions[-1][0].end if positions else auth_line.end)
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
