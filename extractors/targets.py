"""Targets and baselines from the body text: every quantity with a unit, read with the words
around it (indicator from the taxonomy in ``data/indicators.json``, kind, baseline ``từ A%
xuống còn B%``, per year, year or period, scope, direction).

Figures under a situation heading (thực trạng, kết quả, tình hình) or stated as what there is now
(``hiện có``, ``hiện còn``) are baselines (``kind: "baseline"``), not targets. Appendix tables are
left to the tables extractor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from extractors.period import find_period
from extractors.table_targets import table_targets
from pipeline.model.components import component
from pipeline.model.document import Document, Line
from pipeline.model.grammar import (
    LOCAL_UNIT_TYPE,
    MONEY_UNITS,
    UNIT,
    VN_NUMBER,
    canonical_unit,
    parse_vn_number,
)
from pipeline.model.layout import should_join
from pipeline.model.vietnamese import fold_text
from schemas.models import Period, PlanRecord, Span, Target, TargetKind

DATA = Path(__file__).with_name("data") / "indicators.json"
# A PDF may space the decimal part of a rate ("giảm 6, 5%/năm"); before % that is one number.
QUANTITY = regex.compile(
    rf"(?<![\d.,/])(?:(?P<from>{VN_NUMBER})[ ]*(?:%|)[ ]*(?:-|–|đến)[ ]*)?"
    rf"(?P<num>\d+,[ ]\d{{1,2}}(?=[ ]*%)|{VN_NUMBER})(?:/\d+)?[ ]*(?P<unit>{UNIT})"
    r"(?![\p{L}\d])"
    r"(?P<per>[ ]*/[ ]*năm)?"
)
# "từ 3, 11%/năm xuống còn": a PDF may space the decimal part of the starting rate.
FROM_TO = regex.compile(
    rf"từ[ ]+(?P<a>\d+,[ ]\d+(?=[ ]*%)|{VN_NUMBER})[ ]*%?(?:[ ]*/[ ]*năm)?[ ]+(?:xuống|lên)(?:["
    rf" ]+còn)?[ ]+$"
)
# For counts "ít nhất", "khoảng", "trên" only qualify the number; "còn" makes it a level.
COUNT_LEVEL_CUE = regex.compile(r"(?:còn|xuống còn|dưới|không quá|tối đa)[ ]*$")
CHANGE_CUE = regex.compile(r"\b(?:giảm|tăng)\b(?![^;]*\bcòn\b)[^;:()%]{0,40}$")
PER_YEAR = regex.compile(
    r"/[ ]*năm|mỗi năm|hằng năm|hàng năm|bình quân[^;]{0,40}năm|bình quân hằng năm"
)
DIRECTION = regex.compile(r"\b(giảm|tăng|đạt|duy trì|phấn đấu)\b")
BASELINE_CUE = regex.compile(
    r"\b(?:hiện có|hiện còn|hiện nay|hiện tại|tính đến|năm qua|đã hỗ trợ|đã thực hiện|chiếm"
    r" tỷ lệ)\b"
)
# A scope narrower than the plan: a named unit, or a group of people or places.
SCOPE_UNIT = regex.compile(
    rf"(?i:{LOCAL_UNIT_TYPE})[ ]+\p{{Lu}}[\p{{L}}]*(?:[ ]+\p{{Lu}}[\p{{L}}]*)*"
)
SCOPE_GROUP = regex.compile(
    r"(?:hộ|đồng bào|người)[ ]+dân tộc thiểu số|trong các dân tộc thiểu số|các xã đặc biệt"
    r" khó khăn|"
    r"xã đặc biệt khó khăn|các huyện nghèo|huyện nghèo"
)
# Indicators that name who is counted rather than what is done for them.
BENEFICIARIES = {
    "poor_households",
    "near_poor_households",
    "poor_and_near_poor_households",
    "households_total",
    "poor_people",
}
# A change of a stock is a flow: "giảm 80 hộ" (nghèo) are households lifted out.
STOCK_CHANGE = {
    "poor_households": "poor_households_exit",
    "near_poor_households": "near_poor_households_exit",
}
# "không còn hộ nghèo": a level of zero households.
NONE_LEFT = regex.compile(r"không (?:còn|có) (?P<what>hộ cận nghèo|hộ nghèo)")
ACTION = regex.compile(
    r"\b(?:hỗ trợ|đào tạo|giới thiệu|xây dựng|xây mới|làm mới|sửa chữa|phấn"
    r" đấu|giảm|tăng|đạt|duy trì|bảo đảm|đảm bảo|"
    r"thực hiện|tổ chức|tập huấn|bồi dưỡng|nhân rộng|giải quyết|kết nối|cho"
    r" vay|cấp|xóa|thoát|vay|mở|đưa|"
    r"phấn đấu|ít nhất|tối thiểu|trên|khoảng|không còn|chỉ tiêu|mục tiêu|đến năm|đến cuối"
    r" năm|trong năm)\b"
)
SITUATION = regex.compile(r"thực trạng|kết quả|tình hình|đánh giá|bối cảnh")
OBJECTIVES = regex.compile(
    r"mục tiêu|chỉ tiêu|nhiệm vụ|giải pháp|kinh phí|tổ chức thực hiện|nội dung"
)


@dataclass(frozen=True)
class Indicator:
    id: str
    unit: str
    synonym: str


@cache
def indicator_patterns() -> list[tuple[regex.Pattern, Indicator]]:
    """Every synonym of the taxonomy, longest first, as a folded-text pattern."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    pairs = []
    for item in data["indicators"]:
        for syn in {item["label"].lower(), *item.get("synonyms", [])}:
            key = fold_text(syn)
            pairs.append(
                (
                    len(key),
                    regex.compile(r"(?<!\p{L})" + regex.escape(key) + r"(?!\p{L})"),
                    Indicator(item["id"], item["unit"], syn),
                )
            )
    pairs.sort(key=lambda p: -p[0])
    return [(pat, ind) for _, pat, ind in pairs]


