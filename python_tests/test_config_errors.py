"""A config mistake stops dbt with one message naming the monitored model, the key (or column)
and the fix. Structural mistakes fail at parse time; column mistakes when the staging model
is compiled, before anything is built."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import make_warehouse
from harness import Project
from pg_server import ThrowawayPostgres
from synthetic import day, prediction_log

ENGINES = ["duckdb", "postgres"]  # and Spark in `make test-spark`

VALID: dict[str, Any] = {
    "relation": "source:raw.predictions",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "segments": ["channel"],
    "score": "score",
    "features": {"numeric": ["lognormal_f"], "categorical": ["cat_f"]},
    "reference": {"start": day(0), "end": day(9)},
}


def _project(engine: str, factory: pytest.TempPathFactory, server: ThrowawayPostgres) -> Project:
    warehouse = make_warehouse(engine, factory, server)
    warehouse.load({"predictions": prediction_log(days=12, rows_per_day=20)})
    models = {"models": {"m1": VALID}}
    return Project(factory.mktemp("config"), warehouse, models, {"raw": ["predictions"]})


@pytest.fixture(scope="module")
def project(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> Iterator[Project]:
    yield _project(engine, tmp_path_factory, pg_server)


@pytest.fixture(scope="module")
def parse_project(
    tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> Iterator[Project]:
    """Parse-time checks never touch the warehouse: one engine covers them."""
    yield _project("duckdb", tmp_path_factory, pg_server)


def _error(project: Project, config: dict[str, Any], command: str) -> str:
    """The message of the failing dbt command, whitespace folded."""
    project.write_config(config)
    run = project.dbt_in_process(command)
    assert not run.ok, "dbt should have failed"
    return " ".join(run.output.split())


def _with(changes: dict[str, Any]) -> dict[str, Any]:
    model = copy.deepcopy(VALID)
    model.update(changes)
    return {"models": {"m1": model}}


STRUCTURAL = [
    (
        _with({"kind": "survival"}),
        [
            "models.m1.kind",
            "expected binary or regression or multiclass or ranking, got survival",
            "Fix: set kind: binary",
            "or ranking (query_id and rank, a graded relevance label)",
        ],
    ),
    (
        _with({"kind": "ranking", "rank": "count_f"}),
        [
            "models.m1.query_id",
            "a ranking model needs query_id: the rows of one query form one ranked list",
            "Fix: add query_id: search_id",
        ],
    ),
    (
        _with({"query_id": "channel"}),
        [
            "models.m1.query_id",
            "query_id is for kind: ranking",
            "Fix: set kind: ranking, or remove query_id",
        ],
    ),
    (
        _with({"kind": "ranking", "query_id": "channel", "rank": "lognormal_f"}),
        [
            "models.m1.rank",
            "'lognormal_f' is listed as a feature or the score too",
            "Fix: remove it from features",
        ],
    ),
    (
        _with({"kind": "multiclass"}),
        ["models.m1.scores", "required key is missing", "Fix: add scores"],
    ),
    (
        _with({"kind": "multiclass", "scores": {"a": "normal_f", "b": "count_f"}}),
        ["models.m1.score", "a multiclass model has a probability column per class, not one score"],
    ),
    (
        _with({"scores": {"a": "normal_f", "b": "count_f"}}),
        ["models.m1.scores", "is for kind: multiclass", "Fix: set kind: multiclass"],
    ),
    (
        {
            "models": {
                "m1": {
                    **{k: v for k, v in VALID.items() if k != "score"},
                    "kind": "multiclass",
                    "scores": {"a": "normal_f"},
                }
            }
        },
        ["models.m1.scores", "at least two classes", "Fix: write scores: {billing: p_billing"],
    ),
    (
        {
            "models": {
                "m1": {
                    **{k: v for k, v in VALID.items() if k != "score"},
                    "kind": "multiclass",
                    "scores": {"a": "lognormal_f", "b": "count_f"},
                }
            }
        },
        [
            "models.m1.features",
            "'lognormal_f' is a class probability column of scores",
            "Fix: remove it from features",
        ],
    ),
    (
        _with(
            {
                "kind": "regression",
                "labels": {"label": "count_f"},
                "proxy": {"metric": "count_f", "target": "count_f"},
            }
        ),
        [
            "models.m1.proxy",
            "a proxy label stands for a 0/1 target, and this model is kind regression",
            "Fix: remove proxy",
        ],
    ),
    (
        _with({"featurs": {"numeric": ["x"]}}),
        [
            "in monitored model 'm1'",
            "vars.retrain_gate.models.m1.featurs",
            "unknown key.",
            "Fix: use one of:",
            "features",
        ],
    ),
    (
        {"models": {"m1": {k: v for k, v in VALID.items() if k != "score"}}},
        ["in monitored model 'm1'", "models.m1.score", "required key is missing", "Fix: add score"],
    ),
    (
        _with({"features": {"numeric": ["lognormal_f"], "categorical": ["lognormal_f"]}}),
        [
            "'lognormal_f' is listed both as numeric and as categorical",
            "Fix: keep it under one kind",
        ],
    ),
    (
        _with({"reference": {"start": day(9), "end": day(0)}}),
        ["models.m1.reference", "is before start", "Fix: swap them"],
    ),
    (
        _with({"reference": {"start": "2024-13-01", "end": day(9)}}),
        [
            "models.m1.reference.start",
            "'2024-13-01' is not a date",
            "Fix: write it as 'YYYY-MM-DD'",
        ],
    ),
    (
        _with({"thresholds": {"psy": {"warn": 0.1}}}),
        [
            "models.m1.thresholds.psy",
            "unknown check",
            "Fix: use one of: band_loss_shift, bias_shift, calibration, class_calibration",
        ],
    ),
    (
        _with({"thresholds": {"psi": {"warn": 0.5, "breach": 0.2}}}),
        [
            "models.m1.thresholds.psi",
            "warn (0.5) is above breach (0.2)",
            "Fix: make warn <= breach",
        ],
    ),
    (
        _with({"thresholds": {"frozen_values": {"warn": 0.001, "breach": 0.05}}}),
        [
            "models.m1.thresholds.frozen_values",
            "warn (0.001) is below breach (0.05); lower values are worse for frozen_values.",
            "Fix: make warn >= breach",
        ],
    ),
    (
        _with({"thresholds": {"null_spike": {"min_zz": 3}}}),
        [
            "models.m1.thresholds.null_spike.min_zz",
            "unknown bound.",
            "Fix: use breach and min_z and warn",
        ],
    ),
    (
        _with({"features": {"numeric": ["lognormal_f"], "updated_at": {"cat_f": "scored_at"}}}),
        ["models.m1.features.updated_at.cat_f", "'cat_f' is not a listed feature."],
    ),
    (
        _with({"window_days": 0}),
        ["models.m1.window_days", "expected a whole number >= 1, got 0", "Fix: set window_days"],
    ),
    (
        _with({"features": {"numeric": ["lognormal_f"], "critical": ["cat_f"]}}),
        ["models.m1.features.critical", "'cat_f' is not a listed feature"],
    ),
    (
        {"models": {"m1": VALID}, "model": {}},
        [
            "at vars.retrain_gate.model:",
            "unknown key.",
            "Fix: use only models, events, defaults and gates",
        ],
    ),
    (
        {"models": {}},
        ["vars.retrain_gate.models", "with at least one model"],
    ),
    (
        _with({"labels": {"loss": "lognormal_f"}}),
        ["models.m1.labels.label", "required key is missing", "Fix: add labels.label: <column>"],
    ),
    (
        _with({"proxy": {"metric": "count_f"}}),
        ["models.m1.proxy.target", "required key is missing"],
    ),
    (
        _with({"labels": {"label": "count_f", "maturity_days": -1}}),
        ["models.m1.labels.maturity_days", "expected a whole number >= 0, got -1"],
    ),
    (
        _with({"bands": 200}),
        ["models.m1.bands", "bands (200) is larger than histogram_bins (100)"],
    ),
    (
        _with({"bands": [0.5, 0.2]}),
        ["models.m1.bands", "a list of increasing score cutpoints", "Fix: write bands: 10"],
    ),
    (
        {"models": {"m1": VALID}, "gates": {"retrian": "warn"}},
        ["vars.retrain_gate.gates.retrian", "unknown verdict", "Fix: use one of: fix_data"],
    ),
    (
        {"models": {"m1": VALID}, "gates": {"retrain": "fatal"}},
        ["gates.retrain", "expected error, warn or off, got fatal"],
    ),
    (
        _with({"features": {"numeric": ["lognormal_f", "lognormal_f"]}}),
        [
            "models.m1.features.numeric",
            "'lognormal_f' is listed twice.",
            "Fix: list each column once",
        ],
    ),
    (
        _with({"features": {"numeric": ["lognormal_f", "score"]}}),
        ["models.m1.features", "'score' is the score column.", "Fix: remove it from features"],
    ),
    (
        _with({"features": {"categorical": ["cat_f", "channel"]}}),
        ["models.m1.features", "'channel' is also a segment column.", "Fix: keep it as a segment"],
    ),
    (
        _with({"segments": ["channel", "channel"]}),
        ["models.m1.segments", "'channel' is listed twice.", "Fix: list each segment column once"],
    ),
    (
        _with({"features": {"numeric": ["O'Brien score"]}}),
        [
            "models.m1.features.numeric",
            'column name "O\'Brien score" holds a single quote',
            "Fix: rename the column (or alias it in a view) without quotes",
        ],
    ),
    (
        _with({"segments": ["channel", "dealer's region"]}),
        ["models.m1.segments", 'column name "dealer\'s region" holds a single quote'],
    ),
    (
        _with({"window_days": -3}),
        ["models.m1.window_days", "expected a whole number >= 1, got -3", "Fix: set window_days"],
    ),
    (
        _with({"window_days": 2.5}),
        ["models.m1.window_days", "expected a whole number >= 1, got 2.5"],
    ),
    (
        _with({"maturity_days": -2}),
        ["models.m1.maturity_days", "expected a whole number >= 0, got -2"],
    ),
    (
        _with({"duplicate_id_days": 1.5}),
        ["models.m1.duplicate_id_days", "expected a whole number >= 0, got 1.5", "(the default)"],
    ),
    (
        _with({"reference": {"rolling_days": 0, "gap_days": 3}}),
        ["models.m1.reference", "rolling_days must be a whole number >= 1", "Fix: write e.g."],
    ),
    (
        _with({"reference": {"start": day(0)}}),
        ["models.m1.reference", "has keys start; expected either start and end, or rolling_days"],
    ),
    (
        _with({"bands": [0.2, 0.2, 0.6]}),
        ["models.m1.bands", "a list of increasing score cutpoints, got [0.2, 0.2, 0.6]"],
    ),
    (
        _with({"bands": 1}),
        ["models.m1.bands", "expected a whole number >= 2 or a list of increasing score cutpoints"],
    ),
    (
        _with({"drift_bins": 50, "histogram_bins": 20}),
        ["models.m1.drift_bins", "drift_bins (50) is larger than histogram_bins (20)"],
    ),
    (
        _with({"psi_epsilon": 0.5}),
        ["models.m1.psi_epsilon", "expected a number above 0 and below 0.1, got 0.5"],
    ),
    (
        _with({"thresholds": {"psi": {"warn": "high"}}}),
        [
            "models.m1.thresholds.psi.warn",
            "expected a number, got high",
            "Fix: write e.g. warn: 0.1",
        ],
    ),
    (
        _with({"thresholds": {"by_feature": {"nope": {"psi": {"breach": 0.4}}}}}),
        ["models.m1.thresholds.by_feature.nope", "not a monitored feature", "Fix: use one of: "],
    ),
    (
        {"models": {"m1": VALID}, "defaults": {"window_dayz": 3}},
        ["at vars.retrain_gate.defaults.window_dayz:", "unknown default.", "Fix: use one of:"],
    ),
    (
        {"models": {"1st_model": VALID}},
        ["in monitored model '1st_model'", "a model_id must start with a letter"],
    ),
    (
        _with({"labels": {"label": "count_f", "relation": "source:raw"}}),
        ["models.m1.labels.relation", "'source:raw' is not of the form source:SOURCE.TABLE"],
    ),
    (
        _with({"reference": {"start": "2999-01-01", "end": "2999-03-31"}}),
        [
            "models.m1.reference",
            "ends on 2999-03-31, not before the as-of date",
            "there is no evaluation date, so the model would get no signal and no decision.",
            "Fix: end the reference before",
        ],
    ),
    (
        {"models": {"m1": VALID}, "events": 5},
        ["at vars.retrain_gate.events:", "expected a model name or source:SOURCE.TABLE, got 5"],
    ),
]


@pytest.mark.parametrize(("config", "expected"), STRUCTURAL)
def test_structural_mistakes_fail_at_parse_with_model_key_and_fix(
    parse_project: Project, config: dict[str, Any], expected: list[str]
) -> None:
    message = _error(parse_project, config, "parse")
    assert "retrain_gate config error" in message
    for fragment in expected:
        assert fragment in message, (fragment, message[-1500:])


def test_missing_var_says_how_to_configure(parse_project: Project) -> None:
    project = parse_project
    project.write_config({})
    (project.root / "dbt_project.yml").write_text(
        (project.root / "dbt_project.yml").read_text().replace("vars:\n  retrain_gate: {}\n", "")
    )
    run = project.dbt_in_process("parse")
    message = " ".join(run.output.split())
    assert not run.ok
    assert "at vars.retrain_gate: the var is not set, so no model is monitored." in message
    assert "Fix: add `vars: {retrain_gate: {models:" in message


COLUMNS = [
    (
        {
            "models": {
                "m1": {
                    **{k: v for k, v in VALID.items() if k != "score"},
                    "kind": "multiclass",
                    "scores": {"a": "channel", "b": "count_f"},
                }
            }
        },
        [
            "models.m1.scores.a",
            "column 'channel' has type",
            "which is not numeric",
            "Fix: point scores.a at a numeric column",
        ],
    ),
    (
        _with({"kind": "ranking", "query_id": "customer_id", "rank": "region"}),
        [
            "models.m1.rank",
            "column 'region' has type",
            "which is not numeric",
            "Fix: point rank at a numeric column",
        ],
    ),
    (
        _with(
            {
                "kind": "ranking",
                "query_id": "customer_id",
                "rank": "count_f",
                "labels": {"label": "region"},
            }
        ),
        [
            "models.m1.labels.label",
            "column 'region' has type",
            "which is not numeric",
            "Fix: point labels.label at a numeric column",
        ],
    ),
    (
        _with({"kind": "regression", "labels": {"label": "channel"}}),
        [
            "models.m1.labels.label",
            "column 'channel' has type",
            "which is not numeric",
            "Fix: point labels.label at a numeric column",
        ],
    ),
    (
        _with({"labels": {"label": "channel"}}),
        [
            "models.m1.labels.label",
            "column 'channel' has type",
            "not a boolean or a 0/1 number",
            "Fix: point labels.label at a boolean or 0/1 column",
        ],
    ),
    (
        _with({"features": {"numeric": ["loan_amt"]}}),
        [
            "in monitored model 'm1'",
            "models.m1.features.numeric",
            "column 'loan_amt' is not in relation",
            "Fix: name one of its columns (",
            "lognormal_f",
        ],
    ),
    (
        _with({"features": {"numeric": ["cat_f"]}}),
        [
            "models.m1.features.numeric",
            "column 'cat_f' has type",
            "which is not numeric",
            "Fix: list it under features.categorical",
        ],
    ),
    (
        _with({"features": {"categorical": ["lognormal_f"]}}),
        [
            "models.m1.features.categorical",
            "column 'lognormal_f' has type",
            "a measure, not a category",
            "Fix: list it under features.numeric",
        ],
    ),
    (
        _with({"timestamp": "channel"}),
        ["models.m1.timestamp", "column 'channel' has type", "not a date or timestamp"],
    ),
    (
        _with({"features": {"numeric": ["lognormal_f"], "updated_at": {"lognormal_f": "channel"}}}),
        [
            "models.m1.features.updated_at.lognormal_f",
            "column 'channel' has type",
            "not a date or timestamp",
        ],
    ),
    (
        _with({"labels": {"label": "count_f", "arrived_at": "cat_f"}}),
        [
            "models.m1.labels.arrived_at",
            "column 'cat_f' has type",
            "not a date or timestamp",
            "Fix: point labels.arrived_at at a date or timestamp column",
        ],
    ),
    (
        _with({"segments": ["chanel"]}),
        ["models.m1.segments", "column 'chanel' is not in relation"],
    ),
]


@pytest.mark.parametrize(("config", "expected"), COLUMNS)
def test_column_mistakes_fail_before_anything_is_built(
    project: Project, config: dict[str, Any], expected: list[str]
) -> None:
    message = _error(project, config, "build")
    assert "retrain_gate config error" in message
    for fragment in expected:
        assert fragment in message, (fragment, message[-1500:])
    # the staging model failed: nothing downstream ran
    assert "int_retrain_gate__daily_feature_profile" not in project.warehouse.relations()


def test_valid_config_builds(project: Project) -> None:
    project.write_config({"models": {"m1": VALID}})
    run = project.build(day(11))
    assert run.ok
