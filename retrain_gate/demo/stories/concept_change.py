"""default_risk: the link between inputs and default changes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The day (after the start) the concept changes.
CONCEPT_CHANGE = 69


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, borrower_id = ctx.entities(rng, n, "bor")
    product = blocks.draw(rng, [0.50, 0.25, 0.15, 0.10], n)
    utilization = np.round(rng.beta(2.0, 3.0, n), 4)
    late = rng.random(n) < 0.35
    delay = np.where(late, 1 + rng.negative_binomial(1.5, 0.12, n), 0).astype(np.int64)
    account_age = np.ceil(rng.gamma(2.0, 24.0, n)).astype(np.int64)
    band = blocks.draw(rng, [0.15, 0.30, 0.25, 0.20, 0.10], n)
    z_util = blocks.z(utilization, 0.4, 0.2)
    z_delay = blocks.z(np.log1p(delay), 0.9, 1.4)
    common = (
        -0.35 * blocks.z(np.log(account_age), 3.5, 0.8)
        + np.array([0.4, 0.2, 0.0, -0.2, -0.4])[band]
        + np.array([0.0, -0.2, 0.3, 0.2])[product]
    )
    score = blocks.sigmoid(-2.5 + 1.3 * z_util + 0.6 * z_delay + common)
    # After the change, utilisation barely matters and delays matter only for low incomes.
    changed = blocks.sigmoid(
        -2.4 + 0.2 * z_util + np.array([1.6, 1.1, 0.5, 0.1, -0.1])[band] * z_delay + common
    )
    outcome = blocks.draw_outcome(rng, ctx, ts, np.where(day >= CONCEPT_CHANGE, changed, score), 14)
    frame = blocks.log_frame(
        "dr",
        ts,
        {
            "borrower_id": borrower_id,
            "product": blocks.levels(
                ["credit_card", "personal_loan", "overdraft", "store_card"], product
            ),
            "risk_score": score,
            "utilization": utilization,
            "payment_delay_days": blocks.ints(delay),
            "account_age_months": blocks.ints(account_age),
            "income_band": blocks.levels(["<20k", "20-40k", "40-60k", "60-100k", "100k+"], band),
            "defaulted": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    return frame
