"""Zones of a document: header (with the type line and title inside it), legal bases, body,
closing (signature and Nơi nhận) and appendices, found once so that no extractor has to find
its own part of the document (domain.md §1)."""

from __future__ import annotations

import regex

from pipeline.model.document import Document, Line, Zone, ZoneKind
from pipeline.model.grammar import (
    APPENDIX_LINE,
    APPENDIX_START,
    AUTHORITY,
    BLANK_DATE_LINE,
    BULLET,
    CAPTION,
    DATE_LINE,
    ENCLOSED,
    ESIGN_LINE_FOLD,
    KINH_GUI_FOLD,
    NUMBER_LABEL,
    RULE,
    SYMBOL,
    VV,
    is_mark_fold,
    is_motto_fold,
    opens_recipients,
    starts_with_organisation,
)
from pipeline.model.vietnamese import is_upper_text
from pipeline.segment.header import (
    BASES_FOLD,
    find_title,
    find_type_line,
    header_window,
    starts_body,
)

SYMBOL_ONLY = regex.compile(
    rf"^\s*(?:{SYMBOL.pattern})\s*$"
)  # "/UBND-NC" of a number split over lines
ENCLOSED_TAIL = regex.compile(
    r"\s*\(\s*(?i:kèm theo).*$"
)  # a title run into its "(Kèm theo ...)" line
# The motto follows the left column of the header (issuer, number, V/v subject): a few lines.
MOTTO_WITHIN = 8
PREAMBLE_LINES = 200  # a web page's own text before a document's header is never longer
CLOSING_LOOKBACK = (
    8  # the signature may be read before "Nơi nhận" (two columns, one after the other)
)
CLOSING_LINES = 60  # a closing block is never longer than this


def find_zones(doc: Document) -> list[Zone]:
    lines = doc.lines
    if not lines:
        return []
    zones: list[Zone] = []
    top = _header_top(lines)
    if top > 0:
        zones.append(_zone(doc, "preamble", 0, top - 1))
    window = header_window(doc, top)
    type_line = find_type_line(doc, window)
    title = find_title(doc, window, type_line)
    title_last = doc.line_at(title[2] - 1) - top if title else None
    body_first = top + _header_end(doc, window, type_line.index if type_line else None, title_last)
    if body_first > top:
        zones.append(_zone(doc, "header", top, body_first - 1))
    if type_line is not None:
        at = top + type_line.index
        zones.append(_zone(doc, "doctype", at, at, type_line.name))
    if title is not None:
        zones.append(
            Zone(
                "title",
                doc.line_at(title[1]),
                doc.line_at(title[2] - 1),
                title[1],
                title[2],
                title[0],
            )
        )
    closing = _closing_lines(doc, body_first)
    appendix_from = closing[1] + 1 if closing else body_first
    appendices = _appendix_starts(doc, appendix_from, bare_only=closing is None)
    body_last = (closing[0] if closing else appendices[0] if appendices else len(lines)) - 1
    if body_last >= body_first:
        bases_last = _bases_end(lines, body_first, body_last)
        if bases_last is not None:
            zones.append(_zone(doc, "bases", body_first, bases_last))
        zones.append(_zone(doc, "body", body_first, body_last))
    if closing is not None:
        zones.append(_zone(doc, "closing", *closing))
        recipients = _recipient_lines(lines, closing[0], closing[1])
        if recipients is not None:
            zones.append(_zone(doc, "recipients", *recipients))
    for k, first in enumerate(appendices):
        last = appendices[k + 1] - 1 if k + 1 < len(appendices) else len(lines) - 1
        zones.append(_zone(doc, "appendix", first, last, _caption(lines, first, last)))
    return zones


def _header_top(lines: list[Line]) -> int:
    """Where the document's own header starts. A page copied from a law library may open with the
    site's text (a title, a box of metadata, lists of related documents) before the issuer's name;
    that preamble ends just above the issuer lines beside the first motto, when nothing before
    them is header material (a "Số: .../..." line, a V/v subject)."""
    motto = next((i for i, ln in enumerate(lines[:PREAMBLE_LINES]) if is_motto_fold(ln.fold)), None)
    if motto is None:
        return 0
    top = motto
    while top > 0 and motto - top < 6 and _is_issuer_line(lines[top - 1]):
        top -= 1
    before = lines[:top]
    if top <= 1 or any(_is_header_material(ln) for ln in before):
        return 0
    return top


def _is_header_material(line: Line) -> bool:
    """A line only a document's own header holds: its number, a V/v subject, a body's name."""
    if _is_number_line(line) or VV.match(line.text):
        return True
    return is_upper_text(line.text) and starts_with_organisation(" ".join(line.fold.split()))


def _is_issuer_line(line: Line) -> bool:
    text = line.text.strip()
    return (is_upper_text(text) and len(text) < 90) or RULE.match(text) is not None


def _is_number_line(line: Line) -> bool:
    label = NUMBER_LABEL.search(line.text)
    return label is not None and SYMBOL.match(line.text, label.end()) is not None


def _zone(doc: Document, kind: ZoneKind, first: int, last: int, label: str | None = None) -> Zone:
    return Zone(kind, first, last, doc.lines[first].start, doc.lines[last].end, label)


def _is_header_line(line: Line) -> bool:
    """Lines of the header block that may follow the title in reading order (the right column of a
    two-column header is read after the left one): date, motto, marks, rules, number,
    e-signature."""
    return bool(
        DATE_LINE.search(line.text)
        or BLANK_DATE_LINE.search(line.text)
        or is_motto_fold(line.fold)
        or is_mark_fold(line.fold)
        or RULE.match(line.text)
        or NUMBER_LABEL.match(line.text)
        or SYMBOL_ONLY.match(line.text)
        or ESIGN_LINE_FOLD.match(line.fold)
    )


