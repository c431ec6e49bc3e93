"""``vnplan show FILE``: the document's text with each fact and zone marked at its span, in the
terminal or as one small offline HTML page: how a user checks why a value was chosen (what
pdfplumber's debug_tablefinder is for tables)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from schemas.models import PlanRecord, Span

# kind -> (ANSI colour, CSS colour), in drawing order (later kinds are drawn inside earlier ones)
STYLES: dict[str, tuple[str, str]] = {
    "zone": ("2", "#f4f4f4"),
    "heading": ("1", "#e8e0ff"),
    "reference": ("36", "#d8f3ff"),
    "target": ("32", "#dcf7dc"),
    "responsibility": ("35", "#ffe0f4"),
    "metadata": ("33;1", "#fff2b3"),
}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str
    label: str


def marks(record: PlanRecord) -> list[Mark]:
    """Every span the record states, with a short label of what was read there."""
    out: list[Mark] = [
        Mark(z.span.start, z.span.end, "zone", f"zone: {z.kind}") for z in record.zones
    ]
    meta = record.metadata

    def add(span: Span | None, kind: str, label: str) -> None:
        if span is not None and span.end > span.start:
            out.append(Mark(span.start, span.end, kind, label))

    if meta.number:
        add(meta.number.span, "metadata", f"number: {meta.number.value}")
    if meta.date:
        add(meta.date.span, "metadata", f"date: {meta.date.value}; place: {meta.place}")
    if meta.issuer:
        add(meta.issuer.span, "metadata", f"issuer: {meta.issuer.name} ({meta.issuer.level})")
    add(meta.title_span, "metadata", f"title (period {meta.period})")
    if meta.signer:
        add(
            meta.signer.span,
            "metadata",
            f"signer: {meta.signer.authority} {meta.signer.position} {meta.signer.name}",
        )
    for s in record.sections:
        if s.number:
            add(s.heading_span, "heading", f"section {s.number}")
    for r in record.references:
        add(r.span, "reference", f"{r.relation}: {r.doc_type} {r.number or r.name} ({r.date})")
    for t in record.targets:
        if t.table is None:
            add(
                t.span,
                "target",
                f"{t.kind}: {t.value} {t.unit} {t.indicator or t.label} ({t.year or t.period})",
            )
    for resp in record.responsibilities:
        items = ", ".join(resp.programme_items)
        add(
            resp.span,
            "responsibility",
            f"{resp.role}: {resp.agency_canonical or resp.agency} {items}",
        )
    return out


def _segments(text: str, found: list[Mark]) -> list[tuple[int, int, list[Mark]]]:
    """The text cut at every mark boundary, each piece with the marks that cover it."""
    cuts = sorted({0, len(text), *(m.start for m in found), *(m.end for m in found)})
    order = list(STYLES)
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        cover = [m for m in found if m.start <= a and b <= m.end]
        out.append((a, b, sorted(cover, key=lambda m: order.index(m.kind))))
    return out


def render_terminal(record: PlanRecord, colour: bool = True) -> str:
    """The text with facts in colour (or [brackets] without colour), then the list of facts."""
    found = marks(record)
    parts: list[str] = []
    for a, b, cover in _segments(record.text, [m for m in found if m.kind != "zone"]):
        piece = record.text[a:b]
        if cover and colour:
            piece = f"\x1b[{STYLES[cover[-1].kind][0]}m{piece}\x1b[0m"
        elif cover and any(m.start == a for m in cover):
            piece = "[" + piece
        if cover and not colour and any(m.end == b for m in cover):
            piece += "]"
        parts.append(piece)
    facts = [
        f"{m.start:>7}-{m.end:<7} {m.label}" for m in sorted(found, key=lambda m: (m.start, m.kind))
    ]
    return "".join(parts) + "\n\n== facts (offsets into the text) ==\n" + "\n".join(facts) + "\n"


def render_html(record: PlanRecord) -> str:
    """One self-contained page: the marked text, the facts beside it, the responsibility matrix."""
    found = marks(record)
    body: list[str] = []
    for a, b, cover in _segments(record.text, found):
        piece = html.escape(record.text[a:b])
        for m in reversed(cover):  # the innermost (drawn on top) is the most specific fact
            piece = f'<span class="{m.kind}" title="{html.escape(m.label)}">{piece}</span>'
        if any(m.start == a and m.kind != "zone" for m in cover):
            piece = f'<a id="t{a}"></a>{piece}'
        body.append(piece)
    rows = "".join(
        f'<tr class="{m.kind}"><td><a href="#t{m.start}">{m.start}</a></td>'
        f"<td>{html.escape(m.label)}</td></tr>"
        for m in sorted(found, key=lambda m: (m.start, m.kind))
        if m.kind != "zone"
    )
    css = "".join(f".{k}{{background:{c[1]}}}" for k, c in STYLES.items())
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{html.escape(Path(record.source.path).name)}</title><style>"
        "body{font-family:serif;margin:0;display:flex}main{white-space:pre-wrap;padding:1em;flex:3}"
        "aside{flex:2;padding:1em;font:13px sans-serif;height:100vh;overflow:auto;"
        "position:sticky;top:0}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 4px}"
        f"{css}</style></head><body><main>{''.join(body)}</main><aside>"
        f"<h3>{html.escape(record.metadata.title or record.source.path)}</h3>"
        f"{_matrix_html(record)}<h4>Facts</h4><table>{rows}</table></aside></body></html>\n"
    )


def load(path: Path) -> PlanRecord:
    """A record: read from its JSON, or built from the document file."""
    if path.suffix.lower() == ".json":
        return PlanRecord.model_validate_json(path.read_text(encoding="utf-8"))
    from pipeline.assemble import build_record

    return build_record(path)


def _matrix_html(record: PlanRecord) -> str:
    m = record.responsibility_matrix
    if m is None:
        return ""
    head = "".join(f"<th>{html.escape(c)}</th>" for c in m.columns)
    rows = "".join(
        f"<tr><th>{html.escape(a)}</th>" + "".join(f"<td>{r or ''}</td>" for r in cells) + "</tr>"
        for a, cells in zip(m.agencies, m.cells, strict=True)
    )
    return f"<h4>Responsibilities</h4><table><tr><th></th>{head}</tr>{rows}</table>"
