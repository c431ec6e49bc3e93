"""The header zone: the document type line, the title (trích yếu) and where the body begins.
Works on ``Document.lines`` so it does not care which reader made them."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.model.document import Document, Line
from pipeline.model.grammar import (
    APPENDIX_LINE,
    AUTHORITY,
    AUTHORITY_LINE_FOLD,
    BASES_FOLD,
    BODY_START_FOLD,
    DATE_LINE,
    ENCLOSED,
    ESIGN_STAMP_DATE,
    NOI_NHAN,
    NUMBER_LABEL,
    RULE,
    TITLE_CONTINUES_FOLD,
    TRAILING_NUMBER_LABEL,
    VV,
    is_mark_fold,
    is_motto_fold,
    starts_with_organisation,
)
from pipeline.model.vietnamese import is_upper_text
from pipeline.model.vocab import type_names_by_key

HEADER_LINES = 45


@dataclass
class TypeLine:
    name: str
    index: int
    line: Line
    rest_start: int | None = None


__all__ = ["BASES_FOLD", "TypeLine", "find_title", "find_type_line", "header_window", "starts_body"]


def starts_body(line: Line) -> bool:
    """A line that opens the body of a document with no type line and no V/v subject: a body word
    (Căn cứ, Kính gửi, I. ...), a sentence, or the closing's Nơi nhận."""
    if BODY_START_FOLD.match(line.fold) and not line.text[:1].islower():
        return True
    if NOI_NHAN.match(line.text) or (AUTHORITY.match(line.text) and is_upper_text(line.text)):
        return True  # the closing: a document whose header is an image may begin with it
    return (
        len(line.text) >= 80
        and not is_upper_text(line.text)
        and DATE_LINE.search(line.text) is None
    )


def header_window(doc: Document, top: int = 0) -> list[Line]:
    """The lines the header can lie in, from its top: it never runs longer than this."""
    return doc.lines[top : top + HEADER_LINES]


def is_motto(line: Line) -> bool:
    return is_motto_fold(line.fold)


def is_mark(line: Line) -> bool:
    return is_mark_fold(line.fold)


def find_type_line(doc: Document, lines: list[Line]) -> TypeLine | None:
    """The centred capitals naming the document type: ``KẾ HOẠCH``, ``TỜ TRÌNH``, ..."""
    types = type_names_by_key()
    for i, line in enumerate(lines[:4]):
        # A stand-alone appendix (phụ lục) opens with its caption, in any case, and no header block.
        if APPENDIX_LINE.match(line.text) and not any(is_motto(x) for x in lines[:i]):
            return TypeLine("Phụ lục", i, line)
        if not ESIGN_STAMP_DATE.search(line.text):
            break
    for i, line in enumerate(lines):
        key = " ".join(line.fold.strip(" :.*").split())
        if key in types and is_upper_text(line.text):
            return TypeLine(types[key], i, line)
        for name in sorted(types, key=len, reverse=True):
            head = line.text[: len(name)]
            if key.startswith(name + " ") and is_upper_text(head):
                rest = line.text[len(name) :]
                if rest.strip() and not is_upper_text(rest):
                    return TypeLine(
                        types[name],
                        i,
                        line,
                        line.start + len(name) + (len(rest) - len(rest.lstrip())),
                    )
    return _portal_type_line(lines, types)


def _portal_type_line(lines: list[Line], types: dict[str, str]) -> TypeLine | None:
    """A page with no header block (a commune's web portal) names the document in a sentence-case
    line before the body: ``Kế hoạch tổ chức phát động xây dựng nông thôn mới năm 2020``."""
    if any(is_motto(x) for x in lines):
        return None
    for i, line in enumerate(lines):
        text = line.text.strip()
        if len(text) > 250 or text.endswith((".", ":", ";")):
            if starts_body(line):
                return None
            continue
        for name in sorted(types, key=len, reverse=True):
            head, rest = text[: len(name)], text[len(name) :]
            if (
                line.fold.startswith(name + " ")
                and head[:1].isupper()
                and head[1:].islower()
                and rest.strip()[:1].islower()
            ):
                offset = len(line.text) - len(line.text.lstrip()) + len(name)
                return TypeLine(types[name], i, line, line.start + offset + 1)
        if starts_body(line):
            return None
    return None


def is_authority(line: Line, previous: Line | None = None) -> bool:
    """The enacting authority under a decision's or resolution's title (not a wrapped title line
    that goes on "... CỦA" / "HỘI ĐỒNG NHÂN DÂN TỈNH ...")."""
    if not AUTHORITY_LINE_FOLD.match(line.fold) or not is_upper_text(line.text):
        return False
    return previous is None or not TITLE_CONTINUES_FOLD.search(previous.fold)


