"""Personal data of private individuals redacted from a finished record (domain.md §8).

Household lists and narratives name private people: the head of a household, birth year,
address, ID number (CCCD/CMND), phone, health or family situation. They are found

- in tables whose header names a person column (``Họ và tên chủ hộ``) beside a column that only
  private people have (``Năm sinh``, ``CCCD``, ``Hoàn cảnh``...), from the column headers;
- in running text by grammar: a person named after a household cue ("hộ bà ...", "chủ hộ ...") or
  with a birth year ("ông ..., sinh năm 1960"), and ID numbers after their label anywhere.

Each person gets a pseudonym that is stable within the document (``[Người 3]`` wherever that
name appears, so people can still be counted); the other values become a label of what was there
(``[năm sinh]``). Officials acting in a public role (``Đ/c ... - Chủ nhiệm ...``, signers, leaders
in charge, contact points) are not in such columns or cues and are kept. The record's text is
rebuilt and every span remapped, so spans stay true; table cells and the text of facts get the
same replacements.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import regex
from pydantic import BaseModel

from pipeline.model.document import Document
from pipeline.model.grammar import LOCALITY_WORDS, alternation, starts_with_organisation
from pipeline.model.vietnamese import fold_text, match_key
from pipeline.model.vocab import vocab, words
from schemas.models import PlanRecord, Span, Table

Kind = Literal["name", "birth", "address", "id", "phone", "situation"]
MASKS: dict[str, str] = {
    "birth": "[năm sinh]",
    "address": "[địa chỉ]",
    "id": "[số giấy tờ]",
    "phone": "[điện thoại]",
    "situation": "[hoàn cảnh]",
}
# Columns only a list of private people has (a contact list of officials has names, addresses
# and phones too).
PRIVATE_ONLY: frozenset[str] = frozenset({"birth", "id", "situation"})
WITHHELD = "[trang danh sách cá nhân: đã ẩn]"
HEADER_ROWS = 3  # column headers are read from the first rows (a data row may be among them)

NAME_WORD = r"\p{Lu}\p{Ll}*"
PERSON_NAME = regex.compile(rf"^{NAME_WORD}(?:[ ]+{NAME_WORD}){{1,5}}$")
_TITLES = alternation(words("person_titles"))
_CUES = alternation(words("private_person_cues"))
_NAME = rf"(?P<name>{NAME_WORD}(?:[ \t]+{NAME_WORD}){{1,5}})"
# "hộ bà Nguyễn Thị A", "gia đình ông C", "chủ hộ: Lê Văn B": a private person by a household cue.
CUED_PERSON = regex.compile(
    rf"(?i:\b{_CUES})[ \t]+(?i:{_TITLES})[ \t]+{_NAME}|(?i:\bchủ hộ)[ \t]*:?[ \t]+{_NAME}"
)
# "ông Trần Văn D, sinh năm 1960": a person with a birth year is a private person in these plans.
BORN_PERSON = regex.compile(
    rf"(?i:\b{_TITLES})[ \t]+{_NAME}"
    r"[ \t]*[,(]?[ \t]*(?P<born>(?i:sinh năm|SN)[ \t]*:?[ \t]*(?:19|20)\d\d)"
)
BIRTH_YEAR = regex.compile(r"(?i:sinh năm|năm sinh)[ \t]*:?[ \t]*(?:19|20)\d\d")
ID_NUMBER = regex.compile(
    r"(?i:\b(?:cccd|cmnd|cmtnd|căn cước công dân|chứng minh nhân dân|số định danh(?: cá nhân)?))"
    r"(?:[ \t]*(?i:số))?[ \t]*:?[ \t]*(?P<id>\d(?:[ .]?\d){8,11})\b"
)
PHONE = regex.compile(r"(?<!\d)(?:\+84|0)(?:[ .]?\d){9,10}(?!\d)")
ADDRESS = regex.compile(
    r"(?i:\b(?:trú tại|thường trú tại|tạm trú tại|cư trú tại|ở tại|địa chỉ)[ \t]*:?)[ \t]*"
    r"(?P<place>[^,;.\n]{3,80})"
)


@dataclass
class Finding:
    start: int
    end: int
    replacement: str


@dataclass
class People:
    """Pseudonyms by name, numbered in order of first appearance."""

    numbers: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # name as written -> pseudonym

    def pseudonym(self, name: str) -> str:
        key = match_key(name)
        number = self.numbers.setdefault(key, len(self.numbers) + 1)
        label = f"[Người {number}]"
        self.names[" ".join(name.split())] = label
        return label


def _column_kinds() -> dict[str, list[str]]:
    value = vocab()["personal_data_columns"]
    assert isinstance(value, dict)
    return {str(k): [fold_text(w) for w in v] for k, v in value.items()}


def column_kinds(table: Table) -> dict[int, Kind]:
    """Personal columns of a table from its header cells (a merged heading carries right over
    the sub-columns under it: ``Năm sinh`` over ``Nam`` / ``Nữ``)."""
    rows = (table.header + table.rows)[:HEADER_ROWS]
    width = max((len(r) for r in rows), default=0)
    paths = [""] * width
    for i, row in enumerate(rows):
        carried = ""
        for j in range(width):
            cell = row[j] if j < len(row) else ""
            if cell:
                carried = cell
            elif carried and any(j < len(r) and r[j] for r in rows[i + 1 :]):
                cell = carried
            paths[j] += " " + fold_text(cell)
    found: dict[int, Kind] = {}
    for j, path in enumerate(paths):
        for kind, keys in _column_kinds().items():
            if any(regex.search(rf"(?<!\p{{L}}){regex.escape(k)}(?!\p{{L}})", path) for k in keys):
                found[j] = kind  # type: ignore[assignment]
                break
    return found


def is_private_list(kinds: dict[int, Kind]) -> bool:
    values = set(kinds.values())
    return "name" in values and bool(values & PRIVATE_ONLY)


def _is_header_cell(cell: str) -> bool:
    folded = fold_text(cell)
    return any(k in folded for keys in _column_kinds().values() for k in keys)


def _lines_with_cells(text: str, start: int, end: int) -> Iterator[list[tuple[int, int]]]:
    """Each line of a table block as the (start, end) of its tab-separated cells."""
    pos = start
    for line in text[start:end].split("\n"):
        cells, cell_start = [], pos
        for part in line.split("\t"):
            cells.append((cell_start, cell_start + len(part)))
            cell_start += len(part) + 1
        yield cells
        pos += len(line) + 1


def _person_row(cells: list[str], kinds: dict[int, Kind]) -> str | None:
    """The person's name when the row is a data row of a private list."""
    name_cols = [j for j, k in kinds.items() if k == "name"]
    for j in name_cols:
        if j < len(cells):
            name = " ".join(cells[j].split())
            if PERSON_NAME.match(name) and not _is_header_cell(name):
                return name
    return None


