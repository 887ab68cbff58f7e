"""Every integrity check against pandas/numpy on the same rows, on DuckDB and Postgres, on a log
where each feature breaks in its own way (python_tests/synthetic.py, integrity_log): each break
is caught by its own check, on its feature, the day it starts, and nothing else breaches."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import oracle
import pandas as pd
import pytest
from conftest import make_warehouse
from harness import Project, Warehouse
from pg_server import ThrowawayPostgres
from synthetic import day, integrity_log, logged_model

ENGINES = ["duckdb", "postgres", "spark", "snowflake"]

AS_OF = day(41)  # the data ends on day 39: the source goes stale
TOLERANCE = 1e-9
NUMERIC = ["steady", "spiky", "cents", "constant_later", "sticky", "snapshot"]
MODEL = logged_model(
    {"numeric": NUMERIC, "categorical": ["kind"], "updated_at": {"sticky": "refreshed_at"}},
    min_day_rows=100,
)
# feature -> (check, first day of the break)
BREAKS = {
    "spiky": ("null_spike", 30),
    "cents": ("scale_shift", 32),
    "constant_later": ("frozen_values", 33),
    "sticky": ("stale_entities", 28),
    "snapshot": (
        "identical_histogram",
        37,
    ),  # day 34's values repeat from day 35: 3 days in a row on 37
    "kind": ("unseen_categories", 35),
}


@pytest.fixture(scope="module")
def built(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> tuple[Warehouse, pd.DataFrame]:
    log = integrity_log()
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    warehouse.load({"predictions": log})
    project = Project(
        tmp_path_factory.mktemp("integrity"),
        warehouse,
        {"models": {"m": MODEL}},
        {"raw": ["predictions"]},
    )
    project.build(AS_OF)
    log["event_date"] = log.scored_at.dt.date
    return warehouse, log


def _eval_dates() -> list[date]:
    first, last = date.fromisoformat(day(20)), date.fromisoformat(AS_OF)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _z(x1: float, n1: float, x2: float, n2: float) -> float | None:
    if n1 == 0 or n2 == 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return None if spread == 0 else (x1 / n1 - x2 / n2) / spread


def _previous_value_flags(log: pd.DataFrame, feature: str) -> pd.DataFrame:
    """compared / unchanged of every row against its entity's row before."""
    ordered = log.sort_values(["customer_id", "scored_at", "prediction_id"])
    values = ordered[feature]
    if pd.api.types.is_float_dtype(values):
        values = values.where(np.isfinite(values))
    previous = values.groupby(ordered.customer_id).shift(1)
    return pd.DataFrame(
        {
            "compared": (values.notna() & previous.notna()).astype(int),
            "unchanged": (values == previous).astype(int),
        },
        index=ordered.index,
    )


def _pooled_flags(
    flags: pd.DataFrame, log: pd.DataFrame, eval_date: date, name: str, value: str
) -> pd.DataFrame:
    """The flags of the fewest trailing days ending on eval_date whose comparisons reach
    min_day_rows, up to window_days (7): a day of 300 rows holds them, but from day 30 spiky
    is half null and compares fewer (macro pooled_days)."""
    rows = log if name == "(all)" else log[log[name] == value]
    for days in range(1, 8):
        first = eval_date - timedelta(days=days - 1)
        pooled = flags.loc[rows.index[(rows.event_date >= first) & (rows.event_date <= eval_date)]]
        if pooled.compared.sum() >= MODEL["min_day_rows"]:
            break
    return pooled


def _expected(log: pd.DataFrame) -> pd.DataFrame:
    """Every day-level check's value, baseline, z_score and samples, for each segment (each day
    holds min_day_rows rows, so only stale_entities of a feature with many nulls pools days)."""
    reference = log[log.event_date <= date.fromisoformat(day(19))]
    flags = {f: _previous_value_flags(log, f) for f in [*NUMERIC, "kind", "score"]}
    seen = set(reference.kind)
    rows = []
    for eval_date in _eval_dates():
        today = log[log.event_date == eval_date]
        if today.empty:
            continue
        for name, value in [("(all)", "(all)"), ("channel", "app"), ("channel", "web")]:
            t = today if name == "(all)" else today[today.channel == value]
            r = reference if name == "(all)" else reference[reference.channel == value]
            for feature in [*NUMERIC, "score", "kind"]:
                key = (eval_date, name, value, feature)
                nulls_t = int(t[feature].isna().sum())
                nulls_r = int(r[feature].isna().sum())
                rows.append(
                    (
                        *key,
                        "null_spike",
                        nulls_t / len(t),
                        nulls_r / len(r),
                        _z(nulls_t, len(t), nulls_r, len(r)),
                        len(t),
                        len(r),
                    )
                )
                f_t = _pooled_flags(flags[feature], log, eval_date, name, value)
                f_r = flags[feature].loc[r.index]
                rows.append(
                    (
                        *key,
                        "stale_entities",
                        f_t.unchanged.sum() / f_t.compared.sum() if f_t.compared.sum() else None,
                        f_r.unchanged.sum() / f_r.compared.sum(),
                        _z(
                            f_t.unchanged.sum(),
                            f_t.compared.sum(),
                            f_r.unchanged.sum(),
                            f_r.compared.sum(),
                        ),
                        int(f_t.compared.sum()),
                        int(f_r.compared.sum()),
                    )
                )
                if feature == "kind":
                    values = t.kind.dropna()
                    rows.append(
                        (
                            *key,
                            "unseen_categories",
                            float((~values.isin(seen)).mean()),
                            0.0,
                            None,
                            len(values),
                            None,
                        )
                    )
                    continue
                v_t, v_r = oracle.finite(t[feature]), oracle.finite(r[feature])
                ratio = np.std(v_t, ddof=1) / np.std(v_r, ddof=1) if len(v_t) > 1 else None
                scale_z = oracle.sd_ratio_z(v_t, v_r)
                rows.append((*key, "scale_shift", ratio, 1.0, scale_z, len(v_t), len(v_r)))
                rows.append((*key, "frozen_values", ratio, 1.0, None, len(v_t), len(v_r)))
    return pd.DataFrame(
        rows,
        columns=[
            "eval_date",
            "segment_name",
            "segment_value",
            "subject",
            "check_name",
            "expected",
            "expected_baseline",
            "expected_z",
            "expected_n_window",
            "expected_n_reference",
        ],
    )