def _is_title_stop(line: Line, title_upper: bool | None, previous: Line | None = None) -> bool:
    if RULE.match(line.text) or ENCLOSED.match(line.text) or is_motto(line) or is_mark(line):
        return True
    if is_authority(line, previous):
        return True
    if line.fold.startswith(("kính gửi", "nơi nhận")):
        return True
    if (
        BODY_START_FOLD.match(line.fold) and not line.text[:1].islower()
    ):  # lower case continues the title
        return True
    if title_upper is not None and is_upper_text(line.text) != title_upper:
        return True
    return False


def _bare_title(lines: list[Line]) -> tuple[str, int, int] | None:
    """A title printed without its type word (web copies drop "KẾ HOẠCH"): the capitals right
    under the header's date or number line, before the body."""
    last = max(
        (
            i
            for i, ln in enumerate(lines[:15])
            if DATE_LINE.search(ln.text) or NUMBER_LABEL.match(ln.text)
        ),
        default=None,
    )
    if last is None:
        return None
    parts: list[Line] = []
    for line in lines[last + 1 : last + 6]:
        if is_motto(line) or is_mark(line) or RULE.match(line.text) or DATE_LINE.search(line.text):
            if parts:
                break
            continue
        if not is_upper_text(line.text) or is_authority(line, parts[-1] if parts else None):
            break
        if not parts and (len(line.text.split()) < 3 or starts_with_organisation(line.fold)):
            break
        parts.append(line)
    if not parts:
        return None
    return " ".join(" ".join(p.text for p in parts).split()), parts[0].start, parts[-1].end


def _continues_vv(doc: Document, last: Line, line: Line) -> bool:
    """A ``V/v`` subject broken into short paragraphs (drafts that fake the header columns):
    the next paragraph continues it when it is one short line that is not a sentence."""
    block = doc.blocks[line.block]
    if (
        block.kind != "paragraph"
        or block.end - block.start > 120
        or "\n" in doc.text[block.start : block.end]
    ):
        return False
    return not last.text.rstrip().endswith((".", ":", ";")) and not line.text.rstrip().endswith(
        (".", ":", ";")
    )


def find_title(
    doc: Document, lines: list[Line], type_line: TypeLine | None
) -> tuple[str, int, int] | None:
    """Trích yếu: lines after the type line (or a ``V/v`` line) until the body or a rule."""
    parts: list[Line] = []
    if type_line is not None:
        if type_line.rest_start is not None:
            end = type_line.line.end
            return (
                " ".join(doc.text[type_line.rest_start : end].split()),
                type_line.rest_start,
                end,
            )
        if type_line.line.text.rstrip(" *").endswith(":"):
            return None  # "QUYẾT ĐỊNH:" after the legal bases enacts; no title follows it
        start_index = type_line.index + 1
        candidates = lines[start_index : start_index + 8]
    else:
        vv = next((i for i, ln in enumerate(lines[:30]) if VV.match(ln.text)), None)
        if vv is None:
            return _bare_title(lines)
        candidates = lines[vv : vv + 6]
    upper: bool | None = None
    block = None
    for line in candidates:
        if not parts:
            if RULE.match(line.text) or is_mark(line):
                continue
            if (
                type_line is None
                and not VV.match(line.text)
                or BODY_START_FOLD.match(line.fold)
                and not line.fold.startswith(("thực hiện", "triển khai", "tiếp tục"))
            ):
                break
            parts.append(line)
            upper = is_upper_text(line.text)
            block = line.block
            continue
        if _is_title_stop(line, upper, parts[-1]):
            break
        if type_line is None and line.block != block and not _continues_vv(doc, parts[-1], line):
            break
        if doc.blocks[line.block].kind == "header_cell" and line.block != block:
            break
        if VV.match(parts[0].text) and regex.search(r"ngày\s*\d*\s*tháng", line.fold):
            continue
        parts.append(line)
    if not parts:
        return None
    text = " ".join(" ".join(p.text for p in parts).split())
    text = TRAILING_NUMBER_LABEL.sub("", text)  # "Số:" of a header text box that shares the line
    if text.endswith(".") and not text.endswith("/.") and len(text) > 100:
        return None  # a sentence of the body (a Giấy mời has no trích yếu), not a title
    return text, parts[0].start, parts[-1].end
