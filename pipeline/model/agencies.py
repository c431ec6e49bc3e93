"""The agency lexicon (``data/agencies.json``) and the matcher that finds its bodies in a text.

Every public body plans assign tasks to, as data: one entry per kind of body with its canonical
name at each level (central / province / district / commune), the spellings plans use, the plural
forms ("các sở, ban, ngành", "UBND các xã, phường") and what took over after the 2025
reorganisation. No rule in code names a body.

Matching is spaCy's ``PhraseMatcher`` on a blank pipeline over the folded text (lower case, one
tone placement), with our own tokens so hyphens, "&" and commas split the same way in the text and
in the lexicon ("LĐ-TB&XH" = "lđ - tb và xh"). The benchmark compares it with a plain regex
alternation over the same aliases.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import regex

from pipeline.model.vietnamese import fold_text
from schemas.models import Level

DATA = Path(__file__).with_name("data") / "agencies.json"
AliasLevel = Literal["central", "province", "district", "commune", "any"]
LEVELS: tuple[Level, ...] = ("central", "province", "district", "commune")
TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]")
TOKEN_NORMS = {"&": "và", "–": "-", "—": "-", "uỷ": "ủy"}


@dataclass(frozen=True)
class Successor:
    names: tuple[str, ...]
    note: str | None
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Body:
    id: str
    kind: str
    names: dict[str, str]
    successors: dict[str, Successor | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Collective:
    id: str
    name: str
    level: AliasLevel
    body: str | None


@dataclass(frozen=True)
class AgencyMention:
    """A body or a class of bodies named in the text (``start``..``end`` into the text); ``level``
    is what the words say (the alias, or a level word after it), None when they do not."""

    start: int
    end: int
    key: str  # body id, or collective id
    body: str | None  # the body a collective is a plural of ("ubnd" for "UBND các xã")
    collective: bool
    level: Level | None
    level_stated: bool = False  # by a level word after the name ("... các xã, phường", "... tỉnh")
    level_words: str | None = None  # those words, folded ("thành phố", "tỉnh yên bái")


@dataclass
class Lexicon:
    bodies: dict[str, Body]
    collectives: dict[str, Collective]
    aliases: list[tuple[str, str, AliasLevel]]  # (alias, key, level); key "!" = not an agency
    level_words: dict[str, Level]


def tokens(text: str) -> list[tuple[str, int, int]]:
    """Folded tokens with offsets: words, numbers and single punctuation marks."""
    out = []
    for m in TOKEN.finditer(fold_text(text)):
        word = m.group()
        out.append((TOKEN_NORMS.get(word, word), m.start(), m.end()))
    return out


def _successor(raw: Any) -> Successor | None:
    if not raw:
        return None
    return Successor(tuple(raw.get("names") or ()), raw.get("note"), tuple(raw.get("also") or ()))


@cache
def lexicon() -> Lexicon:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    bodies = {
        b["id"]: Body(
            b["id"],
            b["kind"],
            dict(b["names"]),
            {lvl: _successor(s) for lvl, s in (b.get("successor_2025") or {}).items()},
        )
        for b in data["bodies"]
    }
    collectives = {
        c["id"]: Collective(c["id"], c["name"], c["level"], c.get("body"))
        for c in data["collectives"]
    }
    aliases: list[tuple[str, str, AliasLevel]] = []
    for b in data["bodies"]:
        for lvl, names in b["aliases"].items():
            aliases.extend((a, b["id"], lvl) for a in names)
    for c in data["collectives"]:
        aliases.extend((a, c["id"], c["level"]) for a in c["aliases"])
    aliases.extend((a, "!", "any") for a in data.get("not_agencies", []))
    level_words: dict[str, Level] = {
        " ".join(t for t, _, _ in tokens(w)): lvl
        for lvl, ws in data["level_words"].items()
        for w in ws
        if lvl in LEVELS
    }
    return Lexicon(bodies, collectives, aliases, level_words)


def department_names() -> list[str]:
    """Official names of departments and ministries (``Sở Tư pháp``, ``Bộ Nội vụ``): the fixed
    words OCR must get right at the head of an issuer's header."""
    return sorted(
        {
            name
            for body in lexicon().bodies.values()
            for name in body.names.values()
            if name.split(" ", 1)[0] in {"Sở", "Bộ"}
        }
    )


