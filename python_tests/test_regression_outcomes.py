"""Regression models (kind: regression; docs/regression.md): the figures by band and of the
whole model, the checks error_growth, bias_shift, calibration and rank_order, and the verdicts,
on simulated claim-cost logs whose truth is known.

Each log: one feature x ~ N(0, 1), the prediction mu = exp(5 + 0.5 x) and the paid cost drawn
from a gamma distribution of mean mu and shape 2 (a calibrated model whose target is skewed).
From the design's shift day:
  * quiet: nothing changes; no check may breach and no verdict may be retrain;
  * level: costs inflate by 30% at the same predictions (the target changed): bias_shift
    breaches and the model is retrained;
  * noise: the shape falls to 0.5, the same mean with twice the spread: error_growth breaches
    while bias_shift holds.

Two designs. The figures, against sklearn's mean_absolute_error and mean_squared_error and
numpy on the same rows, on every engine: a small log (300 predictions a day, 60 days). The
verdicts on DuckDB: 500 predictions a day for 140 days, four quiet seeds and one of each story,
where the figures are checked again at a second evaluation date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import make_warehouse
from harness import Project, Warehouse
from pg_server import ThrowawayPostgres
from sklearn.metrics import mean_absolute_error, mean_squared_error

ENGINES = ["duckdb", "postgres", "spark", "snowflake"]
START = date(2024, 1, 1)
WINDOW_DAYS = 7
QUIET_SEEDS = [61, 62, 63, 64]
CHECKS = ["error_growth", "bias_shift", "calibration", "rank_order"]


@dataclass(frozen=True)
class Design:
    rows_per_day: int
    reference_days: int
    shift_day: int
    last_day: int
    maturity_days: int


SMALL = Design(rows_per_day=300, reference_days=30, shift_day=38, last_day=59, maturity_days=5)
LARGE = Design(rows_per_day=500, reference_days=60, shift_day=80, last_day=139, maturity_days=14)


def day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()


def claim_log(seed: int, story: str, design: Design) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    offset = np.repeat(np.arange(design.last_day + 1), design.rows_per_day)
    after = offset >= design.shift_day
    x = rng.normal(0.0, 1.0, len(offset))
    predicted = np.exp(5.0 + 0.5 * x)
    shape = np.where(after & (story == "noise"), 0.5, 2.0)
    mean = predicted * np.where(after & (story == "level"), 1.3, 1.0)
    seconds = rng.integers(0, 86_400, len(offset))
    return pd.DataFrame(
        {
            "prediction_id": [f"r{seed}_{i:07d}" for i in range(len(offset))],
            "scored_at": pd.Timestamp(START) + pd.to_timedelta(offset * 86_400 + seconds, "s"),
            "day": offset,
            "predicted_cost": predicted,
            "x": x,
            "paid_cost": rng.gamma(shape, mean / shape),
        }
    )


def _model(table: str, design: Design) -> dict[str, object]:
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


@dataclass
class Scenario:
    design: Design
    frames: dict[str, pd.DataFrame]
    signals: pd.DataFrame
    decisions: pd.DataFrame
    bands: pd.DataFrame


def _build(
    warehouse: Warehouse, directory: Path, design: Design, stories: dict[str, tuple[int, str]]
) -> Scenario:
    frames = {name: claim_log(seed, story, design) for name, (seed, story) in stories.items()}
    warehouse.load({name: frame.drop(columns="day") for name, frame in frames.items()})
    project = Project(
        directory,
        warehouse,
        {"models": {name: _model(name, design) for name in frames}},
        {"raw": list(frames)},
    )
    project.build(day(design.last_day))
    tables = {}
    for name in ["retrain_gate_signals", "retrain_gate_decisions", "retrain_gate_band_outcomes"]:
        table = warehouse.table(name)
        table["eval_day"] = (pd.to_datetime(table.eval_date) - pd.Timestamp(START)).dt.days
        tables[name] = table
    return Scenario(
        design,
        frames,
        tables["retrain_gate_signals"],
        tables["retrain_gate_decisions"],
        tables["retrain_gate_band_outcomes"],
    )


@pytest.fixture(scope="module")
def small(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> Scenario:
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    stories = {"quiet_61": (61, "quiet"), "level": (71, "level")}
    return _build(warehouse, tmp_path_factory.mktemp("regression"), SMALL, stories)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres) -> Scenario:
    warehouse = make_warehouse("duckdb", tmp_path_factory, pg_server)
    stories = {f"quiet_{seed}": (seed, "quiet") for seed in QUIET_SEEDS}
    stories.update({"level": (71, "level"), "noise": (72, "noise")})
    return _build(warehouse, tmp_path_factory.mktemp("regression"), LARGE, stories)


def _matured(frame: pd.DataFrame, eval_day: int, design: Design) -> pd.DataFrame:
    """The outcome window of `eval_day`: its last window_days matured days."""
    last = eval_day - design.maturity_days
    return frame[(frame.day > last - WINDOW_DAYS) & (frame.day <= last)]


def _signals(scenario: Scenario, model_id: str, check: str, eval_day: int) -> pd.DataFrame:
    s = scenario.signals
    return s[(s.model_id == model_id) & (s.check_name == check) & (s.eval_day == eval_day)]


def _ratio_variance(y: np.ndarray, p: np.ndarray) -> float:
    """Var(sum y / sum p) with the predictions given: n var(y - p) / (sum p)^2."""
    return float(len(y) * np.var(y - p) / p.sum() ** 2)


# ---------------------------------------------------------------------------------------------
# the figures


def _assert_model_checks(scenario: Scenario, model_id: str, eval_day: int) -> None:
    design, frame = scenario.design, scenario.frames[model_id]
    window = _matured(frame, eval_day, design)
    reference = frame[frame.day < design.reference_days]
    sides = {}
    for name, rows in [("window", window), ("reference", reference)]:
        y, p = rows.paid_cost.to_numpy(), rows.predicted_cost.to_numpy()
        errors = np.abs(y - p)
        sides[name] = {
            "mae": mean_absolute_error(y, p),
            "rmse": np.sqrt(mean_squared_error(y, p)),
            "mae_variance": np.var(errors) / len(y),
            "ratio": y.sum() / p.sum(),
            "ratio_variance": _ratio_variance(y, p),
        }
    w, r = sides["window"], sides["reference"]

    growth = _signals(scenario, model_id, "error_growth", eval_day).iloc[0]
    assert growth.value == pytest.approx(w["mae"], rel=1e-9)
    assert growth.baseline == pytest.approx(r["mae"], rel=1e-9)
    z = (w["mae"] - r["mae"]) / np.sqrt(w["mae_variance"] + r["mae_variance"])
    assert growth.z_score == pytest.approx(z, rel=1e-6, abs=1e-9)
    assert growth.n_window == WINDOW_DAYS * design.rows_per_day
    assert f"RMSE {w['rmse']:.4f} vs {r['rmse']:.4f}" in growth.detail

    bias = _signals(scenario, model_id, "bias_shift", eval_day).iloc[0]
    assert bias.value == pytest.approx(w["ratio"], rel=1e-9)
    assert bias.baseline == pytest.approx(r["ratio"], rel=1e-9)
    z = abs(w["ratio"] - r["ratio"]) / np.sqrt(w["ratio_variance"] + r["ratio_variance"])
    assert bias.z_score == pytest.approx(z, rel=1e-6)


def _assert_band_checks(scenario: Scenario, model_id: str, eval_day: int) -> None:
    design, frame = scenario.design, scenario.frames[model_id]
    window = _matured(frame, eval_day, design)
    reference = frame[frame.day < design.reference_days]
    b = scenario.bands
    bands = b[(b.model_id == model_id) & (b.segment == "all") & (b.eval_day == eval_day)]
    bands = bands.sort_values("band").reset_index(drop=True)
    assert len(bands) == 10

    def in_band(rows: pd.DataFrame, band: pd.Series) -> pd.DataFrame:
        lower = -np.inf if pd.isna(band.band_lower) else band.band_lower
        upper = np.inf if pd.isna(band.band_upper) else band.band_upper
        return rows[(rows.predicted_cost > lower) & (rows.predicted_cost <= upper)]

    calibration = _signals(scenario, model_id, "calibration", eval_day)
    rank_order = _signals(scenario, model_id, "rank_order", eval_day)
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


@pytest.mark.parametrize("model_id", ["quiet_61", "level"])
def test_the_model_checks_match_sklearn(small: Scenario, model_id: str) -> None:
    for eval_day in [45, SMALL.last_day]:
        _assert_model_checks(small, model_id, eval_day)


@pytest.mark.parametrize("model_id", ["quiet_61", "level"])
def test_the_band_figures_and_checks_match_numpy(small: Scenario, model_id: str) -> None:
    _assert_band_checks(small, model_id, SMALL.last_day)


def test_the_figures_of_the_verdict_logs_match_too(scenario: Scenario) -> None:
    for eval_day in [100, LARGE.last_day]:
        _assert_model_checks(scenario, "noise", eval_day)
    _assert_band_checks(scenario, "quiet_62", LARGE.last_day)


def test_binary_only_checks_are_not_computed(scenario: Scenario) -> None:
    names = set(scenario.signals.check_name)
    assert "discrimination" not in names
    assert not any(name.startswith("estimated_") for name in names)


# ---------------------------------------------------------------------------------------------
# the verdicts


def test_quiet_models_stay_quiet(scenario: Scenario) -> None:
    s, d = scenario.signals, scenario.decisions
    for seed in QUIET_SEEDS:
        model_id = f"quiet_{seed}"
        rows = s[(s.model_id == model_id) & s.check_name.isin(CHECKS)]
        assert len(rows[rows.status != "insufficient_data"]) > 0, model_id
        assert (rows.status != "breach").all(), rows[rows.status == "breach"].detail.tolist()
        verdicts = set(d[d.model_id == model_id].verdict)
        assert "retrain" not in verdicts, (model_id, verdicts)


def test_a_target_that_changed_level_is_retrained(scenario: Scenario) -> None:
    s, d = scenario.signals, scenario.decisions
    bias = s[(s.model_id == "level") & (s.check_name == "bias_shift")]
    first = bias[bias.status == "breach"].eval_day.min()
    # the first outcome window that holds a shifted day matures at shift_day + maturity_days
    shifted = LARGE.shift_day + LARGE.maturity_days
    assert shifted <= first <= shifted + WINDOW_DAYS
    last = d[(d.model_id == "level") & (d.eval_day == LARGE.last_day)].iloc[0]
    assert last.verdict == "retrain", last.reason
    assert "model: O/E 1.3" in last.reason


def test_errors_that_grew_breach_error_growth_not_bias_shift(scenario: Scenario) -> None:
    s = scenario.signals
    growth = _signals(scenario, "noise", "error_growth", LARGE.last_day).iloc[0]
    assert growth.status == "breach", growth.detail
    bias = s[(s.model_id == "noise") & (s.check_name == "bias_shift")]
    assert (bias.status != "breach").all()
