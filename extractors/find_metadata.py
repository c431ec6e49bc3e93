"""Header facts (contract v1 ``metadata``): type, number, issuer, place, date, title, period,
signer, recipients. Each value carries its span; inferred values say so."""

from __future__ import annotations

from extractors.closing import find_recipients, find_signer
from extractors.issue_date import find_issue_date
from extractors.issuer import completed_by_place, infer_issuer, issuer_from_header, issuer_lines
from extractors.number_symbol import ParsedNumber, find_document_number
from extractors.period import find_period
from pipeline.model.components import component
from pipeline.model.document import Document, Line
from pipeline.model.grammar import ESIGN_STAMP_DATE, FILING, VV, iso_date
from pipeline.model.vocab import type_name_for_code
from schemas.models import (
    DateValue,
    Issuer,
    Metadata,
    NumberSymbol,
    Period,
    PlanRecord,
    Signer,
    Span,
)


def _span(start: int, end: int) -> Span:
    return Span(start=start, end=end)


def find_metadata(doc: Document) -> Metadata:
    """Header facts from the zones of the segment stage: header, doctype, title, closing."""
    meta = Metadata()
    lines = doc.zone_lines("header")
    number = _read_header(doc, lines, meta) if lines else None
    _read_issuer(doc, lines, meta, number)
    _read_closing(doc, meta)
    return meta


def _read_header(doc: Document, lines: list[Line], meta: Metadata) -> ParsedNumber | None:
    """Number, date and place, document type, title and period; returns the parsed number."""
    search_end = lines[-1].end
    doctype, title_zone = doc.zone("doctype"), doc.zone("title")
    number = find_document_number(doc.text, search_end)
    if number is not None:
        meta.number = NumberSymbol(
            value=number.value,
            number=number.number,
            year=number.year,
            type_code=number.type_code,
            issuer_code=number.issuer_code,
            grammar=number.grammar,
            span=_span(number.start, number.end),
            page=doc.page_at(number.start),
        )
    date = find_issue_date(doc.text, [(ln.start, ln.end) for ln in lines], search_end)
    if date is not None and date.value is not None and date.precision is not None:
        meta.date = DateValue(
            value=date.value,
            precision=date.precision,
            span=_span(date.start, date.end),
            page=doc.page_at(date.start),
        )
    if date is not None:
        meta.place = date.place
    if meta.date is None:
        meta.date = _date_from_esign_stamp(doc, lines)

    if doctype is not None:
        meta.doc_type = doctype.label
    elif number is not None and type_name_for_code(number.type_code):
        meta.doc_type = type_name_for_code(number.type_code)
    elif (title_zone is not None and VV.match(title_zone.label or "")) or (
        number is not None and number.type_code is None and number.grammar == "state"
    ):
        meta.doc_type = "Công văn"

    if title_zone is not None and title_zone.label:
        meta.title = title_zone.label
        meta.title_span = _span(title_zone.start, title_zone.end)
        period = find_period(meta.title)
        if period is not None:
            meta.period = Period(start=period[0], end=period[1])
    return number


def _read_issuer(
    doc: Document, lines: list[Line], meta: Metadata, number: ParsedNumber | None
) -> None:
    """The issuing body from the header's capitals; else inferred (an appendix names none)."""
    doctype, header = doc.zone("doctype"), doc.zone("header")
    stop = doctype.first - header.first if doctype and header else len(lines)
    found = issuer_from_header(issuer_lines(lines, stop))
    if found is not None:
        found = completed_by_place(doc, found, meta.place)
    if found is None and (doctype is None or doctype.label != "Phụ lục"):
        found = infer_issuer(doc, meta.place, number.issuer_code if number else None)
    if found is not None:
        meta.issuer = Issuer(
            name=found.name,
            parent=found.parent,
            kind=found.kind,
            level=found.level,
            inferred=found.inferred,
            source=found.source,
            span=_span(found.start, found.end)
            if found.start is not None and found.end is not None
            else None,
            page=doc.page_at(found.start) if found.start is not None else None,
        )


def _read_closing(doc: Document, meta: Metadata) -> None:
    signer = find_signer(doc)
    if signer is not None:
        meta.signer = Signer(
            name=signer.name,
            position=signer.position,
            authority=signer.authority,
            span=_span(signer.start, signer.end),
            page=doc.page_at(signer.start),
        )
    recipients = find_recipients(doc)
    if recipients is not None:
        meta.recipients = [" ".join(r.split()) for r in recipients[0] if not FILING.match(r)]


def _date_from_esign_stamp(doc: Document, lines: list[Line]) -> DateValue | None:
    """The signing system's stamp ("Số: 666/TTr-SNV; 22/12/2025; 18:56:39") when no date line is
    printed."""
    first_page = [ln for ln in doc.furniture if doc.page_at(ln.start) in (None, 1)]
    for line in [*lines[:6], *first_page]:
        m = ESIGN_STAMP_DATE.search(line.text)
        found = iso_date(m.group("y"), m.group("m"), m.group("d")) if m else None
        if m and found and found[1] == "day":
            start = line.start + m.start()
            return DateValue(
                value=found[0],
                precision="day",
                span=_span(start, line.start + m.end("y")),
                page=doc.page_at(start),
            )
    return None


@component("metadata", assigns=("metadata",))
def _metadata(doc: Document, record: PlanRecord) -> Metadata:
    return find_metadata(doc)
