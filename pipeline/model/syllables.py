"""Tone and vowel marks OCR dropped or changed, put back by what the neighbouring syllables say.

Why: Tesseract's Vietnamese model often reads a mark wrong on one vowel ("liên quan đên ma túy",
"tông kết", "đê nghị"). The fixed vocabulary (``pipeline.model.grammar.OCR_VOCABULARY``) repairs
type names, bodies and positions, but not the running words of titles, headings and targets.

How: a table of syllables and syllable pairs counted in the text layers of public plans and
official letters (``data/syllables.json``; how it is built: ``data/syllables.README.md``). A
syllable OCR read that the table has never seen is replaced by a seen syllable with the same
letters (other marks only) when the pair it would make with its neighbours is seen and is far
likelier than any other reading. A seen syllable is never changed ("dễ hiểu" stays), a name is
left alone (a capitalised syllable beside another), and nothing changes without a neighbour's
evidence.
"""

from __future__ import annotations

import json
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import regex

from pipeline.model.grammar import cased_like
from pipeline.model.vietnamese import strip_accents

DATA = Path(__file__).with_name("data") / "syllables.json"
SYLLABLE = regex.compile(r"\p{L}+")
# The smallest count kept in the table: a syllable or pair seen once may be a typo.
MIN_COUNT = 2
# How much likelier (natural log) the chosen reading must be than the next best, and how many
# times the chosen syllable must have been seen beside one of its neighbours.
MARGIN = 3.0
MIN_EVIDENCE = 2
SMOOTHING = 0.1
# Neighbours further apart than this many characters (across a tab or a column) do not count.
NEAR = 3


class SyllableTable:
    """Counts of syllables and of adjacent pairs, in lower case, and the dictionary's words."""

    def __init__(
        self,
        unigrams: dict[str, int],
        bigrams: dict[tuple[str, str], int],
        words: set[tuple[str, str]] | None = None,
    ) -> None:
        self.unigrams = unigrams
        self.counted_pairs = bigrams
        self.words = words or set()
        self.word_syllables = {s for pair in self.words for s in pair}
        # A two-syllable word of the dictionary counts as a pair seen MIN_EVIDENCE times.
        self.bigrams = dict.fromkeys(self.words, MIN_EVIDENCE) | bigrams
        self.size = max(1, len(unigrams))
        self.by_letters: dict[str, list[str]] = defaultdict(list)
        for syllable in {*unigrams, *self.word_syllables}:
            self.by_letters[strip_accents(syllable)].append(syllable)
        for same in self.by_letters.values():
            same.sort()

    def log_next(self, first: str, second: str) -> float:
        """log P(second | first), add-k smoothed."""
        pair = self.bigrams.get((first, second), 0)
        return math.log((pair + SMOOTHING) / (self.unigrams.get(first, 0) + SMOOTHING * self.size))


def dictionary_words() -> set[tuple[str, str]]:
    """Adjacent syllables of the words of underthesea's Viet74K dictionary ("trông chờ", "dự
    trù"): the language beyond what the counted letters say. Read as a file; the package's
    code is not imported."""
    spec = find_spec("underthesea")
    if spec is None or spec.origin is None:
        return set()
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    pairs: set[tuple[str, str]] = set()
    for word in path.read_text(encoding="utf-8").splitlines():
        syllables = word.lower().split()
        pairs.update(zip(syllables, syllables[1:], strict=False))
    return pairs


@cache
def table() -> SyllableTable:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    bigrams: dict[tuple[str, str], int] = {}
    for pair, n in data["bigrams"].items():
        first, second = pair.split(" ")
        bigrams[first, second] = n
    return SyllableTable(data["unigrams"], bigrams, dictionary_words())


