"""The one grammar of Vietnamese administrative documents (domain.md §1-4).

Every pattern that more than one stage needs lives here, built from named pieces; the words come
from ``data/vocab.json``. Readers, the segmenter and the extractors import these names instead
of writing their own. Patterns match the original text unless their name says ``FOLD`` (they then
match ``Document.fold``: lower case, one tone placement).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

from pipeline.model.agencies import department_names
from pipeline.model.vietnamese import LETTER_CLASSES, bare_letter, strip_accents
from pipeline.model.vocab import doc_types, mapping, vocab, words
from schemas.models import Authority, Precision


def alternation(terms: list[str] | tuple[str, ...]) -> str:
    """``(?:a|b|c)`` of escaped terms, longest first so ``căn nhà`` wins over ``căn``."""
    return (
        "(?:" + "|".join(regex.escape(t) for t in sorted(set(terms), key=len, reverse=True)) + ")"
    )


# ---------------------------------------------------------------------------------------------
# OCR damage (domain.md §7): tone and vowel marks dropped or misread, a marked letter lost
# ---------------------------------------------------------------------------------------------
def loose_letter(ch: str) -> str:
    """A character class of every letter OCR may read for ``ch`` (same bare letter)."""
    cls = LETTER_CLASSES.get(bare_letter(ch))
    return f"[{cls}]" if cls else regex.escape(ch)


def _loose_word(word: str, may_drop: bool) -> str:
    """A word with any marks; with ``may_drop``, one of its marked letters may be missing
    ("QUYT" for "QUYẾT"), as OCR loses a glyph whose marks are stacked."""
    letters = [loose_letter(c) for c in word]
    variants = ["".join(letters)]
    if may_drop:
        marked = [i for i, c in enumerate(word) if strip_accents(c) != c and c.isalpha()]
        variants += ["".join(letters[:i] + letters[i + 1 :]) for i in marked]
    return "(?:" + "|".join(variants) + ")"


def loose(term: str) -> str:
    """Pattern for a fixed term of the vocabulary as OCR may read it: any tone or vowel mark on
    each letter, D for Đ, words run together or split by a stray space, and in a term of several
    words one marked letter per word lost. Case is left to the caller's flags."""
    words_ = term.split()
    several = len(words_) > 1
    parts = [r"[-–—]" if w in "-–—" else _loose_word(w, several and len(w) >= 3) for w in words_]
    return r"[ \t]*".join(parts)


# Fixed phrases OCR is repaired to: the type names, the multi-word heads of bodies and places,
# positions, mottos and the fixed words of the header and closing, all from the vocabulary. Single
# words are left out ("so", "xa", "bo" are words of their own); they are tolerated in their own
# patterns instead (NUMBER_LABEL, DATE_LINE).
OCR_TERMS = sorted(
    {
        t.lower()
        for t in [
            *(d.name for d in doc_types()),
            *words("organisation_heads"),
            *words("position_titles"),
            *words("mottos"),
            *mapping("locality_types"),
            *words("fixed_phrases"),
            *department_names(),
        ]
        if len(t.split()) > 1
    },
    key=len,
    reverse=True,
)


def loose_alternation(terms: Iterable[str], flags: int = 0) -> regex.Pattern[str]:
    """One group per term, each as OCR may read it (``loose``), as whole words."""
    return regex.compile(
        r"(?<![\p{L}\p{N}])(?:" + "|".join(f"({loose(t)})" for t in terms) + r")(?![\p{L}\p{N}])",
        flags,
    )


OCR_VOCABULARY = loose_alternation(OCR_TERMS, regex.IGNORECASE)
# The words of table headers ("Tỷ lệ (%)", "Số hộ", "Hộ nghèo hiện có"), repaired in the cells
# of OCR'd tables only: in running text "số hộ" may be "sổ hộ khẩu".
OCR_TABLE_TERMS = sorted((t.lower() for t in words("table_header_terms")), key=len, reverse=True)
OCR_TABLE_VOCABULARY = loose_alternation(OCR_TABLE_TERMS, regex.IGNORECASE)


# Codes OCR misreads D / Đ in: "UBNĐ" is UBND, "HDND" is HĐND.
OCR_CODES = {c: c for c in mapping("issuer_codes") if len(c) >= 4}
OCR_CODE = loose_alternation(OCR_CODES)


def _loose_name_word(word: str) -> str:
    """A word of a proper name as OCR may read it: a capital first, any marks."""
    first = LETTER_CLASSES.get(bare_letter(word[0]))
    head = f"[{''.join(c for c in first if c.isupper())}]" if first else regex.escape(word[0])
    return head + "".join(f"(?i:{loose_letter(c)})" for c in word[1:])


PROVINCES = tuple(words("provinces"))


def _bare_key(text: str) -> str:
    """``Bà Rịa - Vũng Tàu`` -> ``bariavungtau``: what OCR cannot get wrong in a name."""
    return regex.sub(r"[\s\-–]", "", strip_accents(text).lower())


