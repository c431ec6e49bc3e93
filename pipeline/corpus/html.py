"""The comparison as one self-contained HTML page: data, charts (inline SVG) and a small script
in the file, nothing fetched, so it opens offline and can be mailed as it is.

Every figure links to its evidence: the record, the span, the page and the sentence (or table
row) it came from, listed at the end of the page with the figure marked. A filter box on each
table narrows it (accents ignored); ``report.html#filter=Yên Bái`` opens the page filtered.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.corpus.charts import RatePoint, change_chart, heatmap, rate_chart
from pipeline.corpus.compare import Comparison, coverage_matrix, programme_order

RATE_INDICATORS = ("poverty_rate", "near_poverty_rate")
MAX_ROWS = 5000  # per table: a page of more rows is too heavy for a browser


@dataclass(frozen=True)
class Ev:
    """Where a column's figure came from: the columns of its span, page, sentence and text."""

    span: str
    page: str | None
    sentence: str
    text: str | None = None
    record: str = "record_path"


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    kind: str = "text"  # text | num | figure | status
    ev: Ev | None = None


INDICATOR_EV = {
    "baseline": Ev("baseline_span", "baseline_page", "baseline_sentence", "baseline_text"),
    "target": Ev("target_span", "target_page", "target_sentence", "target_text"),
    "change": Ev("change_span", "change_page", "change_sentence", "change_text"),
}
INDICATOR_COLS = [
    Col("place", "Place"),
    Col("level", "Level"),
    Col("province", "Province"),
    Col("successor_2025", "2025 successor"),
    Col("plan", "Plan"),
    Col("indicator_label", "Indicator"),
    Col("scope", "Scope"),
    Col("when", "Year / period"),
    Col("baseline", "Baseline", "figure", INDICATOR_EV["baseline"]),
    Col("target", "Target", "figure", INDICATOR_EV["target"]),
    Col("change", "Change", "figure", INDICATOR_EV["change"]),
    Col("unit", "Unit"),
    Col("per_year", "Per year"),
    Col("poverty_standard", "Poverty standard"),
]
VERTICAL_COLS = [
    Col("higher_place", "Assigning plan"),
    Col("higher_level", "Level"),
    Col("indicator_label", "Indicator"),
    Col("scope", "Unit"),
    Col("scope_code", "GSO code"),
    Col("when", "Year / period"),
    Col(
        "assigned",
        "Assigned",
        "figure",
        Ev("assigned_span", "assigned_page", "assigned_sentence", record="higher_record_path"),
    ),
    Col("unit", "Unit"),
    Col("per_year", "Per year"),
    Col("lower_plan", "Unit's own plan"),
    Col(
        "lower_value",
        "Unit's target",
        "figure",
        Ev("lower_span", "lower_page", "lower_sentence", record="lower_record_path"),
    ),
    Col("difference", "Difference", "num"),
    Col("status", "Status", "status"),
]
BASES_COLS = [
    Col("place", "Place"),
    Col("level", "Level"),
    Col("plan", "Plan"),
    Col("relation", "Relation"),
    Col("cited", "Cited document", "figure", Ev("span", "page", "sentence", "mention")),
    Col("cited_date", "Date"),
    Col("cited_issuer", "Issuer"),
    Col("cited_by", "Plans citing it", "num"),
    Col("cited_record", "In the corpus as"),
]
SHARED_COLS = [
    Col("cited", "Cited document"),
    Col("cited_date", "Date"),
    Col("cited_issuer", "Issuer"),
    Col("plans", "Plans", "num"),
    Col("cited_by", "Cited by (relation)"),
]
MISSING_COLS = [
    Col("place", "Place"),
    Col("level", "Level"),
    Col("plan", "Plan"),
    Col("higher_number", "Higher plan"),
    Col("higher_issuer", "Its issuer"),
    Col("shared_documents", "Documents both cite"),
    Col("status", "Status", "status"),
    Col("cites_higher_as", "Cited as", "figure", Ev("span", None, "mention")),
]
CHECK_COLS = [
    Col("place", "Place"),
    Col("plan", "Plan"),
    Col("check_id", "Check"),
    Col("message", "Message"),
    Col("span", "Evidence", "figure", Ev("span", None, "evidence")),
]
COVERAGE_DETAIL_COLS = [
    Col("place", "Place"),
    Col("plan", "Plan"),
    Col("programme_item", "Programme item"),
    Col("agency", "Agency", "figure", Ev("span", "page", "sentence", "agency_as_written")),
    Col("role", "Role"),
]
PLAN_COLS = [
    Col("place", "Place"),
    Col("locality_type", "Type"),
    Col("level", "Level"),
    Col("province", "Province"),
    Col("locality_code", "GSO code"),
    Col("successor_2025", "2025 successor"),
    Col("plan", "Plan"),
    Col("date", "Date"),
    Col("period_start", "From", "num"),
    Col("period_end", "To", "num"),
    Col("title", "Title"),
    Col("copies", "Copies", "num"),
    Col("n_targets", "Targets", "num"),
    Col("record_path", "Record"),
]


