"""Simulated logs of a multiclass model (kind: multiclass; docs/multiclass.md) and the figures
its checks must give, computed from the raw rows with numpy and sklearn's roc_auc_score: shared
by python_tests/test_multiclass_outcomes.py (the verdicts, on DuckDB) and
python_tests/test_outcome_correctness.py (the figures, on every engine).

A log: an intent router with three classes. Two features x1, x2 ~ N(0, 1) give the logits
(billing: 1.2 x1, tech: 1.2 x2, sales: 0.3), the probabilities are their softmax and the true
intent is drawn from them: a calibrated model. From the design's shift day, by story:
  * quiet: nothing changes;
  * prior: sales becomes three times as likely at the same predictions (the class priors moved:
    the target changed);
  * mix: x1 moves to N(1, 1): more billing predictions, still calibrated;
  * concept: tech no longer depends on x2 (its true logit is 0): the tech probability stops
    ranking tech messages, the one-vs-rest AUCs fall;
  * new_label: 15% of the labels name a class the model does not know (refunds).
"""

from __future__ import annotations

from pathlib import Path

import kind_scenario
import numpy as np
import oracle
import pandas as pd
import pytest
from harness import Warehouse
from kind_scenario import WINDOW_DAYS, Design, Scenario, scenario_of, signals_of
from sklearn.metrics import roc_auc_score
from synthetic import daily_log, day

__all__ = ["CLASSES", "Design", "Scenario", "build", "scenario_of", "signals_of"]

CLASSES = ["billing", "tech", "sales"]


def router_log(seed: int, story: str, design: Design) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    offset = np.repeat(np.arange(design.last_day + 1), design.rows_per_day)
    after = offset >= design.shift_day
    x1 = rng.normal(0.0, 1.0, len(offset)) + np.where(after & (story == "mix"), 1.0, 0.0)
    x2 = rng.normal(0.0, 1.0, len(offset))
    logits = np.column_stack([1.2 * x1, 1.2 * x2, np.full(len(offset), 0.3)])
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    true_logits = logits.copy()
    true_logits[after & (story == "concept"), 1] = 0.0
    truth = np.exp(true_logits) / np.exp(true_logits).sum(axis=1, keepdims=True)
    truth *= np.where((after & (story == "prior"))[:, None], np.array([1.0, 1.0, 3.0]), 1.0)
    truth /= truth.sum(axis=1, keepdims=True)
    drawn = (rng.random(len(offset))[:, None] > truth.cumsum(axis=1)).sum(axis=1)
    seconds = rng.integers(0, 86_400, len(offset))
    return daily_log(
        f"c{seed}_",
        offset,
        seconds,
        x1=x1,
        x2=x2,
        **{f"p_{name}": probabilities[:, i] for i, name in enumerate(CLASSES)},
        true_intent=np.where(
            after & (story == "new_label") & (rng.random(len(offset)) < 0.15),
            "refunds",
            np.array(CLASSES)[np.minimum(drawn, len(CLASSES) - 1)],
        ),
    )


def router_model(table: str, design: Design) -> dict[str, object]:
    return {
        "kind": "multiclass",
        "relation": f"source:raw.{table}",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "scores": {name: f"p_{name}" for name in CLASSES},
        "features": {"numeric": ["x1", "x2"]},
        "labels": {"label": "true_intent", "maturity_days": design.maturity_days},
        "reference": {"start": day(0), "end": day(design.reference_days - 1)},
        "window_days": WINDOW_DAYS,
    }


