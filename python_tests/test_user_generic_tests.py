"""The generic tests a user puts on their own models (retrain_gate.drift_bound,
retrain_gate.not_frozen), applied with `arguments:` and `config:` in a user project: which pass,
which fail, and the failing rows (stored with --store-failures) against numpy on the same rows."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import make_warehouse
from harness import Project
from pg_server import ThrowawayPostgres
from synthetic import START, day

ENGINES = ["duckdb", "postgres"]  # and Spark in `make test-spark`

DAYS = 30
ROWS_PER_DAY = 160
REFERENCE = (0, 13)  # days, both included
DRIFT_FROM = 23  # amount x2 in regions n and s from this day on
LAST = DAYS - 1
REGIONS = ["n", "s", "e", "w"]


def events(seed: int = 7) -> pd.DataFrame:
    """DAYS days of events: `amount` drifts in regions n and s over the last 7 days; on the last
    day frozen_f is 3.5 everywhere, flag_f true everywhere, dead_f null everywhere and
    part_frozen_f 7.0 in region e only; region x appears on the last day only."""
    rng = np.random.default_rng(seed)
    n = DAYS * ROWS_PER_DAY
    days = np.repeat(np.arange(DAYS), ROWS_PER_DAY)
    region = rng.choice(REGIONS, n).astype(object)
    region[np.flatnonzero(days == LAST)[:3]] = "x"
    last = days == LAST
    drifting = (days >= DRIFT_FROM) & np.isin(region, ["n", "s"])
    amount = rng.lognormal(3.0, 0.5, n) * np.where(drifting, 2.0, 1.0)
    amount[rng.random(n) < 0.02] = np.nan
    live = rng.normal(0.0, 1.0, n)
    live[rng.random(n) < 0.1] = np.nan
    return pd.DataFrame(
        {
            "event_id": [f"e{i:06d}" for i in range(n)],
            "event_at": pd.to_datetime(START)
            + pd.to_timedelta(days * 86_400 + rng.integers(0, 86_400, n), unit="s"),
            "region": region,
            "score": rng.random(n),
            "amount": amount,
            "stable_f": rng.normal(0.0, 1.0, n),
            "frozen_f": np.where(last, 3.5, rng.normal(0.0, 1.0, n)),
            "flag_f": np.where(last, True, rng.random(n) < 0.5),
            "dead_f": np.where(last, np.nan, rng.normal(0.0, 1.0, n)),
            "live_f": live,
            "part_frozen_f": np.where(last & (region == "e"), 7.0, rng.normal(0.0, 1.0, n)),
        }
    )


MONITORED = {
    "relation": "source:raw.events",
    "prediction_id": "event_id",
    "timestamp": "event_at",
    "score": "score",
    "features": {"numeric": ["stable_f"]},
    "reference": {"start": day(REFERENCE[0]), "end": day(REFERENCE[1])},
}

DRIFT_WINDOWS = f"""
                timestamp_column: event_at
                reference_start: "{day(REFERENCE[0])}"
                reference_end: "{day(REFERENCE[1])}"
                current_days: 7"""

USER_MODELS_YML = f"""
version: 2
models:
  - name: user_events
    columns:
      - name: amount
        data_tests:
          - retrain_gate.drift_bound:
              name: drift_amount
              arguments:{DRIFT_WINDOWS}
          - retrain_gate.drift_bound:
              name: drift_amount_by_region
              arguments:{DRIFT_WINDOWS}
                group_by_columns: [region]
          - retrain_gate.drift_bound:
              name: drift_amount_before_drift
              arguments:{DRIFT_WINDOWS}
                as_of: "{day(DRIFT_FROM - 1)}"
          - retrain_gate.drift_bound:
              name: drift_amount_north_warn
              arguments:{DRIFT_WINDOWS}
              config:
                where: "region = 'n'"
                severity: warn
      - name: stable_f
        data_tests:
          - retrain_gate.drift_bound:
              name: drift_stable
              arguments:{DRIFT_WINDOWS}
          - retrain_gate.drift_bound:
              name: drift_stable_tight
              arguments:{DRIFT_WINDOWS}
                bins: 5
                max_psi: 0.0001
                epsilon: 0.001
      - name: frozen_f
        data_tests:
          - retrain_gate.not_frozen:
              name: frozen_frozen_f
              arguments:
                timestamp_column: event_at
      - name: flag_f
        data_tests:
          - retrain_gate.not_frozen:
              name: frozen_flag_f
              arguments:
                timestamp_column: event_at
          - retrain_gate.not_frozen:
              name: frozen_flag_f_3_days
              arguments:
                timestamp_column: event_at
                days: 3
      - name: dead_f
        data_tests:
          - retrain_gate.not_frozen:
              name: frozen_dead_f
              arguments:
                timestamp_column: event_at
      - name: live_f
        data_tests:
          - retrain_gate.not_frozen:
              name: frozen_live_f
              arguments:
                timestamp_column: event_at
      - name: part_frozen_f
        data_tests:
          - retrain_gate.not_frozen:
              name: frozen_part_f
              arguments:
                timestamp_column: event_at
          - retrain_gate.not_frozen:
              name: frozen_part_f_by_region
              arguments:
                timestamp_column: event_at
                group_by_columns: [region]
          - retrain_gate.not_frozen:
              name: frozen_part_f_east
              arguments:
                timestamp_column: event_at
              config:
                where: "region = 'e'"
