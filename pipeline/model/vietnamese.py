"""Vietnamese text helpers: matching keys, tone-mark placement, capitalisation."""

from __future__ import annotations

import unicodedata

import regex

# Old-style tone placement on open syllables oa/oe/uy ("hoà", "thuỷ") -> new style ("hòa", "thủy").
_TONED = {
    "a": "àáảãạ",
    "e": "èéẻẽẹ",
    "y": "ỳýỷỹỵ",
    "o": "òóỏõọ",
    "u": "ùúủũụ",
}
_OLD_STYLE = regex.compile(r"(?<!q)(o)([àáảãạèéẻẽẹ])(?!\p{L})|(?<!q)(u)([ỳýỷỹỵ])(?!\p{L})")


def _tone_of(ch: str) -> int:
    for marks in _TONED.values():
        if ch in marks:
            return marks.index(ch)
    return -1


def _base_of(ch: str) -> str:
    for base, marks in _TONED.items():
        if ch in marks:
            return base
    return ch


def _move_tone(m: regex.Match) -> str:
    if m.group(1):
        tone = _tone_of(m.group(2))
        return _TONED["o"][tone] + _base_of(m.group(2))
    tone = _tone_of(m.group(4))
    return _TONED["u"][tone] + "y"


def _lower_char(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold_text(text: str) -> str:
    """Lower case with canonical tone placement; same length as ``text``, letter for letter."""
    low = text.lower()
    # str.lower is letter for letter unless a letter lowers to two (İ) or a final sigma takes
    # its final form: then lower each letter on its own.
    if len(low) != len(text) or "Σ" in text:
        low = "".join(_lower_char(c) for c in text)
    folded = _OLD_STYLE.sub(_move_tone, low)
    return folded if len(folded) == len(text) else low


def match_key(text: str) -> str:
    """Key for comparing names: NFC, folded, single spaces, no edge punctuation."""
    text = unicodedata.normalize("NFC", text)
    text = fold_text(text)
    text = regex.sub(r"[\s\u00a0]+", " ", text)
    return text.strip(" .,;:-–")


def strip_accents(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


def is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# Every Vietnamese letter by its bare letter: OCR confuses the letters of one class ("Sô" for
# "Số", "UBNĐ" for "UBND"), and the Icelandic eth (Ð) that OCR reads for Đ joins the d class.
_VOWELS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
LETTER_CLASSES: dict[str, str] = {}
for _ch in _VOWELS + "dđð":
    LETTER_CLASSES.setdefault(strip_accents(_ch).lower().replace("ð", "d"), "")
    LETTER_CLASSES[strip_accents(_ch).lower().replace("ð", "d")] += _ch + _ch.upper()


def bare_letter(ch: str) -> str:
    """``ố`` -> ``o``, ``Đ`` -> ``d``: the class a letter belongs to, in lower case."""
    return strip_accents(ch).lower().replace("ð", "d")
