"""Layout rules every reader and stage shares: where a hard wrap broke a sentence, and which
small tables are page layout (the two-column header, the Nơi nhận / signature table) rather than
data."""

from __future__ import annotations

import regex

from pipeline.model.grammar import LIST_MARKER, NOI_NHAN_FOLD, is_motto_fold
from pipeline.model.vietnamese import fold_text, is_upper_text

TERMINAL = regex.compile(r"(?:[.;:!?…]|/\.)[\"”’)\]*]*$")
SENTENCE_CONTINUES = regex.compile(r"^[\p{Ll}\d(\"“‘%,]")
NUMBER_CELL = regex.compile(r"^\s*số\s*[:.]?\s*\d*\s*/")


def should_join(prev: str, nxt: str, width: int | None) -> bool:
    """Is ``nxt`` the continuation of ``prev`` that a hard wrap broke off? ``width`` is the
    typical line width of the block when it is hard-wrapped text."""
    prev, nxt = prev.rstrip(), nxt.lstrip()
    if not prev or not nxt or TERMINAL.search(prev) or LIST_MARKER.match(nxt):
        return False
    if SENTENCE_CONTINUES.match(nxt):
        return True
    if is_upper_text(prev) != is_upper_text(nxt):
        return False
    return width is not None and len(prev) >= 0.85 * width and len(prev) >= 40


def _is_layout_cue(cell: str) -> bool:
    fold = fold_text(cell)
    return (
        is_motto_fold(fold)
        or NOI_NHAN_FOLD.search(fold + ":") is not None
        or NUMBER_CELL.match(fold) is not None
    )


def is_layout_table(grid: list[list[str]]) -> bool:
    """Header and signature tables: at most two columns and six rows, or a few more cells that hold
    a header or closing cue (the motto, "Nơi nhận", "Số: .../")."""
    width = max((len(r) for r in grid), default=0)
    if width <= 2 and len(grid) <= 6:
        return True
    cued = any(_is_layout_cue(c) for r in grid for c in r if c.strip())
    return cued and width <= 4 and len(grid) <= 8
