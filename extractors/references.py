"""Legal references: every other document a plan cites, with type, number, date, issuer, subject
and how the plan relates to it (``basis`` for Căn cứ, ``implements`` for Thực hiện / Triển khai).

The grammar is that of domain.md §2-3: a type word (or its abbreviation), ``số``, a number and
symbol in one of three grammars, then optionally ``ngày ...``, ``của <issuer>`` and a subject
(``về việc ...``, ``phê duyệt ...``). Several numbers may share one type word, a document may be
named inside another's subject, and laws are usually cited by name and date without a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from extractors.reference_grammar import (
    DATE_AFTER,
    DATE_BEFORE,
    ISSUER_AFTER,
    LAW_BEFORE_NUMBER,
    LIST_GAP,
    MORE_NUMBERS,
    NAMED_LAW,
    SUBJECT_AFTER,
    VerbLeads,
    doc_type_of,
    issuer_before,
    numbered_mentions,
    relation_of,
    tidy_issuer,
    tidy_subject,
)
from pipeline.model.components import component
from pipeline.model.document import Document
from pipeline.model.grammar import canonical_symbol, iso_date_of, symbol_key
from schemas.models import PlanRecord, Reference, Relation, Span


@dataclass
class _Mention:
    start: int
    end: int
    doc_type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    subject: str | None
    name: str | None = None
    head_end: int = 0


def find_references(doc: Document, own_number: str | None = None) -> list[Reference]:
    """Every citation in reading order; ``own_number`` (the document's own, also printed in its
    appendix captions) is not a citation."""
    preamble = doc.zone("preamble")  # a web page's own lists ("Văn bản liên quan") cite nothing
    after = preamble.end if preamble else 0
    mentions = [m for m in _numbered(doc.text) + _named(doc.text) if m.start >= after]
    mentions = _drop_overlaps(sorted(mentions, key=lambda m: (m.start, -m.end)))
    _share_list_issuers(doc.text, mentions)
    refs: list[Reference] = []
    prev_end: int | None = None
    prev_relation: Relation | None = None
    leads = VerbLeads.of(doc.text)
    for m in mentions:
        if m.number is not None and own_number and symbol_key(m.number) == symbol_key(own_number):
            prev_end, prev_relation = None, None
            continue
        relation = relation_of(doc.text, m.start, prev_end, prev_relation, leads)
        prev_end, prev_relation = m.end, relation
        refs.append(
            Reference(
                text=doc.text[m.start : m.end],
                doc_type=m.doc_type,
                number=m.number,
                date=m.date,
                issuer=m.issuer,
                subject=m.subject,
                name=m.name,
                relation=relation,
                key=None,
                span=Span(start=m.start, end=m.end),
                page=doc.page_at(m.start),
            )
        )
    return refs


def _numbered(text: str) -> list[_Mention]:
    out: list[_Mention] = []
    for m in numbered_mentions(text):
        start, type_word, name = m.start(), m.group("type"), None
        if type_word is None:
            law = LAW_BEFORE_NUMBER.search(text, max(0, m.start() - 160), m.start())
            if law:
                start, type_word, name = (
                    law.start(),
                    law.group("type"),
                    " ".join(law.group("name").split()),
                )
        doc_type = doc_type_of(type_word, m.group("number"))
        numbers = [(m.start("number"), m.end("number"), m.group("number"))]
        pos = m.end()
        # Anchored where the list goes on: a search would look through the rest of the text.
        while (more := MORE_NUMBERS.match(text, pos)) is not None:
            numbers.append((more.start("number"), more.end("number"), more.group("number")))
            pos = more.end()
        for i, (n_start, n_end, raw) in enumerate(numbers):
            end, date, issuer, subject = _tail(text, n_end)
            if issuer is None and i == 0:
                issuer = issuer_before(text, start)
            if date is None and i == 0:
                line_start = text.rfind("\n", max(0, start - 200), start) + 1
                before = DATE_BEFORE.search(text, max(line_start, start - 200), start)
                date = iso_date_of(before) if before else None
            first = i == 0
            out.append(
                _Mention(
                    start if first else n_start,
                    end,
                    doc_type,
                    canonical_symbol(raw),
                    date,
                    issuer,
                    subject,
                    name if first else None,
                    n_end,
                )
            )
    return out


def _named(text: str) -> list[_Mention]:
    """Laws and codes cited by name: ``Luật Tổ chức chính quyền địa phương ngày 19/6/2015``."""
    out: list[_Mention] = []
    for m in NAMED_LAW.finditer(text):
        name = " ".join(m.group("name").split()).rstrip(" ,;")
        if len(name.split()) < 2:
            continue
        end, tail_date, issuer, subject = _tail(text, m.end())
        date = (iso_date_of(m) if m.group("y") else None) or tail_date
        doc_type = "Bộ luật" if m.group("type").lower() == "bộ luật" else m.group("type")
        out.append(
            _Mention(
                m.start(),
                end,
                doc_type,
                None,
                date,
                issuer,
                subject,
                f"{doc_type} {name}",
                m.end("name"),
            )
        )
    return out


def _tail(text: str, pos: int) -> tuple[int, str | None, str | None, str | None]:
    """Date, issuer and subject after a number (in any order the documents use)."""
    end, date, issuer, subject = pos, None, None, None
    for _ in range(3):
        d = DATE_AFTER.match(text, end)
        if d and date is None:
            date, end = iso_date_of(d), d.end()
            continue
        i = ISSUER_AFTER.match(text, end)
        if i and issuer is None:
            issuer, end = tidy_issuer(i.group("issuer") + (i.group("qualifier") or "")), i.end()
            continue
        break
    s = SUBJECT_AFTER.match(text, end)
    if s:
        subject = tidy_subject(s.group("subject"))
        if subject:
            end = s.start("subject") + len(s.group("subject").rstrip())
    return end, date, issuer, subject


def _drop_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """Mentions may nest (a law named in a decree's subject is cited too), but one that starts
    inside another's type word and number is the same citation seen twice."""
    out: list[_Mention] = []
    for m in mentions:
        if any(p.start <= m.start < max(p.head_end, p.start + 1) for p in out[-3:]):
            continue
        out.append(m)
    return out


def _share_list_issuers(text: str, mentions: list[_Mention]) -> None:
    """ "Quyết định số 2331/QĐ-TTg ngày ... và Quyết định số 2406/QĐ-TTg ngày ... của Thủ tướng
    Chính phủ": one ``của`` after a list of same-type documents names the issuer of them all."""
    for i in range(len(mentions) - 2, -1, -1):
        cur, nxt = mentions[i], mentions[i + 1]
        if (
            cur.issuer is None
            and nxt.issuer
            and cur.doc_type == nxt.doc_type
            and cur.end <= nxt.start
        ):
            if LIST_GAP.match(text[cur.end : nxt.start]):
                cur.issuer = nxt.issuer


@component("references", assigns=("references",), requires=("metadata.number",))
def _references(doc: Document, record: PlanRecord) -> list[Reference]:
    number = record.metadata.number
    return find_references(doc, number.value if number is not None and number.number else None)
