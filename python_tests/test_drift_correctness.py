"""Every number the SQL computes, against numpy/scipy on the same rows, on DuckDB and Postgres.

Two monitored models read one synthetic log (python_tests/synthetic.py): `fixed_model` with a
fixed reference, coarse bins and two segment columns; `rolling_model` with a rolling reference
whose bin edges come from a sample of the reference.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import oracle
import pandas as pd
import pytest
from conftest import figures_only, make_warehouse
from harness import Project, Warehouse
from pg_server import ThrowawayPostgres
from synthetic import day, prediction_log

ENGINES = ["duckdb", "postgres", "spark", "snowflake"]

AS_OF = day(49)
TOLERANCE = 1e-9
EPSILON = 1e-4

FIXED: dict[str, Any] = {
    "relation": "source:raw.predictions",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "entity_id": "customer_id",
    "segments": ["channel", "region"],
    "score": "score",
    "features": {
        "numeric": ["normal_f", "lognormal_f", "count_f", "step_f"],
        "categorical": ["cat_f", "tier"],
    },
    "reference": {"start": day(0), "end": day(29)},
    "window_days": 7,
    "histogram_bins": 20,
    "drift_bins": 5,
    "top_categories": 5,
    "min_window_rows": 800,
    "min_reference_rows": 1000,
    "thresholds": {"by_feature": {"count_f": {"psi": {"warn": 0.05, "breach": 0.5}}}},
}
ROLLING: dict[str, Any] = {
    "relation": "source:raw.predictions",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "segments": ["channel"],
    "score": "score",
    "features": {"numeric": ["normal_f", "lognormal_f"], "categorical": ["cat_f", "tier"]},
    "reference": {"rolling_days": 14, "gap_days": 3},
    "window_days": 5,
    "edge_sample_rows": 1500,
}
SETTINGS = {"fixed_model": FIXED, "rolling_model": ROLLING}


def _with_tier(log: pd.DataFrame) -> pd.DataFrame:
    """A second categorical feature, tier, whose values are also cat_f's names (c00, c01 and,
    from day 40, c11, which tier's reference never saw), with 5% nulls: a model's categorical
    features are counted in one scan, each against its own reference categories."""
    rng = np.random.default_rng(17)
    n = len(log)
    offset = (log.scored_at - pd.Timestamp(day(0))).dt.days.to_numpy()
    tier = rng.choice(["c00", "c01", "gold"], n, p=[0.5, 0.3, 0.2]).astype(object)
    tier[(offset >= 40) & (rng.random(n) < 0.1)] = "c11"
    tier[rng.random(n) < 0.05] = None
    return log.assign(tier=tier)


@pytest.fixture(scope="module")
def built(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> tuple[Warehouse, pd.DataFrame]:
    log = _with_tier(prediction_log())
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    warehouse.load({"predictions": log})
    project = Project(
        tmp_path_factory.mktemp("project"),
        warehouse,
        {"models": SETTINGS},
        {"raw": ["predictions"]},
    )
    project.build(AS_OF, *figures_only(engine))
    log["event_date"] = log["scored_at"].dt.date
    return warehouse, log


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).dt.date
    return frame


def _segments(model: dict[str, Any], log: pd.DataFrame) -> list[tuple[str, str, pd.Series]]:
    """(segment_name, segment_value, row mask) for '(all)' and every segment value."""
    found = [("(all)", "(all)", pd.Series(True, index=log.index))]
    for column in model["segments"]:
        for value in sorted(log[column].unique()):
            found.append((column, value, log[column] == value))
    return found


def _windows(model: dict[str, Any]) -> list[tuple[date, date, date, date]]:
    """(eval_date, window_start, reference_start, reference_end) of every evaluation date."""
    as_of = date.fromisoformat(AS_OF)
    window = model["window_days"]
    reference = model["reference"]
    if "start" in reference:
        first = date.fromisoformat(reference["end"]) + timedelta(days=1)
    else:
        first = date.fromisoformat(day(0)) + timedelta(
            days=reference["rolling_days"] + reference["gap_days"] + window - 1
        )
    found = []
    for offset in range((as_of - first).days + 1):
        eval_date = first + timedelta(days=offset)
        if "start" in reference:
            ref_start = date.fromisoformat(reference["start"])
            ref_end = date.fromisoformat(reference["end"])
        else:
            ref_end = eval_date - timedelta(days=window + reference["gap_days"])
            ref_start = ref_end - timedelta(days=reference["rolling_days"] - 1)
        found.append((eval_date, eval_date - timedelta(days=window - 1), ref_start, ref_end))
    return found


def test_fixed_reference_cuts_are_the_inverted_cdf_quantiles(
    built: tuple[Warehouse, pd.DataFrame],
) -> None:
    warehouse, log = built
    cuts = warehouse.query(
        "select feature, cut_value, quantile_level from "
        f"{warehouse.schema}.int_retrain_gate__reference_cuts where model_id = 'fixed_model' "
        "order by feature, cut_index"
    )
    reference = log[(log.event_date >= date(2024, 1, 1)) & (log.event_date <= date(2024, 1, 30))]
    for feature in ["normal_f", "lognormal_f", "count_f", "step_f", "score"]:
        expected_cuts, expected_levels = oracle.inverted_cdf_cuts(
            oracle.finite(reference[feature]), 20
        )
        got = cuts[cuts.feature == feature]
        np.testing.assert_array_equal(got.cut_value.to_numpy(dtype=float), expected_cuts)
        np.testing.assert_array_equal(got.quantile_level.to_numpy(dtype=int), expected_levels)
    # the constant reference of step_f has a single cut
    assert len(cuts[cuts.feature == "step_f"]) == 1


def test_sampled_cuts_come_from_about_edge_sample_rows_reference_values(
    built: tuple[Warehouse, pd.DataFrame],
) -> None:
    warehouse, log = built
    cuts = warehouse.query(
        "select feature, cut_value, sample_values, edges_start, edges_end from "
        f"{warehouse.schema}.int_retrain_gate__reference_cuts where model_id = 'rolling_model'"
    )
    _dates(cuts, "edges_start", "edges_end")
    assert set(cuts.edges_start) == {date(2024, 1, 1)} and set(cuts.edges_end) == {
        date(2024, 1, 14)
    }
    edge_rows = log[log.event_date <= date(2024, 1, 14)]
    for feature, rows in cuts.groupby("feature"):
        values = oracle.finite(edge_rows[feature])
        # a 1500 / 4200 sample: ~1500 values, ten standard deviations of slack
        assert 1200 < int(rows.sample_values.iloc[0]) < 1800, feature
        assert set(rows.cut_value.astype(float)) <= set(values), feature
        assert rows.cut_value.min() >= values.min() and rows.cut_value.max() <= values.max()


def test_reference_categories_are_the_top_k(built: tuple[Warehouse, pd.DataFrame]) -> None:
    warehouse, log = built
    bins = warehouse.query(
        f"select bin_index, bin_label from {warehouse.schema}.int_retrain_gate__reference_bins "
        "where model_id = 'fixed_model' and feature = 'cat_f' order by bin_index"
    )
    reference = log[log.event_date <= date(2024, 1, 30)]
    top = oracle.top_categories(reference.cat_f, 5)
    assert list(bins.bin_label) == [*top, "__other__", "__unseen__"]
    assert list(bins.bin_index) == [1, 2, 3, 4, 5, 6, 7]


def test_daily_profiles_match_numpy(built: tuple[Warehouse, pd.DataFrame]) -> None:
    warehouse, log = built
    profiles = _dates(
        warehouse.query(
            f"select * from {warehouse.schema}.int_retrain_gate__daily_feature_profile "
            "where model_id = 'fixed_model'"
        ),
        "profile_date",
    ).set_index(["profile_date", "segment_name", "segment_value", "feature"])
    checked = 0
    for profile_date in [date(2024, 1, 3), date(2024, 2, 10)]:
        day_rows = log[log.event_date == profile_date]
        for name, value, mask in _segments(FIXED, day_rows):
            rows = day_rows[mask]
            for feature in ["normal_f", "lognormal_f", "step_f", "score", "cat_f"]:
                got = profiles.loc[(profile_date, name, value, feature)]
                values = rows[feature] if feature == "cat_f" else oracle.finite(rows[feature])
                assert got.n_rows == len(rows)
                assert got.n_values == len(values)
                assert got.n_nulls == len(rows) - len(values)
                if feature != "cat_f":
                    assert abs(got.mean_value - values.mean()) < TOLERANCE * max(
                        1, abs(values.mean())
                    )
                    assert abs(got.variance - values.var(ddof=1)) < 1e-9 * max(1, values.var())
                    deviations = np.asarray(values, dtype=float) - np.mean(values)
                    for column, power in [("m3", 3), ("m4", 4)]:
                        expected = float(np.sum(deviations**power))
                        scale = max(1.0, float(np.sum(np.abs(deviations) ** power)))
                        assert abs(got[column] - expected) < 1e-9 * scale, (feature, column)
                    assert got.min_value == values.min() and got.max_value == values.max()
                checked += 1
    assert checked == 2 * 7 * 5


def _categorical_drift(
    key: tuple[Any, ...], feature_categories: pd.DataFrame, w_cat: list[Any], r_cat: list[Any]
) -> list[tuple[Any, ...]]:
    """psi, js_distance and linf of one categorical feature over the reference categories."""
    top = list(
        feature_categories[
            feature_categories.bin_index <= feature_categories.n_top_categories
        ].category
    )
    seen = set(feature_categories.category)
    k = len(top)
    p = oracle.shares(np.bincount(oracle.categorical_bins(w_cat, top, seen), minlength=k + 3)[1:])
    q = oracle.shares(np.bincount(oracle.categorical_bins(r_cat, top, seen), minlength=k + 3)[1:])
    n = (len(w_cat), len(r_cat), None)
    return [
        (*key, "psi", oracle.psi(p, q, EPSILON), *n),
        (*key, "js_distance", oracle.js_distance(p, q), *n),
        (*key, "linf", float(np.max(np.abs(p - q))), *n),
    ]


def _expected_drift(model_id: str, log: pd.DataFrame, warehouse: Warehouse) -> pd.DataFrame:
    """Every drift statistic of the model, computed in numpy/scipy on the stored bins."""
    model = SETTINGS[model_id]
    schema = warehouse.schema
    cuts = warehouse.query(
        "select feature, cut_value, quantile_level, histogram_bins "
        f"from {schema}.int_retrain_gate__reference_cuts "
        f"where model_id = '{model_id}' order by feature, cut_index"
    )
    categories = warehouse.query(
        "select feature, category, bin_index, n_top_categories "
        f"from {schema}.int_retrain_gate__reference_categories "
        f"where model_id = '{model_id}' order by bin_index"
    )
    drift_bins = model.get("drift_bins", 10)
    numeric = [*model["features"]["numeric"], "score"]
    rows = []
    frames = []
    for eval_date, window_start, ref_start, ref_end in _windows(model):
        reference = log[(log.event_date >= ref_start) & (log.event_date <= ref_end)]
        window = log[(log.event_date >= window_start) & (log.event_date <= eval_date)]
        frames += [
            ("window", eval_date, reference, name, value, window[mask])
            for name, value, mask in _segments(model, window)
        ]
        # span 'day': the evaluation day alone, whole population
        frames.append(
            ("day", eval_date, reference, "(all)", "(all)", window[window.event_date == eval_date])
        )
    for span, eval_date, reference, name, value, win_rows in frames:
        ref_rows = reference if name == "(all)" else reference[reference[name] == value]
        for feature in numeric:
            feature_cuts = cuts[cuts.feature == feature]
            u = feature_cuts.cut_value.to_numpy(dtype=float)
            drift_map = oracle.drift_bin_map(
                feature_cuts.quantile_level.to_numpy(dtype=int),
                int(feature_cuts.histogram_bins.iloc[0]),
                drift_bins,
            )
            w, r = oracle.finite(win_rows[feature]), oracle.finite(ref_rows[feature])
            p = oracle.shares(np.bincount(oracle.numeric_bins(w, u), minlength=len(u) + 2))
            q = oracle.shares(np.bincount(oracle.numeric_bins(r, u), minlength=len(u) + 2))
            pd_ = np.bincount(drift_map, weights=p, minlength=drift_bins + 2)
            qd = np.bincount(drift_map, weights=q, minlength=drift_bins + 2)
            key = (model_id, eval_date, span, name, value, feature)
            rows.append((*key, "psi", oracle.psi(pd_, qd, EPSILON), len(w), len(r), None))
            rows.append((*key, "js_distance", oracle.js_distance(pd_, qd), len(w), len(r), None))
            exact = oracle.exact_ks(w, r) if len(w) and len(r) else None
            rows.append((*key, "ks", oracle.binned_ks(p, q), len(w), len(r), exact))
        for feature in model["features"]["categorical"]:
            rows += _categorical_drift(
                (model_id, eval_date, span, name, value, feature),
                categories[categories.feature == feature],
                win_rows[feature].dropna().tolist(),
                ref_rows[feature].dropna().tolist(),
            )
    return pd.DataFrame(
        rows,
        columns=[
            "model_id",
            "eval_date",
            "span",
            "segment_name",
            "segment_value",
            "feature",
            "statistic",
            "expected",
            "expected_n_window",
            "expected_n_reference",
            "exact_ks",
        ],
    )


@pytest.mark.parametrize("model_id", ["fixed_model", "rolling_model"])
def test_drift_statistics_match_numpy_and_scipy(
    built: tuple[Warehouse, pd.DataFrame], model_id: str
) -> None:
    warehouse, log = built
    got = _dates(
        warehouse.query(
            f"select * from {warehouse.schema}.int_retrain_gate__feature_drift "
            f"where model_id = '{model_id}'"
        ),
        "eval_date",
    )
    expected = _expected_drift(model_id, log, warehouse)
    key = ["model_id", "eval_date", "span", "segment_name", "segment_value", "feature"]
    merged = expected.merge(got, on=[*key, "statistic"], how="outer", indicator=True)
    assert set(merged.span) == {"window", "day"}
    assert (merged._merge == "both").all(), merged[merged._merge != "both"][key].head()
    assert (merged.n_window == merged.expected_n_window).all()
    assert (merged.n_reference == merged.expected_n_reference).all()
    difference = (merged.value.astype(float) - merged.expected).abs()
    assert difference.max() < TOLERANCE, merged.loc[difference.idxmax()]
    ks = merged[merged.statistic == "ks"]
    # the binned statistic is a lower bound of the exact one, upper_bound an upper bound
    assert (ks.value.astype(float) <= ks.exact_ks + TOLERANCE).all()
    assert (ks.exact_ks <= ks.upper_bound.astype(float) + TOLERANCE).all()
    # with 100 fine bins the documented error is small where the samples are large
    if model_id == "rolling_model":
        large = ks[ks.n_window > 1000]
        assert (large.upper_bound.astype(float) - large.value.astype(float)).max() < 0.05


DEFAULT_THRESHOLDS = {
    "psi": (0.1, 0.25),
    "js_distance": (0.1, 0.2),
    "ks": (0.1, 0.2),
    "linf": (0.1, 0.2),
    "daily_psi": (0.1, 0.25),
}


def _expected_statuses(drift: pd.DataFrame) -> pd.DataFrame:
    """Status, first_breach_date and consecutive_days of fixed_model's signals, from the
    oracle's values, the configured thresholds and sample sizes, walking each series by date."""
    rows = []
    # the day's own psi is the signal daily_psi (psi's default thresholds, min_day_rows 200)
    daily = drift[(drift.span == "day") & (drift.statistic == "psi")].assign(statistic="daily_psi")
    judged = pd.concat([drift[drift.span == "window"], daily])
    for (feature, statistic, name, value), series in judged.groupby(
        ["feature", "statistic", "segment_name", "segment_value"]
    ):
        warn, breach = (
            (0.05, 0.5)
            if (feature, statistic) == ("count_f", "psi")
            else DEFAULT_THRESHOLDS[statistic]
        )
        minimum = 200 if statistic == "daily_psi" else 800
        first, streak = None, 0
        for row in series.sort_values("eval_date").itertuples():
            if row.expected_n_window < minimum or row.expected_n_reference < 1000:
                status = "insufficient_data"
            else:
                status = (
                    "breach" if row.expected >= breach else "warn" if row.expected >= warn else "ok"
                )
            first = (first or row.eval_date) if status == "breach" else None
            streak = streak + 1 if status == "breach" else 0
            segment = "all" if name == "(all)" else f"{name}={value}"
            rows.append((row.eval_date, feature, statistic, segment, status, first, streak))
    return pd.DataFrame(
        rows,
        columns=[
            "eval_date",
            "subject",
            "check_name",
            "segment",
            "expected_status",
            "expected_first_breach_date",
            "expected_consecutive_days",
        ],
    )


