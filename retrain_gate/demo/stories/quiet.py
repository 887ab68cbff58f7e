"""spam_filter: nothing happens (the control model)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, _ = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, sender_id = ctx.entities(rng, n, "snd")
    mailbox = blocks.draw(rng, [0.50, 0.30, 0.12, 0.08], n)
    length = np.maximum(20, rng.lognormal(6.2, 0.9, n)).astype(np.int64)
    links = rng.negative_binomial(1.2, 0.32, n)
    reputation = blocks.with_nulls(rng, np.round(rng.beta(5.0, 2.0, n), 4), 0.008)
    attachment = blocks.draw(rng, [0.62, 0.14, 0.10, 0.06, 0.04, 0.03, 0.01], n)
    score = blocks.sigmoid(
        -1.2
        + 0.2 * blocks.z(np.log(length), 6.2, 0.9)
        + 0.7 * blocks.z(np.log1p(links), 0.95, 0.7)
        - 1.1 * blocks.z(reputation, 0.71, 0.16)
        + np.array([-0.3, 0.2, 0.0, 0.3, 0.9, 0.4, 1.2])[attachment]
        + np.array([0.2, -0.3, 0.0, 0.1])[mailbox]
    )
    outcome = blocks.draw_outcome(rng, ctx, ts, score, 3)
    frame = blocks.log_frame(
        "sf",
        ts,
        {
            "sender_id": sender_id,
            "mailbox_type": blocks.levels(["personal", "work", "shared", "support"], mailbox),
            "spam_score": score,
            "message_length": blocks.ints(length),
            "link_count": blocks.ints(links),
            "sender_reputation": reputation,
            "attachment_type": blocks.levels(
                ["none", "pdf", "image", "docx", "xlsx", "zip", "html"], attachment
            ),
            "is_spam": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    return frame
