"""fraud_detector: engagement_rate stops updating, each customer keeping their last value."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Bools, Context, Floats, Ints

#: The day (after the start) the feed freezes.
FREEZE = 77


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    customer, customer_id = ctx.entities(rng, n, "cus")
    channel = blocks.draw(rng, [0.52, 0.33, 0.15], n)
    loan_amount = np.round(rng.lognormal(7.4, 0.8, n), 2)
    account_age = np.maximum(1, rng.lognormal(6.3, 0.9, n)).astype(np.int64)
    age_missing = blocks.null_mask(rng, n, 0.007)
    product = blocks.draw(rng, [0.34, 0.24, 0.18, 0.12, 0.08, 0.04], n)
    true_rate, logged_rate = _frozen_by_entity(rng, customer, day, FREEZE)

    def logit(engagement: Floats) -> Floats:
        age = np.where(age_missing, np.nan, np.log(account_age))
        value: Floats = (
            -3.9
            + 0.6 * blocks.z(np.log(loan_amount), 7.4, 0.8)
            - 1.0 * blocks.z(engagement, 0.286, 0.16)
            - 0.6 * blocks.z(age, 6.3, 0.9)
            + np.array([0.0, 0.5, -0.3, 0.2, 0.8, -0.2])[product]
            + np.array([-0.4, 0.4, 0.3])[channel]
        )
        return value

    score = blocks.sigmoid(logit(logged_rate))
    # Fraud follows customers' real engagement, which the frozen feed no longer reports.
    outcome = blocks.draw_outcome(rng, ctx, ts, blocks.sigmoid(logit(true_rate)), 14)
    chargeback = loan_amount * np.minimum(1.0, rng.lognormal(-0.35, 0.3, n))
    frame = blocks.log_frame(
        "fd",
        ts,
        {
            "customer_id": customer_id,
            "channel": blocks.levels(["card_present", "online", "mobile_wallet"], channel),
            "fraud_score": score,
            "loan_amount": loan_amount,
            "engagement_rate": np.round(logged_rate, 4),
            "account_age_days": blocks.ints(account_age, age_missing),
            "product": blocks.levels(
                ["personal_loan", "credit_card", "bnpl", "auto_loan", "overdraft", "student_loan"],
                product,
            ),
            "is_fraud": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "chargeback_amount": np.round(outcome.loss(chargeback), 2),
        },
    )
    return frame


def _frozen_by_entity(
    rng: np.random.Generator, entity: Ints, day: Ints, freeze: int
) -> tuple[Floats, Floats]:
    """Per-entity engagement rates (rows in time order): the real ones, and the logged ones.

    A customer's real rate is redrawn at 70% of their observations and otherwise repeats, so
    the marginal stays Beta(2, 5). From day `freeze` the logged rate keeps the last value seen
    before it (customers first seen later keep their first value).
    """
    n = entity.size
    order = np.lexsort((np.arange(n), entity))
    sorted_entity = entity[order]
    first = np.ones(n, dtype=bool)
    first[1:] = sorted_entity[1:] != sorted_entity[:-1]
    redrawn = rng.random(n) < 0.7
    frozen = day[order] >= freeze
    fresh = rng.beta(2.0, 5.0, n)[order]
    positions = np.arange(n)

    def carried(new_value: Bools) -> Floats:
        # Each row takes the fresh draw of the latest row of its entity that drew a new value;
        # every entity's first row draws one, so the running maximum never crosses entities.
        source = np.maximum.accumulate(np.where(new_value, positions, 0))
        values = np.empty(n)
        values[order] = fresh[source]
        return values

    return carried(first | redrawn), carried(first | (redrawn & ~frozen))
