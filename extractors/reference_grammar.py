"""The grammar of a citation, as patterns and small helpers (see ``extractors.references``).

Symbols are found by their own grammar (domain.md §2), whatever precedes them; the type word
is then read backwards from the symbol, and date, issuer and subject forwards.
"""

from __future__ import annotations

import regex

from extractors.issuer import starts_with_organisation
from extractors.vocab import type_name_for_code
from pipeline.model.vietnamese import fold_text, match_key

# Office holders sign for their body: "của Giám đốc Sở Nội vụ", "của Chủ tịch UBND tỉnh".
_TITLES = ("giám đốc ", "phó giám đốc ", "chủ tịch ", "phó chủ tịch ", "bộ trưởng ", "thứ trưởng ", "trưởng ban ", "chánh ")


def is_organisation(name: str) -> bool:
    """A body (``Sở Nội vụ``) or the office holder who signs for it (``Giám đốc Sở Nội vụ``)."""
    key = " ".join(fold_text(name).split())
    for title in _TITLES:
        if key.startswith(title):
            key = key[len(title) :]
            break
    return starts_with_organisation(key)


# Full type names, longest first so "Thông tư liên tịch" wins over "Thông tư".
TYPE_NAMES = [
    "Bộ luật",
    "Hiến pháp",
    "Pháp lệnh",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Nghị định",
    "Quyết định",
    "Chỉ thị",
    "Thông tư liên tịch",
    "Thông tư",
    "Kế hoạch",
    "Chương trình hành động",
    "Chương trình",
    "Đề án",
    "Công văn",
    "Văn bản hợp nhất",
    "Văn bản",
    "Hướng dẫn",
    "Thông báo kết luận",
    "Kết luận",
    "Thông báo",
    "Tờ trình",
    "Báo cáo",
    "Công điện",
    "Quy định",
    "Quy chế",
    "Phương án",
    "Điều lệ",
    "Giấy mời",
    "Phiếu trình",
    "Luật",
]
# The abbreviations plans use in running text ("QĐ số 12/QĐ-UBND", "NQ 04-NQ/TU").
TYPE_ABBREVIATIONS = {
    code: type_name_for_code(code)
    for code in ("QĐ", "NQ", "NĐ", "KH", "CV", "CT", "TT", "HD", "TB", "BC", "KL", "TTr", "CTr", "ĐA")
}
_TYPE_WORDS = "|".join(regex.escape(t) for t in sorted(TYPE_NAMES, key=len, reverse=True))
_TYPE_ABBR = "|".join(sorted(TYPE_ABBREVIATIONS, key=len, reverse=True))
TYPE = rf"(?:(?i:{_TYPE_WORDS})|(?:{_TYPE_ABBR})\b)"

# Number and symbol: 81/KH-UBND, 139/KH - UBND, 07/2021/NĐ-CP, 169 -KH/TU, 01/2022/TTLT-VKSNDTC-TANDTC.
_CODE = r"\p{Lu}[\p{Lu}a-z\d&]*(?:\.\p{Lu}+)*(?![\p{L}\d])"
_CODE_CHAIN = rf"{_CODE}(?:[ \t]*[-–][ \t\n]*{_CODE})*"
# Kerning may split the digits ("191 1/BNV-TCPCP", "5 1 /TTr-SNV"); a party number may lose its
# hyphen ("Kết luận 174 KL/TW").
_NUM = r"\d{1,5}(?:[ ]\d{1,4}(?=[ \t]*/))?[a-z]?"
_SUFFIX = r"(?:\(\p{Lu}[\p{Lu}\d]{0,4}\))?"  # a department mark: 1413/CAT-PC04(Đ1)
SYMBOL = (
    rf"(?:{_NUM}[ \t]*/[ \t]*(?:(?:19|20)\d\d[ \t]*/[ \t]*)?{_CODE_CHAIN}{_SUFFIX}"
    rf"|{_NUM}(?:[ \t]*[-–][ \t]*|[ ]){_CODE}[ \t]*/[ \t]*{_CODE_CHAIN}{_SUFFIX})"
)
_SO = r"(?i:số|so)"
FOOTNOTE_MARK = regex.compile(r"(-(?:CP|TTg|TW|QH\d\d))\d$")
# "Ngày 01/10/2025, Sở Nội vụ đã ban hành Công văn số ...": the date opens the sentence.
DATE_BEFORE = regex.compile(
    r"(?:^|[.;:,]\s+|\s)(?i:ngày)\s*(?:(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>(?:19|20)\d\d))\s*,?"
    r"\s+\p{Lu}[^.;\n]{0,100}?(?:ban hành|có|ký|gửi)\s*$",
    regex.MULTILINE,
)
NUMBERED = regex.compile(
    rf"(?:(?P<type>{TYPE})[ \t]+(?:{_SO}[ \t]*[:.]?\s*)?|\b{_SO}[ \t]*[:.]?\s*)?"
    rf"(?<![\d/\p{{L}}-])(?P<number>{SYMBOL}"
    rf"|(?<=(?i:văn bản|công văn|công điện)[ \t]+{_SO}[ \t]*)\d{{1,5}}(?=[ \t]*,?[ \t]*ngày))"
)
# A further number sharing the type word: "Nghị quyết 201/2023/NQ-HĐND và 420/2025/NQ-HĐND".
MORE_NUMBERS = regex.compile(rf"[ \t]*(?:,|và|;)[ \t]*(?:{_SO}[ \t]*)?(?P<number>{SYMBOL})")

