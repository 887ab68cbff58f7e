"""`retrain-gate report`: one self-contained HTML page (inline CSS and SVG, no script, no
network) a person reads to see what each monitored model needs and why:

* the latest verdict of every model, with its reason, and a timeline of verdicts per model;
* per model: the drift heatmap (PSI per feature and day, whole population), the integrity
  findings (status per check and feature and day, and the latest day's findings in every
  segment), outcome by score band (observed vs expected rate, loss ratio vs the reference),
  the AUC trend, and the trust and label trends (overrides, segment mix, proxy alignment);
* the windows a retrain must leave out (retrain_gate_training_exclusions).

render_report() turns the four public tables (DataFrames, as retrain_gate.readers returns
them) into the page; write_report() reads them through a Warehouse and writes it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any

import pandas as pd

from retrain_gate.dates import format_day as _day
from retrain_gate.dates import to_date as _date
from retrain_gate.errors import TablesNotBuiltError
from retrain_gate.plots import (
    Bars,
    Cell,
    Marks,
    Series,
    band_chart,
    day_grid,
    line_chart,
)
from retrain_gate.readers import Warehouse, latest
from retrain_gate.verdicts import (
    VERDICT_ACTIONS,
    VERDICT_COLORS,
    VERDICT_EXIT_CODES,
    VERDICTS,
    verdict_rank,
)

STATUS_COLORS = {
    "ok": "#dcefe3",
    "warn": "#f59e0b",
    "breach": "#b91c1c",
    "insufficient_data": "#f3f4f6",
}
#: PSI bins of the drift heatmap: (upper bound, colour, legend label).
PSI_BINS: tuple[tuple[float, str, str], ...] = (
    (0.01, "#f8fafc", "< 0.01"),
    (0.05, "#fef3c7", "0.01-0.05"),
    (0.1, "#fde68a", "0.05-0.1"),
    (0.25, "#fbbf24", "0.1-0.25"),
    (0.5, "#f97316", "0.25-0.5"),
    (1.0, "#dc2626", "0.5-1"),
    (math.inf, "#7f1d1d", ">= 1"),
)
SEGMENT_COLORS = ("#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#65a30d")

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2937; background: #f3f4f6; }
main { max-width: 1180px; margin: 0 auto; padding: 24px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: #4b5563; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 18px 22px;
  margin: 18px 0; }
h2 { margin: 0 0 10px; font-size: 19px; display: flex; gap: 10px; align-items: center; }
h3 { margin: 18px 0 6px; font-size: 15px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff;
  font-size: 12px; font-weight: 600; white-space: nowrap; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0 14px; }
.counts span { padding: 4px 10px; border-radius: 6px; color: #fff; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e5e7eb;
  vertical-align: top; }
th { color: #4b5563; font-weight: 600; }
td.nowrap { white-space: nowrap; }
.reason { font-size: 15px; margin: 4px 0 8px; }
.action { color: #4b5563; margin: 0 0 8px; }
.figures { display: flex; flex-wrap: wrap; gap: 14px 28px; }
figure { margin: 8px 0; max-width: 100%; overflow-x: auto; }
.figures figure { width: min-content; }
figcaption { font-weight: 600; font-size: 13px; margin-bottom: 4px; }
.legend { font-weight: 400; color: #4b5563; font-size: 12px; display: flex; flex-wrap: wrap;
  gap: 4px 12px; margin-top: 2px; }
.key { display: inline-block; width: 11px; height: 11px; border-radius: 2px;
  margin-right: 4px; vertical-align: -1px; border: 1px solid rgba(0,0,0,.15); }
.key.line { height: 3px; vertical-align: 3px; border: 0; }
.key.dashed { height: 0; border: 0; border-top: 2px dashed; vertical-align: 3px; }
.key.outlined { border: 1.5px solid #111827; }
.note { color: #6b7280; font-size: 13px; }
details { margin: 6px 0; }
summary { cursor: pointer; color: #374151; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f3f4f6;
  padding: 1px 4px; border-radius: 3px; }
nav { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 12px; }
nav a { text-decoration: none; color: #1f2937; background: #fff; border: 1px solid #e5e7eb;
  border-radius: 6px; padding: 3px 8px; font-size: 13px; }
nav a span { display: inline-block; width: 8px; height: 8px; border-radius: 4px;
  margin-right: 5px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
footer { color: #6b7280; font-size: 12px; margin: 20px 0; }
"""


