"""Issuing body: from the header lines, else inferred (and marked so) from the opening sentence,
the symbol and place, the signature's ``TM.`` line or an appendix caption."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extractors.names import kind_of, level_of, pretty_name
from pipeline.model.document import Document, Line
from pipeline.model.grammar import (
    CENTRALLY_RUN_CITIES,
    ENCLOSED_BY,
    ESIGN_LINE_FOLD,
    ISSUER_CODES,
    LOCALITY_TYPE,
    MOTTO_START_FOLD,
    NUMBER_LINE,
    RULE,
    UPPER_LOCALITY_TYPE,
    VV,
    is_mark_fold,
    is_motto_fold,
    starts_with_organisation,
)
from pipeline.model.places import district_types, is_province
from pipeline.model.vietnamese import fold_text, is_upper_text
from schemas.models import IssuerKind, Level

U = "(?:ủy|uỷ)"
OPENING_LINES = (
    2  # lines after the legal bases (or from the body's start) the opening sentence may take
)
OPENING = regex.compile(
    rf"(?P<body>(?i:(?:ban thường vụ\s+)?(?:{U} ban nhân dân|ubnd|hội đồng nhân dân|hđnd|thành"
    rf" {U}|tỉnh {U}|huyện {U}|"
    rf"quận {U}|thị {U}|đảng {U})(?:\s+{LOCALITY_TYPE})?)"
    r"(?:\s+(?!Xây|Ban|Kế)\p{Lu}[\p{L}-]*(?:\s+\p{Lu}[\p{L}-]*){0,3})?)"
    r"\s+(?i:xây dựng|ban hành|triển khai|thực hiện|đề ra|lập|tổ chức)",
)

PLAN_OBJECT = regex.compile(r"\s+(?i:kế hoạch|chương trình|đề án)")


@dataclass
class FoundIssuer:
    name: str
    parent: str | None
    kind: IssuerKind
    level: Level | None
    inferred: bool
    source: str
    start: int | None
    end: int | None


def split_bodies(lines: list[Line]) -> list[tuple[str, int, int]]:
    """Group header lines into bodies: a line that starts with a head noun starts a new body."""
    bodies: list[list[Line]] = []
    for line in lines:
        key = " ".join(line.fold.split())
        if not bodies or (starts_with_organisation(key) and not _continues(bodies[-1], key)):
            bodies.append([line])
        else:
            bodies[-1].append(line)
    return [(" ".join(x.text for x in b), b[0].start, b[-1].end) for b in bodies]


def _continues(current: list[Line], key: str) -> bool:
    last = " ".join(current[-1].fold.split())
    return (
        last.endswith((",", "-", " và", " về"))
        or regex.match(rf"^{UPPER_LOCALITY_TYPE}\b", key) is not None
    )


def _key(raw: str) -> str:
    return " ".join(fold_text(raw).replace("-", " ").split())


def issuer_from_header(lines: list[Line]) -> FoundIssuer | None:
    # Capitals that name no organisation (an appendix title, a Công báo section head) are not an
    # issuer; a body printed twice (a Công báo reprint of the header) is one body.
    bodies = [b for b in split_bodies(lines) if starts_with_organisation(_key(b[0]))]
    bodies = [b for i, b in enumerate(bodies) if i == 0 or _key(b[0]) != _key(bodies[i - 1][0])]
    if not bodies:
        return None
    raw, start, end = bodies[-1]
    name = pretty_name(raw)
    if len(name) < 3:
        return None
    parent = pretty_name(bodies[-2][0]) if len(bodies) > 1 else None
    return FoundIssuer(
        name, parent, kind_of(name, parent), level_of(name, parent), False, "header", start, end
    )


def _with_place(body: str, place: str | None) -> str:
    """``Ủy ban nhân dân thành phố`` + place ``Tuyên Quang`` -> the full name."""
    if place and regex.search(rf"(?:{UPPER_LOCALITY_TYPE}|ủy)$", fold_text(body)):
        return f"{body} {place}"
    return body


BARE_BODY_FOLD = regex.compile(r"^(?:ủy ban nhân dân|hội đồng nhân dân)$")


def completed_by_place(doc: Document, found: FoundIssuer, place: str | None) -> FoundIssuer:
    """A header that names only "ỦY BAN NHÂN DÂN" (web copies drop the line "TỈNH X") is the body
    of the place of the date line: its level from the opening sentence ("UBND tỉnh xây dựng ...")
    or from what kind of unit the place is."""
    if not place or not BARE_BODY_FOLD.match(fold_text(found.name)):
        return found
    unit = _opening_unit(doc) or _unit_of_place(place)
    if unit is None:
        return found
    name = pretty_name(f"{found.name} {unit} {place}")
    return FoundIssuer(
        name,
        found.parent,
        kind_of(name),
        level_of(name),
        True,
        "header+place",
        found.start,
        found.end,
    )


def _opening_unit(doc: Document) -> str | None:
    start, end = opening(doc)
    m = regex.search(
        rf"(?i:ủy ban nhân dân|uỷ ban nhân dân|ubnd|hội đồng nhân dân|hđnd)\s+({LOCALITY_TYPE})\b",
        doc.text[start:end],
    )
    return fold_text(m.group(1)) if m else None


def _unit_of_place(place: str) -> str | None:
    if fold_text(place) in CENTRALLY_RUN_CITIES:
        return "thành phố"
    if is_province(place):
        return "tỉnh"
    types = district_types(place)
    return types[0] if types else None


def opening(doc: Document) -> tuple[int, int]:
    """The opening sentence of the body: the legal bases and the line after them, where plans say
    who issues them ("Ủy ban nhân dân thành phố xây dựng Kế hoạch ... như sau:")."""
    body, bases = doc.zone("body"), doc.zone("bases")
    if body is None:
        return 0, 0
    last = min(body.last, (bases.last if bases else body.first) + OPENING_LINES)
    return body.start, doc.lines[last].end


def infer_issuer(doc: Document, place: str | None, symbol_issuer: str | None) -> FoundIssuer | None:
    """When there is no header block: opening sentence, then symbol, then appendix caption."""
    start, end = opening(doc)
    found = list(OPENING.finditer(doc.text, start, end))
    # the body that makes the plan ("... xây dựng kế hoạch") before one merely named in passing
    found.sort(key=lambda m: PLAN_OBJECT.match(doc.text, m.end()) is None)
    for m in found:
        body = regex.sub(r"(?i)^ban thường vụ\s+", "", m.group("body"))
        name = pretty_name(_with_place(body, place))
        return FoundIssuer(
            name,
            None,
            kind_of(name),
            level_of(name),
            True,
            "opening",
            m.start("body"),
            m.end("body"),
        )
    if symbol_issuer:
        head = symbol_issuer.split("-")[0]
        if head in ISSUER_CODES:
            body = ISSUER_CODES[head]
            if head == "TU" and place:
                header = " ".join(ln.text for ln in doc.zone_lines("header"))
                body = "Thành ủy" if regex.search(r"(?i)\bTP\.|thành phố", header) else "Tỉnh ủy"
            unit = (_opening_unit(doc) or (_unit_of_place(place) if place else None)) or "tỉnh"
            name = pretty_name(_with_place(body + (f" {unit}" if head == "UBND" else ""), place))
            return FoundIssuer(
                name, None, kind_of(name), level_of(name), True, "symbol", None, None
            )
    for zone in doc.zones:
        caption = (
            ENCLOSED_BY.search(doc.text, zone.start, zone.end) if zone.kind == "appendix" else None
        )
        if caption:
            name = pretty_name(caption.group("body"))
            return FoundIssuer(
                name,
                None,
                kind_of(name),
                level_of(name),
                True,
                "appendix",
                caption.start("body"),
                caption.end("body"),
            )
    return None


def issuer_lines(lines: list[Line], stop_index: int) -> list[Line]:
    """Leading capitals of the header that are neither motto, number, date nor marks."""
    out: list[Line] = []
    for line in lines[:stop_index]:
        motto_at = MOTTO_START_FOLD.search(line.fold)
        if motto_at and motto_at.start() > 3:
            cut = line.text[: motto_at.start()].rstrip()
            line = Line(line.start, line.start + len(cut), cut, line.fold[: len(cut)], line.block)
        elif (
            is_motto_fold(line.fold)
            or is_mark_fold(line.fold)
            or RULE.match(line.text)
            or ESIGN_LINE_FOLD.match(line.fold)
        ):
            continue
        if (
            regex.match(r"^(?:số|so)\b\s*[:.]?", line.fold)
            or NUMBER_LINE.match(line.text)
            or "ngày" in line.fold
            and "tháng" in line.fold
        ):
            if out:
                break
            continue
        if VV.match(line.text) or line.fold.startswith("kính gửi"):
            break
        if not is_upper_text(line.text) or len(line.text) > 90:
            if out:
                break
            continue
        out.append(line)
    return out
