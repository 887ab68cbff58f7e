"""History guarantees, on DuckDB and Postgres: a rerun of a night is idempotent; a first run and
the nightly runs after it (14 on DuckDB, 8 on Postgres) equal one backfill from empty, row for
row; `--full-refresh` keeps the decisions; a run killed mid-build leaves the decisions of before
and the next run completes them; labels that arrive 60 days late (labels.arrived_at) update the
outcomes of the past evaluation dates they feed, and no others.

What each night sees is what had arrived by then: the package reads views of the raw tables
that hide the rows (predictions by scored_at, labels by arrived_at) after the as-of date, so a
night is one `dbt run` with its as-of date and nothing is loaded between nights."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import make_warehouse
from harness import Project, Warehouse
from pg_server import ThrowawayPostgres
from synthetic import day, integrity_log, prediction_log

from retrain_gate.dbt_project import dbt_executable

KEYS = {
    "retrain_gate_decisions": ["model_id", "eval_date"],
    "retrain_gate_signals": ["model_id", "eval_date", "family", "check_name", "subject", "segment"],
    "retrain_gate_band_outcomes": ["model_id", "eval_date", "segment", "band"],
}
# when and by which run a row was written: everything else must match (a fingerprint hashes the
# settings and the version of the reference bins, which names when the bins were computed)
WRITTEN = ["invocation_id", "evaluated_at", "computed_at", "fingerprint"]
ARRIVED_VIEWS = {
    # what had arrived by the as-of date: predictions by the day they were scored
    "predictions_arrived": "select * from {{ source('raw', 'predictions') }} where scored_at"
    " < cast('{{ var(\"retrain_gate_as_of\") }}' as date) + 1",
    # labels by the time they became known
    "labels_arrived": "select * from {{ source('raw', 'labels') }} where arrived_at"
    " < cast('{{ var(\"retrain_gate_as_of\") }}' as date) + 1",
}


def _project(root: Path, warehouse: Warehouse, model: dict[str, Any]) -> Project:
    project = Project(root, warehouse, {"models": {"m": model}}, {"raw": ["predictions", "labels"]})
    for name, body in ARRIVED_VIEWS.items():
        (root / "models" / f"{name}.sql").write_text("{{ config(materialized='view') }}\n" + body)
    return project


def _vars(as_of: str) -> str:
    return yaml.safe_dump({"retrain_gate_as_of": as_of})


def _table(warehouse: Warehouse, name: str) -> pd.DataFrame:
    frame = warehouse.table(name)
    for column in ("profile_date", "eval_date", "first_breach_date", "started_on", "window_start"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).dt.date
    keys = KEYS.get(name, ["model_id", "profile_date", "segment_name", "segment_value", "band"])
    frame = frame.sort_values(keys + (["score_bin"] if "score_bin" in frame else []))
    return frame.reset_index(drop=True)


def _tables(warehouse: Warehouse) -> dict[str, pd.DataFrame]:
    return {name: _table(warehouse, name) for name in KEYS}


def _values(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=[*WRITTEN, "labels_arrived_through"], errors="ignore")


def _assert_same_values(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for name in KEYS:
        assert len(left[name]) > 0, name
        pd.testing.assert_frame_equal(_values(left[name]), _values(right[name]), obj=name)


def _nightly_runs(project: Project, nights: list[str]) -> None:
    """One `dbt run` per night, in order: each a separate dbt invocation with its own as-of
    date, all from one Python process so that dbt is imported once, not once a night."""
    script = (
        "import sys\n"
        "from dbt.cli.main import dbtRunner\n"
        "root = sys.argv[1]\n"
        "for night in sys.argv[2:]:\n"
        "    args = ['run', '--vars', '{retrain_gate_as_of: ' + night + '}', '--quiet',\n"
        "            '--project-dir', root, '--profiles-dir', root]\n"
        "    result = dbtRunner().invoke(args)\n"
        "    if not result.success:\n"
        "        sys.exit(f'dbt run of the night {night} failed: {result.exception}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(project.root), *nights],
        cwd=project.root,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]


def _killed_run(project: Project, as_of: str, after_model: str) -> str:
    """Starts `dbt run` and SIGKILLs it as soon as dbt's log says `after_model` was built;
    returns the log lines the killed run wrote."""
    log = project.root / "logs" / "dbt.log"
    offset = log.stat().st_size if log.exists() else 0
    command = [dbt_executable(), "run", "--vars", _vars(as_of)]
    command += ["--project-dir", str(project.root), "--profiles-dir", str(project.root)]
    process = subprocess.Popen(
        command,
        cwd=project.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    written = ""
    deadline = time.monotonic() + 300
    while process.poll() is None and time.monotonic() < deadline:
        # dbt rotates its log at 10 MB: a file shorter than where this run began is a new one
        if log.exists() and log.stat().st_size < offset:
            offset = 0
        with log.open() as handle:
            handle.seek(offset)
            written = handle.read()
        if f"OK created sql incremental model {project.warehouse.schema}.{after_model}" in written:
            os.killpg(process.pid, signal.SIGKILL)
            break
        time.sleep(0.05)
    assert process.wait() == -signal.SIGKILL, "dbt ended before it could be killed:\n" + written
    return written


# ---------------------------------------------------------------------------------------------
# Nights against one backfill

FIRST_DATE, LAST_NIGHT = 10, 39  # 30 evaluation dates: the reference is days 0..9
# The first run decides days 10..its own day at once, then a run a night: the features break one
# after another from day 28 while the nights run, and the labels' damage (from day 18) goes on
# through them. On DuckDB the first run is day 25 (14 nights). On Postgres, where the nights were
# the suite's second-largest item, it is day 31: a night runs the same incremental statements
# whatever its date, and four features still break during its 8 nights (days 32 to 35).
FIRST_NIGHT = {"duckdb": 25, "postgres": 31}


def _first_night(engine: str) -> int:
    return FIRST_NIGHT.get(engine, FIRST_NIGHT["duckdb"])


HISTORY_MODEL: dict[str, Any] = {
    "relation": "predictions_arrived",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "entity_id": "customer_id",
    "segments": ["channel"],
    "score": "score",
    "features": {"numeric": ["steady", "spiky", "cents"], "categorical": ["kind"]},
    "labels": {"label": "label", "maturity_days": 2},
    "reference": {"start": day(0), "end": day(9)},
    "window_days": 5,
    "bands": 4,
    "min_day_rows": 100,
    "min_window_rows": 300,
    "min_labelled_rows": 300,
    "min_band_labels": 30,
}


def _history_log() -> pd.DataFrame:
    """integrity_log (features breaking one after another from day 28; 300 rows a day) over
    days 0..40, with labels: calibrated until day 18, then coin flips (discrimination falls)."""
    log = integrity_log(days=LAST_NIGHT + 2)
    rng = np.random.default_rng(7)
    offset = (log.scored_at - pd.Timestamp(day(0))).dt.days
    rate = np.where(offset >= 18, 0.3, log.score)
    log["label"] = (rng.random(len(log)) < rate).astype(int)
    return log


@pytest.fixture(scope="module")
def history(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> dict[str, Any]:
    log = _history_log()
    labels = pd.DataFrame({"prediction_id": ["none"], "arrived_at": [pd.Timestamp(day(0))]})
    nightly_warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    nightly_warehouse.load({"predictions": log, "labels": labels})
    nightly = _project(tmp_path_factory.mktemp("nightly"), nightly_warehouse, HISTORY_MODEL)
    first_night = _first_night(engine)
    nights = [day(d) for d in range(first_night, LAST_NIGHT + 1)]
    _nightly_runs(nightly, nights)
    after_nights = _tables(nightly_warehouse)
    nightly.build(nights[-1])  # the rerun of the last night, with the package's tests
    rerun = _tables(nightly_warehouse)

    backfill_warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    backfill_warehouse.load({"predictions": log, "labels": labels})
    backfill = _project(tmp_path_factory.mktemp("backfill"), backfill_warehouse, HISTORY_MODEL)
    backfill.build(nights[-1])
    backfilled = _tables(backfill_warehouse)

    # the next night: killed in the nightly project once the profiles are written, then run
    # again; uninterrupted in the backfill project
    next_night = day(LAST_NIGHT + 1)
    killed_log = _killed_run(nightly, next_night, "int_retrain_gate__daily_outcome_profile")
    after_kill = _tables(nightly_warehouse)
    nightly.build(next_night)
    completed = _tables(nightly_warehouse)
    backfill.build(next_night)
    uninterrupted = _tables(backfill_warehouse)
    backfill.build(next_night, "--full-refresh")
    refreshed = _tables(backfill_warehouse)
    return {
        "first_night": first_night,
        "after_nights": after_nights,
        "rerun": rerun,
        "backfilled": backfilled,
        "killed_log": killed_log,
        "after_kill": after_kill,
        "completed": completed,
        "uninterrupted": uninterrupted,
        "refreshed": refreshed,
    }


def test_the_nights_decide_one_row_per_date_with_the_story_in_it(
    history: dict[str, Any],
) -> None:
    decisions = history["after_nights"]["retrain_gate_decisions"]
    assert decisions.eval_date.tolist() == [
        pd.Timestamp(day(d)).date() for d in range(FIRST_DATE, LAST_NIGHT + 1)
    ]
    # one invocation decided the first run's dates, then one night, one invocation, one row
    first_night = history["first_night"]
    first_run = decisions.eval_date <= pd.Timestamp(day(first_night)).date()
    assert decisions.invocation_id[first_run].nunique() == 1
    assert decisions.invocation_id[~first_run].nunique() == LAST_NIGHT - first_night
    assert decisions.invocation_id.nunique() == LAST_NIGHT - first_night + 1
    # the coin-flip labels from day 18 (outcome damage: retrain) and the features breaking from
    # day 28 (fix_data): the history compared below is not a quiet one
    assert {"retrain", "fix_data"} <= set(decisions.verdict)


def test_a_rerun_of_a_night_changes_nothing_but_when_it_ran(history: dict[str, Any]) -> None:
    rerun, before = history["rerun"], history["after_nights"]
    _assert_same_values(rerun, before)
    decisions = rerun["retrain_gate_decisions"]
    assert not decisions.duplicated(KEYS["retrain_gate_decisions"]).any()
    redone = decisions.invocation_id != before["retrain_gate_decisions"].invocation_id
    assert decisions.eval_date[redone].tolist() == [pd.Timestamp(day(LAST_NIGHT)).date()]


def test_nightly_runs_equal_one_backfill_row_for_row(history: dict[str, Any]) -> None:
    # decisions (verdict, reason_code, reason, started_on, n_breaches, evidence), signals
    # (status, streaks, first_breach_date, detail) and band outcomes
    _assert_same_values(history["after_nights"], history["backfilled"])
    assert history["backfilled"]["retrain_gate_decisions"].invocation_id.nunique() == 1


def test_a_killed_run_leaves_the_decisions_and_the_next_run_completes_them(
    history: dict[str, Any],
) -> None:
    killed_log = history["killed_log"]
    assert "int_retrain_gate__daily_outcome_profile" in killed_log
    assert "retrain_gate_decisions" not in killed_log  # killed before the decisions
    before = history["rerun"]["retrain_gate_decisions"]
    pd.testing.assert_frame_equal(history["after_kill"]["retrain_gate_decisions"], before)
    _assert_same_values(history["completed"], history["uninterrupted"])
    completed = history["completed"]["retrain_gate_decisions"]
    pd.testing.assert_frame_equal(completed.iloc[: len(before)], before)  # same invocations
    assert completed.eval_date.iloc[-1] == pd.Timestamp(day(LAST_NIGHT + 1)).date()
    assert len(completed) == len(before) + 1


def test_full_refresh_keeps_the_decisions_and_rebuilds_the_same_rest(
    history: dict[str, Any],
) -> None:
    refreshed, before = history["refreshed"], history["uninterrupted"]
    _assert_same_values(refreshed, before)
    decisions = refreshed["retrain_gate_decisions"]
    older = decisions.eval_date < pd.Timestamp(day(LAST_NIGHT + 1)).date()
    kept = before["retrain_gate_decisions"].invocation_id[older]
    assert (decisions.invocation_id[older] == kept).all()


# ---------------------------------------------------------------------------------------------
# Labels that arrive 60 days late

LATE_DAYS = (12, 13)  # prediction days whose labels arrive on day 73
FIRST_RUN, NEXT_RUN = 72, 73
LATE_MODEL: dict[str, Any] = {
    "relation": "predictions_arrived",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "segments": ["channel"],
    "score": "score",
    "features": {"numeric": ["lognormal_f"], "categorical": ["cat_f"]},
    "labels": {
        "label": "label",
        "relation": "labels_arrived",
        "arrived_at": "arrived_at",
        "maturity_days": 3,
    },
    "reference": {"start": day(0), "end": day(9)},
    "window_days": 5,
    "lookback_days": 2,
    "bands": 4,
    "min_window_rows": 100,
    "min_reference_rows": 300,
    "min_labelled_rows": 200,
    "min_band_labels": 20,
}


def _late_data() -> dict[str, pd.DataFrame]:
    """Days 0..73, 100 predictions a day; each label known a day after its prediction, but
    those of days 12 and 13 on day 73 (60 and 61 days late)."""
    log = prediction_log(seed=5, days=NEXT_RUN + 1, rows_per_day=100)
    rng = np.random.default_rng(13)
    offset = (log.scored_at - pd.Timestamp(day(0))).dt.days
    arrived_at = log.scored_at + pd.Timedelta(days=1)
    late = offset.isin(LATE_DAYS)
    arrived_at[late] = pd.Timestamp(day(NEXT_RUN)) + pd.Timedelta(hours=6)
    labels = pd.DataFrame(
        {
            "prediction_id": log.prediction_id,
            "label": (rng.random(len(log)) < log.score).astype(int),
            "arrived_at": arrived_at,
        }
    )
    return {"predictions": log, "labels": labels, "late": log[late]}


@pytest.fixture(scope="module")
def late_labels(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> dict[str, Any]:
    data = _late_data()
    tables = {"predictions": data["predictions"], "labels": data["labels"]}
    nightly_warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    nightly_warehouse.load(tables)
    nightly = _project(tmp_path_factory.mktemp("late"), nightly_warehouse, LATE_MODEL)
    nightly.build(day(FIRST_RUN))
    first = {
        "int_retrain_gate__daily_outcome_profile": _table(
            nightly_warehouse, "int_retrain_gate__daily_outcome_profile"
        ),
        **_tables(nightly_warehouse),
    }
    nightly.build(day(NEXT_RUN))
    second = {
        "int_retrain_gate__daily_outcome_profile": _table(
            nightly_warehouse, "int_retrain_gate__daily_outcome_profile"
        ),
        **_tables(nightly_warehouse),
    }
    rebuilt_warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    rebuilt_warehouse.load(tables)
    _project(tmp_path_factory.mktemp("rebuilt"), rebuilt_warehouse, LATE_MODEL).build(day(NEXT_RUN))
    return {
        "first": first,
        "second": second,
        "rebuilt": {
            "int_retrain_gate__daily_outcome_profile": _table(
                rebuilt_warehouse, "int_retrain_gate__daily_outcome_profile"
            ),
            **_tables(rebuilt_warehouse),
        },
        "late": data["late"],
        "labels": data["labels"],
        "predictions": data["predictions"],
    }


def _dates(days: list[int] | range) -> list[Any]:
    return [pd.Timestamp(day(d)).date() for d in days]


# the evaluation dates whose outcome windows (eval_date - 3 - 4 .. eval_date - 3) hold day 12
# or 13: 15..20; and those the night recomputes anyway (lookback_days 2 after day 72): 71..73
AFFECTED = _dates(range(15, 21))
RECOMPUTED = AFFECTED + _dates(range(71, 74))


def test_the_night_reprofiles_exactly_the_relabelled_days(late_labels: dict[str, Any]) -> None:
    name = "int_retrain_gate__daily_outcome_profile"
    first, second = late_labels["first"][name], late_labels["second"][name]
    rewritten = second[second.computed_at > first.computed_at.max()]
    # days 12 and 13, and the nightly ones: newly matured 70, re-read 68 and 69
    assert sorted(set(rewritten.profile_date)) == _dates([12, 13, 68, 69, 70])
    kept = second[second.computed_at <= first.computed_at.max()]
    previous = first[first.profile_date.isin(set(kept.profile_date))].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept.reset_index(drop=True), previous)
    whole = second[(second.segment_name == "(all)")].groupby("profile_date").n_labelled.sum()
    before = first[(first.segment_name == "(all)")].groupby("profile_date").n_labelled.sum()
    for late_day in LATE_DAYS:
        date = pd.Timestamp(day(late_day)).date()
        assert before[date] == 0  # no label had arrived by day 72
        late = late_labels["late"]
        assert whole[date] == (late.scored_at.dt.date == date).sum() == 100
    pd.testing.assert_frame_equal(_values(second), _values(late_labels["rebuilt"][name]))


def test_band_outcomes_of_the_affected_dates_equal_a_rebuild_and_no_others_move(
    late_labels: dict[str, Any],
) -> None:
    name = "retrain_gate_band_outcomes"
    first, second = late_labels["first"][name], late_labels["second"][name]
    rewritten = second[second.computed_at > first.computed_at.max()]
    assert sorted(set(rewritten.eval_date)) == RECOMPUTED
    untouched = second[~second.eval_date.isin(RECOMPUTED)].reset_index(drop=True)
    earlier = first[~first.eval_date.isin(RECOMPUTED)].reset_index(drop=True)
    pd.testing.assert_frame_equal(untouched, earlier)  # computed_at included
    pd.testing.assert_frame_equal(_values(second), _values(late_labels["rebuilt"][name]))
    # the window of eval date 17 is days 10..14: its labelled predictions, the late ones now in
    labels, predictions = late_labels["labels"], late_labels["predictions"]
    window = predictions[
        (predictions.scored_at >= pd.Timestamp(day(10)))
        & (predictions.scored_at < pd.Timestamp(day(15)))
        & predictions.score.notna()
    ]
    labelled = int(labels.prediction_id.isin(window.prediction_id).sum())
    whole = second[(second.segment == "all") & (second.eval_date == _dates([17])[0])]
    assert whole.n_labelled.sum() == labelled == 500
    was = first[(first.segment == "all") & (first.eval_date == _dates([17])[0])]
    assert was.n_labelled.sum() == 300  # days 12 and 13 had no label yet


def test_outcome_signals_of_the_affected_dates_equal_a_rebuild(
    late_labels: dict[str, Any],
) -> None:
    name = "retrain_gate_signals"
    second, rebuilt = late_labels["second"][name], late_labels["rebuilt"][name]
    outcome = second[second.family == "outcome"].reset_index(drop=True)
    assert set(AFFECTED) <= set(outcome.eval_date)
    expected = rebuilt[rebuilt.family == "outcome"].reset_index(drop=True)
    pd.testing.assert_frame_equal(_values(outcome), _values(expected))
    first = late_labels["first"][name]
    coverage = {
        frame_name: frame[
            (frame.check_name == "label_coverage") & (frame.eval_date == _dates([17])[0])
        ].value.item()
        for frame_name, frame in [("first", first), ("second", second)]
    }
    assert coverage == {"first": pytest.approx(0.6), "second": pytest.approx(1.0)}


def test_past_decisions_are_kept_as_decided_that_night(late_labels: dict[str, Any]) -> None:
    name = "retrain_gate_decisions"
    first, second = late_labels["first"][name], late_labels["second"][name]
    pd.testing.assert_frame_equal(second.iloc[: len(first) - 1], first.iloc[: len(first) - 1])
    assert second.eval_date.iloc[-1] == pd.Timestamp(day(NEXT_RUN)).date()
