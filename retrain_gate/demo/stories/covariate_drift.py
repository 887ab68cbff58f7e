"""conversion_model: richer visitors arrive, P(converted | inputs) unchanged."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The days (after the start) richer visitors start arriving and are all there.
COVARIATE_FROM, COVARIATE_FULL = 69, 82

_SOURCES = ["organic_search", "direct", "paid_search", "social", "email", "referral", "affiliate"]


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, visitor_id = ctx.entities(rng, n, "vis")
    device = blocks.draw(rng, [0.42, 0.50, 0.08], n)
    drift = blocks.ramp(day, COVARIATE_FROM, COVARIATE_FULL)
    basket = np.round(rng.lognormal(4.2 + np.log(1.6) * drift, 0.6), 2)
    pages = 1 + rng.poisson(rng.gamma(3.0, 5.0 / 3.0 * (1 + 0.5 * drift)))
    pages_missing = blocks.null_mask(rng, n, 0.005)
    before = np.array([0.35, 0.25, 0.15, 0.08, 0.09, 0.05, 0.03])
    after = np.array([0.20, 0.18, 0.28, 0.20, 0.07, 0.04, 0.03])
    source = blocks.draw_rows(rng, (1 - drift)[:, None] * before + drift[:, None] * after)
    score = blocks.sigmoid(
        -3.1
        + 0.5 * blocks.z(np.log(basket), 4.2, 0.6)
        + 0.7 * blocks.z(np.where(pages_missing, np.nan, np.log(pages)), 1.7, 0.6)
        + np.array([0.2, 0.0, -0.2, -0.4, 0.5, 0.3, 0.1])[source]
        + np.array([0.2, -0.2, 0.0])[device]
    )
    outcome = blocks.draw_outcome(rng, ctx, ts, score, 7)
    frame = blocks.log_frame(
        "cv",
        ts,
        {
            "visitor_id": visitor_id,
            "device": blocks.levels(["desktop", "mobile", "tablet"], device),
            "conversion_score": score,
            "basket_value": basket,
            "pages_viewed": blocks.ints(pages, pages_missing),
            "traffic_source": blocks.levels(_SOURCES, source),
            "converted": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    return frame
