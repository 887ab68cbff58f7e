"""Simulated logs of a ranking model (kind: ranking; docs/ranking.md) and the figures its checks
must give, computed from the raw rows with numpy and sklearn's ndcg_score: shared by
python_tests/test_ranking_outcomes.py (the verdicts, on DuckDB) and
python_tests/test_outcome_correctness.py (the figures, on every engine).

A log: a search ranker that shows RESULTS results per query. Each result has a text match x1
and a popularity x2, both N(0, 1); its relevance to the searcher is the utility
u = x1 + 0.8 x2 + N(0, 0.8^2) graded 0..3 (below 0.5, 1.5, 2.5, above); the model's score is
sigmoid(x1 + 0.8 x2) and the results are shown in the order of the score (position 1 first).
From the design's shift day, by story:
  * quiet: nothing changes;
  * behaviour: searchers now prefer the less popular results (u = x1 - 0.8 x2 + noise): the
    model's order is worse for every query, its inputs unchanged;
  * stale: the popularity pipeline stopped updating for new query intents, 30% of queries: their
    x2 is null in the log and the model scores them as if it were 0, while the searchers still
    prefer the popular results;
  * decoupled: the label's proxy decouples from its target: a click (`clicked`, relevance above
    0) led to a purchase (`bought`) half the time, and from the shift day a sixth of the time
    (a checkout that broke), while the relevance grades and the clicks hold.
"""

from __future__ import annotations

from pathlib import Path

import kind_scenario
import numpy as np
import pandas as pd
import pytest
from harness import Warehouse
from kind_scenario import WINDOW_DAYS, Design, Scenario, scenario_of, signals_of
from sklearn.metrics import ndcg_score
from synthetic import START, daily_log, day

__all__ = ["RESULTS", "Design", "K", "Scenario", "build", "scenario_of", "signals_of"]

RESULTS = 8  # results shown per query
K = 5  # the model's k: NDCG@5, precision@5, MRR@5
GRADES = [0.5, 1.5, 2.5]  # utility cut points of the relevance grades 1, 2 and 3


def search_log(seed: int, story: str, design: Design) -> pd.DataFrame:
    """One row per result shown: design.rows_per_day / RESULTS queries a day."""
    rng = np.random.default_rng(seed)
    queries = design.rows_per_day // RESULTS
    query_day = np.repeat(np.arange(design.last_day + 1), queries)
    offset = np.repeat(query_day, RESULTS)
    after = offset >= design.shift_day
    n = len(offset)
    x1, x2 = rng.normal(0.0, 1.0, n), rng.normal(0.0, 1.0, n)
    stale = np.repeat(rng.random(len(query_day)) < 0.3, RESULTS) & after & (story == "stale")
    seen_x2 = np.where(stale, 0.0, x2)
    score = 1.0 / (1.0 + np.exp(-(x1 + 0.8 * seen_x2)))
    popularity_weight = np.where(after & (story == "behaviour"), -0.8, 0.8)
    utility = x1 + popularity_weight * x2 + rng.normal(0.0, 0.8, n)
    query = np.repeat(np.arange(len(query_day)), RESULTS)
    # positions by descending score within each query
    order = np.lexsort((-score, query))
    position = np.empty(n, dtype=int)
    position[order] = np.tile(np.arange(1, RESULTS + 1), len(query_day))
    seconds = np.repeat(rng.integers(0, 86_400, len(query_day)), RESULTS)
    grade = np.searchsorted(GRADES, utility)
    buys = np.where(after & (story == "decoupled"), 1 / 6, 0.5)
    return daily_log(
        f"r{seed}_",
        offset,
        seconds,
        search_id=[f"q{seed}_{q:06d}" for q in query],
        position=position,
        x1=x1,
        x2=np.where(stale, np.nan, x2),
        relevance_score=score,
        graded_relevance=grade.astype(float),
        clicked=(grade > 0).astype(int),
        bought=((grade > 0) & (rng.random(n) < buys)).astype(int),
    )


def search_model(table: str, design: Design) -> dict[str, object]:
    return {
        "kind": "ranking",
        "relation": f"source:raw.{table}",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "query_id": "search_id",
        "rank": "position",
        "score": "relevance_score",
        "k": K,
        "features": {"numeric": ["x1", "x2"]},
        "labels": {"label": "graded_relevance", "maturity_days": design.maturity_days},
        "proxy": {"metric": "clicked", "target": "bought"},
        "reference": {"start": day(0), "end": day(design.reference_days - 1)},
        "window_days": WINDOW_DAYS,
    }


def build(
    warehouse: Warehouse, directory: Path, design: Design, stories: dict[str, tuple[int, str]]
) -> Scenario:
    """Loads a log per story (name: (seed, story)), monitors each as a ranking model and builds
    the package as of the design's last day."""
    frames = {name: search_log(seed, story, design) for name, (seed, story) in stories.items()}
    return kind_scenario.build(warehouse, directory, design, frames, search_model)


def query_metrics(rows: pd.DataFrame) -> pd.DataFrame:
    """Per query (its search_id on its day): NDCG@K by sklearn's ndcg_score (ranked by
    position), precision@K and the reciprocal rank of its first relevant result in the first K
    by numpy; NDCG is NaN for a query without a relevant result."""
    records = []
    for (query_day, _), query in rows.groupby(["day", "search_id"]):
        query = query.sort_values("position")
        relevance = query.graded_relevance.to_numpy()
        top = relevance[:K]
        relevant = np.flatnonzero(top > 0)
        ndcg = (
            ndcg_score([relevance], [-query.position.to_numpy(float)], k=K)
            if relevance.max() > 0
            else np.nan
        )
        records.append(
            {
                "day": query_day,
                "ndcg": ndcg,
                "precision": float((top > 0).mean()),
                "reciprocal_rank": 1.0 / (relevant[0] + 1) if len(relevant) else 0.0,
            }
        )
    return pd.DataFrame.from_records(records)


