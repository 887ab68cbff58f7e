"""Hostile inputs (issue 6): nulls in every column kind, a feature null all window, scores
outside [0, 1], negative losses, an empty window, a day without rows, a one-row window, a
constant reference, 100,000 distinct categories, duplicate prediction ids and timestamps with
a time zone. Each case is its own model in one project (python_tests/hostile_data.py), built
once per engine; each test checks the documented outcome against pandas on the same rows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import make_warehouse
from harness import Project, Warehouse
from hostile_data import AS_OF, MODELS, hostile_logs, loaded, tz_table_sql
from pg_server import ThrowawayPostgres
from synthetic import day

#: Spark in `make test-spark` (RETRAIN_GATE_TEST_ENGINES=spark): a Spark build of these eleven
#: models takes ten minutes of a 2-core run.
ENGINES = ["duckdb", "postgres", "snowflake"]

LAST = 19  # the as-of date's day index
WINDOW = [17, 18, 19]  # its drift window
OUTCOME_WINDOW = [15, 16, 17]  # its outcome window: moved back by maturity_days (2)
REFERENCE = range(10)
DRIFT = ["psi", "daily_psi", "js_distance", "ks", "linf"]
DAILY_TABLES = [
    "int_retrain_gate__daily_feature_profile",
    "int_retrain_gate__daily_feature_histogram",
    "int_retrain_gate__daily_outcome_profile",
    "int_retrain_gate__daily_trust_profile",
    "int_retrain_gate__daily_entity_staleness",
    "int_retrain_gate__daily_new_categories",
    "int_retrain_gate__daily_unusable_rows",
]
JUDGED = {"ok", "warn", "breach"}


@dataclass
class Built:
    warehouse: Warehouse
    output: str  # dbt build's log, whitespace folded
    logs: dict[str, pd.DataFrame]
    signals: pd.DataFrame
    bands: pd.DataFrame


@pytest.fixture(scope="module")
def built(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> Built:
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    logs = hostile_logs()
    needed = _tables_of(MODELS)
    tables = {name: t for name, t in loaded(logs).items() if name in needed}
    # loaded before the time zone changes: Spark reads naive pandas times in the session's zone
    warehouse.load(tables)
    # a session time zone far from UTC: the day of a timestamptz must not depend on it
    if engine == "duckdb":
        warehouse.output["settings"] = {"TimeZone": "Asia/Kolkata"}
    elif engine == "spark":
        warehouse.spark.conf.set("spark.sql.session.timeZone", "Asia/Kolkata")
    elif engine == "postgres":
        warehouse.execute(
            f"alter database {warehouse.output['dbname']} set timezone to 'Asia/Kolkata'"
        )
    # Snowflake (the emulator) has no session time zone to move: every session runs in UTC. The
    # +05:00 offsets kept in t_tz's TIMESTAMP_TZ values are what the day must not depend on.
    raw = warehouse.schema_name("raw")
    warehouse.execute(
        tz_table_sql(logs, raw, "timestamp" if engine == "spark" else "timestamp with time zone")
    )
    project = Project(
        tmp_path_factory.mktemp("hostile_inputs"),
        warehouse,
        {"models": MODELS},
        {"raw": [*tables, "t_tz"]},
    )
    try:
        run = project.build(AS_OF)
    finally:
        if engine == "spark":  # the session is the whole test run's
            warehouse.spark.conf.set("spark.sql.session.timeZone", "UTC")
    signals = warehouse.table("retrain_gate_signals")
    signals["eval_date"] = pd.to_datetime(signals.eval_date)
    bands = warehouse.table("retrain_gate_band_outcomes")
    bands["eval_date"] = pd.to_datetime(bands.eval_date)
    return Built(warehouse, run.text, logs, signals, bands)


def _tables_of(models: dict[str, dict[str, Any]]) -> set[str]:
    """The raw tables the models read (t_tz is made in the warehouse from t_tz_text)."""
    tables = {str(entry["relation"]).split(".")[1] for entry in models.values()}
    return tables | ({"t_tz_text"} if "t_tz" in tables else set())


def _staged(log: pd.DataFrame) -> pd.DataFrame:
    """The rows staging keeps: those with a timestamp and a prediction id."""
    return log[log.scored_at.notna() & log.prediction_id.notna()]


def _missing(values: pd.Series) -> pd.Series:
    """Null, NaN or +/-infinity: not a value (numeric columns); null (text columns)."""
    if not pd.api.types.is_numeric_dtype(values):
        return values.isna()
    return ~np.isfinite(values.astype(float))


def _signals(built: Built, model_id: str, eval_day: int = LAST) -> pd.DataFrame:
    s = built.signals
    return s[(s.model_id == model_id) & (s.eval_date == pd.Timestamp(day(eval_day)))]


def _signal(
    built: Built,
    model_id: str,
    check: str,
    subject: str,
    eval_day: int = LAST,
    segment: str = "all",
) -> pd.Series:
    s = _signals(built, model_id, eval_day)
    rows = s[(s.check_name == check) & (s.subject == subject) & (s.segment == segment)]
    assert len(rows) == 1, (model_id, check, subject, segment, len(rows))
    return rows.iloc[0]


def _bands(built: Built, model_id: str) -> pd.DataFrame:
    b = built.bands
    rows = b[(b.model_id == model_id) & (b.segment == "all")]
    return rows[rows.eval_date == pd.Timestamp(AS_OF)].sort_values("band")


def _decision(built: Built, model_id: str) -> pd.Series:
    """The model's decision on the as-of date."""
    decisions = built.warehouse.table("retrain_gate_decisions")
    rows = decisions[
        (decisions.model_id == model_id)
        & (pd.to_datetime(decisions.eval_date) == pd.Timestamp(AS_OF))
    ]
    assert len(rows) == 1, (model_id, len(rows))
    return rows.iloc[0]


