"""retrain_gate_decisions as an audit trail, and the gates: on a log whose features break one
after another (synthetic.integrity_log), nightly runs append one decision a night with the
verdict of the break; the fix_data gate fails the build unless configured to warn. Reruns,
backfills, `--full-refresh` and interrupted runs are in test_history.py. On DuckDB, Postgres and
Snowflake (the emulator)."""

from __future__ import annotations

import itertools
from typing import Any

import pandas as pd
import pytest
from conftest import make_warehouse
from harness import Project, Warehouse
from pg_server import ThrowawayPostgres
from synthetic import day, healthy_log, integrity_log, logged_model

ENGINES = ["duckdb", "postgres", "snowflake"]

MODEL = logged_model({"numeric": ["steady", "sticky"], "categorical": ["kind"]}, min_day_rows=100)
# sticky's entities stop changing from day 28: stale_entities, fix_data, from then on. Three
# nights: a first run, a healthy night appended, the night of the break appended (test_history
# runs the nightly append for 8 to 14 nights; these nights run it as a scheduler's `dbt build` does)
NIGHTS = [day(d) for d in range(26, 29)]


def _decisions(warehouse: Warehouse) -> pd.DataFrame:
    frame = warehouse.table("retrain_gate_decisions")
    frame["eval_date"] = pd.to_datetime(frame["eval_date"]).dt.date
    # nulls as None whatever dtype pandas picked (an all-null column comes back untyped)
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.sort_values(["model_id", "eval_date"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def history(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> dict[str, Any]:
    log = integrity_log()
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    warehouse.load({"predictions": log})
    project = Project(
        tmp_path_factory.mktemp("decisions"),
        warehouse,
        {"models": {"m": MODEL}},
        {"raw": ["predictions"]},
    )
    after: dict[str, pd.DataFrame] = {}
    for night in NIGHTS:
        project.build(night)
        after[night] = _decisions(warehouse)

    # a gate at its default severity (error) fails the build on fix_data
    project.write_config({"models": {"m": MODEL}, "gates": {"fix_data": "error"}})
    failing = project.dbt("test", "--vars", f"{{retrain_gate_as_of: '{NIGHTS[-1]}'}}")
    project.write_config({"models": {"m": MODEL}, "gates": {"fix_data": "off"}})
    off = project.dbt("test", "--vars", f"{{retrain_gate_as_of: '{NIGHTS[-1]}'}}")
    return {
        "after": after,
        "failing": failing,
        "off": off,
    }


def test_each_night_appends_its_date_and_keeps_the_rows_before(history: dict[str, Any]) -> None:
    after = history["after"]
    first = after[NIGHTS[0]]
    # the first run decides every evaluation date up to the as-of date
    assert first.eval_date.min() == pd.Timestamp(day(20)).date()
    assert first.eval_date.max() == pd.Timestamp(NIGHTS[0]).date()
    for previous, night in itertools.pairwise(NIGHTS):
        now = after[night]
        assert len(now) == len(after[previous]) + 1
        assert now.eval_date.max() == pd.Timestamp(night).date()
        kept = now[now.eval_date < pd.Timestamp(night).date()]
        pd.testing.assert_frame_equal(kept, after[previous], check_dtype=False)  # same invocations


def test_the_verdicts_follow_the_break(history: dict[str, Any]) -> None:
    final = history["after"][NIGHTS[-1]].set_index("eval_date")
    assert final.loc[pd.Timestamp(day(27)).date(), "verdict"] == "healthy"
    broken = final.loc[pd.Timestamp(day(28)).date()]
    assert broken.verdict == "fix_data"
    assert broken.reason_code == "fix_data.stale_entities"
    assert "sticky" in broken.reason and day(28) in broken.reason
    assert "stale_entities sticky [all]" in broken.evidence


def test_the_fix_data_gate_fails_the_build_unless_turned_off(history: dict[str, Any]) -> None:
    failing = history["failing"]
    assert not failing.ok
    assert "FAIL 1 retrain_gate_gate_fix_data" in failing.output
    off = history["off"]
    assert off.ok, off.output[-3000:]
    assert "PASS retrain_gate_gate_fix_data" in off.output


CAMPAIGN_DAYS = (32, 33)  # no event annotates them


@pytest.fixture(scope="module")
def campaign(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> pd.DataFrame:
    """A healthy log in which, on two days only, `amount` comes from another population (a
    campaign nobody annotated): the 7-day window sees it for 7 days, the days themselves for 2."""
    log = healthy_log(seed=4, days=45)
    offset = (log.scored_at - pd.Timestamp(day(0))).dt.days
    campaign_days = offset.isin(CAMPAIGN_DAYS)
    log.loc[campaign_days, "amount"] = log.loc[campaign_days, "amount"] + 150.0
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    warehouse.load({"predictions": log})
    model = {
        "relation": "source:raw.predictions",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "score": "score",
        "features": {"numeric": ["amount", "visits"], "categorical": ["kind"]},
        "reference": {"start": day(0), "end": day(24)},
        "min_day_rows": 100,
    }
    project = Project(
        tmp_path_factory.mktemp("campaign"),
        warehouse,
        {"models": {"m": model}},
        {"raw": ["predictions"]},
    )
    project.build(day(44))
    return _decisions(warehouse).set_index("eval_date")


def test_a_two_day_shift_is_held_while_in_the_window_then_healthy(campaign: pd.DataFrame) -> None:
    first, last = CAMPAIGN_DAYS
    verdicts = campaign.verdict
    in_window = [pd.Timestamp(day(d)).date() for d in range(first, last + 7)]
    after = [pd.Timestamp(day(d)).date() for d in range(last + 7, 45)]
    before = [pd.Timestamp(day(d)).date() for d in range(25, first)]
    # while both shifted days are in the window it breaches: hold, never a lasting verdict (the
    # first day alone moves the window less: a day's own breach qualifies window breaches only)
    both_in_window = in_window[1:-1]
    assert set(verdicts[before]) == {"healthy"}
    assert set(verdicts[both_in_window]) == {"hold"}, verdicts[in_window]
    assert set(verdicts[in_window]) <= {"hold", "healthy"}
    assert set(verdicts[after]) == {"healthy"}, verdicts[after]
    held = campaign[campaign.verdict == "hold"]
    assert held.reason_code.str.startswith("transient.").all()
    assert held.reason.str.contains("amount").all()
