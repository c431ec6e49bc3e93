"""Targets and baselines from the body text: every quantity with a unit, read with the words
around it (indicator from the taxonomy in ``data/indicators.json``, kind, baseline ``từ A%
xuống còn B%``, per year, year or period, scope, direction).

Figures under a situation heading (thực trạng, kết quả, tình hình) or stated as what there is now
(``hiện có``, ``hiện còn``) are baselines (``kind: "baseline"``), not targets. Appendix tables are
left to the tables extractor.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from extractors.indicator_tables import indicator_table_targets
from extractors.indicators import Indicator, find_mentions, longest_synonym
from extractors.period import find_period
from extractors.table_targets import table_targets
from pipeline.model.components import component
from pipeline.model.document import Document, Line
from pipeline.model.grammar import (
    LOCAL_UNIT_TYPE,
    PER_POPULATION,
    SYMBOL,
    UNIT,
    VN_NUMBER,
    canonical_unit,
    parse_vn_number,
    per_population_unit,
    unit_fits,
)
from pipeline.model.layout import should_join
from pipeline.model.vietnamese import fold_text
from schemas.models import Period, PlanRecord, Span, Target, TargetKind

# A PDF may space the decimal part of a rate ("giảm 6, 5%/năm"); before % that is one number.
QUANTITY = regex.compile(
    rf"(?<![\d.,/])(?:(?P<from>{VN_NUMBER})[ ]*(?:%|)[ ]*(?:-|–|đến)[ ]*)?"
    rf"(?P<num>\d{{1,2}},[ ]\d{{1,2}}(?=[ ]*%)|{VN_NUMBER})(?:/\d+)?[ ]*(?P<unit>{UNIT})"
    r"(?:(?<=%)\d{1,2}(?=[;.,]|[ ]*$))?"  # a footnote mark after a rate: "dưới 24%1;"
    r"(?![\p{L}\d])"
    r"(?P<per>[ ]*/[ ]*năm)?"
)
# "từ 3, 11%/năm xuống còn": a PDF may space the decimal part of the starting rate.
FROM_TO = regex.compile(
    rf"từ[ ]+(?P<a>\d{{1,2}},[ ]\d{{1,2}}(?=[ ]*%)|{VN_NUMBER})[ ]*%?(?:[ ]*/[ ]*năm)?"
    r"[ ]+(?:xuống|lên)(?:[ ]+còn)?[ ]+$"
)
# For counts "ít nhất", "khoảng", "trên" only qualify the number; "còn" makes it a level.
COUNT_LEVEL_CUE = regex.compile(r"(?:còn|xuống còn|dưới|không quá|tối đa)[ ]*$")
CHANGE_CUE = regex.compile(r"\b(?:giảm|tăng)\b(?![^;]*\b(?:còn|xuống|lên)\b)[^;:()%]{0,40}$")
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


def find_targets(doc: Document, plan_period: Period | None = None) -> list[Target]:
    """``plan_period`` dates targets of one-year plans. Reads the document up to its closing
    (appendices are tables); whether a figure is a target or a baseline depends on the headings
    of the sections it sits in."""
    targets: list[Target] = []
    lead: tuple[int, object] | None = None  # the year leading a list, and its section
    preamble = doc.zone("preamble")  # a web page's own text before the document
    for start, end, _ in _paragraphs(doc, _content_end(doc)):
        if preamble is not None and start < preamble.end:
            continue
        section = _numbered_section(doc, start)
        if lead is not None and lead[1] is not section:
            lead = None
        text = doc.text[start:end]
        leading = LEADING_YEAR.match(text)
        if leading:
            lead = (int(leading.group(1)), section)
        targets.extend(
            _targets_in_line(
                doc,
                start,
                end,
                _section_status(doc, start),
                plan_period,
                lead[0] if lead else None,
            )
        )
    return targets


def _numbered_section(doc: Document, offset: int) -> object:
    """The innermost numbered heading around ``offset`` (``-``/``+`` items are not headings)."""
    node = doc.section_at(offset)
    for section in doc.ancestors(node) if node is not None else []:
        if not section.kind.startswith("bullet"):
            return section
    return None


# A year that leads the items under it: "- Phấn đấu đến năm 2025:" (the items may follow on it).
LEADING_YEAR = regex.compile(
    r"^\s*(?:[-+•*]|[a-zđ]\)|\d+(?:\.\d+)*\.?)?\s*(?:(?:mục tiêu|chỉ tiêu)[^:\n]{0,30}?\s+)?"
    r"(?:phấn đấu\s+)?(?:đến|tới|trong|vào)?\s*(?:cuối\s+)?năm\s+(20\d\d)\s*(?::|,)",
    regex.IGNORECASE,
)


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
            cue = _heading_cue(section.heading)
            if cue is not None:
                return cue
    return "target"


TARGET_HEADING = regex.compile(r"mục tiêu|chỉ tiêu")
MONITORING_HEADING = regex.compile(r"kiểm tra|giám sát|chế độ báo cáo")


@lru_cache(maxsize=4096)
def _heading_cue(heading: str) -> str | None:
    """What a heading says its figures are (asked once per heading, not per paragraph)."""
    heading = fold_text(heading)
    if TARGET_HEADING.search(heading):
        return "target"
    if MONITORING_HEADING.search(heading):
        return "action"
    if SITUATION.search(heading):
        return "baseline"
    if OBJECTIVES.search(heading):
        return "action"
    return None


CLAUSE_OPEN = regex.compile(r";|\.(?=\s)|:(?=\s)|\(")
CLAUSE_CLOSE = regex.compile(r";|\.(?=\s|$)|:(?=\s)|\)")
BRACKET_OPEN = regex.compile(r"\(")
BRACKET_CLOSE = regex.compile(r"\)")
LABEL_SEPARATOR = regex.compile(r"[;(]|\.\s")
YEAR_BEFORE = regex.compile(r"(?i:năm)[ ]+(20\d\d)(?![ ]*[-–])")
YEAR_LATER = regex.compile(r"(?i:năm)[ ]+(20\d\d)")
PERIOD_CUE = regex.compile(r"giai đoạn|\d{4}\s*[-–]\s*\d{4}")


@dataclass
class Found:
    """Every match of a pattern in a paragraph, with their starts and ends, for bisection."""

    matches: list[regex.Match[str]]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, pattern: regex.Pattern[str], text: str) -> Found:
        found = list(pattern.finditer(text))
        return cls(found, [m.start() for m in found], [m.end() for m in found])

    def last_within(self, lo: int, hi: int) -> regex.Match[str] | None:
        """The last match lying in ``lo``..``hi``."""
        i = bisect.bisect_right(self.ends, hi) - 1
        return self.matches[i] if i >= 0 and self.starts[i] >= lo else None

    def first_from(self, lo: int) -> regex.Match[str] | None:
        """The first match starting at or after ``lo``."""
        i = bisect.bisect_left(self.starts, lo)
        return self.matches[i] if i < len(self.matches) else None


@dataclass
class Paragraph:
    """One paragraph and what each of its figures looks up (clause bounds, brackets, the sentence
    and its years, the last named unit before it), indexed once: a figure then costs a bisection
    instead of a scan of the paragraph up to it, so a paragraph without line breaks costs in
    proportion to its length, not to its square. Every lookup gives what the scan of the text
    before or after the figure gave: the patterns cannot match across the separators (``;``,
    ``. ``, a bracket) and the digit a figure starts with that bound those texts."""

    line: str
    fold: str
    _found: dict[str, Found] = field(default_factory=dict, repr=False)
    _sentences: dict[tuple[int, int], tuple[int, int] | None] = field(
        default_factory=dict, repr=False
    )
    _named_before_colon: dict[int, str | None] = field(default_factory=dict, repr=False)
    _leading_year: list[int | None] = field(default_factory=list, repr=False)

    def found(self, name: str, pattern: regex.Pattern[str]) -> Found:
        if name not in self._found:
            self._found[name] = Found.of(pattern, self.line)
        return self._found[name]

    def clause_bounds(self, pos: int) -> tuple[int, int]:
        """The clause around ``pos``: between separators ; . : and brackets of the paragraph."""
        opens = self.found("open", CLAUSE_OPEN).starts
        i = bisect.bisect_left(opens, pos)
        close = self.found("close", CLAUSE_CLOSE).first_from(pos)
        return opens[i - 1] + 1 if i else 0, close.start() if close else len(self.line)

    def inside_brackets(self, pos: int) -> bool:
        """The last bracket before ``pos`` opens one."""
        opened = self.found("(", BRACKET_OPEN).starts
        closed = self.found(")", BRACKET_CLOSE).starts
        i, j = bisect.bisect_left(opened, pos), bisect.bisect_left(closed, pos)
        return (opened[i - 1] if i else -1) > (closed[j - 1] if j else -1)

    def scope_before(self, pos: int, lo: int = 0) -> str | None:
        """``_scope(line[lo:pos])``: the last named unit in ``lo``..``pos`` (one running past
        ``pos`` read again as the text cut there), else the first group in it."""
        units = self.found("unit", SCOPE_UNIT)
        i = bisect.bisect_left(units.starts, pos) - 1
        while i >= 0 and units.starts[i] >= lo:
            m = units.matches[i]
            if m.end() <= pos:
                return m.group(0)
            cut = list(SCOPE_UNIT.finditer(self.line, m.start(), pos))
            if cut:
                return cut[-1].group(0)
            i -= 1
        group = self.found("group", SCOPE_GROUP).first_from(lo)
        if group is None or group.start() >= pos:
            return None
        if group.end() > pos:
            cut_group = SCOPE_GROUP.search(self.line, group.start(), pos)
            return cut_group.group(0) if cut_group else None
        return group.group(0)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        """Start and end of the sentence around ``pos`` (``SENTENCE_END`` splits them)."""
        ends = self.found("sentence", SENTENCE_END)
        i = bisect.bisect_right(ends.ends, pos) - 1
        after = ends.first_from(pos)
        return ends.ends[i] if i >= 0 else 0, after.start() if after else len(self.line)

    def stated_period(self, start: int, end: int) -> tuple[int, int] | None:
        """A period stated in the sentence ``start``..``end`` (found once per sentence)."""
        key = (start, end)
        if key not in self._sentences:
            whole = self.line[start:end]
            period = find_period(whole) if PERIOD_CUE.search(whole) else None
            first, last = period if period else (None, None)
            self._sentences[key] = (first, last) if first and last and first != last else None
        return self._sentences[key]

    def leading_year(self) -> int | None:
        """``- Năm 2024, ...``: the year that leads the paragraph."""
        if not self._leading_year:
            leads = LEADING_YEAR.match(self.line)
            self._leading_year.append(int(leads.group(1)) if leads else None)
        return self._leading_year[0]

    def named_before_colon(self, colon: int) -> str | None:
        """``nguyên nhân thiếu vốn: 12 hộ``: the item named before the colon at ``colon``."""
        if colon not in self._named_before_colon:
            sep = self.found("label-separator", LABEL_SEPARATOR).last_within(0, colon)
            named = self.line[sep.end() if sep else 0 : colon]
            words = LABEL_CUES.sub("", named).strip(" ,").split()[-12:]
            self._named_before_colon[colon] = " ".join(words) or None
        return self._named_before_colon[colon]


def _targets_in_line(
    doc: Document,
    start: int,
    end: int,
    zone: str,
    plan_period: Period | None,
    lead_year: int | None = None,
) -> list[Target]:
    line = doc.text[start:end].replace("\n", " ")
    fold = fold_text(line)
    para = Paragraph(line, fold)
    found: list[Target] = []
    outer: tuple[str, str | None, str, str] | None = None
    mentions: Mentions | None = None  # synonym matches, found once per paragraph
    hits = [*QUANTITY.finditer(line), *PER_POPULATION.finditer(line), *NONE_LEFT.finditer(fold)]
    for m in sorted(hits, key=lambda h: h.start()):
        zero = "what" in m.groupdict()  # NONE_LEFT (groups tell the patterns apart)
        if not zero and (_is_code_or_date(line, m) or _in_cited_title(para, m.start())):
            continue
        c_start, c_end = para.clause_bounds(m.start())
        before = line[c_start : m.start()]
        before_fold = fold_text(before)
        kind: TargetKind = "level"
        if zero:
            unit, value = "hộ", 0.0
            ind: str | None = (
                "near_poor_households" if "cận" in m.group("what") else "poor_households"
            )
            label = m.group("what")
            lo = hi = baseline = None
        else:
            rate = "who" in m.groupdict()  # PER_POPULATION
            unit = per_population_unit(m) if rate else canonical_unit(m.group("unit"))
            value = parse_vn_number(m.group("num"))
            baseline, lo, hi = None, None, None
            if not rate and m.group("from"):
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
                kind = _kind(before, line, m.end(), unit)
            if mentions is None:
                mentions = Mentions.of(fold)
            ind, named = _indicator(fold, mentions, m, unit, kind)
            label = (
                line[named[0] : named[1]]
                if named
                else _label(para, c_start, c_end, m, kind)
                or (found[-1].label if found else None)
                or " ".join(line[c_start:c_end].split())
            )
            if kind == "change" and ind in STOCK_CHANGE:
                ind = STOCK_CHANGE[ind]
        status = _status(zone, line, c_start, c_end, before_fold)
        own_cue = BASELINE_CUE.search(before_fold[-40:]) is not None  # "(hiện còn 09 nhà)"
        inside = para.inside_brackets(m.start())
        if inside and outer is not None and not own_cue:
            # a breakdown "(hộ nghèo: 38 hộ; hộ cận nghèo: 51 hộ)" is what it breaks down
            status = outer[0]
            if outer[2] == "lao động" and unit == "người":
                unit = "lao động"  # "11 người lao động (nguyên nhân 7: 5 người)"
            if outer[2] == unit and outer[1] is not None and kind == outer[3]:
                ind = outer[1]
            if not named and found:
                label = found[-1].label  # a breakdown's parts are parts of what it breaks down
        elif not inside:
            outer = (status, ind, unit, kind)
        is_baseline = status == "baseline"
        per_year = kind == "change" and (
            bool("per" in m.groupdict() and m.group("per"))
            or PER_YEAR.search(before[-40:]) is not None
        )
        year, period = _when(para, m.start(), m.end(), plan_period, lead_year)
        direction = DIRECTION.findall(before_fold)
        scope = para.scope_before(m.start(), c_start) or para.scope_before(m.start())
        target = Target(
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
        found.append(target)
        if not zero:
            found.extend(_shared_unit(doc, para, start, m, target, plan_period))
    found.sort(key=lambda t: t.span.start)
    return found


# "A ngôi nhà vào năm 2025 và B vào năm 2030": the second figure takes the first one's unit.
SHARED_UNIT = regex.compile(
    r"[^\d;.()]{0,60}?(?:[ ]*(?:vào|đến|trong)?[ ]*(?:cuối[ ]+)?năm[ ]+20\d\d)?[ ]*,?[ ]+và[ ]+"
    r"(?:(?:xuống|lên|giảm|tăng)[ ]+)?(?:(?:còn|đạt|dưới|trên|khoảng|ít nhất)[ ]+)?"
    rf"(?P<num>{VN_NUMBER})(?![\d.,%/])[ ]+(?=(?:vào|đến|trong)?[ ]*(?:cuối[ ]+)?năm[ ]+20\d\d)"
)


def _shared_unit(
    doc: Document,
    para: Paragraph,
    start: int,
    m: regex.Match[str],
    first: Target,
    plan_period: Period | None,
) -> list[Target]:
    """The bare figure after ``và`` that reuses ``first``'s unit and label for another year."""
    line = para.line
    shared = SHARED_UNIT.match(line, m.end())
    if shared is None:
        return []
    year, period = _when(para, shared.start("num"), shared.end("num"), plan_period, None)
    num_start, num_end = shared.start("num"), shared.end("num")
    kind = _kind(line[max(0, num_start - 70) : num_start], line, num_end, first.unit or "")
    return [
        first.model_copy(
            update={
                "text": shared.group("num"),
                "value": parse_vn_number(shared.group("num")),
                "kind": "baseline" if first.kind == "baseline" else kind,
                "baseline": None,
                "year": year,
                "period": period,
                "span": Span(start=start + shared.start("num"), end=start + shared.end("num")),
                "page": doc.page_at(start + shared.start("num")),
            }
        )
    ]


