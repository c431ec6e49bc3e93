"""Charts of the HTML report as inline SVG written here (no script library, nothing fetched):
a baseline-to-target chart of rates by place and year, the planned changes, and the
programme-coverage heat map. Every mark links to the evidence of its figure."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

ROW = 20  # one row per place x year x indicator
GAP = 8  # between places
TOP = 34
LEFT = 300
WIDTH = 900
SERIES_COLOURS = {"poverty_rate": "#c0392b", "near_poverty_rate": "#2471a3"}
OTHER_COLOUR = "#7d3c98"
MAX_ROWS = 80  # a chart of more rows is unreadable; the table below it holds every row


@dataclass
class RatePoint:
    label: str  # place and year
    series: str  # indicator id
    baseline: float | None
    target: float | None
    change: float | None
    per_year: bool
    baseline_href: str | None = None
    target_href: str | None = None
    change_href: str | None = None


def _colour(series: str) -> str:
    return SERIES_COLOURS.get(series, OTHER_COLOUR)


def _series_order(series: str) -> tuple[int, str]:
    order = list(SERIES_COLOURS)
    return (order.index(series) if series in order else len(order), series)


def num(v: float) -> str:
    """A figure as the report prints it: up to three decimals, a real minus sign."""
    return f"{v:.3f}".rstrip("0").rstrip(".").replace("-", "−")


def ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """Round tick values covering lo..hi: steps of 1, 2, 2.5 or 5 times a power of ten."""
    raw = (hi - lo) / n or 1.0
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    out, v = [], math.floor(lo / step + 1e-9) * step
    while True:
        out.append(round(v, 6) + 0.0)  # no "-0"
        if v >= hi - 1e-9:
            return out
        v += step


def _link(href: str | None, body: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    if not href:
        return f"<g>{tip}{body}</g>"
    return f'<a href="#{escape(href)}">{tip}{body}</a>'


@dataclass
class _Layout:
    """Rows of a chart: each point's y, the label written once per place and year."""

    ys: list[float]
    labels: list[tuple[float, str]]
    height: float


def _layout(points: list[RatePoint]) -> _Layout:
    ys: list[float] = []
    labels: list[tuple[float, str]] = []
    y = TOP + 6.0
    previous = None
    for p in points:
        if p.label != previous:
            if previous is not None:
                y += GAP
            labels.append((y + ROW / 2 + 4, p.label))
            previous = p.label
        ys.append(y + ROW / 2)
        y += ROW
    return _Layout(ys, labels, y + 56)


def _sorted(points: list[RatePoint]) -> list[RatePoint]:
    order = list(dict.fromkeys(p.label for p in points))
    ranked = sorted(points, key=lambda p: (order.index(p.label), _series_order(p.series)))
    return ranked[:MAX_ROWS]


def _axis(x: Callable[[float], float], values: list[float], bottom: float) -> list[str]:
    out = []
    for t in values:
        cls = "grid zero" if t == 0 else "grid"
        out.append(
            f'<line x1="{x(t):.1f}" y1="{TOP}" x2="{x(t):.1f}" y2="{bottom:.1f}" class="{cls}"/>'
        )
        out.append(
            f'<text x="{x(t):.1f}" y="{bottom + 14:.1f}" text-anchor="middle" '
            f'class="tick">{num(t)}</text>'
        )
    return out


def _legend(series: list[str], names: dict[str, str], y: float) -> list[str]:
    out, x = [], float(LEFT)
    for s in series:
        name = names.get(s, s)
        out.append(f'<circle cx="{x:.0f}" cy="{y:.0f}" r="5" fill="{_colour(s)}"/>')
        out.append(f'<text x="{x + 9:.0f}" y="{y + 4:.0f}" class="lbl">{escape(name)}</text>')
        x += 30 + 7 * len(name)
    return out


def _svg(title: str, layout: _Layout, body: list[str], note: str) -> str:
    labels = [
        f'<text x="{LEFT - 10}" y="{y:.1f}" text-anchor="end" class="lbl">{escape(text)}</text>'
        for y, text in layout.labels
    ]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {layout.height:.0f}" width="{WIDTH}" '
        f'height="{layout.height:.0f}"><text x="8" y="20" class="ttl">{escape(title)}</text>'
        + "".join(labels)
        + "".join(body)
        + (
            f'<text x="8" y="{layout.height - 4:.0f}" class="note">{escape(note)}</text>'
            if note
            else ""
        )
        + "</svg>"
    )


def _note(shown: int, total: int) -> str:
    return f"first {shown} of {total} rows; the table has them all" if total > shown else ""