def _in_band(score: pd.Series, band: pd.Series) -> pd.Series:
    lower = -np.inf if pd.isna(band.band_lower) else band.band_lower
    upper = np.inf if pd.isna(band.band_upper) else band.band_upper
    return (score > lower) & (score <= upper)


def test_rows_without_timestamp_or_id_are_left_out_and_counted(built: Built) -> None:
    """Staging leaves out rows without a timestamp (no day) or a prediction id; the warning
    test retrain_gate_unusable_rows counts them, and the extra copies of duplicate ids."""
    nulls = built.logs["t_nulls"]
    staged = built.warehouse.query(
        "select model_id, count(*) as n from "
        f"{built.warehouse.schema}.stg_retrain_gate__predictions group by model_id"
    ).set_index("model_id")["n"]
    assert int(staged["m_nulls"]) == len(_staged(nulls)) == 2000 - 40 - 40
    assert int(staged["m_dups"]) == len(built.logs["t_dups"]) == 2100

    # the daily counts the test sums, per model and problem: every copy of an id lies within
    # duplicate_id_days of another, so a full build counts each extra copy
    counted = (
        built.warehouse.query(
            "select model_id, sum(n_no_timestamp) as no_timestamp, sum(n_no_id) as no_id, "
            "sum(n_duplicate_ids) as duplicates from "
            f"{built.warehouse.schema}.int_retrain_gate__daily_unusable_rows group by model_id"
        )
        .set_index("model_id")
        .astype(int)
    )
    expected = 0
    for model_id, entry in MODELS.items():
        table = entry["relation"].split(".")[1]
        log = built.logs["t_tz_text" if table == "t_tz" else table]
        with_time = log[log.scored_at.notna()]
        ids = with_time.prediction_id.dropna()
        problems = [
            int(log.scored_at.isna().sum()),
            int(with_time.prediction_id.isna().sum()),
            len(ids) - ids.nunique(),
        ]
        expected += sum(problems)
        assert counted.loc[model_id].tolist() == problems, model_id
    assert expected == 40 + 40 + 100
    found = re.search(
        r"Warning in test retrain_gate_unusable_rows \(tests/retrain_gate_unusable_rows.sql\) "
        r"(?:[\d:]+ )?Got (\d+) results",
        built.output,
    )
    assert found is not None, built.output[-3000:]
    assert int(found.group(1)) == expected

    for table in DAILY_TABLES:
        n = built.warehouse.query(
            f"select count(*) as n from {built.warehouse.schema}.{table} where profile_date is null"
        )
        assert int(n.n.iloc[0]) == 0, table


