"""The nightly run: it reads only the new days (plus lookback_days for late rows), leaves the
rest of history alone, ends with the same numbers a full rebuild gives, and a rerun of the
same night changes nothing. On DuckDB, Postgres and the Snowflake emulator; on Spark in
`make test-spark` (four Spark builds take a quarter of an hour of a 2-core run)."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import make_warehouse
from harness import DbtRun, Project, Warehouse
from pg_server import ThrowawayPostgres
from synthetic import day, nightly_model, prediction_log

ENGINES = ["duckdb", "postgres", "snowflake"]

MODEL = nightly_model()
CONFIG = {"models": {"nightly": MODEL}}
KEYS = {
    "int_retrain_gate__daily_feature_profile": [
        "profile_date",
        "segment_name",
        "segment_value",
        "feature",
    ],
    "int_retrain_gate__daily_feature_histogram": [
        "profile_date",
        "segment_name",
        "segment_value",
        "feature",
        "bin_index",
    ],
    "int_retrain_gate__daily_entity_staleness": [
        "profile_date",
        "segment_name",
        "segment_value",
        "feature",
    ],
    "int_retrain_gate__entity_last_rows": ["entity_id"],
    "int_retrain_gate__daily_new_categories": ["profile_date", "feature"],
    "int_retrain_gate__integrity_checks": [
        "eval_date",
        "check_name",
        "subject",
        "segment_name",
        "segment_value",
    ],
    "int_retrain_gate__daily_outcome_profile": [
        "profile_date",
        "segment_name",
        "segment_value",
        "band",
        "score_bin",
    ],
    "int_retrain_gate__daily_trust_profile": ["profile_date", "segment_name", "segment_value"],
    "int_retrain_gate__daily_unusable_rows": ["profile_date"],
    "retrain_gate_band_outcomes": ["eval_date", "segment", "band"],
    "int_retrain_gate__outcome_checks": [
        "eval_date",
        "check_name",
        "subject",
        "segment_name",
        "segment_value",
    ],
    "int_retrain_gate__trust_checks": [
        "eval_date",
        "check_name",
        "subject",
        "segment_name",
        "segment_value",
    ],
    "int_retrain_gate__feature_drift": [
        "eval_date",
        "span",
        "segment_name",
        "segment_value",
        "feature",
        "statistic",
    ],
    "retrain_gate_signals": ["eval_date", "family", "check_name", "subject", "segment"],
}


FAMILY_TABLES = [
    "int_retrain_gate__feature_drift",
    "int_retrain_gate__integrity_checks",
    "int_retrain_gate__outcome_checks",
    "int_retrain_gate__trust_checks",
]


def _table(warehouse: Warehouse, name: str) -> pd.DataFrame:
    frame = warehouse.table(name)
    for column in (
        "profile_date",
        "eval_date",
        "first_breach_date",
        "window_start",
        "reference_end",
    ):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame.sort_values(KEYS[name]).reset_index(drop=True)


@pytest.fixture(scope="module")
def nightly(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> dict[str, Any]:
    """Builds days 0..28 and half of day 29, then runs the night of day 30: day 30 arrives with
    the late half of day 29, while an old day (5) is rewritten upstream, so that a run that
    rescanned history would count it. A second warehouse builds the same final rows from
    scratch, without the rewrite."""
    log = prediction_log(days=31, rows_per_day=200)
    rng = np.random.default_rng(3)
    log["label"] = (rng.random(len(log)) < log.score).astype(int)
    log["was_overridden"] = rng.random(len(log)) < 0.05
    offset = (log.scored_at - pd.Timestamp(day(0))).dt.days
    log.loc[(offset >= 20) & (rng.random(len(log)) < 0.5), "count_f"] = np.nan
    day_29 = log[offset == 29]
    early = pd.concat([log[offset < 29], day_29.iloc[: len(day_29) // 2]])
    arrivals = pd.concat([day_29.iloc[len(day_29) // 2 :], log[offset == 30]])

    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    warehouse.load({"predictions": early})
    project = Project(
        tmp_path_factory.mktemp("nightly"), warehouse, CONFIG, {"raw": ["predictions"]}
    )
    project.build(day(29))
    first = {name: _table(warehouse, name) for name in KEYS}

    # the upstream table is replaced rather than updated: Spark's parquet tables cannot UPDATE
    rewritten = early.copy()
    rewritten.loc[offset[rewritten.index] == 5, "lognormal_f"] *= 1000
    warehouse.load({"predictions": pd.concat([rewritten, arrivals])})
    project.build(day(30))
    second = {name: _table(warehouse, name) for name in KEYS}
    project.build(day(30))
    rerun = {name: _table(warehouse, name) for name in KEYS}
    executed = project.root / "target" / "run" / "retrain_gate" / "models" / "intermediate"
    state_write = (executed / "int_retrain_gate__entity_last_rows.sql").read_text()

    scratch = make_warehouse(engine, tmp_path_factory, pg_server)
    scratch.load({"predictions": pd.concat([early, arrivals])})
    Project(tmp_path_factory.mktemp("scratch"), scratch, CONFIG, {"raw": ["predictions"]}).build(
        day(30)
    )
    return {
        "first": first,
        "second": second,
        "rerun": rerun,
        "scratch": {name: _table(scratch, name) for name in KEYS},
        "state_write": state_write,
        "late_rows": len(arrivals[arrivals.scored_at < pd.Timestamp(day(30))]),
        "day_29_rows": len(day_29),
        "warehouse": warehouse,
        "project": project,
    }


def _values(frame: pd.DataFrame) -> pd.DataFrame:
    """Everything but when the row was written (a fingerprint holds when its bins were)."""
    return frame.drop(columns=["computed_at", "fingerprint"], errors="ignore")


@pytest.mark.parametrize("name", list(KEYS))
def test_nightly_run_equals_a_full_rebuild(nightly: dict[str, Any], name: str) -> None:
    # the rewritten old day is invisible to the nightly run: it never read it
    pd.testing.assert_frame_equal(
        _values(nightly["second"][name]), _values(nightly["scratch"][name])
    )


@pytest.mark.parametrize("name", list(KEYS))
def test_rerunning_the_same_night_changes_nothing(nightly: dict[str, Any], name: str) -> None:
    rerun = nightly["rerun"][name]
    assert not rerun.duplicated(KEYS[name]).any()
    pd.testing.assert_frame_equal(_values(rerun), _values(nightly["second"][name]))


def test_only_the_lookback_and_new_days_are_rewritten(nightly: dict[str, Any]) -> None:
    first_run = nightly["first"]["int_retrain_gate__daily_feature_profile"].computed_at.max()
    for name, date_column in [
        ("int_retrain_gate__daily_feature_profile", "profile_date"),
        ("int_retrain_gate__daily_feature_histogram", "profile_date"),
        ("int_retrain_gate__daily_entity_staleness", "profile_date"),
        ("int_retrain_gate__daily_new_categories", "profile_date"),
        ("int_retrain_gate__daily_trust_profile", "profile_date"),
        ("int_retrain_gate__feature_drift", "eval_date"),
        ("int_retrain_gate__integrity_checks", "eval_date"),
    ]:
        rows = nightly["second"][name]
        rewritten = rows[rows.computed_at > first_run]
        # lookback_days = 2 before the day after the last stored day (29): days 28, 29, 30
        assert sorted(set(rewritten[date_column])) == [
            pd.Timestamp(day(d)).date() for d in (28, 29, 30)
        ]
        kept = rows[rows.computed_at <= first_run]
        assert len(kept) > 0 and (kept[date_column] < pd.Timestamp(day(28)).date()).all()


def test_signals_are_recomputed_from_the_first_date_a_family_table_rewrote(
    nightly: dict[str, Any],
) -> None:
    first_run = nightly["first"]["int_retrain_gate__daily_feature_profile"].computed_at.max()
    written = set()
    for name in FAMILY_TABLES:
        rows = nightly["second"][name]
        written |= set(rows[rows.computed_at > first_run].eval_date)
    signals = nightly["second"]["retrain_gate_signals"]
    rewritten = signals[signals.computed_at > first_run]
    assert sorted(set(rewritten.eval_date)) == sorted(written)
    kept = signals[signals.computed_at <= first_run]
    assert len(kept) > 0 and (kept.eval_date < min(written)).all()


def test_a_breach_streak_carries_on_into_the_recomputed_dates(nightly: dict[str, Any]) -> None:
    """count_f is half null from day 20 (the day after the reference): its null_spike breaches on
    every date from then on. The night of day 30 recomputes days 28 to 30 only, and their streak
    goes on from day 27's stored row: it began on day 20, and has lasted one date more each day."""
    first_run = nightly["first"]["int_retrain_gate__daily_feature_profile"].computed_at.max()
    for run in ("second", "scratch"):
        signals = nightly[run]["retrain_gate_signals"]
        streak = signals[
            (signals.check_name == "null_spike")
            & (signals.subject == "count_f")
            & (signals.segment == "all")
            & (signals.eval_date >= pd.Timestamp(day(20)).date())
        ]
        assert len(streak) == 11 and (streak.status == "breach").all(), run
        assert (streak.first_breach_date == pd.Timestamp(day(20)).date()).all(), run
        days = [(d - pd.Timestamp(day(20)).date()).days + 1 for d in streak.eval_date]
        assert streak.consecutive_days.tolist() == days, run
    signals = nightly["second"]["retrain_gate_signals"]
    carried = signals[
        (signals.check_name == "null_spike")
        & (signals.subject == "count_f")
        & (signals.segment == "all")
        & (signals.computed_at > first_run)
    ]
    assert carried.consecutive_days.tolist() == [9, 10, 11]