def test_signal_status_and_streaks_follow_thresholds_and_sample_sizes(
    built: tuple[Warehouse, pd.DataFrame],
) -> None:
    warehouse, log = built
    signals = _dates(warehouse.table("retrain_gate_signals"), "eval_date", "first_breach_date")
    fixed = signals[(signals.model_id == "fixed_model") & (signals.family == "drift")]
    expected = _expected_statuses(_expected_drift("fixed_model", log, warehouse))
    merged = fixed.merge(
        expected, on=["eval_date", "subject", "check_name", "segment"], how="outer"
    )
    assert len(merged) == len(fixed) == len(expected)
    assert (merged.status == merged.expected_status).all()
    assert (merged.consecutive_days == merged.expected_consecutive_days).all()
    breaches = merged[merged.status == "breach"]
    assert (breaches.first_breach_date == breaches.expected_first_breach_date).all()
    assert merged[merged.status != "breach"].first_breach_date.isna().all()
    # the data contain every status, a per-feature override and the injected drift
    assert set(merged.status) == {"ok", "warn", "breach", "insufficient_data"}
    count_psi = fixed[(fixed.subject == "count_f") & (fixed.check_name == "psi")]
    assert set(count_psi.warn_threshold) == {0.05} and set(count_psi.breach_threshold) == {0.5}
    last = fixed[(fixed.eval_date == date(2024, 2, 19)) & (fixed.segment == "all")]
    assert set(last[last.subject == "lognormal_f"].status) == {"breach"}
    # 15% of cat_f in two unseen categories: the PSI breaches, the L-infinity (0.15) warns
    cat_f = last[last.subject == "cat_f"].set_index("check_name").status
    assert cat_f["psi"] == "breach" and cat_f["linf"] == "warn"
    assert not ((fixed.subject == "normal_f") & (fixed.status == "breach")).any()