class EvidenceIndex:
    """Numbered evidence items, one per (record, span): the anchors figures link to."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}
        self.items: list[dict[str, Any]] = []

    def add(self, record: Any, span: Any, page: Any, sentence: Any, marks: list[str]) -> str | None:
        record, span, sentence = _value(record), _value(span), _value(sentence)
        if not record or not span or not sentence:
            return None
        key = (str(record), str(span), marks[0] if marks else "")
        if key not in self.ids:
            self.ids[key] = f"ev-{len(self.items) + 1}"
            self.items.append(
                {
                    "id": self.ids[key],
                    "record": str(record),
                    "span": str(span),
                    "page": _value(page),
                    "sentence": str(sentence),
                    "marks": [m for m in marks if m],
                }
            )
        return self.ids[key]


def _value(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v


def fmt(v: Any) -> str:
    """Numbers as plans print them in tables: dot decimals, no trailing zeros; a minus sign."""
    v = _value(v)
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else ""
    if isinstance(v, (int, float)):
        if float(v).is_integer() and abs(v) >= 1:
            text = f"{v:,.0f}"
        else:
            text = f"{v:.3f}".rstrip("0").rstrip(".")
        return text.replace("-", "−")
    return str(v)


def _marks(row: dict[str, Any], col: Col) -> list[str]:
    """What to mark in the evidence sentence: the figure as written, then its value in the
    Vietnamese and the English number format."""
    out = []
    if col.ev and col.ev.text:
        text = _value(row.get(col.ev.text))
        if text:
            out.append(str(text).split(": ")[-1] if ": " in str(text) else str(text))
    v = _value(row.get(col.key))
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        plain = f"{abs(v):.2f}" if not float(v).is_integer() else f"{abs(v):.0f}"
        out += [plain.replace(".", ","), plain]
    return out


def _cell(row: dict[str, Any], col: Col, evidence: EvidenceIndex) -> str:
    value = _value(row.get(col.key))
    shown = escape(fmt(value))
    attrs = f' data-col="{col.key}"'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        attrs += f' data-value="{value}" class="num"'
    if col.kind == "status" and value:
        slug = str(value).split(" ")[0].split(";")[0]
        shown = f'<span class="status s-{escape(slug)}">{shown}</span>'
    if col.ev and value is not None:
        ev = col.ev
        ev_id = evidence.add(
            row.get(ev.record),
            row.get(ev.span),
            row.get(ev.page) if ev.page else None,
            row.get(ev.sentence),
            _marks(row, col),
        )
        if ev_id:
            tip = escape(str(_value(row.get(ev.sentence)) or ""))
            shown = f'<a class="fig" href="#{ev_id}" title="{tip}">{shown}</a>'
    return f"<td{attrs}>{shown}</td>"


def table(
    table_id: str,
    df: pd.DataFrame,
    cols: list[Col],
    evidence: EvidenceIndex,
    row_keys: tuple[str, ...] = ("record",),
) -> str:
    cols = [c for c in cols if c.key in df.columns]
    if df.empty:
        return '<p class="empty">None.</p>'
    head = "".join(f"<th>{escape(c.header)}</th>" for c in cols)
    body = []
    note = (
        f'<p class="note">The first {MAX_ROWS:,} of {len(df):,} rows; the workbook and the '
        "database hold them all (or narrow the comparison: --province, --indicator).</p>"
        if len(df) > MAX_ROWS
        else ""
    )
    for row in df.head(MAX_ROWS).to_dict("records"):
        data = "".join(
            f' data-{k.replace("_", "-")}="{escape(str(_value(row.get(k)) or ""))}"'
            for k in row_keys
            if k in row
        )
        cells = "".join(_cell(row, c, evidence) for c in cols)
        body.append(f"<tr{data}>{cells}</tr>")
    return (
        f'<div class="tools"><input type="search" id="{table_id}-filter" '
        f'placeholder="Filter rows (place, plan, indicator…)" aria-label="Filter">'
        f' <span id="{table_id}-count" class="count"></span></div>'
        f'<div class="scroll"><table class="data" id="{table_id}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>{note}"
    )


def rate_points(df: pd.DataFrame, evidence: EvidenceIndex) -> list[RatePoint]:
    points = []
    rates = df[df.indicator.isin(RATE_INDICATORS) & (df.unit == "%")] if not df.empty else df
    for row in rates.to_dict("records"):
        hrefs = {}
        for key, ev in INDICATOR_EV.items():
            col = Col(key, key, "figure", ev)
            hrefs[key] = (
                evidence.add(
                    row.get("record_path"),
                    row.get(ev.span),
                    row.get(ev.page),
                    row.get(ev.sentence),
                    _marks(row, col),
                )
                if _value(row.get(key)) is not None
                else None
            )
        place = (
            _value(row.get("scope_unit"))
            or _value(row.get("scope"))
            or _value(row.get("place"))
            or row.get("record")
        )
        points.append(
            RatePoint(
                label=f"{place} · {_value(row.get('when')) or '?'}",
                series=row["indicator"],
                baseline=_value(row.get("baseline")),
                target=_value(row.get("target")),
                change=_value(row.get("change")),
                per_year=bool(_value(row.get("per_year"))),
                baseline_href=hrefs["baseline"],
                target_href=hrefs["target"],
                change_href=hrefs["change"],
            )
        )
    return points


def coverage_heatmap(cmp: Comparison, evidence: EvidenceIndex) -> str:
    cells_df = cmp.coverage_cells
    if cells_df.empty:
        return ""
    records = cells_df.drop_duplicates("record").to_dict("records")
    labels = {r["record"]: _short_label(r) for r in records}
    taken = pd.Series(list(labels.values())).value_counts()
    for record, label in labels.items():  # two plans of one place and number: add the record
        if taken[label] > 1:
            labels[record] = f"{label} ({record})"
    cells: dict[tuple[str, str], tuple[int, str, str | None]] = {}
    for row in cells_df.to_dict("records"):
        href = evidence.add(
            row.get("record_path"),
            row.get("span"),
            row.get("page"),
            row.get("sentence"),
            [str(row.get("agency_as_written") or "")],
        )
        cells[(labels[row["record"]], row["programme_item"])] = (
            int(row["n_agencies"]),
            str(row["agencies"]),
            href,
        )
    columns = sorted(set(cells_df.programme_item), key=programme_order)
    return heatmap(list(labels.values()), columns, cells)


def coverage_table(cmp: Comparison, evidence: EvidenceIndex) -> str:
    """The coverage matrix; each cell links to the sentence that names its lead agency."""
    if cmp.coverage_cells.empty:
        return ""
    matrix = coverage_matrix(cmp.coverage_cells, evidence=True)
    items = [c for c in matrix.columns if c not in ("record", "record_path") and "__" not in c]
    cols = [Col(c, c.capitalize() if c in ("place", "level", "plan") else c) for c in items[:3]]
    cols += [
        Col(item, item, "figure", Ev(f"{item}__span", f"{item}__page", f"{item}__sentence",
                                     f"{item}__written"))
        for item in items[3:]
    ]  # fmt: skip
    return table("t-coverage", matrix, cols, evidence, ("record",))


def _short_label(row: dict[str, Any]) -> str:
    """A plan as a chart row: its place and number (or date)."""
    which = _value(row.get("number")) or _value(row.get("date")) or row.get("record")
    return f"{row.get('place')} · {which}"


def _evidence_list(evidence: EvidenceIndex) -> str:
    items = []
    for item in evidence.items:
        sentence = escape(item["sentence"])
        for mark in item["marks"]:
            found = escape(mark)
            if found and found in sentence:
                sentence = sentence.replace(found, f"<mark>{found}</mark>", 1)
                break
        page = f" · page {item['page']}" if item["page"] else ""
        items.append(
            f'<li id="{item["id"]}"><div class="where"><code>{escape(item["record"])}</code>'
            f" · span {escape(item['span'])}{page}</div><blockquote>{sentence}</blockquote></li>"
        )
    return f'<ol class="evidence">{"".join(items)}</ol>'


def _section(anchor: str, title: str, intro: str, *parts: str) -> str:
    return (
        f'<section id="{anchor}"><h2>{escape(title)}</h2><p class="intro">{intro}</p>'
        + "".join(parts)
        + "</section>"
    )


def render(cmp: Comparison) -> str:
    evidence = EvidenceIndex()
    names = dict(
        zip(
            cmp.indicators.get("indicator", []),
            cmp.indicators.get("indicator_label", []),
            strict=False,
        )
    )
    points = rate_points(cmp.indicators, evidence)
    charts = rate_chart(
        points, "Poverty and near-poverty rates: baseline → target (%), by place and year", names
    ) + change_chart(points, "Planned change of the rate (percentage points)", names)
    ind_cols = [c for c in INDICATOR_COLS if c.key != "scope" or cmp.filters.scoped]
    vertical_missing = int(
        (cmp.vertical.get("status") == "no plan of this unit in the corpus").sum()
    )
    missing = int((cmp.missing_citations.get("status") == "missing").sum())
    sections = [
        _section(
            "indicators",
            "Indicators",
            "One row per plan and indicator (and year). Change is signed: a reduction is "
            "negative. Click a figure for the sentence it came from.",
            f'<div class="charts">{charts}</div>' if charts else "",
            table("t-indicators", cmp.indicators, ind_cols, evidence, ("record", "indicator")),
        ),
        _section(
            "coverage",
            "Programme coverage",
            "Plans × programme items (Dự án / Tiểu dự án): the lead agency in each cell.",
            coverage_heatmap(cmp, evidence)
            or '<p class="empty">No responsibilities with programme items in these records.</p>',
            coverage_table(cmp, evidence),
            "<details><summary>Every assignment</summary>"
            + table("t-coverage-detail", cmp.coverage, COVERAGE_DETAIL_COLS, evidence)
            + "</details>",
        ),
        _section(
            "bases",
            "Legal bases",
            f"What the plans implement and cite. {missing} lower plan(s) do not cite the "
            "higher plan of their programme in the corpus.",
            "<h3>Does each lower plan cite the higher plan of its programme?</h3>",
            table("t-missing", cmp.missing_citations, MISSING_COLS, evidence),
            "<h3>Documents two or more plans cite</h3>",
            table("t-shared", cmp.shared_bases, SHARED_COLS, evidence, ("cited_key",)),
            "<details><summary>Every citation</summary>"
            + table("t-bases", cmp.legal_bases, BASES_COLS, evidence, ("record", "relation"))
            + "</details>",
        ),
        _section(
            "vertical",
            "Vertical consistency",
            "Targets a plan assigns to a named lower unit, against that unit's own plan (found "
            f"by GSO code). {vertical_missing} assigned target(s) have no plan of their unit in "
            "the corpus.",
            table("t-vertical", cmp.vertical, VERTICAL_COLS, evidence, ("higher_record", "scope")),
        ),
        _section(
            "checks",
            "Failed checks",
            "Consistency checks of each plan against its own numbers that failed.",
            table("t-checks", cmp.failed_checks, CHECK_COLS, evidence, ("record", "check_id")),
        ),
        _section(
            "plans",
            "Plans compared",
            "A plan loaded in several formats counts once (the copy with the most targets).",
            table("t-plans", cmp.plans, PLAN_COLS, evidence),
        ),
    ]
    evidence_section = _section(
        "evidence",
        "Evidence",
        "Each figure above links here: record, character span in its text, page, and the "
        "sentence or table row (figure marked).",
        _evidence_list(evidence),
    )
    nav = "".join(
        f'<a href="#{a}">{t}</a>'
        for a, t in (
            ("indicators", "Indicators"),
            ("coverage", "Programme coverage"),
            ("bases", "Legal bases"),
            ("vertical", "Vertical"),
            ("checks", "Failed checks"),
            ("plans", "Plans"),
            ("evidence", "Evidence"),
        )
    )
    summary = (
        f"{len(cmp.plans)} plans · {len(cmp.indicators)} indicator rows · "
        f"{escape(cmp.filters.describe())} · source <code>{escape(cmp.source)}</code> · "
        f"made {date.today().isoformat()}"
    )
    return PAGE.format(
        css=CSS,
        script=SCRIPT,
        nav=nav,
        summary=summary,
        body="".join(sections) + evidence_section,
    )


def write_html(cmp: Comparison, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(cmp), encoding="utf-8")
    return path


PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>vnplan comparison</title><style>{css}</style></head>
<body><header><h1>vnplan: plans compared</h1><p class="summary">{summary}</p>
<nav>{nav}</nav></header><main>{body}</main>
<script>{script}</script></body></html>
"""

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1c2833}
header{background:#1f3a5f;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}
header code{color:#d6eaf8}.summary{margin:4px 0}nav a{color:#d6eaf8;margin-right:14px}
main{padding:8px 24px 40px}section{margin-top:24px}h2{border-bottom:2px solid #1f3a5f}
.intro,.note{color:#566573;max-width:70em}.scroll{overflow-x:auto;max-height:70vh}
table.data{border-collapse:collapse;font-size:13px}
table.data th{position:sticky;top:0;background:#dde7f0;cursor:pointer;text-align:left;
padding:4px 6px;border:1px solid #c5d3e0;white-space:nowrap}
table.data td{padding:3px 6px;border:1px solid #e5e8e8;vertical-align:top}
table.data td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.data tbody tr:nth-child(even){background:#f8f9f9}
a.fig{color:#1a5276;text-decoration:none;border-bottom:1px dotted #1a5276}
.tools{margin:6px 0}.tools input{width:28em;padding:3px 6px}.count{color:#566573}
.status{padding:1px 6px;border-radius:8px;background:#eaecee;white-space:nowrap}
.s-differs,.s-missing{background:#f5b7b1}.s-consistent,.s-cited{background:#abebc6}
.s-no{background:#fdebd0}.empty{color:#7f8c8d;font-style:italic}
.charts svg{display:block;margin:8px 0;max-width:100%;height:auto}
svg .ttl{font-weight:600;font-size:14px}svg .lbl{font-size:12px}svg .tick,svg .note{font-size:11px;
fill:#566573}svg .val{font-size:11px}svg .grid{stroke:#e5e8e8}svg .zero{stroke:#7f8c8d}
svg .cell{font-size:10px}svg .cell.dark{fill:#fff}svg .mark:hover{opacity:.7}
ol.evidence li{margin:6px 0}ol.evidence .where{color:#566573;font-size:12px}
blockquote{margin:2px 0 0;padding:4px 8px;border-left:3px solid #aab7b8;background:#fbfcfc}
li:target blockquote{background:#fff3cd;border-left-color:#f39c12}mark{background:#f9e79f}
details{margin-top:10px}summary{cursor:pointer;color:#1a5276}
"""

SCRIPT = r"""
(function () {
  var fold = function (s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
            .replace(/[đĐ]/g, 'd').toLowerCase();
  };
  var tables = Array.prototype.slice.call(document.querySelectorAll('table.data'));
  function apply(table, query) {
    var q = fold(query.trim()), shown = 0, rows = table.tBodies[0].rows;
    for (var i = 0; i < rows.length; i++) {
      var hit = !q || fold(rows[i].textContent).indexOf(q) >= 0;
      rows[i].hidden = !hit;
      if (hit) { shown++; }
    }
    table.setAttribute('data-shown', shown);
    var count = document.getElementById(table.id + '-count');
    if (count) { count.textContent = shown + ' of ' + rows.length + ' rows'; }
  }
  function sortBy(table, col) {
    var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
    var dir = table.getAttribute('data-sort') === col + ':asc' ? -1 : 1;
    var key = function (tr) {
      var td = tr.cells[col], v = td.getAttribute('data-value');
      return v !== null ? parseFloat(v) : fold(td.textContent);
    };
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      if (typeof x !== typeof y) { return typeof x === 'number' ? -1 : 1; }
      return (x < y ? -1 : x > y ? 1 : 0) * dir;
    });
    rows.forEach(function (tr) { body.appendChild(tr); });
    table.setAttribute('data-sort', col + (dir === 1 ? ':asc' : ':desc'));
  }
  var hash = /(?:^#|&)filter=([^&]*)/.exec(window.location.hash);
  var initial = hash ? decodeURIComponent(hash[1].replace(/\+/g, ' ')) : '';
  tables.forEach(function (table) {
    var input = document.getElementById(table.id + '-filter');
    if (input) {
      input.value = initial;
      input.addEventListener('input', function () { apply(table, input.value); });
    }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      th.addEventListener('click', function () { sortBy(table, i); });
    });
    apply(table, initial);
  });
  document.body.setAttribute('data-ready', '1');
})();
"""