def test_nulls_in_every_column_kind_count_as_documented(built: Built) -> None:
    staged = _staged(built.logs["t_nulls"])
    last, reference = staged[staged.day == LAST], staged[staged.day.isin(REFERENCE)]
    for feature in ["amount", "kind", "score"]:
        s = _signal(built, "m_nulls", "null_spike", feature)
        assert s.value == pytest.approx(_missing(last[feature]).mean(), abs=1e-12)
        assert s.baseline == pytest.approx(_missing(reference[feature]).mean(), abs=1e-12)
        assert int(s.n_window) == len(last) == 96
        assert s.status == "ok"
    assert int(np.isinf(last.score).sum()) == 4  # infinite scores count as missing

    # a null segment value is the segment '(missing)'
    window = staged[staged.day.isin(WINDOW)]
    missing = _signal(built, "m_nulls", "override_rate", "overrides", segment="channel=(missing)")
    assert int(missing.n_window) == int(window.channel.isna().sum()) == 30
    # a null override flag counts as not overridden, among all the window's predictions
    overrides = _signal(built, "m_nulls", "override_rate", "overrides")
    assert int(overrides.n_window) == len(window)
    assert overrides.value == pytest.approx((window.overridden == 1).sum() / len(window))

    # a null label is no label (label_coverage), among the matured predictions with a score
    matured = staged[staged.day.isin(OUTCOME_WINDOW) & ~_missing(staged.score)]
    coverage = _signal(built, "m_nulls", "label_coverage", "model")
    assert int(coverage.n_window) == len(matured)
    assert coverage.value == pytest.approx(matured.label.notna().mean(), abs=1e-12)
    # a null loss leaves the prediction out of the loss ratios only
    bands = _bands(built, "m_nulls")
    labelled = matured[matured.label.notna()]
    assert int(bands.n_labelled.sum()) == len(labelled)
    assert int(bands.n_loss.sum()) == int(labelled.loss.notna().sum())
    assert bands.n_loss.sum() < bands.n_labelled.sum()


def test_a_feature_null_all_window_breaches_null_spike_and_drift_waits(built: Built) -> None:
    for feature in ["gone", "gone_cat"]:
        spike = _signal(built, "m_nulls", "null_spike", feature)
        assert (spike.value, spike.baseline, spike.status) == (1.0, 0.0, "breach")
        for check in ["psi", "js_distance", "ks" if feature == "gone" else "linf"]:
            s = _signal(built, "m_nulls", check, feature)
            assert (s.status, int(s.n_window)) == ("insufficient_data", 0)
    for check in ["scale_shift", "frozen_values"]:
        s = _signal(built, "m_nulls", check, "gone")
        assert s.status == "insufficient_data" and s.detail == "fewer than two values on the day"
    # null everywhere: no rise, so null_spike is ok; nothing else can be judged
    never = _signals(built, "m_nulls")
    never = never[(never.subject == "never") & (never.segment == "all")]
    spike = never[never.check_name == "null_spike"].iloc[0]
    assert (spike.value, spike.baseline, spike.status) == (1.0, 1.0, "ok")
    assert set(never[never.check_name != "null_spike"].status) == {"insufficient_data"}

    last = _decision(built, "m_nulls")
    assert (last.verdict, last.reason_code) == ("fix_data", "fix_data.null_spike")
    assert "null rate 100.0% vs 0.0% in the reference (since 2024-01-18)" in last.reason


