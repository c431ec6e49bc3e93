"""Targets and baselines from the body text: every quantity with a unit, read with the words
around it (indicator from the taxonomy in ``data/indicators.json``, kind, baseline ``từ A%
xuống còn B%``, per year, year or period, scope, direction).

Figures under a situation heading (thực trạng, kết quả, tình hình) or stated as what there is now
(``hiện có``, ``hiện còn``) are baselines (``kind: "baseline"``), not targets. Appendix tables are
left to the tables extractor.
"""

from __future__ import annotations

import regex

from extractors.indicator_tables import indicator_table_targets
from extractors.indicators import Indicator, find_mentions
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
    doc: Document,
    start: int,
    end: int,
    zone: str,
    plan_period: Period | None,
    lead_year: int | None = None,
) -> list[Target]:
    line = doc.text[start:end].replace("\n", " ")
    fold = fold_text(line)
    found: list[Target] = []
    outer: tuple[str, str | None, str, str] | None = None
    mentions: list[tuple[int, int, Indicator]] | None = (
        None  # synonym matches, found once per paragraph
    )
    hits = [*QUANTITY.finditer(line), *PER_POPULATION.finditer(line), *NONE_LEFT.finditer(fold)]
    for m in sorted(hits, key=lambda h: h.start()):
        zero = m.re is NONE_LEFT
        if not zero and (_is_code_or_date(line, m) or _in_cited_title(line, m.start())):
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
            rate = m.re is PER_POPULATION
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
                kind = _kind(before, line[m.end() :], unit)
            if mentions is None:
                mentions = find_mentions(fold)
            ind, named = _indicator(fold, mentions, m, unit, kind)
            label = (
                line[named[0] : named[1]]
                if named
                else _label(line, c_start, c_end, m, kind)
                or (found[-1].label if found else None)
                or " ".join(line[c_start:c_end].split())
            )
            if kind == "change" and ind in STOCK_CHANGE:
                ind = STOCK_CHANGE[ind]
        status = _status(zone, clause_fold, fold_text(before))
        own_cue = BASELINE_CUE.search(fold_text(before)[-40:]) is not None  # "(hiện còn 09 nhà)"
        if _inside_brackets(line, m.start()) and outer is not None and not own_cue:
            # a breakdown "(hộ nghèo: 38 hộ; hộ cận nghèo: 51 hộ)" is what it breaks down
            status = outer[0]
            if outer[2] == "lao động" and unit == "người":
                unit = "lao động"  # "11 người lao động (nguyên nhân 7: 5 người)"
            if outer[2] == unit and outer[1] is not None and kind == outer[3]:
                ind = outer[1]
            if not named and found:
                label = found[-1].label  # a breakdown's parts are parts of what it breaks down
        elif not _inside_brackets(line, m.start()):
            outer = (status, ind, unit, kind)
        is_baseline = status == "baseline"
        per_year = kind == "change" and (
            bool(m.re is QUANTITY and m.group("per")) or PER_YEAR.search(before[-40:]) is not None
        )
        year, period = _when(line, m.start(), m.end(), plan_period, lead_year)
        direction = DIRECTION.findall(fold_text(before))
        scope = _scope(line[c_start : m.start()]) or _scope(line[: m.start()])
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
            found.extend(_shared_unit(doc, line, start, m, target, plan_period))
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
    line: str,
    start: int,
    m: regex.Match[str],
    first: Target,
    plan_period: Period | None,
) -> list[Target]:
    """The bare figure after ``và`` that reuses ``first``'s unit and label for another year."""
    shared = SHARED_UNIT.match(line, m.end())
    if shared is None:
        return []
    year, period = _when(line, shared.start("num"), shared.end("num"), plan_period, None)
    kind = _kind(line[: shared.start("num")], line[shared.end("num") :], first.unit or "")
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


def _label(line: str, c_start: int, c_end: int, m: regex.Match[str], kind: str) -> str | None:
    """The indicator phrase as written. A rate's name comes before its figure ("tỷ lệ hộ nghèo
    dưới 3%"): the clause's words since the figure before it, without the cue words. A count or
    a share names what is counted after it ("xây mới 300 ngôi nhà đại đoàn kết", "95% người dân
    tham gia bảo hiểm y tế"): the words before, the counted noun, and the words after up to a
    year or the clause's end. None when only a year and "và" separate it from the figure before
    (it shares that figure's label)."""
    previous = [f.end() for f in FIGURE.finditer(line, c_start, m.start())]
    start = previous[-1] if previous else c_start
    between = YEAR_TAIL.sub(" ", line[start : m.start()])
    words = LABEL_CUES.sub("", between).strip(" ,").split()
    if previous and len([w for w in words if w.lower() not in ("và", "hoặc")]) < 2:
        return None
    if not words and line[:c_start].rstrip().endswith(":"):
        # "nguyên nhân thiếu vốn: 12 hộ": the item named before the colon
        named = regex.split(r"[;(]|\.\s", line[:c_start].rstrip()[:-1])[-1]
        return " ".join(LABEL_CUES.sub("", named).strip(" ,").split()[-12:]) or None
    if len(words) >= 2 and kind not in ("count", "coverage"):
        return " ".join(words[-25:])
    counted = m.group("unit") if m.re is QUANTITY and m.group("unit") != "%" else ""
    after = YEAR_TAIL.split(line[m.end() : c_end], maxsplit=1)[0]
    return " ".join([*words, *counted.split(), *after.split()[:15]]).strip(" ,") or None


FIGURE = regex.compile(rf"(?<![\d.,/])(?:{VN_NUMBER})[ ]*(?:%|/|{UNIT}(?!\p{{L}}))")
YEAR_TAIL = regex.compile(r"[ ,]*(?:vào|đến|trong|tới)?[ ]*(?:cuối[ ]+)?năm[ ]+20\d\d|[ ]+và[ ]+\d")


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


