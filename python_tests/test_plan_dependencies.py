"""Changing a setting recomputes exactly the incremental tables whose rows depend on it.

One warehouse monitors many copies of one model over the same rows, each copy with one setting
changed (a copy named `base` changes none). After a first build, the changed settings go in and
the nightly runs; a second warehouse builds the same settings from scratch. For every copy and
every incremental table:
- the nightly's rows equal the rebuild's (a dependency left out of a fingerprint keeps rows
  computed with the old setting);
- the table was recomputed in full exactly when its rows under the new setting differ from its
  rows under the old one (a fingerprint with a key the table does not read recomputes for
  nothing), and exactly when the dependency registry (retrain_gate_plan_dependencies) says so.
On DuckDB in `make test`: the plans are Jinja, the same on every engine
(RETRAIN_GATE_TEST_ENGINES=postgres,spark runs it on the others).
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import make_warehouse
from harness import Project
from pg_server import ThrowawayPostgres
from synthetic import day, nightly_model, prediction_log

from retrain_gate import registry

ENGINES = ["duckdb"]

BASE: dict[str, Any] = {
    **nightly_model(),
    "proxy": {"metric": "clicked", "target": "label"},
    # fewer than the reference's customers: the sample's rate moves with the reference
    "entity_sample_size": 1000,
}

#: copy name -> (the key in retrain_gate_plan_dependencies, the config key changed, its new
#: value). lookback_days governs no stored row but the entity state's boundary: no table but
#: the entity tables (and the tables after them) may be recomputed for it; min_window_rows only
#: the signals' statuses.
CHANGES: dict[str, tuple[str, str, Any]] = {
    "base": ("", "", None),
    "features": (
        "features",
        "features",
        # count_f dropped (its frozen bins must go), normal_f and region added
        {"numeric": ["lognormal_f", "normal_f"], "categorical": ["cat_f", "region"]},
    ),
    "segments": ("segments", "segments", ["channel", "region"]),
    "timestamp": ("source", "timestamp", "scored_late"),
    "duplicate_id_days": ("duplicate_id_days", "duplicate_id_days", 2),
    "window_days": ("window_days", "window_days", 4),
    "min_day_rows": ("min_day_rows", "min_day_rows", 500),
    "psi_epsilon": ("psi_epsilon", "psi_epsilon", 0.01),
    "reference": ("reference", "reference", {"start": day(2), "end": day(19)}),
    "histogram_bins": ("histogram_bins", "histogram_bins", 40),
    "drift_bins": ("drift_bins", "drift_bins", 5),
    "top_categories": ("top_categories", "top_categories", 5),
    "edge_sample_rows": ("edge_sample_rows", "edge_sample_rows", 1000),
    "entity_id": ("entity_id", "entity_id", "region"),
    "entity_sample_size": ("entity_sample_size", "entity_sample_size", 300),
    "labels": ("labels", "labels", {"label": "label", "maturity_days": 3}),
    # the 0/1 label read as a number, without the proxy: the outcome tables recomputed, the
    # estimates dropped
    "kind": ("kind", "kind", "regression"),
    "proxy": ("proxy", "proxy", {"metric": "clicked_2", "target": "label"}),
    "max_proxy_fall": (
        "thresholds.proxy_alignment.max_proxy_fall",
        "thresholds",
        {"proxy_alignment": {"max_proxy_fall": 0.3}},
    ),
    "bands": ("bands", "bands", 5),
    "calibration": ("calibration", "calibration", "absolute"),
    "overrides": ("overrides", "overrides", {"flag": "was_escalated"}),
    "max_unmapped_share": ("max_unmapped_share", "max_unmapped_share", 0.5),
    "lookback_days": ("lookback_days", "lookback_days", 4),
    "min_window_rows": ("min_window_rows", "min_window_rows", 400),
    # a multiclass copy (MULTICLASS) that gains a third class: its probability is a new feature
    "classes": ("classes", "scores", {"a": "p_a", "b": "p_b", "c": "p_c"}),
    # a ranking copy (RANKING) whose lists are cut at 3 results instead of 5
    "k": ("k", "k", 3),
}
#: The copy `classes` monitors the log as a multiclass model of two classes, then three.
MULTICLASS: dict[str, Any] = {
    **{key: value for key, value in BASE.items() if key not in ("score", "proxy")},
    "kind": "multiclass",
    "scores": {"a": "p_a", "b": "p_b"},
    "labels": {"label": "intent", "maturity_days": 2},
}
#: The copy `k` monitors the log as a ranking model: lists of 5 rows in log order, a graded
#: relevance 0..2.
RANKING: dict[str, Any] = {
    **{key: value for key, value in BASE.items() if key != "proxy"},
    "kind": "ranking",
    "query_id": "search_id",
    "rank": "position",
    "k": 5,
    "labels": {"label": "relevance", "maturity_days": 2},
}
#: The copies that are not binary models, by change.
COPIES = {"classes": MULTICLASS, "k": RANKING}
#: Columns that record how or when a row was written, not what it says.
BOOKKEEPING = {"computed_at", "fingerprint", "bins_fingerprint", "sampling_fingerprint"}


def _config(changed: bool) -> dict[str, Any]:
    # a copy monitored before the change only: its signals must go with it
    models = {} if changed else {"removed": copy.deepcopy(BASE)}
    for name, (_, key, value) in CHANGES.items():
        model = copy.deepcopy(COPIES.get(name, BASE))
        if changed and key:
            model[key] = value
        if changed and key == "kind":
            # a proxy stands for a 0/1 target: a regression model has none (the same tables)
            model.pop("proxy")
        models[name] = model
    return {"models": models}


def _log() -> pd.DataFrame:
    log = prediction_log(days=31, rows_per_day=200)
    rng = np.random.default_rng(8)
    log["label"] = (rng.random(len(log)) < log.score).astype(int)
    log["clicked"] = np.where(rng.random(len(log)) < 0.8, log.label, 1 - log.label)
    log["clicked_2"] = np.where(rng.random(len(log)) < 0.6, log.label, 1 - log.label)
    log["was_overridden"] = rng.random(len(log)) < 0.05
    log["was_escalated"] = rng.random(len(log)) < 0.10
    # three class probabilities and the labelled class, for the multiclass copy
    x = log.normal_f.fillna(0.0).to_numpy()
    logits = np.column_stack([x, -x, np.zeros(len(log))])
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    for i, name in enumerate("abc"):
        log[f"p_{name}"] = probabilities[:, i]
    log["intent"] = np.array(list("abc"))[
        (rng.random(len(log))[:, None] > probabilities.cumsum(axis=1)[:, :2]).sum(axis=1)
    ]
    # lists of 5 rows in log order, each row's relevance 0..2, for the ranking copy
    log["search_id"] = [f"s{i // 5}" for i in range(len(log))]
    log["position"] = np.arange(len(log)) % 5 + 1
    log["relevance"] = log.label * rng.integers(1, 3, len(log))
    # an hour later: the rows near midnight move to the next day
    log["scored_late"] = log.scored_at + pd.Timedelta(hours=1)
    # copies of 40 ids three days after their first row: duplicates within 7 days, not within 2
    copies = log[(log.scored_at >= day(5)) & (log.scored_at < day(25))].sample(40, random_state=1)
    copies = copies.assign(
        scored_at=copies.scored_at + pd.Timedelta(days=3),
        scored_late=copies.scored_late + pd.Timedelta(days=3),
    )
    return pd.concat([log, copies], ignore_index=True)


def _incremental_tables() -> list[str]:
    return sorted(registry.plan_dependencies())


def _rows(frame: pd.DataFrame, model_id: str) -> pd.DataFrame:
    """The model's rows, without bookkeeping, in a canonical order."""
    rows = frame[frame.model_id == model_id].drop(columns=[*BOOKKEEPING & set(frame.columns)])
    rows = rows.astype({c: str for c in rows.columns if rows[c].dtype == object})
    # a slot added to the entity state comes last in the nightly's table
    rows = rows[sorted(rows.columns)]
    # doubles summed in another order differ in the last bits: order by them rounded
    order = rows.assign(**{c: rows[c].round(9) for c in rows.columns if rows[c].dtype == float})
    return rows.loc[order.sort_values(list(rows.columns)).index].reset_index(drop=True)


