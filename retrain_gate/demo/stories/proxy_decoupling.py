"""feed_ranker: clicks hold while engaged per click falls."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The days (after the start) the decoupling starts and is complete.
PROXY_FROM, PROXY_FULL = 74, 87


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, user_id = ctx.entities(rng, n, "usr")
    surface = blocks.draw(rng, [0.50, 0.20, 0.12, 0.10, 0.08], n)
    dwell = blocks.with_nulls(rng, np.round(rng.lognormal(3.3, 0.8, n), 1), 0.01)
    age = np.round(rng.lognormal(2.5, 1.1, n), 2)
    topic = blocks.draw(rng, [0.20, 0.16, 0.15, 0.12, 0.10, 0.09, 0.08, 0.06, 0.04], n)
    logit = (
        -1.05
        + 0.6 * blocks.z(np.log(dwell), 3.3, 0.8)
        - 0.5 * blocks.z(np.log(age), 2.5, 1.1)
        + np.array([0.1, 0.0, 0.3, -0.1, -0.2, -0.3, 0.4, 0.2, -0.1])[topic]
        + np.array([0.0, -0.2, 0.4, 0.5, -0.3])[surface]
    )
    score = blocks.sigmoid(logit)
    drift = blocks.ramp(day, PROXY_FROM, PROXY_FULL)
    # Clickbait: slightly more clicks, and each click is far less often a real engagement.
    outcome = blocks.draw_outcome(rng, ctx, ts, blocks.sigmoid(logit + 0.15 * drift), 3)
    engaged_per_click = 0.55 - 0.30 * drift
    # Long-dwell users both click and engage more; -0.13 offsets that so clicks engage at the
    # intended rate on average.
    p_engaged = blocks.sigmoid(
        np.log(engaged_per_click / (1 - engaged_per_click))
        - 0.13
        + 0.4 * blocks.z(np.log(dwell), 3.3, 0.8)
    )
    engaged = outcome.y * (rng.random(n) < p_engaged)
    frame = blocks.log_frame(
        "fr",
        ts,
        {
            "user_id": user_id,
            "surface": blocks.levels(
                ["home_feed", "explore", "notifications", "search", "profile"], surface
            ),
            "click_score": score,
            "dwell_prior_s": dwell,
            "item_age_hours": age,
            "topic": blocks.levels(
                [
                    "news",
                    "sports",
                    "entertainment",
                    "tech",
                    "lifestyle",
                    "finance",
                    "gaming",
                    "food",
                    "travel",
                ],
                topic,
            ),
            "clicked": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "engaged": outcome.label(engaged),
        },
    )
    return frame
