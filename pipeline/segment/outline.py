"""The section tree of the body: Phần / Chương / Điều, I. II., 1. 2., 1.1., a) b) đ), and the
``-``/``+``/``*`` items under them (domain.md §1.3).

Nesting follows the order markers are met in, the way a reader follows it: a marker of a kind
already open closes everything below it and becomes its sibling; a new kind opens a child. A
numbered item's ``number`` is its path from the top ("III.2.1"); a dotted marker under the number
it extends keeps only its last part ("2.1" under "III.2" is "III.2.1").
"""

from __future__ import annotations

import regex

from pipeline.model.document import Document, Line, SectionNode
from pipeline.model.grammar import OUTLINE_MARKER
from pipeline.model.vietnamese import is_upper_text

HEADING_CHARS = 120  # a run-in heading is cut at its first ":" or sentence end, at most this long
SENTENCE_END = regex.compile(r"[.;:](?=\s|$)")
HAS_LETTER = regex.compile(r"\p{L}")
# Vietnamese list letters: a repeated letter continues the sequence ("d) ... d)" is d, đ).
LETTERS = "abcdđeghiklmnopqrstuvxy"


def build_outline(doc: Document, first: int, last: int) -> list[SectionNode]:
    """Sections of lines ``first``..``last`` (tables are skipped: their rows are not headings)."""
    nodes: list[SectionNode] = []
    stack: list[tuple[str, int]] = []  # (marker kind, node index), outermost first
    lines = doc.lines
    i = first
    while i <= last:
        line = lines[i]
        m = OUTLINE_MARKER.match(line.text) if doc.blocks[line.block].kind != "table" else None
        if m is None or not HAS_LETTER.search(line.text[m.end() :]) and not m.group("part"):
            i += 1
            continue
        kind, value = _marker(m, [k for k, _ in stack])
        sibling = None
        while stack and kind in {k for k, _ in stack}:
            popped = stack.pop()
            if popped[0] == kind:
                sibling = nodes[popped[1]]
                break
        if sibling is not None and sibling.number is not None and value is not None:
            value = _after_repeat(sibling.number.rsplit(".", 1)[-1], value)
        parent = stack[-1][1] if stack else None
        heading_line, heading_start = line, line.start + m.end()
        rest = line.text[m.end() :].strip()
        if (
            not rest and i + 1 <= last and is_upper_text(lines[i + 1].text)
        ):  # "Phần I" over its heading line
            i += 1
            heading_line, heading_start, rest = lines[i], lines[i].start, lines[i].text.strip()
        heading = _heading(rest)
        nodes.append(
            SectionNode(
                number=_path(nodes, parent, kind, value),
                marker=m.group().strip(),
                kind=kind,
                heading=heading,
                level=_level(nodes, parent, kind, value),
                start=line.start,
                heading_start=heading_start,
                heading_end=min(heading_line.end, heading_start + len(heading)),
                end=line.end,
                line=i,
                parent=parent,
                page=doc.page_at(line.start),
            )
        )
        stack.append((kind, len(nodes) - 1))
        i += 1
    _close(nodes, lines, last)
    return nodes


def _marker(m: regex.Match[str], open_kinds: list[str]) -> tuple[str, str | None]:
    """The kind of a marker (its nesting class) and its value."""
    if m.group("part"):
        word = m.group("part").capitalize()
        return f"part:{word.lower()}", f"{word} {m.group('partno')}"
    if m.group("roman"):
        value = m.group("roman")
        if (
            value in {"C", "L", "D"} and "upper" in open_kinds
        ):  # A. B. C.: letters, not Roman numerals
            return "upper", value
        return "roman", value
    if m.group("upper"):
        return "upper", m.group("upper")
    if m.group("dotted"):
        value = m.group("dotted")
        return f"dotted{value.count('.') + 1}", value
    if m.group("arabic"):
        return f"arabic{m.group('arabic_end')}", m.group("arabic")
    if m.group("letter"):
        return f"letter{m.group('letter_end')}", m.group("letter")
    return f"bullet{m.group('bullet')}", None


def _after_repeat(previous: str, value: str) -> str:
    """A marker that repeats its sibling's ("d) ... d)", "3. ... 3.") is the next one in
    sequence."""
    if value != previous:
        return value
    if value in LETTERS[:-1]:
        return LETTERS[LETTERS.index(value) + 1]
    return str(int(value) + 1) if value.isdigit() else value


def _path(nodes: list[SectionNode], parent: int | None, kind: str, value: str | None) -> str | None:
    """Path of markers from the top; bullets have none and are skipped in their children's paths."""
    if value is None:
        return None
    anchor = parent
    while anchor is not None and nodes[anchor].number is None:
        anchor = nodes[anchor].parent
    base = nodes[anchor].number if anchor is not None else None
    own = value
    if kind.startswith("dotted") and base is not None:
        head, _, tail = value.rpartition(".")
        if base == head or base.endswith("." + head):
            own = tail  # "2.1" under "III.2" -> "III.2.1"
    return f"{base}.{own}" if base else own


def _level(nodes: list[SectionNode], parent: int | None, kind: str, value: str | None) -> int:
    """Depth of the number's path ("III.2.1" is 3); an item without a number sits under its
    parent."""
    number = _path(nodes, parent, kind, value)
    if number is not None:
        return number.count(".") + 1
    return nodes[parent].level + 1 if parent is not None else 1


def _heading(rest: str) -> str:
    """A heading line whole; a run-in item (a sentence, or a paragraph that goes on) up to its first
    ":" or sentence end."""
    text = " ".join(rest.split())
    if len(text) <= HEADING_CHARS and not text.endswith((".", ";")):
        return text.rstrip(" :")
    m = SENTENCE_END.search(text)
    cut = text[: m.start()] if m and m.start() <= HEADING_CHARS else text[:HEADING_CHARS]
    if len(cut) == HEADING_CHARS and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" :,")


def _close(nodes: list[SectionNode], lines: list[Line], last: int) -> None:
    """Each section ends where the next section at its level or above begins, or with the zone."""
    zone_end = lines[last].end if lines else 0
    open_nodes: list[int] = []
    for k, node in enumerate(nodes):
        while open_nodes and nodes[open_nodes[-1]].level >= node.level:
            nodes[open_nodes.pop()].end = lines[node.line - 1].end if node.line > 0 else node.start
        open_nodes.append(k)
    for k in open_nodes:
        nodes[k].end = zone_end
