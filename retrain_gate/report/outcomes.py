"""A model's outcomes by score band on the latest evaluation date with matured labels: the
observed vs expected rate (a regression model's mean label vs mean prediction), and the loss
ratio, each against the reference."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from retrain_gate.dates import format_day
from retrain_gate.plots import Bars, Marks, band_chart
from retrain_gate.report.page import number, pct_tick, plain
from retrain_gate.report.templating import Key, render


def _band_day(bands: pd.DataFrame) -> tuple[pd.DataFrame, str] | None:
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
    window = f"{format_day(first['window_start'])}..{format_day(first['window_end'])}"
    reference = f"{format_day(first['reference_start'])}..{format_day(first['reference_end'])}"
    return rows, (
        f"evaluated {format_day(day)}: matured predictions of {window} vs the reference {reference}"
    )


def _values(rows: pd.DataFrame, column: str) -> list[float | None]:
    return [number(v) for v in rows[column]]


def band_rates(model: str, bands: pd.DataFrame) -> Markup:
    found = _band_day(bands)
    if found is None:
        return render("band.html.j2", svg=None)
    rows, when = found
    names = [str(int(b)) for b in rows["band"]]
    figures = rows[["observed_rate", "reference_observed_rate", "expected_rate"]]
    # rates of 0/1 labels lie in [0, 1]; a regression model's means need not: plain numbers
    rates = bool(((figures >= 0) & (figures <= 1) | figures.isna()).all().all())
    svg = band_chart(
        names,
        [
            Bars("observed (window)", _values(rows, "observed_rate"), "#1d4ed8"),
            Bars("observed (reference)", _values(rows, "reference_observed_rate"), "#bfdbfe"),
        ],
        [Marks("expected (window)", _values(rows, "expected_rate"), "#dc2626")],
        "band-outcomes",
        model,
        f"{model}: observed vs expected {'rate' if rates else 'mean'} by score band",
        pct_tick if rates else plain,
    )
    legend = [
        Key("#1d4ed8", "observed, window"),
        Key("#bfdbfe", "observed, reference"),
        Key("#dc2626", "expected by the scores, window", "line"),
    ]
    title = "Outcome rate" if rates else "Mean outcome (label vs prediction)"
    return render("band.html.j2", svg=Markup(svg), legend=legend, title=title, when=when)


def band_loss(model: str, bands: pd.DataFrame) -> Markup:
    found = _band_day(bands)
    if found is None:
        return Markup()
    rows, when = found
    if rows["loss_ratio"].isna().all() and rows["reference_loss_ratio"].isna().all():
        return Markup()
    names = [str(int(b)) for b in rows["band"]]
    svg = band_chart(
        names,
        [
            Bars("loss ratio (window)", _values(rows, "loss_ratio"), "#b45309"),
            Bars("loss ratio (reference)", _values(rows, "reference_loss_ratio"), "#fcd34d"),
        ],
        [],
        "band-loss",
        model,
        f"{model}: loss ratio by score band, window vs reference",
        pct_tick,
    )
    legend = [Key("#b45309", "window"), Key("#fcd34d", "reference")]
    return render("band.html.j2", svg=Markup(svg), legend=legend, title="Loss ratio", when=when)
