"""claim_cost: a regression model whose target inflates: repair prices rise 30% while the
claims coming in, and so the predictions, do not change."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The day (after the start) from which claims cost more.
INFLATION_FROM = 74
#: How much more: the paid cost's mean, at the same prediction, before and after.
INFLATION = 1.3
#: The paid cost given the prediction is gamma-distributed with this shape (coefficient of
#: variation 1 / sqrt(2): a skewed target, as claim costs are).
SHAPE = 2.0

_CLAIM_TYPES = ["collision", "glass", "theft", "weather", "liability"]
_REGIONS = ["north", "south", "east", "west", "capital"]
_CHANNELS = ["app", "phone", "broker"]


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, policy_id = ctx.entities(rng, n, "pol")
    channel = blocks.draw(rng, [0.45, 0.35, 0.20], n)
    claim_type = blocks.draw(rng, [0.55, 0.20, 0.05, 0.10, 0.10], n)
    region = blocks.draw(rng, [0.20, 0.25, 0.15, 0.20, 0.20], n)
    vehicle_age = np.ceil(rng.gamma(2.0, 3.0, n)).astype(np.int64)
    driver_age = np.minimum(18 + np.floor(rng.gamma(4.0, 6.0, n)), 90).astype(np.int64)
    vehicle_value = blocks.with_nulls(
        rng, np.round(rng.lognormal(10.1 - 0.06 * vehicle_age, 0.4), -1), 0.006
    )
    # the model: log-linear in its inputs, calibrated on the reference (E[paid] = prediction)
    predicted = np.exp(
        7.3
        + np.array([0.3, -1.1, 0.7, 0.0, 0.5])[claim_type]
        + 0.35 * blocks.z(np.log(vehicle_value), 9.75, 0.5)
        - 0.10 * blocks.z(vehicle_age.astype(float), 6.0, 4.0)
        - 0.12 * blocks.z(driver_age.astype(float), 42.0, 14.0)
        + np.array([0.0, -0.05, 0.05, 0.1, 0.25])[region]
    )
    predicted = np.round(predicted, 2)
    # from INFLATION_FROM the same claims cost 30% more: the target changed, the inputs did not
    mean = predicted * np.where(day >= INFLATION_FROM, INFLATION, 1.0)
    paid = np.round(rng.gamma(SHAPE, mean / SHAPE), 2)
    arrived, labeled_at = blocks.draw_arrival(rng, ctx, ts, 14)
    frame = blocks.log_frame(
        "cc",
        ts,
        {
            "policy_id": policy_id,
            "channel": blocks.levels(_CHANNELS, channel),
            "predicted_cost": predicted,
            "vehicle_age": blocks.ints(vehicle_age),
            "driver_age": blocks.ints(driver_age),
            "vehicle_value": vehicle_value,
            "claim_type": blocks.levels(_CLAIM_TYPES, claim_type),
            "region": blocks.levels(_REGIONS, region),
            "paid_cost": np.where(arrived, paid, np.nan),
            "labeled_at": labeled_at,
        },
    )
    return frame
