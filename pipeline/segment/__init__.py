"""The segment stage (normalise -> segment -> extract): zones and the section tree, found once
for every later stage."""

from __future__ import annotations

from pipeline.model.document import Document
from pipeline.segment.outline import build_outline
from pipeline.segment.zones import find_zones


def segment(doc: Document) -> Document:
    """Fill ``doc.zones`` and ``doc.sections``; the outline covers the body after its legal
    bases."""
    doc.zones = find_zones(doc)
    body, bases = doc.zone("body"), doc.zone("bases")
    if body is not None:
        first = bases.last + 1 if bases is not None else body.first
        doc.sections = build_outline(doc, first, body.last) if first <= body.last else []
    return doc


__all__ = ["segment"]