# Words between a clause's start and its figure that are not the indicator's name.
LABEL_CUES = regex.compile(
    r"^\s*(?:[-+•*]\s*|[a-zđ]\)\s*|\d+\)\s*|\d+(?:\.\d+)*\.?\s+)?"
    r"(?:(?:phấn đấu|đến|vào|trong|cuối)\s+)*"
    r"(?:năm\s+20\d\d\s*[:,]?\s*)?"
    r"(?:(?:phấn đấu|giảm|tăng|nâng cao|duy trì|đạt|bảo đảm|đảm bảo)\s+)*"
    r"|\s*(?:(?:giảm|tăng|xuống|lên|còn|đạt|dưới|trên|là|khoảng|ít nhất"
    r"|tối thiểu|tối đa|không quá|duy trì|bảo đảm|đảm bảo|trở lên|cho|được)\s*)+$",
    regex.IGNORECASE,
)


def _label(para: Paragraph, c_start: int, c_end: int, m: regex.Match[str], kind: str) -> str | None:
    """The indicator phrase as written. A rate's name comes before its figure ("tỷ lệ hộ nghèo
    dưới 3%"): the clause's words since the figure before it, without the cue words. A count or
    a share names what is counted after it ("xây mới 300 ngôi nhà đại đoàn kết", "95% người dân
    tham gia bảo hiểm y tế"): the words before, the counted noun, and the words after up to a
    year or the clause's end. None when only a year and "và" separate it from the figure before
    (it shares that figure's label)."""
    line = para.line
    previous = [f.end() for f in FIGURE.finditer(line, c_start, m.start())]
    start = previous[-1] if previous else c_start
    between = YEAR_TAIL.sub(" ", line[start : m.start()])
    words = LABEL_CUES.sub("", between).strip(" ,").split()
    if previous and len([w for w in words if w.lower() not in ("và", "hoặc")]) < 2:
        return None
    colon = c_start
    while colon > 0 and line[colon - 1].isspace():
        colon -= 1
    if not words and colon > 0 and line[colon - 1] == ":":
        return para.named_before_colon(colon - 1)  # "nguyên nhân thiếu vốn: 12 hộ"
    if len(words) >= 2 and kind not in ("count", "coverage"):
        return " ".join(words[-25:])
    counted = m.group("unit") if "per" in m.groupdict() and m.group("unit") != "%" else ""
    after = YEAR_TAIL.split(line[m.end() : c_end], maxsplit=1)[0]
    return " ".join([*words, *counted.split(), *after.split()[:15]]).strip(" ,") or None