def rate_chart(points: list[RatePoint], title: str, names: dict[str, str]) -> str:
    """Baseline (hollow) to target (filled) per place and year, a row per indicator."""
    wanted = [p for p in points if p.baseline is not None or p.target is not None]
    rows = _sorted(wanted)
    if not rows:
        return ""
    layout = _layout(rows)
    hi = max(v for p in rows for v in (p.baseline, p.target) if v is not None) or 1.0
    scale = ticks(0.0, hi)
    x = lambda v: LEFT + (WIDTH - LEFT - 110) * v / scale[-1]  # noqa: E731
    body = _axis(x, scale, layout.height - 50)
    for p, y in zip(rows, layout.ys, strict=True):
        colour, name = _colour(p.series), names.get(p.series, p.series)
        if p.baseline is not None and p.target is not None:
            body.append(
                f'<line x1="{x(p.baseline):.1f}" y1="{y:.1f}" x2="{x(p.target):.1f}" '
                f'y2="{y:.1f}" stroke="{colour}" stroke-width="2"/>'
            )
        if p.baseline is not None:
            circle = (
                f'<circle cx="{x(p.baseline):.1f}" cy="{y:.1f}" r="5" fill="white" '
                f'stroke="{colour}" stroke-width="2" class="mark"/>'
            )
            body.append(
                _link(p.baseline_href, circle, f"{p.label}: {name}, baseline {num(p.baseline)}")
            )
        if p.target is not None:
            circle = (
                f'<circle cx="{x(p.target):.1f}" cy="{y:.1f}" r="5" fill="{colour}" class="mark"/>'
            )
            body.append(_link(p.target_href, circle, f"{p.label}: {name}, target {num(p.target)}"))
        values = [v for v in (p.baseline, p.target) if v is not None]
        text = " → ".join(num(v) for v in (p.baseline, p.target) if v is not None)
        if p.baseline is None:
            text = f"target {text}"
        elif p.target is None:
            text = f"baseline {text}"
        body.append(
            f'<text x="{x(max(values)) + 10:.1f}" y="{y + 4:.1f}" class="val">{escape(text)}</text>'
        )
    series = sorted({p.series for p in rows}, key=_series_order)
    body += _legend(series, names, layout.height - 18)
    return _svg(title, layout, body, _note(len(rows), len(wanted)))


def change_chart(points: list[RatePoint], title: str, names: dict[str, str]) -> str:
    """The planned change of each rate (percentage points; '/yr' when per year)."""
    wanted = [p for p in points if p.change is not None]
    rows = _sorted(wanted)
    if not rows:
        return ""
    layout = _layout(rows)
    changes = [p.change for p in rows if p.change is not None]
    scale = ticks(min(0.0, *changes), max(0.0, *changes))
    lo, hi = scale[0], scale[-1]
    x = lambda v: LEFT + 50 + (WIDTH - LEFT - 120) * (v - lo) / ((hi - lo) or 1.0)  # noqa: E731
    body = _axis(x, scale, layout.height - 50)
    for p, y in zip(rows, layout.ys, strict=True):
        if p.change is None:
            continue
        x0, x1 = sorted((x(0.0), x(p.change)))
        suffix = "/yr" if p.per_year else ""
        bar = (
            f'<rect x="{x0:.1f}" y="{y - 6:.1f}" width="{max(x1 - x0, 1.5):.1f}" '
            f'height="12" fill="{_colour(p.series)}" class="mark"/>'
        )
        name = names.get(p.series, p.series)
        body.append(_link(p.change_href, bar, f"{p.label}: {name}, change {num(p.change)}{suffix}"))
        right = p.change >= 0
        body.append(
            f'<text x="{(x1 + 5) if right else (x0 - 5):.1f}" y="{y + 4:.1f}" '
            f'text-anchor="{"start" if right else "end"}" class="val">'
            f"{num(p.change)}{suffix}</text>"
        )
    series = sorted({p.series for p in rows}, key=_series_order)
    body += _legend(series, names, layout.height - 18)
    return _svg(title, layout, body, _note(len(rows), len(wanted)))


def heatmap(
    rows: list[str], columns: list[str], cells: dict[tuple[str, str], tuple[int, str, str | None]]
) -> str:
    """Rows x columns; a cell's shade is its count (agencies), its text the first name."""
    if not rows or not columns:
        return ""
    shown = rows[:MAX_ROWS]
    cell_w = max(60, min(120, (WIDTH - LEFT) // max(len(columns), 1)))
    width = LEFT + cell_w * len(columns) + 10
    height = 60 + len(shown) * ROW + 24
    top = max((n for n, _, _ in cells.values()), default=1) or 1
    body: list[str] = []
    for j, col in enumerate(columns):
        body.append(
            f'<text x="{LEFT + j * cell_w + cell_w / 2:.1f}" y="50" '
            f'text-anchor="middle" class="lbl">{escape(col)}</text>'
        )
    for i, row in enumerate(shown):
        y = 60 + i * ROW
        body.append(
            f'<text x="{LEFT - 8}" y="{y + ROW / 2 + 4}" text-anchor="end" class="lbl">'
            f"{escape(row)}</text>"
        )
        for j, col in enumerate(columns):
            count, text, href = cells.get((row, col), (0, "", None))
            shade = 0.15 + 0.75 * count / top if count else 0.0
            rect = (
                f'<rect x="{LEFT + j * cell_w}" y="{y}" width="{cell_w - 2}" '
                f'height="{ROW - 2}" fill="#1f618d" fill-opacity="{shade:.2f}" '
                f'stroke="#d5dbdb" class="mark"/>'
            )
            dark = " dark" if shade > 0.5 else ""
            label = (
                f'<text x="{LEFT + j * cell_w + 4}" y="{y + ROW / 2 + 3}" '
                f'class="cell{dark}">{escape(text[:16])}</text>'
                if text
                else ""
            )
            tip = f"{row} · {col}: {text} ({count} agencies)" if count else f"{row} · {col}: none"
            body.append(_link(href, rect + label, tip))
    note = _note(len(shown), len(rows))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f'<text x="8" y="20" class="ttl">Programme coverage: lead agency per programme item '
        f"(shade: agencies assigned)</text>"
        + "".join(body)
        + (f'<text x="8" y="{height - 6}" class="note">{escape(note)}</text>' if note else "")
        + "</svg>"
    )
