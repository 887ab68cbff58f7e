"""Small inline-SVG charts for the report: day grids (heatmaps, timelines), line charts over
evaluation dates and grouped bars per score band. Plain SVG elements, no script, no external
reference: each chart is a string to paste into an HTML page, with a <title> tooltip on every
mark. Every chart's root is `<svg class="plot" data-plot=KIND data-model=MODEL>`."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

FONT_SIZE = 11
CHAR_WIDTH = 6.6  # average width of a character at FONT_SIZE, for label columns
TEXT = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
LABEL_WIDTH = 44  # pixels a date label ("Apr 29") needs on an axis


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class Svg:
    """An SVG being drawn: marks are appended, render() closes it."""

    def __init__(self, width: float, height: float, kind: str, model: str, label: str) -> None:
        self.width = width
        self.height = height
        self.kind = kind
        self.model = model
        self.label = label
        self.parts: list[str] = []

    @staticmethod
    def _title(title: str | None) -> str:
        return f"<title>{escape(title)}</title>" if title else ""

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str,
        title: str | None = None,
        stroke: str | None = None,
        stroke_width: float = 1.0,
    ) -> None:
        outline = (
            f' stroke="{stroke}" stroke-width="{_num(stroke_width)}"' if stroke is not None else ""
        )
        head = (
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0))}" '
            f'height="{_num(max(h, 0))}" fill="{fill}"{outline}'
        )
        self.parts.append(f"{head}>{self._title(title)}</rect>" if title else f"{head}/>")

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        stroke: str = GRID,
        width: float = 1.0,
        dash: str | None = None,
    ) -> None:
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{_num(x1)}" y1="{_num(y1)}" x2="{_num(x2)}" y2="{_num(y2)}" '
            f'stroke="{stroke}" stroke-width="{_num(width)}"{dashing}/>'
        )

    def polyline(
        self,
        points: Sequence[tuple[float, float]],
        stroke: str,
        width: float = 1.5,
        dash: str | None = None,
        title: str | None = None,
    ) -> None:
        if len(points) < 2:
            return
        coordinates = " ".join(f"{_num(x)},{_num(y)}" for x, y in points)
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<polyline points="{coordinates}" fill="none" stroke="{stroke}" '
            f'stroke-width="{_num(width)}" stroke-linejoin="round"{dashing}>'
            f"{self._title(title)}</polyline>"
        )

    def circle(
        self,
        cx: float,
        cy: float,
        r: float,
        fill: str,
        title: str | None = None,
        stroke: str | None = None,
    ) -> None:
        outline = f' stroke="{stroke}" stroke-width="1.5"' if stroke else ""
        self.parts.append(
            f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" fill="{fill}"{outline}>'
            f"{self._title(title)}</circle>"
        )

    def text(
        self,
        x: float,
        y: float,
        content: str,
        anchor: str = "start",
        fill: str = TEXT,
        size: int = FONT_SIZE,
        weight: str | None = None,
    ) -> None:
        bold = f' font-weight="{weight}"' if weight else ""
        self.parts.append(
            f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" fill="{fill}" '
            f'font-size="{size}"{bold}>{escape(content)}</text>'
        )

    def render(self) -> str:
        return (
            f'<svg class="plot" data-plot="{escape(self.kind)}" data-model="{escape(self.model)}" '
            f'role="img" aria-label="{escape(self.label)}" width="{_num(self.width)}" '
            f'height="{_num(self.height)}" viewBox="0 0 {_num(self.width)} {_num(self.height)}">'
            f"<title>{escape(self.label)}</title>" + "".join(self.parts) + "</svg>"
        )


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round tick values covering [low, high]."""
    if not math.isfinite(low) or not math.isfinite(high):
        return [0.0, 1.0]
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 12))
    return ticks


def _day_label(day: dt.date) -> str:
    return day.strftime("%b %d")


