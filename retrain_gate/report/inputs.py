"""A model's inputs: the drift heatmap (PSI per feature and evaluation date, whole population)
and the integrity findings (status per check and feature and day, and the latest day's
findings in every segment)."""

from __future__ import annotations

import math

import pandas as pd
from markupsafe import Markup

from retrain_gate.dates import format_day, to_date
from retrain_gate.plots import Cell, day_grid
from retrain_gate.report.page import STATUS_COLORS, Page, number
from retrain_gate.report.templating import Key, render

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
#: The most findings the integrity table lists; the rest are counted.
MAX_FINDINGS = 12


def _psi_fill(value: float) -> str:
    return next(color for bound, color, _ in PSI_BINS if value < bound)


def drift_heatmap(page: Page, model: str, signals: pd.DataFrame) -> Markup:
    psi = signals[
        (signals["family"] == "drift")
        & (signals["check_name"] == "psi")
        & (signals["segment"] == "all")
    ]
    if psi.empty:
        return render("drift.html.j2", svg=None)
    kinds = psi.groupby("subject")["subject_type"].first()
    subjects = sorted(kinds.index, key=lambda s: (str(kinds[s]) != "feature", str(s)))
    rows = [f"{s} (score)" if kinds[s] != "feature" else str(s) for s in subjects]
    cells: dict[tuple[int, int], Cell] = {}
    for r, subject in enumerate(subjects):
        for row in psi[psi["subject"] == subject].itertuples():
            d = page.index.get(to_date(row.eval_date))
            value = number(row.value)
            if d is None:
                continue
            if value is None:
                cells[(r, d)] = Cell(
                    STATUS_COLORS["insufficient_data"], f"{subject} on {page.days[d]}: no PSI"
                )
                continue
            since = (
                f", breaching since {format_day(row.first_breach_date)}"
                if row.status == "breach"
                else ""
            )
            title = f"{subject} on {page.days[d]}: PSI {value:.3f} ({row.status}{since})"
            cells[(r, d)] = Cell(_psi_fill(value), title, emphasis=row.status == "breach")
    svg = day_grid(
        rows,
        page.days,
        lambda r, d: cells.get((r, d)),
        "drift-heatmap",
        model,
        f"{model}: PSI per feature and evaluation date, whole population",
        markers=_event_markers(page, model),
    )
    # the bins' labels ("< 0.01", ">= 1") escaped like any text: a bare "<" is not valid HTML
    legend = [Key(color, label) for _, color, label in PSI_BINS]
    legend.append(Key("#ffffff", "breach", "outlined"))
    return render("drift.html.j2", svg=Markup(svg), legend=legend)


def _event_markers(page: Page, model: str) -> list[tuple[int, str]]:
    if page.exclusions is None or page.exclusions.empty:
        return []
    events = page.exclusions[
        (page.exclusions["model_id"] == model) & (page.exclusions["reason_kind"] == "event")
    ]
    markers = []
    for row in events.drop_duplicates(["start_date", "subject"]).itertuples():
        d = page.index.get(to_date(row.start_date))
        if d is not None:
            markers.append((d, str(row.subject)))
    return markers


def integrity(page: Page, model: str, signals: pd.DataFrame) -> Markup:
    checks = signals[signals["family"] == "integrity"]
    whole = checks[checks["segment"] == "all"]
    flagged = whole[whole["status"].isin(["warn", "breach"])]
    keys = sorted(set(zip(flagged["check_name"], flagged["subject"], strict=True)))
    svg = None
    if keys:
        statuses: dict[tuple[int, int], Cell] = {}
        for r, (check, subject) in enumerate(keys):
            rows = whole[(whole["check_name"] == check) & (whole["subject"] == subject)]
            for row in rows.itertuples():
                d = page.index.get(to_date(row.eval_date))
                if d is None:
                    continue
                status = str(row.status)
                title = f"{page.days[d]} {check} on {subject}: {status}. {row.detail}"
                statuses[(r, d)] = Cell(
                    STATUS_COLORS.get(status, "#e5e7eb"), title, emphasis=status == "breach"
                )
        svg = Markup(
            day_grid(
                [f"{check}: {subject}" for check, subject in keys],
                page.days,
                lambda r, d: statuses.get((r, d)),
                "integrity-heatmap",
                model,
                f"{model}: integrity checks that warned or breached, whole population",
            )
        )
    legend = [Key(STATUS_COLORS[s], s.replace("_", " ")) for s in STATUS_COLORS]
    findings: pd.DataFrame = checks.iloc[0:0]
    last_day = None
    if not checks.empty:
        last_day = checks["eval_date"].max()
        findings = checks[
            (checks["eval_date"] == last_day) & checks["status"].isin(["warn", "breach"])
        ].sort_values(["status", "check_name", "subject", "segment"])
    listed = [
        {
            "status": str(f.status),
            "check": str(f.check_name),
            "segment": str(f.segment),
            "detail": str(f.detail),
        }
        for f in findings.head(MAX_FINDINGS).itertuples()
    ]
    return render(
        "integrity.html.j2",
        svg=svg,
        legend=legend,
        findings=listed,
        total=len(findings),
        day=format_day(last_day),
    )
