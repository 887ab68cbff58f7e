"""A model's trends over the evaluation dates: discrimination (AUC) and its estimate, ranking
quality (NDCG), overrides, segment mix, and the proxy label's alignment with its target, per
segment with the reference dashed."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import pandas as pd
from markupsafe import Markup

from retrain_gate.dates import to_date
from retrain_gate.plots import Series, line_chart
from retrain_gate.report.page import Page, by_day, number, pct_tick, plain
from retrain_gate.report.templating import Key, render

SEGMENT_COLORS = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#65a30d")
#: The proxy's sums per evaluation date its ratios are made of.
_PROXY_SUMS = [
    "n_proxy",
    "n_proxy_positive",
    "n_proxy_target",
    "reference_n_proxy",
    "reference_n_proxy_positive",
    "reference_n_proxy_target",
]


def _figure(caption: str, legend: list[Key], svg: str) -> Markup:
    """The trend's figure; `caption` is HTML (its names escaped), as the chart's title is."""
    return render("trend.html.j2", caption=Markup(caption), legend=legend, svg=Markup(svg))


def trend(
    page: Page,
    model: str,
    rows: pd.DataFrame,
    kind: str,
    caption: str,
    value_name: str,
    y_format: Callable[[float], str],
    y_floor: float | None = 0.0,
) -> Markup:
    """Value per segment over the days, with the whole population's baseline dashed."""
    segments = sorted(rows["segment"].unique(), key=lambda s: (s != "all", str(s)))
    series: list[Series] = []
    legend: list[Key] = []
    for i, segment in enumerate(segments):
        found = by_day(rows[rows["segment"] == segment])
        values = [number(found[d]["value"]) if d in found else None for d in page.days]
        if segment == "all":
            color, width = "#111827", 2.4
            baseline = [number(found[d]["baseline"]) if d in found else None for d in page.days]
            legend += [Key(color, "whole population", "line")]
            if any(v is not None for v in baseline):
                series.append(Series(f"{value_name}, reference", baseline, "#6b7280", 1.5, "5 4"))
                legend += [Key("#6b7280", "reference", "dashed")]
        else:
            color = SEGMENT_COLORS[(i - 1) % len(SEGMENT_COLORS)]
            width = 1.4
            legend.append(Key(color, str(segment), "line"))
        series.append(Series(f"{value_name}, {segment}", values, color, width))
    svg = line_chart(page.days, series, kind, model, caption, y_format, y_floor=y_floor)
    return _figure(caption, legend, svg)


#: The whole-model outcome checks drawn as a trend: check -> (plot kind, caption, value name).
_CHECK_TRENDS = {
    "discrimination": ("trend-discrimination", "Discrimination: AUC of the outcome window", "AUC"),
    "ranking_quality": (
        "trend-ranking",
        "Ranking quality: mean NDCG@k of the outcome window's queries",
        "NDCG",
    ),
}


def check_trends(page: Page, model: str, signals: pd.DataFrame) -> list[Markup]:
    """The trend of each of _CHECK_TRENDS the model has values of (a ranking model has both)."""
    figures = []
    for check, (kind, caption, value_name) in _CHECK_TRENDS.items():
        rows = signals[(signals["check_name"] == check) & (signals["segment"] == "all")]
        if not rows.empty and not rows["value"].isna().all():
            figure = trend(page, model, rows, kind, caption, value_name, lambda v: f"{v:.2f}", None)
            figures.append(figure)
    return figures


