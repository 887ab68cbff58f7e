"""Ranking models (kind: ranking; docs/ranking.md): the verdicts and the figures on simulated
search logs whose truth is known (python_tests/ranking_oracle.py), on DuckDB: 100 queries of 8
results a day for 90 days, labels maturing in 7 days, the reference days 0..39, and from day
60:
  * quiet (three seeds): no outcome check may breach and no verdict may be retrain;
  * behaviour: searchers prefer the less popular results: the model's order is worse at the
    same inputs, NDCG falls (ranking_quality), and the model is retrained;
  * stale: the popularity feature stopped updating for 30% of queries (new intents): NDCG falls
    too, but the feature's nulls say why: fix_data naming x2, never retrain;
  * decoupled: clicks, the proxy, stop leading to purchases, its target, while the ranking
    holds: proxy_alignment breaches and the verdict is fix_labels, never retrain.
The figures on every engine: python_tests/test_outcome_correctness.py.
"""

from __future__ import annotations

import pytest
from conftest import make_warehouse
from harness import Warehouse
from kind_scenario import assert_quiet
from pg_server import ThrowawayPostgres
from ranking_oracle import (
    Design,
    Scenario,
    assert_position_calibration,
    assert_ranking_profile,
    assert_ranking_quality,
    build,
    signals_of,
)

QUIET_SEEDS = [61, 62, 63]
DESIGN = Design(rows_per_day=800, reference_days=40, shift_day=60, last_day=89, maturity_days=7)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres) -> Warehouse:
    return make_warehouse("duckdb", tmp_path_factory, pg_server)


@pytest.fixture(scope="module")
def scenario(warehouse: Warehouse, tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    stories = {f"quiet_{seed}": (seed, "quiet") for seed in QUIET_SEEDS}
    stories.update({"behaviour": (71, "behaviour"), "stale": (72, "stale")})
    stories.update({"decoupled": (74, "decoupled")})
    return build(warehouse, tmp_path_factory.mktemp("ranking"), DESIGN, stories)


def test_the_figures_match_sklearn(warehouse: Warehouse, scenario: Scenario) -> None:
    for model_id, eval_day in [("behaviour", 70), ("behaviour", DESIGN.last_day), ("quiet_61", 80)]:
        assert_ranking_quality(scenario, model_id, eval_day)
        assert_position_calibration(scenario, model_id, eval_day)
    assert_ranking_profile(warehouse, scenario, "stale")


def test_quiet_models_stay_quiet(scenario: Scenario) -> None:
    quiet = [f"quiet_{seed}" for seed in QUIET_SEEDS]
    assert_quiet(scenario, quiet)
    # and the ranking checks were judged: quiet because they held, not for want of data
    s = scenario.signals
    ranking = s[
        s.model_id.isin(quiet) & s.check_name.isin(["ranking_quality", "position_calibration"])
    ]
    judged = ranking[ranking.status != "insufficient_data"]
    assert len(judged) >= 2 * len(quiet) * 30, len(judged)


def test_a_change_of_behaviour_is_retrained(scenario: Scenario) -> None:
    d = scenario.decisions
    behaviour = d[d.model_id == "behaviour"].set_index("eval_day").verdict
    assert set(behaviour[behaviour.index < DESIGN.shift_day]) == {"healthy"}
    assert behaviour[DESIGN.last_day] == "retrain"
    quality = signals_of(scenario, "behaviour", "ranking_quality", DESIGN.last_day).iloc[0]
    assert quality.status == "breach" and quality.value < quality.baseline - 0.05, quality.detail


def test_a_stale_feature_is_fixed_not_retrained(scenario: Scenario) -> None:
    d = scenario.decisions
    stale = d[d.model_id == "stale"].set_index("eval_day")
    assert "retrain" not in set(stale.verdict)
    assert stale.verdict[DESIGN.last_day] == "fix_data"
    assert "x2" in stale.reason[DESIGN.last_day]
    # the ranking did get worse: the verdict is about why
    quality = signals_of(scenario, "stale", "ranking_quality", DESIGN.last_day).iloc[0]
    assert quality.status == "breach", quality.detail


def test_a_proxy_that_decoupled_is_fixed_in_the_labels(scenario: Scenario) -> None:
    d = scenario.decisions
    decoupled = d[d.model_id == "decoupled"].set_index("eval_day").verdict
    assert "retrain" not in set(decoupled)
    assert decoupled[DESIGN.last_day] == "fix_labels"
    proxy = signals_of(scenario, "decoupled", "proxy_alignment", DESIGN.last_day).iloc[0]
    assert proxy.status == "breach", proxy.detail
    quality = signals_of(scenario, "decoupled", "ranking_quality", DESIGN.last_day).iloc[0]
    assert quality.status == "ok", quality.detail
