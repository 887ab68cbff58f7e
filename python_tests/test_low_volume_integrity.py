"""Integrity at any volume: a model scoring 150 predictions a day (min_day_rows 200) has its
day-level checks judged on pools of the trailing days (macro pooled_days), here 2 days, and
its breakages caught from the day they start: a null rate going 5% -> 30%, a category the
reference never saw in 12% of rows. Its quiet twin, from the same generator, is judged on
(nearly) every date and never told to fix its data. Every pooled number against pandas on
exactly the pooled rows (window_start .. window_end)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import oracle
import pandas as pd
import pytest
from conftest import make_warehouse
from harness import Project, Warehouse
from pg_server import ThrowawayPostgres
from synthetic import START, day

DAYS = 50  # a fixed reference of 30 days, then 20 evaluation dates
ROWS_PER_DAY = 150
MIN_DAY_ROWS = 200  # the default
WINDOW_DAYS = 7  # the default
NULLS_FROM = 38  # amount: 5% nulls, then 30%
UNSEEN_FROM = 40  # kind: a category the reference never saw in 12% of rows
AS_OF = day(DAYS - 1)
TOLERANCE = 1e-9


def low_volume_log(seed: int, broken: bool) -> pd.DataFrame:
    """DAYS days of exactly ROWS_PER_DAY predictions of 200 recurring customers; `broken` adds
    the two breakages, drawn from the same random numbers as the quiet twin's."""
    rng = np.random.default_rng(seed)
    n = DAYS * ROWS_PER_DAY
    offset = np.repeat(np.arange(DAYS), ROWS_PER_DAY)
    scored_at = pd.to_datetime(START) + pd.to_timedelta(
        offset * 86_400 + rng.integers(0, 86_400, n), unit="s"
    )
    amount = rng.lognormal(3.0, 0.5, n)
    null_draw = rng.random(n)
    amount[null_draw < np.where(broken & (offset >= NULLS_FROM), 0.30, 0.05)] = np.nan
    zipf = 1.0 / np.arange(1, 7)
    kind = rng.choice([f"k{i}" for i in range(6)], n, p=zipf / zipf.sum()).astype(object)
    unseen_draw = rng.random(n)
    if broken:
        kind[(offset >= UNSEEN_FROM) & (unseen_draw < 0.12)] = "brand_new"
    return pd.DataFrame(
        {
            "prediction_id": [f"p{seed}-{i:06d}" for i in range(n)],
            "scored_at": scored_at,
            "customer_id": [f"c{e:03d}" for e in rng.integers(0, 200, n)],
            "channel": rng.choice(["web", "app"], n),
            "score": rng.random(n),
            "amount": amount,
            "visits": rng.poisson(4.0, n).astype(float),
            "kind": kind,
        }
    )


def _model(table: str) -> dict[str, object]:
    return {
        "relation": f"source:raw.{table}",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "entity_id": "customer_id",
        "segments": ["channel"],
        "score": "score",
        "features": {"numeric": ["amount", "visits"], "categorical": ["kind"]},
        "reference": {"start": day(0), "end": day(29)},
    }