class AgencyMatcher:
    """Finds lexicon bodies in a text, longest match first, with the level the words state."""

    def __init__(self) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        self._nlp = spacy.blank("xx")
        self._doc = Doc
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="ORTH")
        self._labels: dict[int, list[tuple[str, AliasLevel, bool]]] = {}
        lex = lexicon()
        patterns: dict[tuple[str, ...], list[tuple[str, AliasLevel, bool]]] = {}
        for alias, key, level in lex.aliases:
            words = tuple(t for t, _, _ in tokens(alias))
            if (
                words
            ):  # a name written with a capital must be met with one ("toàn bộ thông tin" is no Bộ)
                patterns.setdefault(words, []).append((key, level, alias[:1].isupper()))
        for i, (words, labels) in enumerate(patterns.items()):
            label = f"a{i}"
            self._matcher.add(label, [Doc(self._nlp.vocab, words=list(words))])
            self._labels[self._nlp.vocab.strings[label]] = labels
        self._level_words = lex.level_words
        self._lex = lex

    def find(self, text: str, offset: int = 0) -> list[AgencyMention]:
        toks = tokens(text)
        if not toks:
            return []
        doc = self._doc(self._nlp.vocab, words=[t for t, _, _ in toks])
        spans = sorted(self._matcher(doc), key=lambda m: (-(m[2] - m[1]), m[1]))
        taken = [False] * len(toks)
        found: list[tuple[int, int, str, AliasLevel]] = []
        for match_id, s, e in spans:
            if any(taken[s:e]):
                continue
            key, alias_level, capital = self._labels[match_id][0]
            if capital and not _capitalised(text, toks, s, e):
                continue
            for k in range(s, e):
                taken[k] = True
            found.append((s, e, key, alias_level))
        out = []
        for s, e, key, alias in sorted(found):
            if key == "!":
                continue
            level, end = self._level_after(text, toks, e, alias)
            collective = key in self._lex.collectives
            body = self._lex.collectives[key].body if collective else key
            stated = end > e or (collective and alias != "any")
            out.append(
                AgencyMention(
                    offset + toks[s][1],
                    offset + toks[end - 1][2],
                    key,
                    body,
                    collective,
                    level,
                    stated,
                    " ".join(t for t, _, _ in toks[e:end]) or None,
                )
            )
        return _shared_levels(text, offset, out)

    def _level_after(
        self, text: str, toks: list[tuple[str, int, int]], e: int, alias_level: AliasLevel
    ) -> tuple[Level | None, int]:
        """The level word right after a name ("... thành phố", "... tỉnh"), else the alias's;
        a count may come between ("Ủy ban nhân dân 16 phường, xã")."""
        stated: Level | None = None if alias_level == "any" else alias_level
        if e < len(toks) and toks[e][0].isdigit():
            level, end = self._level_after(text, toks, e + 1, alias_level)
            return (level, end) if end > e + 1 else (stated, e)
        plural = e < len(toks) and toks[e][0] == "các"  # "Ủy ban nhân dân các tỉnh, ..."
        at = e + 1 if plural else e
        for width in (2, 1):
            words = " ".join(t for t, _, _ in toks[at : at + width])
            if at + width <= len(toks) and words in self._level_words:
                run = CENTRALLY_RUN.match(
                    " ".join(t for t, _, _ in toks[at + width : at + width + 4])
                )
                if run:  # "thành phố trực thuộc Trung ương" is a province
                    return "province", at + width + len(run.group().split())
                if plural:
                    return self._level_words[words], at + width
                return self._level_words[words], _place_end(text, toks, at + width)  # a name
        return stated, e


def _place_end(text: str, toks: list[tuple[str, int, int]], e: int) -> int:
    """After "huyện", "tỉnh", ...: the place's proper name ("Trạm Tấu", "Phan Rang - Tháp Chàm")."""
    end = e
    while end < len(toks) and end - e < 5:
        word = text[toks[end][1] : toks[end][2]]
        if word[:1].isupper() or (word in "-–" and end + 1 < len(toks) and end > e):
            end += 1
            continue
        break
    return end


CENTRALLY_RUN = regex.compile(r"trực thuộc (?:trung ương|tw|tư)\b")
SHARED_GLUE = regex.compile(r"^\s*(?:,|và)\s*$")


def _shared_levels(text: str, offset: int, mentions: list[AgencyMention]) -> list[AgencyMention]:
    """In "Đảng ủy, Ủy ban nhân dân các xã, phường" the level words after the last body apply to
    the bodies listed before it that state none."""
    out = list(mentions)
    for i in range(len(out) - 2, -1, -1):
        cur, nxt = out[i], out[i + 1]
        gap = text[cur.end - offset : nxt.start - offset]
        if cur.level is None and nxt.level_stated and SHARED_GLUE.match(gap):
            out[i] = AgencyMention(
                cur.start,
                cur.end,
                cur.key,
                cur.body,
                cur.collective,
                nxt.level,
                True,
                nxt.level_words,
            )
    return out


def _capitalised(text: str, toks: list[tuple[str, int, int]], s: int, e: int) -> bool:
    """A proper name is written with capitals: its first word ("Sở ..."), or the word after a
    lower-case head noun ("phòng Tư pháp"); "toàn bộ thông tin" names no Bộ."""
    first = text[toks[s][1] : toks[s][1] + 1]
    second = text[toks[s + 1][1] : toks[s + 1][1] + 1] if s + 1 < e else ""
    return first.isupper() or second.isupper()


@cache
def agency_matcher() -> AgencyMatcher:
    return AgencyMatcher()


def canonical_name(key: str, level: Level | None) -> str | None:
    """The body's official name at a level ("Sở Lao động - Thương binh và Xã hội"), or the
    collective's name ("Ủy ban nhân dân cấp xã")."""
    lex = lexicon()
    if key in lex.collectives:
        return lex.collectives[key].name
    body = lex.bodies.get(key)
    if body is None:
        return None
    if level and level in body.names:
        return body.names[level]
    return next(iter(body.names.values()), None)