_PROVINCE_BY_KEY = {_bare_key(p): p for p in PROVINCES}
# A province's name with its marks damaged, capitalised as a name ("Lâm Đông", "QUẢNG NGÂI";
# never "năm định"), with the locality word before it ("TÍNH QUẢNG NGÃI").
OCR_PROVINCE = regex.compile(
    r"(?<![\p{L}\p{N}])(?:(?P<type>(?i:" + loose("tỉnh") + "|" + loose("thành phố") + r"))[ \t]+)?"
    r"(?P<name>"
    + "|".join(
        r"[ \t]*".join(_loose_name_word(w) for w in p.split() if w not in "-–")
        if "-" not in p
        else r"[ \t]*[-–][ \t]*".join(
            r"[ \t]*".join(_loose_name_word(w) for w in part.split()) for part in p.split("-")
        )
        for p in sorted(PROVINCES, key=len, reverse=True)
    )
    + r")(?![\p{L}\p{N}])"
)


def repair_ocr_province(m: regex.Match[str]) -> str:
    """``TÍNH LÂM ĐÒNG`` -> ``TỈNH LÂM ĐỒNG``: the locality word and the name as spelt."""
    name = _PROVINCE_BY_KEY.get(_bare_key(m.group("name")))
    if name is None:
        return m.group()
    kind = m.group("type")
    out = ""
    if kind:
        canon = "tỉnh" if _bare_key(kind) == "tinh" else "thành phố"
        out = cased_like(kind, canon) + m.string[m.end("type") : m.start("name")]
    return out + (name.upper() if m.group("name").isupper() else name)


def cased_like(seen: str, canonical: str) -> str:
    """``canonical`` in the case of ``seen``, word by word (all capitals, or a capital first)."""
    out = []
    seen_words = seen.split()
    for i, word in enumerate(canonical.split()):
        model = seen_words[min(i, len(seen_words) - 1)] if seen_words else ""
        letters = [c for c in model if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and (len(letters) > 1 or i == 0):
            out.append(word.upper())
        elif model[:1].isupper():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def _spelt(m: regex.Match[str], terms: list[str]) -> str:
    """The spelling of the term whose group matched, in the case it was read in."""
    index = next(i for i, g in enumerate(m.groups()) if g is not None)
    return cased_like(m.group(), terms[index])


def repair_ocr_term(m: regex.Match[str]) -> str:
    """The vocabulary's spelling of an OCR-damaged fixed term, in the case it was read in."""
    return _spelt(m, OCR_TERMS)


def repair_ocr_table_term(m: regex.Match[str]) -> str:
    """The spelling of an OCR-damaged word of a table header."""
    return _spelt(m, OCR_TABLE_TERMS)


def repair_ocr_code(m: regex.Match[str]) -> str:
    index = next(i for i, g in enumerate(m.groups()) if g is not None)
    return list(OCR_CODES)[index]


# Letters OCR reads for digits inside a number ("tháng l1", "I0", "2O24"): a short token of
# digits and these letters, with a digit in it, is a number.
OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "]": "1", "O": "0", "o": "0"})
OCR_NUMBER = regex.compile(r"(?<![\p{L}\p{N}])(?=[lIO|\]o]*\d)[\dlIO|\]o]{2,4}(?![\p{L}\p{N}])")


def repair_ocr_number(m: regex.Match[str]) -> str:
    return m.group().translate(OCR_DIGITS)


# ---------------------------------------------------------------------------------------------
# Số và ký hiệu (domain.md §2): 81/KH-UBND, 07/2021/NĐ-CP, 169-KH/TU, blank drafts /KH-UBND
# ---------------------------------------------------------------------------------------------
YEAR = r"(?:19|20)\d\d"
# A number; kerning may split its digits ("191 1/BNV-TCPCP", "5 1 /TTr-SNV"); a letter may follow
# (12a).
SYMBOL_NUMBER = r"\d{1,5}(?:[ ]\d{1,4}(?=[ \t]*[/–-]))?[a-z]?"
# One code of the symbol: KH, UBND, TTr, QyĐ, PC04, NĐ-CP's parts, "C.04" style dotted codes.
SYMBOL_CODE = r"\p{Lu}[\p{Lu}a-zđ\d&]*(?:\.\p{Lu}+)*(?![\p{L}\d])"
# Codes joined by hyphens, with the stray spaces and line breaks of real documents ("KH - UBND").
SYMBOL_CODES = rf"{SYMBOL_CODE}(?:[ \t]*[-–][ \t\n]*{SYMBOL_CODE})*"
# A department mark after the symbol: 1413/CAT-PC04(Đ1).
SYMBOL_MARK = r"(?:\(\p{Lu}[\p{Lu}\d]{0,4}\))?"


def symbol_pattern(number_required: bool) -> str:
    """The three grammars with named groups: state/normative ``num``, ``year``, ``codes``;
    party ``pnum``, ``ptype``, ``pissuer``. Headers of drafts leave the number blank."""
    q = "" if number_required else "?"
    state = (
        rf"(?P<num>{SYMBOL_NUMBER}){q}[ \t]*/[ \t]*"  # 81/
        rf"(?:(?P<year>{YEAR})[ \t]*/[ \t]*)?"  # 2021/ of normative documents
        rf"(?P<codes>{SYMBOL_CODES}){SYMBOL_MARK}"  # KH-UBND, NĐ-CP, TTr-CAT-PC04(Đ1)
    )
    party = (
        rf"(?P<pnum>{SYMBOL_NUMBER}){q}"  # 169
        r"(?:[ \t]*[-–][ \t]*|(?<=\d)[ ])"  # "-" (a party number may lose it: "174 KL/TW")
        rf"(?P<ptype>{SYMBOL_CODE})[ \t]*/[ \t]*(?P<pissuer>{SYMBOL_CODES}){SYMBOL_MARK}"  # KH/TU
    )
    return rf"(?:{state}|{party})"


