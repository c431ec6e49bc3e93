"""Names of bodies and positions: capitals to normal Vietnamese casing, abbreviations expanded,
kind (state / party / council / other) and level (central / province / district / commune)."""

from __future__ import annotations

import regex

from pipeline.model.grammar import (
    ABBREVIATIONS,
    CENTRAL_MARKERS,
    CENTRALLY_RUN_CITIES,
    LOCALITY_TYPE_FOLD,
    LOCALITY_WORDS,
    PARTY_COMMITTEE_FOLD,
    PARTY_COMMITTEES,
)
from pipeline.model.vietnamese import fold_text
from pipeline.model.vocab import mapping
from schemas.models import IssuerKind, Level

# Abbreviations of bodies and of place types ("TP. Yên Bái"), as whole words.
_EXPANSIONS = [
    *(
        (regex.compile(rf"\b{regex.escape(a)}\b", regex.IGNORECASE), full)
        for a, full in ABBREVIATIONS.items()
    ),
    *(
        (
            regex.compile(rf"\b{regex.escape(a)}" + (r"\s*" if a.endswith(".") else r"\b\s*")),
            full + " ",
        )
        for a, full in mapping("locality_abbreviations").items()
    ),
]
MINISTRY_FIELD = regex.compile(r"(,\s+|\s[-–]\s|\svà\s)(\p{Ll})")
CAPITALISED_AFTER = {
    "sở",
    "bộ",
    "ban",
    "cục",
    "chi cục",
    "tổng cục",
    "vụ",
    "viện",
    "trung tâm",
    "hội",
    "liên đoàn",
    "phòng",
}
# The words of locality types: the first word ("thành" of "thành phố") and the last ("phố").
FIRST_LOCALITY_WORDS = {w.split(" ")[0] for w in LOCALITY_WORDS}
LAST_LOCALITY_WORDS = {w.split(" ")[-1] for w in LOCALITY_WORDS}
PARTY_KIND = "|".join(PARTY_COMMITTEES[:-1])  # committees of a place (not "đảng ủy" of a body)
KEEP_CAPITAL = [
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Ban Chỉ đạo",
    "Mặt trận Tổ quốc",
    "Việt Nam",
    "Trung ương",
    "Công an",
    "Chính phủ",  # the Government, a name; a "tổ chức phi chính phủ" is not
]


def expand_abbreviations(name: str) -> str:
    for pattern, full in _EXPANSIONS:
        name = pattern.sub(full, name)
    return " ".join(name.split())


def _title(word: str) -> str:
    return word[:1].upper() + word[1:]


def pretty_name(raw: str) -> str:
    """``ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG`` -> ``Ủy ban nhân dân tỉnh Lâm Đồng``."""
    name = " ".join(raw.replace("\n", " ").split()).strip(" ,.;:-")
    letters = [c for c in name if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) < 0.8 * len(letters):
        name = expand_abbreviations(name)
        return name[:1].upper() + name[1:]
    name = expand_abbreviations(name)
    low = name.lower()
    words = low.split(" ")
    out: list[str] = []
    proper = False
    for i, word in enumerate(words):
        prev2 = " ".join(words[max(0, i - 2) : i])
        prev1 = words[i - 1] if i else ""
        if i == 0:
            out.append(_title(word))
            continue
        if proper:
            out.append(_title(word))
            continue
        if (prev1, word) == ("xã", "hội"):  # "xã hội" (society), not a commune named Hội
            out.append(word)
            continue
        if prev1 in LAST_LOCALITY_WORDS | {"ủy"} and prev2 not in {
            "ban nhân",
            "đồng nhân",
        }:
            if prev1 == "xã" and prev2.endswith("thị"):
                proper = True
            elif prev1 == "ủy" and fold_text(prev2.split(" ")[0]) in {
                "thành",
                "tỉnh",
                "huyện",
                "quận",
                "thị",
            }:
                proper = True
            elif prev1 != "ủy":
                proper = True
            out.append(_title(word) if proper else word)
            continue
        if word in FIRST_LOCALITY_WORDS or (prev1, word) == ("hội", "đồng"):
            out.append(word)
            continue
        if prev1 in CAPITALISED_AFTER or prev2 in CAPITALISED_AFTER:
            if (
                prev1 in CAPITALISED_AFTER and (i < 2 or words[i - 2] not in CAPITALISED_AFTER)
            ) or prev2 in {
                "chi cục",
                "tổng cục",
                "trung tâm",
                "liên đoàn",
            }:
                out.append(_title(word))
                continue
        out.append(word)
    text = " ".join(out)
    for phrase in KEEP_CAPITAL:
        text = regex.sub(
            r"(?<!\bphi )" + regex.escape(phrase.lower()), phrase, text, flags=regex.IGNORECASE
        )
    if regex.match(
        r"(?i)(?:bộ|sở)\s", text
    ):  # "Bộ Lao động - Thương binh và Xã hội": each field capitalised
        text = MINISTRY_FIELD.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return text[:1].upper() + text[1:]


