"""loan_approval: loan officers override the model more and more, mostly in the south."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The days (after the start) overrides start rising and reach 18%.
OVERRIDES_FROM, OVERRIDES_FULL = 69, 105

_REGIONS = ["north", "south", "east", "west", "central"]


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, applicant_id = ctx.entities(rng, n, "lap")
    region_share = np.array([0.22, 0.22, 0.20, 0.20, 0.16])
    region = blocks.draw(rng, region_share, n)
    amount = np.round(rng.lognormal(9.3, 0.7, n), 2)
    credit_score = np.clip(np.round(rng.normal(690.0, 60.0, n)), 300, 850).astype(np.int64)
    employment_years = blocks.with_nulls(rng, np.round(rng.gamma(2.0, 3.5, n), 1), 0.006)
    purpose = blocks.draw(rng, [0.32, 0.18, 0.15, 0.10, 0.08, 0.07, 0.04, 0.06], n)
    score = blocks.sigmoid(
        1.75
        - 0.4 * blocks.z(np.log(amount), 9.3, 0.7)
        + 0.9 * blocks.z(credit_score, 690.0, 60.0)
        + 0.4 * blocks.z(np.log1p(employment_years), 1.8, 0.6)
        + np.array([0.0, 0.2, 0.1, -0.3, 0.1, -0.5, 0.0, -0.2])[purpose]
        + np.array([0.0, -0.15, 0.05, 0.1, 0.0])[region]
    )
    outcome = blocks.draw_outcome(rng, ctx, ts, score, 14)
    # The override rate climbs from 4% to 18%; south officers account for 70% of the rise.
    rise = 0.14 * blocks.ramp(day, OVERRIDES_FROM, OVERRIDES_FULL)
    south = region == _REGIONS.index("south")
    south_share = region_share[_REGIONS.index("south")]
    override_rate = 0.04 + np.where(south, 0.7 / south_share, 0.3 / (1 - south_share)) * rise
    frame = blocks.log_frame(
        "la",
        ts,
        {
            "applicant_id": applicant_id,
            "branch_region": blocks.levels(_REGIONS, region),
            "approval_score": score,
            "loan_amount": amount,
            "credit_score": blocks.ints(credit_score),
            "employment_years": employment_years,
            "loan_purpose": blocks.levels(
                [
                    "debt_consolidation",
                    "home_improvement",
                    "car",
                    "medical",
                    "education",
                    "business",
                    "wedding",
                    "other",
                ],
                purpose,
            ),
            "repaid": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "was_overridden": rng.random(n) < override_rate,
        },
    )
    return frame
