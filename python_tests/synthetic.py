"""Small synthetic prediction logs with known properties, for the correctness tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

START = date(2024, 1, 1)
CATEGORIES = [f"c{i:02d}" for i in range(12)]


def prediction_log(seed: int = 11, days: int = 50, rows_per_day: int = 300) -> pd.DataFrame:
    """`days` days of predictions; from day 36 lognormal_f is scaled by 1.6 and two unseen
    categories take 15% of cat_f; step_f is the constant 5 for the first 30 days, then 4, 5
    or 6; normal_f has nulls, NaN and infinities; count_f is Poisson (ties on every value)."""
    rng = np.random.default_rng(seed)
    n = days * rows_per_day
    day = np.repeat(np.arange(days), rows_per_day)
    seconds = rng.integers(0, 86_400, n)
    scored_at = pd.to_datetime(START) + pd.to_timedelta(day * 86_400 + seconds, unit="s")
    late = day >= 36

    normal = rng.normal(0.0, 1.0, n)
    normal[rng.random(n) < 0.03] = np.nan
    normal[rng.random(n) < 0.005] = np.inf
    normal[rng.random(n) < 0.005] = -np.inf
    lognormal = rng.lognormal(3.0, 0.6, n) * np.where(late, 1.6, 1.0)
    step = np.where(day < 30, 5.0, rng.choice([4.0, 5.0, 6.0], n))
    zipf = 1.0 / np.arange(1, len(CATEGORIES) + 1)
    category = rng.choice(CATEGORIES, n, p=zipf / zipf.sum()).astype(object)
    unseen = late & (rng.random(n) < 0.15)
    category[unseen] = rng.choice(["new_a", "new_b"], int(unseen.sum()))
    return pd.DataFrame(
        {
            "prediction_id": [f"p{i:07d}" for i in range(n)],
            "scored_at": scored_at,
            "customer_id": [f"c{i}" for i in rng.integers(0, 2_000, n)],
            "channel": rng.choice(["web", "app"], n, p=[0.6, 0.4]),
            "region": rng.choice(["n", "s", "e", "w"], n),
            "score": rng.random(n),
            "normal_f": normal,
            "lognormal_f": lognormal,
            "count_f": rng.poisson(3.0, n).astype(float),
            "step_f": step,
            "cat_f": category,
        }
    )


def daily_log(prefix: str, offset: np.ndarray, seconds: np.ndarray, **columns: Any) -> pd.DataFrame:
    """A log of one row per entry of `offset` (its day after START) at `seconds` into that day,
    with ids `prefix` + row number, the day as `day`, and `columns`."""
    return pd.DataFrame(
        {
            "prediction_id": [f"{prefix}{i:07d}" for i in range(len(offset))],
            "scored_at": pd.Timestamp(START) + pd.to_timedelta(offset * 86_400 + seconds, "s"),
            "day": offset,
            **columns,
        }
    )


def day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()


def integrity_log(seed: int = 5, days: int = 40, rows_per_day: int = 300) -> pd.DataFrame:
    """`days` days of predictions of 400 recurring entities (the same number every day), each
    feature breaking in its own way after a healthy first half:
    steady (never breaks), spiky (null rate 1% -> 50% from day 30), cents (x100 from day 32),
    constant_later (one value from day 33), sticky (each entity's value stops changing from
    day 28, and its refreshed_at stops at day 27), snapshot (from day 34 every day repeats day
    34's values), kind (two unseen categories take 10% from day 35)."""
    rng = np.random.default_rng(seed)
    n = days * rows_per_day
    day = np.repeat(np.arange(days), rows_per_day)
    seconds = np.sort(rng.integers(0, 86_400, n).reshape(days, rows_per_day), axis=1).ravel()
    scored_at = pd.to_datetime(START) + pd.to_timedelta(day * 86_400 + seconds, unit="s")
    entity = rng.integers(0, 400, n)

    spiky = rng.normal(5.0, 2.0, n)
    spiky[rng.random(n) < np.where(day >= 30, 0.5, 0.01)] = np.nan
    steady = rng.normal(0.0, 1.0, n)
    steady[rng.random(n) < 0.01] = np.nan
    cents = rng.lognormal(4.0, 0.5, n) * np.where(day >= 32, 100.0, 1.0)
    constant_later = np.where(day >= 33, 7.0, rng.normal(7.0, 1.5, n))
    snapshot = rng.gamma(2.0, 3.0, n)
    first_snapshot_day = snapshot[day == 34]
    snapshot[day > 34] = np.tile(first_snapshot_day, days - 35)

    # sticky: each entity's value changes on ~70% of its observations until day 28, then freezes
    sticky = np.empty(n)
    refreshed_at = scored_at.to_numpy().copy()
    current = rng.normal(50.0, 10.0, 400)
    for i in np.argsort(scored_at.to_numpy(), kind="stable"):
        e = entity[i]
        if day[i] < 28 and rng.random() < 0.7:
            current[e] = rng.normal(50.0, 10.0)
        sticky[i] = current[e]
    refreshed_at[day >= 28] = np.datetime64(pd.Timestamp(START) + pd.Timedelta(days=27, hours=23))

    zipf = 1.0 / np.arange(1, 7)
    kind = rng.choice([f"k{i}" for i in range(6)], n, p=zipf / zipf.sum()).astype(object)
    unseen = (day >= 35) & (rng.random(n) < 0.1)
    kind[unseen] = rng.choice(["new_x", "new_y"], int(unseen.sum()))
    return pd.DataFrame(
        {
            "prediction_id": [f"q{i:07d}" for i in range(n)],
            "scored_at": scored_at,
            "customer_id": [f"e{e:03d}" for e in entity],
            "channel": rng.choice(["web", "app"], n),
            "score": rng.random(n),
            "steady": steady,
            "spiky": spiky,
            "cents": cents,
            "constant_later": constant_later,
            "sticky": sticky,
            "refreshed_at": refreshed_at,
            "snapshot": snapshot,
            "kind": kind,
        }
    )


def healthy_log(seed: int, days: int = 45) -> pd.DataFrame:
    """A healthy prediction log: ordinary noise, weekly seasonality (weekends 70% of the volume
    and a slightly higher level), a gradual trend, a steady 1% of nulls, entities whose values
    move on about half of their observations, a stable categorical."""
    rng = np.random.default_rng(seed)
    weekday = (np.arange(days) + START.weekday()) % 7
    volume = np.where(weekday >= 5, 280, 400) + rng.integers(-20, 21, days)
    day = np.repeat(np.arange(days), volume)
    n = len(day)
    weekend = np.repeat(weekday >= 5, volume)
    scored_at = pd.to_datetime(START) + pd.to_timedelta(
        day * 86_400 + rng.integers(0, 86_400, n), unit="s"
    )
    entity = rng.integers(0, 300, n)
    level = 0.2 * weekend + 0.3 * day / days
    trend = rng.normal(level, 1.0)
    trend[rng.random(n) < 0.01] = np.nan
    walk = np.empty(n)
    current = rng.normal(10.0, 2.0, 300)
    for i in np.argsort(scored_at.to_numpy(), kind="stable"):
        if rng.random() < 0.5:
            current[entity[i]] += rng.normal(0.0, 1.0)
        walk[i] = current[entity[i]]
    zipf = 1.0 / np.arange(1, 9)
    return pd.DataFrame(
        {
            "prediction_id": [f"h{seed}-{i:07d}" for i in range(n)],
            "scored_at": scored_at,
            "customer_id": [f"c{e:03d}" for e in entity],
            "channel": rng.choice(["web", "app"], n),
            "score": rng.beta(2.0, 5.0, n),
            "trend": trend,
            "amount": rng.lognormal(3.0, 0.8, n) * (1 + 0.1 * weekend),
            "visits": rng.poisson(4.0, n).astype(float),
            "walk": walk,
            "kind": rng.choice([f"k{i}" for i in range(8)], n, p=zipf / zipf.sum()),
        }
    )


def logged_model(features: dict[str, Any], **settings: Any) -> dict[str, Any]:
    """A model config for the logs above (source raw.predictions): an entity, the channel
    segment, the score, the given features, a reference of days 0 to 19, and `settings`."""
    return {
        "relation": "source:raw.predictions",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "entity_id": "customer_id",
        "segments": ["channel"],
        "score": "score",
        "features": features,
        "reference": {"start": day(0), "end": day(19)},
        **settings,
    }


def nightly_model() -> dict[str, Any]:
    """A model config for prediction_log that gives every incremental table rows: an entity,
    a segment, numeric and categorical features, labels maturing in 2 days, overrides."""
    return logged_model(
        {"numeric": ["lognormal_f", "count_f"], "categorical": ["cat_f"]},
        labels={"label": "label", "maturity_days": 2},
        overrides={"flag": "was_overridden"},
        window_days=5,
        lookback_days=2,
        min_window_rows=100,
        bands=4,
    )