def pretty_position(raw: str) -> str:
    """``PHÓ CHỦ TỊCH`` -> ``Phó Chủ tịch``; ``CHÁNH VĂN PHÒNG`` -> ``Chánh Văn phòng``; ``THỨ
    TRƯỞNG`` -> ``Thứ trưởng`` and ``PHÓ CHÁNH ÁN`` -> ``Phó Chánh án`` (one title each, not
    a title of another title or of a body)."""
    words = " ".join(raw.split()).lower().split(" ")
    if not words or not words[0]:
        return raw
    out = [_title(words[0])]
    for i, word in enumerate(words[1:], start=1):
        prev = words[i - 1]
        if (prev in {"phó", "chánh"} and (prev, word) != ("chánh", "án")) or (
            prev == "tổng" and i == 1
        ):
            out.append(_title(word))
        else:
            out.append(word)
    text = " ".join(out)
    for phrase in KEEP_CAPITAL:
        text = regex.sub(regex.escape(phrase.lower()), phrase, text, flags=regex.IGNORECASE)
    return text


def kind_of(name: str, parent: str | None = None) -> IssuerKind:
    key = fold_text(f"{name} {parent or ''}")
    own = fold_text(name)
    if regex.search(rf"đảng|{PARTY_KIND}|ban thường vụ|ban chấp hành|ủy ban kiểm tra", own):
        return "party"
    if regex.search(r"hội đồng nhân dân", own):
        return "council"
    if parent and regex.search(r"^ban chỉ đạo|^tổ công tác|^hội đồng", own):
        return kind_of(parent)  # a steering committee is of the body it sits under
    if regex.search(
        r"ủy ban nhân dân|^sở |^bộ |chính phủ|thủ tướng|công an|văn phòng|^cục|^chi cục|^tổng"
        r" cục|^vụ |quốc hội"
        r"|ban chỉ đạo|^phòng|trung tâm|thanh tra|kho bạc|ban quản lý|hội đồng",
        own,
    ):
        return "state"
    if regex.search(rf"đảng|{PARTY_KIND}", key):
        return "party"
    if regex.search(r"mặt trận|^hội |liên đoàn|^đoàn |hội liên hiệp", own):
        return "other"
    return (
        "state" if parent and regex.search(r"ủy ban nhân dân|^bộ ", fold_text(parent)) else "other"
    )


def level_of(name: str, parent: str | None = None) -> Level | None:
    """Administrative level of a body, from its own name first, then from its parent's."""
    central, cities = CENTRAL_MARKERS, CENTRALLY_RUN_CITIES
    for candidate in (name, parent):
        if not candidate:
            continue
        key = fold_text(candidate)
        m = LOCALITY_TYPE_FOLD.search(key) or None
        party = PARTY_COMMITTEE_FOLD.search(key)
        if party and not m:
            word = party.group(1)
            rest = key[party.end() :].strip()
            if word in {"tỉnh ủy", "đảng bộ tỉnh"}:
                return "province"
            if word in {"thành ủy", "đảng bộ thành phố"}:
                return "province" if any(rest.startswith(c) for c in cities) else "district"
            if word in {"huyện ủy", "quận ủy", "thị ủy", "đảng bộ huyện"}:
                return "district"
        if m:
            kind = m.group(1)
            rest = key[m.end() :].strip()
            if kind == "tỉnh":
                return "province"
            if kind == "thành phố":
                return "province" if any(rest.startswith(c) for c in cities) else "district"
            if kind in {"huyện", "quận", "thị xã"}:
                return "district"
            return "commune"
        if any(key.startswith(c) or f" {c}" in f" {key}" for c in central if c):
            return "central"
    return None
