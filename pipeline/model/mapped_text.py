"""A string that remembers, for every character, where it came from in the raw text.

Normalisation is a chain of substitutions; each keeps the origin map, so spans found in the
normalised text can always be traced back to the raw text that a reader produced.
"""

from __future__ import annotations

from collections.abc import Callable

import regex


class MappedText:
    def __init__(self, text: str, origins: list[int] | None = None) -> None:
        self.text = text
        self.origins = origins if origins is not None else list(range(len(text)))

    def sub(self, pattern: regex.Pattern, repl: str | Callable[[regex.Match], str]) -> MappedText:
        """Like ``pattern.sub``; replacement character k maps to matched character k (or the
        last)."""
        text, orig = self.text, self.origins
        first = pattern.search(text)
        if first is None:
            return self  # most steps find nothing to change: no copy of the text and its map
        out: list[str] = []
        origins: list[int] = []
        pos = 0
        for m in pattern.finditer(text, first.start()):
            start, end = m.span()
            out.append(text[pos:start])
            origins.extend(orig[pos:start])
            new = repl(m) if callable(repl) else m.expand(repl)
            if new:
                out.append(new)
                if end > start:
                    last = end - 1
                    origins.extend(orig[min(start + k, last)] for k in range(len(new)))
                else:
                    anchor = orig[start] if start < len(orig) else (orig[-1] + 1 if orig else 0)
                    origins.extend([anchor] * len(new))
            pos = end
        out.append(text[pos:])
        origins.extend(orig[pos:])
        return MappedText("".join(out), origins)

    def raw_offset(self, index: int) -> int:
        """Raw-text offset of normalised offset ``index`` (end offsets map past the last char)."""
        if not self.origins:
            return 0
        if index >= len(self.origins):
            return self.origins[-1] + 1
        return self.origins[index]
