"""Seeded generators of prediction logs for the operating-characteristics harness.

A log is one monitored model's predictions, one row each, over `days` consecutive days that
end on a common last day (see `calendar_day`), so that every model of a suite shares one
as-of date. The first `REFERENCE_DAYS` days are the model's fixed reference.

Every log is QUIET unless its spec names a STORY: from `start_day` (a day index of the log,
0 = its first day) one thing breaks, by `size`:

* ``auc_drop``: a share s of the labels is redrawn independently of the score, at the same
  prevalence. With the calibrated probability's AUC alpha, the AUC of such a mixture is exactly
  0.5 + (1 - s)(alpha - 0.5), so s = size / (alpha - 0.5) makes the AUC fall by `size`
  (`verify_auc_drop` checks it with sklearn);
* ``null_rate``: `amount` is null on `size` more of the rows (absolute points);
* ``unseen``: `product` takes one of three categories never seen before on `size` of the rows;
* ``overrides``: the override rate rises by `size` (absolute points);
* ``cost_level`` (a regression model, `kind: regression`): every paid cost is `size` larger
  (relative) at the same predicted cost: the target changed.

A regression log (spec `kind` regression) has two more columns, drawn after all the others so
that the rest of the log is that of a binary spec with the same seed: `predicted_cost` =
exp(4 + 0.5 risk) and `paid_cost`, gamma-distributed with shape 2 around it (a calibrated model
of a skewed target). A ranking log (`kind` ranking) has three, likewise: `query_id`, every
RESULTS consecutive predictions forming one list, `position`, each row's place in its list by
descending score, and `relevance`, the label graded 0..3 (0 where the label is 0, else 1 plus a
binomial(2, 0.3) draw).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

import numpy as np
import pandas as pd

#: The first day of the longest log; every log ends on calendar_day(TOTAL_DAYS - 1).
START = date(2023, 1, 2)  # a Monday
REFERENCE_DAYS = 60
EVAL_DAYS = 365
TOTAL_DAYS = REFERENCE_DAYS + EVAL_DAYS
MATURITY_DAYS = 7
WINDOW_DAYS = 7
RESULTS = 10  # a ranking log's results per query

#: The slope of the calibrated probability's logit on the latent risk: an AUC of about 0.77.
SLOPE = 1.25
WEEKEND_VOLUME = 0.6  # a weekend day's volume, as a share of a weekday's
NULL_RATE = 0.01  # `amount`'s and `tenure`'s steady null rate
OVERRIDE_RATE = 0.05
PRODUCTS = [f"p{i}" for i in range(1, 9)]
PRODUCT_SHARES = (1.0 / np.arange(1, 9)) / (1.0 / np.arange(1, 9)).sum()
REGIONS = ["north", "south", "east", "west", "central"]
REGION_SHARES = np.array([0.3, 0.25, 0.2, 0.15, 0.1])
UNSEEN_PRODUCTS = ["new_a", "new_b", "new_c"]
CHANNELS = ["web", "app"]
CHANNEL_SHARES = np.array([0.6, 0.4])
#: `basket`'s mean by day of week (Monday first): busier baskets on Friday and the weekend.
BASKET_BY_WEEKDAY = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 2.5, 2.5])

STORIES = {
    "auc_drop": "retrain",
    "null_rate": "fix_data",
    "unseen": "fix_data",
    "overrides": "investigate",
    "cost_level": "retrain",
}
#: The stories told on a regression model.
REGRESSION_STORIES = {"cost_level"}
#: The feature each story breaks (the verdict's reason or evidence must name it).
STORY_FEATURE = {"null_rate": "amount", "unseen": "product"}
STORY_SIZES = {
    "auc_drop": (0.01, 0.02, 0.05),
    "null_rate": (0.05, 0.10, 0.25),
    "unseen": (0.02, 0.05, 0.10),
    "overrides": (0.03, 0.06, 0.12),
    "cost_level": (0.05, 0.10, 0.25),
}


@dataclass(frozen=True)
class LogSpec:
    """One monitored model's log: `volume` predictions on an average day, a `prevalence` of
    positives, a calibrated score or a monotone transform of it (p**3: a ranking score), and
    optionally a story starting on day `start_day` of the log."""

    name: str
    volume: int
    prevalence: float
    calibrated: bool = True
    days: int = TOTAL_DAYS
    seed: int = 0
    story: str | None = None
    size: float = 0.0
    start_day: int = 0
    kind: str = "binary"

    @property
    def offset(self) -> int:
        """The log's first day, as a day of the calendar (0 = START)."""
        return TOTAL_DAYS - self.days

    def day(self, index: int) -> date:
        """Day `index` of this log (0 = its first day) as a date."""
        return calendar_day(self.offset + index)

    @property
    def reference(self) -> tuple[date, date]:
        return self.day(0), self.day(REFERENCE_DAYS - 1)