SYMBOL = regex.compile(symbol_pattern(number_required=False))
# "Số:", "SỐ", "So." before the document's own symbol.
NUMBER_LABEL = regex.compile(rf"(?<![\p{{L}}])S{loose_letter('ố')}\s*[:.]?\s*")
# A line that opens with the number label, its marks as OCR may read them ("Sô: /BNV-TCPCP"),
# never a "SỞ" or "SƠ KẾT": a colon, a dot, a digit or a slash follows.
NUMBER_LINE = regex.compile(rf"\s*[Ss]{loose_letter('ố')}[ \t]*(?:[:.]|(?=[\d/]))")
# A number written by hand into the blank of "Số:    /KH-UBND", read by OCR as a few marks.
UNREAD_NUMBER = regex.compile(r"[^\s/]{1,4}?[ \t]*(?=/)")
# Whatever symbol a header prints after its label when it keeps to none of the three grammars
# (an office's internal "02-02/26/PT-NC"): digits first, slashes between parts, a code last.
LABELLED_SYMBOL = regex.compile(
    r"\d[\p{L}\d.()–-]*(?:[ \t]*/[ \t]*[\p{L}\d.()–-]+)*[ \t]*/[ \t]*"
    r"[\p{L}\d.()–-]*\p{Lu}[\p{L}\d.()–-]*(?![\p{L}\d/])"
)
# A footnote digit stuck to a well-known issuer code: "07/2021/NĐ-CP1".
FOOTNOTE_MARK = regex.compile(r"(-(?:CP|TTg|TW|QH\d\d))\d$")


def canonical_symbol(raw: str) -> str:
    """``Số 169 -KH/TU`` -> ``169-KH/TU``, ``174 KL/TW`` -> ``174-KL/TW``: dashes unified, spaces,
    trailing dots and a footnote mark stuck to a well-known code dropped."""
    text = regex.sub(r"^(\d+[a-z]?)[ ]+(?=\p{Lu}[^/]*/)", r"\1-", raw.strip().replace("–", "-"))
    text = regex.sub(r"\s+", "", text).rstrip(".-")
    return FOOTNOTE_MARK.sub(r"\1", text)


def symbol_key(raw: str) -> str:
    """The form two mentions of one symbol share: canonical, upper case."""
    return canonical_symbol(raw).upper()


# ---------------------------------------------------------------------------------------------
# Dates (domain.md §3): day first, always
# ---------------------------------------------------------------------------------------------
# "18/01/2022", "4.6.2024", "18 tháng 01 năm 2022"; groups d, m, y.
DAY_MONTH_YEAR = (
    rf"(?P<d>\d{{1,2}})[ \t]*[/.-][ \t]*(?P<m>\d{{1,2}})[ \t]*[/.-][ \t]*(?P<y>{YEAR})"
    rf"|(?P<d>\d{{1,2}})[ \t]+tháng[ \t]+(?P<m>\d{{1,2}})[ \t]+năm[ \t]+(?P<y>{YEAR})"
)
# The place-and-date line of a header: "Yên Bái, ngày 04 tháng 4 năm 2022", blanks kept. E-signing
# stamps the day and month into the page where the blanks were; text extraction may then put them
# after the year ("ngày tháng năm 2025 16 9", "ngày 06 tháng năm 01 2026"): groups x and tail.
# A blank may hold a handwritten day or month that OCR reads as a short run of marks ("ngày 2#
# tháng", "ngày MỸ tháng"): the run is passed over and the blank stays unknown.
_THANG, _NAM = loose("tháng"), loose("năm")
DATE_LINE = regex.compile(
    rf"""{loose("ngày")} [\ \t]* (?:(?P<d>\d{{1,2}})(?=\s*[.,]?\s*{_THANG})|[^\s]{{1,4}}?)?
        \s* [.,]? \s*
        {_THANG} [\ \t]* (?:(?P<m>\d{{1,2}})(?=\s*[.,]?\s*{_NAM})|[^\s]{{1,4}}?)?
        \s* [.,]? \s*
        {_NAM} \s* (?P<x>\d{{1,2}}[\ \t]+)? (?P<y>(?:19|20)\d\d)
        (?P<tail>(?:[\ \t]+\d{{1,2}}){{1,2}}(?=[\ \t]*(?:\n|$)))?""",
    regex.IGNORECASE | regex.VERBOSE,
)
# A place line whose date is left wholly blank: "Lâm Đồng, ngày    tháng    năm".
BLANK_DATE_LINE = regex.compile(r"ngày\s*tháng\s*năm[ \t]*(?:\n|$)", regex.IGNORECASE)
# The signing system's stamp: "Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00".
ESIGN_STAMP_DATE = regex.compile(
    rf"(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>{YEAR})\s*;\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?"
)


