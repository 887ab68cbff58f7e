"""Simulated claim-cost logs of regression models and the figures their checks must give,
computed from the raw rows with sklearn's mean_absolute_error and mean_squared_error and numpy
(docs/regression.md): shared by python_tests/test_regression_outcomes.py (the verdicts, on
DuckDB) and python_tests/test_outcome_correctness.py (the figures, on every engine).

A log: one feature x ~ N(0, 1), the prediction mu = exp(5 + 0.5 x) and the paid cost drawn
from a gamma distribution of mean mu and shape 2 (a calibrated model whose target is skewed).
From the design's shift day, by story:
  * quiet: nothing changes;
  * level: costs inflate by 30% at the same predictions (the target changed);
  * noise: the shape falls to 0.5, the same mean with twice the spread;
  * mix: x moves to N(0.8, 1): the predictions grow by half and their errors with them.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import kind_scenario
import numpy as np
import pandas as pd
import pytest
from harness import Warehouse
from kind_scenario import WINDOW_DAYS, Design, Scenario, scenario_of, signals_of
from sklearn.metrics import mean_absolute_error, mean_squared_error
from synthetic import daily_log, day

__all__ = ["WINDOW_DAYS", "Design", "Scenario", "build", "scenario_of", "signals_of"]


def claim_log(seed: int, story: str, design: Design) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    offset = np.repeat(np.arange(design.last_day + 1), design.rows_per_day)
    after = offset >= design.shift_day
    x = rng.normal(0.0, 1.0, len(offset)) + np.where(after & (story == "mix"), 0.8, 0.0)
    predicted = np.exp(5.0 + 0.5 * x)
    shape = np.where(after & (story == "noise"), 0.5, 2.0)
    mean = predicted * np.where(after & (story == "level"), 1.3, 1.0)
    seconds = rng.integers(0, 86_400, len(offset))
    paid = rng.gamma(shape, mean / shape)
    return daily_log(f"r{seed}_", offset, seconds, predicted_cost=predicted, x=x, paid_cost=paid)


def claims_model(table: str, design: Design) -> dict[str, object]:
    return {
        "kind": "regression",
        "relation": f"source:raw.{table}",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "score": "predicted_cost",
        "features": {"numeric": ["x"]},
        "labels": {"label": "paid_cost", "maturity_days": design.maturity_days},
        "reference": {"start": day(0), "end": day(design.reference_days - 1)},
        "window_days": WINDOW_DAYS,
    }


def build(
    warehouse: Warehouse, directory: Path, design: Design, stories: dict[str, tuple[int, str]]
) -> Scenario:
    """Loads a log per story (name: (seed, story)), monitors each as a regression model and
    builds the package as of the design's last day."""
    frames = {name: claim_log(seed, story, design) for name, (seed, story) in stories.items()}
    return kind_scenario.build(warehouse, directory, design, frames, claims_model)


def _matured(frame: pd.DataFrame, eval_day: int, design: Design) -> pd.DataFrame:
    """The outcome window of `eval_day`: its last window_days matured days."""
    last = eval_day - design.maturity_days
    return frame[(frame.day > last - WINDOW_DAYS) & (frame.day <= last)]


def _ratio_variance(y: np.ndarray, p: np.ndarray) -> float:
    """Var(sum y / sum p) with the predictions given: n var(y - p) / (sum p)^2."""
    return float(len(y) * np.var(y - p) / p.sum() ** 2)


# ---------------------------------------------------------------------------------------------
# the figures


def _band_rows(scenario: Scenario, model_id: str, eval_day: int) -> pd.DataFrame:
    b = scenario.bands
    bands = b[(b.model_id == model_id) & (b.segment == "all") & (b.eval_day == eval_day)]
    return bands.sort_values("band").reset_index(drop=True)


def _band_of(predicted: pd.Series, bands: pd.DataFrame) -> np.ndarray:
    """Each prediction's band: the first whose upper edge is at or above it."""
    edges = bands.band_upper.dropna().to_numpy(dtype=float)
    return np.searchsorted(edges, predicted.to_numpy(), side="left") + 1


def _expected_mae(
    window: pd.DataFrame, reference: pd.DataFrame, bands: pd.DataFrame
) -> dict[str, float]:
    """The MAE the reference's per-band errors give the window's bands, and both variances."""
    n = len(window)
    sides = {}
    for name, rows in [("window", window), ("reference", reference)]:
        errors = (rows.paid_cost - rows.predicted_cost).abs()
        by_band = errors.groupby(_band_of(rows.predicted_cost, bands))
        sides[name] = pd.DataFrame(
            {"n": by_band.size(), "mae": by_band.mean(), "var": by_band.var(ddof=0)}
        )
    w, r = sides["window"], sides["reference"].reindex(sides["window"].index)
    return {
        "expected": float((w.n * r.mae).sum() / n),
        "variance": float((w.n * w["var"]).sum() / n**2 + ((w.n / n) ** 2 * r["var"] / r.n).sum()),
    }


