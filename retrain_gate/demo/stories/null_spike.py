"""churn_predictor: sessions_last_7d turns null on 45% of rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo.blocks import (
    Bools,
    Context,
    daily_rows,
    draw,
    draw_outcome,
    ints,
    levels,
    log_frame,
    sigmoid,
    z,
)

#: The day (after the start) the nulls begin.
NULL_SPIKE = 84


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = daily_rows(rng, ctx)
    n = ts.size
    _, subscriber_id = ctx.entities(rng, n, "sub")
    plan = draw(rng, [0.30, 0.25, 0.22, 0.13, 0.10], n)
    tenure = np.ceil(rng.gamma(1.3, 18.0, n)).astype(np.int64)
    spend = np.round(rng.lognormal(3.6, 0.45, n), 2)
    sessions = rng.negative_binomial(3, 0.25, n)
    sessions_missing: Bools = rng.random(n) < np.where(day >= NULL_SPIKE, 0.45, 0.01)
    calls = rng.poisson(0.7, n)
    device_os = draw(rng, [0.55, 0.35, 0.07, 0.03], n)
    score = sigmoid(
        -2.1
        - 0.7 * z(np.log(tenure), 2.7, 1.1)
        + 0.25 * z(np.log(spend), 3.6, 0.45)
        # The model imputes a missing session count with the mean.
        - 0.8 * z(np.where(sessions_missing, np.nan, sessions), 9.0, 6.0)
        + 0.6 * z(calls, 0.7, 0.84)
        + np.array([0.5, 0.2, 0.0, -0.3, -0.5])[plan]
        + np.array([0.1, -0.1, 0.3, 0.2])[device_os]
    )
    outcome = draw_outcome(rng, ctx, ts, score, 14)
    frame = log_frame(
        "ch",
        ts,
        {
            "subscriber_id": subscriber_id,
            "plan": levels(["prepaid", "basic", "standard", "premium", "family"], plan),
            "churn_score": score,
            "tenure_months": ints(tenure),
            "monthly_spend": spend,
            "sessions_last_7d": ints(sessions, sessions_missing),
            "support_calls_30d": ints(calls),
            "device_os": levels(["android", "ios", "web", "other"], device_os),
            "churned": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    return frame
