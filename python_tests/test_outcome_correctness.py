"""Every outcome, trust and estimated figure against pandas/numpy/sklearn on the same rows, on
every engine: the band outcomes (sums and figures, window and reference), each outcome and trust
signal's value, baseline, z_score and sample sizes, the AUC against the exact one, and the
statuses the thresholds give.

Two monitored models read one log (python_tests/outcome_data.py, where each check breaks on
purpose in its own way): `model_a` with feedback columns on the log, quantile bands, two
segment columns, a proxy and an override flag; `model_b` with its labels (a boolean) in a
separate relation, explicit band cutpoints, coarse score bins, its own maturity and absolute
calibration (O/E against 1; model_a judges it against the reference, the default).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import oracle
import pandas as pd
import pytest
from conftest import figures_only, make_warehouse
from estimation_oracle import band_calibration, calibration_map, compare, score_histogram
from harness import Project, Warehouse
from multiclass_oracle import (
    assert_class_calibration,
    assert_class_discrimination,
    assert_class_prior_shift,
    assert_top_class_figures,
    router_log,
    router_model,
)
from outcome_data import outcome_log
from pg_server import ThrowawayPostgres
from ranking_oracle import (
    assert_position_calibration,
    assert_ranking_profile,
    assert_ranking_quality,
    search_log,
    search_model,
)
from regression_oracle import (
    Design,
    assert_band_checks,
    assert_model_checks,
    claim_log,
    claims_model,
    scenario_of,
)
from sklearn.metrics import roc_auc_score
from synthetic import START, day

from retrain_gate import registry

ENGINES = ["duckdb", "postgres", "spark", "snowflake"]

AS_OF_DAY = 49
REFERENCE = (0, 29)
TOLERANCE = 1e-9
MINIMUMS: dict[str, Any] = {
    "min_window_rows": 300,
    "min_labelled_rows": 300,
    "min_band_labels": 50,
    "min_reference_rows": 1000,
}
MODEL_A: dict[str, Any] = {
    "relation": "source:raw.predictions",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "segments": ["region", "channel"],
    "score": "score",
    "features": {"numeric": ["x1"]},
    "labels": {"label": "label", "loss": "loss", "exposure": "exposure"},
    "proxy": {"metric": "proxy_metric", "target": "proxy_target"},
    "overrides": {"flag": "overridden"},
    "reference": {"start": day(REFERENCE[0]), "end": day(REFERENCE[1])},
    "window_days": 7,
    "maturity_days": 3,
    "bands": 5,
    **MINIMUMS,
}
MODEL_B: dict[str, Any] = {
    "relation": "source:raw.predictions",
    "prediction_id": "prediction_id",
    "timestamp": "scored_at",
    "segments": ["channel"],
    "score": "score",
    "features": {"numeric": ["x1"]},
    "labels": {
        "label": "is_bad",
        "loss": "loss_amount",
        "exposure": "exposure_amount",
        "relation": "source:raw.outcomes",
        "maturity_days": 2,
    },
    "reference": {"start": day(REFERENCE[0]), "end": day(REFERENCE[1])},
    "window_days": 7,
    "bands": [0.2, 0.5, 0.8],
    "histogram_bins": 10,
    "calibration": "absolute",
    **MINIMUMS,
}
SETTINGS = {"model_a": MODEL_A, "model_b": MODEL_B}
# a regression model on a log of its own in the same warehouse (python_tests/regression_oracle.py):
# its costs inflate by 30% from day 38; its figures are checked against sklearn below, and the
# binary models' tests read only SETTINGS' rows
CLAIMS = Design(
    rows_per_day=300,
    reference_days=REFERENCE[1] + 1,
    shift_day=38,
    last_day=AS_OF_DAY,
    maturity_days=5,
)

# a multiclass model on a log of its own (python_tests/multiclass_oracle.py): sales becomes three
# times as likely from day 38; its figures are checked against numpy and sklearn below
ROUTER = Design(
    rows_per_day=300,
    reference_days=REFERENCE[1] + 1,
    shift_day=38,
    last_day=AS_OF_DAY,
    maturity_days=5,
)

# a ranking model on a log of its own (python_tests/ranking_oracle.py): 50 queries of 8 results a
# day, whose searchers prefer less popular results from day 38; its figures against sklearn below
SEARCH = Design(
    rows_per_day=400,
    reference_days=REFERENCE[1] + 1,
    shift_day=38,
    last_day=AS_OF_DAY,
    maturity_days=5,
)


# The package's one place for its defaults, and its check registry (retrain_gate.registry reads
# the macros as dbt would render them).
DEFAULTS = registry.defaults()
RULES = registry.checks()
# check: (family, rule, sample), for the outcome and trust checks of binary models (both models
# here are; the regression checks have their oracle in test_regression_outcomes.py)
CHECKS: dict[str, tuple[str, str, str]] = {
    name: (check["family"], check["rule"], check["sample"])
    for name, check in RULES.items()
    if check["family"] in ("outcome", "trust")
    and "binary" in check.get("model_kinds", registry.model_kinds())
}
THRESHOLDS: dict[str, dict[str, float]] = {c: DEFAULTS["thresholds"][c] for c in CHECKS}
PSI_EPSILON = DEFAULTS["psi_epsilon"]
SUMS = [
    "n_scored",
    "n_labelled",
    "n_positive",
    "sum_score",
    "sum_score_sq",
    "n_loss",
    "sum_loss",
    "sum_exposure",
    "sum_loss_sq",
    "sum_exposure_sq",
    "sum_loss_exposure",
    "n_proxy",
    "n_proxy_positive",
    "n_proxy_target",
]
FIGURES = [
    "observed_rate",
    "expected_rate",
    "observed_to_expected",
    "calibration_z",
    "loss_ratio",
    "loss_ratio_se",
    "proxy_rate",
    "target_per_proxy",
]
SIGNAL_COLUMNS = ["value", "baseline", "z_score", "n_window", "n_reference"]
DATE_COLUMNS = ["window_start", "window_end", "reference_start", "reference_end"]


# ---------------------------------------------------------------------------------------------
# the rows each model sees, and the oracle


def _finite(values: pd.Series) -> np.ndarray:
    array = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isfinite(array), array, np.nan)


def _binary(values: pd.Series) -> np.ndarray:
    """1 / 0 / NaN: booleans map true/false, numbers 1/0, anything else is null."""
    array = pd.to_numeric(values.astype("object"), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
    return np.where((array == 1) | (array == 0), array, np.nan)


def _staged(model_id: str, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The model's rows as stg_retrain_gate__predictions stages them, with day offsets."""
    log = tables["predictions"]
    model = SETTINGS[model_id]
    rows = pd.DataFrame(
        {
            "day": (log.scored_at - pd.Timestamp(START)).dt.days.to_numpy(),
            "score": _finite(log.score),
            "overridden": _binary(log.overridden) if "overrides" in model else np.nan,
        }
    )
    for column in model["segments"]:
        rows[column] = log[column].astype("object").where(log[column].notna(), "(missing)")
    labels = model["labels"]
    feedback = log
    if "relation" in labels:
        feedback = log[["prediction_id"]].merge(
            tables["outcomes"], on="prediction_id", how="left", validate="one_to_one"
        )
    rows["label"] = _binary(feedback[labels["label"]])
    rows["loss"] = _finite(feedback[labels["loss"]])
    rows["exposure"] = _finite(feedback[labels["exposure"]])
    proxy = model.get("proxy")
    rows["proxy_metric"] = _binary(feedback[proxy["metric"]]) if proxy else np.nan
    rows["proxy_target"] = _binary(feedback[proxy["target"]]) if proxy else np.nan
    return rows