def _sides(scenario: Scenario, model_id: str, eval_day: int) -> dict[str, pd.DataFrame]:
    """The outcome window of `eval_day` (its last window_days matured days) and the reference."""
    design, frame = scenario.design, scenario.frames[model_id]
    last = eval_day - design.maturity_days
    return {
        "window": frame[(frame.day > last - WINDOW_DAYS) & (frame.day <= last)],
        "reference": frame[frame.day < design.reference_days],
    }


def _welch(window: np.ndarray, reference: np.ndarray) -> float:
    """(mean window - mean reference) / sqrt(var / n + var0 / n0), population variances."""
    spread = np.sqrt(window.var() / len(window) + reference.var() / len(reference))
    return float((window.mean() - reference.mean()) / spread)


def assert_ranking_quality(scenario: Scenario, model_id: str, eval_day: int) -> None:
    """ranking_quality against sklearn's ndcg_score per query on the raw rows: the mean NDCG@K
    of the window and of the reference, Welch's z of the fall and the query count; precision@K
    and MRR@K as the evidence prints them."""
    metrics = {
        side: query_metrics(rows) for side, rows in _sides(scenario, model_id, eval_day).items()
    }
    ndcg = {side: m.ndcg.dropna().to_numpy() for side, m in metrics.items()}
    check = signals_of(scenario, model_id, "ranking_quality", eval_day).iloc[0]
    assert check.value == pytest.approx(ndcg["window"].mean(), abs=1e-9)
    assert check.baseline == pytest.approx(ndcg["reference"].mean(), abs=1e-9)
    assert check.z_score == pytest.approx(-_welch(ndcg["window"], ndcg["reference"]), rel=1e-6)
    assert check.n_window == len(ndcg["window"])
    assert check.n_reference == len(ndcg["reference"])
    for metric, label in [("precision", "precision@"), ("reciprocal_rank", "MRR@")]:
        window, reference = metrics["window"][metric], metrics["reference"][metric]
        figure = f"{label}{K} {window.mean():.4f} vs {reference.mean():.4f}"
        assert figure in check.detail, (figure, check.detail)


def assert_position_calibration(scenario: Scenario, model_id: str, eval_day: int) -> None:
    """position_calibration against numpy: per position 1..K the mean relevance of the window
    against the reference and its z under the null (the reference's variance on both sides);
    the check's value, baseline and z at the position of the largest |z|, which the evidence
    names."""
    sides = _sides(scenario, model_id, eval_day)
    zs, means = {}, {}
    for position in range(1, K + 1):
        at = {
            s: rows[rows.position == position].graded_relevance.to_numpy()
            for s, rows in sides.items()
        }
        spread = np.sqrt(at["reference"].var() * (1 / len(at["window"]) + 1 / len(at["reference"])))
        zs[position] = abs(at["window"].mean() - at["reference"].mean()) / spread
        means[position] = (at["window"].mean(), at["reference"].mean())
    top = max(zs, key=zs.__getitem__)
    check = signals_of(scenario, model_id, "position_calibration", eval_day).iloc[0]
    assert check.value == pytest.approx(means[top][0], abs=1e-9)
    assert check.baseline == pytest.approx(means[top][1], abs=1e-9)
    assert check.z_score == pytest.approx(zs[top], rel=1e-6)
    assert f"position {top}:" in check.detail, check.detail
    assert check.n_window == (sides["window"].position <= K).sum()


def assert_ranking_profile(warehouse: Warehouse, scenario: Scenario, model_id: str) -> None:
    """Every row of the daily ranking profile against numpy and sklearn on that day's rows."""
    profile = warehouse.table("int_retrain_gate__daily_ranking_profile")
    profile = profile[profile.model_id == model_id].copy()
    profile["day"] = (pd.to_datetime(profile.profile_date) - pd.Timestamp(START)).dt.days
    frame = scenario.frames[model_id]
    matured = frame[frame.day <= scenario.design.last_day - scenario.design.maturity_days]
    metrics = query_metrics(matured)
    expected = []
    for metric in ["ndcg", "precision", "reciprocal_rank"]:
        values = metrics.dropna(subset=[metric]).groupby("day")[metric]
        expected.append(
            pd.DataFrame(
                {
                    "n": values.size(),
                    "sum_value": values.sum(),
                    "sum_sq_value": values.apply(lambda v: (v * v).sum()),
                }
            )
            .assign(metric=metric, rank_position=0)
            .reset_index()
        )
    top = matured[matured.position <= K]
    relevance = top.groupby(["day", "position"]).graded_relevance
    expected.append(
        pd.DataFrame(
            {
                "n": relevance.size(),
                "sum_value": relevance.sum(),
                "sum_sq_value": relevance.apply(lambda v: (v * v).sum()),
            }
        )
        .reset_index()
        .rename(columns={"position": "rank_position"})
        .assign(metric="relevance")
    )
    want = pd.concat(expected, ignore_index=True)
    merged = profile.merge(
        want,
        on=["day", "metric", "rank_position"],
        how="outer",
        suffixes=("", "_expected"),
        indicator=True,
    )
    assert (merged._merge == "both").all(), merged[merged._merge != "both"].head().to_string()
    assert (merged.n == merged.n_expected).all()
    for column in ["sum_value", "sum_sq_value"]:
        assert np.allclose(
            merged[column].astype(float), merged[f"{column}_expected"], rtol=1e-9, atol=1e-9
        )