def _labelled_days(days: Sequence[dt.date], spacing: float) -> set[int]:
    """Indexes of the days whose date is written under an axis whose days are `spacing` pixels
    apart: every day when there is room, else every few days, else Mondays (every few weeks
    on long ranges), never two labels closer than a label's width."""
    if not days:
        return set()
    gap = max(1, math.ceil(LABEL_WIDTH / max(spacing, 0.1)))
    if gap == 1:
        return set(range(len(days)))
    if gap <= 3 and len(days) <= 21:
        return set(range(0, len(days), gap))
    weeks = math.ceil(gap / 7)
    mondays = [i for i, day in enumerate(days) if day.weekday() == 0]
    return set(mondays[::weeks]) or {0}


@dataclass
class Cell:
    """One cell of a day grid."""

    fill: str
    title: str
    emphasis: bool = False  # drawn with a dark outline (a breach)


def day_grid(
    rows: Sequence[str],
    days: Sequence[dt.date],
    cell: Callable[[int, int], Cell | None],
    kind: str,
    model: str,
    label: str,
    row_height: float = 16,
    max_width: float = 1040,
    markers: Sequence[tuple[int, str]] = (),
) -> str:
    """A grid of rows (labels on the left) x days (dates below): cell(row, day) -> Cell or
    None (nothing drawn). markers: (day index, text) drawn as a vertical rule with a label."""
    label_width = 12 + CHAR_WIDTH * max((len(r) for r in rows), default=4)
    columns = max(len(days), 1)
    cell_width = max(3.0, min(28.0, (max_width - label_width - 16) / columns))
    top = 14 if markers else 4
    width = label_width + cell_width * columns + 16
    height = top + row_height * len(rows) + 30
    svg = Svg(width, height, kind, model, label)
    for r, name in enumerate(rows):
        y = top + r * row_height
        svg.text(label_width - 6, y + row_height * 0.72, name, anchor="end")
        for d in range(len(days)):
            found = cell(r, d)
            if found is None:
                continue
            x = label_width + d * cell_width
            svg.rect(
                x + 0.5,
                y + 1,
                cell_width - 1,
                row_height - 2,
                found.fill,
                found.title,
                stroke="#111827" if found.emphasis else None,
                stroke_width=1.2,
            )
    bottom = top + row_height * len(rows)
    for d in sorted(_labelled_days(days, cell_width)):
        x = label_width + (d + 0.5) * cell_width
        svg.line(x, bottom, x, bottom + 4, stroke=MUTED)
        svg.text(x, bottom + 16, _day_label(days[d]), anchor="middle", fill=MUTED, size=10)
    for d, text in markers:
        x = label_width + d * cell_width
        svg.line(x, top - 2, x, bottom, stroke="#111827", width=1, dash="3 2")
        near_end = x + CHAR_WIDTH * len(text) > width
        anchor = "end" if near_end else "start"
        svg.text(x - 2 if near_end else x + 2, top - 4, text, anchor, size=10)
    return svg.render()


@dataclass
class Series:
    """A line over the days of a line chart (None: no value that day)."""

    name: str
    values: Sequence[float | None]
    color: str
    width: float = 1.8
    dash: str | None = None