def _float(value: Any) -> float | None:
    """A numeric cell as a finite float, None when null or not finite."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%" if abs(value) < 0.1 else f"{value * 100:.0f}%"


def _pct_tick(value: float) -> str:
    return f"{value * 100:.3g}%"


def _plain(value: float) -> str:
    return f"{value:.3g}"


def _badge(verdict: str) -> str:
    color = VERDICT_COLORS.get(verdict, "#6b7280")
    return f'<span class="badge" style="background:{color}">{escape(verdict)}</span>'


def _key(color: str, label: str, style: str = "") -> str:
    if style == "dashed":
        return f'<span><span class="key dashed" style="border-color:{color}"></span>{label}</span>'
    css = f"key {style}".strip()
    return f'<span><span class="{css}" style="background:{color}"></span>{label}</span>'


def _figure(caption: str, legend: Sequence[str], svg: str) -> str:
    keys = f'<div class="legend">{"".join(legend)}</div>' if legend else ""
    return f"<figure><figcaption>{caption}{keys}</figcaption>{svg}</figure>"


def _calendar(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _by_day(frame: pd.DataFrame) -> dict[dt.date, pd.Series]:
    return {_date(row["eval_date"]): row for _, row in frame.iterrows()}


def _psi_fill(value: float) -> str:
    return next(color for bound, color, _ in PSI_BINS if value < bound)


class _Page:
    """The report being assembled from the four tables."""

    def __init__(
        self,
        decisions: pd.DataFrame,
        signals: pd.DataFrame,
        bands: pd.DataFrame,
        exclusions: pd.DataFrame | None,
    ) -> None:
        self.decisions = decisions
        self.signals = signals
        self.bands = bands
        self.exclusions = exclusions
        self.latest = latest(decisions)
        self.latest = self.latest.assign(
            _rank=self.latest["verdict"].map(verdict_rank)
        ).sort_values(["_rank", "model_id"])
        eval_days = pd.to_datetime(decisions["eval_date"]).dt.date
        self.days = _calendar(min(eval_days), max(eval_days))
        self.index = {day: i for i, day in enumerate(self.days)}

    # -- the overview --------------------------------------------------------------------

    def overview(self) -> str:
        as_of = _day(self.decisions["eval_date"].max())
        counts = self.latest["verdict"].value_counts()
        chips = "".join(
            f'<span style="background:{VERDICT_COLORS[v]}">{int(counts[v])} {v}</span>'
            for v in VERDICTS
            if v in counts
        )
        rows = []
        for row in self.latest.itertuples():
            model = str(row.model_id)
            rows.append(
                f'<tr><td class="nowrap"><a href="#model-{escape(model)}">{escape(model)}</a></td>'
                f'<td class="nowrap">{_badge(str(row.verdict))}</td>'
                f'<td class="nowrap">{_day(row.eval_date)}</td>'
                f'<td class="nowrap">{_day(row.started_on)}</td>'
                f"<td>{escape(str(row.reason))}</td></tr>"
            )
        table = (
            "<table><thead><tr><th>model</th><th>verdict</th><th>evaluated</th><th>since</th>"
            f"<th>reason</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        return (
            f'<section id="verdicts"><h2>Verdicts on {as_of}</h2>'
            f'<div class="counts">{chips}</div>{table}'
            f"<h3>Verdict timeline</h3>{self.timeline()}</section>"
        )

    def timeline(self) -> str:
        models = [str(m) for m in self.latest["model_id"]]
        verdicts: dict[tuple[str, dt.date], tuple[str, str]] = {}
        for row in self.decisions.itertuples():
            day = _date(row.eval_date)
            verdicts[(str(row.model_id), day)] = (str(row.verdict), str(row.reason_code))

        def cell(r: int, d: int) -> Cell | None:
            found = verdicts.get((models[r], self.days[d]))
            if found is None:
                return None
            verdict, code = found
            title = f"{models[r]} on {self.days[d]}: {verdict} ({code})"
            return Cell(VERDICT_COLORS.get(verdict, "#9ca3af"), title)

        svg = day_grid(
            models,
            self.days,
            cell,
            "verdict-timeline",
            "",
            "Verdict per model and evaluation date",
            row_height=18,
        )
        legend = [_key(VERDICT_COLORS[v], v) for v in VERDICTS]
        return _figure("Verdict per model and evaluation date", legend, svg)

    # -- per model -----------------------------------------------------------------------

    def model_section(self, decision: pd.Series) -> str:
        model = str(decision["model_id"])
        verdict = str(decision["verdict"])
        signals = self.signals[self.signals["model_id"] == model]
        bands = self.bands[self.bands["model_id"] == model] if not self.bands.empty else self.bands
        evidence = str(decision["evidence"]) if pd.notna(decision["evidence"]) else ""
        items = "".join(f"<li>{escape(e)}</li>" for e in evidence.split("; ") if e)
        evidence_html = (
            f"<details><summary>Evidence: {int(decision['n_breaches'])} breaching signals on "
            f"{_day(decision['eval_date'])}</summary><ul>{items}</ul></details>"
            if items
            else ""
        )
        exit_code = VERDICT_EXIT_CODES.get(verdict, "")
        parts = [
            f'<section class="model" id="model-{escape(model)}">',
            f"<h2>{escape(model)} {_badge(verdict)}</h2>",
            f'<p class="reason">{escape(str(decision["reason"]))}</p>',
            f'<p class="action">What to do: {escape(VERDICT_ACTIONS.get(verdict, ""))}. '
            f"Evaluated on {_day(decision['eval_date'])}; "
            f"<code>retrain-gate check {escape(model)}</code> exits {exit_code}.</p>",
            evidence_html,
            "<h3>Inputs</h3>",
            self.drift_heatmap(model, signals),
            self.integrity(model, signals),
            "<h3>Outcomes</h3>",
            '<div class="figures">',
            self.band_rates(model, bands),
            self.band_loss(model, bands),
            self.discrimination_trend(model, signals),
            "</div>",
        ]
        trust = [
            self.override_trend(model, signals),
            self.segment_mix_trend(model, signals),
            self.proxy_trend(model, bands),
        ]
        if any(trust):
            parts += ["<h3>Trust and labels</h3>", '<div class="figures">', *trust, "</div>"]
        parts += [self.exclusions_table(model), "</section>"]
        return "".join(parts)

    def drift_heatmap(self, model: str, signals: pd.DataFrame) -> str:
        psi = signals[
            (signals["family"] == "drift")
            & (signals["check_name"] == "psi")
            & (signals["segment"] == "all")
        ]
        if psi.empty:
            return '<p class="note">No drift signal in these dates.</p>'
        kinds = psi.groupby("subject")["subject_type"].first()
        subjects = sorted(kinds.index, key=lambda s: (str(kinds[s]) != "feature", str(s)))
        rows = [f"{s} (score)" if kinds[s] != "feature" else str(s) for s in subjects]
        cells: dict[tuple[int, int], Cell] = {}
        for r, subject in enumerate(subjects):
            for row in psi[psi["subject"] == subject].itertuples():
                d = self.index.get(_date(row.eval_date))
                value = _float(row.value)
                if d is None:
                    continue
                if value is None:
                    cells[(r, d)] = Cell(
                        STATUS_COLORS["insufficient_data"], f"{subject} on {self.days[d]}: no PSI"
                    )
                    continue
                since = (
                    f", breaching since {_day(row.first_breach_date)}"
                    if row.status == "breach"
                    else ""
                )
                title = f"{subject} on {self.days[d]}: PSI {value:.3f} ({row.status}{since})"
                cells[(r, d)] = Cell(_psi_fill(value), title, emphasis=row.status == "breach")
        markers = self._event_markers(model)
        svg = day_grid(
            rows,
            self.days,
            lambda r, d: cells.get((r, d)),
            "drift-heatmap",
            model,
            f"{model}: PSI per feature and evaluation date, whole population",
            markers=markers,
        )
        legend = [_key(color, label) for _, color, label in PSI_BINS]
        legend.append(_key("#ffffff", "breach", "outlined"))
        caption = (
            "Drift: PSI of each feature's window (the evaluation date and the days before it) "
            "against the reference, whole population"
        )
        return _figure(caption, legend, svg)

    def _event_markers(self, model: str) -> list[tuple[int, str]]:
        if self.exclusions is None or self.exclusions.empty:
            return []
        events = self.exclusions[
            (self.exclusions["model_id"] == model) & (self.exclusions["reason_kind"] == "event")
        ]
        markers = []
        for row in events.drop_duplicates(["start_date", "subject"]).itertuples():
            d = self.index.get(_date(row.start_date))
            if d is not None:
                markers.append((d, str(row.subject)))
        return markers

    def integrity(self, model: str, signals: pd.DataFrame) -> str:
        checks = signals[signals["family"] == "integrity"]
        whole = checks[checks["segment"] == "all"]
        flagged = whole[whole["status"].isin(["warn", "breach"])]
        keys = sorted(set(zip(flagged["check_name"], flagged["subject"], strict=True)))
        parts = []
        if keys:
            statuses: dict[tuple[int, int], Cell] = {}
            for r, (check, subject) in enumerate(keys):
                rows = whole[(whole["check_name"] == check) & (whole["subject"] == subject)]
                for row in rows.itertuples():
                    d = self.index.get(_date(row.eval_date))
                    if d is None:
                        continue
                    status = str(row.status)
                    title = f"{self.days[d]} {check} on {subject}: {status}. {row.detail}"
                    statuses[(r, d)] = Cell(
                        STATUS_COLORS.get(status, "#e5e7eb"), title, emphasis=status == "breach"
                    )
            svg = day_grid(
                [f"{check}: {subject}" for check, subject in keys],
                self.days,
                lambda r, d: statuses.get((r, d)),
                "integrity-heatmap",
                model,
                f"{model}: integrity checks that warned or breached, whole population",
            )
            legend = [_key(STATUS_COLORS[s], s.replace("_", " ")) for s in STATUS_COLORS]
            parts.append(
                _figure(
                    "Integrity: status of each check that warned or breached, whole population",
                    legend,
                    svg,
                )
            )
        else:
            parts.append(
                '<p class="note">Integrity: no check warned or breached on the whole '
                "population in these dates.</p>"
            )
        if not checks.empty:
            last_day = checks["eval_date"].max()
            findings = checks[
                (checks["eval_date"] == last_day) & checks["status"].isin(["warn", "breach"])
            ].sort_values(["status", "check_name", "subject", "segment"])
            if not findings.empty:
                rows = [
                    f'<tr><td>{_badge_status(str(f.status))}</td><td class="nowrap">'
                    f'{escape(str(f.check_name))}</td><td class="nowrap">'
                    f"{escape(str(f.segment))}</td><td>{escape(str(f.detail))}</td></tr>"
                    for f in findings.head(12).itertuples()
                ]
                more = (
                    f'<p class="note">and {len(findings) - 12} more in retrain_gate_signals.</p>'
                    if len(findings) > 12
                    else ""
                )
                parts.append(
                    f"<details open><summary>Integrity findings on {_day(last_day)} "
                    f"({len(findings)}, every segment)</summary><table><thead><tr><th>status"
                    "</th><th>check</th><th>segment</th><th>finding</th></tr></thead><tbody>"
                    f"{''.join(rows)}</tbody></table>{more}</details>"
                )
        return "".join(parts)

    def _band_day(self, bands: pd.DataFrame) -> tuple[pd.DataFrame, str] | None:
        """The whole population's bands of the latest evaluation date with labelled rows."""
        if bands.empty:
            return None
        whole = bands[bands["segment"] == "all"]
        labelled = whole.groupby("eval_date")["n_labelled"].sum()
        labelled = labelled[labelled > 0]
        if labelled.empty:
            return None
        day = labelled.index.max()
        rows = whole[whole["eval_date"] == day].sort_values("band")
        first = rows.iloc[0]
        window = f"{_day(first['window_start'])}..{_day(first['window_end'])}"
        reference = f"{_day(first['reference_start'])}..{_day(first['reference_end'])}"
        return rows, (
            f"evaluated {_day(day)}: matured predictions of {window} vs the reference {reference}"
        )

    def band_rates(self, model: str, bands: pd.DataFrame) -> str:
        found = self._band_day(bands)
        if found is None:
            return '<p class="note">Outcomes: no matured labels yet.</p>'
        rows, when = found
        names = [str(int(b)) for b in rows["band"]]
        svg = band_chart(
            names,
            [
                Bars("observed (window)", [_float(v) for v in rows["observed_rate"]], "#1d4ed8"),
                Bars(
                    "observed (reference)",
                    [_float(v) for v in rows["reference_observed_rate"]],
                    "#bfdbfe",
                ),
            ],
            [Marks("expected (window)", [_float(v) for v in rows["expected_rate"]], "#dc2626")],
            "band-outcomes",
            model,
            f"{model}: observed vs expected rate by score band",
            _pct_tick,
        )
        legend = [
            _key("#1d4ed8", "observed, window"),
            _key("#bfdbfe", "observed, reference"),
            _key("#dc2626", "expected by the scores, window", "line"),
        ]
        return _figure(f"Outcome rate by score band ({escape(when)})", legend, svg)

    def band_loss(self, model: str, bands: pd.DataFrame) -> str:
        found = self._band_day(bands)
        if found is None:
            return ""
        rows, when = found
        if rows["loss_ratio"].isna().all() and rows["reference_loss_ratio"].isna().all():
            return ""
        names = [str(int(b)) for b in rows["band"]]
        svg = band_chart(
            names,
            [
                Bars("loss ratio (window)", [_float(v) for v in rows["loss_ratio"]], "#b45309"),
                Bars(
                    "loss ratio (reference)",
                    [_float(v) for v in rows["reference_loss_ratio"]],
                    "#fcd34d",
                ),
            ],
            [],
            "band-loss",
            model,
            f"{model}: loss ratio by score band, window vs reference",
            _pct_tick,
        )
        legend = [_key("#b45309", "window"), _key("#fcd34d", "reference")]
        return _figure(f"Loss ratio by score band ({escape(when)})", legend, svg)

    def _trend(
        self,
        model: str,
        rows: pd.DataFrame,
        kind: str,
        caption: str,
        value_name: str,
        y_format: Callable[[float], str],
        y_floor: float | None = 0.0,
    ) -> str:
        """Value per segment over the days, with the whole population's baseline dashed."""
        segments = sorted(rows["segment"].unique(), key=lambda s: (s != "all", str(s)))
        series: list[Series] = []
        legend: list[str] = []
        for i, segment in enumerate(segments):
            by_day = _by_day(rows[rows["segment"] == segment])
            values = [_float(by_day[d]["value"]) if d in by_day else None for d in self.days]
            if segment == "all":
                color, width = "#111827", 2.4
                baseline = [
                    _float(by_day[d]["baseline"]) if d in by_day else None for d in self.days
                ]
                legend += [_key(color, "whole population", "line")]
                if any(v is not None for v in baseline):
                    series.append(
                        Series(f"{value_name}, reference", baseline, "#6b7280", 1.5, "5 4")
                    )
                    legend += [_key("#6b7280", "reference", "dashed")]
            else:
                color = SEGMENT_COLORS[(i - 1) % len(SEGMENT_COLORS)]
                width = 1.4
                legend.append(_key(color, escape(str(segment)), "line"))
            series.append(Series(f"{value_name}, {segment}", values, color, width))
        svg = line_chart(self.days, series, kind, model, caption, y_format, y_floor=y_floor)
        return _figure(caption, legend, svg)

    def discrimination_trend(self, model: str, signals: pd.DataFrame) -> str:
        rows = signals[(signals["check_name"] == "discrimination") & (signals["segment"] == "all")]
        if rows.empty or rows["value"].isna().all():
            return ""
        return self._trend(
            model,
            rows,
            "trend-discrimination",
            "Discrimination: AUC of the outcome window",
            "AUC",
            lambda v: f"{v:.2f}",
            y_floor=None,
        )

    def override_trend(self, model: str, signals: pd.DataFrame) -> str:
        rows = signals[signals["check_name"] == "override_rate"]
        if rows.empty or rows["value"].isna().all():
            return ""
        return self._trend(
            model,
            rows,
            "trend-override",
            "Overrides: share of decisions overridden",
            "override rate",
            _pct_tick,
        )

    def segment_mix_trend(self, model: str, signals: pd.DataFrame) -> str:
        rows = signals[(signals["check_name"] == "segment_mix") & (signals["segment"] == "all")]
        if rows.empty or rows["value"].isna().all() or (rows["status"] == "ok").all():
            return ""
        subjects = sorted(rows["subject"].unique())
        figures = []
        for subject in subjects:
            figures.append(
                self._trend(
                    model,
                    rows[rows["subject"] == subject],
                    "trend-segment-mix",
                    f"Segment mix: PSI of the shares of {escape(str(subject))}",
                    "PSI",
                    _plain,
                )
            )
        return "".join(figures)

    def proxy_trend(self, model: str, bands: pd.DataFrame) -> str:
        if bands.empty or "n_proxy" not in bands:
            return ""
        whole = bands[bands["segment"] == "all"]
        sums = whole.groupby("eval_date")[
            [
                "n_proxy",
                "n_proxy_positive",
                "n_proxy_target",
                "reference_n_proxy",
                "reference_n_proxy_positive",
                "reference_n_proxy_target",
            ]
        ].sum()
        if sums.empty or sums["n_proxy"].sum() == 0:
            return ""

        def ratio(numerator: str, denominator: str) -> list[float | None]:
            out: list[float | None] = []
            for day in self.days:
                stamp = pd.Timestamp(day)
                below: Any = sums.at[stamp, denominator] if stamp in sums.index else 0
                above: Any = sums.at[stamp, numerator] if stamp in sums.index else 0
                out.append(float(above) / float(below) if below else None)
            return out

        series = [
            Series(
                "target per proxy, window",
                ratio("n_proxy_target", "n_proxy_positive"),
                "#7c3aed",
                2.2,
            ),
            Series(
                "target per proxy, reference",
                ratio("reference_n_proxy_target", "reference_n_proxy_positive"),
                "#7c3aed",
                1.4,
                "5 4",
            ),
            Series("proxy rate, window", ratio("n_proxy_positive", "n_proxy"), "#0891b2", 2.2),
            Series(
                "proxy rate, reference",
                ratio("reference_n_proxy_positive", "reference_n_proxy"),
                "#0891b2",
                1.4,
                "5 4",
            ),
        ]
        caption = "Proxy label: how often a proxy positive reaches the target, and the proxy rate"
        legend = [
            _key("#7c3aed", "target per proxy positive", "line"),
            _key("#0891b2", "proxy rate", "line"),
            _key("#6b7280", "reference", "dashed"),
        ]
        svg = line_chart(self.days, series, "trend-proxy", model, caption, _pct_tick)
        return _figure(caption + " (outcome windows)", legend, svg)

    def exclusions_table(self, model: str) -> str:
        if self.exclusions is None:
            return ""
        rows = self.exclusions[self.exclusions["model_id"] == model].sort_values(
            ["start_date", "segment", "subject"]
        )
        if rows.empty:
            return '<p class="note">No window to exclude from training.</p>'
        body = "".join(
            f'<tr><td class="nowrap">{_day(r.start_date)}..{_day(r.end_date)}</td>'
            f'<td class="nowrap">{escape(str(r.segment))}</td>'
            f'<td class="nowrap">{escape(str(r.reason_kind))}</td>'
            f"<td>{escape(str(r.reason))}</td></tr>"
            for r in rows.itertuples()
        )
        return (
            f"<details><summary>Leave out of training: {len(rows)} "
            f"window{'s' if len(rows) != 1 else ''} "
            "(retrain_gate_training_exclusions)</summary><table><thead><tr><th>days</th>"
            "<th>segment</th><th>kind</th><th>why</th></tr></thead>"
            f"<tbody>{body}</tbody></table></details>"
        )


