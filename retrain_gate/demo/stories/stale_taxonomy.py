"""ticket_router: intents the model never saw grow to 25% of tickets."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The days (after the start) the unseen intents start growing and reach their share.
TAXONOMY_FROM, TAXONOMY_FULL = 79, 88

_INTENTS = [
    "billing_question",
    "delivery_delay",
    "refund_request",
    "account_access",
    "address_change",
    "card_declined",
    "cancel_subscription",
    "product_defect",
    "fraud_report",
    "other",
]
_NEW_INTENTS = ["bnpl_dispute", "crypto_refund", "esim_activation"]


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, customer_id = ctx.entities(rng, n, "tcu")
    channel = blocks.draw(rng, [0.34, 0.28, 0.16, 0.12, 0.10], n)
    length = np.maximum(5, rng.lognormal(5.3, 0.7, n)).astype(np.int64)
    prior = rng.poisson(0.6, n)
    known = blocks.draw(rng, [0.22, 0.17, 0.13, 0.11, 0.09, 0.08, 0.07, 0.05, 0.04, 0.04], n)
    unseen = blocks.draw(rng, [0.45, 0.30, 0.25], n)
    is_new = rng.random(n) < 0.25 * blocks.ramp(day, TAXONOMY_FROM, TAXONOMY_FULL)
    intent = np.where(is_new, len(_INTENTS) + unseen, known)
    base = (
        -1.6
        + 0.4 * blocks.z(np.log(length), 5.3, 0.7)
        + 0.7 * blocks.z(prior, 0.6, 0.77)
        + np.array([0.0, -0.1, 0.4, 0.1, -0.2])[channel]
    )
    # The model has no weight for an intent it never saw; escalation still depends on it.
    known_effect = [-0.5, 0.0, 0.3, 0.2, -0.8, 0.1, 0.4, 0.5, 1.2, 0.0]
    score = blocks.sigmoid(base + np.array([*known_effect, 0.0, 0.0, 0.0])[intent])
    truth = blocks.sigmoid(base + np.array([*known_effect, 0.9, 1.2, 0.4])[intent])
    outcome = blocks.draw_outcome(rng, ctx, ts, truth, 7)
    frame = blocks.log_frame(
        "tr",
        ts,
        {
            "customer_id": customer_id,
            "channel": blocks.levels(["email", "chat", "phone", "web_form", "app"], channel),
            "escalation_score": score,
            "message_length": blocks.ints(length),
            "prior_tickets_30d": blocks.ints(prior),
            "intent": blocks.levels(_INTENTS + _NEW_INTENTS, intent),
            "escalated": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    return frame