def test_new_categories_per_day_match_pandas(built: tuple[Warehouse, pd.DataFrame]) -> None:
    """int_retrain_gate__daily_new_categories of fixed_model's two categorical features, day by
    day, against pandas: the non-null values, those outside the feature's own reference
    categories, how many such categories, and the ten most frequent as "value (count)"."""
    warehouse, log = built
    schema = warehouse.schema
    known = warehouse.query(
        "select feature, category from "
        f"{schema}.int_retrain_gate__reference_categories where model_id = 'fixed_model'"
    )
    got = _dates(
        warehouse.query(
            "select profile_date, feature, n_values, n_new, n_new_categories, top_new_categories "
            f"from {schema}.int_retrain_gate__daily_new_categories where model_id = 'fixed_model'"
        ),
        "profile_date",
    ).set_index(["profile_date", "feature"])
    expected = []
    for feature in FIXED["features"]["categorical"]:
        seen = set(known[known.feature == feature].category)
        for profile_date, rows in log.groupby("event_date"):
            values = rows[feature].dropna()
            new = values[~values.isin(seen)].value_counts()
            ranked = sorted(new.items(), key=lambda item: (-item[1], item[0]))[:10]
            top = ", ".join(f"{category} ({n})" for category, n in ranked) or None
            expected.append((profile_date, feature, len(values), int(new.sum()), len(new), top))
    want = pd.DataFrame(
        expected,
        columns=["profile_date", "feature", "n_values", "n_new", "n_new_categories", "top"],
    ).set_index(["profile_date", "feature"])
    assert sorted(got.index) == sorted(want.index)
    got = got.loc[want.index]
    for column in ["n_values", "n_new", "n_new_categories"]:
        assert (got[column].astype(int) == want[column]).all(), column
    assert got.top_new_categories.where(got.top_new_categories.notna(), None).tolist() == (
        want.top.tolist()
    )
    # tier's c11 is new to tier though cat_f's reference has it
    assert (want.loc[(slice(None), "tier"), "n_new"] > 0).any()