def find_targets(doc: Document, plan_period: Period | None = None) -> list[Target]:
    """``plan_period`` dates targets of one-year plans. Reads the document up to its closing
    (appendices are tables); whether a figure is a target or a baseline depends on the headings
    of the sections it sits in."""
    targets: list[Target] = []
    for start, end, _ in _paragraphs(doc, _content_end(doc)):
        targets.extend(_targets_in_line(doc, start, end, _section_status(doc, start), plan_period))
    return targets


def _content_end(doc: Document) -> int:
    """Index of the first line after the text that states targets: the closing or an appendix."""
    ends = [z.first for z in doc.zones if z.kind in ("closing", "appendix")]
    return min(ends, default=len(doc.lines))


def _paragraphs(doc: Document, end_line: int) -> list[tuple[int, int, Line]]:
    """Lines re-joined into sentences where a PDF kept its line breaks (``62 người\nlao động``)."""
    out: list[tuple[int, int, Line]] = []
    prev: Line | None = None
    for line in doc.lines[:end_line]:
        if doc.blocks[line.block].kind == "table":
            prev = None
            continue
        if (
            prev is not None
            and out
            and line.block == prev.block
            and should_join(prev.text, line.text, None)
        ):
            out[-1] = (out[-1][0], line.end, out[-1][2])
        else:
            out.append((line.start, line.end, line))
        prev = line
    return out


# Section headings that say what their figures are; items (a), -, +) do not count.
HEADING_KINDS = ("roman", "upper", "arabic", "dotted", "part")


def _section_status(doc: Document, offset: int) -> str:
    """Objectives (mục tiêu, chỉ tiêu) state targets; tasks and solutions state targets only with
    an action verb; a situation section states baselines. The innermost heading with a cue
    decides."""
    node = doc.section_at(offset)
    for section in doc.ancestors(node) if node is not None else []:
        if section.kind.startswith(HEADING_KINDS):
            cue = _heading_cue(fold_text(section.heading))
            if cue is not None:
                return cue
    return "target"


def _heading_cue(heading: str) -> str | None:
    if regex.search(r"mục tiêu|chỉ tiêu", heading):
        return "target"
    if regex.search(r"kiểm tra|giám sát|chế độ báo cáo", heading):
        return "action"
    if SITUATION.search(heading):
        return "baseline"
    if OBJECTIVES.search(heading):
        return "action"
    return None


