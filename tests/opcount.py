"""Operation counts: a deterministic measure of work for the linearity test (timings belong to
``make bench``).

Two things are counted while a stage runs:
- every Python call and every call into C (``sys.setprofile`` events), which grows with the
  square of the input when a loop runs over pairs;
- the characters each regular-expression call may scan (the span from its start to where it
  stopped: a match's end, or the end of the text when it found nothing), which grows with the
  square of the input when a search per item runs to the end of the text. Patterns are counted
  through proxies put in place of the compiled patterns (and of the ``regex`` module) held by
  the modules of ``pipeline`` and ``extractors`` for the duration.
What one C call does besides regex scanning (a slice, ``str.find``) is not counted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import regex

PACKAGES = ("pipeline", "extractors")


class Counter:
    def __init__(self) -> None:
        self.calls = 0
        self.scanned = 0

    @property
    def total(self) -> int:
        return self.calls + self.scanned


def _span(string: Any, pos: int | None, endpos: int | None) -> tuple[int, int]:
    n = len(string)
    return (pos or 0), (n if endpos is None else min(endpos, n))


class CountingPattern:
    """A compiled pattern that adds what each call scans to a counter."""

    def __init__(self, pattern: regex.Pattern, counter: Counter) -> None:
        self._p = pattern
        self._c = counter

    def __getattr__(self, name: str) -> Any:
        return getattr(self._p, name)

    def search(self, string: Any, pos: int | None = None, endpos: int | None = None, **kw: Any):
        start, end = _span(string, pos, endpos)
        m = self._p.search(string, start, end, **kw)
        self._c.scanned += (m.end() if m else end) - start + 1
        return m

    def match(self, string: Any, pos: int | None = None, endpos: int | None = None, **kw: Any):
        start, end = _span(string, pos, endpos)
        m = self._p.match(string, start, end, **kw)
        self._c.scanned += (m.end() - start if m else 0) + 1
        return m

    def fullmatch(self, string: Any, pos: int | None = None, endpos: int | None = None, **kw: Any):
        start, end = _span(string, pos, endpos)
        self._c.scanned += end - start + 1
        return self._p.fullmatch(string, start, end, **kw)

    def finditer(self, string: Any, pos: int | None = None, endpos: int | None = None, **kw: Any):
        start, end = _span(string, pos, endpos)
        return self._iterate(self._p.finditer(string, start, end, **kw), start, end)

    def _iterate(self, matches: Iterator[Any], start: int, end: int) -> Iterator[Any]:
        reached = start
        try:
            for m in matches:
                reached = max(reached, m.end())
                yield m
            reached = end
        finally:
            self._c.scanned += reached - start + 1

    def _whole(self, method: str, string: Any, *args: Any, **kw: Any) -> Any:
        self._c.scanned += len(string) + 1
        return getattr(self._p, method)(string, *args, **kw)

    def findall(self, string: Any, *args: Any, **kw: Any) -> Any:
        return self._whole("findall", string, *args, **kw)

    def split(self, string: Any, *args: Any, **kw: Any) -> Any:
        return self._whole("split", string, *args, **kw)

    def sub(self, repl: Any, string: Any, *args: Any, **kw: Any) -> Any:
        self._c.scanned += len(string) + 1
        return self._p.sub(repl, string, *args, **kw)

    def subn(self, repl: Any, string: Any, *args: Any, **kw: Any) -> Any:
        self._c.scanned += len(string) + 1
        return self._p.subn(repl, string, *args, **kw)


class CountingRegex:
    """The ``regex`` module with its searching functions counted."""

    def __init__(self, counter: Counter) -> None:
        self._c = counter

    def __getattr__(self, name: str) -> Any:
        return getattr(regex, name)

    def _pattern(self, pattern: Any, flags: int = 0) -> CountingPattern:
        if isinstance(pattern, CountingPattern):
            return pattern
        return CountingPattern(regex.compile(pattern, flags), self._c)

    def compile(self, pattern: Any, flags: int = 0, **kw: Any) -> CountingPattern:
        return self._pattern(pattern, flags)

    def _call(self, method: str) -> Callable[..., Any]:
        def call(pattern: Any, *args: Any, flags: int = 0, **kw: Any) -> Any:
            return getattr(self._pattern(pattern, flags), method)(*args, **kw)

        return call

    def __getattribute__(self, name: str) -> Any:
        if name in ("search", "match", "fullmatch", "finditer", "findall", "split", "sub", "subn"):
            return object.__getattribute__(self, "_call")(name)
        return object.__getattribute__(self, name)


@contextmanager
def counted_regex(counter: Counter) -> Iterator[None]:
    """Proxies in place of every compiled pattern and ``regex`` module attribute of the loaded
    modules of ``pipeline`` and ``extractors``."""
    saved: list[tuple[ModuleType, str, Any]] = []
    module_proxy = CountingRegex(counter)
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(PACKAGES):
            continue
        for attr, value in list(vars(module).items()):
            if isinstance(value, regex.Pattern):
                saved.append((module, attr, value))
                setattr(module, attr, CountingPattern(value, counter))
            elif value is regex:
                saved.append((module, attr, value))
                setattr(module, attr, module_proxy)
    try:
        yield
    finally:
        for module, attr, value in saved:
            setattr(module, attr, value)


def operations(func: Callable[[], Any]) -> tuple[int, Any]:
    """Run ``func`` counting calls and regex scanning; the count and ``func``'s result."""
    counter = Counter()

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event in ("call", "c_call"):
            counter.calls += 1

    with counted_regex(counter):
        sys.setprofile(profile)
        try:
            result = func()
        finally:
            sys.setprofile(None)
    return counter.total, result
