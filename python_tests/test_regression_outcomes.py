"""Regression models (kind: regression; docs/regression.md): the verdicts and the figures on
simulated claim-cost logs whose truth is known (python_tests/regression_oracle.py), on DuckDB:
500 predictions a day for 140 days, labels maturing in 14 days, the reference days 0..59, and
from day 80:
  * quiet (four seeds): no check may breach and no verdict may be retrain;
  * level: costs x 1.3 at the same predictions: bias_shift breaches, the model is retrained;
  * noise: the same mean with twice the spread: error_growth breaches, bias_shift holds;
  * mix: the predictions grow by half and their errors with them: the raw MAE grows, but
    error_growth, judged against the MAE the reference's errors give the new mix, must not
    breach, and the model is not retrained.
The figures on every engine: python_tests/test_outcome_correctness.py.
"""

from __future__ import annotations

import pytest
from conftest import make_warehouse
from pg_server import ThrowawayPostgres
from regression_oracle import (
    WINDOW_DAYS,
    Design,
    Scenario,
    assert_band_checks,
    assert_model_checks,
    build,
    signals_of,
)

QUIET_SEEDS = [61, 62, 63, 64]
CHECKS = ["error_growth", "bias_shift", "calibration", "rank_order"]
LARGE = Design(rows_per_day=500, reference_days=60, shift_day=80, last_day=139, maturity_days=14)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres) -> Scenario:
    warehouse = make_warehouse("duckdb", tmp_path_factory, pg_server)
    stories = {f"quiet_{seed}": (seed, "quiet") for seed in QUIET_SEEDS}
    stories.update({"level": (71, "level"), "noise": (72, "noise"), "mix": (73, "mix")})
    return build(warehouse, tmp_path_factory.mktemp("regression"), LARGE, stories)


def test_the_figures_of_the_verdict_logs_match_too(scenario: Scenario) -> None:
    for eval_day in [100, LARGE.last_day]:
        assert_model_checks(scenario, "noise", eval_day)
    assert_band_checks(scenario, "quiet_62", LARGE.last_day)


def test_binary_only_checks_are_not_computed(scenario: Scenario) -> None:
    names = set(scenario.signals.check_name)
    assert "discrimination" not in names
    assert not any(name.startswith("estimated_") for name in names)


# ---------------------------------------------------------------------------------------------
# the verdicts


def test_quiet_models_stay_quiet(scenario: Scenario) -> None:
    s, d = scenario.signals, scenario.decisions
    for seed in QUIET_SEEDS:
        model_id = f"quiet_{seed}"
        rows = s[(s.model_id == model_id) & s.check_name.isin(CHECKS)]
        assert len(rows[rows.status != "insufficient_data"]) > 0, model_id
        assert (rows.status != "breach").all(), rows[rows.status == "breach"].detail.tolist()
        verdicts = set(d[d.model_id == model_id].verdict)
        assert "retrain" not in verdicts, (model_id, verdicts)


def test_a_target_that_changed_level_is_retrained(scenario: Scenario) -> None:
    s, d = scenario.signals, scenario.decisions
    bias = s[(s.model_id == "level") & (s.check_name == "bias_shift")]
    first = bias[bias.status == "breach"].eval_day.min()
    # the first outcome window that holds a shifted day matures at shift_day + maturity_days
    shifted = LARGE.shift_day + LARGE.maturity_days
    assert shifted <= first <= shifted + WINDOW_DAYS
    last = d[(d.model_id == "level") & (d.eval_day == LARGE.last_day)].iloc[0]
    assert last.verdict == "retrain", last.reason
    assert "model: O/E 1.3" in last.reason


def test_errors_that_grew_breach_error_growth_not_bias_shift(scenario: Scenario) -> None:
    s = scenario.signals
    growth = signals_of(scenario, "noise", "error_growth", LARGE.last_day).iloc[0]
    assert growth.status == "breach", growth.detail
    bias = s[(s.model_id == "noise") & (s.check_name == "bias_shift")]
    assert (bias.status != "breach").all()


def test_a_mix_of_larger_predictions_is_not_an_error_growth(scenario: Scenario) -> None:
    s, d = scenario.signals, scenario.decisions
    growth = s[(s.model_id == "mix") & (s.check_name == "error_growth")]
    late = growth[growth.eval_day == LARGE.last_day].iloc[0]
    reference_mae = float(late.detail.split("the reference: ")[1].split(")")[0])
    # the raw MAE grew by a third and more; against the mix it did not
    assert late.value > 1.3 * reference_mae
    assert (growth.status != "breach").all(), growth[growth.status == "breach"].detail.tolist()
    assert "retrain" not in set(d[d.model_id == "mix"].verdict)
