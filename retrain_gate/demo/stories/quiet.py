"""spam_filter: nothing happens (the control model)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo.blocks import (
    Context,
    daily_rows,
    draw,
    draw_outcome,
    ints,
    levels,
    log_frame,
    sigmoid,
    with_nulls,
    z,
)


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, _ = daily_rows(rng, ctx)
    n = ts.size
    _, sender_id = ctx.entities(rng, n, "snd")
    mailbox = draw(rng, [0.50, 0.30, 0.12, 0.08], n)
    length = np.maximum(20, rng.lognormal(6.2, 0.9, n)).astype(np.int64)
    links = rng.negative_binomial(1.2, 0.32, n)
    reputation = with_nulls(rng, np.round(rng.beta(5.0, 2.0, n), 4), 0.008)
    attachment = draw(rng, [0.62, 0.14, 0.10, 0.06, 0.04, 0.03, 0.01], n)
    score = sigmoid(
        -1.2
        + 0.2 * z(np.log(length), 6.2, 0.9)
        + 0.7 * z(np.log1p(links), 0.95, 0.7)
        - 1.1 * z(reputation, 0.71, 0.16)
        + np.array([-0.3, 0.2, 0.0, 0.3, 0.9, 0.4, 1.2])[attachment]
        + np.array([0.2, -0.3, 0.0, 0.1])[mailbox]
    )
    outcome = draw_outcome(rng, ctx, ts, score, 3)
    frame = log_frame(
        "sf",
        ts,
        {
            "sender_id": sender_id,
            "mailbox_type": levels(["personal", "work", "shared", "support"], mailbox),
            "spam_score": score,
            "message_length": ints(length),
            "link_count": ints(links),
            "sender_reputation": reputation,
            "attachment_type": levels(
                ["none", "pdf", "image", "docx", "xlsx", "zip", "html"], attachment
            ),
            "is_spam": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    return frame
