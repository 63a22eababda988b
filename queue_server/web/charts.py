"""Charts drawn on the server as SVG: horizontal bars and an hour heat map.

No script and no library: the SVG is part of the page, prints as it shows, and
every number in it is also in a table (and its CSV) beside it.
"""

from collections.abc import Callable
from html import escape

from markupsafe import Markup

BAR_COLORS = ("#0b4f8a", "#7fa7cf", "#b3261e")
BAR = 14  # height of one bar
LEFT = 300  # room for the labels


def _short(label: str, size: int = 46) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    labels: list[str],
    series: list[list[float]],
    names: list[str],
    *,
    limits: list[float | None] | None = None,
    width: int = 720,
) -> Markup:
    """Horizontal bars, one group per label and one bar per series; ``limits`` draws a
    red tick per label (an SLA target, say)."""
    group = BAR * len(series) + 10
    height = group * len(labels) + 30
    top = max([v for values in series for v in values] + [v or 0 for v in (limits or [])] + [1])
    scale = (width - LEFT - 60) / top
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg"'
        f' width="{width}" font-size="12"'
        ' font-family="DejaVu Sans, Arial, sans-serif">'
    ]
    for i, label in enumerate(labels):
        limit = limits[i] if limits else None
        parts += _bar_group(label, [values[i] for values in series], limit, i * group + 4, scale)
    parts += _legend(names, LEFT, height - 10, 150)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def _legend(names: list[str], left: int, baseline: int, spacing: int) -> list[str]:
    """A colour square and the name of each series, in a row along ``baseline``."""
    parts = []
    for s, name in enumerate(names):
        x = left + s * spacing
        color = BAR_COLORS[s % len(BAR_COLORS)]
        parts.append(
            f'<rect x="{x}" y="{baseline - 9}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="{baseline}">{escape(name)}</text>'
        )
    return parts


def _bar_group(
    label: str, values: list[float], limit: float | None, y: int, scale: float
) -> list[str]:
    """One label's bars, values printed beside them, and its limit as a dashed red line."""
    parts = [
        f'<text x="{LEFT - 6}" y="{y + BAR * len(values) / 2 + 4}" text-anchor="end">'
        f"{escape(_short(label))}</text>"
    ]
    for s, value in enumerate(values):
        w = max(value * scale, 0)
        color = BAR_COLORS[s % len(BAR_COLORS)]
        parts.append(
            f'<rect x="{LEFT}" y="{y + s * BAR}" width="{w:.1f}" height="{BAR - 2}"'
            f' fill="{color}"><title>{escape(label)}: {_number(value)}</title></rect>'
            f'<text x="{LEFT + w + 4:.1f}" y="{y + s * BAR + BAR - 4}">{_number(value)}</text>'
        )
    if limit:
        x = LEFT + limit * scale
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 2}" y2="{y + BAR * len(values)}"'
            ' stroke="#b3261e" stroke-width="2" stroke-dasharray="3 2"/>'
        )
    return parts


def heat_map(rows: list[str], hours: list[str], values: list[list[float]]) -> Markup:
    """A grid of rows x hours, darker where more visitors arrived; each cell shows its value."""
    cell_w, cell_h, left, top = 46, 26, LEFT, 22
    width = left + cell_w * len(hours) + 10
    height = top + cell_h * len(rows) + 6
    peak = max([v for row in values for v in row] + [1])
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg"'
        f' width="{width}" font-size="12"'
        ' font-family="DejaVu Sans, Arial, sans-serif">'
    ]
    for j, hour in enumerate(hours):
        parts.append(
            f'<text x="{left + j * cell_w + cell_w / 2}" y="14" text-anchor="middle">{hour}</text>'
        )
    for i, (label, row) in enumerate(zip(rows, values, strict=True)):
        y = top + i * cell_h
        parts.append(
            f'<text x="{left - 6}" y="{y + 17}" text-anchor="end">{escape(_short(label))}</text>'
        )
        for j, value in enumerate(row):
            share = value / peak
            light = 96 - int(share * 62)
            ink = "#fff" if share > 0.55 else "#1c2430"
            x = left + j * cell_w
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}"'
                f' fill="hsl(210, 70%, {light}%)"><title>{escape(label)} {hours[j]}:00:'
                f" {_number(value)}</title></rect>"
                f'<text x="{x + cell_w / 2 - 1}" y="{y + 17}" text-anchor="middle" fill="{ink}">'
                f"{_number(value) if value else ''}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def line_chart(
    labels: list[str],
    series: list[list[float | None]],
    names: list[str],
    *,
    percent: bool = False,
    width: int = 720,
    height: int = 220,
) -> Markup:
    """Lines over time, one per series; a missing value (None) breaks its line. ``percent``:
    the values are shares 0-1, drawn on a 0-100 % axis. A dot per point carries its value
    as a tooltip; about a dozen labels name the time axis."""
    left, right, top, bottom = 52, 36, 12, 46  # room for the last label, centred on its point
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for line in series for v in line if v is not None]
    ceiling = 1.0 if percent else max([*values, 1.0]) * 1.1
    step_x = plot_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return left + i * step_x

    def y(value: float) -> float:
        return top + plot_h - value / ceiling * plot_h

    def shown(value: float) -> str:
        return f"{value * 100:.0f} %" if percent else _number(value)

    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" xmlns="http://www.w3.org/2000/svg"'
        f' width="{width}" font-size="11" font-family="DejaVu Sans, Arial, sans-serif">',
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"'
        ' stroke="#8a94a3"/>',
    ]
    for fraction in (0.5, 1.0):
        level = ceiling * fraction
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(level):.1f}" y2="{y(level):.1f}"'
            ' stroke="#e4e8ee"/>'
            f'<text x="{left - 6}" y="{y(level) + 4:.1f}" text-anchor="end">{shown(level)}</text>'
        )
    every = max(1, -(-len(labels) // 12))
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
                f"{escape(label)}</text>"
            )
    for s, line in enumerate(series):
        color = BAR_COLORS[s % len(BAR_COLORS)]
        parts += _line(line, x, y, color)
        for i, value in enumerate(line):
            if value is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="2.5" fill="{color}">'
                    f"<title>{escape(labels[i])}: {shown(value)}</title></circle>"
                )
    parts += _legend(names, left, height - 5, 170)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def _line(
    values: list[float | None],
    x: Callable[[int], float],
    y: Callable[[float], float],
    color: str,
) -> list[str]:
    """A polyline per run of values without a gap."""
    runs: list[list[str]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append(f"{x(i):.1f},{y(value):.1f}")
    return [
        f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" stroke-width="2"/>'
        for run in runs
        if len(run) > 1
    ]