def _table_findings(record: PlanRecord, people: People) -> list[Finding]:
    findings: list[Finding] = []
    text = record.text
    for table in record.tables:
        kinds = column_kinds(table)
        if not is_private_list(kinds):
            continue
        for spans in _lines_with_cells(text, table.span.start, table.span.end):
            cells = [text[s:e] for s, e in spans]
            name = _person_row(cells, kinds)
            if name is None:
                continue
            for j, kind in kinds.items():
                if j >= len(spans) or not cells[j].strip():
                    continue
                s, e = spans[j]
                s += len(cells[j]) - len(cells[j].lstrip())
                e -= len(cells[j]) - len(cells[j].rstrip())
                value = people.pseudonym(name) if kind == "name" else MASKS[kind]
                findings.append(Finding(s, e, value))
    return findings


def _narrative_findings(text: str, people: People) -> list[Finding]:
    findings: list[Finding] = []
    private_lines: set[int] = set()
    for pattern in (CUED_PERSON, BORN_PERSON):
        for m in pattern.finditer(text):
            if _official(text, m.end("name")) or not _private_name(m["name"]):
                continue
            findings.append(Finding(m.start("name"), m.end("name"), people.pseudonym(m["name"])))
            private_lines.add(text.rfind("\n", 0, m.start()) + 1)
    for m in ID_NUMBER.finditer(text):
        findings.append(Finding(m.start("id"), m.end("id"), MASKS["id"]))
    for line_start in private_lines:
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        for pattern, kind, group in (
            (BIRTH_YEAR, "birth", 0),
            (PHONE, "phone", 0),
            (ADDRESS, "address", "place"),
        ):
            for m in pattern.finditer(text, line_start, line_end):
                findings.append(Finding(m.start(group), m.end(group), MASKS[kind]))
    return findings


PLACE_WORDS = frozenset(
    [w.split()[0] for w in LOCALITY_WORDS] + ["thôn", "tổ", "bản", "khu", "ấp", "xóm", "làng"]
)
OFFICIAL_AFTER = regex.compile(
    r"^[ \t]*(?:[-–,(][ \t]*)?(?i:(?:phó[ \t]+)?(?:chủ tịch|bí thư|"
    r"giám đốc|trưởng|chủ nhiệm|ủy viên|đại biểu|thành viên))"
)


def _private_name(name: str) -> bool:
    """Not a place or a body written in capitals ("Phường Yên Thịnh", "Ủy ban ...")."""
    folded = fold_text(name)
    return folded.split()[0] not in PLACE_WORDS and not starts_with_organisation(folded)


def _official(text: str, name_end: int) -> bool:
    """A name followed by a position ("..., Chủ tịch UBND xã") is an official's."""
    return OFFICIAL_AFTER.match(text[name_end : name_end + 40]) is not None


def _name_findings(text: str, people: People) -> list[Finding]:
    """Every other mention of a person already found (word-bounded)."""
    if not people.names:
        return []
    pattern = regex.compile(
        r"(?<!\p{L})" + alternation(list(people.names)).replace(r"\ ", r"[ \t\n]+") + r"(?!\p{L})"
    )
    out = []
    for m in pattern.finditer(text):
        out.append(Finding(m.start(), m.end(), people.names[" ".join(m.group().split())]))
    return out


def _non_overlapping(findings: list[Finding]) -> list[Finding]:
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if f.end <= f.start or (out and f.start < out[-1].end):
            continue
        out.append(f)
    return out


