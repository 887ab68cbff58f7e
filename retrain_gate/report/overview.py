"""The overview: how many models have each verdict, every model's latest verdict and reason,
and the timeline of verdicts per model and evaluation date."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from retrain_gate.dates import format_day, to_date
from retrain_gate.plots import Cell, day_grid
from retrain_gate.report.page import Page
from retrain_gate.report.templating import Key, render
from retrain_gate.verdicts import VERDICT_COLORS, VERDICTS


def overview(page: Page) -> Markup:
    counts = page.latest["verdict"].value_counts()
    rows = [
        {
            "model": str(row.model_id),
            "verdict": str(row.verdict),
            "evaluated": format_day(row.eval_date),
            "since": format_day(row.started_on),
            "reason": str(row.reason),
        }
        for row in page.latest.itertuples()
    ]
    return render(
        "overview.html.j2",
        as_of=format_day(page.decisions["eval_date"].max()),
        counts=[(v, int(counts[v])) for v in VERDICTS if v in counts],
        rows=rows,
        timeline=_timeline(page),
        legend=[Key(VERDICT_COLORS[v], v) for v in VERDICTS],
    )


def _timeline(page: Page) -> Markup:
    models = [str(m) for m in page.latest["model_id"]]
    verdicts: dict[tuple[str, dt.date], tuple[str, str]] = {}
    for row in page.decisions.itertuples():
        day = to_date(row.eval_date)
        verdicts[(str(row.model_id), day)] = (str(row.verdict), str(row.reason_code))

    def cell(r: int, d: int) -> Cell | None:
        found = verdicts.get((models[r], page.days[d]))
        if found is None:
            return None
        verdict, code = found
        title = f"{models[r]} on {page.days[d]}: {verdict} ({code})"
        return Cell(VERDICT_COLORS.get(verdict, "#9ca3af"), title)

    svg = day_grid(
        models,
        page.days,
        cell,
        "verdict-timeline",
        "",
        "Verdict per model and evaluation date",
        row_height=18,
    )
    return Markup(svg)