_DAY_MONTH_YEAR = (
    r"(?P<d>\d{1,2})[ \t]*[/.-][ \t]*(?P<m>\d{1,2})[ \t]*[/.-][ \t]*(?P<y>(?:19|20)\d\d)"
    r"|(?P<d>\d{1,2})[ \t]+tháng[ \t]+(?P<m>\d{1,2})[ \t]+năm[ \t]+(?P<y>(?:19|20)\d\d)"
)
DATE_AFTER = regex.compile(
    rf"\s*,?\s*(?:được\s+)?(?:ban hành\s+)?(?i:ngày)\s*(?:{_DAY_MONTH_YEAR})",
)
_ISSUER_STOP = (
    r"(?=[ ]+(?:về|v/v|phê duyệt|ban hành|quy định|hướng dẫn|triển khai|thực hiện|sửa đổi|bổ sung|thành lập|giao|"
    r"công bố|tại|đối với|nhằm|trong|theo|ngày|gửi|đã|đề nghị|yêu cầu|chỉ đạo|kèm theo|là|có|với|cho|tổ chức|"
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
    r"[ \t]*,?[ \t]*(?P<subject>(?:về việc|về|v/v|phê duyệt|ban hành|quy định|hướng dẫn|sửa đổi|thành lập|công bố)\b"
    rf"[^;\n]{{0,300}}?)(?=;|\.[ \t]|\.$|\n|$|[ \t]*\((?:sau đây|gọi tắt)|,[ \t]*(?:{TYPE})\b|,[ \t]+\p{{Lu}}"
    rf"|[ \t]+và[ \t]+(?:{TYPE})[ \t]+{_SO})"
)
# Laws and codes cited by name, with or without a date: "Luật Tổ chức chính quyền địa phương ngày 19/6/2015".
NAMED_LAW = regex.compile(
    r"(?P<type>Bộ [Ll]uật|Luật|Hiến pháp|Pháp lệnh)"
    r"(?P<name>(?:[ \t]+sửa đổi,?[ \t]+bổ sung[ \t]+(?:một số điều[ \t]+)?(?:của[ \t]+)?(?:các[ \t]+)?(?:Bộ [Ll]uật|Luật))?"
    r"(?:[ \t]+\p{Lu}[\p{L}-]*)(?:,?[ \t]+(?!"
    + TYPE
    + r"\b)(?!(?:số|ngày|năm|và|của|được|đã|quy định|hướng dẫn|về|trong|tại|theo|thì|để|nhằm|"
    r"sửa đổi|bổ sung|năm|có|là|hiện hành|đối với|với|các|cho)\b)[\p{L}-]+){0,12})"
    r"(?:[ \t]*,?[ \t]*(?:ngày[ \t]*(?:" + _DAY_MONTH_YEAR + r")|năm[ \t]+(?P<y>(?:19|20)\d\d)))?"
)
# "Luật Ngân sách nhà nước số 89/2025/QH15": the name comes between the type word and the number.
LAW_BEFORE_NUMBER = regex.compile(r"(?P<type>Bộ [Ll]uật|Luật|Pháp lệnh)(?P<name>(?:[ \t]+[\p{L},-]+){1,14}?)[ \t]+(?i:số)[ \t]*$")
_VERB_LEAD = regex.compile(
    r"(?:^|(?<=[.;:])[ \t]+)[-+•*–]?[ \t]*(?:v/v[ \t]+)?(?P<verb>căn cứ|tiếp tục (?:triển khai )?thực hiện|triển khai thực hiện|"
    r"triển khai|thực hiện|tổ chức thực hiện)\b",
    regex.IGNORECASE | regex.MULTILINE,
)
_LEAD_GAP = regex.compile(
    r"^[ \t]*(?:(?:ý kiến[ \t]+)?chỉ đạo[^,;.\n]{0,100}?(?:tại|theo)[ \t]+|nội dung[ \t]+|quy định (?:tại|của)[ \t]+)?"
    r"(?:các[ \t]+)?(?:(?:khoản|điểm|điều)[ \t]+[\w.]+,?[ \t]+)*$",
    regex.IGNORECASE,
)
# When one document is cited several times, the strongest relation describes the citation.
RELATION_STRENGTH = {"basis": 3, "implements": 2, "cites": 1}
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
    r"\s+(?:xây dựng|đã|có|ban hành|tham mưu|đề nghị|gửi|tổ chức|trình|báo cáo|thực hiện|triển khai|tiếp tục|cũng)\b.*$"
)


