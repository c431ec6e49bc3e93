"""The agency matcher's cost per page, spaCy's PhraseMatcher (the product's) against a plain regex
alternation over the same aliases and tokens, and how far their mentions agree."""

from __future__ import annotations

import time
from pathlib import Path

import regex

from pipeline.model.agencies import AgencyMatcher, lexicon, tokens
from pipeline.normalize import normalise
from pipeline.readers import format_of, read
from tests.benchmark.files import SAMPLES

CHARS_PER_PAGE = 3000


class RegexAgencyMatcher:
    """The same aliases as one alternation over the folded text, longest first."""

    def __init__(self) -> None:
        alternatives = []
        for alias, key, _ in lexicon().aliases:
            words = [regex.escape(t) for t, _, _ in tokens(alias)]
            if words and key != "!":
                alternatives.append(r"\s*".join(words))
        alternatives.sort(key=len, reverse=True)
        self._pattern = regex.compile(
            r"(?<![\p{L}\d])(?:" + "|".join(alternatives) + r")(?![\p{L}\d])"
        )

    def find(self, text: str) -> list[tuple[int, int]]:
        folded = " ".join(t for t, _, _ in tokens(text))
        return [m.span() for m in self._pattern.finditer(folded)]


def measure(folder: Path) -> dict[str, float]:
    texts = [
        normalise(read(p)).text for p in sorted(folder.glob("*")) if format_of(p) in {"txt", "docx"}
    ]
    pages = sum(len(t) for t in texts) / CHARS_PER_PAGE
    t0 = time.perf_counter()
    spacy_matcher = AgencyMatcher()
    build_spacy = time.perf_counter() - t0
    t0 = time.perf_counter()
    regex_matcher = RegexAgencyMatcher()
    build_regex = time.perf_counter() - t0
    t0 = time.perf_counter()
    spacy_found = sum(len(spacy_matcher.find(t)) for t in texts)
    spacy_secs = time.perf_counter() - t0
    t0 = time.perf_counter()
    regex_found = sum(len(regex_matcher.find(t)) for t in texts)
    regex_secs = time.perf_counter() - t0
    return {
        "pages": pages,
        "spacy_build_s": build_spacy,
        "regex_build_s": build_regex,
        "spacy_ms_per_page": 1000 * spacy_secs / pages,
        "regex_ms_per_page": 1000 * regex_secs / pages,
        "spacy_mentions": spacy_found,
        "regex_mentions": regex_found,
    }


def run(quick: bool) -> dict[str, float]:
    """The ``agencies`` section of ``make bench`` (the same in quick and full runs)."""
    return measure(SAMPLES)


def show(result: dict[str, float]) -> None:
    print("\nagency matcher (samples, txt + docx; a page is 3,000 characters)")
    for key, value in result.items():
        print(f"  {key:20} {value:10.2f}")


def main() -> None:
    show(run(False))


if __name__ == "__main__":
    main()
