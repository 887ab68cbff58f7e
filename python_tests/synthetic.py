"""Small synthetic prediction logs with known properties, for the correctness tests."""

from __future__ import annotations

from datetime import date, timedelta

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


def day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()