FIGURE = regex.compile(rf"(?<![\d.,/])(?:{VN_NUMBER})[ ]*(?:%|/|{UNIT}(?!\p{{L}}))")
YEAR_TAIL = regex.compile(r"[ ,]*(?:vào|đến|trong|tới)?[ ]*(?:cuối[ ]+)?năm[ ]+20\d\d|[ ]+và[ ]+\d")


def _status(zone: str, line: str, c_start: int, c_end: int, before_fold: str) -> str:
    """Baseline or target; the clause ``c_start``..``c_end`` of ``line`` is folded only when an
    action section asks for its verb."""
    if zone == "baseline" or BASELINE_CUE.search(before_fold[-40:]):
        return "baseline"
    if zone == "action" and not ACTION.search(fold_text(line[c_start:c_end])):
        return "baseline"
    return "target"


def _scope(text: str) -> str | None:
    """The last named unit or group in the words before a figure (within its sentence part)."""
    units = list(SCOPE_UNIT.finditer(text))
    if units:
        return units[-1].group(0)
    group = SCOPE_GROUP.search(text)
    return group.group(0) if group else None


# What sets a target after a citation in the same clause ("Thực hiện Quyết định 12/QĐ-UBND,
# phấn đấu đạt 90% ..."); without it a figure there is part of the cited document's title.
SETS_A_TARGET = regex.compile(
    r"phấn đấu|(?<!có )mục tiêu|chỉ tiêu|đến năm|\bđạt\b|xuống|\bcòn\b|ít nhất"
)