def respell_line(line: str, counted: SyllableTable | None = None) -> dict[int, str]:
    """The syllables of one line to respell: start offset -> the syllable as it should read
    (``strip_accents`` keeps what OCR keeps when it gets a mark wrong: "tổng" -> "tong")."""
    known = counted or table()
    tokens = list(SYLLABLE.finditer(line))
    lowered = [t.group().lower() for t in tokens]
    all_capitals = line.upper() == line
    out: dict[int, str] = {}
    for i, token in enumerate(tokens):
        seen = lowered[i]
        before = lowered[i - 1] if i and tokens[i - 1].end() >= token.start() - NEAR else None
        after = (
            lowered[i + 1]
            if i + 1 < len(tokens) and tokens[i + 1].start() <= token.end() + NEAR
            else None
        )
        if seen in known.unigrams or (before, seen) in known.words or (seen, after) in known.words:
            continue  # counted, or a word of the dictionary with its neighbour ("trông chờ")
        candidates = known.by_letters.get(strip_accents(seen), [])
        if not candidates:
            continue
        if not all_capitals and (
            token.group()[:1].isupper() or (i > 1 and tokens[i - 1].group()[:1].isupper())
        ):
            # A capital in running text, or a syllable after one inside a line, may be a name
            # ("Trần Hoàng Tuân", "Yên Bái" broken across the lines of a cell) and is left.
            continue
        best = _likeliest(known, candidates, seen, before, after)
        if best is not None:
            out[token.start()] = cased_like(token.group(), best)
            lowered[i] = best  # the next syllable is judged beside the respelt one
    return out


def _likeliest(
    known: SyllableTable, candidates: list[str], seen: str, before: str | None, after: str | None
) -> str | None:
    def score(syllable: str) -> float:
        total = 0.0
        if before in known.unigrams:
            total += known.log_next(before, syllable)
        if after in known.unigrams:
            total += known.log_next(syllable, after)
        return total

    ranked = sorted(candidates, key=score, reverse=True)
    best = ranked[0]
    runner_up = max([score(c) for c in ranked[1:2]] + [score(seen)])
    # A syllable of the language ("sập") is changed only on the counted letters' evidence,
    # not on the dictionary's alone: "sấp đổ" would be a word too.
    pairs = known.counted_pairs if seen in known.word_syllables else known.bigrams
    evidence = pairs.get((before or "", best), 0) + pairs.get((best, after or ""), 0)
    if evidence >= MIN_EVIDENCE and score(best) - runner_up >= MARGIN:
        return best
    return None


def respell(text: str) -> dict[int, str]:
    """``respell_line`` over every line of ``text``, offsets into ``text``."""
    out: dict[int, str] = {}
    start = 0
    for line in text.split("\n"):
        out.update({start + k: v for k, v in respell_line(line).items()})
        start += len(line) + 1
    return out


def count(texts: Iterable[str]) -> dict[str, object]:
    """The table of ``texts``: syllables and adjacent pairs within a line, seen ``MIN_COUNT``
    times or more."""
    unigrams: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    for text in texts:
        for line in text.lower().split("\n"):
            tokens = list(SYLLABLE.finditer(line))
            unigrams.update(t.group() for t in tokens)
            bigrams.update(
                (a.group(), b.group())
                for a, b in zip(tokens, tokens[1:], strict=False)
                if b.start() <= a.end() + NEAR
            )
    return {
        "unigrams": {w: c for w, c in sorted(unigrams.items()) if c >= MIN_COUNT},
        "bigrams": {f"{a} {b}": c for (a, b), c in sorted(bigrams.items()) if c >= MIN_COUNT},
    }


def build(manifest: Path, out: Path = DATA) -> None:
    """Write the table from the records a ``vnplan extract`` run listed in ``manifest``: the
    text of every record read from a text layer (OCR'd records would teach OCR's errors)."""
    texts = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry.get("status") != "ok" or not entry.get("record"):
            continue
        record = json.loads(Path(entry["record"]).read_text(encoding="utf-8"))
        if not record["source"].get("ocr"):
            texts.append(record["text"])
    table_data = count(texts)
    out.write_text(json.dumps(table_data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{len(texts)} records -> {out}", file=sys.stderr)


if __name__ == "__main__":  # python -m pipeline.model.syllables MANIFEST.jsonl
    build(Path(sys.argv[1]))