"""


@dataclass
class Outcome:
    """One `dbt build` of the user model with every test above, failures stored."""

    project: Project
    data: pd.DataFrame
    statuses: dict[str, str]
    failures: dict[str, int]

    def failing_rows(self, test: str) -> pd.DataFrame:
        schema = f"{self.project.warehouse.schema}_dbt_test__audit"
        return self.project.warehouse.query(f"select * from {schema}.{test}")


@pytest.fixture(scope="module")
def outcome(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> Iterator[Outcome]:
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    data = events()
    warehouse.load({"events": data})
    root = tmp_path_factory.mktemp("user_tests")
    project = Project(root, warehouse, {"models": {"events": MONITORED}}, {"raw": ["events"]})
    (root / "models" / "user_events.sql").write_text(
        "{{ config(materialized='table') }}\nselect * from {{ source('raw', 'events') }}\n"
    )
    (root / "models" / "user_events.yml").write_text(USER_MODELS_YML)
    run = project.dbt("build", "--select", "user_events", "--store-failures")
    assert not run.ok, "some tests are meant to fail"
    run_results = root / "target" / "run_results.json"
    assert run_results.exists(), run.output[-6000:]
    results = json.loads(run_results.read_text())["results"]
    statuses: dict[str, str] = {}
    failures: dict[str, int] = {}
    for result in results:
        kind, _, name = result["unique_id"].split(".")[:3]
        if kind == "test":
            statuses[name] = result["status"]
            failures[name] = result["failures"]
    assert len(statuses) == 14, run.output[-6000:]
    yield Outcome(project, data, statuses, failures)


def psi(reference: np.ndarray, current: np.ndarray, bins: int = 10, epsilon: float = 1e-4) -> float:
    """PSI over the reference's quantile bins (numpy's linear interpolation), bin k holding
    c_(k-1) < v <= c_k, both shares floored at epsilon, natural log."""
    reference = reference[np.isfinite(reference)]
    current = current[np.isfinite(current)]
    cuts = np.quantile(reference, np.arange(1, bins) / bins)
    q = np.bincount(np.searchsorted(cuts, reference, side="left"), minlength=bins)
    p = np.bincount(np.searchsorted(cuts, current, side="left"), minlength=bins)
    q_floor = np.maximum(q / len(reference), epsilon)
    p_floor = np.maximum(p / len(current), epsilon)
    return float(np.sum((p_floor - q_floor) * np.log(p_floor / q_floor)))


def _windows(
    data: pd.DataFrame, current_end: int = LAST, current_days: int = 7
) -> tuple[pd.DataFrame, pd.DataFrame]:
    offset = (data["event_at"].dt.normalize() - pd.Timestamp(START)).dt.days
    reference = data[(offset >= REFERENCE[0]) & (offset <= REFERENCE[1])]
    current = data[(offset > current_end - current_days) & (offset <= current_end)]
    return reference, current


def _finite(frame: pd.DataFrame, column: str) -> np.ndarray:
    values = frame[column].to_numpy(dtype=float)
    return values[np.isfinite(values)]


def _last_day(data: pd.DataFrame) -> pd.Series:
    return data["event_at"].dt.normalize() == pd.Timestamp(day(LAST))


def _one_row(outcome: Outcome, test: str) -> dict[str, Any]:
    rows = outcome.failing_rows(test)
    assert len(rows) == 1, rows
    return dict(rows.iloc[0])


def test_passing_and_failing_tests(outcome: Outcome) -> None:
    assert outcome.statuses == {
        "drift_amount": "fail",
        "drift_amount_by_region": "fail",
        "drift_amount_before_drift": "pass",
        "drift_amount_north_warn": "warn",
        "drift_stable": "pass",
        "drift_stable_tight": "fail",
        "frozen_frozen_f": "fail",
        "frozen_flag_f": "fail",
        "frozen_flag_f_3_days": "pass",
        "frozen_dead_f": "fail",
        "frozen_live_f": "pass",
        "frozen_part_f": "pass",
        "frozen_part_f_by_region": "fail",
        "frozen_part_f_east": "fail",
    }


def test_drift_bound_psi_equals_numpy(outcome: Outcome) -> None:
    reference, current = _windows(outcome.data)
    row = _one_row(outcome, "drift_amount")
    expected = psi(_finite(reference, "amount"), _finite(current, "amount"))
    assert expected > 0.25
    assert row["psi"] == pytest.approx(expected, abs=1e-9)
    assert row["max_psi"] == 0.25
    assert row["n_reference"] == len(_finite(reference, "amount"))
    assert row["n_current"] == len(_finite(current, "amount"))
    assert str(row["current_start"])[:10] == day(LAST - 6)
    assert str(row["current_end"])[:10] == day(LAST)

    # the stable column passes on the same windows, and fails a bound it cannot meet, with
    # its PSI over 5 bins and a coarser floor
    stable = psi(_finite(reference, "stable_f"), _finite(current, "stable_f"))
    assert stable < 0.25
    tight = _one_row(outcome, "drift_stable_tight")
    expected_tight = psi(
        _finite(reference, "stable_f"), _finite(current, "stable_f"), bins=5, epsilon=1e-3
    )
    assert tight["psi"] == pytest.approx(expected_tight, abs=1e-9)


def test_drift_bound_per_group(outcome: Outcome) -> None:
    reference, current = _windows(outcome.data)
    rows = outcome.failing_rows("drift_amount_by_region").set_index("region")
    expected = {
        region: psi(
            _finite(reference[reference["region"] == region], "amount"),
            _finite(current[current["region"] == region], "amount"),
        )
        for region in REGIONS
    }
    assert expected["e"] < 0.25 and expected["w"] < 0.25
    assert sorted(rows.index) == ["n", "s", "x"]
    for region in ["n", "s"]:
        assert rows.loc[region, "psi"] == pytest.approx(expected[region], abs=1e-9)
    # a group with no reference rows cannot be compared: it fails with a null psi
    assert pd.isna(rows.loc["x", "psi"])
    assert rows.loc["x", "n_reference"] == 0
    assert rows.loc["x", "n_current"] == len(_finite(current[current["region"] == "x"], "amount"))


def test_drift_bound_as_of_moves_the_current_window(outcome: Outcome) -> None:
    reference, current = _windows(outcome.data, current_end=DRIFT_FROM - 1)
    assert psi(_finite(reference, "amount"), _finite(current, "amount")) < 0.25
    assert outcome.failures["drift_amount_before_drift"] == 0


def test_where_filters_rows_and_severity_warn_warns(outcome: Outcome) -> None:
    north = outcome.data[outcome.data["region"] == "n"]
    reference, current = _windows(north)
    row = _one_row(outcome, "drift_amount_north_warn")
    assert outcome.statuses["drift_amount_north_warn"] == "warn"
    assert row["psi"] == pytest.approx(
        psi(_finite(reference, "amount"), _finite(current, "amount")), abs=1e-9
    )
    assert row["n_current"] == len(_finite(current, "amount"))

    # part_frozen_f is frozen in region e only: live over all rows, frozen where region = 'e'
    east = _one_row(outcome, "frozen_part_f_east")
    last_east = outcome.data[_last_day(outcome.data) & (outcome.data["region"] == "e")]
    assert east["frozen_value"] == 7.0
    assert east["n_rows"] == len(last_east)


def test_not_frozen_failing_rows(outcome: Outcome) -> None:
    last = outcome.data[_last_day(outcome.data)]
    frozen = _one_row(outcome, "frozen_frozen_f")
    assert frozen["frozen_value"] == 3.5
    assert frozen["n_rows"] == frozen["n_values"] == len(last)
    assert str(frozen["window_start"])[:10] == str(frozen["window_end"])[:10] == day(LAST)

    flag = _one_row(outcome, "frozen_flag_f")
    assert bool(flag["frozen_value"]) is True
    assert flag["n_rows"] == len(last)

    dead = _one_row(outcome, "frozen_dead_f")
    assert pd.isna(dead["frozen_value"])
    assert dead["n_rows"] == len(last)
    assert dead["n_values"] == 0

    by_region = outcome.failing_rows("frozen_part_f_by_region")
    assert list(by_region["region"]) == ["e"]
    assert by_region["frozen_value"].iloc[0] == 7.0


MISTAKES = [
    (
        "retrain_gate.drift_bound",
        {
            "timestamp_column": "event_at",
            "reference_start": "2024-01-14",
            "reference_end": "2024-01-01",
        },
        "retrain_gate.drift_bound on column 'amount': argument reference_end (2024-01-01) is "
        "before reference_start (2024-01-14).",
    ),
    (
        "retrain_gate.drift_bound",
        {
            "timestamp_column": "event_at",
            "reference_start": "2024-01-01",
            "reference_end": "2024-01-14",
            "bins": 1,
        },
        "retrain_gate.drift_bound on column 'amount': argument bins must be a whole number >= 2, "
        "got 1.",
    ),
    (
        "retrain_gate.not_frozen",
        {"timestamp_column": "event_at", "days": 0},
        "retrain_gate.not_frozen on column 'amount': argument days must be a whole number >= 1, "
        "got 0.",
    ),
]


def test_argument_mistakes_stop_at_parse(
    tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> None:
    """Parse-time checks never touch the warehouse: DuckDB covers them."""
    warehouse = make_warehouse("duckdb", tmp_path_factory, pg_server)
    root = tmp_path_factory.mktemp("user_test_mistakes")
    project = Project(root, warehouse, {"models": {"events": MONITORED}}, {"raw": ["events"]})
    (root / "models" / "user_events.sql").write_text("select * from {{ source('raw', 'events') }}")
    for test, arguments, message in MISTAKES:
        column = {"name": "amount", "data_tests": [{test: {"arguments": arguments}}]}
        models = {"version": 2, "models": [{"name": "user_events", "columns": [column]}]}
        (root / "models" / "user_events.yml").write_text(yaml.safe_dump(models))
        run = project.dbt_in_process("parse")
        assert not run.ok
        assert message in " ".join(run.output.split())
