"""Independent numpy/scipy computations of what retrain_gate computes in SQL, from raw rows and
the documented definitions (docs/drift.md)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp, kurtosis, rankdata

Floats = NDArray[np.float64]

#: The integrity checks (docs/integrity.md), each judged on every evaluation date.
INTEGRITY_CHECKS = {
    "null_spike",
    "scale_shift",
    "frozen_values",
    "unseen_categories",
    "stale_entities",
    "identical_histogram",
    "source_freshness",
}


def finite(values: pd.Series) -> Floats:
    """The values the package measures: NaN and +/-infinity are nulls."""
    array = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return array[np.isfinite(array)]


def inverted_cdf_cuts(values: Floats, histogram_bins: int) -> tuple[Floats, NDArray[np.int64]]:
    """Distinct values at ranks max(1, ceil(i * n / Q)), i = 0..Q (integer arithmetic), with
    the highest level i landing on each."""
    ordered = np.sort(values)
    n = len(ordered)
    levels = np.arange(histogram_bins + 1)
    ranks = np.maximum(1, -(-levels * n // histogram_bins))
    picked = ordered[ranks - 1]
    cuts = np.unique(picked)
    last_level = np.array([levels[picked == cut].max() for cut in cuts])
    return cuts, last_level


def numeric_bins(values: Floats, cuts: Floats) -> NDArray[np.int64]:
    """0 below u_0, m + 2 above u_m, else 1 + the number of cuts strictly below the value."""
    inside = 1 + np.searchsorted(cuts, values, side="left")
    return np.where(values < cuts[0], 0, np.where(values > cuts[-1], len(cuts) + 1, inside))


def drift_bin_map(
    levels: NDArray[np.int64], histogram_bins: int, drift_bins: int
) -> NDArray[np.int64]:
    """Drift bin of every histogram bin 0..m + 2: 0, max(1, ceil(level * D / Q)) ..., D + 1."""
    inside = np.maximum(1, -(-levels * drift_bins // histogram_bins))
    return np.concatenate([[0], inside, [drift_bins + 1]])


def shares(counts: NDArray[np.int64]) -> Floats:
    total = counts.sum()
    return counts / total if total else np.zeros(len(counts))


def psi(p: Floats, q: Floats, epsilon: float) -> float:
    pe, qe = np.maximum(p, epsilon), np.maximum(q, epsilon)
    return float(np.sum((pe - qe) * np.log(pe / qe)))


def js_distance(p: Floats, q: Floats) -> float:
    return float(jensenshannon(p, q, base=2))


def binned_ks(p: Floats, q: Floats) -> float:
    return float(np.max(np.abs(np.cumsum(p) - np.cumsum(q))))


def exact_ks(window: Floats, reference: Floats) -> float:
    return float(ks_2samp(window, reference).statistic)


def top_categories(values: Sequence[str], k: int) -> list[str]:
    """The k most frequent values, ties broken by name."""
    counts = pd.Series(list(values)).value_counts()
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [str(name) for name, _ in ordered[:k]]


def categorical_bins(values: Sequence[str], top: list[str], seen: set[str]) -> NDArray[np.int64]:
    """1..k for the top categories, k + 1 for other reference categories, k + 2 for unseen."""
    position = {name: i + 1 for i, name in enumerate(top)}
    k = len(top)
    return np.array([position.get(v, k + 1 if v in seen else k + 2) for v in values], dtype=int)


def sd_ratio_z(window: Floats, reference: Floats) -> float | None:
    """|ln(s_w / s_r)| over its large-sample sd, with the variance of ln(s^2) for a sample of
    n from a distribution of kurtosis k taken as 2 / (n - 1) + (k - 3) / n (Layard 1973), k the
    reference's (scipy's biased Pearson kurtosis)."""
    n_w, n_r = len(window), len(reference)
    if n_w < 2 or n_r < 2:
        return None
    s_w, s_r = np.std(window, ddof=1), np.std(reference, ddof=1)
    if s_w <= 0 or s_r <= 0:
        return None
    k = float(kurtosis(reference, fisher=False, bias=True))
    variance = 2 / (n_w - 1) + (k - 3) / n_w + 2 / (n_r - 1) + (k - 3) / n_r
    return float(abs(np.log(s_w / s_r)) / np.sqrt(variance / 4))


def delong_variance(labels: NDArray[np.int64], scores: Floats) -> float:
    """DeLong's variance of the AUC of `scores` for the 0/1 `labels`, from midranks (ties count
    one half): S10 / P + S01 / N, S10 and S01 the sample variances of the positives' and the
    negatives' placements. NaN below 2 of a class."""
    positives, negatives = scores[labels == 1], scores[labels == 0]
    p, n = len(positives), len(negatives)
    if p < 2 or n < 2:
        return float("nan")
    every = rankdata(np.concatenate([positives, negatives]))
    # a positive's placement: the share of negatives below it (ties one half), from ranks
    v10 = (every[:p] - rankdata(positives)) / n
    v01 = 1 - (every[p:] - rankdata(negatives)) / p
    return float(np.var(v10, ddof=1) / p + np.var(v01, ddof=1) / n)