def _header_end(
    doc: Document, window: list[Line], type_index: int | None, title_last: int | None
) -> int:
    """Index of the first body line: after the title (or the type line), past the header lines read
    after it and the "Kính gửi" addressees; without either, the first line that opens the body."""
    anchor = max(i for i in (type_index, title_last, -1) if i is not None)
    # OCR of a two-column header may read a scrap of the body between the left column and the
    # motto; the body never opens before the motto of its own header.
    motto = next((i for i, ln in enumerate(window[:MOTTO_WITHIN]) if is_motto_fold(ln.fold)), -1)
    addressees = False
    for i in range(anchor + 1, len(window)):
        line = window[i]
        if KINH_GUI_FOLD.match(line.fold):
            addressees = True
            continue
        if _is_header_line(line) or (addressees and BULLET.match(line.text)):
            continue
        if anchor >= 0 or (starts_body(line) and i > motto):
            return i
    return len(window)


def _bases_end(lines: list[Line], first: int, last: int) -> int | None:
    """The legal bases (Căn cứ ..., Thực hiện ..., Xét ...) that open the body, as one run of
    lines."""
    end = None
    for i in range(first, last + 1):
        if BASES_FOLD.match(lines[i].fold):
            end = i
        elif end is not None or i - first > 3:
            break
    return end


def _closing_lines(doc: Document, body_first: int) -> tuple[int, int] | None:
    """First and last line of the closing block: from the signature read before "Nơi nhận" (if
    any) to the end of the recipients, the signature or the first appendix."""
    lines = doc.lines
    anchor = next(
        (i for i in range(body_first, len(lines)) if opens_recipients(lines[i].fold)), None
    )
    if anchor is None:
        anchor = next(
            (
                i
                for i in range(body_first, len(lines))
                if AUTHORITY.match(lines[i].text) and is_upper_text(lines[i].text)
            ),
            None,
        )
    if anchor is None:
        return None
    first = anchor
    while first > max(body_first, anchor - CLOSING_LOOKBACK) and _is_signature_line(
        lines[first - 1]
    ):
        first -= 1
    last = min(len(lines) - 1, anchor + CLOSING_LINES)
    for i in range(anchor + 1, last + 1):
        if APPENDIX_START.match(lines[i].text):
            return first, i - 1
    return first, last


def _is_signature_line(line: Line) -> bool:
    """Authority, position or name lines, not a sentence of the body."""
    text = line.text.strip()
    if AUTHORITY.match(text) or (is_upper_text(text) and len(text) < 70):
        return True
    words = text.split()
    return (
        1 < len(words) <= 6
        and all(w[:1].isupper() for w in words)
        and not text.endswith((".", ";", ":"))
    )


def _recipient_lines(lines: list[Line], first: int, last: int) -> tuple[int, int] | None:
    start = next((i for i in range(first, last + 1) if opens_recipients(lines[i].fold)), None)
    if start is None:
        return None
    end = start
    for i in range(start + 1, last + 1):
        text = lines[i].text.strip()
        if text[:1] in "-+•*–—":
            end = i
            if text.lstrip("-+•*–— ").lower().startswith("lưu"):
                break
    return start, end


def _appendix_starts(doc: Document, first: int, bare_only: bool) -> list[int]:
    """Lines that open an appendix: a bare caption ("Phụ lục 01"), a caption with its title, or a
    title in capitals over its "(Kèm theo ...)" line."""
    lines = doc.lines
    starts: list[int] = []
    for i in range(first, len(lines)):
        line = lines[i]
        if doc.blocks[line.block].kind == "table":
            continue
        text = line.text.strip(" *")
        if APPENDIX_LINE.match(text):
            opens = True
        elif bare_only:
            opens = False
        elif CAPTION.match(text) and len(text) < 200:
            opens = True
        else:
            opens = is_upper_text(text) and _title_over_enclosed(lines, i)
        if opens and not (starts and _same_caption_block(lines, starts[-1], i)):
            starts.append(i)
    return starts


def _title_over_enclosed(lines: list[Line], i: int, title_lines: int = 3) -> bool:
    """A title in capitals, wrapped over up to ``title_lines`` lines, over "(Kèm theo ...)"."""
    for j in range(i, min(len(lines), i + 1 + title_lines)):
        text = lines[j].text.strip(" *")
        if j > i and ENCLOSED.match(text):
            return True
        inline = ENCLOSED_INLINE.search(text)  # a PDF line may run the title into "(Kèm theo"
        if inline and is_upper_text(text[: inline.start()]):
            return True
        if not is_upper_text(text):
            return False
    return False


ENCLOSED_INLINE = regex.compile(r"\(\s*kèm theo", regex.IGNORECASE)


def _same_caption_block(lines: list[Line], start: int, i: int) -> bool:
    """A caption line right under another start ("PHỤ LỤC 01" then its title line) opens nothing
    new."""
    return i - start <= 2 and all(doc_line.text.strip() for doc_line in lines[start:i])


def _caption(lines: list[Line], first: int, last: int) -> str | None:
    """``Phụ lục 01 - <title>``: the caption head and the title line under it; or the title
    alone."""
    head = lines[first].text.strip(" *")
    titles = [ln.text.strip(" *") for ln in lines[first + 1 : min(last, first + 2) + 1]]
    titles = [
        ENCLOSED_TAIL.sub("", t) for t in titles if not t.startswith("(") and not ENCLOSED.match(t)
    ]
    if CAPTION.match(head):
        return " - ".join([head, *titles[:1]])
    return head
