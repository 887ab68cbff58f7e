"""The unusable-row counts (int_retrain_gate__daily_unusable_rows and the warning test
retrain_gate_unusable_rows) on a nightly run: the new day's rows without an id or a timestamp
and its duplicate ids are counted, a copy of an id from a day before the plan's start too when
it is within duplicate_id_days, and junk written into old days after the first build is never
read. Every count against pandas on the same rows. Only the staging view, the model and the
test are built (`--select`), so Spark takes part as well."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import make_warehouse
from harness import DbtRun, Project, Warehouse
from pg_server import ThrowawayPostgres
from synthetic import START, day, prediction_log

ENGINES = ["duckdb", "postgres"]  # and Spark in `make test-spark`
TABLE = "int_retrain_gate__daily_unusable_rows"
SELECT = ("--select", f"+{TABLE}+")
LOOKBACK = 2
BOUND = 3  # duplicate_id_days
FIRST, NIGHT = 13, 14  # the as-of days of the first build and of the nightly run
PLAN_START = FIRST + 1 - LOOKBACK  # the first day the night recounts: 12
READ_FROM = PLAN_START - BOUND  # the first day it reads ids of: 9
NO_DAY = pd.Timestamp("1900-01-01").date()  # the profile_date of the rows without a timestamp
MODEL: dict[str, Any] = {
    "relation": "source:raw.predictions",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "score": "score",
    "features": {"numeric": ["lognormal_f"]},
    "reference": {"start": day(0), "end": day(9)},
    "lookback_days": LOOKBACK,
    "duplicate_id_days": BOUND,
}
COLUMNS = ["n_rows", "n_no_timestamp", "n_no_id", "n_duplicate_ids"]


def unusable_counts(log: pd.DataFrame, bound: int = BOUND) -> pd.DataFrame:
    """The documented counts, row by row: per UTC day, the rows, those without an id, and the
    extra copies of an id (a copy is the original when it is the id's first row, or the first
    of its day and more than `bound` days after the id's previous day); the rows without a
    timestamp on NO_DAY."""
    log = log.reset_index(drop=True)
    dated = log[log.scored_at.notna()].assign(date=log.scored_at.dt.date)
    duplicate = pd.Series(False, index=dated.index)
    with_id = dated[dated.prediction_id.notna()].sort_values(["prediction_id", "date"])
    previous: tuple[Any, Any] = (None, None)
    for index, (prediction_id, date) in zip(
        with_id.index, zip(with_id.prediction_id, with_id.date, strict=True), strict=True
    ):
        if prediction_id == previous[0]:
            duplicate[index] = date == previous[1] or (date - previous[1]).days <= bound
        previous = (prediction_id, date)
    days = pd.DataFrame(
        {
            "n_rows": dated.groupby("date").size(),
            "n_no_timestamp": 0,
            "n_no_id": dated.prediction_id.isna().groupby(dated.date).sum(),
            "n_duplicate_ids": duplicate.groupby(dated.date).sum(),
        }
    )
    n_no_timestamp = int(log.scored_at.isna().sum())
    days.loc[NO_DAY] = [n_no_timestamp, n_no_timestamp, 0, 0]
    return days.astype(int).rename_axis("profile_date").sort_index()


def _rows(log: pd.DataFrame, offset: int, n: int) -> pd.DataFrame:
    """`n` rows of day `offset`."""
    return log[log.scored_at.dt.date == pd.Timestamp(day(offset)).date()].head(n).copy()


def _copies(log: pd.DataFrame, of_day: int, on_day: int, n: int, skip: int = 0) -> pd.DataFrame:
    """`n` rows of day `on_day` that carry prediction ids of day `of_day` (exact copies when the
    days are the same), from its row `skip` on."""
    source = _rows(log, of_day, skip + n).iloc[skip:]
    rows = _rows(log, on_day, n)
    return rows.assign(prediction_id=source.prediction_id.to_numpy())


def _without(rows: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows with `column` null."""
    return rows.assign(**{column: pd.NaT if column == "scored_at" else None})


def _logs() -> dict[str, pd.DataFrame]:
    """early: days 0..13 with bad rows in old days; arrivals: late rows of day 13 and day 14,
    with the night's bad rows; junk: rows written into old days 5 and 8 after the first build,
    which a run that read beyond its plan would count."""
    log = prediction_log(days=NIGHT + 1, rows_per_day=40)[
        ["prediction_id", "scored_at", "score", "lognormal_f"]
    ]
    log["prediction_id"] = log.prediction_id.astype(object)
    offset = (log.scored_at - pd.Timestamp(START)).dt.days
    no_day = _without(_rows(log, 3, 3), "scored_at")
    early = pd.concat(
        [
            log[offset < FIRST],
            _rows(log, FIRST, 20),
            _without(_rows(log, 2, 2), "prediction_id"),  # no id
            _rows(log, 2, 1),  # a copy on the same day
            _copies(log, 4, 6, 2),  # copies 2 days later: counted
            _copies(log, 0, 6, 1, skip=5),  # a copy 6 days later: beyond the bound
            no_day,
        ]
    )
    arrivals = pd.concat(
        [
            _rows(log, FIRST, 40).iloc[20:],  # the late half of day 13
            _without(_rows(log, FIRST, 1), "prediction_id"),  # a late row of day 13 without id
            log[offset == NIGHT],
            _without(_rows(log, NIGHT, 2), "prediction_id"),
            _rows(log, NIGHT, 1),  # a copy on the same day
            _copies(log, 11, NIGHT, 2, skip=3),  # 3 days back, before the plan: counted
            _copies(log, 10, NIGHT, 1, skip=3),  # 4 days back, read but beyond the bound
            _without(_rows(log, 7, 2), "scored_at"),  # rows without a timestamp
        ]
    )
    junk = pd.concat(
        [
            _without(_rows(log, 5, 2), "prediction_id"),
            _rows(log, 5, 1),
            _copies(log, 3, 5, 1, skip=7),
            _without(_rows(log, READ_FROM - 1, 1), "prediction_id"),  # the day before the read
            _rows(log, READ_FROM - 1, 2),
        ]
    )
    return {"early": early, "arrivals": arrivals, "junk": junk}


@dataclass
class Nightly:
    warehouse: Warehouse
    project: Project
    logs: dict[str, pd.DataFrame]
    first: pd.DataFrame  # the table after the first build
    night: pd.DataFrame  # after the nightly run
    first_run: DbtRun
    night_run: DbtRun


def _table(warehouse: Warehouse) -> pd.DataFrame:
    frame = warehouse.table(TABLE)
    assert set(frame.model_id) == {"m"}
    frame["profile_date"] = pd.to_datetime(frame.profile_date).dt.date
    return frame.set_index("profile_date").sort_index()


def _append(warehouse: Warehouse, rows: pd.DataFrame, name: str) -> None:
    warehouse.load({"predictions": rows}, schema=name)
    raw, loaded = warehouse.schema_name("raw"), warehouse.schema_name(name)
    warehouse.execute(f"insert into {raw}.predictions select * from {loaded}.predictions")


@pytest.fixture(scope="module")
def nightly(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> Nightly:
    logs = _logs()
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    warehouse.load({"predictions": logs["early"]})
    project = Project(
        tmp_path_factory.mktemp("unusable"),
        warehouse,
        {"models": {"m": MODEL}},
        {"raw": ["predictions"]},
    )
    first_run = project.build(day(FIRST), *SELECT)
    first = _table(warehouse)
    _append(warehouse, logs["junk"], "junk")
    _append(warehouse, logs["arrivals"], "arrivals")
    night_run = project.build(day(NIGHT), *SELECT)
    return Nightly(warehouse, project, logs, first, _table(warehouse), first_run, night_run)


def _warning_count(run: DbtRun) -> int:
    output = run.text
    found = re.search(
        r"Warning in test retrain_gate_unusable_rows \(tests/retrain_gate_unusable_rows.sql\) "
        r"(?:[\d:]+ )?Got (\d+) results",
        output,
    )
    assert found is not None, output[-3000:]
    return int(found.group(1))


def test_a_full_build_counts_every_bad_row_within_the_bound(nightly: Nightly) -> None:
    expected = unusable_counts(nightly.logs["early"])
    pd.testing.assert_frame_equal(nightly.first[COLUMNS].astype(int), expected)
    # 3 without a timestamp, 2 without an id, 1 + 2 copies; the copy 6 days later is not
    assert expected[["n_no_timestamp", "n_no_id", "n_duplicate_ids"]].sum().tolist() == [3, 2, 3]
    assert _warning_count(nightly.first_run) == 3 + 2 + 3
    # with no bound, it is the count of every extra copy (copies - distinct ids)
    unbounded = unusable_counts(nightly.logs["early"], bound=10_000).n_duplicate_ids.sum()
    ids = nightly.logs["early"].dropna(subset=["scored_at"]).prediction_id.dropna()
    assert unbounded == len(ids) - ids.nunique() == 3 + 1


def test_the_nightly_run_counts_the_new_days_bad_rows(nightly: Nightly) -> None:
    # the same data without the junk of the old days: the night never reads them
    seen = pd.concat([nightly.logs["early"], nightly.logs["arrivals"]])
    expected = unusable_counts(seen)
    pd.testing.assert_frame_equal(nightly.night[COLUMNS].astype(int), expected)
    on_night = expected.loc[pd.Timestamp(day(NIGHT)).date()]
    # 2 without an id, a copy on the same day and 2 copies of day 11 (before the plan's start,
    # within the bound); the copy of day 10 is 4 days back: not counted
    assert (on_night.n_no_id, on_night.n_duplicate_ids) == (2, 1 + 2)
    assert expected.loc[pd.Timestamp(day(FIRST)).date()].n_no_id == 1  # a late row
    assert expected.loc[NO_DAY].n_no_timestamp == 3 + 2
    total = int(expected[["n_no_timestamp", "n_no_id", "n_duplicate_ids"]].sum().sum())
    assert total == 5 + (2 + 1 + 2) + (3 + 1 + 2)
    assert _warning_count(nightly.night_run) == total


def test_the_nightly_run_reads_only_its_plan(nightly: Nightly) -> None:
    # the junk would change the counts of days 5 and 8 if it were read
    everything = pd.concat(list(nightly.logs.values()))
    with_junk = unusable_counts(everything)
    for offset in (5, READ_FROM - 1):
        date = pd.Timestamp(day(offset)).date()
        assert (with_junk.loc[date] != nightly.night.loc[date, COLUMNS]).any(), offset
    # the rows of the days before the plan's start are those of the first build
    first_run = nightly.first.computed_at.max()
    rewritten = nightly.night[nightly.night.computed_at > first_run]
    assert sorted(rewritten.index) == [NO_DAY] + [
        pd.Timestamp(day(d)).date() for d in range(PLAN_START, NIGHT + 1)
    ]
    # and its SQL bounds the read: ids from duplicate_id_days before the plan's start
    path = next(Path(nightly.project.root, "target", "compiled").rglob(f"{TABLE}.sql"))
    compiled = " ".join(path.read_text().split())
    assert f">= cast('{day(READ_FROM)}' as" in compiled
    assert f"event_date >= cast('{day(PLAN_START)}' as date)" in compiled


def test_a_full_refresh_reads_everything_again(nightly: Nightly) -> None:
    run = nightly.project.build(day(NIGHT), *SELECT, "--full-refresh")
    expected = unusable_counts(pd.concat(list(nightly.logs.values())))
    pd.testing.assert_frame_equal(_table(nightly.warehouse)[COLUMNS].astype(int), expected)
    assert _warning_count(run) == int(
        expected[["n_no_timestamp", "n_no_id", "n_duplicate_ids"]].sum().sum()
    )
