"""The false-alarm budget on quiet simulated models, in `make test`: a small seeded subset of
`make calibrate` (calibration/run.py, docs/operating_characteristics.md), on real verdicts of
one build of eight quiet models (calibration.simulate: weekly seasonality in volume and in one
feature, a stable segment mix, nulls, overrides and a proxy at stable rates, labels drawn from
the calibrated probability). DuckDB only: the statistics are engine-independent, and their
correctness is tested on every engine elsewhere."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_warehouse
from harness import Project
from pg_server import ThrowawayPostgres

from calibration.simulate import (
    MATURITY_DAYS,
    REFERENCE_DAYS,
    TOTAL_DAYS,
    WINDOW_DAYS,
    LogSpec,
    calendar_day,
    model_config,
    prediction_log,
    with_text_categoricals,
)

ENGINES = ["duckdb"]
DAYS = REFERENCE_DAYS + 90
#: Eight quiet models, all ending on the same as-of date. z_1500_p30: ~1,500 predictions a day
#: and 30% positives, followed longer, for the spread of the discrimination z_score; rank_*:
#: uncalibrated scores (p**3 of the calibrated probability: O/E per band far from 1, stable);
#: rank_100_p01: that score at 1% prevalence and 100 a day, so heavy-tailed (kurtosis ~2,000)
#: that a 2-day pool's sd is below a fifth of the reference's on most dates (scale_shift);
#: rnk_2000_p10: a ranking model (lists of 10, graded relevance): ranking_quality and
#: position_calibration must stay quiet too.
SPECS = [
    LogSpec("z_1500_p30", 1_500, 0.3, True, days=REFERENCE_DAYS + 240, seed=11),
    LogSpec("rank_1500_p30", 1_500, 0.3, False, days=DAYS, seed=12),
    LogSpec("cal_1000_p10", 1_000, 0.1, True, days=DAYS, seed=13),
    LogSpec("rank_1000_p40", 1_000, 0.4, False, days=DAYS, seed=14),
    LogSpec("cal_2000_p05", 2_000, 0.05, True, days=DAYS, seed=15),
    LogSpec("cal_500_p10", 500, 0.1, True, days=DAYS, seed=16),
    LogSpec("rank_100_p01", 100, 0.01, False, days=DAYS, seed=17),
    LogSpec("rnk_2000_p10", 2_000, 0.1, True, days=DAYS, seed=18, kind="ranking"),
]
UNCALIBRATED = "rank_1500_p30"
RANKER = "rnk_2000_p10"
Z_MODEL = "z_1500_p30"
FALSE_ALARMS = {"retrain", "fix_data", "fix_labels"}


@pytest.fixture(scope="module")
def results(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> dict[str, pd.DataFrame]:
    warehouse = make_warehouse(engine, tmp_path_factory, pg_server)
    warehouse.load({s.name: with_text_categoricals(prediction_log(s)) for s in SPECS})
    project = Project(
        tmp_path_factory.mktemp("false_alarms"),
        warehouse,
        {"models": {s.name: model_config(s) for s in SPECS}},
        {"raw": [s.name for s in SPECS]},
    )
    project.build(calendar_day(TOTAL_DAYS - 1).isoformat())
    decisions = warehouse.table("retrain_gate_decisions")
    signals = warehouse.query(
        f"select model_id, eval_date, check_name, subject, status, z_score "
        f"from {warehouse.schema}.retrain_gate_signals "
        "where segment = 'all' and check_name in "
        "('discrimination', 'calibration', 'ranking_quality', 'position_calibration')"
    )
    # per model and date: the outcome checks of the whole population, and those judged
    outcomes = warehouse.query(
        f"select model_id, eval_date, count(*) as n_checks, "
        f"sum(case when status = 'insufficient_data' then 0 else 1 end) as n_judged "
        f"from {warehouse.schema}.retrain_gate_signals "
        "where segment = 'all' and family = 'outcome' group by model_id, eval_date"
    )
    return {"decisions": decisions, "signals": signals, "outcomes": outcomes}


def _judged(decisions: pd.DataFrame) -> pd.DataFrame:
    """The dates that count: every evaluation date (the day after the reference to the as-of
    date) except those whose verdict is insufficient_data (nothing could be judged)."""
    return decisions[decisions.verdict != "insufficient_data"]


def test_every_model_was_decided_on_every_date(results: dict[str, pd.DataFrame]) -> None:
    decisions = results["decisions"]
    dates = decisions.groupby("model_id").eval_date.nunique()
    assert dates.to_dict() == {s.name: s.days - REFERENCE_DAYS for s in SPECS}


def test_no_false_alarm_and_healthy_on_95_percent(results: dict[str, pd.DataFrame]) -> None:
    decisions = results["decisions"]
    alarms = decisions[decisions.verdict.isin(FALSE_ALARMS)]
    assert alarms.empty, alarms[["model_id", "eval_date", "verdict", "reason_code", "reason"]]
    judged = _judged(decisions)
    assert len(judged) >= 0.95 * len(decisions)
    healthy = (judged.verdict == "healthy").mean()
    others = judged[judged.verdict != "healthy"].groupby(["model_id", "reason_code"]).size()
    assert healthy >= 0.95, others


def test_an_uncalibrated_but_steady_score_is_healthy(results: dict[str, pd.DataFrame]) -> None:
    decisions = _judged(results["decisions"])
    mine = decisions[decisions.model_id == UNCALIBRATED]
    calibration = results["signals"]
    calibration = calibration[
        (calibration.model_id == UNCALIBRATED) & (calibration.check_name == "calibration")
    ]
    judged_calibration = calibration[calibration.status != "insufficient_data"]
    assert not judged_calibration.empty  # its bands were judged
    breach_dates = judged_calibration[judged_calibration.status == "breach"].eval_date.nunique()
    assert breach_dates <= 0.05 * judged_calibration.eval_date.nunique(), breach_dates
    assert (mine.verdict == "healthy").mean() >= 0.95, mine.verdict.value_counts()


def test_the_auc_noise_is_estimated_honestly(results: dict[str, pd.DataFrame]) -> None:
    """Over the quiet dates of a model with ~1,500 predictions a day and 30% positives, the
    discrimination z_score spreads like a standard normal: neither overconfident (sd well
    above 1: false alarms) nor timid (sd well below 1: lost power). Consecutive windows
    overlap, so the bounds are wide."""
    signals = results["signals"]
    z = signals[
        (signals.model_id == Z_MODEL)
        & (signals.check_name == "discrimination")
        & (signals.status != "insufficient_data")
    ].z_score.astype(float)
    # dates from the reference end + window + maturity on: about 240 - 13
    assert len(z) >= 240 - WINDOW_DAYS - MATURITY_DAYS - 7
    assert 0.6 <= z.std() <= 1.5, z.describe()
    assert abs(z.mean()) <= 0.7, z.describe()


def test_a_healthy_reason_says_when_only_the_inputs_could_be_judged(
    results: dict[str, pd.DataFrame],
) -> None:
    """Healthy on a date whose outcome checks all lacked matured labels is said to be healthy
    on the inputs only; with an outcome judged, it is nothing notable. Here those dates are each
    model's first WINDOW_DAYS + MATURITY_DAYS - 1, before a window of matured labels is full."""
    decisions, outcomes = (
        results[name].assign(eval_date=lambda f: pd.to_datetime(f.eval_date).dt.date)
        for name in ("decisions", "outcomes")
    )
    both = decisions.merge(outcomes, on=["model_id", "eval_date"], how="left", validate="1:1")
    healthy = both[both.verdict == "healthy"]
    inputs_only = (healthy.n_checks > 0) & (healthy.n_judged == 0)
    said = healthy[inputs_only].reason
    pattern = (
        r"Healthy on the inputs; none of the \d+ outcome checks of the whole population could "
        r"be judged \(\w+ on .*\); a change of the target would not show yet\.$"
    )
    assert said.str.match(pattern).all(), said.iloc[0]
    assert (healthy[~inputs_only].reason == "Healthy: nothing notable.").all()
    first_dates = both.groupby("model_id").eval_date.min()
    unjudged = healthy[inputs_only].groupby("model_id").eval_date.agg(["min", "count"])
    span = WINDOW_DAYS + MATURITY_DAYS - 1
    assert unjudged["count"].to_dict() == {spec.name: span for spec in SPECS}
    assert (unjudged["min"] == first_dates[unjudged.index]).all()


def test_a_quiet_ranker_is_judged_and_never_breaches(results: dict[str, pd.DataFrame]) -> None:
    """The ranking checks of the quiet ranker were judged on its dates with a full outcome
    window (not left at insufficient_data) and never breached."""
    signals = results["signals"]
    for check in ("ranking_quality", "position_calibration"):
        rows = signals[(signals.model_id == RANKER) & (signals.check_name == check)]
        judged = rows[rows.status != "insufficient_data"]
        assert len(judged) >= 90 - WINDOW_DAYS - MATURITY_DAYS, (check, len(judged))
        assert "breach" not in set(judged.status), judged[judged.status == "breach"]