def iso_date(
    year: int | str, month: int | str | None = None, day: int | str | None = None
) -> tuple[str, Precision] | None:
    """``(2022, 1, 18)`` -> ``("2022-01-18", "day")``; a day that cannot be (``0/9/2023``) keeps
    the month; an impossible month gives no date at all."""
    y = int(year)
    if month is None or month == "":
        return f"{y:04d}", "year"
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if day is None or day == "" or not 1 <= int(day) <= 31:
        return f"{y:04d}-{m:02d}", "month"
    return f"{y:04d}-{m:02d}-{int(day):02d}", "day"


def iso_date_of(m: regex.Match[str]) -> str | None:
    """The ISO value of a match with groups ``d``, ``m``, ``y`` (any may be missing)."""
    groups = m.groupdict()
    if not groups.get("y"):
        return None
    found = iso_date(groups["y"], groups.get("m"), groups.get("d"))
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------
# Numbers and units (domain.md §4): "31.200 hộ", "0,67%", leading zeros "09 nhà"
# ---------------------------------------------------------------------------------------------
VN_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
UNITS = mapping("units")
UNIT = alternation(list(UNITS))
MONEY_UNITS = frozenset(words("money_units"))


def parse_vn_number(text: str) -> float:
    """Vietnamese prose format: ``31.200`` -> 31200, ``0,67`` -> 0.67, ``6, 5`` -> 6.5."""
    return float(text.replace(" ", "").replace(".", "").replace(",", "."))


def canonical_unit(unit: str) -> str:
    """The unit as the taxonomy writes it: ``ngôi nhà`` -> ``nhà``, ``trường học`` -> ``trường``;
    a rate per population (``/100.000 trẻ em``) and a unit not in the vocabulary stay as written,
    lower case, spaces collapsed."""
    unit = " ".join(unit.split())
    return UNITS.get(unit, UNITS.get(unit.lower(), unit.lower()))


# Counted nouns that are kinds of a broader one: "trẻ em" fits an indicator counted in "người".
UNIT_FAMILY = {
    member: head
    for head, members in vocab()["unit_families"].items()
    if isinstance(members, list)
    for member in members
}


def unit_fits(indicator_unit: str, unit: str) -> bool:
    """A figure in ``unit`` can measure an indicator counted in ``indicator_unit``."""
    if indicator_unit == unit or UNIT_FAMILY.get(unit) == indicator_unit:
        return True
    return indicator_unit in MONEY_UNITS and unit in MONEY_UNITS


# A rate per population: "15/100.000 trẻ em", "5/1.000 trẻ đẻ sống", "109 bé trai/100 bé gái".
PER_POPULATION = regex.compile(
    rf"(?<![\d.,/])(?P<num>{VN_NUMBER})[ ]*(?P<lead>bé trai[ ]*)?/[ ]*"
    r"(?P<base>100(?:\.000)?|1\.000|10\.000)[ ]+"
    r"(?P<who>trẻ em|trẻ đẻ sống|trẻ sơ sinh sống|ca sinh sống|người dân|dân|người|bé gái)"
    r"(?!\p{L})"
)


def per_population_unit(m: regex.Match[str]) -> str:
    """``/100.000 trẻ em`` (or ``bé trai/100 bé gái``) of a ``PER_POPULATION`` match."""
    lead = (m.group("lead") or "").strip()
    return f"{lead}/{m.group('base')} {m.group('who')}"


# ---------------------------------------------------------------------------------------------
# Outline markers (domain.md §1.3): Phần I / I. / 1. / 1.1. / a) / - + *
# ---------------------------------------------------------------------------------------------
ROMAN = r"[IVXLC]{1,7}"
PART_WORD = r"(?:phần|chương|mục|điều)"
# What may open a list item or heading line; a line that starts so is not the continuation of a
# hard-wrapped sentence.
LIST_MARKER = regex.compile(
    rf"""^(?: {ROMAN} \s* [.:)]                     # I.  II:  IV)
           | \d+(?:\.\d+)* \s* [.)/]                # 1.  2)  1.1.  3/
           | \d+\.\d+                               # 2.1 without its final dot
           | [a-zđ] \s* \)                          # a)  đ)
           | [a-zđ] \. (?=\ (?-i:\p{{Lu}}))          # a. Nội dung
           | [-+*•–—·] \s?                          # bullets
           | (?:{PART_WORD}|phụ\ lục|phụ\ biểu|biểu) \s+ [\dIVXLC]+
           | (?:căn\ cứ|nơi\ nhận|kính\ gửi) \b )""",
    regex.IGNORECASE | regex.VERBOSE,
)
# The marker that opens an outline item, with its parts for the section tree.
OUTLINE_MARKER = regex.compile(
    rf"""^(?:
        (?P<part>(?i:phần|chương|mục|điều)) [\ \t]+ (?P<partno>{ROMAN}|\d{{1,3}}|(?i:thứ\ \p{{L}}+))
            [\ \t]*[.:]?(?=[\ \t]|$)                 # Phần I, Chương II, Điều 3., Phần thứ nhất
      | (?P<roman>{ROMAN}) [\ \t]* (?:[.:)]|[/-](?=[\ \t])) (?=[\ \t]*\S)  # I. II: IV- (not V/v)
      | (?P<upper>[A-ZĐ]) [.)] (?=[\ \t]+\p{{Lu}})                  # A.  B)  (capital after)
      | (?P<dotted>\d{{1,2}}(?:\.\d{{1,2}}){{1,3}}) \.? (?=[\ \t]+\S)  # 1.1.  2.3.1  1.1
      | (?P<arabic>\d{{1,2}}) [\ \t]* (?P<arabic_end>[.)]) (?=[\ \t]*\S)   # 1.  2)  (not 01/2022)
      | (?P<letter>[a-zđ]) [\ \t]* (?P<letter_end>[)]|\.(?=[\ \t]+\p{{Lu}}))   # a)  đ)  b. Capital
      | (?P<bullet>[-+*•–—·])                                        # - + * bullets
    )[\ \t]*""",
    regex.VERBOSE,
)