def estimate_trend(page: Page, model: str, signals: pd.DataFrame) -> Markup:
    """The AUC estimated from each window's scores before its labels matured beside the AUC
    its labels realized, both on the window's last day (docs/estimated.md)."""
    whole = signals[signals["segment"] == "all"]
    estimated = whole[whole["check_name"] == "estimated_discrimination"]
    estimated = estimated[estimated["status"] != "insufficient_data"]
    if estimated.empty:
        return Markup()
    realized = whole[whole["check_name"] == "discrimination"]

    def by_window_end(rows: pd.DataFrame, column: str) -> list[float | None]:
        found = {to_date(r["window_end"]): number(r[column]) for _, r in rows.iterrows()}
        return [found.get(d) for d in page.days]

    series = [
        Series(
            "AUC estimated from the scores, reference",
            by_window_end(estimated, "baseline"),
            "#6b7280",
            1.5,
            "5 4",
        ),
        Series("AUC estimated from the scores", by_window_end(estimated, "value"), "#7c3aed", 2.4),
        Series("AUC the labels realized", by_window_end(realized, "value"), "#111827", 2.4),
    ]
    caption = "Estimated vs realized AUC, by the window's last day"
    legend = [
        Key("#7c3aed", "estimated from the scores", "line"),
        Key("#111827", "realized, once labels matured", "line"),
        Key("#6b7280", "estimated on the reference", "dashed"),
    ]
    svg = line_chart(
        page.days, series, "trend-estimate", model, caption, lambda v: f"{v:.2f}", y_floor=None
    )
    return _figure(caption, legend, svg)


def override_trend(page: Page, model: str, signals: pd.DataFrame) -> Markup:
    rows = signals[signals["check_name"] == "override_rate"]
    if rows.empty or rows["value"].isna().all():
        return Markup()
    caption = "Overrides: share of decisions overridden"
    return trend(page, model, rows, "trend-override", caption, "override rate", pct_tick)


def segment_mix_trend(page: Page, model: str, signals: pd.DataFrame) -> Markup:
    rows = signals[(signals["check_name"] == "segment_mix") & (signals["segment"] == "all")]
    if rows.empty or rows["value"].isna().all() or (rows["status"] == "ok").all():
        return Markup()
    return Markup("").join(
        trend(
            page,
            model,
            rows[rows["subject"] == subject],
            "trend-segment-mix",
            f"Segment mix: PSI of the shares of {escape(str(subject))}",
            "PSI",
            plain,
        )
        for subject in sorted(rows["subject"].unique())
    )


def proxy_trend(page: Page, model: str, bands: pd.DataFrame) -> Markup:
    if bands.empty or "n_proxy" not in bands:
        return Markup()
    sums = bands[bands["segment"] == "all"].groupby("eval_date")[_PROXY_SUMS].sum()
    if sums.empty or sums["n_proxy"].sum() == 0:
        return Markup()

    def ratio(numerator: str, denominator: str) -> list[float | None]:
        out: list[float | None] = []
        for day in page.days:
            stamp = pd.Timestamp(day)
            below: Any = sums.at[stamp, denominator] if stamp in sums.index else 0
            above: Any = sums.at[stamp, numerator] if stamp in sums.index else 0
            out.append(float(above) / float(below) if below else None)
        return out

    purple, cyan = "#7c3aed", "#0891b2"
    series = [
        Series(
            "target per proxy, window", ratio("n_proxy_target", "n_proxy_positive"), purple, 2.2
        ),
        Series(
            "target per proxy, reference",
            ratio("reference_n_proxy_target", "reference_n_proxy_positive"),
            purple,
            1.4,
            "5 4",
        ),
        Series("proxy rate, window", ratio("n_proxy_positive", "n_proxy"), cyan, 2.2),
        Series(
            "proxy rate, reference",
            ratio("reference_n_proxy_positive", "reference_n_proxy"),
            cyan,
            1.4,
            "5 4",
        ),
    ]
    caption = "Proxy label: how often a proxy positive reaches the target, and the proxy rate"
    legend = [
        Key(purple, "target per proxy positive", "line"),
        Key(cyan, "proxy rate", "line"),
        Key("#6b7280", "reference", "dashed"),
    ]
    svg = line_chart(page.days, series, "trend-proxy", model, caption, pct_tick)
    return _figure(caption + " (outcome windows)", legend, svg)
