"""A model's section: its verdict, reason and what to do, the evidence, its inputs, outcomes,
trust and labels, and the windows a retrain must leave out."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from retrain_gate.dates import format_day
from retrain_gate.report.inputs import drift_heatmap, integrity
from retrain_gate.report.outcomes import band_loss, band_rates
from retrain_gate.report.page import Page
from retrain_gate.report.templating import render
from retrain_gate.report.trends import (
    check_trends,
    estimate_trend,
    override_trend,
    proxy_trend,
    segment_mix_trend,
)
from retrain_gate.verdicts import VERDICT_ACTIONS, VERDICT_EXIT_CODES


def model_section(page: Page, decision: pd.Series) -> Markup:
    model = str(decision["model_id"])
    verdict = str(decision["verdict"])
    signals = page.signals[page.signals["model_id"] == model]
    bands = page.bands[page.bands["model_id"] == model] if not page.bands.empty else page.bands
    evidence = str(decision["evidence"]) if pd.notna(decision["evidence"]) else ""
    items = [e for e in evidence.split("; ") if e]
    trust = [
        override_trend(page, model, signals),
        segment_mix_trend(page, model, signals),
        proxy_trend(page, model, bands),
    ]
    return render(
        "model.html.j2",
        model=model,
        verdict=verdict,
        reason=str(decision["reason"]),
        action=VERDICT_ACTIONS.get(verdict, ""),
        evaluated=format_day(decision["eval_date"]),
        exit_code=VERDICT_EXIT_CODES.get(verdict, ""),
        evidence=items,
        n_breaches=int(decision["n_breaches"]) if items else None,
        drift=drift_heatmap(page, model, signals),
        integrity=integrity(page, model, signals),
        band_rates=band_rates(model, bands),
        band_loss=band_loss(model, bands),
        outcome_trends=check_trends(page, model, signals),
        estimate=estimate_trend(page, model, signals),
        trust=trust if any(trust) else [],
        exclusions=exclusions_table(page, model),
    )


def exclusions_table(page: Page, model: str) -> Markup:
    if page.exclusions is None:
        return Markup()
    rows = page.exclusions[page.exclusions["model_id"] == model].sort_values(
        ["start_date", "segment", "subject"]
    )
    windows = [
        {
            "first": format_day(r.start_date),
            "last": format_day(r.end_date),
            "segment": str(r.segment),
            "kind": str(r.reason_kind),
            "reason": str(r.reason),
        }
        for r in rows.itertuples()
    ]
    return render("exclusions.html.j2", rows=windows)
