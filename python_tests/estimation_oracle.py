"""The estimated checks' oracle (docs/estimated.md), independent of the SQL: the calibration
map from sklearn's isotonic regression over the score bins, the estimated AUC as a sum over
pairs of bins, and its variances by numerical differentiation, not by the analytic derivatives
the SQL uses. python_tests/test_estimated_outcomes.py and test_outcome_correctness.py hold the
SQL to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from oracle import numeric_bins
from sklearn.isotonic import IsotonicRegression


def score_histogram(frame: pd.DataFrame, cuts: np.ndarray, first: int, last: int) -> np.ndarray:
    """The rows of `frame` (columns day, score) on days first..last per score bin."""
    days = frame[frame.day.between(first, last)]
    bins = numeric_bins(days.score.to_numpy(), cuts)
    return np.bincount(bins, minlength=len(cuts) + 2).astype(float)


@dataclass
class Map:
    rate: np.ndarray  # per bin 0..len(cuts) + 1
    block: np.ndarray
    variance: np.ndarray  # per block
    labels: np.ndarray  # the reference's labels per bin


def calibration_map(scores: np.ndarray, labels: np.ndarray, cuts: np.ndarray) -> Map:
    size = len(cuts) + 2
    bins = numeric_bins(scores, cuts)
    n = np.bincount(bins, minlength=size).astype(float)
    k = np.bincount(bins, weights=labels, minlength=size)
    filled = np.flatnonzero(n > 0)
    fit = IsotonicRegression(increasing=True).fit(
        filled, k[filled] / n[filled], sample_weight=n[filled]
    )
    rate = np.empty(size)
    rate[filled] = fit.predict(filled)
    # a bin without labels takes the rate of the nearest labelled bin above it, else the highest's
    for b in np.flatnonzero(n == 0):
        above = filled[filled > b]
        rate[b] = rate[above[0]] if len(above) else rate[filled[-1]]
    block = np.concatenate([[0], np.cumsum(rate[1:] != rate[:-1])])
    w = np.bincount(block, weights=n)
    positives = np.bincount(block, weights=k)
    p = (positives + 0.5) / (w + 1)
    return Map(rate, block, p * (1 - p) / (w + 1), n)


def binned_auc(positives: np.ndarray, negatives: np.ndarray) -> float:
    """Pairs across bins in score order, pairs within a bin one half: sum over pairs of bins."""
    order = np.subtract.outer(np.arange(len(positives)), np.arange(len(negatives)))
    weight = np.where(order > 0, 1.0, np.where(order == 0, 0.5, 0.0))
    return float(positives @ weight @ negatives / (positives.sum() * negatives.sum()))


def estimated_auc(n: np.ndarray, rate: np.ndarray) -> float:
    return binned_auc(n * rate, n * (1 - rate))


def _gradient(f: Callable[[np.ndarray], float], x: np.ndarray, step: float) -> np.ndarray:
    grad = np.zeros(len(x))
    for i in range(len(x)):
        up, down = x.copy(), x.copy()
        up[i] += step
        down[i] -= step
        grad[i] = (f(up) - f(down)) / (2 * step)
    return grad


@dataclass
class Estimate:
    estimate: float
    reference_estimate: float
    variance_scores: float
    variance_map: float
    variance_labels: float
    variance_map_window: float
    rate: float
    reference_rate: float
    rate_variance: float


def compare(window: np.ndarray, reference: np.ndarray, m: Map) -> Estimate:
    """The estimate_comparison of the docs, by numerical derivatives of the estimated AUC."""
    rate = m.rate
    blocks = np.unique(m.block)

    def by_block(values: np.ndarray) -> np.ndarray:
        return values[m.block]

    def auc_of_blocks(n: np.ndarray) -> Callable[[np.ndarray], float]:
        return lambda block_rates: estimated_auc(n, by_block(block_rates))

    block_rates = np.array([rate[m.block == b][0] for b in blocks])
    g_window = _gradient(auc_of_blocks(window), block_rates, 1e-6)
    g_reference = _gradient(auc_of_blocks(reference), block_rates, 1e-6)

    def count_gradient(n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """dAUC / d(expected positives of bin b), dAUC / d(expected negatives of bin b)."""

        def f(counts: np.ndarray) -> float:
            return binned_auc(counts[: len(n)], counts[len(n) :])

        grad = _gradient(f, np.concatenate([n * rate, n * (1 - rate)]), 1e-4)
        return grad[: len(n)], grad[len(n) :]

    def scores_variance(n: np.ndarray) -> float:
        # a row more in bin b is positive at r_b: the derivative along (r_b, 1 - r_b)
        positive, negative = count_gradient(n)
        h = rate * positive + (1 - rate) * negative
        return float(np.sum(n * h * h))

    def labels_variance(n: np.ndarray) -> float:
        # a row of bin b turning positive
        positive, negative = count_gradient(n)
        d = positive - negative
        return float(np.sum(n * rate * (1 - rate) * d * d))

    q, q_reference = window / window.sum(), reference / reference.sum()
    rate_w, rate_r = float(q @ rate), float(q_reference @ rate)
    rate_map = np.array([np.sum((q - q_reference)[m.block == b]) for b in blocks])
    return Estimate(
        estimate=estimated_auc(window, rate),
        reference_estimate=estimated_auc(reference, rate),
        variance_scores=scores_variance(window) + scores_variance(reference),
        variance_map=float(np.sum((g_window - g_reference) ** 2 * m.variance)),
        variance_labels=labels_variance(window),
        variance_map_window=float(np.sum(g_window**2 * m.variance)),
        rate=rate_w,
        reference_rate=rate_r,
        rate_variance=float(
            (q @ rate**2 - rate_w**2) / window.sum()
            + (q_reference @ rate**2 - rate_r**2) / reference.sum()
            + np.sum(rate_map**2 * m.variance)
        ),
    )


@dataclass
class BandEstimate:
    value: float
    baseline: float
    variance: float  # of value - baseline: both histograms' sampling and the map's error


def band_calibration(
    window: np.ndarray, reference: np.ndarray, m: Map, mean_score: np.ndarray, share: np.ndarray
) -> BandEstimate:
    """One band's estimated O/E, sum n_b w_b r_b / sum n_b w_b s_b, on the window's and the
    reference's rows per bin (w_b the bin's `share` in the band, s_b its mean reference score;
    bins without reference labels left out), its variance by numerical derivatives."""
    use = (m.labels > 0) & (share > 0)
    w, s, blocks = share[use], mean_score[use], m.block[use]

    def ratio(n: np.ndarray, rate: np.ndarray) -> float:
        return float(np.sum(n * w * rate) / np.sum(n * w * s))

    def sampling(n: np.ndarray) -> float:
        # a row more in bin b: the ratio's change, per row, weighted by the bin's rows
        grad = _gradient(lambda counts: ratio(counts, m.rate[use]), n, 1e-4)
        return float(np.sum(n * grad * grad))

    window, reference = window[use], reference[use]
    unique = np.unique(blocks)
    block_rates = np.array([m.rate[use][blocks == b][0] for b in unique])

    def change(rates: np.ndarray) -> float:
        per_bin = rates[np.searchsorted(unique, blocks)]
        return ratio(window, per_bin) - ratio(reference, per_bin)

    grad = _gradient(change, block_rates, 1e-6)
    return BandEstimate(
        value=ratio(window, m.rate[use]),
        baseline=ratio(reference, m.rate[use]),
        variance=sampling(window)
        + sampling(reference)
        + float(np.sum(grad**2 * m.variance[unique])),
    )
