"""The sentence behind a fact: what a reader of a comparison needs to see to trust a figure.

A fact's span points at the figure ("0,42%"); the evidence is the sentence around it, or, for a
figure read from an appendix table (whose span is the whole table), the table row it came from.
Both are cut from the record's text, so the evidence span stays a true span of that text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.model.vietnamese import fold_text

MAX_CHARS = 600  # a sentence longer than this is cut around the figure
# A sentence ends at . ; ! ? followed by space and a capital, a dash or a bullet; "0,42%." or
# "Điều 5." inside a sentence are not followed by a capital.
SENTENCE_END = regex.compile(r"(?<=[.;!?])[ ]+(?=[\p{Lu}\-+•*])")
WORD = regex.compile(r"\w+")


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int
    text: str


def line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (one line of the normalised text) holding ``start``..``end``."""
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", max(start, end - 1))
    return lo, len(text) if hi < 0 else hi


def sentence(text: str, start: int, end: int) -> Evidence:
    """The sentence of ``text`` around the span; a table row when the span sits in one."""
    if not text or start >= len(text):
        return Evidence(start, end, "")
    lo, hi = line_bounds(text, start, end)
    if end > hi:  # the span runs over several paragraphs (a table): the caller picks a line
        return _clip(text, start, end)
    line = text[lo:hi]
    if "\t" in line:
        return Evidence(lo, hi, line.replace("\t", " | ").strip(" |"))
    s, e = lo, hi
    for m in SENTENCE_END.finditer(line):
        cut = lo + m.start()
        if cut < start:
            s = lo + m.end()
        elif cut >= end:
            e = cut
            break
    return _clip(text, s, e, focus=(start, end))


def best_line(text: str, start: int, end: int, words: str, more: str = "") -> Evidence:
    """Of the lines in ``start``..``end`` (a table), the one sharing the most words with
    ``words`` (a row label, the unit a check names), ties going to the most words shared with
    ``more`` (the rest of a check's message); the first line when none shares any."""
    want = set(WORD.findall(fold_text(words)))
    also = set(WORD.findall(fold_text(more)))
    best: tuple[int, int, int, int] | None = None
    pos = start
    while pos < end:
        hi = text.find("\n", pos, end)
        hi = end if hi < 0 else hi
        have = set(WORD.findall(fold_text(text[pos:hi])))
        score = (len(want & have), len(also & have))
        if text[pos:hi].strip() and (best is None or score > best[:2]):
            best = (*score, pos, hi)
        pos = hi + 1
    if best is None:
        return _clip(text, start, end)
    return sentence(text, best[2], best[3])


def _clip(text: str, start: int, end: int, focus: tuple[int, int] | None = None) -> Evidence:
    if end - start <= MAX_CHARS:
        return Evidence(start, end, text[start:end].replace("\t", " | ").strip())
    centre = (focus[0] + focus[1]) // 2 if focus else start + MAX_CHARS // 2
    s = max(start, min(centre - MAX_CHARS // 2, end - MAX_CHARS))
    e = s + MAX_CHARS
    body = text[s:e].replace("\t", " | ").strip()
    return Evidence(s, e, ("… " if s > start else "") + body + (" …" if e < end else ""))