def _in_cited_title(para: Paragraph, pos: int) -> bool:
    """``Nghị quyết 30a/2008/NQ-CP về ... đối với 61 huyện nghèo``: the figure names what the cited
    document is about, it is not this plan's target."""
    line = para.line
    left, _ = para.clause_bounds(pos)
    cited = list(SYMBOL.finditer(line, left, pos))
    return bool(cited) and not SETS_A_TARGET.search(fold_text(line[cited[-1].end() : pos]))


CODE_OR_DATE = regex.compile(r"(?:điều|khoản|mục|số|ngày|tháng|năm)[ ]*$")


def _is_code_or_date(line: str, m: regex.Match) -> bool:
    """``Điều 5``, ``khoản 2``, ``số 12``, ``ngày 5``: a number that is not a quantity."""
    before = line[max(0, m.start() - 12) : m.start()].lower()
    return bool(CODE_OR_DATE.search(before))


# A bound on a rate: "dưới 1%", "không quá 5%" (ceiling); "trên 90%", "ít nhất 50%" (floor).
CEILING_CUE = regex.compile(r"(?:dưới|không quá|không vượt quá|tối đa|thấp hơn|nhỏ hơn|<|≤)[ ]*$")
FLOOR_CUE = regex.compile(r"(?:trên|ít nhất|tối thiểu|không thấp hơn|không dưới|cao hơn|>|≥)[ ]*$")
# Words after a rate that do not name the group it is a share of ("90% vào năm 2025").
NOT_A_GROUP = regex.compile(
    r"[ ]*(?:vào|năm|đến|tới|trong|so|trở|và|hoặc|của|theo|mỗi|hằng|hàng|bình quân|là|trên"
    r" tổng|tổng|giai đoạn|sau|trước|khi|thì|để|nhằm|trở lên|trở xuống)(?!\p{L})"
)


