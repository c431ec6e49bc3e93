"""The document's structure in the record: the section tree and the zones of the segment stage."""

from __future__ import annotations

from pipeline.model.components import component
from pipeline.model.document import Document
from schemas.models import PlanRecord, Section, Span, Zone


def find_sections(doc: Document) -> list[Section]:
    return [
        Section(
            number=node.number,
            marker=node.marker,
            heading=node.heading,
            level=node.level,
            parent=node.parent,
            span=Span(start=node.start, end=node.end),
            heading_span=Span(start=node.heading_start, end=node.heading_end)
            if node.heading
            else None,
            page=node.page,
        )
        for node in doc.sections
    ]


def find_zones(doc: Document) -> list[Zone]:
    return [
        Zone(
            kind=z.kind,
            label=z.label,
            span=Span(start=z.start, end=z.end),
            page=doc.page_at(z.start),
        )
        for z in doc.zones
    ]


@component("sections", assigns=("sections", "zones"))
def _structure(doc: Document, record: PlanRecord) -> tuple[list[Section], list[Zone]]:
    return find_sections(doc), find_zones(doc)