def _same(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    if left.shape != right.shape or list(left.columns) != list(right.columns):
        return False
    try:
        pd.testing.assert_frame_equal(left, right, check_exact=False, rtol=1e-9, atol=1e-12)
    except AssertionError:
        return False
    return True


@pytest.fixture(scope="module")
def runs(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> dict[str, Any]:
    """The tables after the first build (old settings), after the nightly with the new
    settings, and after a from-scratch build of the same rows with the new settings."""
    as_of = yaml.safe_dump({"retrain_gate_as_of": day(30)})
    log = _log()
    nightly = make_warehouse(engine, tmp_path_factory, pg_server)
    nightly.load({"predictions": log})
    project = Project(
        tmp_path_factory.mktemp("nightly"), nightly, _config(False), {"raw": ["predictions"]}
    )
    project.dbt("run", "--vars", as_of, check=True)
    tables = _incremental_tables()
    before = {name: nightly.table(name) for name in tables}
    first_run_end = max(frame.computed_at.max() for frame in before.values() if len(frame))
    project.write_config(_config(True))
    project.dbt("run", "--vars", as_of, check=True)

    scratch = make_warehouse(engine, tmp_path_factory, pg_server)
    scratch.load({"predictions": log})
    Project(
        tmp_path_factory.mktemp("scratch"), scratch, _config(True), {"raw": ["predictions"]}
    ).dbt("run", "--vars", as_of, check=True)
    return {
        "before": before,
        "after": {name: nightly.table(name) for name in tables},
        "scratch": {name: scratch.table(name) for name in tables},
        "first_run_end": first_run_end,
    }


def _recomputed_in_full(runs: dict[str, Any], table: str, model_id: str) -> bool:
    rows = runs["after"][table]
    rows = rows[rows.model_id == model_id]
    return len(rows) > 0 and bool((rows.computed_at > runs["first_run_end"]).all())


@pytest.mark.parametrize("table", _incremental_tables())
def test_the_nightly_after_a_change_equals_a_rebuild(runs: dict[str, Any], table: str) -> None:
    stale = [
        model_id
        for model_id in CHANGES
        if not _same(_rows(runs["after"][table], model_id), _rows(runs["scratch"][table], model_id))
    ]
    assert stale == [], f"{table}: the nightly kept rows of the old settings for {stale}"


def _depends_on(table: str) -> set[str]:
    """Every registry key whose change the table's fingerprint sees: its own keys, its inputs'
    sources and what the tables it reads depend on."""
    entry = registry.plan_dependencies()[table]
    inputs = registry.plan_inputs()
    keys = set(entry.get("keys", []))
    for name in entry.get("inputs", []):
        keys |= set(inputs[name].get("keys", []))
        for source in inputs[name].get("tables", []):
            keys |= _depends_on(source)
    for upstream in entry.get("after", []):
        keys |= _depends_on(upstream)
    return keys


@pytest.mark.parametrize("table", _incremental_tables())
def test_exactly_the_tables_the_registry_names_are_recomputed(
    runs: dict[str, Any], table: str
) -> None:
    recomputed = {CHANGES[m][0] for m in CHANGES if _recomputed_in_full(runs, table, m)}
    varied = {key for key, _, _ in CHANGES.values() if key}
    # a per-feature table recomputes the features whose entry changed, not the model in full
    expected = _depends_on(table) & varied
    if registry.plan_dependencies()[table].get("per_feature"):
        expected -= {"features"}
    # a change after which the table no longer holds the model (kind: regression has no
    # estimates) leaves it no rows to recompute; that none are left is the test above's
    expected -= {
        CHANGES[m][0] for m in CHANGES if (runs["scratch"][table].model_id == m).sum() == 0
    }
    assert recomputed == expected, (
        f"{table}: recomputed in full for {sorted(recomputed - expected)}, which the registry "
        f"does not name; not for {sorted(expected - recomputed)}, which it names"
    )


def test_every_input_is_known_and_every_upstream_is_a_table() -> None:
    dependencies = registry.plan_dependencies()
    for table, entry in dependencies.items():
        assert set(entry.get("inputs", [])) <= set(registry.plan_inputs()), table
        assert set(entry.get("after", [])) <= set(dependencies), table


def test_a_model_no_longer_configured_leaves_no_signals(runs: dict[str, Any]) -> None:
    assert (runs["before"]["retrain_gate_signals"].model_id == "removed").any()
    assert not (runs["after"]["retrain_gate_signals"].model_id == "removed").any()


def test_each_change_is_seen(runs: dict[str, Any]) -> None:
    silent = [
        model_id
        for model_id in CHANGES
        if model_id != "base"
        and not any(_recomputed_in_full(runs, table, model_id) for table in _incremental_tables())
    ]
    assert silent == [], f"no table is recomputed for {silent}: the rows do not exercise them"
