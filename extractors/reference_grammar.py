"""The grammar of a citation, as patterns and small helpers (see ``extractors.references``).

Symbols are found by their own grammar (domain.md §2), whatever precedes them; the type word
is then read backwards from the symbol, and date, issuer and subject forwards.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from pipeline.model.grammar import (
    CITATION_TYPE_ALIASES,
    DAY_MONTH_YEAR,
    POSITION_TITLES,
    canonical_symbol,
    starts_with_organisation,
    symbol_pattern,
    type_names,
    type_words_in_text,
)
from pipeline.model.vietnamese import fold_text
from pipeline.model.vocab import type_name_for_code
from schemas.models import Relation

# Office holders sign for their body: "của Giám đốc Sở Nội vụ", "của Chủ tịch UBND tỉnh".
_TITLES = tuple(t + " " for t in POSITION_TITLES)


def is_organisation(name: str) -> bool:
    """A body (``Sở Nội vụ``) or the office holder who signs for it (``Giám đốc Sở Nội vụ``)."""
    key = " ".join(fold_text(name).split())
    for title in _TITLES:
        if key.startswith(title):
            key = key[len(title) :]
            break
    return starts_with_organisation(key)


# Type words: full names (longest first so "Thông tư liên tịch" wins over "Thông tư") and the
# abbreviations plans use in running text ("QĐ số 12/QĐ-UBND", "NQ 04-NQ/TU").
TYPE_NAMES = type_names()
TYPE_ABBREVIATIONS = type_words_in_text()
_TYPE_WORDS = "|".join(regex.escape(t) for t in sorted(TYPE_NAMES, key=len, reverse=True))
_TYPE_ABBR = "|".join(sorted(TYPE_ABBREVIATIONS, key=len, reverse=True))
TYPE = rf"(?:(?i:{_TYPE_WORDS})|(?:{_TYPE_ABBR})\b)"

SYMBOL = symbol_pattern(number_required=True)
_SO = r"(?i:số|so)"
# "Ngày 01/10/2025, Sở Nội vụ đã ban hành Công văn số ...": the date opens the sentence.
DATE_BEFORE = regex.compile(
    r"(?:^|[.;:,]\s+|\s)(?i:ngày)\s*(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d))\s*,?"
    r"\s+\p{Lu}[^.;\n]{0,100}?(?:ban hành|có|ký|gửi)\s*$",
    regex.MULTILINE,
)
_NUMBER = (
    rf"(?<![\d/\p{{L}}-])(?P<number>{SYMBOL}"
    rf"|(?<=(?i:văn bản|công văn|công điện)[ \t]+{_SO}[ \t]*)\d{{1,5}}(?=[ \t]*,?[ \t]*ngày))"
)
NUMBERED = regex.compile(
    rf"(?:(?P<type>{TYPE})[ \t]+(?:{_SO}[ \t]*[:.]?\s*)?|\b{_SO}[ \t]*[:.]?\s*)?" + _NUMBER
)
# Where a number of NUMBERED can start: every mention holds one, and a scan for it alone is
# ~25x cheaper than trying the type words at every position of the text.
NUMBER_START = regex.compile(_NUMBER)
LONGEST_TYPE = max(len(t) for t in (*TYPE_NAMES, *TYPE_ABBREVIATIONS))


def numbered_mentions(text: str) -> list[regex.Match[str]]:
    """``NUMBERED.finditer(text)``, trying NUMBERED only where a mention can start: at a number,
    or at most a type word, "số" and the spaces around them before one."""
    starts: set[int] = set()
    for number in NUMBER_START.finditer(text, overlapped=True):
        q = r = number.start()
        for _ in range(2):  # spaces, ":" or "." around an optional "số"
            while r > 0 and (text[r - 1].isspace() or text[r - 1] in ":."):
                r -= 1
            r = max(0, r - 2)
        starts.update(range(max(0, r - LONGEST_TYPE), q + 1))
    out: list[regex.Match[str]] = []
    pos = 0
    for p in sorted(starts):
        if p >= pos and (mention := NUMBERED.match(text, p)) is not None:
            out.append(mention)
            pos = mention.end()
    return out


# A further number sharing the type word: "Nghị quyết 201/2023/NQ-HĐND và 420/2025/NQ-HĐND".
MORE_NUMBERS = regex.compile(rf"[ \t]*(?:,|và|;)[ \t]*(?:{_SO}[ \t]*)?(?P<number>{SYMBOL})")

DATE_AFTER = regex.compile(
    rf"\s*,?\s*(?:được\s+)?(?:ban hành\s+)?(?i:ngày)\s*(?:{DAY_MONTH_YEAR})",
)
_ISSUER_STOP = (
    r"(?=[ ]+(?:về|v/v|phê duyệt|ban hành|quy định|hướng dẫn|triển khai|thực hiện|sửa đổi|bổ"
    r" sung|thành lập|giao|"
    r"công bố|tại|đối với|nhằm|trong|theo|ngày|gửi|đã|đề nghị|yêu cầu|chỉ đạo|kèm"
    r" theo|là|có|với|cho|tổ chức|"
    r"xong|trước|sau|để|thì|được|nay|cơ sở|Quy định|Quy chế|Hướng dẫn|Phê duyệt|Ban hành|Về)\b"
    rf"|[ \t]*(?:[,;:.()“”\"\t]|\n(?![ ]*(?:\p{{Lu}}{{2,}}|\p{{Ll}})))|[ \t]*$"
    rf"|[ ]+và[ ]+(?:{TYPE}|các|Ủy|UBND|xét|căn cứ|theo|đề nghị|thực hiện)\b)"
)
_WORD = r"(?:[^\s,;:()“”\".]|\.(?=\S))"
# Words of a name are spaced; a PDF line break inside a name is kept when the next line goes on
# in lower case or with an acronym ("của Chủ tịch\nUBND tỉnh").
_GAP = r"(?:[ ]+|[ ]*\n[ ]*(?=\p{Lu}{2,}|\p{Ll}))"
ISSUER_AFTER = regex.compile(
    rf"\s*,?\s*(?:của|do)\s+(?P<issuer>\p{{Lu}}{_WORD}*(?:{_GAP}{_WORD}+){{0,14}}?){_ISSUER_STOP}"
    rf"(?P<qualifier>[ \t]*\((?i:khóa|khoá|cũ|mới|nay là)[^()\n]{{0,30}}\))?"
)
SUBJECT_AFTER = regex.compile(
    r"[ \t]*,?[ \t]*(?P<subject>(?:về việc|về|v/v|phê duyệt|ban hành|quy định|hướng dẫn|sửa"
    r" đổi|thành lập|công bố)\b"
    rf"[^;\n]{{0,300}}?)(?=;|\.[ \t]|\.$|\n|$|[ \t]*\((?:sau đây|gọi tắt)|,[ \t]*(?:{TYPE})\b|,["
    rf" \t]+\p{{Lu}}"
    rf"|[ \t]+và[ \t]+(?:{TYPE})[ \t]+{_SO})"
)
# Laws and codes cited by name, with or without a date: "Luật Tổ chức chính quyền địa phương ngày
# 19/6/2015".
NAMED_LAW = regex.compile(
    r"(?P<type>Bộ [Ll]uật|Luật|Hiến pháp|Pháp lệnh)"
    r"(?P<name>(?:[ \t]+sửa đổi,?[ \t]+bổ sung[ \t]+(?:một số điều[ \t]+)?(?:của["
    r" \t]+)?(?:các[ \t]+)?(?:Bộ [Ll]uật|Luật))?"
    r"(?:[ \t]+\p{Lu}[\p{L}-]*)(?:,?[ \t]+(?!"
    + TYPE
    + r"\b)(?!(?:số|ngày|năm|và|của|được|đã|quy định|hướng dẫn|về|trong|tại|theo|thì|để|nhằm|"
    r"sửa đổi|bổ sung|năm|có|là|hiện hành|đối với|với|các|cho)\b)[\p{L}-]+){0,12})"
    r"(?:[ \t]*,?[ \t]*(?:ngày[ \t]*(?:" + DAY_MONTH_YEAR + r")|năm[ \t]+(?P<y>(?:19|20)\d\d)))?"
)
# "Luật Ngân sách nhà nước số 89/2025/QH15": the name comes between the type word and the number.
LAW_BEFORE_NUMBER = regex.compile(
    r"(?P<type>Bộ [Ll]uật|Luật|Pháp lệnh)(?P<name>(?:[ \t]+[\p{L},-]+){1,14}?)[ \t]+(?i:số)[ \t]*$"
)
_VERB_LEAD = regex.compile(
    r"(?:^|(?<=[.;:])[ \t]+)[-+•*–]?[ \t]*(?:v/v[ \t]+)?(?P<verb>căn cứ|tiếp tục (?:triển"
    r" khai )?thực hiện|triển khai thực hiện|"
    r"triển khai|thực hiện|tổ chức thực hiện)\b",
    regex.IGNORECASE | regex.MULTILINE,
)
# What may stand between the verb and the document it governs (matched over the whole gap).
_LEAD_GAP = regex.compile(
    r"[ \t]*(?:(?:ý kiến[ \t]+)?chỉ đạo[^,;.\n]{0,100}?(?:tại|theo)[ \t]+|nội dung[ \t]+|quy"
    r" định (?:tại|của)[ \t]+)?"
    r"(?:các[ \t]+)?(?:(?:khoản|điểm|điều)[ \t]+[\w.]+,?[ \t]+)*",
    regex.IGNORECASE,
)
LIST_GAP = regex.compile(r"^[ \t]*(?:[,;][ \t]*)*(?:và[ \t]+)?(?:các[ \t]+)?$")
# The issuer named before the mention: "chỉ đạo của UBND tỉnh tại Công văn ...",
# "Ngày 06/10/2025, Bộ Nội vụ ban hành Công văn ...", "Sở Nội vụ đã có văn bản số ...".
ISSUER_BEFORE = regex.compile(
    r"(?:của\s+(?P<a>\p{Lu}[^,;.:()\n]{1,90}?)\s+(?:tại|theo)"
    r"|(?:^|[.;:,]\s+|\n|ngày\s*\d{1,2}/\d{1,2}/\d{4}\s+)(?P<b>\p{Lu}[^,;.:()\n]{1,160}?)\s+(?:đã\s+)?"
    r"(?:ban hành|có|ký|gửi))\s*$",
    regex.MULTILINE,
)
_NOT_ISSUER = regex.compile(
    r"\s+(?:xây dựng|đã|có|ban hành|tham mưu|đề nghị|gửi|tổ chức|trình|báo cáo|thực"
    r" hiện|triển khai|tiếp tục|cũng)\b.*$"
)


def doc_type_of(type_word: str | None, number: str | None) -> str | None:
    if type_word:
        word = type_word.strip()
        if word in TYPE_ABBREVIATIONS:
            return TYPE_ABBREVIATIONS[word]
        for name in TYPE_NAMES:
            if name.lower() == word.lower():
                return CITATION_TYPE_ALIASES.get(name, name)
    if number:
        canon = canonical_symbol(number)
        party = regex.match(r"^\d+[a-z]?-(?P<code>[^/]+)/", canon)
        if party:
            return type_name_for_code(party.group("code"))
        parts = canon.split("/")
        code = parts[-1].split("-")[0] if len(parts) >= 2 else None
        if code and type_name_for_code(code):
            return type_name_for_code(code)
        if code and len(parts) == 2:
            return "Công văn"  # 1234/UBND-VX: a letter has no type code
    return None


def tidy_issuer(raw: str) -> str | None:
    text = " ".join(raw.split()).strip(" ,;:-.")
    return text or None


def issuer_before(text: str, start: int) -> str | None:
    """The body named just before a mention, when the sentence has it as subject or as ``của``."""
    earliest = max(0, start - 160)
    line_break = text.rfind("\n", earliest, start)  # bounded: never further back than the window
    window_start = line_break + 1 if line_break >= 0 else earliest
    m = ISSUER_BEFORE.search(text[window_start:start])
    if not m:
        return None
    name = _NOT_ISSUER.sub("", m.group("a") or m.group("b"))
    name = regex.sub(r"^(?:Ngày\s+\S+\s*,?\s*)", "", name).strip()
    if not name or not is_organisation(name):
        return None
    return name


def tidy_subject(raw: str) -> str | None:
    text = " ".join(raw.split()).strip(" ,;:.")
    return text or None


@dataclass(frozen=True)
class VerbLeads:
    """The line starts and the governing verbs (Căn cứ, Thực hiện ...) of one text, found once:
    each mention looks up its line and the last verb before it instead of scanning back to the
    start of its line (in a text without line breaks that scan made the cost quadratic)."""

    newlines: list[int]
    leads: list[regex.Match[str]]
    lead_ends: list[int]

    @classmethod
    def of(cls, text: str) -> VerbLeads:
        leads = list(_VERB_LEAD.finditer(text))
        newlines = [m.start() for m in regex.finditer(r"\n", text)]
        return cls(newlines, leads, [m.end() for m in leads])

    def line_start(self, pos: int) -> int:
        i = bisect.bisect_left(self.newlines, pos)
        return self.newlines[i - 1] + 1 if i else 0

    def last_before(self, line_start: int, pos: int) -> regex.Match[str] | None:
        """The last verb of the line that ends at or before ``pos``."""
        i = bisect.bisect_right(self.lead_ends, pos) - 1
        return self.leads[i] if i >= 0 and self.leads[i].start() >= line_start else None


def relation_of(
    text: str,
    start: int,
    previous_end: int | None,
    previous_relation: Relation | None,
    leads: VerbLeads,
) -> Relation:
    """``basis`` under Căn cứ, ``implements`` under Thực hiện / Triển khai, ``cites`` otherwise.
    Only the documents the verb governs take its relation: the first one after it and those listed
    after that one; a document named inside another's subject is ``cites``."""
    line_start = leads.line_start(start)
    if previous_end is not None and previous_end >= line_start and previous_relation is not None:
        gap = text[previous_end:start]
        if previous_end <= start and LIST_GAP.match(gap):
            return previous_relation
    lead = leads.last_before(line_start, start)
    if lead is None or not _LEAD_GAP.fullmatch(text, lead.end(), start):
        return "cites"
    verb = lead.group("verb").lower()
    return "basis" if verb == "căn cứ" else "implements"
