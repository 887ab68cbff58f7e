"""card_approval: thin-file applicants arrive, whose scores the model never separated well."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The days (after the start) thin-file applicants start arriving and reach their full share.
THIN_FILE_FROM, THIN_FILE_FULL = 75, 84
#: Their share of applications before and after.
SHARE_BEFORE, SHARE_AFTER = 0.05, 0.55

_EMPLOYMENT = ["salaried", "self_employed", "student", "retired"]
_CHANNELS = ["online", "branch", "partner"]


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, applicant_id = ctx.entities(rng, n, "app")
    share = SHARE_BEFORE + (SHARE_AFTER - SHARE_BEFORE) * blocks.ramp(
        day, THIN_FILE_FROM, THIN_FILE_FULL
    )
    thin = rng.random(n) < share
    # a thin file: a short history and a bureau score near the middle, so the model's inputs
    # say little and its scores crowd where positives and negatives mix
    history = np.where(thin, rng.gamma(2.0, 3.0, n), rng.gamma(4.0, 24.0, n))
    bureau = np.where(thin, rng.normal(650.0, 12.0, n), rng.normal(650.0, 80.0, n))
    income = np.round(rng.lognormal(10.6, 0.5, n), 0)
    employment = blocks.draw(rng, [0.70, 0.18, 0.07, 0.05], n)
    channel = blocks.draw(rng, [0.60, 0.30, 0.10], n)
    score = blocks.sigmoid(
        -2.0
        - 1.4 * blocks.z(bureau, 650.0, 80.0)
        - 0.3 * blocks.z(np.log1p(history), 4.2, 1.2)
        - 0.2 * blocks.z(np.log(income), 10.6, 0.5)
        + np.array([0.0, 0.2, 0.3, -0.1])[employment]
    )
    # P(default | inputs) is the score's, before and after: the population moved, not the link
    outcome = blocks.draw_outcome(rng, ctx, ts, score, 14)
    frame = blocks.log_frame(
        "ca",
        ts,
        {
            "applicant_id": applicant_id,
            "channel": blocks.levels(_CHANNELS, channel),
            "default_score": score,
            "bureau_score": np.round(bureau, 0),
            "credit_history_months": blocks.ints(np.ceil(history)),
            "annual_income": income,
            "employment_type": blocks.levels(_EMPLOYMENT, employment),
            "defaulted": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    return frame