def calendar_day(index: int) -> date:
    return START + timedelta(days=index)


def _expit(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float))))


@cache
def intercept(prevalence: float) -> float:
    """The logit intercept a with mean(expit(a + SLOPE z)) = prevalence, z standard normal."""
    z = np.random.default_rng(0).standard_normal(400_000)
    low, high = -15.0, 15.0
    for _ in range(60):
        middle = (low + high) / 2
        if _expit(middle + SLOPE * z).mean() < prevalence:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@cache
def base_auc(prevalence: float) -> float:
    """The AUC of the calibrated probability against labels drawn from it (a large sample)."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(1)
    p = _expit(intercept(prevalence) + SLOPE * rng.standard_normal(400_000))
    return float(roc_auc_score(rng.random(p.size) < p, p))


def redraw_share(drop: float, prevalence: float) -> float:
    """The share of labels to redraw independently of the score for the AUC to fall by `drop`:
    the AUC of the mixture is 0.5 + (1 - s)(alpha - 0.5), alpha the AUC before."""
    return drop / (base_auc(prevalence) - 0.5)


def _categorical(codes: np.ndarray, categories: list[str]) -> pd.Categorical[str]:
    return pd.Categorical.from_codes(codes, categories=pd.Index(categories))


def prediction_log(spec: LogSpec) -> pd.DataFrame:
    """The log of `spec`: one row per prediction, in time order. Columns: prediction_id (int),
    scored_at, customer_id (int), channel (segment), score, amount, tenure, visits, basket
    (numeric), product, region (categorical, as pandas Categorical), label, clicked, engaged
    (proxy/target), overridden (0/1)."""
    rng = np.random.default_rng([spec.seed, spec.volume, int(spec.prevalence * 1000)])
    day_index = np.arange(spec.days)
    weekday = np.array([spec.day(int(d)).weekday() for d in day_index])
    weekday_volume = spec.volume * 7 / (5 + 2 * WEEKEND_VOLUME)
    expected = np.where(weekday >= 5, WEEKEND_VOLUME * weekday_volume, weekday_volume)
    counts = rng.poisson(expected)
    day = np.repeat(day_index, counts)
    n = int(counts.sum())
    seconds = np.sort(rng.integers(0, 86_400, n) + day * 86_400)  # time order within a day
    first = pd.Timestamp(spec.day(0))
    scored_at = first + pd.to_timedelta(seconds, unit="s")
    broken = (day >= spec.start_day) if spec.story else np.zeros(n, dtype=bool)

    risk = rng.standard_normal(n)
    p = _expit(intercept(spec.prevalence) + SLOPE * risk)
    label = rng.random(n) < p
    if spec.story == "auc_drop":
        redrawn = broken & (rng.random(n) < redraw_share(spec.size, spec.prevalence))
        label[redrawn] = rng.random(int(redrawn.sum())) < spec.prevalence
    score = p if spec.calibrated else p**3

    amount = np.round(rng.lognormal(4.0 + 0.25 * risk, 0.7), 2)
    null_rate = NULL_RATE + (spec.size if spec.story == "null_rate" else 0.0)
    amount[rng.random(n) < np.where(broken, null_rate, NULL_RATE)] = np.nan
    tenure = np.round(rng.gamma(2.0, 12.0, n) * np.exp(-0.1 * risk), 1)
    tenure[rng.random(n) < NULL_RATE / 2] = np.nan
    visits = rng.poisson(np.where(risk > 0, 4.0, 3.0)).astype(float)
    basket = rng.normal(50.0 + BASKET_BY_WEEKDAY[weekday[day]], 10.0)

    product = rng.choice(len(PRODUCTS), n, p=PRODUCT_SHARES)
    if spec.story == "unseen":
        unseen = broken & (rng.random(n) < spec.size)
        product[unseen] = len(PRODUCTS) + rng.integers(0, len(UNSEEN_PRODUCTS), int(unseen.sum()))
    region = rng.choice(len(REGIONS), n, p=REGION_SHARES)
    channel = rng.choice(len(CHANNELS), n, p=CHANNEL_SHARES)

    override_rate = OVERRIDE_RATE + (spec.size if spec.story == "overrides" else 0.0)
    overridden = rng.random(n) < np.where(broken, override_rate, OVERRIDE_RATE)
    clicked = rng.random(n) < 0.3
    engaged = rng.random(n) < np.where(clicked, 0.6, 0.1)
    customers = max(500, 5 * spec.volume)
    customer_id = rng.integers(0, customers, n)
    regression = {}
    if spec.kind == "regression":
        predicted = np.exp(4.0 + 0.5 * risk)
        level = np.where(broken, 1.0 + spec.size, 1.0) if spec.story == "cost_level" else 1.0
        paid = rng.gamma(2.0, predicted * level / 2)
        regression = {"predicted_cost": predicted, "paid_cost": paid}
    if spec.kind == "ranking":
        query = np.arange(n) // RESULTS
        order = np.lexsort((-score, query))
        position = np.empty(n, dtype=np.int64)
        position[order] = np.arange(n) - query[order] * RESULTS + 1
        grade = np.where(label, 1 + rng.binomial(2, 0.3, n), 0)
        regression = {"query_id": query, "position": position, "relevance": grade.astype(np.int8)}
    return pd.DataFrame(
        {
            "prediction_id": np.arange(n, dtype=np.int64),
            "scored_at": scored_at,
            "customer_id": customer_id,
            "channel": _categorical(channel, CHANNELS),
            "score": score,
            "amount": amount,
            "tenure": tenure,
            "visits": visits,
            "basket": basket,
            "product": _categorical(product, PRODUCTS + UNSEEN_PRODUCTS),
            "region": _categorical(region, REGIONS),
            "label": label.astype(np.int8),
            "clicked": clicked.astype(np.int8),
            "engaged": engaged.astype(np.int8),
            "overridden": overridden.astype(np.int8),
            **regression,
        }
    )


def model_config(spec: LogSpec, schema: str = "raw") -> dict[str, object]:
    """The retrain_gate entry of the model that monitors `spec`'s log."""
    start, end = spec.reference
    if spec.kind == "regression":
        # the same model, its prediction a cost; a proxy stands for a 0/1 target: none
        binary = model_config(replace(spec, kind="binary"), schema)
        del binary["proxy"]
        return {
            **binary,
            "kind": "regression",
            "score": "predicted_cost",
            "labels": {"label": "paid_cost", "maturity_days": MATURITY_DAYS},
        }
    if spec.kind == "ranking":
        # the same model, its rows the results of queries; clicked still proxies engaged
        return {
            **model_config(replace(spec, kind="binary"), schema),
            "kind": "ranking",
            "query_id": "query_id",
            "rank": "position",
            "labels": {"label": "relevance", "maturity_days": MATURITY_DAYS},
        }
    return {
        "relation": f"source:{schema}.{spec.name}",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "entity_id": "customer_id",
        "segments": ["channel"],
        "score": "score",
        "features": {
            "numeric": ["amount", "tenure", "visits", "basket"],
            "categorical": ["product", "region"],
        },
        "labels": {"label": "label", "maturity_days": MATURITY_DAYS},
        "proxy": {"metric": "clicked", "target": "engaged"},
        "overrides": {"flag": "overridden"},
        "reference": {"start": start.isoformat(), "end": end.isoformat()},
        "window_days": WINDOW_DAYS,
    }


