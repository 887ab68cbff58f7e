"""Healthy data never breaches an integrity check at the default thresholds: several seeds of
a log with ordinary noise, weekly seasonality and a gradual trend (synthetic.healthy_log), each
a monitored model of one project, every segment and day judged."""

from __future__ import annotations

import oracle
import pandas as pd
import pytest
from conftest import make_warehouse
from harness import Project
from pg_server import ThrowawayPostgres
from synthetic import day, healthy_log

SEEDS = [101, 202, 303, 404]


def _model(seed: int) -> dict[str, object]:
    return {
        "relation": f"source:raw.healthy_{seed}",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "entity_id": "customer_id",
        "segments": ["channel"],
        "score": "score",
        "features": {"numeric": ["trend", "amount", "visits", "walk"], "categorical": ["kind"]},
        "reference": {"start": day(0), "end": day(24)},
    }


@pytest.fixture(scope="module")
def signals(tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres) -> pd.DataFrame:
    warehouse = make_warehouse("duckdb", tmp_path_factory, pg_server)
    warehouse.load({f"healthy_{seed}": healthy_log(seed) for seed in SEEDS})
    project = Project(
        tmp_path_factory.mktemp("healthy"),
        warehouse,
        {"models": {f"healthy_{seed}": _model(seed) for seed in SEEDS}},
        {"raw": [f"healthy_{seed}" for seed in SEEDS]},
    )
    project.build(day(44))
    return warehouse.table("retrain_gate_signals")


def test_no_integrity_breach_on_healthy_data(signals: pd.DataFrame) -> None:
    integrity = signals[signals.family == "integrity"]
    # every seed, check and segment was judged on most days
    judged = integrity[integrity.status != "insufficient_data"]
    assert set(judged.model_id) == {f"healthy_{seed}" for seed in SEEDS}
    assert set(judged.check_name) == oracle.INTEGRITY_CHECKS
    whole = integrity[integrity.segment == "all"]
    assert (whole.status != "insufficient_data").mean() > 0.95
    breaches = integrity[integrity.status == "breach"]
    assert breaches.empty, breaches[
        ["model_id", "check_name", "subject", "segment", "eval_date", "detail"]
    ]