def top_class(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Each row's largest class probability and its class (the first of equals, in config order)."""
    probabilities = frame[[f"p_{name}" for name in CLASSES]].to_numpy()
    return probabilities.max(axis=1), np.array(CLASSES)[probabilities.argmax(axis=1)]


def build(
    warehouse: Warehouse, directory: Path, design: Design, stories: dict[str, tuple[int, str]]
) -> Scenario:
    """Loads a log per story (name: (seed, story)), monitors each as a multiclass model and
    builds the package as of the design's last day."""
    frames = {name: router_log(seed, story, design) for name, (seed, story) in stories.items()}
    return kind_scenario.build(warehouse, directory, design, frames, router_model)


def assert_class_prior_shift(scenario: Scenario, model_id: str, eval_day: int) -> None:
    """class_prior_shift against numpy on the raw rows: per class the residual share
    (labels of the class - the sum of its probability) / n, window minus reference, its z, the
    total variation distance and the evidence's class; '(other)', the labels that name no
    class, at probability 0."""
    sides = _sides(scenario, model_id, eval_day)
    changes, zs = {}, {}
    for name in [*CLASSES, "(other)"]:
        residual, variance = {}, {}
        for side, rows in sides.items():
            if name == "(other)":
                e = (~rows.true_intent.isin(CLASSES)).to_numpy(dtype=float)
            else:
                labelled = (rows.true_intent == name).to_numpy(dtype=float)
                e = labelled - rows[f"p_{name}"].to_numpy()
            residual[side], variance[side] = e.mean(), e.var() / len(e)
        changes[name] = residual["window"] - residual["reference"]
        spread = np.sqrt(variance["window"] + variance["reference"])
        zs[name] = abs(changes[name]) / spread if spread > 0 else 0.0
    check = signals_of(scenario, model_id, "class_prior_shift", eval_day).iloc[0]
    assert check.value == pytest.approx(sum(abs(c) for c in changes.values()) / 2, rel=1e-9)
    assert check.z_score == pytest.approx(max(zs.values()), rel=1e-6)
    assert f"class {max(zs, key=zs.__getitem__)}:" in check.detail
    assert check.n_window == len(sides["window"])
    assert check.n_reference == len(sides["reference"])


def assert_class_discrimination(scenario: Scenario, model_id: str, eval_day: int) -> None:
    """class_discrimination against sklearn on the raw rows: per class the one-vs-rest AUC of
    its probability on its reference bins (roc_auc_score on the bins, exact) and DeLong's
    variance; the macro averages, the conservative sigma (the mean of the classes' se of the
    change) and the z; sklearn's macro one-vs-rest AUC on the raw probabilities within the
    mean binning bound."""
    sides = _sides(scenario, model_id, eval_day)
    aucs: dict[str, list[float]] = {"window": [], "reference": []}
    sigmas, bounds = [], []
    for name in CLASSES:
        bins_of = {}
        variance = 0.0
        for side, rows in sides.items():
            labels = (rows.true_intent == name).to_numpy(int)
            bins = oracle.numeric_bins(
                rows[f"p_{name}"].to_numpy(), _cuts(scenario, model_id, f"p_{name}")
            )
            aucs[side].append(roc_auc_score(labels, bins))
            variance += oracle.delong_variance(labels, bins.astype(float))
            bins_of[side] = (labels, bins)
        sigmas.append(np.sqrt(variance))
        labels, bins = bins_of["window"]
        positives = np.bincount(bins[labels == 1], minlength=bins.max() + 1)
        negatives = np.bincount(bins[labels == 0], minlength=bins.max() + 1)
        bounds.append(0.5 * float(positives @ negatives) / (positives.sum() * negatives.sum()))
    check = signals_of(scenario, model_id, "class_discrimination", eval_day).iloc[0]
    value, baseline = np.mean(aucs["window"]), np.mean(aucs["reference"])
    assert check.value == pytest.approx(value, abs=1e-9)
    assert check.baseline == pytest.approx(baseline, abs=1e-9)
    assert check.z_score == pytest.approx((baseline - value) / np.mean(sigmas), rel=1e-6)
    window = sides["window"]
    ordered = sorted(CLASSES)  # sklearn wants the labels sorted, the columns in their order
    exact = roc_auc_score(
        window.true_intent,
        window[[f"p_{name}" for name in ordered]],
        multi_class="ovr",
        labels=ordered,
    )
    assert abs(exact - check.value) <= np.mean(bounds) + 1e-12


def assert_class_calibration(
    scenario: Scenario, model_id: str, eval_day: int, bands: int = 10, min_positives: int = 5
) -> None:
    """class_calibration against numpy on the raw rows: per class, its probability's reference
    bins grouped into `bands` bands by the reference's cumulative share below each bin; per
    band the O/E of the class's labels, window and reference, its change and calibration's z;
    the check's value, baseline and z at the judged class-band of the largest z, which the
    evidence names."""
    sides = _sides(scenario, model_id, eval_day)
    best: tuple[float, str, int, float, float] | None = None
    for name in CLASSES:
        cuts = _cuts(scenario, model_id, f"p_{name}")
        binned = {}
        for side, rows in sides.items():
            p = rows[f"p_{name}"].to_numpy()
            binned[side] = (oracle.numeric_bins(p, cuts), (rows.true_intent == name).to_numpy(), p)
        reference_bins = binned["reference"][0]
        total = len(reference_bins)
        band_of = {
            b: min(bands, int(np.floor(bands * (reference_bins < b).sum() / total)) + 1)
            for b in np.union1d(binned["window"][0], reference_bins)
        }
        for band in sorted(set(band_of.values())):
            sums = {}
            for side, (bins, labelled, p) in binned.items():
                inside = np.isin(bins, [b for b, v in band_of.items() if v == band])
                sums[side] = (inside.sum(), labelled[inside].sum(), p[inside].sum())
            (n, o, e), (n0, o0, e0) = sums["window"], sums["reference"]
            r0 = o0 / n0
            q = r0 * (e / n) / (e0 / n0)
            if o0 < min_positives or n * q < min_positives:
                continue
            change = (o / e) / (o0 / e0)
            z = abs(change - 1) / np.sqrt((1 - min(q, 1)) / (n * q) + (1 - r0) / (n0 * r0))
            if best is None or z > best[0]:
                best = (z, name, band, o / e, o0 / e0)
    assert best is not None
    z, name, band, value, baseline = best
    check = signals_of(scenario, model_id, "class_calibration", eval_day).iloc[0]
    assert check.value == pytest.approx(value, rel=1e-9)
    assert check.baseline == pytest.approx(baseline, rel=1e-9)
    assert check.z_score == pytest.approx(z, rel=1e-6)
    assert f"class {name}, band {band}:" in check.detail, check.detail
    assert check.n_window == len(sides["window"])


def _cuts(scenario: Scenario, model_id: str, feature: str) -> np.ndarray:
    cuts = scenario.cuts[(scenario.cuts.model_id == model_id) & (scenario.cuts.feature == feature)]
    return cuts.sort_values("cut_index").cut_value.to_numpy()


def _sides(scenario: Scenario, model_id: str, eval_day: int) -> dict[str, pd.DataFrame]:
    """The outcome window of `eval_day` (its last window_days matured days) and the reference,
    each row with its top class probability and whether the top class is the label."""
    design, frame = scenario.design, scenario.frames[model_id].copy()
    frame["top"], predicted = top_class(frame)
    frame["correct"] = (predicted == frame.true_intent.to_numpy()).astype(int)
    last = eval_day - design.maturity_days
    return {
        "window": frame[(frame.day > last - WINDOW_DAYS) & (frame.day <= last)],
        "reference": frame[frame.day < design.reference_days],
    }


def assert_top_class_figures(scenario: Scenario, model_id: str, eval_day: int) -> None:
    """The band outcomes (accuracy against the mean top class probability per band) and the
    discrimination AUC (of the top class probability for a right top class), against numpy
    and sklearn's roc_auc_score on the raw rows."""
    sides = _sides(scenario, model_id, eval_day)
    b = scenario.bands
    bands = b[(b.model_id == model_id) & (b.segment == "all") & (b.eval_day == eval_day)]
    assert len(bands) >= 5
    for band in bands.itertuples():
        lower = -np.inf if pd.isna(band.band_lower) else band.band_lower
        upper = np.inf if pd.isna(band.band_upper) else band.band_upper
        for side, prefix in [("window", ""), ("reference", "reference_")]:
            rows = sides[side][(sides[side].top > lower) & (sides[side].top <= upper)]
            assert getattr(band, prefix + "n_labelled") == len(rows)
            observed = getattr(band, prefix + "observed_rate")
            assert observed == pytest.approx(rows.correct.mean(), rel=1e-9)
            expected = getattr(band, prefix + "expected_rate")
            assert expected == pytest.approx(rows.top.mean(), rel=1e-9)

    auc = signals_of(scenario, model_id, "discrimination", eval_day).iloc[0]
    cuts = _cuts(scenario, model_id, "top_class_probability")
    for side, got in [("window", auc.value), ("reference", auc.baseline)]:
        rows = sides[side]
        bins = oracle.numeric_bins(rows.top.to_numpy(), cuts)
        # the package's AUC counts ties within a score bin as one half: sklearn's on the bins
        assert got == pytest.approx(roc_auc_score(rows.correct, bins), abs=1e-9)
        positives = np.bincount(bins[rows.correct == 1], minlength=bins.max() + 1)
        negatives = np.bincount(bins[rows.correct == 0], minlength=bins.max() + 1)
        bound = 0.5 * float(positives @ negatives) / (positives.sum() * negatives.sum())
        assert abs(roc_auc_score(rows.correct, rows.top) - got) <= bound + 1e-12
    assert auc.n_window == len(sides["window"])