class OffsetMap:
    """Old text offsets -> new ones after the replacements (a span inside a replaced stretch
    stretches to the whole replacement)."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        self.starts = [f.start for f in findings]
        self.shift: list[int] = []
        total = 0
        for f in findings:
            self.shift.append(total)
            total += len(f.replacement) - (f.end - f.start)
        self.total = total

    def _locate(self, pos: int) -> tuple[int, Finding | None, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        if i < 0:
            return pos, None, 0
        f = self.findings[i]
        before = self.shift[i]
        if pos >= f.end:
            return pos + before + len(f.replacement) - (f.end - f.start), None, 0
        return f.start + before, f, pos - f.start

    def start(self, pos: int) -> int:
        new, _, _ = self._locate(pos)
        return new

    def end(self, pos: int) -> int:
        new, f, inside = self._locate(pos)
        return new + len(f.replacement) if f is not None and inside > 0 else new


def _remap(obj: Any, offsets: OffsetMap) -> None:
    if isinstance(obj, Span):
        start, end = offsets.start(obj.start), offsets.end(obj.end)
        obj.start, obj.end = start, max(start, end)
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            _remap(getattr(obj, name), offsets)
    elif isinstance(obj, list):
        for item in obj:
            _remap(item, offsets)


def _replace_strings(obj: Any, names: regex.Pattern[str] | None, people: People) -> Any:
    """Names replaced in every string of the record's facts."""
    if isinstance(obj, str):
        if names is None:
            return obj
        return names.sub(lambda m: people.names[" ".join(m.group().split())], obj)
    if isinstance(obj, list):
        return [_replace_strings(x, names, people) for x in obj]
    if isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            setattr(obj, name, _replace_strings(getattr(obj, name), names, people))
    return obj


def _redact_tables(tables: list[Table], people: People) -> None:
    for table in tables:
        kinds = column_kinds(table)
        if not is_private_list(kinds):
            continue
        for row in table.header + table.rows:
            name = _person_row(row, kinds)
            if name is None:
                continue
            for j, kind in kinds.items():
                if j < len(row) and row[j].strip():
                    row[j] = people.pseudonym(name) if kind == "name" else MASKS[kind]


def _withheld_pages(record: PlanRecord, doc: Document | None) -> list[Finding]:
    """OCR loses the grid of a table, so a scanned page that carries the header of a list of
    private people is withheld from its header to the page's end (the cells cannot be told
    apart; the people cannot be counted)."""
    if doc is None or not record.source.ocr:
        return []
    text, lines = record.text, doc.lines
    out: list[Finding] = []
    for i in range(len(lines)):
        window = " ".join(fold_text(ln.text) for ln in lines[i : i + 3])
        kinds = {k for k, keys in _column_kinds().items() for key in keys if key in window}
        if "name" not in kinds or not (kinds & PRIVATE_ONLY or "chủ hộ" in window):
            continue
        page = doc.page_at(lines[i].start)
        ends = [b.end for b in doc.blocks if b.page == page and b.end > lines[i].start]
        if page is not None and ends and not (out and out[-1].end >= lines[i].start):
            out.append(Finding(lines[i].start, max(ends), WITHHELD))
    return [f for f in out if f.end > f.start and text[f.start : f.end].strip()]


def redact_personal_data(record: PlanRecord, doc: Document | None = None) -> PlanRecord:
    """The record with private individuals' data replaced (a copy; spans remapped). ``doc``
    (the record's document) lets scanned pages of personal lists be withheld."""
    record = record.model_copy(deep=True)
    people = People()
    findings = _withheld_pages(record, doc)
    findings += _table_findings(record, people) + _narrative_findings(record.text, people)
    findings += _name_findings(record.text, people)
    findings = _non_overlapping(findings)
    if not findings:
        return record
    offsets = OffsetMap(findings)
    out, pos = [], 0
    for f in findings:
        out.append(record.text[pos : f.start])
        out.append(f.replacement)
        pos = f.end
    out.append(record.text[pos:])
    text = "".join(out)
    _redact_tables(record.tables, people)
    names = (
        regex.compile(
            r"(?<!\p{L})"
            + alternation(list(people.names)).replace(r"\ ", r"[ \t\n]+")
            + r"(?!\p{L})"
        )
        if people.names
        else None
    )
    for name in type(record).model_fields:
        if name in ("text", "source", "schema_version", "warnings"):
            continue
        value = getattr(record, name)
        _remap(value, offsets)
        setattr(record, name, _replace_strings(value, names, people))
    record.text = text
    withheld = sum(1 for f in findings if f.replacement == WITHHELD)
    pseudonyms = {f.replacement for f in findings if f.replacement.startswith("[Người")}
    masked = len(findings) - withheld - sum(1 for f in findings if f.replacement in pseudonyms)
    record.warnings.append(
        f"personal data redacted: {len(pseudonyms)} private people pseudonymised,"
        f" {masked} other values masked"
        + (f", {withheld} scanned list pages withheld" if withheld else "")
        + " (--keep-personal-data keeps them)"
    )
    return record