@pytest.fixture(scope="module")
def built(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> tuple[Warehouse, dict[str, pd.DataFrame]]:
    logs = {"broken": low_volume_log(7, broken=True), "quiet": low_volume_log(8, broken=False)}
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    warehouse.load(logs)
    project = Project(
        tmp_path_factory.mktemp("low_volume"),
        warehouse,
        {"models": {name: _model(name) for name in logs}},
        {"raw": list(logs)},
    )
    project.build(AS_OF)
    for log in logs.values():
        log["event_date"] = log.scored_at.dt.date
    return warehouse, logs


def _dated(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("eval_date", "window_start", "window_end", "first_breach_date", "started_on"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def _signals(warehouse: Warehouse) -> pd.DataFrame:
    return _dated(warehouse.table("retrain_gate_signals"))


def _signal(signals: pd.DataFrame, model_id: str, check: str, subject: str) -> pd.DataFrame:
    rows = signals[
        (signals.model_id == model_id)
        & (signals.check_name == check)
        & (signals.subject == subject)
        & (signals.segment == "all")
    ]
    return rows.set_index("eval_date").sort_index()


def _pooled(log: pd.DataFrame, start: date, end: date) -> pd.DataFrame:
    return log[(log.event_date >= start) & (log.event_date <= end)]


def _days(row: pd.Series) -> int:
    return (row.window_end - row.window_start).days + 1


def _eval_dates() -> list[date]:
    first = date.fromisoformat(day(30))
    return [first + timedelta(days=i) for i in range(DAYS - 30)]


def test_null_spike_pools_two_days_and_breaches_from_the_first_day(
    built: tuple[Warehouse, dict[str, pd.DataFrame]],
) -> None:
    warehouse, logs = built
    spike = _signal(_signals(warehouse), "broken", "null_spike", "amount")
    assert list(spike.index) == _eval_dates()
    breakage = date.fromisoformat(day(NULLS_FROM))
    for eval_date, row in spike.iterrows():
        # 150 rows a day: one day is short of 200, two hold 300
        assert row.window_end == eval_date and _days(row) == 2, (eval_date, row.window_start)
        pool = _pooled(logs["broken"], row.window_start, row.window_end)
        reference = _pooled(logs["broken"], date.fromisoformat(day(0)), date.fromisoformat(day(29)))
        assert int(row.n_window) == len(pool) == 2 * ROWS_PER_DAY
        assert row.value == pytest.approx(pool.amount.isna().mean(), abs=TOLERANCE)
        assert row.baseline == pytest.approx(reference.amount.isna().mean(), abs=TOLERANCE)
        assert f"(pooled {row.window_start}..{row.window_end})" in row.detail
        if eval_date >= breakage:
            assert row.status == "breach" and row.first_breach_date == breakage, row.detail
        else:
            assert row.status in ("ok", "warn"), row.detail
    # the first breaching date pools the last healthy day with the first broken one
    first = spike.loc[breakage]
    assert 0.1 < first.value < 0.25 and spike.loc[date.fromisoformat(AS_OF)].value > 0.2


def test_unseen_categories_are_caught_on_their_pool(
    built: tuple[Warehouse, dict[str, pd.DataFrame]],
) -> None:
    warehouse, logs = built
    unseen = _signal(_signals(warehouse), "broken", "unseen_categories", "kind")
    breakage = date.fromisoformat(day(UNSEEN_FROM))
    for eval_date, row in unseen.iterrows():
        assert _days(row) == 2
        pool = _pooled(logs["broken"], row.window_start, row.window_end)
        assert int(row.n_window) == len(pool)
        assert row.value == pytest.approx((pool.kind == "brand_new").mean(), abs=TOLERANCE)
        if eval_date >= breakage:
            assert row.status == "breach" and row.first_breach_date == breakage, row.detail
            assert "brand_new" in row.detail
        else:
            assert row.status == "ok" and row.value == 0


def test_every_pool_is_the_fewest_trailing_days_holding_min_day_rows(
    built: tuple[Warehouse, dict[str, pd.DataFrame]],
) -> None:
    """In every segment (a channel holds about 75 rows a day: 3-day pools): the pool holds
    min_day_rows rows, one day fewer would not; null_spike counts its rows, scale_shift the
    values among them (the same pool), both against pandas on the pooled rows."""
    warehouse, logs = built
    signals = _signals(warehouse)
    checks = signals[
        signals.check_name.isin(["null_spike", "scale_shift"]) & (signals.subject == "amount")
    ]
    spans = set()
    for row in checks.itertuples():
        log = logs[str(row.model_id)]
        if row.segment != "all":
            column, value = str(row.segment).split("=")
            log = log[log[column] == value]
        pool = _pooled(log, row.window_start, row.window_end)
        shorter = _pooled(log, row.window_start + timedelta(days=1), row.window_end)
        days = (row.window_end - row.window_start).days + 1
        assert (len(pool) >= MIN_DAY_ROWS > len(shorter)) or days == WINDOW_DAYS
        reference = log[log.event_date <= date.fromisoformat(day(29))]
        if row.check_name == "null_spike":
            assert int(row.n_window) == len(pool)
            expected = pool.amount.isna().mean()
        else:
            assert int(row.n_window) == pool.amount.count()
            expected = pool.amount.std(ddof=1) / reference.amount.std(ddof=1)
        assert row.value == pytest.approx(expected, rel=TOLERANCE)
        assert (row.status == "insufficient_data") == (row.n_window < MIN_DAY_ROWS)
        spans.add((row.segment == "all", days))
    assert {days for whole, days in spans if whole} == {2}
    assert {days for whole, days in spans if not whole} >= {3}
    # one pool per feature: both checks name the same days
    starts = checks.pivot_table(
        index=["model_id", "eval_date", "segment"],
        columns="check_name",
        values="window_start",
        aggfunc="first",
    )
    assert (starts.null_spike == starts.scale_shift).all()


def test_daily_psi_pools_the_same_days(built: tuple[Warehouse, dict[str, pd.DataFrame]]) -> None:
    warehouse, logs = built
    for model_id in ("broken", "quiet"):
        daily = _signal(_signals(warehouse), model_id, "daily_psi", "visits")
        assert list(daily.index) == _eval_dates()
        for _, row in daily.iterrows():
            assert _days(row) == 2 and row.status != "insufficient_data"
            pool = _pooled(logs[model_id], row.window_start, row.window_end)
            assert int(row.n_window) == pool.visits.count()
            assert f"(pooled {row.window_start}..{row.window_end})" in row.detail


def test_the_broken_input_wins_the_verdict(
    built: tuple[Warehouse, dict[str, pd.DataFrame]],
) -> None:
    warehouse, _ = built
    decisions = _dated(warehouse.table("retrain_gate_decisions"))
    broken = decisions[decisions.model_id == "broken"].set_index("eval_date").sort_index()
    assert list(broken.index) == _eval_dates()
    for eval_date, row in broken.iterrows():
        if eval_date >= date.fromisoformat(day(NULLS_FROM)):
            # the unseen category also drifts kind (psi, linf): the broken input still wins
            assert row.verdict == "fix_data" and "amount" in row.reason, (eval_date, row.reason)
            assert row.started_on == date.fromisoformat(day(NULLS_FROM))
        else:
            assert row.verdict != "fix_data", (eval_date, row.reason)
    kind = broken.loc[broken.index >= date.fromisoformat(day(UNSEEN_FROM))]
    assert kind.evidence.str.contains("fix_data: unseen_categories kind [all]", regex=False).all()


def test_the_quiet_twin_is_judged_and_never_told_to_fix_its_data(
    built: tuple[Warehouse, dict[str, pd.DataFrame]],
) -> None:
    warehouse, _ = built
    signals = _signals(warehouse)
    integrity = signals[
        (signals.model_id == "quiet") & (signals.family == "integrity") & (signals.segment == "all")
    ]
    assert set(integrity.check_name) == oracle.INTEGRITY_CHECKS
    judged = integrity.groupby("check_name").status.apply(
        lambda s: (s != "insufficient_data").mean()
    )
    assert (judged > 0.95).all(), judged
    assert not (integrity.status == "breach").any(), integrity[integrity.status == "breach"].detail
    decisions = warehouse.table("retrain_gate_decisions")
    quiet = decisions[decisions.model_id == "quiet"]
    assert len(quiet) == len(_eval_dates()) and not (quiet.verdict == "fix_data").any()
