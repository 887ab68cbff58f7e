"""churn_predictor: sessions_last_7d turns null on 45% of rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Bools, Context

#: The day (after the start) the nulls begin.
NULL_SPIKE = 84


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, subscriber_id = ctx.entities(rng, n, "sub")
    plan = blocks.draw(rng, [0.30, 0.25, 0.22, 0.13, 0.10], n)
    tenure = np.ceil(rng.gamma(1.3, 18.0, n)).astype(np.int64)
    spend = np.round(rng.lognormal(3.6, 0.45, n), 2)
    sessions = rng.negative_binomial(3, 0.25, n)
    sessions_missing: Bools = rng.random(n) < np.where(day >= NULL_SPIKE, 0.45, 0.01)
    calls = rng.poisson(0.7, n)
    device_os = blocks.draw(rng, [0.55, 0.35, 0.07, 0.03], n)
    score = blocks.sigmoid(
        -2.1
        - 0.7 * blocks.z(np.log(tenure), 2.7, 1.1)
        + 0.25 * blocks.z(np.log(spend), 3.6, 0.45)
        # The model imputes a missing session count with the mean.
        - 0.8 * blocks.z(np.where(sessions_missing, np.nan, sessions), 9.0, 6.0)
        + 0.6 * blocks.z(calls, 0.7, 0.84)
        + np.array([0.5, 0.2, 0.0, -0.3, -0.5])[plan]
        + np.array([0.1, -0.1, 0.3, 0.2])[device_os]
    )
    outcome = blocks.draw_outcome(rng, ctx, ts, score, 14)
    frame = blocks.log_frame(
        "ch",
        ts,
        {
            "subscriber_id": subscriber_id,
            "plan": blocks.levels(["prepaid", "basic", "standard", "premium", "family"], plan),
            "churn_score": score,
            "tenure_months": blocks.ints(tenure),
            "monthly_spend": spend,
            "sessions_last_7d": blocks.ints(sessions, sessions_missing),
            "support_calls_30d": blocks.ints(calls),
            "device_os": blocks.levels(["android", "ios", "web", "other"], device_os),
            "churned": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    return frame