# ---------------------------------------------------------------------------------------------
# The header (domain.md §1.1-2): motto, marks, V/v subject, body openers, e-signature lines
# ---------------------------------------------------------------------------------------------
MOTTOS = tuple(words("mottos"))  # fragments: a line holding one is a motto line
# The motto sharing a line with the issuer's capitals: "ỦY BAN NHÂN DÂN TỈNH X CỘNG HÒA XÃ HỘI ...".
MOTTO_START_FOLD = regex.compile(r"cộng hòa xã hội|đảng cộng sản việt nam")
MARKS = frozenset(words("marks"))
DRAFT_MARK_FOLD = regex.compile(r"^(?:dự thảo|bản dự thảo)(?:\s*(?:lần\s*)?\d+)?$")
RULE = regex.compile(r"^[\s\-_=*.~•·–—]+$")
VV = regex.compile(r"^(?:v/v|về việc|v/\s*v)\b", regex.IGNORECASE)
# Words that open the body after the title (matched on the folded line).
BODY_START_FOLD = regex.compile(
    r"""^(?: căn\ cứ | thực\ hiện | kính\ gửi | triển\ khai | theo\ đề\ nghị | theo | để | nhằm
          | ngày\ \d
          | phần\ (?:[ivx\d]+\b|thứ) | chương\ (?:[ivx\d]+\b) | điều\ \d
          | [ivx]+ \s* [.:/] \s | \d+ \s* \. \s+ \S
          | trên\ cơ\ sở | tiếp\ tục | qua | sau\ khi | hiện\ nay
          | năm\ \d{4} \s* , | trong\ (?:năm\ \d{4}|những\ năm|thời\ gian)\b )""",
    regex.VERBOSE,
)
# The legal bases that open the body: "Căn cứ ...;", "Thực hiện ...;", "Xét đề nghị ...".
BASES_FOLD = regex.compile(
    r"^(?:căn cứ|thực hiện|tiếp tục thực hiện|triển khai|xét|theo đề nghị)\b"
)
# The enacting authority of a decision or resolution, on its own line under the title:
# "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH X", "ỦY BAN NHÂN DÂN TỈNH X", "HỘI ĐỒNG NHÂN DÂN TỈNH X KHÓA XII",
# "KỲ HỌP THỨ 7" (matched on the folded line).
AUTHORITY_LINE_FOLD = regex.compile(
    r"^(?:chủ tịch\s+)?(?:ủy ban nhân dân|hội đồng nhân dân|ban thường vụ|ban chấp hành)\b"
    r"|^kỳ họp\b|^khóa\s+[ivxlc]+\b"
)
# Words a wrapped title line may end with, before its next line goes on.
TITLE_CONTINUES_FOLD = regex.compile(r"\b(?:của|về|và|cho|tại|với|trên|thuộc|theo)\s*$")
# Lines an e-signature or the Công báo print adds above the header.
ESIGN_LINE_FOLD = regex.compile(
    r"^(?:người ký|ký bởi|email|cơ quan|thời gian ký|công báo\s*/)\s*:?"
)
# Text of an e-signature stamp on a PDF page.
ESIGN_TEXT = regex.compile(
    r"ký bởi|thời gian ký|signed by|email:|cơ quan:|sao y|\d{1,2}:\d{2}:\d{2}|[+]07:00|ngày ký",
    regex.IGNORECASE,
)
# A line of an e-signature stamp on a PDF page (its labels, or a signing time).
ESIGN_STAMP_LINE = regex.compile(
    r"^(?:người ký|ký bởi|signed by|e-?mail|cơ quan|thời gian ký|giờ ký|ngày ký)\s*:"
    r"|\d{1,2}:\d{2}:\d{2}|[+]07:00",
    regex.IGNORECASE,
)
ENCLOSED = regex.compile(r"^\(?\s*kèm theo", regex.IGNORECASE)
TRAILING_NUMBER_LABEL = regex.compile(r"\s+Số\s*:?\s*$")
KINH_GUI_FOLD = regex.compile(r"^kính gửi")


def is_motto_fold(fold_line: str) -> bool:
    key = fold_line.replace("–", "-")
    return any(m in key for m in MOTTOS)


def is_mark_fold(fold_line: str) -> bool:
    key = fold_line.strip(" ()[]:*.")
    return key in MARKS or DRAFT_MARK_FOLD.match(key) is not None