def line_chart(
    days: Sequence[dt.date],
    series: Sequence[Series],
    kind: str,
    model: str,
    label: str,
    y_format: Callable[[float], str],
    width: float = 540,
    height: float = 220,
    y_floor: float | None = 0.0,
) -> str:
    """Lines over evaluation dates, with a y axis of round ticks and a point (tooltip) per
    value."""
    values = [v for s in series for v in s.values if v is not None and math.isfinite(v)]
    low = min(values, default=0.0)
    high = max(values, default=1.0)
    if y_floor is not None:
        low = min(low, y_floor)
    ticks = nice_ticks(low, high)
    low, high = ticks[0], ticks[-1]
    left = 12 + CHAR_WIDTH * max(len(y_format(t)) for t in ticks)
    right, top, bottom = 12, 10, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    svg = Svg(width, height, kind, model, label)

    def x_of(index: int) -> float:
        return left + (index + 0.5) * plot_w / max(len(days), 1)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (value - low) / ((high - low) or 1.0))

    for tick in ticks:
        y = y_of(tick)
        svg.line(left, y, left + plot_w, y)
        svg.text(left - 6, y + 4, y_format(tick), anchor="end", fill=MUTED, size=10)
    for d in sorted(_labelled_days(days, plot_w / max(len(days), 1))):
        svg.line(x_of(d), top + plot_h, x_of(d), top + plot_h + 4, stroke=MUTED)
        svg.text(x_of(d), height - 8, _day_label(days[d]), anchor="middle", fill=MUTED, size=10)
    for line in series:
        run: list[tuple[float, float]] = []
        for index, value in enumerate([*line.values, None]):
            if value is None or not math.isfinite(value):
                svg.polyline(run, line.color, line.width, line.dash, title=line.name)
                run = []
                continue
            run.append((x_of(index), y_of(value)))
        if not line.dash and line.width >= 2:
            for index, value in enumerate(line.values):
                if value is not None and math.isfinite(value):
                    svg.circle(
                        x_of(index),
                        y_of(value),
                        max(line.width, 1.5),
                        line.color,
                        f"{line.name} on {days[index]}: {y_format(value)}",
                    )
    return svg.render()


@dataclass
class Bars:
    """One bar per band."""

    name: str
    values: Sequence[float | None]
    color: str


@dataclass
class Marks:
    """One horizontal tick per band, over its bars (an expected value, a reference)."""

    name: str
    values: Sequence[float | None]
    color: str


def band_chart(
    bands: Sequence[str],
    bars: Sequence[Bars],
    marks: Sequence[Marks],
    kind: str,
    model: str,
    label: str,
    y_format: Callable[[float], str],
    width: float = 500,
    height: float = 220,
    reference_line: float | None = None,
) -> str:
    """Grouped bars per score band, with marks drawn across each band's group."""
    columns = [group.values for group in bars] + [group.values for group in marks]
    values = [v for column in columns for v in column if v is not None and math.isfinite(v)]
    ticks = nice_ticks(0.0, max([*values, reference_line or 0.0], default=1.0))
    high = ticks[-1]
    left = 12 + CHAR_WIDTH * max(len(y_format(t)) for t in ticks)
    right, top, bottom = 10, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    svg = Svg(width, height, kind, model, label)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / (high or 1.0))

    for tick in ticks:
        svg.line(left, y_of(tick), left + plot_w, y_of(tick))
        svg.text(left - 6, y_of(tick) + 4, y_format(tick), anchor="end", fill=MUTED, size=10)
    slot = plot_w / max(len(bands), 1)
    bar_w = slot * 0.78 / max(len(bars), 1)
    for b, band in enumerate(bands):
        x0 = left + b * slot + slot * 0.11
        for g, group in enumerate(bars):
            value = group.values[b]
            if value is None or not math.isfinite(value):
                continue
            svg.rect(
                x0 + g * bar_w,
                y_of(value),
                bar_w - 1,
                y_of(0) - y_of(value),
                group.color,
                f"band {band}, {group.name}: {y_format(value)}",
            )
        for mark in marks:
            value = mark.values[b]
            if value is None or not math.isfinite(value):
                continue
            svg.line(x0 - 2, y_of(value), x0 + slot * 0.78 + 2, y_of(value), mark.color, 2.5)
            svg.circle(
                x0 + slot * 0.39,
                y_of(value),
                3,
                mark.color,
                f"band {band}, {mark.name}: {y_format(value)}",
            )
        svg.text(left + (b + 0.5) * slot, height - 18, band, anchor="middle", fill=MUTED, size=10)
    svg.text(left + plot_w / 2, height - 4, "score band (low to high)", "middle", MUTED, 10)
    if reference_line is not None:
        y = y_of(reference_line)
        svg.line(left, y, left + plot_w, y, stroke="#111827", width=1, dash="4 3")
    return svg.render()