def test_scores_outside_0_1_keep_exact_bands_and_calibration_waits(built: Built) -> None:
    staged = _staged(built.logs["t_range"])
    window = staged[staged.day.isin(OUTCOME_WINDOW)]
    reference = staged[staged.day.isin(REFERENCE)]
    bands = _bands(built, "m_range")
    assert len(bands) == 4 and bands.band_upper.iloc[0] < 0 < 1 < bands.band_lower.iloc[3]
    unusable = 0
    for _, band in bands.iterrows():
        rows = window[_in_band(window.score, band)]
        assert int(band.n_labelled) == len(rows)
        assert int(band.n_positive) == int(rows.label.sum())
        assert band.sum_score == pytest.approx(rows.score.sum(), rel=1e-9)
        assert band.sum_score_sq == pytest.approx((rows.score**2).sum(), rel=1e-9)
        ref = reference[_in_band(reference.score, band)]
        # judged as a change of O/E (the default): only expected positives not above 0 make it
        # meaningless; sum p (1 - p) matters only to calibration: absolute
        not_probabilities = min(rows.score.sum(), ref.score.sum())
        s = _signal(built, "m_range", "calibration", f"band {band.band}")
        if not_probabilities <= 0:
            unusable += 1
            assert s.status == "insufficient_data"
            assert s.detail.endswith("calibration needs scores in [0, 1]")
        else:
            assert s.status in JUDGED
            assert s.value == pytest.approx(rows.label.sum() / rows.score.sum(), rel=1e-9)
    assert unusable == 1  # the band below 0; the one above 1 keeps a steady O/E
    assert _signal(built, "m_range", "discrimination", "model").status in JUDGED


def test_negative_losses_keep_the_loss_ratio_formula(built: Built) -> None:
    staged = _staged(built.logs["t_negloss"])
    window = staged[staged.day.isin(OUTCOME_WINDOW)]
    reference = staged[staged.day.isin(REFERENCE)]
    negative = 0
    for _, band in _bands(built, "m_negloss").iterrows():
        rows = window[_in_band(window.score, band)]
        ratio = rows.loss.sum() / rows.exposure.sum()
        assert band.loss_ratio == pytest.approx(ratio, rel=1e-9)
        ref = reference[_in_band(reference.score, band)]
        assert band.reference_loss_ratio == pytest.approx(
            ref.loss.sum() / ref.exposure.sum(), rel=1e-9
        )
        shift = _signal(built, "m_negloss", "band_loss_shift", f"band {band.band}")
        if band.reference_loss_ratio <= 0:
            negative += 1
            assert shift.status == "insufficient_data"
            assert shift.detail.endswith("a rise factor needs a positive one")
        else:
            assert shift.status in JUDGED and shift.value == pytest.approx(ratio, rel=1e-9)
    assert negative == 1  # band 1: mostly refunds


def test_an_empty_window_is_insufficient_data_and_the_source_stale(built: Built) -> None:
    """Drift and trust signals are insufficient_data on 0 values; integrity has no day to
    judge; source_freshness counts the days since the newest row."""
    s = _signals(built, "m_stopped")
    drift = s[s.check_name.isin(DRIFT)]
    assert len(drift) > 0 and set(drift.status) == {"insufficient_data"}
    assert set(drift.n_window) == {0}
    # integrity judges the day's values: a day without rows has only source_freshness
    assert s[s.family == "integrity"].check_name.tolist() == ["source_freshness"]
    freshness = _signal(built, "m_stopped", "source_freshness", "m_stopped")
    assert (freshness.value, freshness.status) == (4.0, "breach")  # newest row on day 15
    segment_mix = _signal(built, "m_stopped", "segment_mix", "channel")
    assert (segment_mix.status, int(segment_mix.n_window)) == ("insufficient_data", 0)
    assert pd.isna(segment_mix.value)  # no shares in an empty window, so no PSI
    assert _decision(built, "m_stopped").reason_code == "fix_data.source_freshness"