# What sets a target after a citation in the same clause ("Thực hiện Quyết định 12/QĐ-UBND,
# phấn đấu đạt 90% ..."); without it a figure there is part of the cited document's title.
SETS_A_TARGET = regex.compile(
    r"phấn đấu|(?<!có )mục tiêu|chỉ tiêu|đến năm|\bđạt\b|xuống|\bcòn\b|ít nhất"
)


def _in_cited_title(line: str, pos: int) -> bool:
    """``Nghị quyết 30a/2008/NQ-CP về ... đối với 61 huyện nghèo``: the figure names what the cited
    document is about, it is not this plan's target."""
    left, _ = _clause_bounds(line, pos)
    cited = list(SYMBOL.finditer(line, left, pos))
    return bool(cited) and not SETS_A_TARGET.search(fold_text(line[cited[-1].end() : pos]))


def _is_code_or_date(line: str, m: regex.Match) -> bool:
    """``Điều 5``, ``khoản 2``, ``số 12``, ``ngày 5``: a number that is not a quantity."""
    before = line[max(0, m.start() - 12) : m.start()].lower()
    return bool(regex.search(r"(?:điều|khoản|mục|số|ngày|tháng|năm)[ ]*$", before))


# A bound on a rate: "dưới 1%", "không quá 5%" (ceiling); "trên 90%", "ít nhất 50%" (floor).
CEILING_CUE = regex.compile(r"(?:dưới|không quá|không vượt quá|tối đa|thấp hơn|nhỏ hơn|<|≤)[ ]*$")
FLOOR_CUE = regex.compile(r"(?:trên|ít nhất|tối thiểu|không thấp hơn|không dưới|cao hơn|>|≥)[ ]*$")
# Words after a rate that do not name the group it is a share of ("90% vào năm 2025").
NOT_A_GROUP = regex.compile(
    r"[ ]*(?:vào|năm|đến|tới|trong|so|trở|và|hoặc|của|theo|mỗi|hằng|hàng|bình quân|là|trên"
    r" tổng|tổng|giai đoạn|sau|trước|khi|thì|để|nhằm|trở lên|trở xuống)(?!\p{L})"
)


def _kind(before: str, after: str, unit: str) -> TargetKind:
    """change after giảm / tăng (unless "còn", "xuống", "lên" make it the level reached), coverage
    for a share of a group ("100% hộ nghèo được ..."), a ceiling or floor for a bound on a rate
    ("dưới 1%", "trên 90%"), level after còn / đạt / dưới, a plain count otherwise."""
    tail = fold_text(before[-70:])
    if CHANGE_CUE.search(tail):
        return "change"  # "giảm bình quân 3,3%/năm", "giảm tỷ lệ hộ nghèo là 0,15%/năm"
    if unit == "%" or unit.startswith("/") or "/" in unit:
        if unit == "%" and regex.match(r"[ ]*(?:các[ ]+|số[ ]+)?\p{L}", after):
            if not NOT_A_GROUP.match(after):
                return "coverage"  # "ít nhất 50% hộ nghèo sử dụng ..."
        if CEILING_CUE.search(tail):
            return "ceiling"
        if FLOOR_CUE.search(tail) or regex.match(r"[ ]*trở lên", after):
            return "floor"
        return "level"
    return "level" if COUNT_LEVEL_CUE.search(tail) else "count"


def _indicator(
    fold: str,
    mentions: list[tuple[int, int, Indicator]],
    m: regex.Match[str],
    unit: str,
    kind: str,
) -> tuple[str | None, tuple[int, int] | None]:
    """The taxonomy synonym nearest the quantity whose unit fits, and where it is written. Counts
    and coverage are usually described after the figure ("90 hộ thoát nghèo", "100% hộ nghèo được
    cấp thẻ BHYT"), rates and changes before it ("tỷ lệ hộ nghèo còn 0,42%")."""
    unit_start = m.start("unit") if "unit" in m.groupdict() and m.group("unit") else m.start()
    prefer_after = kind in ("count", "coverage")
    best: tuple[float, Indicator, int, int] | None = None
    for s_start, s_end, ind in mentions:
        if not unit_fits(ind.unit, unit):
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
    line: str,
    pos: int,
    end: int,
    plan_period: Period | None,
    lead_year: int | None = None,
) -> tuple[int | None, Period | None]:
    """The year a target is for: a year said right after the figure, else the last ``năm 20xx``
    before it in its sentence, else the first after it; a stated period (``giai đoạn 2022-2025``)
    is kept as the period; then the year that leads the list it is in (``Đến năm 2025:``); a
    one-year plan's year otherwise."""
    right_after = YEAR_AFTER.match(line, end)
    if right_after:
        return int(right_after.group(1)), None
    sentence = SENTENCE_END.split(line[:pos])[-1]
    before = [int(y) for y in regex.findall(r"(?i:năm)[ ]+(20\d\d)(?![ ]*[-–])", sentence)]
    if before:
        return before[-1], None
    rest = SENTENCE_END.split(line[pos:], maxsplit=1)[0]
    whole = sentence + rest
    period = find_period(whole) if regex.search(r"giai đoạn|\d{4}\s*[-–]\s*\d{4}", whole) else None
    if period and period[0] and period[1] and period[0] != period[1]:
        return None, Period(start=period[0], end=period[1])
    after = [int(y) for y in regex.findall(r"(?i:năm)[ ]+(20\d\d)", rest)]
    if after:
        return after[0], None
    leads_paragraph = LEADING_YEAR.match(line)  # "- Năm 2024, ...": every sentence of the item
    if leads_paragraph:
        return int(leads_paragraph.group(1)), None
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