def _badge_status(status: str) -> str:
    color = STATUS_COLORS.get(status, "#6b7280")
    text = "#fff" if status in ("warn", "breach") else "#1f2937"
    return f'<span class="badge" style="background:{color};color:{text}">{escape(status)}</span>'


def render_report(
    decisions: pd.DataFrame,
    signals: pd.DataFrame,
    band_outcomes: pd.DataFrame,
    exclusions: pd.DataFrame | None = None,
    title: str = "retrain_gate report",
    subtitle: str = "",
) -> str:
    """The report page for the given tables (as retrain_gate.readers returns them)."""
    if decisions.empty:
        raise TablesNotBuiltError(
            "retrain_gate_decisions is empty: no evaluation date has been decided yet"
        )
    page = _Page(decisions, signals, band_outcomes, exclusions)
    first, last = page.days[0], page.days[-1]
    nav = "".join(
        f'<a href="#model-{escape(str(r.model_id))}"><span style="background:'
        f'{VERDICT_COLORS.get(str(r.verdict), "#6b7280")}"></span>{escape(str(r.model_id))}</a>'
        for r in page.latest.itertuples()
    )
    sections = [page.model_section(row) for _, row in page.latest.iterrows()]
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>"
        f"<header><h1>{escape(title)}</h1><p>{escape(subtitle)}{' · ' if subtitle else ''}"
        f"evaluation dates {first}..{last} · {len(page.latest)} models · generated "
        f"{generated}</p><nav>{nav}</nav></header>"
        f"{page.overview()}{''.join(sections)}"
        "<footer>Made by retrain-gate report from retrain_gate_decisions, retrain_gate_signals, "
        "retrain_gate_band_outcomes and retrain_gate_training_exclusions. Hover a mark for its "
        "values. Verdicts in order of precedence: "
        + "; ".join(f"{v}: {VERDICT_ACTIONS[v]}" for v in VERDICTS)
        + ".</footer></main></body></html>"
    )


def write_report(warehouse: Warehouse, out: Path, days: int = 60) -> Path:
    """Reads the last `days` evaluation dates of the public tables through `warehouse` and
    writes the report to `out`; returns its path."""
    decisions = warehouse.decisions()
    if decisions.empty:
        raise TablesNotBuiltError(
            "retrain_gate_decisions holds no decision yet: run `retrain-gate run` (or `dbt build "
            "--select package:retrain_gate`) once the reference window has passed."
        )
    since = (decisions["eval_date"].max() - pd.Timedelta(days=days - 1)).date()
    decisions = decisions[decisions["eval_date"] >= pd.Timestamp(since)]
    signals = warehouse.signals(since=since)
    bands = warehouse.band_outcomes(since=since)
    try:
        exclusions: pd.DataFrame | None = warehouse.exclusions()
    except TablesNotBuiltError:
        exclusions = None
    subtitle = f"dbt project {warehouse.project_name}, target {warehouse.target_name}"
    html = render_report(decisions, signals, bands, exclusions, subtitle=subtitle)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
