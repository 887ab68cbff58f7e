"""Multiclass models (kind: multiclass; docs/multiclass.md): the verdicts and the figures on
simulated intent-router logs whose truth is known (python_tests/multiclass_oracle.py), on
DuckDB: 400 predictions a day for 90 days, labels maturing in 7 days, the reference days
0..39, and from day 60:
  * quiet (three seeds): no outcome check may breach and no verdict may be retrain;
  * prior: sales becomes three times as likely at the same predictions: the target changed,
    sales labels outgrow sales probabilities (class_prior_shift), and the model is retrained;
  * mix: more billing predictions, still calibrated: the inputs and the predicted classes
    drift, billing labels grow with billing probabilities: no_retrain, never retrain;
  * new_label: 15% of the labels name a class the model does not know: class_prior_shift
    breaches on '(other)';
  * concept: tech stops depending on x2: the tech probability no longer ranks tech messages,
    the macro one-vs-rest AUC falls (class_discrimination), and the model is retrained.
The figures on every engine: python_tests/test_outcome_correctness.py.
"""

from __future__ import annotations

import pytest
from conftest import make_warehouse
from kind_scenario import assert_quiet
from multiclass_oracle import (
    CLASSES,
    Design,
    Scenario,
    assert_class_calibration,
    assert_class_discrimination,
    assert_class_prior_shift,
    assert_top_class_figures,
    build,
    signals_of,
)
from pg_server import ThrowawayPostgres

QUIET_SEEDS = [81, 82, 83]
DESIGN = Design(rows_per_day=400, reference_days=40, shift_day=60, last_day=89, maturity_days=7)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres) -> Scenario:
    warehouse = make_warehouse("duckdb", tmp_path_factory, pg_server)
    stories = {f"quiet_{seed}": (seed, "quiet") for seed in QUIET_SEEDS}
    stories.update(
        {"prior": (91, "prior"), "mix": (92, "mix"), "concept": (94, "concept")}
        | {"new_label": (95, "new_label")}
    )
    return build(warehouse, tmp_path_factory.mktemp("multiclass"), DESIGN, stories)


def test_the_figures_match_sklearn(scenario: Scenario) -> None:
    for model_id, eval_day in [("prior", 70), ("prior", DESIGN.last_day), ("quiet_81", 80)]:
        assert_top_class_figures(scenario, model_id, eval_day)
        assert_class_prior_shift(scenario, model_id, eval_day)
        assert_class_discrimination(scenario, model_id, eval_day)
        assert_class_calibration(scenario, model_id, eval_day)
    assert_class_discrimination(scenario, "concept", DESIGN.last_day)
    assert_class_calibration(scenario, "concept", DESIGN.last_day)
    assert_class_prior_shift(scenario, "new_label", DESIGN.last_day)


def test_each_class_probability_and_the_predicted_class_are_profiled(scenario: Scenario) -> None:
    s = scenario.signals
    features = set(s[(s.model_id == "mix") & (s.check_name == "psi")].subject)
    assert features == {"x1", "x2", "top_class_probability", "predicted_class"} | {
        f"p_{name}" for name in CLASSES
    }


def test_quiet_models_stay_quiet(scenario: Scenario) -> None:
    assert_quiet(scenario, [f"quiet_{seed}" for seed in QUIET_SEEDS])


def test_a_target_that_changed_is_retrained(scenario: Scenario) -> None:
    d = scenario.decisions
    prior = d[d.model_id == "prior"].set_index("eval_day").verdict
    assert set(prior[prior.index < DESIGN.shift_day]) == {"healthy"}
    assert prior[DESIGN.last_day] == "retrain"
    # the verdict names the class whose labels moved beyond the probabilities
    shift = signals_of(scenario, "prior", "class_prior_shift", DESIGN.last_day).iloc[0]
    assert shift.status == "breach" and "class sales:" in shift.detail
    reason = scenario.decisions.set_index(["model_id", "eval_day"]).reason["prior", DESIGN.last_day]
    # (class_calibration, which breaches on the same day, names it first: its band 6)
    assert "class sales" in reason


def test_a_population_shift_is_not_retrained(scenario: Scenario) -> None:
    d = scenario.decisions
    mix = d[d.model_id == "mix"].set_index("eval_day").verdict
    assert "retrain" not in set(mix)
    assert mix[DESIGN.last_day] == "no_retrain"
    # billing labels grew with billing probabilities: no class moved beyond them
    s = scenario.signals
    shifts = s[(s.model_id == "mix") & (s.check_name == "class_prior_shift")]
    assert "breach" not in set(shifts.status)


def test_classes_told_apart_worse_are_retrained(scenario: Scenario) -> None:
    s = scenario.signals
    check = s[(s.model_id == "concept") & (s.check_name == "class_discrimination")]
    last = check.set_index("eval_day").loc[DESIGN.last_day]
    assert last.status == "breach" and "fell most: tech" in last.detail
    assert "breach" not in set(check[check.eval_day < DESIGN.shift_day].status)
    d = scenario.decisions
    concept = d[d.model_id == "concept"].set_index("eval_day").verdict
    assert concept[DESIGN.last_day] == "retrain"
    # nor does the check breach where the classes are told apart as before
    quiet = s[s.model_id.str.startswith("quiet") & (s.check_name == "class_discrimination")]
    assert "breach" not in set(quiet.status)


def test_labels_naming_no_class_are_a_class_prior_shift(scenario: Scenario) -> None:
    shift = signals_of(scenario, "new_label", "class_prior_shift", DESIGN.last_day).iloc[0]
    assert shift.status == "breach" and "class (other):" in shift.detail
    s = scenario.signals
    before = s[(s.model_id == "new_label") & (s.eval_day < DESIGN.shift_day)]
    assert "breach" not in set(before[before.family == "outcome"].status)
