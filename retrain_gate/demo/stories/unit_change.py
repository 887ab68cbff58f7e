"""credit_limit: monthly_income arrives in cents."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context, Floats

#: The day (after the start) the feed switches to cents.
UNIT_CHANGE = 91


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, applicant_id = ctx.entities(rng, n, "app")
    employment = blocks.draw(rng, [0.58, 0.14, 0.10, 0.10, 0.05, 0.03], n)
    income = np.round(rng.lognormal(8.1, 0.5, n), 2)
    # From the unit change on, the feed sends cents; the model reads them as they come.
    logged_income = np.where(day >= UNIT_CHANGE, income * 100, income)
    dti = blocks.with_nulls(rng, np.round(rng.beta(2.5, 6.0, n), 4), 0.005)
    lines = rng.poisson(4.0, n)
    housing = blocks.draw(rng, [0.40, 0.33, 0.15, 0.09, 0.03], n)

    def logit(monthly_income: Floats) -> Floats:
        value: Floats = (
            -2.6
            - 0.6 * blocks.z(np.log(monthly_income), 8.1, 0.5)
            + 0.9 * blocks.z(dti, 0.29, 0.14)
            + 0.2 * blocks.z(lines, 4.0, 2.0)
            + np.array([0.0, 0.3, 0.2, -0.2, 0.4, 0.9])[employment]
            + np.array([0.2, 0.0, -0.3, 0.1, 0.3])[housing]
        )
        return value

    outcome = blocks.draw_outcome(rng, ctx, ts, blocks.sigmoid(logit(income)), 14)
    limit = np.round(income * rng.lognormal(0.4, 0.3, n), -2)
    frame = blocks.log_frame(
        "cl",
        ts,
        {
            "applicant_id": applicant_id,
            "employment": blocks.levels(
                ["salaried", "self_employed", "contractor", "retired", "student", "unemployed"],
                employment,
            ),
            "default_score": blocks.sigmoid(logit(logged_income)),
            "monthly_income": logged_income,
            "debt_to_income": dti,
            "credit_lines": blocks.ints(lines),
            "housing": blocks.levels(["rent", "mortgage", "own", "with_parents", "other"], housing),
            "defaulted": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "write_off_amount": np.round(
                outcome.loss(limit * np.minimum(1.0, rng.lognormal(-0.5, 0.4, n))), 2
            ),
            "credit_limit": limit,
        },
    )
    return frame