def assert_model_checks(scenario: Scenario, model_id: str, eval_day: int) -> None:
    design, frame = scenario.design, scenario.frames[model_id]
    window = _matured(frame, eval_day, design)
    reference = frame[frame.day < design.reference_days]
    sides = {}
    for name, rows in [("window", window), ("reference", reference)]:
        y, p = rows.paid_cost.to_numpy(), rows.predicted_cost.to_numpy()
        sides[name] = {
            "mae": mean_absolute_error(y, p),
            "rmse": np.sqrt(mean_squared_error(y, p)),
            "ratio": y.sum() / p.sum(),
            "ratio_variance": _ratio_variance(y, p),
        }
    w, r = sides["window"], sides["reference"]

    growth = signals_of(scenario, model_id, "error_growth", eval_day).iloc[0]
    mix = _expected_mae(window, reference, _band_rows(scenario, model_id, eval_day))
    assert growth.value == pytest.approx(w["mae"], rel=1e-9)
    assert growth.baseline == pytest.approx(mix["expected"], rel=1e-9)
    z = (w["mae"] - mix["expected"]) / np.sqrt(mix["variance"])
    assert growth.z_score == pytest.approx(z, rel=1e-6, abs=1e-9)
    assert f"the reference: {r['mae']:.4f}" in growth.detail
    assert growth.n_window == WINDOW_DAYS * design.rows_per_day
    assert f"RMSE {w['rmse']:.4f} vs {r['rmse']:.4f}" in growth.detail

    bias = signals_of(scenario, model_id, "bias_shift", eval_day).iloc[0]
    assert bias.value == pytest.approx(w["ratio"], rel=1e-9)
    assert bias.baseline == pytest.approx(r["ratio"], rel=1e-9)
    z = abs(w["ratio"] - r["ratio"]) / np.sqrt(w["ratio_variance"] + r["ratio_variance"])
    assert bias.z_score == pytest.approx(z, rel=1e-6)


def assert_band_checks(scenario: Scenario, model_id: str, eval_day: int) -> None:
    design, frame = scenario.design, scenario.frames[model_id]
    window = _matured(frame, eval_day, design)
    reference = frame[frame.day < design.reference_days]
    bands = _band_rows(scenario, model_id, eval_day)
    assert len(bands) == 10

    def in_band(rows: pd.DataFrame, band: pd.Series) -> pd.DataFrame:
        lower = -np.inf if pd.isna(band.band_lower) else band.band_lower
        upper = np.inf if pd.isna(band.band_upper) else band.band_upper
        return rows[(rows.predicted_cost > lower) & (rows.predicted_cost <= upper)]

    calibration = signals_of(scenario, model_id, "calibration", eval_day)
    rank_order = signals_of(scenario, model_id, "rank_order", eval_day)
    means = []
    for _, band in bands.iterrows():
        w, r = in_band(window, band), in_band(reference, band)
        y, p = w.paid_cost.to_numpy(), w.predicted_cost.to_numpy()
        assert band.n_labelled == len(w) and band.reference_n_labelled == len(r)
        assert band.observed_rate == pytest.approx(y.mean(), rel=1e-9)
        assert band.expected_rate == pytest.approx(p.mean(), rel=1e-9)
        assert band.bias == pytest.approx((y - p).mean(), rel=1e-7, abs=1e-7)
        assert band.mean_abs_error == pytest.approx(mean_absolute_error(y, p), rel=1e-9)
        assert band.root_mean_sq_error == pytest.approx(np.sqrt(mean_squared_error(y, p)), rel=1e-9)
        ratio, reference_ratio = y.sum() / p.sum(), r.paid_cost.sum() / r.predicted_cost.sum()
        z = abs(ratio - reference_ratio) / np.sqrt(
            _ratio_variance(y, p)
            + _ratio_variance(r.paid_cost.to_numpy(), r.predicted_cost.to_numpy())
        )
        row = calibration[calibration.subject == f"band {band.band}"].iloc[0]
        assert row.value == pytest.approx(ratio, rel=1e-9)
        assert row.baseline == pytest.approx(reference_ratio, rel=1e-9)
        assert row.z_score == pytest.approx(z, rel=1e-6)
        means.append((y.mean(), np.var(y), len(y)))
    for number, (low, high) in enumerate(pairwise(means), start=1):
        row = rank_order[rank_order.subject == f"band {number}"].iloc[0]
        assert row.value == pytest.approx(low[0] - high[0], rel=1e-9)
        z = (low[0] - high[0]) / np.sqrt(low[1] / low[2] + high[1] / high[2])
        assert row.z_score == pytest.approx(z, rel=1e-6)
