"""Two ranking models (kind: ranking) of the results of a product search, ten shown per query:

* search_ranker (`build`): from STALE_FROM, queries of new intents grow to 35%, and the
  popularity pipeline, keyed by the intents it knows, has no value for their results: the
  feature is null there, the model scores them as if their popularity were average, and their
  results are ranked worse (fix the data);
* shop_ranker (`build_behaviour_change`): from SHIFT_FROM to SHIFT_FULL, shoppers come to
  prefer new products over popular ones, at the same inputs and scores: the model's order is
  worse for every query (retrain)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from retrain_gate.demo import blocks
from retrain_gate.demo.blocks import Context

#: The days (after the start) the new query intents start growing and reach their share.
STALE_FROM, STALE_FULL = 80, 89
#: The days (after the start) shoppers' preference for new products starts and is complete.
SHIFT_FROM, SHIFT_FULL = 70, 77
#: Results shown per query.
RESULTS = 10
#: The relevance grades: 0 skipped, 1 clicked, 2 clicked and stayed, 3 bought; the utility cut
#: points between them.
GRADES = [1.2, 2.2, 3.2]

_POPULARITY = (2.0, 1.0)  # log of the clicks of the last 7 days: mean, sd
_AGE_DAYS = 90.0  # mean age of a listed product
_NOISE = 1.2  # scale of the logistic noise of the searcher's utility


def build(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    """search_ranker's results: the popularity pipeline stops for new query intents."""
    return _results(rng, ctx, "sr", stale=True)


def build_behaviour_change(rng: np.random.Generator, ctx: Context) -> pd.DataFrame:
    """shop_ranker's results: shoppers come to prefer new products."""
    return _results(rng, ctx, "sh", stale=False)


def _results(rng: np.random.Generator, ctx: Context, prefix: str, stale: bool) -> pd.DataFrame:
    # a query is RESULTS rows at one time, by one searcher, on one device
    query_ts, query_day = ctx.timeline(rng, rng.poisson(ctx.volume(rng) / RESULTS))
    queries = query_ts.size
    _, user_id = ctx.entities(rng, queries, "usr")
    device = blocks.draw(rng, [0.45, 0.4, 0.15], queries)
    new_share = 0.35 if stale else 0.0
    new_intent = rng.random(queries) < new_share * blocks.ramp(query_day, STALE_FROM, STALE_FULL)
    arrived, labeled_at = blocks.draw_arrival(rng, ctx, query_ts, 3)

    n = queries * RESULTS
    of_query = np.repeat(np.arange(queries), RESULTS)
    text_match = rng.normal(0.0, 1.0, n)
    log_popularity = rng.normal(*_POPULARITY, n)
    age = rng.exponential(_AGE_DAYS, n)
    category = blocks.draw(rng, [0.3, 0.25, 0.2, 0.15, 0.1], n)
    # the searcher's utility, and the model's view of it (popularity at its mean where the
    # pipeline has no value)
    signal = 0.8 * text_match + 2.0 * blocks.z(log_popularity, *_POPULARITY)
    signal -= 0.3 * blocks.z(np.log1p(age), 4.0, 1.0)
    missing = new_intent[of_query]
    seen = signal - np.where(missing, 2.0 * blocks.z(log_popularity, *_POPULARITY), 0.0)
    # shop_ranker's shoppers come to weigh a product's newness over its popularity
    shift = 0.0 if stale else blocks.ramp(query_day, SHIFT_FROM, SHIFT_FULL)[of_query]
    preferred = signal - shift * (
        2.0 * blocks.z(log_popularity, *_POPULARITY) + 1.5 * blocks.z(np.log1p(age), 4.0, 1.0)
    )
    # logistic noise: P(relevant | signal) is a sigmoid, so the score below is calibrated
    utility = preferred + rng.logistic(0.0, _NOISE, n)
    relevance = np.searchsorted(GRADES, utility)
    # the score is P(relevant) given what the model sees, as it holds on the reference
    score = blocks.sigmoid((seen - GRADES[0]) / _NOISE)
    popularity = np.where(missing, np.nan, np.round(np.exp(log_popularity), 0))
    popularity = blocks.with_nulls(rng, popularity, 0.005)
    # positions 1..RESULTS by descending score within each query
    order = np.lexsort((-score, of_query))
    position = np.empty(n, dtype=np.int64)
    position[order] = np.tile(np.arange(1, RESULTS + 1), queries)
    label_arrived = arrived[of_query]
    columns: dict[str, blocks.Column] = {
        "user_id": user_id[of_query],
        "device": blocks.levels(["mobile", "desktop", "app"], device[of_query]),
        "search_id": np.char.mod("q-%08d", of_query),
        "position": blocks.ints(position),
        "relevance_score": np.round(score, 6),
        "text_match": np.round(text_match, 4),
        "popularity_7d": popularity,
        "product_age_days": blocks.ints(np.floor(age).astype(np.int64)),
        "product_category": blocks.levels(
            ["electronics", "home", "fashion", "toys", "books"], category
        ),
        "graded_relevance": blocks.ints(relevance, ~label_arrived),
        "labeled_at": labeled_at[of_query],
    }
    return blocks.log_frame(prefix, query_ts[of_query], columns)
