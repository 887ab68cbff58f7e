"""What the simulated logs of the model kinds share (python_tests/regression_oracle.py,
python_tests/multiclass_oracle.py): the design of a log, building the package on one log per
story, and the public tables read back with each row's evaluation day."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from harness import Project, Warehouse
from synthetic import START, day

WINDOW_DAYS = 7


@dataclass(frozen=True)
class Design:
    rows_per_day: int
    reference_days: int
    shift_day: int
    last_day: int
    maturity_days: int


@dataclass
class Scenario:
    design: Design
    frames: dict[str, pd.DataFrame]
    signals: pd.DataFrame
    decisions: pd.DataFrame
    bands: pd.DataFrame
    cuts: pd.DataFrame


def build(
    warehouse: Warehouse,
    directory: Path,
    design: Design,
    frames: dict[str, pd.DataFrame],
    model: Callable[[str, Design], dict[str, object]],
) -> Scenario:
    """Loads each log (the table of its model), monitors it with `model(table, design)` and
    builds the package as of the design's last day."""
    warehouse.load({name: frame.drop(columns="day") for name, frame in frames.items()})
    project = Project(
        directory,
        warehouse,
        {"models": {name: model(name, design) for name in frames}},
        {"raw": list(frames)},
    )
    project.build(day(design.last_day))
    return scenario_of(warehouse, design, frames)


def scenario_of(warehouse: Warehouse, design: Design, frames: dict[str, pd.DataFrame]) -> Scenario:
    """The public tables of a built warehouse, with each row's evaluation day, and the frozen
    cuts of every numeric feature."""
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
        warehouse.table("int_retrain_gate__reference_cuts"),
    )


def signals_of(scenario: Scenario, model_id: str, check: str, eval_day: int) -> pd.DataFrame:
    s = scenario.signals
    return s[(s.model_id == model_id) & (s.check_name == check) & (s.eval_day == eval_day)]


def assert_quiet(scenario: Scenario, model_ids: Iterable[str]) -> None:
    """No outcome check of the models breaches, and their verdicts are healthy or hold."""
    s, d = scenario.signals, scenario.decisions
    for model_id in model_ids:
        outcome = s[(s.model_id == model_id) & (s.family == "outcome")]
        assert "breach" not in set(outcome.status), outcome[outcome.status == "breach"].detail
        assert set(d[d.model_id == model_id].verdict) <= {"healthy", "hold"}, model_id