GROUP_AFTER = regex.compile(r"[ ]*(?:các[ ]+|số[ ]+)?\p{L}")
OR_MORE = regex.compile(r"[ ]*trở lên")


def _kind(before: str, line: str, end: int, unit: str) -> TargetKind:
    """change after giảm / tăng (unless "còn", "xuống", "lên" make it the level reached), coverage
    for a share of a group ("100% hộ nghèo được ..."), a ceiling or floor for a bound on a rate
    ("dưới 1%", "trên 90%"), level after còn / đạt / dưới, a plain count otherwise. What follows
    the figure is ``line[end:]``, matched in place."""
    tail = fold_text(before[-70:])
    if CHANGE_CUE.search(tail):
        return "change"  # "giảm bình quân 3,3%/năm", "giảm tỷ lệ hộ nghèo là 0,15%/năm"
    if unit == "%" or unit.startswith("/") or "/" in unit:
        if unit == "%" and GROUP_AFTER.match(line, end):
            if not NOT_A_GROUP.match(line, end):
                return "coverage"  # "ít nhất 50% hộ nghèo sử dụng ..."
        if CEILING_CUE.search(tail):
            return "ceiling"
        if FLOOR_CUE.search(tail) or OR_MORE.match(line, end):
            return "floor"
        return "level"
    return "level" if COUNT_LEVEL_CUE.search(tail) else "count"