def realized(spec: LogSpec, log: pd.DataFrame) -> dict[str, float]:
    """What the log really holds, before and after the story's start (the whole evaluation
    period for a quiet log): AUC, null rate of amount, unseen share of product, override rate."""
    from sklearn.metrics import roc_auc_score

    day = (log.scored_at - pd.Timestamp(spec.day(0))).dt.days.to_numpy()
    split = spec.start_day if spec.story else REFERENCE_DAYS
    figures: dict[str, float] = {}
    for side, rows in (("before", day < split), ("after", day >= split)):
        part = log[rows]
        if part.label.nunique() == 2:
            figures[f"auc_{side}"] = float(roc_auc_score(part.label, part.score))
        figures[f"null_rate_{side}"] = float(part.amount.isna().mean())
        figures[f"unseen_{side}"] = float(part["product"].isin(UNSEEN_PRODUCTS).mean())
        figures[f"override_rate_{side}"] = float(part.overridden.mean())
        if spec.kind == "regression":
            figures[f"cost_ratio_{side}"] = float(part.paid_cost.sum() / part.predicted_cost.sum())
    if "auc_before" in figures and "auc_after" in figures:
        figures["auc_drop"] = figures["auc_before"] - figures["auc_after"]
    return figures


def verify_auc_drop(prevalence: float, drop: float, rows: int = 400_000, seed: int = 7) -> float:
    """The AUC drop the auc_drop story really makes, on a large sample (sklearn's exact AUC):
    the label rule of prediction_log applied to `rows` predictions before and after."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(seed)
    p = _expit(intercept(prevalence) + SLOPE * rng.standard_normal(rows))
    label = rng.random(rows) < p
    before = float(roc_auc_score(label, p))
    redrawn = rng.random(rows) < redraw_share(drop, prevalence)
    label[redrawn] = rng.random(int(redrawn.sum())) < prevalence
    return before - float(roc_auc_score(label, p))


def with_text_categoricals(log: pd.DataFrame) -> pd.DataFrame:
    """The log with its categorical columns as plain text (a warehouse's varchar, where pandas
    categoricals would load as enums)."""
    categorical = [c for c in log.columns if isinstance(log[c].dtype, pd.CategoricalDtype)]
    return log.astype(dict.fromkeys(categorical, object))
