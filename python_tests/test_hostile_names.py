"""Hostile names and values (issue 6, first part): columns whose names need quoting (spaces,
mixed case, reserved words) and text values holding quotes flow through every model as data,
never as SQL: the build succeeds, the signals name the columns as configured, and the values
come back intact. On DuckDB and Postgres."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import make_warehouse
from harness import Project, Warehouse
from pg_server import ThrowawayPostgres
from synthetic import day

ENGINES = ["duckdb", "postgres"]  # and Spark in `make test-spark`
QUOTED_VALUES = ["O'Brien", 'say "hi"', "semi;colon -- dash", "back\\slash"]
MODEL: dict[str, Any] = {
    "relation": "source:raw.predictions",
    "prediction_id": "Prediction ID",
    "timestamp": "order",
    "entity_id": "select",
    "segments": ["Sales Channel"],
    "score": "Score",
    "features": {"numeric": ["Loan Amount", "group"], "categorical": ["Customer Name"]},
    "labels": {"label": "Is Fraud", "maturity_days": 2},
    "reference": {"start": day(0), "end": day(19)},
    "min_window_rows": 100,
    "min_day_rows": 50,
    "min_labelled_rows": 100,
    "min_band_labels": 10,
}


def _log() -> pd.DataFrame:
    rng = np.random.default_rng(9)
    days, per_day = 30, 150
    n = days * per_day
    day_index = np.repeat(np.arange(days), per_day)
    score = rng.random(n)
    amount = rng.lognormal(3.0, 0.5, n) * np.where(day_index >= 25, 3.0, 1.0)
    return pd.DataFrame(
        {
            "Prediction ID": [f"id '{i}'" for i in range(n)],
            "order": pd.to_datetime(day(0)) + pd.to_timedelta(day_index * 86_400 + 3600, unit="s"),
            "select": [f'entity "{i % 200}"' for i in range(n)],
            "Sales Channel": rng.choice(QUOTED_VALUES, n),
            "Score": score,
            "Loan Amount": amount,
            "group": rng.normal(0.0, 1.0, n),
            "Customer Name": rng.choice(QUOTED_VALUES, n),
            "Is Fraud": (rng.random(n) < score).astype(int),
        }
    )


@pytest.fixture(scope="module")
def built(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> Warehouse:
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    warehouse.load({"predictions": _log()})
    project = Project(
        tmp_path_factory.mktemp("hostile"),
        warehouse,
        {"models": {"m": MODEL}},
        {"raw": ["predictions"]},
    )
    project.build(day(29))
    return warehouse


def test_columns_that_need_quoting_are_monitored_by_their_names(built: Warehouse) -> None:
    signals = built.table("retrain_gate_signals")
    drift = signals[(signals.family == "drift") & (signals.segment == "all")]
    assert {"Loan Amount", "group", "Customer Name", "Score"} <= set(drift.subject)
    amount = drift[(drift.subject == "Loan Amount") & (drift.check_name == "psi")]
    last = amount[pd.to_datetime(amount.eval_date) == pd.Timestamp(day(29))].iloc[0]
    assert last.status == "breach"  # x3 from day 25
    steady = drift[(drift.subject == "group") & (drift.check_name == "psi")]
    assert not (steady.status == "breach").any()


def test_values_with_quotes_come_back_intact(built: Warehouse) -> None:
    signals = built.table("retrain_gate_signals")
    segments = set(signals.segment)
    for value in QUOTED_VALUES:
        assert f"Sales Channel={value}" in segments, value
    categories = built.table("int_retrain_gate__reference_categories")
    assert set(QUOTED_VALUES) <= set(categories.category)
    decisions = built.table("retrain_gate_decisions")
    assert len(decisions) > 0 and decisions.verdict.notna().all()
