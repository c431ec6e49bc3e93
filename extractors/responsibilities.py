"""Responsibilities: which body leads, supports or is assigned what, with its tasks, the programme
items they concern and their deadlines (domain.md §1.3, §3, §5).

Plans state roles in four ways, and each is read where the segment stage put it:
- a numbered item that opens with a body ("1. Sở Lao động - Thương binh và Xã hội: - Là cơ quan
  thường trực ...") gives that body the item's tasks; a role said without a subject inside the
  item ("Chủ trì, phối hợp với ...", "Phối hợp với ...") is the item's body's;
- a labelled line ("Cơ quan chủ trì: X", "Cơ quan phối hợp: Y", "Cơ quan thực hiện: Z");
- a sentence whose body states its role ("X chủ trì, phối hợp với Y và Z tổ chức thực hiện"):
  X leads, the partners after "phối hợp với" support; a body that opens a sentence and is given a
  task is assigned it;
- an assignment table, whose column headers say the role ("Cơ quan chủ trì", "phối hợp").
Bodies are found with the agency lexicon; a body named as author, addressee or reader ("của",
"báo cáo", "tham mưu cho", "trình") gets nothing from that mention.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

import regex

from pipeline.model.agencies import AgencyMention, agency_matcher
from pipeline.model.components import component
from pipeline.model.document import Document, SectionNode
from pipeline.model.grammar import (
    CONTINUOUS_FOLD,
    DEADLINE_FOLD,
    DIRECTED_BEFORE_FOLD,
    LEAD_AFTER_FOLD,
    LEAD_OPENS_FOLD,
    MONTH_YEAR_FOLD,
    NOT_ASSIGNED_BEFORE_FOLD,
    PARTNERS_END_FOLD,
    PARTNERS_FOLD,
    PEOPLE_BEFORE_FOLD,
    PERIOD_ITEM_FOLD,
    PERIOD_MONTHS,
    PERIODIC_FOLD,
    POVERTY_PROGRAMME_FOLD,
    PROJECT_FOLD,
    QUARTERS,
    RECURRENCE,
    ROLE_LABEL_FOLD,
    SUBJECT_OPENER_FOLD,
    SUBPROJECT_FOLD,
    SUPPORT_AFTER_FOLD,
    SUPPORT_OPENS_FOLD,
)
from pipeline.model.vietnamese import fold_text
from schemas.models import (
    Deadline,
    Level,
    PlanRecord,
    ProgrammeItem,
    Responsibility,
    Role,
    Span,
    Table,
)

ROLE_STRENGTH: dict[Role, int] = {"lead": 3, "support": 2, "assigned": 1}
LABEL_ROLES: dict[str, Role] = {
    "chủ trì": "lead",
    "thường trực": "lead",
    "đầu mối": "lead",
    "tham mưu": "lead",
    "phối hợp": "support",
    "thực hiện": "assigned",
}
CLAUSE = regex.compile(r"[^.;\n]+(?:[.;]|$)|[^\n]+", regex.MULTILINE)
OWNER_GAP = regex.compile(r"^\s*(?:[,:-]\s*)?(?:thuộc|của)?\s*$")  # "Tiểu dự án 1, Dự án 6"
# Between two bodies of one list: commas, "và", and a few lower-case words that name no body in
# the lexicon ("cấp ủy, chính quyền, Mặt trận ...").
SENTENCE_GLUE = regex.compile(
    r"^[\s,;và()-]*(?:các\s+)?(?:\p{Ll}+(?:\s+\p{Ll}+){0,3}\s*[,;]\s*(?:và\s+)?(?:các\s+)?)?$"
)
# What follows a body given a task: a verb, or a colon that ends the line ("Giao Sở Nội vụ:"
# with the tasks as the items below).
TASK_VERB_FOLD = regex.compile(
    r"^\s*[,:]?\s*(?:có trách nhiệm|chịu trách nhiệm|căn cứ|theo|tiếp tục|\p{Ll})|^\s*:\s*$"
)
ROLE_HEADERS = [
    (regex.compile(r"chủ trì|thường trực|đầu mối"), "lead"),
    (regex.compile(r"phối hợp|tham gia"), "support"),
    (regex.compile(r"thực hiện|phân công|được giao|phụ trách|cơ quan|đơn vị"), "assigned"),
]
PERSON_HEADER = regex.compile(r"người|lãnh đạo|đồng chí|đ/c|họ (?:và )?tên")
TASK_HEADER = regex.compile(r"nhiệm vụ|nội dung|công việc|hoạt động")
TIME_HEADER = regex.compile(r"thời gian|thời hạn|tiến độ")


@dataclass
class Found:
    """One body's role in one statement, before the record's model is built."""

    mention: AgencyMention
    text: str
    role: Role
    section: str | None
    items: list[str] = field(default_factory=list)
    tasks: list[tuple[int, int]] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    clause: tuple[int, int] | None = None  # the clause whose subject the body is


def find_responsibilities(
    doc: Document, plan_level: Level | None, tables: list[Table], issuer: str | None = None
) -> tuple[list[Responsibility], list[ProgrammeItem]]:
    """``issuer`` (the plan's issuing body, as named) is not given the tasks it hands out."""
    poverty = POVERTY_PROGRAMME_FOLD.search(doc.fold) is not None
    programme = _programme_items(doc) if poverty else []
    body, bases = doc.zone("body"), doc.zone("bases")
    if body is None:
        return [], programme
    start = doc.lines[bases.last].end if bases is not None else body.start
    mentions = agency_matcher().find(doc.text[start : body.end], start)
    found: list[Found] = []
    found += _heading_statements(doc, mentions)
    found += _clause_statements(doc, mentions, start, body.end, {f.mention.start for f in found})
    found += _table_statements(doc, tables)
    own = _issuer_body(issuer, plan_level)
    found = [
        f for f in found if f.section is not None and not (own and _is_issuer(f, own, plan_level))
    ]
    for f in found:
        if not f.items and poverty:
            f.items = _items_of_sections(doc, f.mention.start)
    return _merge(doc, found, plan_level), programme


def _issuer_body(issuer: str | None, level: Level | None) -> str | None:
    found = agency_matcher().find(issuer) if issuer else []
    return (found[0].body or found[0].key) if found else None


def _is_issuer(f: Found, body: str, level: Level | None) -> bool:
    """The plan's own issuer, named as the one who hands the tasks out."""
    same = (f.mention.body or f.mention.key) == body and (f.mention.level or level) == level
    return same and f.role == "assigned" and not f.mention.collective


# --- statements -------------------------------------------------------------------------------


def _heading_statements(doc: Document, mentions: list[AgencyMention]) -> list[Found]:
    """Items that open with a body: the body takes the item's tasks and the roles said without a
    subject inside it (its sub-items that open with their own body are their own statements)."""
    out: list[Found] = []
    for node in doc.sections:
        heading_mentions = _subjects(doc, node, mentions)
        if not heading_mentions:
            continue
        own = _own_text_ranges(doc, node, mentions)
        fold = " ".join(doc.fold[s:e] for s, e in own)
        role: Role = "assigned"
        # what follows the bodies, read on past a heading cut short ("9. Đề nghị A, B, C và D
        # phối hợp với ..."): only its start is matched
        rest = doc.fold[heading_mentions[-1].end : node.end]
        clauses = [doc.fold[s:e] for s, e in own for s, e in _clauses(doc, s, e)]
        if LEAD_AFTER_FOLD.match(rest) or any(
            LEAD_OPENS_FOLD.match(_after_marker(c)) for c in clauses
        ):
            role = "lead"
        elif SUPPORT_AFTER_FOLD.match(rest) or any(
            SUPPORT_OPENS_FOLD.match(_after_marker(c)) for c in clauses
        ):
            role = "support"
        items = _items_in(fold) if POVERTY_PROGRAMME_FOLD.search(doc.fold) else []
        tasks = [(s, e) for s, e in own]
        deadlines = [d for s, e in own for d in _deadlines(doc, s, e)]
        for m in heading_mentions:
            out.append(
                Found(
                    m, doc.text[m.start : m.end], role, _number(doc, node), items, tasks, deadlines
                )
            )
    return out


def _subjects(
    doc: Document, node: SectionNode, mentions: list[AgencyMention]
) -> list[AgencyMention]:
    """The bodies a numbered item opens with ("1. Sở Tài chính:", "6. Ủy ban MTTQ, các tổ chức
    chính trị - xã hội thành phố", "Đề nghị Hội Nông dân ...")."""
    if node.number is None:
        return []
    head = doc.fold[node.heading_start : node.heading_end]
    pos = node.heading_start + SUBJECT_OPENER_FOLD.match(head).end()  # type: ignore[union-attr]
    found: list[AgencyMention] = []
    for m in mentions:
        if m.start < pos:
            continue
        if m.start >= node.heading_end or not SENTENCE_GLUE.match(doc.fold[pos : m.start]):
            break
        if found and _in_brackets(doc, pos, m.start):
            break
        found.append(m)
        pos = m.end
    return found


def _in_brackets(doc: Document, prev_end: int, start: int) -> bool:
    """A body in brackets right after another is a unit of it ("Văn phòng UBND tỉnh (Trung
    tâm Phục vụ hành chính công tỉnh)"), not a second body."""
    return doc.fold[prev_end:start].strip() == "("


def _own_text_ranges(
    doc: Document, node: SectionNode, mentions: list[AgencyMention]
) -> list[tuple[int, int]]:
    """The item's text without its sub-items that open with a body of their own."""
    index = doc.sections.index(node)
    children = [c for c in doc.sections[index + 1 :] if c.parent == index and c.number is not None]
    ranges, pos = [], node.start
    for child in children:
        if child.start > pos:
            ranges.append((pos, child.start))
        pos = child.end if _subjects(doc, child, mentions) else child.start
    if pos < node.end:
        ranges.append((pos, node.end))
    return [(s, e) for s, e in ranges if doc.text[s:e].strip()]


def _clause_statements(
    doc: Document, mentions: list[AgencyMention], start: int, end: int, taken: set[int]
) -> list[Found]:
    """Labelled lines, bodies that state their role, partners after "phối hợp với", and bodies
    that open a sentence with a task."""
    out: list[Found] = []
    starts = [m.start for m in mentions]  # in text order: each clause takes its slice
    for c_start, c_end in _clauses(doc, start, end):
        inside = mentions[bisect_left(starts, c_start) : bisect_left(starts, c_end)]
        if not inside or _describes(doc, c_start):
            continue
        fold = doc.fold[c_start:c_end]
        label = ROLE_LABEL_FOLD.search(fold) or _label_before(doc, c_start)
        partners = [
            (p.end() + c_start, _partners_end(fold, p.end()) + c_start)
            for p in PARTNERS_FOLD.finditer(fold)
        ]
        subject_end = c_start + _marker_len(fold) + _opener_len(_strip_marker(fold))
        for i, m in enumerate(inside):
            if m.start in taken:
                continue
            before = doc.fold[max(c_start, m.start - 25) : m.start]
            role: Role | None = None
            subject = False
            if label and (
                label.string is not doc.fold[c_start:c_end] or m.start >= c_start + label.end()
            ):
                role = LABEL_ROLES[label.group("label")]
            elif any(s <= m.start < e for s, e in partners):
                role = "support"
            elif LEAD_AFTER_FOLD.match(doc.fold[_list_end(doc, inside, i) : c_end]):
                role, subject = "lead", True
            elif SUPPORT_AFTER_FOLD.match(doc.fold[_list_end(doc, inside, i) : c_end]):
                role, subject = "support", True
            elif _opens(doc, inside, i, subject_end) and TASK_VERB_FOLD.match(
                doc.fold[_list_end(doc, inside, i) : c_end]
            ):
                role, subject = "assigned", True
            elif _directed(doc, inside, i, c_start) and TASK_VERB_FOLD.match(
                doc.fold[_list_end(doc, inside, i) : c_end]
            ):
                role, subject = "assigned", True
            directed = role == "assigned" and _directed(doc, inside, i, c_start)
            if role is None or PEOPLE_BEFORE_FOLD.search(before):
                continue
            if NOT_ASSIGNED_BEFORE_FOLD.search(before) and not directed:
                continue
            if i > 0 and _in_brackets(doc, inside[i - 1].end, m.start):
                continue
            items = _items_in(fold) if POVERTY_PROGRAMME_FOLD.search(doc.fold) else []
            extent = _statement_end(doc, c_start, c_end)
            out.append(
                Found(
                    m,
                    doc.text[m.start : m.end],
                    role,
                    _number(doc, doc.section_at(m.start)),
                    items,
                    [(c_start, extent)],
                    _deadlines(doc, c_start, extent),
                    (c_start, c_end) if subject else None,
                )
            )
    return _cut_at_next_statement(doc, out, taken)


def _cut_at_next_statement(doc: Document, found: list[Found], taken: set[int]) -> list[Found]:
    """A statement read on past its clause (the rest of its sentence, or the items below a
    colon) ends where the next clause with a body of its own as subject begins."""
    starts = sorted(taken | {f.clause[0] for f in found if f.clause})
    for f in found:
        start, end = f.tasks[0]
        own_end = f.clause[1] if f.clause else start
        i = bisect_left(starts, max(own_end, start + 1))
        if i < len(starts) and starts[i] < end:
            f.tasks = [(start, starts[i])]
            f.deadlines = _deadlines(doc, start, starts[i])
    return found


SENTENCE_END = regex.compile(r"\.(?=\s|$)|\n")


def _statement_end(doc: Document, c_start: int, c_end: int) -> int:
    """A sentence that ends in a colon ("Giao Sở Nội vụ chủ trì, phối hợp với ...:") hands out
    the items below it: the statement runs to the end of its section. A clause that ends in ";"
    runs to the end of its sentence ("X chủ trì ...; báo cáo ... trước ngày 30/5/2026.")."""
    clause = doc.fold[c_start:c_end].rstrip()
    if clause.endswith(";"):  # a sentence, not a text without full stops
        end = SENTENCE_END.search(doc.text, c_end, c_end + REACH)
        return end.start() if end else c_end
    if not clause.endswith(":"):
        return c_end
    node = doc.section_at(c_start)
    return max(node.end, c_end) if node is not None else c_end


DESCRIPTIVE_FOLD = regex.compile(
    r"^(?:đối tượng|thực trạng|tình hình|kết quả (?:đạt được|thực hiện))"
)


def _describes(doc: Document, offset: int) -> bool:
    """A section that describes who benefits or what was done, where bodies get no tasks."""
    node = doc.section_at(offset)
    return any(
        DESCRIPTIVE_FOLD.match(doc.fold[s.heading_start : s.heading_end])
        for s in (doc.ancestors(node) if node else [])
    )


REACH = 2000  # a labelled list or a sentence of clauses runs at most this far


def _label_before(doc: Document, start: int) -> regex.Match[str] | None:
    """A labelled list runs on past ";" to the end of its line ("Cơ quan phối hợp: A; B, C")."""
    # a list runs a few hundred characters: the look-back is bounded, so that a text without
    # line breaks is not read back to its start from every clause
    line_start = doc.text.rfind("\n", max(0, start - REACH), start) + 1
    head = doc.fold[max(line_start, start - REACH) : start]
    labels = list(ROLE_LABEL_FOLD.finditer(head))
    return labels[-1] if labels else None


def _list_end(doc: Document, inside: list[AgencyMention], i: int) -> int:
    """End of the list of bodies ``inside[i]`` belongs to ("X, Y và Z chủ trì")."""
    end = inside[i].end
    for nxt in inside[i + 1 :]:
        if not SENTENCE_GLUE.match(doc.fold[end : nxt.start]):
            break
        end = nxt.end
    return end


def _opens(doc: Document, inside: list[AgencyMention], i: int, subject_end: int) -> bool:
    """Is ``inside[i]`` in the list of bodies that opens the clause?"""
    pos = subject_end
    for m in inside[: i + 1]:
        if not SENTENCE_GLUE.match(doc.fold[pos : m.start]):
            return False
        pos = m.end
    return True


def _directed(doc: Document, inside: list[AgencyMention], i: int, c_start: int) -> bool:
    """Is the list ``inside[i]`` belongs to given its task by a verb before it ("chỉ đạo X ...")?"""
    first = i
    while first > 0 and SENTENCE_GLUE.match(doc.fold[inside[first - 1].end : inside[first].start]):
        first -= 1
    head = doc.fold[max(c_start, inside[first].start - 60) : inside[first].start]
    return DIRECTED_BEFORE_FOLD.search(head) is not None


def _partners_end(fold: str, pos: int) -> int:
    m = PARTNERS_END_FOLD.search(fold, pos)
    return m.start() if m else len(fold)


def _table_statements(doc: Document, tables: list[Table]) -> list[Found]:
    """Assignment tables: bodies in a row take the role its column header states."""
    out: list[Found] = []
    matcher = agency_matcher()
    for table in tables:
        headers = [
            " / ".join(r[j] if j < len(r) else "" for r in table.header).lower()
            for j in range(_width(table))
        ]
        roles = [_header_role(h) for h in headers]
        table_role: Role = "support" if any("phối hợp" in h for h in headers) else "assigned"
        task_cols = [j for j, h in enumerate(headers) if TASK_HEADER.search(h)]
        time_cols = [j for j, h in enumerate(headers) if TIME_HEADER.search(h)]
        if not any(roles) and not any(matcher.find(c) for r in table.rows[:6] for c in r):
            continue
        for row in table.rows:
            for j, cell in enumerate(row):
                if (
                    not cell
                    or PERSON_HEADER.search(headers[j] if j < len(headers) else "")
                    or j in time_cols
                ):
                    continue
                for m in _leading_list(cell, matcher.find(cell)):
                    role = roles[j] or table_role
                    tasks = [row[t] for t in task_cols if t < len(row) and t != j and row[t]]
                    deadline = [
                        d
                        for t in time_cols
                        if t < len(row) and row[t]
                        for d in _cell_deadlines(row[t], table.span)
                    ]
                    found = Found(
                        m, cell[m.start : m.end], role, f"table:{table.caption or table.id}"
                    )
                    found.tasks = [(table.span.start, table.span.end)] if tasks else []
                    found.deadlines = deadline
                    found.mention = AgencyMention(
                        table.span.start, table.span.start, m.key, m.body, m.collective, m.level
                    )
                    out.append(found)
    return out


LIST_GLUE = regex.compile(r"^[\s,;và()-]*(?:các\s+)?$")


def _leading_list(cell: str, mentions: list[AgencyMention]) -> list[AgencyMention]:
    """A cell that lists bodies ("Ủy ban Kiểm tra; Thanh tra thành phố; Hội Phụ nữ ..."), not a
    task that names one in passing."""
    out: list[AgencyMention] = []
    pos = 0
    for m in mentions:
        if not LIST_GLUE.match(fold_text(cell[pos : m.start])):
            break
        out.append(m)
        pos = m.end
    return out


def _width(table: Table) -> int:
    return max((len(r) for r in table.header + table.rows), default=0)


def _header_role(header: str) -> Role | None:
    if not header or PERSON_HEADER.search(header):
        return None
    for pattern, role in ROLE_HEADERS:
        if pattern.search(header):
            return role  # type: ignore[return-value]
    return None


# --- programme items and deadlines --------------------------------------------------------------


def _items_in(fold: str, project: str | None = None) -> list[str]:
    """Programme item ids named in a text: "Dự án 4 (Tiểu dự án 1, 3)" -> DA4.TDA1, DA4.TDA3;
    "Tiểu dự án 1, Dự án 6" and "Tiểu dự án 2 thuộc Dự án 3" name their project right after;
    otherwise a sub-project belongs to the last project named before it (or ``project``). A
    project named with its sub-projects stands for them alone."""
    projects = [(m.start(), m.end(), m.group("n")) for m in PROJECT_FOLD.finditer(fold)]
    out: list[str] = []
    with_subs: set[str] = set()
    for sub in SUBPROJECT_FOLD.finditer(fold):
        after = next(
            (n for s, _, n in projects if s >= sub.end() and OWNER_GAP.match(fold[sub.end() : s])),
            None,
        )
        before = [n for _, e, n in projects if e <= sub.start()]
        owner = after or (before[-1] if before else project)
        if owner is None:
            continue
        with_subs.add(owner)
        out.extend(f"DA{int(owner)}.TDA{int(n)}" for n in regex.findall(r"\d+", sub.group("ns")))
    out.extend(f"DA{int(n)}" for _, _, n in projects if n not in with_subs)
    return list(dict.fromkeys(sorted(out, key=_item_order)))


def _item_order(item: str) -> tuple[int, int]:
    nums = [int(n) for n in regex.findall(r"\d+", item)]
    return nums[0], nums[1] if len(nums) > 1 else 0


def _items_of_sections(doc: Document, offset: int) -> list[str]:
    """The items of the nearest enclosing section whose heading names one ("a) Dự án 2: ...",
    "* Tiểu dự án 1" under "1.1. Dự án 1")."""
    node = doc.section_at(offset)
    chain = doc.ancestors(node) if node is not None else []
    for k, section in enumerate(chain):
        heading = doc.fold[section.heading_start : section.heading_end]
        project = next(
            (
                m.group("n")
                for s in chain[k + 1 :]
                for m in [PROJECT_FOLD.search(doc.fold[s.heading_start : s.heading_end])]
                if m
            ),
            None,
        )
        items = _items_in(heading, project)
        if items:
            return items
    return []


def _programme_items(doc: Document) -> list[ProgrammeItem]:
    """Every programme item the plan names, with the section it heads when it heads one."""
    out: dict[str, ProgrammeItem] = {}
    for node in doc.sections:
        heading = doc.fold[node.heading_start : node.heading_end]
        for item in _items_in(heading[:60], _parent_project(doc, node)):
            out.setdefault(
                item,
                ProgrammeItem(
                    id=item,
                    label=doc.text[node.heading_start : node.heading_end][:120],
                    section=_number(doc, node),
                    span=Span(start=node.heading_start, end=node.heading_end),
                ),
            )
    body = doc.zone("body")
    if body is not None:
        for c_start, c_end in _clauses(doc, body.start, body.end):
            for item in _items_in(doc.fold[c_start:c_end]):
                out.setdefault(
                    item,
                    ProgrammeItem(
                        id=item, label=item, section=None, span=Span(start=c_start, end=c_end)
                    ),
                )
    subs = {p.id.split(".")[0] for p in out.values() if "." in p.id}
    return sorted((p for p in out.values() if p.id not in subs), key=lambda p: _item_order(p.id))


def _parent_project(doc: Document, node: SectionNode) -> str | None:
    for section in doc.ancestors(node)[1:]:
        m = PROJECT_FOLD.search(doc.fold[section.heading_start : section.heading_end])
        if m:
            return m.group("n")
    return None


def _deadlines(doc: Document, start: int, end: int) -> list[Deadline]:
    """Time limits in ``start``..``end``: each period of a "định kỳ ..." list, then dated and
    recurring limits outside those."""
    out: list[Deadline] = []
    taken: list[tuple[int, int]] = []
    for m in PERIODIC_FOLD.finditer(doc.fold, start, end):
        taken.append(m.span())
        for item in PERIOD_ITEM_FOLD.finditer(doc.fold, m.start() + len("định kỳ"), m.end()):
            out.append(
                _periodic(
                    doc,
                    item,
                    m.start() if not out or out[-1].span.end <= m.start() else item.start(),
                )
            )
    for m in DEADLINE_FOLD.finditer(doc.fold, start, end):
        if any(s <= m.start() < e for s, e in taken):
            continue
        out.append(_dated(m, doc.text))
    return sorted(out, key=lambda d: d.span.start)


def _cell_deadlines(cell: str, span: Span) -> list[Deadline]:
    """The time column of an assignment table: "Quý IV/2026", "Tháng 12/2026", "Trước ngày
    15/12 hằng năm" parsed as in running text; "Thường xuyên" is no limit; anything else is kept
    by its words."""
    cell = " ".join(cell.split())
    fold = fold_text(cell)
    if CONTINUOUS_FOLD.fullmatch(fold):
        return []
    out: list[Deadline] = [_dated(m, cell, span) for m in DEADLINE_FOLD.finditer(fold)]
    if not out:
        for m in MONTH_YEAR_FOLD.finditer(fold):
            out.append(
                Deadline(
                    text=cell[m.start() : m.end()], date=f"{m['y']}-{int(m['m']):02d}", span=span
                )
            )
    return out or [Deadline(text=cell, span=span)]


def _periodic(doc: Document, item: regex.Match[str], start: int) -> Deadline:
    n = item.group("n")
    months = PERIOD_MONTHS.get(n or "", int(n) if n and n.isdigit() else 1)
    unit = item.group("unit")
    if unit == "tháng":
        recurrence = {1: "monthly", 3: "quarterly", 6: "half-yearly", 12: "yearly"}.get(months)
    else:
        recurrence = RECURRENCE[unit]
    text = doc.text[start : item.end()].strip(" ,*()")
    deadline = Deadline(text=text, recurrence=recurrence, span=Span(start=start, end=item.end()))  # type: ignore[arg-type]
    if item.group("d"):
        deadline.day, deadline.month = int(item.group("d")), int(item.group("m"))
    return deadline


def _dated(m: regex.Match[str], text: str, span: Span | None = None) -> Deadline:
    """The date or recurrence a DEADLINE_FOLD match states; ``text`` is what was folded, and
    the span is the match's unless given (a table cell's is its table's)."""
    g = m.groupdict()
    deadline = Deadline(
        text=text[m.start() : m.end()].strip(),
        span=span or Span(start=m.start(), end=m.end()),
    )
    if g["d"]:
        deadline.day, deadline.month = int(g["d"]), int(g["m"])
        if g["y"]:
            deadline.date = f"{int(g['y']):04d}-{deadline.month:02d}-{deadline.day:02d}"
        elif g["yearly"]:
            deadline.recurrence = "yearly"
    elif g["md"]:
        deadline.recurrence, deadline.day = "monthly", int(g["md"])
    elif g["q"]:
        deadline.date = f"{g['qy']}-Q{QUARTERS[g['q']]}"
    elif g["mm"]:
        deadline.date = f"{g['my']}-{int(g['mm']):02d}"
    elif g["every"]:
        deadline.recurrence = RECURRENCE[g["every"]]  # type: ignore[assignment]
    elif g["endyear"]:
        deadline.text = text[m.start("endyear") : m.end()].strip()
    return deadline


# --- assembling ---------------------------------------------------------------------------------


def _clauses(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    return [
        (start + m.start(), start + m.end())
        for m in CLAUSE.finditer(doc.text[start:end])
        if m.group().strip()
    ]


MARKER = regex.compile(r"^[\s\-+•*]*(?:\d+(?:\.\d+)*[.)]|[a-zđ][.)]|[ivx]+[.)])?\s*")


def _opener_len(fold: str) -> int:
    opener = SUBJECT_OPENER_FOLD.match(fold)
    return opener.end() if opener else 0


def _marker_len(fold: str) -> int:
    return MARKER.match(fold).end()  # type: ignore[union-attr]


def _strip_marker(fold: str) -> str:
    return fold[_marker_len(fold) :]


def _after_marker(fold: str) -> str:
    return _strip_marker(fold.lstrip())


def _number(doc: Document, node: SectionNode | None) -> str | None:
    for section in doc.ancestors(node) if node is not None else []:
        if section.number is not None:
            return section.number
    return None


def _merge(doc: Document, found: list[Found], plan_level: Level | None) -> list[Responsibility]:
    """One responsibility per body, level, role and statement; a body that leads somewhere in a
    statement and is only assigned elsewhere in it keeps the strongest role."""
    best: dict[tuple[str, str | None, str | None], Found] = {}
    for f in found:
        level = f.mention.level or _default_level(f.mention, plan_level)
        key = (f.mention.key, level, f.section)
        f.mention = AgencyMention(
            f.mention.start,
            f.mention.end,
            f.mention.key,
            f.mention.body,
            f.mention.collective,
            level,
        )
        cur = best.get(key)
        if cur is None or ROLE_STRENGTH[f.role] > ROLE_STRENGTH[cur.role]:
            if cur is not None:
                f.items = list(dict.fromkeys(cur.items + f.items))
                f.deadlines = cur.deadlines + f.deadlines
            best[key] = f
        else:
            cur.items = list(dict.fromkeys(cur.items + f.items))
            cur.tasks += [t for t in f.tasks if t not in cur.tasks]
            cur.deadlines += [
                d for d in f.deadlines if d.text not in {x.text for x in cur.deadlines}
            ]
    out = []
    for f in sorted(best.values(), key=lambda x: x.mention.start):
        m = f.mention
        out.append(
            Responsibility(
                agency=f.text,
                agency_id=m.body or m.key,
                level=m.level,
                collective=m.collective,
                role=f.role,
                tasks=[" ".join(doc.text[s:e].split()) for s, e in f.tasks][:20],
                task_spans=[Span(start=s, end=e) for s, e in f.tasks][:20],
                programme_items=f.items,
                deadlines=[d.text for d in f.deadlines],
                schedule=f.deadlines,
                section=f.section,
                span=Span(start=m.start, end=m.end),
                page=doc.page_at(m.start),
            )
        )
    return out


def _default_level(mention: AgencyMention, plan_level: Level | None) -> Level | None:
    """A body named without a level word is the plan's own level (a "Hội Nông dân" in a district
    plan is the district's); central bodies say so in their names."""
    return plan_level


@component(
    "responsibilities", assigns=("responsibilities", "programme_items"), requires=("tables",)
)
def _responsibilities(
    doc: Document, record: PlanRecord
) -> tuple[list[Responsibility], list[ProgrammeItem]]:
    """Levels a body's words do not state are left to resolution (the plan's own level)."""
    return find_responsibilities(doc, None, record.tables)