# ---------------------------------------------------------------------------------------------
# The closing (domain.md §1.4-5): signature block and Nơi nhận
# ---------------------------------------------------------------------------------------------
NOI_NHAN = regex.compile(r"^nơi\s*nhận\s*:?\s*", regex.IGNORECASE)
NOI_NHAN_FOLD = regex.compile(r"\bnơi nhận\s*:")
# The line that opens the recipients: "Nơi nhận:", "- Nơi nhận", "Nơi nhận:- UBND tỉnh;".
RECIPIENTS_LINE_FOLD = regex.compile(r"^\S{0,3}\s*nơi\s*nhận|\bnơi nhận\s*:")


def opens_recipients(fold_line: str) -> bool:
    return RECIPIENTS_LINE_FOLD.search(fold_line[:40]) is not None


AUTHORITY = regex.compile(
    r"^(?:(?P<auth>t\s*/\s*m)\.?|(?P<auth>tm|kt|tl|tuq|q)\s*[./])\s*(?P<rest>.*)$", regex.IGNORECASE
)
AUTHORITY_CANON: dict[str, Authority] = {
    "tm": "TM.",
    "t/m": "TM.",
    "kt": "KT.",
    "tl": "TL.",
    "tuq": "TUQ.",
    "q": "Q.",
}
BULLET = regex.compile(r"^[-+•*–—]\s*")
FILING = regex.compile(r"^lưu\b", regex.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Appendices (domain.md §1.6): "Phụ lục 01", "PHỤ BIỂU 02", "Biểu số 3", "(Kèm theo ... của ...)"
# ---------------------------------------------------------------------------------------------
CAPTION_HEAD = r"(?:phụ lục|phụ biểu)(?:[ ]+(?:số[ ]*)?[\dIVXLC]+)?|biểu[ ]+(?:số[ ]*)?[\dIVXLC]+"
CAPTION = regex.compile(rf"^(?:{CAPTION_HEAD})\b", regex.IGNORECASE | regex.MULTILINE)
# A line that is nothing but the caption head: where a stand-alone appendix or a plan's annexes
# start.
APPENDIX_LINE = regex.compile(rf"^\s*(?:{CAPTION_HEAD})\s*[.:]?\s*$", regex.IGNORECASE)
# Any line that opens an appendix: a caption, a "Biểu mẫu", or the "(Kèm theo ...)" line.
APPENDIX_START = regex.compile(
    r"^(?:phụ lục|phụ biểu|biểu\s*(?:số|mẫu)|\(?\s*kèm theo)", regex.IGNORECASE
)
# "(Kèm theo Kế hoạch số ... của Thành ủy Yên Bái)": the issuer an appendix repeats.
ENCLOSED_BY = regex.compile(r"kèm theo[^)]{0,80}?của\s+(?P<body>[^)\n]{5,90})\)", regex.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Places (domain.md §6) and bodies
# ---------------------------------------------------------------------------------------------
# Locality words and the level of the unit they name ("thành phố" is a province only for the
# centrally-run cities, see CENTRALLY_RUN_CITIES).
LOCALITY_LEVELS = mapping("locality_types")
LOCALITY_WORDS = tuple(LOCALITY_LEVELS)
LOCALITY_TYPE = alternation(LOCALITY_WORDS)
# Units below the province: what a target's scope names ("huyện Trạm Tấu", "xã Văn Phú").
LOCAL_UNIT_TYPE = alternation([w for w, level in LOCALITY_LEVELS.items() if level != "province"])
# Units above the commune: the bodies that issue most plans.
UPPER_LOCALITY_TYPE = alternation([w for w, level in LOCALITY_LEVELS.items() if level != "commune"])
LOCALITY_TYPE_FOLD = regex.compile(rf"\b({LOCALITY_TYPE})\b")
# Abbreviated place prefixes: "TP.", "TX.", "H.", "P." (and written out) before a proper name.
PLACE_PREFIX = regex.compile(
    r"^(?:"
    + alternation(list(mapping("locality_abbreviations")))  # TP. TX. TT. H. Q. P. X.
    + r"|tp|tx|tt|"
    + alternation([w for w in LOCALITY_WORDS if w != "tỉnh"])  # written out
    + r"(?=\s))\s*",
    regex.IGNORECASE,
)
PARTY_COMMITTEES = tuple(words("party_committees"))
PARTY_COMMITTEE_FOLD = regex.compile(
    r"\b("
    + "|".join(regex.escape(p) for p in PARTY_COMMITTEES)
    + r"|đảng bộ tỉnh|đảng bộ thành phố|đảng bộ huyện|đảng bộ)\b"
)
ORGANISATION_HEADS = tuple(sorted(words("organisation_heads"), key=len, reverse=True))
POSITION_TITLES = tuple(words("position_titles"))
ABBREVIATIONS = mapping("abbreviations")
ISSUER_CODES = mapping("issuer_codes")
NATIONAL_ISSUER_CODES = frozenset(words("national_issuer_codes"))
CENTRAL_MARKERS = tuple(m.strip() for m in words("central_markers"))
CENTRALLY_RUN_CITIES = tuple(words("centrally_run_cities"))
CITATION_TYPE_ALIASES = mapping("citation_type_aliases")


def starts_with_organisation(fold: str) -> bool:
    """Does a folded name start with a head noun of a body (``sở``, ``ủy ban nhân dân`` ...)?"""
    return any(fold.startswith(h + " ") or fold == h for h in ORGANISATION_HEADS)


def type_words_in_text() -> dict[str, str]:
    """Type codes plans write in running text ("QĐ số 12/QĐ-UBND") -> type name."""
    return {code: t.name for t in doc_types() for code in t.abbreviated_in_text}


def type_names() -> list[str]:
    """Every type name, and the words plans cite a type by (``Văn bản``), longest first."""
    names = [t.name for t in doc_types()] + list(CITATION_TYPE_ALIASES)
    return sorted(set(names), key=len, reverse=True)


# ---------------------------------------------------------------------------------------------
# Responsibilities (domain.md §5): who leads, who supports, by when (matched on folded text)
# ---------------------------------------------------------------------------------------------
# "Cơ quan chủ trì: X", "Đơn vị phối hợp: Y", "Cơ quan thực hiện: Z".
ROLE_LABEL_FOLD = regex.compile(
    r"(?:cơ quan|đơn vị)\s+(?P<label>chủ trì|phối hợp|thực hiện|thường trực|đầu mối|tham mưu)"
    r"(?:\s+thực hiện)?\s*:"
)
# A role stated right after the body it applies to ("X chủ trì", "X là cơ quan thường trực").
_DUTY = (
    r"(?:\s*,?\s*(?:theo|căn cứ)\s+(?:chức năng,?\s*nhiệm vụ|nhiệm vụ)"
    r"(?:\s+(?:được giao|của mình))?,?)?"
)
# The words that make a body the lead ("đồng chủ trì": one of two leads).
_LEAD_ROLE = r"(?:(?:đồng\s+)?chủ trì|thường trực|đầu mối|chịu trách nhiệm chính)\b"
LEAD_AFTER_FOLD = regex.compile(
    rf"{_DUTY}\s*(?:[(,]\s*)?(?:là\s+)?(?:cơ quan\s+|đơn vị\s+)?{_LEAD_ROLE}"
)
SUPPORT_AFTER_FOLD = regex.compile(
    rf"{_DUTY}\s*(?:có trách nhiệm\s+)?(?:chủ động\s+|tích cực\s+)?"
    r"(?:phối hợp|tham gia|hỗ trợ phối hợp)\b"
)
# People of a body ("các đồng chí Ủy viên Ban Thường vụ", "thủ trưởng các sở") are not the body.
PEOPLE_BEFORE_FOLD = regex.compile(
    r"(?:đồng chí|đ/c|ủy viên|thủ trưởng|lãnh đạo|giám đốc|phó giám đốc|chủ tịch|bí thư|trưởng|"
    r"cán bộ|công chức|viên chức)\s*(?:các\s+)?$"
)
# A clause that opens with its role and names no body: the item's own body takes it.
LEAD_OPENS_FOLD = regex.compile(
    rf"^[-+•*\s]*(?:trực tiếp\s+)?(?:là\s+)?(?:cơ quan\s+|đơn vị\s+)?{_LEAD_ROLE}"
)
SUPPORT_OPENS_FOLD = regex.compile(r"^[-+•*\s]*(?:tích cực\s+|chủ động\s+)?(?:phối hợp|tham gia)\b")
# "phối hợp với X, Y và Z ...": the partners named after the cue are supporting bodies.
PARTNERS_FOLD = regex.compile(
    r"\bphối hợp\s*(?:chặt chẽ\s*)?(?:với|cùng)?\b|\bvới sự phối hợp của\b"
)
# Words that end a list of partners: the verb of what they do together.
PARTNERS_END_FOLD = regex.compile(
    r"\b(?:để|nhằm|tổ chức|triển khai|thực hiện|xây dựng|tham mưu|hướng dẫn|kiểm tra|rà soát|"
    r"tổng hợp|chỉ đạo|theo dõi|đôn đốc|giám sát|tuyên truyền|vận động|hỗ trợ|bố trí|phân bổ|"
    r"đề xuất|trong)\b"
    r"|[;:.]"
)
# A body named as the author, addressee or reader of something is given no task by that mention.
NOT_ASSIGNED_BEFORE_FOLD = regex.compile(
    r"(?:\bcủa|\bbáo cáo|\btham mưu(?:\s+cho)?|\btrình|\bgửi(?:\s+về)?|\btheo|\bxin ý kiến"
    r"|\bđến|\bvề|\btại)"
    r"\s*$"
)
# A body given a task in the middle of a sentence: "chỉ đạo X nhận đỡ đầu ...", "giao X ...", and
# "phát huy vai trò của X trong việc ...".
DIRECTED_BEFORE_FOLD = regex.compile(
    r"(?:\bchỉ đạo|\bgiao(?:\s+cho)?|\byêu cầu|\bđề nghị|\bphân công|"
    r"(?:phát huy|nâng cao|tăng cường)\s+(?:vai trò|trách nhiệm)(?:\s+hoạt động)?(?:\s+của)?)"
    r"\s*(?:các\s+)?$"
)
# Openers before a subject body: "Đề nghị X ...", "Giao X ...", "Yêu cầu X ...", and headings
# that name whose duties follow: "Trách nhiệm của X, Y", "Nhiệm vụ của X".
SUBJECT_OPENER_FOLD = regex.compile(
    r"^[-+•*\s\d.)]*(?:đề nghị|giao cho|giao|yêu cầu|(?:trách nhiệm|nhiệm vụ)\s+của)?\s*"
)

# Deadlines (domain.md §3). A periodic duty lists its periods after "định kỳ", each with an optional
# date: "Định kỳ 6 tháng (trước ngày 25/6), năm (trước ngày 25/11)", "định kỳ 6 tháng, một năm".
_PERIOD = r"(?:(?:\d{1,2}|một|hai|ba|sáu)\s+|(?:hàng|hằng)\s+)?(?:tháng|quý|năm|tuần)"
# "25/12" or, written out, "25 tháng 12".
_DAY_MONTH = r"\d{1,2}\s*(?:/|tháng)\s*\d{1,2}"
PERIODIC_FOLD = regex.compile(
    rf"định\s+kỳ\s+{_PERIOD}(?:\s*\(?\s*\*?trước\s+ngày\s+{_DAY_MONTH}\*?\s*\)?)?"
    rf"(?:\s*(?:,|và)\s*{_PERIOD}(?:\s*\(?\s*\*?trước\s+ngày\s+{_DAY_MONTH}\*?\s*\)?)?)*"
)
PERIOD_ITEM_FOLD = regex.compile(
    r"(?P<n>\d{1,2}|một|hai|ba|sáu)?\s*(?:hàng\s+|hằng\s+)?(?P<unit>tháng|quý|năm|tuần)"
    r"(?:\s*\(?\s*\*?trước\s+ngày\s+(?P<d>\d{1,2})\s*(?:/|tháng)\s*(?P<m>\d{1,2}))?"
)
# A dated or recurring limit: "trước ngày 10/12 hàng năm", "trước ngày 30/6/2023", "hằng quý",
# "trong quý II/2024", "trong tháng 3/2024", "trước cuối năm 2023". "kế hoạch hằng năm" and
# "dự toán ngân sách hàng năm" name documents, not limits.
DEADLINE_FOLD = regex.compile(
    r"""(?: (?:trước|chậm\s+nhất(?:\s+là)?|hoàn\s+thành\s+trước|trong)\s+(?:ngày\s*)?
            (?: (?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})
                (?:\s*/\s*(?P<y>(?:19|20)\d\d))?
              | (?<=ngày\s*)(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})
                (?:\s+năm\s+(?P<y>(?:19|20)\d\d))? )
            (?P<yearly>\s*(?:hàng|hằng)\s+năm)?
          # "chậm nhất vào ngày 05 hằng tháng": monthly, on a day
          | (?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|vào)\s+ngày\s+(?P<md>\d{1,2})
            \s+(?:hàng|hằng)\s+tháng
          | (?:trong\s+)?quý\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:/|năm\s+)\s*(?P<qy>(?:19|20)\d\d)
          | trong\s+tháng\s+(?P<mm>\d{1,2})\s*(?:/|năm\s+)\s*(?P<my>(?:19|20)\d\d)
          | (?<!kế\s+hoạch\s(?:\p{L}+\s){0,5})(?<!dự\s+toán\s)(?<!ngân\s+sách\s)(?<!báo\s+cáo\s)
            (?<!chương\s+trình\s)
            (?:hàng|hằng)\s+(?P<every>năm|quý|tháng|tuần)\b
          | (?:trước|đến|trong)\s+(?P<endyear>cuối\s+năm\s+(?:19|20)\d\d) )""",
    regex.VERBOSE,
)
# In a table's time column a bare month is the limit ("Tháng 12/2026", "tháng 6 năm 2026"), and
# "Thường xuyên" / "Liên tục" (ongoing) is none.
MONTH_YEAR_FOLD = regex.compile(r"\btháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>(?:19|20)\d\d)\b")
CONTINUOUS_FOLD = regex.compile(
    r"[\s.,;-]*(?:nhiệm\s+vụ\s+)?(?:thường\s+xuyên|liên\s+tục|hằng\s+ngày|hàng\s+ngày)[\s.,;-]*"
)
PERIOD_MONTHS = {"một": 1, "hai": 2, "ba": 3, "sáu": 6}
RECURRENCE = {"năm": "yearly", "quý": "quarterly", "tháng": "monthly", "tuần": "weekly"}
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

# Programme items of the 2021-2025 national poverty programme (Quyết định 90/QĐ-TTg):
# "Dự án 4 (Tiểu dự án 1, 3)", "Tiểu dự án 1, Dự án 6", "Tiêu dự án 2 thuộc Dự án 3".
PROJECT_FOLD = regex.compile(r"(?<!tiểu\s)(?<!tiêu\s)\bdự án\s+(?P<n>\d{1,2})\b")
SUBPROJECT_FOLD = regex.compile(
    r"\b(?:tiểu|tiêu)\s+dự án\s+(?P<ns>\d{1,2}(?:\s*(?:,|và|;)\s*\d{1,2})*)\b"
)
POVERTY_PROGRAMME_FOLD = regex.compile(r"giảm nghèo")