def test_a_day_without_rows_has_no_integrity_finding_and_a_shorter_window(built: Built) -> None:
    log = _staged(built.logs["t_gap"])
    s = _signals(built, "m_gap", eval_day=15)
    assert s[s.family == "integrity"].check_name.tolist() == ["source_freshness"]
    before = _signals(built, "m_gap", eval_day=14)
    assert (before[before.check_name == "null_spike"].status == "ok").all()
    freshness = _signal(built, "m_gap", "source_freshness", "m_gap", eval_day=15)
    assert (freshness.value, freshness.status) == (1.0, "ok")
    psi = _signal(built, "m_gap", "psi", "amount", eval_day=15)  # window days 13..15
    assert int(psi.n_window) == int(log[log.day.isin([13, 14, 15])].amount.notna().sum()) == 200
    assert psi.status in JUDGED


def test_a_single_row_window_is_insufficient_data(built: Built) -> None:
    s = _signals(built, "m_single")
    for check, subject in [("psi", "amount"), ("js_distance", "kind"), ("ks", "amount")]:
        row = _signal(built, "m_single", check, subject)
        assert (row.status, int(row.n_window)) == ("insufficient_data", 1)
        assert row.detail == "too few values in the window: 1 (minimum 50)"
    judged = s[s.status != "insufficient_data"]
    assert judged.check_name.tolist() == ["source_freshness"]
    assert judged.value.tolist() == [0.0]
    # nothing breaches, but nothing could be judged either: not healthy
    decision = _decision(built, "m_single")
    assert (decision.verdict, decision.reason_code) == ("insufficient_data", "insufficient_data")
    assert int(decision.n_breaches) == 0 and pd.isna(decision.evidence)
    population = s[s.family.isin(["drift", "outcome"]) & (s.segment == "all")]
    examples = {f"{r.check_name} on {r.subject}: {r.detail}" for r in population.itertuples()}
    opening = f"Insufficient data: none of the {len(population)} drift and outcome checks"
    assert decision.reason.startswith(opening), decision.reason
    assert any(f"({example});" in decision.reason for example in examples), decision.reason


def test_a_model_without_reference_rows_is_insufficient_data(built: Built) -> None:
    """No reference rows, so no bins, bands or baselines: no drift or outcome check exists,
    and the model is not called healthy for it."""
    s = _signals(built, "m_noref")
    assert set(s.check_name) == {"source_freshness", "override_rate", "segment_mix"}
    assert set(s[s.family == "trust"].status) == {"insufficient_data"}
    decision = _decision(built, "m_noref")
    assert (decision.verdict, decision.reason_code) == ("insufficient_data", "insufficient_data")
    assert decision.reason.startswith(
        "Insufficient data: no drift or outcome check of the whole population was computed"
    ), decision.reason


def test_every_model_is_decided_on_every_evaluation_date(built: Built) -> None:
    decisions = built.warehouse.table("retrain_gate_decisions")
    counts = decisions.groupby("model_id").eval_date.nunique()
    assert counts.to_dict() == {model_id: 10 for model_id in MODELS}
    assert len(decisions) == 10 * len(MODELS)
    assert decisions.verdict.notna().all() and decisions.reason.notna().all()