@dataclass
class Bands:
    cuts: np.ndarray  # the score's reference cuts u_0..u_m
    edges: np.ndarray  # band edges e_1 < ... < e_(k-1)


def _bands(model_id: str, rows: pd.DataFrame) -> Bands:
    """Quantile bands: band b ends at the highest cut whose level L has
    max(1, ceil(L * bands / histogram_bins)) = b; explicit cutpoints are the edges."""
    model = SETTINGS[model_id]
    bins = model.get("histogram_bins", 100)
    reference = rows[rows.day.between(*REFERENCE)]
    cuts, levels = oracle.inverted_cdf_cuts(oracle.finite(reference.score), bins)
    if isinstance(model["bands"], list):
        return Bands(cuts, np.array(model["bands"], dtype=float))
    upper: dict[int, float] = {}
    for cut, level in zip(cuts, levels, strict=True):
        upper[max(1, -(-int(level) * model["bands"] // bins))] = float(cut)
    return Bands(cuts, np.array([upper[b] for b in sorted(upper)][:-1]))


def _outcome_frame(model_id: str, eval_day: int) -> tuple[int, int]:
    """The outcome window of an evaluation day: its window moved back by maturity_days,
    starting no earlier than the day after the fixed reference (may be empty)."""
    model = SETTINGS[model_id]
    maturity = model["labels"].get("maturity_days", model.get("maturity_days", 30))
    end = eval_day - maturity
    return max(end - model["window_days"] + 1, REFERENCE[1] + 1), end


def _eval_days() -> range:
    return range(REFERENCE[1] + 1, AS_OF_DAY + 1)


def _levels(model_id: str, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows once per segment level: '(all)' and each segment column's values."""
    parts = [rows.assign(segment_name="(all)", segment_value="(all)")]
    for column in SETTINGS[model_id]["segments"]:
        parts.append(rows.assign(segment_name=column, segment_value=rows[column]))
    return pd.concat(parts, ignore_index=True)


def _outcome_rows(model_id: str, rows: pd.DataFrame, bands: Bands) -> pd.DataFrame:
    """Per scored row its band, score bin and the measures the daily profile sums."""
    scored = rows[rows.score.notna()].copy()
    labelled = scored.label.notna()
    has_loss = labelled & scored.loss.notna() & scored.exposure.notna()
    loss = scored.loss.where(has_loss, 0.0)
    exposure = scored.exposure.where(has_loss, 0.0)
    score = scored.score.where(labelled, 0.0)
    scored = scored.assign(
        band=1 + np.searchsorted(bands.edges, scored.score.to_numpy(), side="left"),
        score_bin=oracle.numeric_bins(scored.score.to_numpy(), bands.cuts),
        n_scored=1,
        n_labelled=labelled.astype(int),
        n_positive=(scored.label == 1).astype(int),
        sum_score=score,
        sum_score_sq=score * score,
        n_loss=has_loss.astype(int),
        sum_loss=loss,
        sum_exposure=exposure,
        sum_loss_sq=loss * loss,
        sum_exposure_sq=exposure * exposure,
        sum_loss_exposure=loss * exposure,
        n_proxy=scored.proxy_metric.notna().astype(int),
        n_proxy_positive=(scored.proxy_metric == 1).astype(int),
        n_proxy_target=((scored.proxy_metric == 1) & (scored.proxy_target == 1)).astype(int),
    )
    return _levels(model_id, scored)


def _ratio(numerator: Any, denominator: Any) -> np.ndarray:
    a = np.asarray(numerator, dtype=float)
    b = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b != 0, a / np.where(b != 0, b, 1.0), np.nan)


def _figures(t: pd.DataFrame, side: str) -> None:
    """The documented figures of one side's sums, in place (null where a denominator is 0)."""

    def s(name: str) -> np.ndarray:
        return t[side + name].to_numpy(dtype=float)

    t[side + "observed_rate"] = _ratio(s("n_positive"), s("n_labelled"))
    t[side + "expected_rate"] = _ratio(s("sum_score"), s("n_labelled"))
    t[side + "observed_to_expected"] = _ratio(s("n_positive"), s("sum_score"))
    spread = np.sqrt(np.maximum(s("sum_score") - s("sum_score_sq"), 0))
    t[side + "calibration_z"] = _ratio(s("n_positive") - s("sum_score"), spread)
    ratio = _ratio(s("sum_loss"), s("sum_exposure"))
    t[side + "loss_ratio"] = ratio
    n = s("n_loss")
    residual = (
        s("sum_loss_sq") - 2 * ratio * s("sum_loss_exposure") + ratio**2 * s("sum_exposure_sq")
    )
    variance = _ratio(n, n - 1) * residual
    with np.errstate(invalid="ignore"):
        t[side + "loss_ratio_se"] = _ratio(np.sqrt(np.maximum(variance, 0)), s("sum_exposure"))
    t[side + "loss_ratio_se"] = np.where(np.isnan(variance), np.nan, t[side + "loss_ratio_se"])
    t[side + "proxy_rate"] = _ratio(s("n_proxy_positive"), s("n_proxy"))
    t[side + "target_per_proxy"] = _ratio(s("n_proxy_target"), s("n_proxy_positive"))


def _band_outcomes(model_id: str, rows: pd.DataFrame, bands: Bands) -> pd.DataFrame:
    """One row per evaluation day x segment x band: window and reference sums and figures."""
    long = _outcome_rows(model_id, rows, bands)
    key = ["segment_name", "segment_value", "band"]
    reference = long[long.day.between(*REFERENCE)].groupby(key)[SUMS].sum().add_prefix("reference_")
    frames = []
    for eval_day in _eval_days():
        start, end = _outcome_frame(model_id, eval_day)
        window = long[long.day.between(start, end)].groupby(key)[SUMS].sum()
        both = window.join(reference, how="outer").fillna(0).reset_index()
        both["eval_day"], both["window_start"], both["window_end"] = eval_day, start, end
        frames.append(both)
    table = pd.concat(frames, ignore_index=True)
    table["model_id"] = model_id
    table["reference_start"], table["reference_end"] = REFERENCE
    for side in ("", "reference_"):
        _figures(table, side)
    edges = [np.nan, *bands.edges, np.nan]
    table["band_lower"] = [edges[b - 1] for b in table.band]
    table["band_upper"] = [edges[b] for b in table.band]
    return table


def _two_proportion_z(x1: Any, n1: Any, x2: Any, n2: Any) -> np.ndarray:
    x1, n1, x2, n2 = (np.asarray(v, dtype=float) for v in (x1, n1, x2, n2))
    pooled = _ratio(x1 + x2, n1 + n2)
    spread = np.sqrt(pooled * (1 - pooled) * (_ratio(1, n1) + _ratio(1, n2)))
    return _ratio(_ratio(x1, n1) - _ratio(x2, n2), spread)


def _binned_auc(labels: np.ndarray, bins: np.ndarray) -> tuple[float, float, int]:
    """(AUC from class counts per bin, ties in a bin counting one half; its error bound;
    labelled rows). NaN where a class is empty."""
    size = int(bins.max()) + 1 if len(bins) else 1
    positives = np.bincount(bins[labels == 1], minlength=size).astype(float)
    negatives = np.bincount(bins[labels == 0], minlength=size).astype(float)
    p, n = positives.sum(), negatives.sum()
    if p == 0 or n == 0:
        return math.nan, math.nan, int(p + n)
    above = positives[::-1].cumsum()[::-1] - positives
    auc = float(np.sum(negatives * (above + positives / 2)) / (p * n))
    return auc, float(0.5 * np.sum(positives * negatives) / (p * n)), int(p + n)


@dataclass
class Auc:
    value: float
    baseline: float
    bound: float
    sigma: float  # of the change: DeLong's standard errors of the window and the reference
    n_window: int
    n_reference: int
    exact: float  # sklearn on the window's rows
    exact_reference: float


def _discrimination(model_id: str, rows: pd.DataFrame, bands: Bands) -> dict[int, Auc]:
    labelled = rows[rows.score.notna() & rows.label.notna()]
    bins = oracle.numeric_bins(labelled.score.to_numpy(), bands.cuts)
    labels = labelled.label.to_numpy()
    days = labelled.day.to_numpy()
    reference = (days >= REFERENCE[0]) & (days <= REFERENCE[1])
    baseline, _, n_reference = _binned_auc(labels[reference], bins[reference])
    exact_reference = roc_auc_score(labels[reference], labelled.score.to_numpy()[reference])
    reference_variance = oracle.delong_variance(labels[reference], bins[reference].astype(float))
    found = {}
    for eval_day in _eval_days():
        start, end = _outcome_frame(model_id, eval_day)
        inside = (days >= start) & (days <= end)
        value, bound, n_window = _binned_auc(labels[inside], bins[inside])
        both = len(set(labels[inside])) == 2
        exact = roc_auc_score(labels[inside], labelled.score.to_numpy()[inside]) if both else None
        variance = oracle.delong_variance(labels[inside], bins[inside].astype(float))
        found[eval_day] = Auc(
            value,
            baseline,
            bound,
            math.sqrt(variance + reference_variance),
            n_window,
            n_reference,
            math.nan if exact is None else float(exact),
            float(exact_reference),
        )
    return found


def _calibration(model: dict[str, Any], b: Any, immature: bool) -> dict[str, Any]:
    """The calibration check of band row `b`: by default the window's O/E against the
    reference's (z of the change factor R from both binomial variances, the window's at the
    rate q an unchanged O/E predicts); with calibration: absolute, against 1."""
    sizes = {"n_window": b.n_labelled, "n_reference": b.reference_n_labelled}
    if model.get("calibration") == "absolute":
        return sizes | {
            "value": b.observed_to_expected,
            "baseline": 1.0,
            "z_score": abs(b.calibration_z),
            "unusable": immature or b.n_labelled == 0,
        }
    r0 = b.reference_observed_rate
    q = min(r0 * b.expected_rate / b.reference_expected_rate, 1.0)
    variance = (1 - q) / (b.n_labelled * q) + (1 - r0) / (b.reference_n_labelled * r0)
    change = b.observed_to_expected / b.reference_observed_to_expected
    return sizes | {
        "value": b.observed_to_expected,
        "baseline": b.reference_observed_to_expected,
        "z_score": abs(change - 1) / math.sqrt(variance),
        # the z's normal approximation needs min_positives positives on each side
        "unusable": immature
        or b.n_labelled == 0
        or b.reference_n_positive == 0
        or min(b.reference_n_positive, b.n_labelled * q)
        < THRESHOLDS["calibration"]["min_positives"],
    }


def _check_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows).astype({c: float for c in SIGNAL_COLUMNS})


def _outcome_checks(model_id: str, band_table: pd.DataFrame, auc: dict[int, Auc]) -> pd.DataFrame:
    """Each outcome check (and mix_attribution) per evaluation day, as documented in
    int_retrain_gate__outcome_checks, from the oracle's band outcomes."""
    model = SETTINGS[model_id]
    found: list[dict[str, Any]] = []

    def add(check: str, subject: str, segment: str, **values: Any) -> None:
        found.append(
            {"model_id": model_id, "check_name": check, "subject": subject, "segment": segment}
            | values
        )

    for eval_day, table in band_table.groupby("eval_day"):
        start, end = _outcome_frame(model_id, int(eval_day))
        # judged once the window holds window_days matured days after the reference
        immature = end - start + 1 < model["window_days"]
        frame = {"eval_day": eval_day, "window_start": start, "window_end": end}
        bands = table[table.segment_name == "(all)"].sort_values("band").reset_index(drop=True)
        for i, b in bands.iterrows():
            subject = f"band {b.band}"
            add("calibration", subject, "all", **frame, **_calibration(model, b, immature))
            add(
                "band_loss_shift",
                subject,
                "all",
                **frame,
                value=b.loss_ratio,
                baseline=b.reference_loss_ratio,
                z_score=_ratio(
                    b.loss_ratio - b.reference_loss_ratio,
                    math.sqrt(b.loss_ratio_se**2 + b.reference_loss_ratio_se**2),
                ).item(),
                n_window=b.n_loss,
                n_reference=b.reference_n_loss,
                unusable=immature or b.n_loss == 0,
            )
            if i + 1 == len(bands):
                continue
            up = bands.loc[i + 1]
            value = b.observed_rate - up.observed_rate
            spread = math.sqrt(
                b.observed_rate * (1 - b.observed_rate) * _ratio(1, b.n_labelled).item()
                + up.observed_rate * (1 - up.observed_rate) * _ratio(1, up.n_labelled).item()
            )
            add(
                "rank_order",
                subject,
                "all",
                **frame,
                value=value,
                baseline=b.reference_observed_rate - up.reference_observed_rate,
                z_score=_ratio(value, spread).item(),
                n_window=min(b.n_labelled, up.n_labelled),
                n_reference=min(b.reference_n_labelled, up.reference_n_labelled),
                unusable=immature or b.n_labelled == 0 or up.n_labelled == 0,
            )
            value = b.loss_ratio - up.loss_ratio
            add(
                "loss_rank_order",
                subject,
                "all",
                **frame,
                value=value,
                baseline=b.reference_loss_ratio - up.reference_loss_ratio,
                z_score=_ratio(value, math.sqrt(b.loss_ratio_se**2 + up.loss_ratio_se**2)).item(),
                n_window=min(b.n_loss, up.n_loss),
                n_reference=min(b.reference_n_loss, up.reference_n_loss),
                unusable=immature or b.n_loss == 0 or up.n_loss == 0,
            )

        a = auc[int(eval_day)]
        add(
            "discrimination",
            "model",
            "all",
            **frame,
            value=a.value,
            baseline=a.baseline,
            z_score=_ratio(a.baseline - a.value, a.sigma).item(),
            n_window=a.n_window,
            n_reference=a.n_reference,
            unusable=immature or math.isnan(a.value) or math.isnan(a.sigma),
        )

        totals = table.groupby(["segment_name", "segment_value"])[
            [*SUMS, *("reference_" + s for s in SUMS)]
        ].sum()
        t = totals.loc[("(all)", "(all)")]
        add(
            "label_coverage",
            "model",
            "all",
            **frame,
            value=_ratio(t.n_labelled, t.n_scored).item(),
            baseline=_ratio(t.reference_n_labelled, t.reference_n_scored).item(),
            z_score=_two_proportion_z(
                t.reference_n_labelled, t.reference_n_scored, t.n_labelled, t.n_scored
            ).item(),
            n_window=t.n_scored,
            n_reference=t.reference_n_scored,
            unusable=immature or t.n_scored == 0,
        )
        if "proxy" in model:
            rate = _ratio(t.n_proxy_positive, t.n_proxy).item()
            reference_rate = _ratio(t.reference_n_proxy_positive, t.reference_n_proxy).item()
            holds = rate >= (1 - THRESHOLDS["proxy_alignment"]["max_proxy_fall"]) * reference_rate
            add(
                "proxy_alignment",
                "model",
                "all",
                **frame,
                value=_ratio(t.n_proxy_target, t.n_proxy_positive).item(),
                baseline=_ratio(t.reference_n_proxy_target, t.reference_n_proxy_positive).item(),
                z_score=_two_proportion_z(
                    t.reference_n_proxy_target,
                    t.reference_n_proxy_positive,
                    t.n_proxy_target,
                    t.n_proxy_positive,
                ).item()
                if holds
                else math.nan,
                n_window=t.n_proxy_positive,
                n_reference=t.reference_n_proxy_positive,
                unusable=immature or t.n_proxy_positive == 0,
                proxy_rate=rate,
                reference_proxy_rate=reference_rate,
            )
        for column in model["segments"]:
            s = totals.loc[column]
            w_share = _ratio(s.n_labelled, s.n_labelled.sum())
            r_share = _ratio(s.reference_n_labelled, s.reference_n_labelled.sum())
            w_rate = _ratio(s.n_positive, s.n_labelled)
            r_rate = _ratio(s.reference_n_positive, s.reference_n_labelled)
            # a segment on one side only takes the other side's rate
            w_rate, r_rate = (
                np.where(np.isnan(w_rate), r_rate, w_rate),
                np.where(np.isnan(r_rate), w_rate, r_rate),
            )
            mix_terms = (w_share - r_share) * (w_rate + r_rate) / 2
            within_terms = (w_rate - r_rate) * (w_share + r_share) / 2
            mix = np.nansum(mix_terms) if (~np.isnan(mix_terms)).any() else math.nan
            within = np.nansum(within_terms) if (~np.isnan(within_terms)).any() else math.nan
            add(
                "mix_attribution",
                column,
                "all",
                **frame,
                value=_ratio(abs(mix), abs(mix) + abs(within)).item(),
                baseline=math.nan,
                z_score=abs(
                    _two_proportion_z(
                        t.n_positive, t.n_labelled, t.reference_n_positive, t.reference_n_labelled
                    ).item()
                ),
                n_window=t.n_labelled,
                n_reference=t.reference_n_labelled,
                unusable=immature or t.n_labelled == 0,
                mix=mix,
                within=within,
            )
    return _check_frame(found)


def _trust_checks(model_id: str, rows: pd.DataFrame) -> pd.DataFrame:
    """override_rate per segment level and segment_mix per segment column, the window being
    the window_days ending on the evaluation day (not lagged)."""
    model = SETTINGS[model_id]
    long = _levels(model_id, rows.assign(n_overridden=(rows.overridden == 1).astype(int)))
    key = ["segment_name", "segment_value"]
    reference = (
        long[long.day.between(*REFERENCE)]
        .groupby(key)
        .agg(r_scored=("day", "size"), r_overridden=("n_overridden", "sum"))
    )
    found: list[dict[str, Any]] = []
    for eval_day in _eval_days():
        start = eval_day - model["window_days"] + 1
        window = (
            long[long.day.between(start, eval_day)]
            .groupby(key)
            .agg(w_scored=("day", "size"), w_overridden=("n_overridden", "sum"))
        )
        counts = window.join(reference, how="outer").fillna(0).reset_index()
        base = {
            "model_id": model_id,
            "eval_day": eval_day,
            "window_start": start,
            "window_end": eval_day,
        }
        if "overrides" in model:
            z = _two_proportion_z(
                counts.w_overridden, counts.w_scored, counts.r_overridden, counts.r_scored
            )
            for c, z_score in zip(counts.itertuples(), z, strict=True):
                segment = (
                    "all" if c.segment_name == "(all)" else f"{c.segment_name}={c.segment_value}"
                )
                found.append(
                    base
                    | {
                        "check_name": "override_rate",
                        "subject": "overrides",
                        "segment": segment,
                        "value": _ratio(c.w_overridden, c.w_scored).item(),
                        "baseline": _ratio(c.r_overridden, c.r_scored).item(),
                        "z_score": z_score,
                        "n_window": c.w_scored,
                        "n_reference": c.r_scored,
                        "unusable": c.w_scored == 0,
                    }
                )
        for column in model["segments"]:
            c = counts[counts.segment_name == column]
            p = np.maximum(_ratio(c.w_scored, c.w_scored.sum()), PSI_EPSILON)
            q = np.maximum(_ratio(c.r_scored, c.r_scored.sum()), PSI_EPSILON)
            found.append(
                base
                | {
                    "check_name": "segment_mix",
                    "subject": column,
                    "segment": "all",
                    "value": float(np.sum((p - q) * np.log(p / q))),
                    "baseline": math.nan,
                    "z_score": math.nan,
                    "n_window": c.w_scored.sum(),
                    "n_reference": c.r_scored.sum(),
                    "unusable": c.w_scored.sum() == 0,
                }
            )
    return _check_frame(found)


def _severity(check: str, value: float, baseline: float, z: float) -> float:
    """How far the value goes in the direction the check flags, by its rule (check_status);
    NaN (never reaches a threshold) when min_z is set and the z-score falls short of it."""
    bounds = THRESHOLDS[check]
    if "min_z" in bounds and not (z >= bounds["min_z"]):
        return math.nan
    rule = CHECKS[check][1]
    if rule == "fold":
        return max(value, 1 / value) if value else value
    if rule == "fold_change":
        return max(value / baseline, baseline / value) if value else value / baseline
    if rule == "rise":
        return value - baseline
    if rule == "rise_factor":
        return _ratio(value, baseline).item()
    if rule == "fall":
        return _ratio(baseline - value, abs(baseline)).item()
    if rule == "z":
        effect = bounds.get("min_effect")
        return z if effect is None or baseline - value >= effect else math.nan
    return value


def _status(row: Any) -> str:
    model = SETTINGS[row.model_id]
    sample = CHECKS[row.check_name][2]
    minimum = {
        "band": model["min_band_labels"],
        "labels": model["min_labelled_rows"],
        "window": model["min_window_rows"],
    }[sample]
    # a band's reference is held to the band minimum, every other reference to min_reference_rows
    reference_minimum = minimum if sample == "band" else model["min_reference_rows"]
    if (
        row.unusable
        or math.isnan(row.value)
        or row.n_window < minimum
        or row.n_reference < reference_minimum
    ):
        return "insufficient_data"
    severity = _severity(row.check_name, row.value, row.baseline, row.z_score)
    bounds = THRESHOLDS[row.check_name]
    if severity >= bounds["breach"]:
        return "breach"
    return "warn" if severity >= bounds["warn"] else "ok"


@dataclass
class Expected:
    rows: dict[str, pd.DataFrame]  # model_id -> staged rows
    bands: dict[str, Bands]
    band_outcomes: pd.DataFrame
    auc: dict[str, dict[int, Auc]]
    signals: pd.DataFrame  # outcome and trust checks with the status they should get


@pytest.fixture(scope="module")
def expected() -> Expected:
    tables = outcome_log()
    rows = {model_id: _staged(model_id, tables) for model_id in SETTINGS}
    bands = {model_id: _bands(model_id, rows[model_id]) for model_id in SETTINGS}
    band_outcomes = {m: _band_outcomes(m, rows[m], bands[m]) for m in SETTINGS}
    auc = {m: _discrimination(m, rows[m], bands[m]) for m in SETTINGS}
    checks = pd.concat(
        [_outcome_checks(m, band_outcomes[m], auc[m]) for m in SETTINGS]
        + [_trust_checks(m, rows[m]) for m in SETTINGS],
        ignore_index=True,
    )
    checks["family"] = [CHECKS[c][0] for c in checks.check_name]
    checks["expected_status"] = [_status(row) for row in checks.itertuples()]
    return Expected(rows, bands, pd.concat(band_outcomes.values(), ignore_index=True), auc, checks)


@pytest.fixture(scope="module")
def warehouse(
    engine: str, tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres
) -> Warehouse:
    built = make_warehouse(engine, tmp_path_factory, pg_server)
    built.load(
        {
            **outcome_log(),
            "claims": claim_log(71, "level", CLAIMS).drop(columns="day"),
            "router": router_log(93, "prior", ROUTER).drop(columns="day"),
            "search": search_log(73, "behaviour", SEARCH).drop(columns="day"),
        }
    )
    models = {
        **SETTINGS,
        "claims": claims_model("claims", CLAIMS),
        "router": router_model("router", ROUTER),
        "search": {**search_model("search", SEARCH), **MINIMUMS},
    }
    project = Project(
        tmp_path_factory.mktemp("outcomes"),
        built,
        {"models": models},
        {"raw": ["predictions", "outcomes", "claims", "router", "search"]},
    )
    project.build(day(AS_OF_DAY), *figures_only(engine))
    return built


# ---------------------------------------------------------------------------------------------
# comparisons


def _days(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """Date columns as day offsets from the log's first day."""
    for column in columns:
        frame[column] = (pd.to_datetime(frame[column]) - pd.Timestamp(START)).dt.days
    return frame


def _signals(warehouse: Warehouse) -> pd.DataFrame:
    signals = warehouse.table("retrain_gate_signals")
    signals = signals[signals.family.isin(["outcome", "trust"]) & signals.model_id.isin(SETTINGS)]
    signals = signals.copy()
    signals = _days(signals, "eval_date", *DATE_COLUMNS).rename(columns={"eval_date": "eval_day"})
    return signals.astype({c: float for c in SIGNAL_COLUMNS})


def _close(got: pd.Series, want: pd.Series) -> pd.Series:
    a = pd.to_numeric(got).astype(float)
    b = pd.to_numeric(want).astype(float)
    return (a.isna() & b.isna()) | ((a - b).abs() <= TOLERANCE * np.maximum(1, b.abs()))


def _assert_close(merged: pd.DataFrame, key: list[str], pairs: list[tuple[str, str]]) -> None:
    failures = []
    for got, want in pairs:
        ok = _close(merged[got], merged[want])
        if not ok.all():
            failures.append(
                f"{got}: {int((~ok).sum())} of {len(ok)} differ, e.g.\n"
                + merged.loc[~ok, [*key, got, want]].head(8).to_string()
            )
    assert not failures, "\n\n".join(failures)


def _merge(got: pd.DataFrame, want: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    merged = got.merge(want, on=key, how="outer", suffixes=("", "_expected"), indicator=True)
    unmatched = merged[merged._merge != "both"]
    assert unmatched.empty, unmatched[[*key, "_merge"]].head(10).to_string()
    return merged


def test_bands_are_the_documented_edges(warehouse: Warehouse, expected: Expected) -> None:
    cuts = warehouse.query(
        f"select model_id, cut_value from {warehouse.schema}.int_retrain_gate__reference_cuts "
        "where feature = 'score' order by model_id, cut_index"
    )
    bounds = warehouse.query(
        "select distinct model_id, band, band_lower, band_upper "
        f"from {warehouse.schema}.retrain_gate_band_outcomes order by model_id, band"
    )
    for model_id, bands in expected.bands.items():
        got_cuts = cuts[cuts.model_id == model_id].cut_value.to_numpy(dtype=float)
        np.testing.assert_array_equal(got_cuts, bands.cuts)
        got = bounds[bounds.model_id == model_id]
        assert list(got.band) == list(range(1, len(bands.edges) + 2))
        np.testing.assert_array_equal(got.band_upper.to_numpy(dtype=float)[:-1], bands.edges)
        np.testing.assert_array_equal(got.band_lower.to_numpy(dtype=float)[1:], bands.edges)
    assert len(expected.bands["model_a"].edges) == 4
    np.testing.assert_array_equal(expected.bands["model_b"].edges, [0.2, 0.5, 0.8])


BAND_KEY = ["model_id", "eval_day", "segment_name", "segment_value", "band"]


def _band_outcomes_merged(warehouse: Warehouse, expected: Expected) -> pd.DataFrame:
    got = warehouse.table("retrain_gate_band_outcomes")
    got = _days(got[got.model_id.isin(SETTINGS)].copy(), "eval_date", *DATE_COLUMNS)
    return _merge(got.rename(columns={"eval_date": "eval_day"}), expected.band_outcomes, BAND_KEY)


def test_band_outcome_sums_and_figures_match_pandas(
    warehouse: Warehouse, expected: Expected
) -> None:
    merged = _band_outcomes_merged(warehouse, expected)
    figures = [f for f in FIGURES if f != "loss_ratio_se"]  # its own test below
    columns = [side + name for side in ("", "reference_") for name in [*SUMS, *figures]]
    columns += ["band_lower", "band_upper", *DATE_COLUMNS]
    _assert_close(merged, BAND_KEY, [(c, c + "_expected") for c in columns])
    segment = np.where(
        merged.segment_name == "(all)", "all", merged.segment_name + "=" + merged.segment_value
    )
    assert (merged.segment == segment).all()
    # the data reach the edge cases: segments on one side only, feedback that is not usable
    assert ((merged.n_scored == 0) & (merged.reference_n_scored > 0)).any()
    assert ((merged.n_scored > 0) & (merged.reference_n_scored == 0)).any()
    assert (merged.n_loss < merged.n_labelled).any()
    assert set(merged.model_id) == set(SETTINGS) and len(merged) > 1000


def test_loss_ratio_standard_error_is_the_documented_one(
    warehouse: Warehouse, expected: Expected
) -> None:
    """sqrt(n / (n - 1) * (sum l^2 - 2 R sum l e + R^2 sum e^2)) / sum e, null where a
    denominator is 0: also where a single loss (n = 1) leaves the variance undefined."""
    merged = _band_outcomes_merged(warehouse, expected)
    for side in ("", "reference_"):
        assert (merged[side + "n_loss"] > 1).any()
    assert (merged.n_loss == 1).any()  # the data hold bands with a single loss
    _assert_close(
        merged,
        [*BAND_KEY, "n_loss"],
        [(c, c + "_expected") for c in ("loss_ratio_se", "reference_loss_ratio_se")],
    )


def _compare_signals(signals: pd.DataFrame, want: pd.DataFrame) -> pd.DataFrame:
    key = ["model_id", "eval_day", "check_name", "subject", "segment"]
    merged = _merge(signals, want.drop(columns=["family"]), key)
    _assert_close(merged, key, [(c, c + "_expected") for c in [*SIGNAL_COLUMNS, *DATE_COLUMNS[:2]]])
    return merged


def test_outcome_signals_match_pandas(warehouse: Warehouse, expected: Expected) -> None:
    signals = _signals(warehouse)
    outcome = expected.signals[
        expected.signals.check_name.isin([c for c, v in CHECKS.items() if v[0] == "outcome"])
        | (expected.signals.check_name == "mix_attribution")
    ]
    got = signals[signals.check_name.isin(set(outcome.check_name))]
    merged = _compare_signals(got, outcome)
    assert set(merged.check_name) == {
        c for c, v in CHECKS.items() if v[0] == "outcome" or c == "mix_attribution"
    }
    assert (merged.reference_start == REFERENCE[0]).all()
    assert (merged.reference_end == REFERENCE[1]).all()
    # proxy_alignment: no z-score (no decoupling) once the proxy rate itself fell, from day 44
    proxy = outcome[outcome.check_name == "proxy_alignment"]
    fell = proxy.proxy_rate < 0.95 * proxy.reference_proxy_rate
    assert fell.any() and (~fell).any() and proxy[fell].z_score.isna().all()


def test_trust_signals_match_pandas(warehouse: Warehouse, expected: Expected) -> None:
    signals = _signals(warehouse)
    trust = expected.signals[expected.signals.check_name.isin(["override_rate", "segment_mix"])]
    merged = _compare_signals(signals[signals.check_name.isin(trust.check_name)], trust)
    assert (merged.reference_start == REFERENCE[0]).all()
    # segments present on one side only: legacy (the reference), new (the window)
    overrides = merged[merged.check_name == "override_rate"]
    assert set(overrides.segment) >= {"region=legacy", "region=new", "region=(missing)"}


def test_discrimination_is_the_binned_auc_within_its_bound_of_sklearn(
    warehouse: Warehouse, expected: Expected
) -> None:
    signals = _signals(warehouse)
    got = signals[signals.check_name == "discrimination"]
    reference_bound = {m: _reference_bound(expected, m) for m in SETTINGS}
    checked = 0
    for row in got.itertuples():
        auc = expected.auc[row.model_id][row.eval_day]
        assert abs(row.baseline - auc.baseline) <= TOLERANCE, (row.model_id, row.eval_day)
        assert abs(auc.exact_reference - row.baseline) <= reference_bound[row.model_id] + 1e-12
        if math.isnan(auc.value):
            assert math.isnan(row.value) and row.status == "insufficient_data"
            continue
        assert abs(row.value - auc.value) <= TOLERANCE, (row.model_id, row.eval_day)
        # the exact AUC lies within the documented bound of the binned one
        assert abs(auc.exact - row.value) <= auc.bound + 1e-12, (row.model_id, row.eval_day)
        bound = re.search(r"binning error <= ([0-9.]+)", row.detail)
        if row.status != "insufficient_data":
            assert bound is not None, row.detail
            assert abs(float(bound.group(1)) - auc.bound) <= 5e-5 + 1e-12, row.detail
        checked += 1
    assert checked >= 25
    # coarse bins (model_b: 10 histogram bins) leave a wider, but honest, bound
    assert max(a.bound for a in expected.auc["model_b"].values() if a.bound == a.bound) > max(
        a.bound for a in expected.auc["model_a"].values() if a.bound == a.bound
    )


def _reference_bound(expected: Expected, model_id: str) -> float:
    rows = expected.rows[model_id]
    reference = rows[rows.day.between(*REFERENCE) & rows.score.notna() & rows.label.notna()]
    bins = oracle.numeric_bins(reference.score.to_numpy(), expected.bands[model_id].cuts)
    return _binned_auc(reference.label.to_numpy(), bins)[1]


def test_statuses_follow_the_thresholds(warehouse: Warehouse, expected: Expected) -> None:
    signals = _signals(warehouse)
    key = ["model_id", "eval_day", "check_name", "subject", "segment"]
    merged = _merge(signals, expected.signals[[*key, "expected_status"]], key)
    wrong = merged[merged.status != merged.expected_status]
    assert wrong.empty, wrong[[*key, *SIGNAL_COLUMNS, "status", "expected_status"]].head(10)
    for check, bounds in THRESHOLDS.items():
        rows = merged[merged.check_name == check]
        assert set(rows.warn_threshold) == {bounds["warn"]}, check
        assert set(rows.breach_threshold) == {bounds["breach"]}, check
    assert set(merged.status) == {"ok", "warn", "breach", "insufficient_data"}


def test_outcome_windows_not_yet_full_are_insufficient_data(warehouse: Warehouse) -> None:
    signals = _signals(warehouse)
    lagged = signals[signals.family.eq("outcome") | signals.check_name.eq("mix_attribution")]
    for model_id, model in SETTINGS.items():
        maturity = model["labels"].get("maturity_days", model.get("maturity_days"))
        rows = lagged[lagged.model_id == model_id]
        # the first maturity_days evaluation dates after the reference have no matured labels
        empty = rows[rows.eval_day <= REFERENCE[1] + maturity]
        assert set(empty.eval_day) == set(range(REFERENCE[1] + 1, REFERENCE[1] + maturity + 1))
        assert (empty.window_end < empty.window_start).all()
        assert (empty.n_window == 0).all()
        assert (empty.status == "insufficient_data").all()
        # then the window grows a matured day at a time; it is judged once it is full
        first_full = REFERENCE[1] + maturity + model["window_days"]
        short = rows[rows.eval_day < first_full]
        assert (short.window_start == REFERENCE[1] + 1).all()
        assert (short.status == "insufficient_data").all()
        full = rows[rows.eval_day >= first_full]
        assert (full.window_end - full.window_start + 1 == model["window_days"]).all()
        assert (full.status != "insufficient_data").any()
    # trust checks are not lagged: usable from the first evaluation date
    first = signals[(signals.check_name == "segment_mix") & (signals.eval_day == REFERENCE[1] + 1)]
    assert (first.status != "insufficient_data").all() and len(first) == 3


def test_each_check_breaches_where_the_data_break_it(warehouse: Warehouse) -> None:
    signals = _signals(warehouse)
    a = signals[signals.model_id == "model_a"]
    statuses = a.groupby("check_name").status.agg(set)
    for check in CHECKS:
        assert {"breach", "ok"} <= statuses[check], (check, statuses[check])

    def breaches(check: str, subject: str, segment: str = "all") -> set[int]:
        rows = a[(a.check_name == check) & (a.subject == subject) & (a.segment == segment)]
        return set(rows[rows.status == "breach"].eval_day)

    def from_day(check: str, subject: str, first: int, segment: str = "all") -> bool:
        """Breaches, and only on evaluation days from `first` on."""
        found = breaches(check, subject, segment)
        return bool(found) and min(found) >= first

    # band 2 (scores 0.16..0.24) turns positive 75% of the time from prediction day 38,
    # matured on day 41: its O/E and its inversion against band 3 breach, and its losses
    assert from_day("calibration", "band 2", 41)
    assert from_day("rank_order", "band 2", 41)
    assert from_day("loss_rank_order", "band 2", 41)
    assert not breaches("calibration", "band 4")
    # band 5's losses are 2.5x as large from prediction day 38
    assert from_day("band_loss_shift", "band 5", 41)
    # coin-flip labels from prediction day 41; half as many labels from day 41
    assert from_day("discrimination", "model", 44)
    assert from_day("label_coverage", "model", 44)
    # target per proxy halves from prediction day 36 (matured on 39); the proxy rate itself
    # falls from day 44 (matured on 47): no decoupling, no breach
    assert from_day("proxy_alignment", "model", 39)
    assert not breaches("proxy_alignment", "model") & {47, 48, 49}
    # the region shares move on day 33: segment_mix as the window takes the new days, and
    # the observed rate's change is mostly mix from the first full outcome window (day 39)
    assert set(range(39, 50)) <= breaches("segment_mix", "region") <= set(range(33, 50))
    assert not breaches("segment_mix", "channel")
    assert 39 in breaches("mix_attribution", "region")
    assert not breaches("mix_attribution", "channel")
    # region west's overrides rise from day 43; east's do not
    assert from_day("override_rate", "overrides", 43, "region=west")
    assert not breaches("override_rate", "overrides", "region=east")
    # model_b: from day 40 scores above 0.5 are bad 30% of the time
    b = signals[(signals.model_id == "model_b") & (signals.status == "breach")]
    assert set(b[b.check_name == "calibration"].subject) <= {"band 3", "band 4"}
    assert not b[b.check_name == "calibration"].empty


BOOTSTRAP_DAY = 40  # outcome window days 31..37 of model_a: before anything breaks


def _bootstrap_sd(
    window: pd.DataFrame, reference: pd.DataFrame, statistic: Any, draws: int = 400
) -> float:
    """The sd of statistic(window*, reference*) over row bootstraps of each side."""
    rng = np.random.default_rng(7)
    found = [
        statistic(
            window.iloc[rng.integers(0, len(window), len(window))],
            reference.iloc[rng.integers(0, len(reference), len(reference))],
        )
        for _ in range(draws)
    ]
    return float(np.std(found, ddof=1))


def test_auc_change_sd_is_delong_and_agrees_with_a_row_bootstrap(
    warehouse: Warehouse, expected: Expected
) -> None:
    rows = _outcome_rows("model_a", expected.rows["model_a"], expected.bands["model_a"])
    rows = rows[(rows.segment_name == "(all)") & (rows.n_labelled == 1)]
    start, end = _outcome_frame("model_a", BOOTSTRAP_DAY)
    window, reference = rows[rows.day.between(start, end)], rows[rows.day.between(*REFERENCE)]

    def change(w: pd.DataFrame, r: pd.DataFrame) -> float:
        auc = [_binned_auc(s.n_positive.to_numpy(), s.score_bin.to_numpy())[0] for s in (r, w)]
        return auc[0] - auc[1]

    sigma = expected.auc["model_a"][BOOTSTRAP_DAY].sigma
    signals = _signals(warehouse)
    row = signals[
        (signals.model_id == "model_a")
        & (signals.check_name == "discrimination")
        & (signals.eval_day == BOOTSTRAP_DAY)
    ].iloc[0]
    reported = re.search(r"se of the change ([0-9.]+)", row.detail)
    assert reported is not None, row.detail
    assert abs(float(reported.group(1)) - sigma) <= 5e-5 + 1e-12
    assert abs(_bootstrap_sd(window, reference, change) / sigma - 1) < 0.1


def test_calibration_change_sd_agrees_with_a_row_bootstrap(expected: Expected) -> None:
    rows = _outcome_rows("model_a", expected.rows["model_a"], expected.bands["model_a"])
    rows = rows[(rows.segment_name == "(all)") & (rows.n_labelled == 1)]
    start, end = _outcome_frame("model_a", BOOTSTRAP_DAY)
    table = expected.band_outcomes
    checked = 0
    for band in (3, 4, 5):
        in_band = rows[rows.band == band]
        window, reference = in_band[in_band.day.between(start, end)], in_band[in_band.day <= 29]

        def change(w: pd.DataFrame, r: pd.DataFrame) -> float:
            return float(w.n_positive.sum() / w.sum_score.sum()) / float(
                r.n_positive.sum() / r.sum_score.sum()
            )

        b = table[
            (table.model_id == "model_a")
            & (table.eval_day == BOOTSTRAP_DAY)
            & (table.segment_name == "(all)")
            & (table.band == band)
        ].iloc[0]
        figures = _calibration(MODEL_A, b, False)
        sd = abs(change(window, reference) - 1) / figures["z_score"]
        assert abs(_bootstrap_sd(window, reference, change) / sd - 1) < 0.1, band
        checked += 1
    assert checked == 3


def _band_shares(reference: pd.DataFrame, bands: Bands) -> dict[int, np.ndarray]:
    """Per band, each score bin's share of its reference rows in the band."""
    bins = oracle.numeric_bins(reference.score.to_numpy(), bands.cuts)
    band = 1 + np.searchsorted(bands.edges, reference.score.to_numpy(), side="left")
    size = len(bands.cuts) + 2
    totals = np.bincount(bins, minlength=size).astype(float)
    return {
        int(k): np.bincount(bins[band == k], minlength=size) / np.maximum(totals, 1)
        for k in np.unique(band)
    }


def test_estimated_signals_match_numpy(warehouse: Warehouse, expected: Expected) -> None:
    """The estimated family on this engine against python_tests/estimation_oracle.py on the
    staged rows: the map from the reference's labelled scores, the evaluation date's own window
    of scores, and the outcome window's labelled scores (docs/estimated.md)."""
    signals = warehouse.table("retrain_gate_signals")
    signals = _days(signals[signals.family == "estimated"].copy(), "eval_date")
    checked = 0
    for model_id, rows in expected.rows.items():
        cuts = expected.bands[model_id].cuts
        scored = rows[rows.score.notna()]
        labelled = scored[scored.label.notna()]

        reference = labelled[labelled.day.between(*REFERENCE)]
        rates = calibration_map(reference.score.to_numpy(), reference.label.to_numpy(), cuts)
        bands = _band_shares(scored[scored.day.between(*REFERENCE)], expected.bands[model_id])
        ref_bins = oracle.numeric_bins(reference.score.to_numpy(), cuts)
        sums = np.bincount(ref_bins, weights=reference.score, minlength=len(cuts) + 2)
        mean_score = sums / np.maximum(rates.labels, 1)
        for eval_day in _eval_days():
            window = SETTINGS[model_id]["window_days"]
            recent = compare(
                score_histogram(scored, cuts, eval_day - window + 1, eval_day),
                score_histogram(scored, cuts, *REFERENCE),
                rates,
            )
            first, last = _outcome_frame(model_id, eval_day)
            matured = compare(
                score_histogram(labelled, cuts, first, last),
                score_histogram(labelled, cuts, *REFERENCE),
                rates,
            )
            got = signals[(signals.model_id == model_id) & (signals.eval_date == eval_day)]
            row = got.set_index("check_name")
            estimate = row.loc["estimated_discrimination"]
            assert estimate.value == pytest.approx(recent.estimate, abs=TOLERANCE)
            assert estimate.baseline == pytest.approx(recent.reference_estimate, abs=TOLERANCE)
            z = (recent.reference_estimate - recent.estimate) / math.sqrt(
                recent.variance_scores + recent.variance_map
            )
            assert estimate.z_score == pytest.approx(z, rel=1e-5, abs=1e-6)
            rate = row.loc["estimated_positive_rate"]
            assert rate.value == pytest.approx(recent.rate, abs=TOLERANCE)
            assert rate.baseline == pytest.approx(recent.reference_rate, abs=TOLERANCE)
            for band, share in bands.items():
                got_band = got[
                    (got.check_name == "estimated_calibration") & (got.subject == f"band {band}")
                ]
                want = band_calibration(
                    score_histogram(scored, cuts, eval_day - window + 1, eval_day),
                    score_histogram(scored, cuts, *REFERENCE),
                    rates,
                    mean_score,
                    share,
                )
                assert len(got_band) == 1, (model_id, eval_day, band)
                assert got_band.value.iloc[0] == pytest.approx(want.value, abs=TOLERANCE)
                assert got_band.baseline.iloc[0] == pytest.approx(want.baseline, abs=TOLERANCE)
                z = abs(want.value - want.baseline) / math.sqrt(want.variance)
                if math.isnan(got_band.z_score.iloc[0]):  # a band the mix cannot move
                    assert want.value == pytest.approx(want.baseline, abs=TOLERANCE)
                else:
                    assert got_band.z_score.iloc[0] == pytest.approx(z, rel=1e-5, abs=1e-6)
            if not math.isnan(matured.estimate):
                explained = row.loc["explained_by_score_mix"]
                assert explained.baseline == pytest.approx(matured.estimate, abs=TOLERANCE)
            checked += 1
    assert checked == len(SETTINGS) * len(_eval_days())


def test_regression_signals_match_sklearn(warehouse: Warehouse) -> None:
    """A regression model's figures on this engine: error_growth, bias_shift, the band outcomes
    (mean label and prediction, bias, MAE, RMSE), calibration and rank_order, against sklearn
    and numpy on the same rows (python_tests/regression_oracle.py)."""
    frames = {"claims": claim_log(71, "level", CLAIMS)}
    scenario = scenario_of(warehouse, CLAIMS, frames)
    for eval_day in [45, AS_OF_DAY]:
        assert_model_checks(scenario, "claims", eval_day)
    assert_band_checks(scenario, "claims", AS_OF_DAY)
    bias = scenario.signals[
        (scenario.signals.check_name == "bias_shift") & (scenario.signals.eval_day == AS_OF_DAY)
    ]
    assert bias.status.tolist() == ["breach"], bias.detail.tolist()


def test_multiclass_signals_match_sklearn(warehouse: Warehouse) -> None:
    """A multiclass model's figures on this engine: the band outcomes of its top class, the
    discrimination AUC, class_prior_shift and class_discrimination, against numpy and sklearn
    on the same rows
    (python_tests/multiclass_oracle.py)."""
    scenario = scenario_of(warehouse, ROUTER, {"router": router_log(93, "prior", ROUTER)})
    for eval_day in [45, AS_OF_DAY]:
        assert_top_class_figures(scenario, "router", eval_day)
        assert_class_prior_shift(scenario, "router", eval_day)
        assert_class_discrimination(scenario, "router", eval_day)
        assert_class_calibration(scenario, "router", eval_day)
    shift = scenario.signals[
        (scenario.signals.check_name == "class_prior_shift")
        & (scenario.signals.eval_day == AS_OF_DAY)
    ]
    assert shift.status.tolist() == ["breach"], shift.detail.tolist()
    assert "class sales:" in shift.detail.iloc[0]


def test_ranking_signals_match_sklearn(warehouse: Warehouse) -> None:
    """A ranking model's figures on this engine: every row of its daily ranking profile, and
    ranking_quality (mean NDCG@k by sklearn's ndcg_score, precision@k, MRR@k) and
    position_calibration, against sklearn and numpy on the same rows
    (python_tests/ranking_oracle.py)."""
    scenario = scenario_of(warehouse, SEARCH, {"search": search_log(73, "behaviour", SEARCH)})
    assert_ranking_profile(warehouse, scenario, "search")
    for eval_day in [45, AS_OF_DAY]:
        assert_ranking_quality(scenario, "search", eval_day)
        assert_position_calibration(scenario, "search", eval_day)
    quality = scenario.signals[
        (scenario.signals.check_name == "ranking_quality")
        & (scenario.signals.eval_day == AS_OF_DAY)
    ]
    assert quality.status.tolist() == ["breach"], quality.detail.tolist()