def test_outcomes_are_profiled_once_matured_reading_only_the_newly_matured_day(
    nightly: dict[str, Any],
) -> None:
    first_run = nightly["first"]["int_retrain_gate__daily_feature_profile"].computed_at.max()
    rows = nightly["second"]["int_retrain_gate__daily_outcome_profile"]
    # maturity_days = 2: on the night of day 30 the newest matured day is 28; the last run
    # profiled up to 27, so 28 is new and lookback_days = 2 re-reads 26 and 27
    assert rows.profile_date.max() == pd.Timestamp(day(28)).date()
    rewritten = rows[rows.computed_at > first_run]
    assert sorted(set(rewritten.profile_date)) == [
        pd.Timestamp(day(d)).date() for d in (26, 27, 28)
    ]


def test_late_rows_of_a_lookback_day_are_counted(nightly: dict[str, Any]) -> None:
    profiles = nightly["second"]["int_retrain_gate__daily_feature_profile"]
    day_29 = profiles[
        (profiles.profile_date == pd.Timestamp(day(29)).date())
        & (profiles.segment_name == "(all)")
        & (profiles.feature == "cat_f")
    ]
    assert day_29.n_rows.tolist() == [nightly["day_29_rows"]]
    before = nightly["first"]["int_retrain_gate__daily_feature_profile"]
    earlier = before[
        (before.profile_date == pd.Timestamp(day(29)).date())
        & (before.segment_name == "(all)")
        & (before.feature == "cat_f")
    ]
    assert earlier.n_rows.tolist() == [nightly["day_29_rows"] - nightly["late_rows"]]


