"""Charts drawn on the server as SVG: months on the x axis, one line per series.

No script and no library: the chart is part of the page, prints and pastes into a slide
as it shows, and every number in it is also in the table (and its export) beside it.
"""

from collections.abc import Callable
from html import escape

from markupsafe import Markup

COLORS = ("#0b4f8a", "#b3261e", "#1d7a3a", "#a64b00", "#6a3d9a", "#00838f", "#8d6e63",
          "#c2185b", "#546e7a", "#7cb342")  # fmt: skip
NATION_COLOR = "#1c2430"
LEFT, RIGHT, TOP, BOTTOM = 56, 190, 16, 34


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10.0 ** (len(str(int(value))) - 1)
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= factor * step:
            return factor * step
    return 10.0 * step


def _label(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def line_chart(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    width: int = 900,
    height: int = 300,
    title: str = "",
) -> Markup:
    """One line per ``(name, values)``; a gap where a value is None. The series named last
    is drawn thick and dark when it is the whole (the nation)."""
    values = [v for _, vs in series for v in vs if v is not None]
    top = _nice_top(max(values, default=1.0))
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    step = plot_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step

    def y(v: float) -> float:
        return TOP + plot_h - v / top * plot_h

    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"'
        f' xmlns="http://www.w3.org/2000/svg" style="max-width:{width}px;width:100%"'
        ' font-size="12" font-family="DejaVu Sans, Arial, sans-serif">'
    ]
    for k in range(5):
        v = top * k / 4
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(v):.1f}" y2="{y(v):.1f}"'
                     ' stroke="#d5dbe3"/>'
                     f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end"'
                     f' fill="#5b6675">{_label(v)}</text>')  # fmt: skip
    every = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(f'<text x="{x(i):.1f}" y="{height - 12}" text-anchor="middle"'
                         f' fill="#5b6675">{escape(label)}</text>')  # fmt: skip
    for n, (name, vs) in enumerate(series):
        parts += _line(name, vs, n, x, y, LEFT + plot_w + 12)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()


def _line(
    name: str,
    vs: list[float | None],
    n: int,
    x: Callable[[int], float],
    y: Callable[[float], float],
    legend_x: float,
) -> list[str]:
    whole = name.startswith("●")
    color = NATION_COLOR if whole else COLORS[n % len(COLORS)]
    stroke = 3.5 if whole else 2
    parts: list[str] = []
    path: list[str] = []
    for i, v in enumerate(vs):
        if v is None:
            path.append("")
            continue
        path.append(f"{x(i):.1f},{y(v):.1f}")
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="{stroke}" fill="{color}">'
                     f"<title>{escape(name)}: {_label(v)}</title></circle>")  # fmt: skip
    for run in " ".join(path).split("  "):
        points = run.strip()
        if points:
            parts.insert(0, f'<polyline points="{points}" fill="none" stroke="{color}"'
                            f' stroke-width="{stroke}" stroke-linejoin="round"/>')  # fmt: skip
    legend_y = 20 + n * 18
    parts.append(f'<rect x="{legend_x}" y="{legend_y - 9}" width="12" height="4" fill="{color}"/>'
                 f'<text x="{legend_x + 18}" y="{legend_y - 3}" fill="#1c2430">'
                 f"{escape(name[:26])}</text>")  # fmt: skip
    return parts
