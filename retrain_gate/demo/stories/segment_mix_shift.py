"""claims_risk: young drivers grow to 45% of quotes, the model fine within each segment."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The days (after the start) young drivers start growing and reach 45%.
MIX_FROM, MIX_FULL = 74, 83


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, policy_id = ctx.entities(rng, n, "pol")
    young = 0.15 + 0.30 * blocks.ramp(day, MIX_FROM, MIX_FULL)
    # Standard and senior drivers keep their 70:15 ratio as young drivers grow.
    shares = np.column_stack([young, (1 - young) * 0.70 / 0.85, (1 - young) * 0.15 / 0.85])
    segment = blocks.draw_rows(rng, shares)
    value = np.round(rng.lognormal(np.array([9.3, 10.1, 9.9])[segment], 0.45), -1)
    mileage = blocks.with_nulls(
        rng, np.round(rng.lognormal(np.array([9.8, 9.2, 8.9])[segment], 0.4)), 0.005
    )
    vehicle_type = blocks.draw(rng, [0.30, 0.25, 0.20, 0.10, 0.06, 0.06, 0.03], n)
    score = blocks.sigmoid(
        -2.7
        + np.array([1.0, 0.0, 0.3])[segment]
        + 0.3 * blocks.z(np.log(value), 10.0, 0.5)
        + 0.6 * blocks.z(np.log(mileage), 9.2, 0.45)
        + np.array([0.0, -0.1, 0.1, -0.2, 0.5, 0.3, 0.2])[vehicle_type]
    )
    outcome = blocks.draw_outcome(rng, ctx, ts, score, 14)
    premium = np.round((120.0 + 1.3 * score * 4000.0) * rng.lognormal(0.0, 0.1, n), 2)
    frame = blocks.log_frame(
        "cr",
        ts,
        {
            "policy_id": policy_id,
            "driver_segment": blocks.levels(["young", "standard", "senior"], segment),
            "claim_score": score,
            "vehicle_value": value,
            "annual_mileage": mileage,
            "vehicle_type": blocks.levels(
                ["hatchback", "sedan", "suv", "estate", "coupe", "van", "pickup"], vehicle_type
            ),
            "had_claim": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "claim_amount": np.round(outcome.loss(rng.lognormal(np.log(0.15 * value), 0.7)), 2),
            "premium": premium,
        },
    )
    return frame