def canonical_number(raw: str) -> str:
    """``Số 169 -KH/TU`` -> ``169-KH/TU``, ``174 KL/TW`` -> ``174-KL/TW``; dashes unified, spaces,
    trailing dots and a footnote mark stuck to a well-known code (``NĐ-CP1``) dropped."""
    text = regex.sub(r"^(\d+[a-z]?)[ ]+(?=\p{Lu}[^/]*/)", r"\1-", raw.strip().replace("–", "-"))
    text = regex.sub(r"\s+", "", text).rstrip(".-")
    return FOOTNOTE_MARK.sub(r"\1", text)


def doc_type_of(type_word: str | None, number: str | None) -> str | None:
    if type_word:
        word = type_word.strip()
        if word in TYPE_ABBREVIATIONS:
            return TYPE_ABBREVIATIONS[word]
        for name in TYPE_NAMES:
            if name.lower() == word.lower():
                return "Công văn" if name == "Văn bản" else name
    if number:
        canon = canonical_number(number)
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


def iso_date(m: regex.Match) -> str | None:
    """``ngày 18/01/2022`` -> ``2022-01-18``; a day typed as 0 (``0/9/2023``) keeps the month;
    impossible months -> None."""
    if not m.group("y"):
        return None
    year = int(m.group("y"))
    if not m.group("m"):
        return f"{year:04d}"
    day, month = int(m.group("d")), int(m.group("m"))
    if not 1 <= month <= 12:
        return None
    if not 1 <= day <= 31:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def tidy_issuer(raw: str) -> str | None:
    text = " ".join(raw.split()).strip(" ,;:-.")
    return text or None


def issuer_before(text: str, start: int) -> str | None:
    """The body named just before a mention, when the sentence has it as subject or as ``của``."""
    line_start = text.rfind("\n", 0, start) + 1
    window_start = max(line_start, start - 160)
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


def relation_of(text: str, start: int, previous_end: int | None, previous_relation: str | None) -> str:
    """``basis`` under Căn cứ, ``implements`` under Thực hiện / Triển khai, ``cites`` otherwise.
    Only the documents the verb governs take its relation: the first one after it and those listed
    after that one; a document named inside another's subject is ``cites``."""
    line_start = text.rfind("\n", 0, start) + 1
    if previous_end is not None and previous_end >= line_start and previous_relation is not None:
        gap = text[previous_end:start]
        if previous_end <= start and LIST_GAP.match(gap):
            return previous_relation
    lead = None
    for m in _VERB_LEAD.finditer(text, line_start, start):
        lead = m
    if lead is None or not _LEAD_GAP.match(text[lead.end() : start]):
        return "cites"
    verb = lead.group("verb").lower()
    return "basis" if verb == "căn cứ" else "implements"


# Issuer codes of bodies that exist once in the country: their numbers need no province.
NATIONAL_CODES = {
    "TTG", "CP", "TW", "VPTW", "BCT", "BBT", "QH", "UBTVQH", "VPCP", "TANDTC", "VKSNDTC", "BTCTW", "BDVTW", "MTTW",
    "BNV", "BCA", "BTC", "BQP", "BYT", "BGDĐT", "BLĐTBXH", "BTP", "BKHĐT", "BXD", "BTNMT", "BNNPTNT", "BNNMT",
    "BGTVT", "BVHTTDL", "BKHCN", "BTTTT", "BNG", "UBDT", "NHNN", "TTCP", "KTNN", "BHXH",
}  # fmt: skip


def is_national_number(number: str) -> bool:
    canon = canonical_number(number.split("@")[0]).upper()
    if regex.search(r"/(?:19|20)\d\d/", canon):
        return True
    segments = regex.split(r"[-/]", canon.split("/", 1)[-1] if "/" in canon else canon)
    return any(regex.sub(r"\d+$", "", seg) in NATIONAL_CODES for seg in segments)


def number_key(raw: str) -> str:
    """The form two mentions of one number share: canonical, upper case."""
    return canonical_number(raw).upper()


def citation_key(
    number: str | None, year: str | None, province: str | None, name: str | None, doc_type: str | None
) -> str | None:
    """One key per cited document: ``07/2021/NĐ-CP`` (the year is in the number); ``61-NQ/TU@2021``
    and, once the citing plan's province is known, ``61-NQ/TU@2021@Yên Bái`` for local issuers,
    whose numbers restart every year in every province; ``luật:<name>`` for laws cited by name."""
    if number:
        key = number_key(number)
        if regex.search(r"/(?:19|20)\d\d/", key):
            return key
        return with_province(f"{key}@{year}" if year else key, province)
    if name:
        return f"{match_key(doc_type or '')}:{match_key(name)}"
    return None


def with_province(key: str, province: str | None) -> str:
    """A key of a local issuer's number (no year in the symbol) made unique across provinces."""
    if not province or ":" in key or regex.search(r"/(?:19|20)\d\d/", key) or is_national_number(key):
        return key
    return f"{key}@{province}"
