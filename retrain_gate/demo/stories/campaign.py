"""promo_response: a weekend partner campaign triples traffic."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The campaign's first and last days (after the start).
CAMPAIGN = (117, 118)


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    volume = ctx.volume(rng)
    ts, _ = ctx.timeline(rng, rng.poisson(volume))
    campaign_days = np.zeros(ctx.days, dtype=bool)
    campaign_days[CAMPAIGN[0] : CAMPAIGN[1] + 1] = True
    # Partner traffic comes on top of the usual traffic: three times the volume on its days.
    extra_ts, _ = ctx.timeline(rng, rng.poisson(np.where(campaign_days, 2 * volume, 0.0)))
    ts = np.concatenate([ts, extra_ts])
    n = ts.size
    campaign = np.arange(n) >= n - extra_ts.size
    _, customer_id = ctx.entities(rng, n, "pcu")
    channel = np.where(campaign, 4, blocks.draw(rng, [0.45, 0.25, 0.12, 0.18], n))
    discount = np.where(campaign, rng.integers(30, 51, n), rng.integers(5, 16, n)).astype(float)
    basket = np.round(rng.lognormal(4.0, 0.6, n), 2)
    usual_gap = np.ceil(rng.gamma(1.2, 25.0, n))
    lapsed_gap = np.round(rng.lognormal(5.4, 0.35, n))
    gap = np.where(campaign, lapsed_gap, usual_gap).astype(np.int64)
    gap_missing = blocks.null_mask(rng, n, 0.008)
    tier = blocks.draw(rng, [0.55, 0.28, 0.13, 0.04], n)
    logit = (
        -2.2
        + 0.6 * blocks.z(discount, 10.0, 3.2)
        + 0.3 * blocks.z(np.log(basket), 4.0, 0.6)
        - 0.6 * blocks.z(np.where(gap_missing, np.nan, np.log(gap)), 3.0, 1.0)
        + np.array([-0.2, 0.0, 0.3, 0.5])[tier]
        # The model has no weight for the partner channel it never saw.
        + np.array([0.0, -0.2, -0.3, 0.2, 0.0])[channel]
    )
    score = blocks.sigmoid(logit)
    # Lapsed partner customers take the discount less often than the model expects.
    outcome = blocks.draw_outcome(
        rng, ctx, ts, blocks.sigmoid(np.where(campaign, logit - 1.0, logit)), 7
    )
    frame = blocks.log_frame(
        "pr",
        ts,
        {
            "customer_id": customer_id,
            "channel": blocks.levels(
                ["email", "push", "sms", "in_app", "partner_campaign"], channel
            ),
            "response_score": score,
            "discount_pct": discount,
            "basket_value": basket,
            "days_since_last_order": blocks.ints(gap, gap_missing),
            "customer_tier": blocks.levels(["bronze", "silver", "gold", "platinum"], tier),
            "responded": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    return frame