def _clause_bounds(line: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos``: between separators ; . : and brackets of the paragraph."""
    left = max((m.end() for m in regex.finditer(r";|\.(?=\s)|:(?=\s)|\(", line[:pos])), default=0)
    right = regex.search(r";|\.(?=\s|$)|:(?=\s)|\)", line[pos:])
    return left, pos + right.start() if right else len(line)


def _inside_brackets(line: str, pos: int) -> bool:
    return line.rfind("(", 0, pos) > line.rfind(")", 0, pos)


def _targets_in_line(
    doc: Document, start: int, end: int, zone: str, plan_period: Period | None
) -> list[Target]:
    line = doc.text[start:end].replace("\n", " ")
    fold = fold_text(line)
    found: list[Target] = []
    outer: tuple[str, str | None, str, str] | None = None
    mentions: list[tuple[int, int, Indicator]] | None = (
        None  # synonym matches, found once per paragraph
    )
    for m in [*QUANTITY.finditer(line), *NONE_LEFT.finditer(fold)]:
        zero = "what" in m.groupdict()
        if not zero and _is_code_or_date(line, m):
            continue
        c_start, c_end = _clause_bounds(line, m.start())
        clause_fold = fold_text(line[c_start:c_end])
        before = line[c_start : m.start()]
        kind: TargetKind = "level"
        if zero:
            unit, value = "hộ", 0.0
            ind: str | None = (
                "near_poor_households" if "cận" in m.group("what") else "poor_households"
            )
            label = m.group("what")
            lo = hi = baseline = None
        else:
            unit = canonical_unit(m.group("unit"))
            value = parse_vn_number(m.group("num"))
            baseline, lo, hi = None, None, None
            if m.group("from"):
                kind, lo, hi, value = "range", parse_vn_number(m.group("from")), value, None
            from_to = FROM_TO.search(before)
            if from_to and kind != "range":
                baseline = parse_vn_number(from_to.group("a"))
                a_start, a_end = (
                    start + c_start + from_to.start("a"),
                    start + c_start + from_to.end("a"),
                )
                found = [
                    t for t in found if not a_start <= t.span.start < a_end
                ]  # "từ 1,30%" is the baseline
            elif kind != "range":
                kind = _kind(before, line[m.end() :], unit)
            if mentions is None:
                mentions = _mentions(fold)
            ind, label = _indicator(fold, mentions, m, unit, kind)
            if kind == "change" and ind in STOCK_CHANGE:
                ind = STOCK_CHANGE[ind]
        status = _status(zone, clause_fold, fold_text(before))
        if _inside_brackets(line, m.start()) and outer is not None:
            # a breakdown "(hộ nghèo: 38 hộ; hộ cận nghèo: 51 hộ)" is what it breaks down
            status = outer[0]
            if outer[2] == "lao động" and unit == "người":
                unit = "lao động"  # "11 người lao động (nguyên nhân 7: 5 người)"
            if outer[2] == unit and outer[1] is not None and kind == outer[3]:
                ind = outer[1]
        elif not _inside_brackets(line, m.start()):
            outer = (status, ind, unit, kind)
        is_baseline = status == "baseline"
        per_year = kind == "change" and (
            bool(not zero and m.group("per")) or PER_YEAR.search(before[-40:]) is not None
        )
        year, period = _when(line, m.start(), plan_period)
        direction = DIRECTION.findall(fold_text(before))
        scope = _scope(line[c_start : m.start()]) or _scope(line[: m.start()])
        found.append(
            Target(
                text=line[m.start() : m.end()],
                indicator=ind,
                label=label,
                value=value,
                unit=unit,
                kind="baseline" if is_baseline else kind,
                baseline=baseline,
                min=lo,
                max=hi,
                per_year=per_year,
                year=year,
                period=period,
                scope=scope,
                direction=None if is_baseline else (direction[-1] if direction else None),
                span=Span(start=start + m.start(), end=start + m.end()),
                page=doc.page_at(start + m.start()),
            )
        )
    found.sort(key=lambda t: t.span.start)
    return found


def _status(zone: str, clause_fold: str, before_fold: str) -> str:
    if zone == "baseline" or BASELINE_CUE.search(before_fold[-40:]):
        return "baseline"
    if zone == "action" and not ACTION.search(clause_fold):
        return "baseline"
    return "target"


def _scope(text: str) -> str | None:
    """The last named unit or group in the words before a figure (within its sentence part)."""
    units = list(SCOPE_UNIT.finditer(text))
    if units:
        return units[-1].group(0)
    group = SCOPE_GROUP.search(text)
    return group.group(0) if group else None


def _is_code_or_date(line: str, m: regex.Match) -> bool:
    """``Điều 5``, ``khoản 2``, ``số 12``, ``ngày 5``: a number that is not a quantity."""
    before = line[max(0, m.start() - 12) : m.start()].lower()
    return bool(regex.search(r"(?:điều|khoản|mục|số|ngày|tháng|năm)[ ]*$", before))


def _kind(before: str, after: str, unit: str) -> TargetKind:
    """change after giảm / tăng (unless "còn" makes it the level reached), coverage for a share of
    a group ("100% hộ nghèo được ..."), level after còn / đạt / dưới, a plain count otherwise."""
    tail = fold_text(before[-70:])
    if CHANGE_CUE.search(tail):
        return "change"  # "giảm bình quân 3,3%/năm", "giảm tỷ lệ hộ nghèo là 0,15%/năm"
    if unit == "%":
        if regex.match(r"[ ]*(?:các[ ]+|số[ ]+)?\p{L}", after):
            return "coverage"  # "ít nhất 50% hộ nghèo sử dụng ..."
        return "level"
    return "level" if COUNT_LEVEL_CUE.search(tail) else "count"


def _mentions(fold: str) -> list[tuple[int, int, Indicator]]:
    """Every synonym occurrence in the paragraph (cheap prefilter: the synonym's first word)."""
    out: list[tuple[int, int, Indicator]] = []
    for pat, ind in indicator_patterns():
        if ind.synonym.split(" ", 1)[0] not in fold:
            continue
        out.extend((s.start(), s.end(), ind) for s in pat.finditer(fold))
    return out


def _indicator(
    fold: str,
    mentions: list[tuple[int, int, Indicator]],
    m: regex.Match[str],
    unit: str,
    kind: str,
) -> tuple[str | None, str]:
    """The taxonomy synonym nearest the quantity whose unit fits. Counts and coverage are usually
    described after the figure ("90 hộ thoát nghèo", "100% hộ nghèo được cấp thẻ BHYT"), rates
    and changes before it ("tỷ lệ hộ nghèo còn 0,42%")."""
    unit_start = m.start("unit") if "unit" in m.groupdict() and m.group("unit") else m.start()
    prefer_after = kind in ("count", "coverage")
    best: tuple[float, Indicator] | None = None
    for s_start, s_end, ind in mentions:
        if not _unit_fits(ind.unit, unit):
            continue
        if s_end <= m.start():
            distance = m.start() - s_end
            if distance > 200:
                continue
            score = distance + (
                40 if prefer_after and distance > 3 else 0
            )  # "đào tạo nghề cho 62 ..."
        elif s_start >= unit_start:
            gap = regex.sub(
                r"\([^()]*\)", "", fold[m.end() : s_start]
            )  # skip a breakdown in brackets
            if regex.search(r"[;:()]|\.\s|\bhoặc\b", gap) or len(gap) > (
                160 if prefer_after else 60
            ):
                continue
            score = len(gap) + (0 if prefer_after else 40)
        else:
            continue
        if ind.id.startswith("deprivation_") and "hỗ trợ" in fold and "thiếu hụt" not in fold:
            score += 50  # support for a deprivation, not the deprivation count
        if kind == "count" and ind.id in BENEFICIARIES:
            score += 200  # "hỗ trợ 29 hộ nghèo tham gia dự án ..." counts the support, not the poor
        if best is None or score < best[0]:
            best = (score, ind)
    if best is None:
        words = fold[max(0, m.start() - 60) : m.start()].split()
        return None, " ".join(words[-6:])
    return best[1].id, best[1].synonym


def _unit_fits(indicator_unit: str, unit: str) -> bool:
    if indicator_unit == unit:
        return True
    return indicator_unit in MONEY_UNITS and unit in MONEY_UNITS


def _when(line: str, pos: int, plan_period: Period | None) -> tuple[int | None, Period | None]:
    """The year a target is for: the last ``năm 20xx`` before it in its sentence, else the first
    after it; a stated period (``giai đoạn 2022-2025``) is kept as the period; a one-year plan's
    year otherwise."""
    before = [int(y) for y in regex.findall(r"(?i:năm)[ ]+(20\d\d)(?![ ]*[-–])", line[:pos])]
    if before:
        return before[-1], None
    period = find_period(line) if regex.search(r"giai đoạn|\d{4}\s*[-–]\s*\d{4}", line) else None
    if period and period[0] and period[1] and period[0] != period[1]:
        return None, Period(start=period[0], end=period[1])
    after = [int(y) for y in regex.findall(r"(?i:năm)[ ]+(20\d\d)", line[pos:])]
    if after:
        return after[0], None
    if plan_period and plan_period.start and plan_period.start == plan_period.end:
        return plan_period.end, None
    return None, None


@component("targets", assigns=("targets",), requires=("metadata.period", "tables"))
def _targets(doc: Document, record: PlanRecord) -> list[Target]:
    """Targets of the text, then the per-unit targets of the appendix tables."""
    period = record.metadata.period
    return find_targets(doc, period) + table_targets(record.tables, period)