# A synonym after a figure counts when the words between them (a breakdown in brackets left out)
# are at most GAP_AFTER long; a synonym before it when it ends at most SYNONYM_BEFORE characters
# ahead of it.
GAP_AFTER = {True: 160, False: 60}  # keyed by "counts and coverage prefer a synonym after"
SYNONYM_BEFORE = 200
BRACKETED = r"\([^()]*\)"
BRACKETED_PART = regex.compile(BRACKETED)
GAP_STOP = regex.compile(r"[;:()]|\.\s|\bhoặc\b")
# Everything a gap may hold: bracketed breakdowns and at most 160 other characters, none of them
# ; : or a stray bracket. No synonym starting past where this stops can qualify.
GAP_REACH = regex.compile(rf"(?:{BRACKETED})*(?:[^();:](?:{BRACKETED})*){{0,{GAP_AFTER[True]}}}")


@dataclass
class Mentions:
    """Every synonym occurrence of a paragraph in taxonomy order (which breaks ties), with their
    starts sorted, so that a figure looks only at the synonyms near enough to count."""

    items: list[tuple[int, int, Indicator]]
    by_start: list[tuple[int, int]]  # (start, index into items), sorted
    support_not_deprivation: bool  # "hỗ trợ" and no "thiếu hụt" in the paragraph

    @classmethod
    def of(cls, fold: str) -> Mentions:
        items = find_mentions(fold)
        support = "hỗ trợ" in fold and "thiếu hụt" not in fold
        return cls(items, sorted((m[0], k) for k, m in enumerate(items)), support)

    def between(self, first: int, last: int) -> list[tuple[int, int, Indicator]]:
        """The mentions starting in ``first``..``last``, in taxonomy order."""
        lo = bisect.bisect_left(self.by_start, (first, -1))
        hi = bisect.bisect_right(self.by_start, (last, len(self.items)))
        return [self.items[k] for k in sorted(k for _, k in self.by_start[lo:hi])]


