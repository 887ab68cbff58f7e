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

One module per part of the page: overview (the verdicts), model (a model's section), inputs
(drift, integrity), outcomes (by score band), trends (AUC, overrides, segment mix, proxy);
page holds the tables and the calendar they share. Each part is rendered from a Jinja2
template of retrain_gate/templates (templating tells how); the charts are plots' SVG.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from retrain_gate.errors import TablesNotBuiltError
from retrain_gate.readers import Warehouse
from retrain_gate.report.model import model_section
from retrain_gate.report.overview import overview
from retrain_gate.report.page import Page
from retrain_gate.report.templating import css, render
from retrain_gate.verdicts import VERDICT_ACTIONS, VERDICTS


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
    page = Page(decisions, signals, band_outcomes, exclusions)
    models = [
        {"model_id": str(r.model_id), "verdict": str(r.verdict)} for r in page.latest.itertuples()
    ]
    sections = [model_section(page, row) for _, row in page.latest.iterrows()]
    html = render(
        "report.html.j2",
        title=title,
        subtitle=subtitle,
        css=css(),
        first=page.days[0],
        last=page.days[-1],
        models=models,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        overview=overview(page),
        sections=sections,
        actions=[(v, VERDICT_ACTIONS[v]) for v in VERDICTS],
    )
    return str(html)


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
