"""The indicator taxonomy (``data/indicators.json``): stable ids for what a target measures, found
by their synonyms in the folded text, and only where the figure's unit fits the indicator's."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

from pipeline.model.grammar import unit_fits
from pipeline.model.vietnamese import fold_text

DATA = Path(__file__).with_name("data") / "indicators.json"


@dataclass(frozen=True)
class Indicator:
    id: str
    unit: str
    synonym: str


@cache
def indicator_patterns() -> list[tuple[regex.Pattern, Indicator]]:
    """Every synonym of the taxonomy, longest first, as a folded-text pattern."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    pairs = []
    for item in data["indicators"]:
        for syn in {item["label"].lower(), *item.get("synonyms", [])}:
            key = fold_text(syn)
            pairs.append(
                (
                    len(key),
                    regex.compile(r"(?<!\p{L})" + regex.escape(key) + r"(?!\p{L})"),
                    Indicator(item["id"], item["unit"], syn),
                )
            )
    pairs.sort(key=lambda p: -p[0])
    return [(pat, ind) for _, pat, ind in pairs]


# "tỉ lệ" and "tỷ lệ" are one word in two spellings (same length, so offsets hold).
I_SPELLING = regex.compile(r"(?<!\p{L})tỉ(?!\p{L})")


@cache
def _prefilters() -> list[tuple[str, str, regex.Pattern, Indicator]]:
    """Each synonym pattern with its synonym's first word and its folded text."""
    return [
        (ind.synonym.split(" ", 1)[0], fold_text(ind.synonym), pat, ind)
        for pat, ind in indicator_patterns()
    ]


@cache
def longest_synonym() -> int:
    """The length of the longest synonym, folded: how far before a figure one may start."""
    return max(len(key) for _, key, _, _ in _prefilters())


def find_mentions(fold: str) -> list[tuple[int, int, Indicator]]:
    """Every synonym occurrence in the paragraph. Cheap prefilters: the synonym's first word, and
    its folded text (a synonym whose text the paragraph does not hold cannot match)."""
    fold = I_SPELLING.sub("tỷ", fold)
    out: list[tuple[int, int, Indicator]] = []
    for first, key, pat, ind in _prefilters():
        if first not in fold or key not in fold:
            continue
        out.extend((s.start(), s.end(), ind) for s in pat.finditer(fold))
    return out


def indicator_of_label(label: str, unit: str) -> str | None:
    """The indicator a table row's label names: its longest synonym whose unit fits."""
    fitting = [
        (end - start, ind.id)
        for start, end, ind in find_mentions(fold_text(label))
        if unit_fits(ind.unit, unit)
    ]
    return max(fitting)[1] if fitting else None