def test_a_constant_reference_cannot_judge_spread_and_any_variation_drifts(built: Built) -> None:
    for check in ["scale_shift", "frozen_values"]:
        s = _signal(built, "m_constant", check, "amount")
        assert (s.status, s.detail) == ("insufficient_data", "the reference does not vary")
    js = _signal(built, "m_constant", "js_distance", "amount")
    assert (js.value, js.status) == (pytest.approx(1.0, abs=1e-12), "breach")
    log = _staged(built.logs["t_constant"])
    window = log[log.day.isin(WINDOW)]
    below = (window.amount < 5.0).mean()  # the window's mass on each side of the one value
    ks = _signal(built, "m_constant", "ks", "amount")
    assert ks.value == pytest.approx(max(below, 1 - below), abs=1e-12)


def test_100000_categories_stay_bounded_by_top_categories(built: Built) -> None:
    log = _staged(built.logs["t_many"])
    assert log.kind.nunique() > 100_000
    histogram = built.warehouse.query(
        "select profile_date, segment_value, count(*) as n from "
        f"{built.warehouse.schema}.int_retrain_gate__daily_feature_histogram "
        "where model_id = 'm_many' and feature = 'kind' group by profile_date, segment_value"
    )
    assert len(histogram) == 20 * 3 and int(histogram.n.max()) <= 20 + 2  # top 20, other, unseen

    reference = log[log.day.isin(REFERENCE)]
    counts = reference.kind.value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    top = {category for category, _ in ranked[:20]}
    catalog = built.warehouse.query(
        "select category, bin_index from "
        f"{built.warehouse.schema}.int_retrain_gate__reference_categories "
        "where model_id = 'm_many' and feature = 'kind'"
    )
    assert len(catalog) == len(counts)  # every reference category: the other/unseen boundary
    own_bins = catalog[catalog.bin_index != catalog.bin_index.max()]
    assert set(own_bins.category) == top

    last = log[log.day == LAST]
    unseen = _signal(built, "m_many", "unseen_categories", "kind")
    share = (~last.kind.isin(counts.index)).mean()
    assert unseen.value == pytest.approx(share, abs=1e-12)
    assert unseen.status == "breach"
    # linf over the category bins: the top 20, the other reference categories, the unseen
    window = log[log.day.isin(WINDOW)]
    p = window.kind.map(lambda v: v if v in top else "other" if v in counts else "unseen")
    q = reference.kind.map(lambda v: v if v in top else "other")
    p_b, q_b = p.value_counts(normalize=True), q.value_counts(normalize=True)
    linf = max(abs(p_b.get(b, 0.0) - q_b.get(b, 0.0)) for b in set(p_b.index) | set(q_b.index))
    assert _signal(built, "m_many", "linf", "kind").value == pytest.approx(linf, abs=1e-12)


def test_duplicate_ids_count_each_copy(built: Built) -> None:
    log = _staged(built.logs["t_dups"])
    trust = built.warehouse.query(
        "select profile_date, n_scored from "
        f"{built.warehouse.schema}.int_retrain_gate__daily_trust_profile "
        "where model_id = 'm_dups' and segment_name = '(all)' order by profile_date"
    )
    assert trust.n_scored.astype(int).tolist() == log.groupby("day").size().tolist()
    assert set(trust.n_scored.astype(int)) == {105}


def test_a_timestamptz_counts_on_its_utc_date(built: Built) -> None:
    log = built.logs["t_tz_text"]
    utc_days = log.groupby("day").size()
    local = pd.to_datetime(log.scored_at) + pd.Timedelta(hours=5, minutes=30)
    local_days = (local.dt.normalize() - pd.Timestamp(day(0))).dt.days.value_counts().sort_index()
    assert not local_days.equals(utc_days)  # the session's dates would differ
    trust = built.warehouse.query(
        "select profile_date, n_scored from "
        f"{built.warehouse.schema}.int_retrain_gate__daily_trust_profile "
        "where model_id = 'm_tz' and segment_name = '(all)' order by profile_date"
    )
    assert pd.to_datetime(trust.profile_date).tolist() == [
        pd.Timestamp(day(d)) for d in utc_days.index
    ]
    assert trust.n_scored.astype(int).tolist() == utc_days.tolist()