def test_a_night_deletes_the_keys_it_rewrites_by_a_semi_join(
    engine: str, nightly: dict[str, Any]
) -> None:
    """The stale-entity state has one key (model_id) over all of a model's entities: a delete
    that joined the new rows to the table on it would pair every new row with every old one
    (dbt-duckdb's delete+insert). Each engine but Spark, which overwrites partitions, deletes by
    the distinct keys (docs/engines.md, "How each engine keeps the incremental tables")."""
    statement = " ".join(nightly["state_write"].lower().split())
    if engine == "spark":
        assert "insert overwrite" in statement
    else:
        assert "in ( select distinct model_id from" in statement
        assert " using " not in statement


def test_a_signals_table_from_before_its_fingerprint_is_rewritten(
    engine: str, nightly: dict[str, Any]
) -> None:
    """retrain_gate_signals was a plain table, without a fingerprint column, before it became
    incremental: the first run after the upgrade recomputes every model's signals rather than
    fail on the missing column, and adds the column. It rebuilds the night: the module's other
    tests read the tables as the fixture captured them."""
    if engine == "spark":
        pytest.skip("Spark's parquet tables cannot drop a column to stage the old table")
    warehouse, project = nightly["warehouse"], nightly["project"]
    signals_table = f"{warehouse.schema}.retrain_gate_signals"
    warehouse.execute(f"alter table {signals_table} drop column fingerprint")
    project.build(day(30))
    signals = _table(warehouse, "retrain_gate_signals")
    assert (signals.computed_at > nightly["second"]["retrain_gate_signals"].computed_at.max()).all()
    assert signals.fingerprint.notna().all()
    columns = list(_values(nightly["scratch"]["retrain_gate_signals"]).columns)
    pd.testing.assert_frame_equal(
        _values(signals)[columns], _values(nightly["scratch"]["retrain_gate_signals"])
    )


def _duplicate_one_histogram_row(warehouse: Warehouse, histogram: str, where: str) -> None:
    """Inserts a second copy of one row of the daily histogram of lognormal_f (whole population)."""
    warehouse.execute(
        f"insert into {histogram} select * from {histogram} where {where}"
        " and feature = 'lognormal_f' and segment_name = '(all)' order by bin_index limit 1"
    )


def _failures(run: DbtRun) -> list[int]:
    return [int(n) for n in re.findall(r"Got (\d+) results?", run.text)]


def test_the_histogram_uniqueness_test_reads_the_keys_of_the_newest_run(
    nightly: dict[str, Any],
) -> None:
    """The daily histogram's uniqueness test (newest_run_only) groups only the keys the newest
    run wrote: of two duplicated rows, one of an old day that no night since rewrote and one
    the night wrote, it reports exactly one (two if it read all of history, none if it missed
    the night's). It adds rows: the module's other tests read the tables as the fixture
    captured them."""
    warehouse, project = nightly["warehouse"], nightly["project"]
    histogram = f"{warehouse.schema}.int_retrain_gate__daily_feature_histogram"
    newest = f"(select max(computed_at) from {histogram})"
    # day 5 was last written by the first build: the nights since did not rewrite it
    _duplicate_one_histogram_row(
        warehouse, histogram, f"profile_date = cast('{day(5)}' as date) and computed_at < {newest}"
    )
    _duplicate_one_histogram_row(
        warehouse, histogram, f"profile_date = cast('{day(30)}' as date) and computed_at = {newest}"
    )
    failed = project.dbt(
        "test",
        "--select",
        "int_retrain_gate__daily_feature_histogram,test_name:unique_combination_of_columns",
    )
    assert not failed.ok
    assert _failures(failed) == [1], failed.output[-3000:]