def _indicator(
    fold: str,
    mentions: Mentions,
    m: regex.Match[str],
    unit: str,
    kind: str,
) -> tuple[str | None, tuple[int, int] | None]:
    """The taxonomy synonym nearest the quantity whose unit fits, and where it is written. Counts
    and coverage are usually described after the figure ("90 hộ thoát nghèo", "100% hộ nghèo được
    cấp thẻ BHYT"), rates and changes before it ("tỷ lệ hộ nghèo còn 0,42%"). Only the synonyms
    that could be near enough are looked at."""
    unit_start = m.start("unit") if "unit" in m.groupdict() and m.group("unit") else m.start()
    prefer_after = kind in ("count", "coverage")
    reach = GAP_REACH.match(fold, m.end())
    last = reach.end() if reach else m.end()
    first = m.start() - SYNONYM_BEFORE - longest_synonym()
    best: tuple[float, Indicator, int, int] | None = None
    for s_start, s_end, ind in mentions.between(first, last):
        if not unit_fits(ind.unit, unit):
            continue
        if s_end <= m.start():
            distance = m.start() - s_end
            if distance > SYNONYM_BEFORE:
                continue
            score = distance + (
                40 if prefer_after and distance > 3 else 0
            )  # "đào tạo nghề cho 62 ..."
        elif s_start >= unit_start:
            gap = BRACKETED_PART.sub("", fold[m.end() : s_start])  # skip a breakdown in brackets
            if GAP_STOP.search(gap) or len(gap) > GAP_AFTER[prefer_after]:
                continue
            score = len(gap) + (0 if prefer_after else 40)
        else:
            continue
        if ind.id.startswith("deprivation_") and mentions.support_not_deprivation:
            score += 50  # support for a deprivation, not the deprivation count
        if kind == "count" and ind.id in BENEFICIARIES:
            score += 200  # "hỗ trợ 29 hộ nghèo tham gia dự án ..." counts the support, not the poor
        if best is None or score < best[0]:
            best = (score, ind, s_start, s_end)
    if best is None:
        return None, None
    return best[1].id, (best[2], best[3])


SENTENCE_END = regex.compile(r"\.[ ]+(?=\p{Lu})")
# A year said right after the figure: "dưới 22,5% vào năm 2015".
YEAR_AFTER = regex.compile(
    r"[ ]*(?:\([^()]{0,40}\)[ ]*)?,?[ ]*(?:vào|đến|trong|tới)?[ ]*(?:cuối[ ]+)?năm[ ]+(20\d\d)"
)


def _when(
    para: Paragraph,
    pos: int,
    end: int,
    plan_period: Period | None,
    lead_year: int | None = None,
) -> tuple[int | None, Period | None]:
    """The year a target is for: a year said right after the figure, else the last ``năm 20xx``
    before it in its sentence, else the first after it; a stated period (``giai đoạn 2022-2025``)
    is kept as the period; then the year that leads the list it is in (``Đến năm 2025:``); a
    one-year plan's year otherwise."""
    right_after = YEAR_AFTER.match(para.line, end)
    if right_after:
        return int(right_after.group(1)), None
    s_start, s_end = para.sentence_of(pos)
    before = para.found("year-before", YEAR_BEFORE).last_within(s_start, pos)
    if before is not None:
        return int(before.group(1)), None
    period = para.stated_period(s_start, s_end)
    if period is not None:
        return None, Period(start=period[0], end=period[1])
    after = para.found("year-later", YEAR_LATER).first_from(pos)
    if after is not None and after.start() < s_end:
        return int(after.group(1)), None
    leads_paragraph = para.leading_year()  # "- Năm 2024, ...": every sentence of the item
    if leads_paragraph is not None:
        return leads_paragraph, None
    if lead_year is not None:
        return lead_year, None
    if plan_period and plan_period.start and plan_period.start == plan_period.end:
        return plan_period.end, None
    return None, None


@component("targets", assigns=("targets",), requires=("metadata.period", "tables"))
def _targets(doc: Document, record: PlanRecord) -> list[Target]:
    """Targets of the text, then the per-unit targets of the appendix tables."""
    period = record.metadata.period
    return (
        find_targets(doc, period)
        + indicator_table_targets(record.tables)
        + table_targets(record.tables, period)
    )
