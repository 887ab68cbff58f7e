"""The report being assembled: the four tables, the models in the order the page shows them,
the calendar of evaluation dates every chart shares, and the helpers the sections share."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from retrain_gate.dates import to_date
from retrain_gate.readers import latest
from retrain_gate.verdicts import verdict_rank

#: The colour of each check status (integrity heatmap and findings).
STATUS_COLORS = {
    "ok": "#dcefe3",
    "warn": "#f59e0b",
    "breach": "#b91c1c",
    "insufficient_data": "#f3f4f6",
}


class Page:
    """The tables (as retrain_gate.readers returns them), each model's latest decision (the
    most urgent verdicts first), and the evaluation dates from the first to the last."""

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
        self.days = calendar(min(eval_days), max(eval_days))
        self.index = {day: i for i, day in enumerate(self.days)}


def calendar(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def by_day(frame: pd.DataFrame) -> dict[dt.date, pd.Series]:
    """The rows of `frame` by their evaluation date."""
    return {to_date(row["eval_date"]): row for _, row in frame.iterrows()}


def number(value: Any) -> float | None:
    """A numeric cell as a finite float, None when null or not finite."""
    if value is None:
        return None
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def pct_tick(value: float) -> str:
    return f"{value * 100:.3g}%"


def plain(value: float) -> str:
    return f"{value:.3g}"