def _checks(warehouse: Warehouse) -> pd.DataFrame:
    got = warehouse.query(f"select * from {warehouse.schema}.int_retrain_gate__integrity_checks")
    got["eval_date"] = pd.to_datetime(got.eval_date).dt.date
    return got


def _close(a: pd.Series, b: pd.Series) -> pd.Series:
    a, b = pd.to_numeric(a), pd.to_numeric(b)
    return (a.isna() & b.isna()) | ((a - b).abs() <= TOLERANCE * np.maximum(1, b.abs()))


def test_day_checks_match_pandas(built: tuple[Warehouse, pd.DataFrame]) -> None:
    warehouse, log = built
    got = _checks(warehouse)
    expected = _expected(log)
    key = ["eval_date", "segment_name", "segment_value", "subject", "check_name"]
    merged = expected.merge(got, on=key, how="left", validate="one_to_one")
    assert merged.value.notna().sum() > 0 and len(merged) == len(expected)
    for column, reference in [
        ("value", "expected"),
        ("baseline", "expected_baseline"),
        ("z_score", "expected_z"),
        ("n_window", "expected_n_window"),
        ("n_reference", "expected_n_reference"),
    ]:
        ok = _close(merged[column], merged[reference])
        assert ok.all(), merged.loc[~ok, [*key, column, reference]].head()


def test_identical_histogram_counts_repeated_days(built: tuple[Warehouse, pd.DataFrame]) -> None:
    warehouse, _ = built
    got = _checks(warehouse)
    repeats = got[got.check_name == "identical_histogram"].set_index(["subject", "eval_date"])
    # snapshot repeats day 34 from day 35: 1, 2, 3 ... days in a row; nothing repeated before
    for offset in range(20, 40):
        eval_date = date.fromisoformat(day(offset))
        for feature in [*NUMERIC, "kind", "score"]:
            expected = max(0, offset - 34) if feature == "snapshot" else 0
            if feature == "constant_later":  # one value every day from day 33: it repeats too
                expected = max(0, offset - 33)
            row = repeats.loc[(feature, eval_date)]
            assert row.value == expected, (feature, eval_date, row.value)
            assert row.baseline == 0


def test_source_freshness_counts_days_since_the_newest_row(
    built: tuple[Warehouse, pd.DataFrame],
) -> None:
    warehouse, _ = built
    got = _checks(warehouse)
    fresh = got[got.check_name == "source_freshness"].set_index(["subject", "eval_date"]).value
    for offset in range(20, 42):
        eval_date = date.fromisoformat(day(offset))
        assert fresh[("m", eval_date)] == max(0, offset - 39)
        # sticky's refreshed_at stops on day 27
        assert fresh[("sticky", eval_date)] == (offset - 27 if offset >= 28 else 0)


def test_each_break_is_caught_by_its_check_on_its_day(
    built: tuple[Warehouse, pd.DataFrame],
) -> None:
    warehouse, _ = built
    signals = warehouse.table("retrain_gate_signals")
    for column in ("eval_date", "first_breach_date"):
        signals[column] = pd.to_datetime(signals[column]).dt.date
    integrity = signals[(signals.family == "integrity") & (signals.segment == "all")]
    breaches = integrity[integrity.status == "breach"]
    expected_pairs = {(check, feature) for feature, (check, _) in BREAKS.items()}
    # one value every day also repeats each day and each entity; sticky's updates stop
    expected_pairs |= {
        ("identical_histogram", "constant_later"),
        ("stale_entities", "constant_later"),
        ("source_freshness", "sticky"),
    }
    assert set(zip(breaches.check_name, breaches.subject, strict=True)) == expected_pairs
    for feature, (check, start) in BREAKS.items():
        rows = breaches[(breaches.check_name == check) & (breaches.subject == feature)]
        assert rows.first_breach_date.min() == date.fromisoformat(day(start)), (feature, check)
        assert rows.eval_date.max() == date.fromisoformat(day(39)), (feature, check)
    # the source's last rows are 2 days old on the as-of date: a warning, not yet a breach
    source = integrity[(integrity.check_name == "source_freshness") & (integrity.subject == "m")]
    assert source.set_index("eval_date").status[date.fromisoformat(AS_OF)] == "warn"
    # the as-of date's sentence: a table's rows come in no set order (Spark's partitioned one)
    cents = breaches[breaches.subject == "cents"].sort_values("eval_date").detail.iloc[-1]
    assert "a unit-like change (x100)" in cents and "since " + day(32) in cents


def test_healthy_feature_has_no_finding(built: tuple[Warehouse, pd.DataFrame]) -> None:
    warehouse, _ = built
    signals = warehouse.table("retrain_gate_signals")
    steady = signals[(signals.family == "integrity") & (signals.subject == "steady")]
    assert len(steady) > 0 and set(steady.status) <= {"ok", "insufficient_data"}
