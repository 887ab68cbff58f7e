"""intent_router: a multiclass model (kind: multiclass) of which team a support message goes
to; product areas the model never saw grow to 20% of messages, and their intents differ."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The days (after the start) the unseen product areas start growing and reach their share.
AREAS_FROM, AREAS_FULL = 80, 89
#: The classes, in the order of the config's scores.
CLASSES = ["billing", "technical", "sales", "account"]

_AREAS = ["payments", "mobile_app", "website", "subscriptions", "hardware", "shipping"]
_NEW_AREAS = ["smart_home", "insurance_addon"]
# Each area's effect on each class's logit, as the model learnt it; an unseen area has none.
_AREA_EFFECTS = np.array(
    [
        [1.2, -0.3, -0.4, 0.1],
        [-0.4, 1.1, -0.2, 0.3],
        [-0.1, 0.6, 0.4, 0.2],
        [0.8, -0.2, 0.3, 0.7],
        [-0.6, 1.3, 0.5, -0.5],
        [0.3, -0.2, 0.2, -0.1],
    ]
)
# What the unseen areas really bring: mostly technical questions and sales leads.
_NEW_AREA_EFFECTS = np.array([[-0.8, 1.6, 0.9, -0.6], [-0.2, -0.5, 1.5, 0.2]])


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    ts, day = blocks.daily_rows(rng, ctx)
    n = ts.size
    _, customer_id = ctx.entities(rng, n, "icu")
    channel = blocks.draw(rng, [0.5, 0.3, 0.2], n)
    length = np.maximum(5, rng.lognormal(4.8, 0.6, n)).astype(np.int64)
    prior = rng.poisson(0.8, n)
    known = blocks.draw(rng, [0.25, 0.22, 0.18, 0.15, 0.12, 0.08], n)
    unseen = blocks.draw(rng, [0.6, 0.4], n)
    is_new = rng.random(n) < 0.2 * blocks.ramp(day, AREAS_FROM, AREAS_FULL)
    area = np.where(is_new, len(_AREAS) + unseen, known)
    base = np.column_stack(
        [
            0.2 + 0.3 * blocks.z(prior, 0.8, 0.9),
            0.4 * blocks.z(np.log(length), 4.8, 0.6),
            np.full(n, -0.3),
            -0.2 + 0.5 * blocks.z(prior, 0.8, 0.9),
        ]
    )
    learnt = np.vstack([_AREA_EFFECTS, np.zeros((len(_NEW_AREAS), len(CLASSES)))])
    true = np.vstack([_AREA_EFFECTS, _NEW_AREA_EFFECTS])
    # the model's probabilities, and the intents drawn from the truth (the same on known areas)
    probabilities = _softmax(base + learnt[area])
    intent = blocks.draw_rows(rng, _softmax(base + true[area]))
    arrived, labeled_at = blocks.draw_arrival(rng, ctx, ts, 7)
    true_intent = blocks.levels(CLASSES, intent)
    true_intent[~arrived] = None
    columns: dict[str, blocks.Column] = {
        "customer_id": customer_id,
        "channel": blocks.levels(["chat", "email", "app"], channel),
    }
    for i, name in enumerate(CLASSES):
        columns[f"p_{name}"] = np.round(probabilities[:, i], 6)
    columns.update(
        {
            "message_length": blocks.ints(length),
            "prior_contacts_30d": blocks.ints(prior),
            "product_area": blocks.levels(_AREAS + _NEW_AREAS, area),
            "true_intent": true_intent,
            "labeled_at": labeled_at,
        }
    )
    return blocks.log_frame("ir", ts, columns)


def _softmax(logits: np.ndarray) -> np.ndarray:
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    result: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return result
