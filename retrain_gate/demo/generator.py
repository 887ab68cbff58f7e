"""Deterministic prediction logs for the sixteen demo models, each telling one story (one module
each in retrain_gate.demo.stories, their metadata in its table STORIES).

``generate_demo()`` writes what ``demo/dbt_project.yml`` monitors. With the defaults (start
2024-01-01, 120 days) the data ends on 2024-04-29, the reference period is 2024-01-01..2024-02-29
and every story happens in the evaluation period, 2024-03-01..2024-04-29:

================  =====================  ==========================================  ============
model             story                  what happens                                verdict
================  =====================  ==========================================  ============
fraud_detector    frozen_feature         2024-03-18: engagement_rate stops updating  fix_data
                                         (each customer keeps their last value)
churn_predictor   null_spike             2024-03-25: sessions_last_7d null on 45%    fix_data
                                         of rows (1% before)
credit_limit      unit_change            2024-04-01: monthly_income arrives in       fix_data
                                         cents (x100)
ticket_router     stale_taxonomy         2024-03-20: three unseen intents grow to    fix_data
                                         25% of tickets over 10 days
promo_response    campaign               2024-04-27..28: a partner campaign triples  hold
                                         traffic (big discounts, lapsed customers)
feed_ranker       proxy_decoupling       2024-03-15: clicks hold while engaged per   fix_labels
                                         click falls 0.55 -> 0.25 over 14 days
loan_approval     override_rise          2024-03-10: overrides rise 4% -> 18% by     investigate
                                         2024-04-15, mostly in the south region
claims_risk       segment_mix_shift      2024-03-15: young drivers 15% -> 45% of     investigate
                                         quotes over 10 days, model fine within each
default_risk      concept_change         2024-03-10: utilisation matters less and    retrain
                                         payment delays matter by income band
claim_cost        claim_cost             2024-03-15: claims cost 30% more than       retrain
                                         predicted (repair prices), inputs unchanged;
                                         a regression model (kind: regression)
intent_router     multiclass_taxonomy    2024-03-21: two unseen product areas grow   fix_data
                                         to 20% of messages over 10 days; a
                                         multiclass model (kind: multiclass)
search_ranker     ranking_stale_feature  2024-03-21: queries of new intents grow to  fix_data
                                         35%, their popularity_7d null; a ranking
                                         model (kind: ranking), ten results a query
shop_ranker       ranking_behaviour_     2024-03-11: over a week, shoppers come to   retrain
                  change                 prefer new products over popular ones,
                                         inputs unchanged (kind: ranking)
card_approval     thin_file              2024-03-16: thin-file applicants 5% ->      investigate
                                         55% over 10 days, scores crowd the middle
conversion_model  covariate_drift        2024-03-10: richer visitors over 14 days,   no_retrain
                                         P(converted | inputs) unchanged
spam_filter       quiet                  nothing                                     healthy
================  =====================  ==========================================  ============

Every table holds the columns the demo config names (prediction id, timestamp, entity,
segment, score, features, label, and the loss / exposure / proxy / override columns) plus
``labeled_at``, when the label arrived. Labels arrive after a gamma-distributed delay; the
label, ``labeled_at`` and any loss are NULL for rows whose label had not arrived by the end of
``as_of``. Losses are 0 for negatives. Labels are 0/1 except claim_cost's, a regression
model's: its score is a claim's predicted cost and its label the cost paid, drawn from a gamma
distribution around the prediction (shape 2), and intent_router's, a multiclass model's: a
probability column per team and the label the team's name, and search_ranker's and
shop_ranker's, ranking models': a row per result shown, ten per query (search_id), its position
and the graded relevance 0..3 (skipped, clicked, stayed, bought). ``retrain_gate_events`` lists the
campaign and one global UI experiment (2024-02-12..14) that changes nothing.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from retrain_gate.demo.blocks import Context
from retrain_gate.demo.stories import STORIES, StorySpec
from retrain_gate.demo.stories.campaign import CAMPAIGN

# The UI experiment's first and last days, as days after `start`.
_UI_EXPERIMENT = (42, 44)
MIN_DAYS = CAMPAIGN[1] + 1


@dataclass(frozen=True)
class Story:
    """What was injected into one demo model, and what retrain_gate should conclude."""

    model_id: str
    story: str
    description: str
    subject: str | None
    start: date | None
    end: date | None
    expected_verdict: str
    drifting_features: tuple[str, ...]
    stable_features: tuple[str, ...]


@dataclass(frozen=True)
class DemoData:
    """The demo's raw tables (keyed by source table name), its last day and its stories."""

    tables: dict[str, pd.DataFrame]
    as_of: date
    stories: tuple[Story, ...]


def generate_demo(
    seed: int = 7, start: date = date(2024, 1, 1), days: int = 120, rows_per_day: int = 2000
) -> DemoData:
    """Generates the demo's prediction logs; the same arguments always give the same data."""
    if days < MIN_DAYS:
        raise ValueError(f"days must be at least {MIN_DAYS} to hold every story, got {days}")
    if rows_per_day < 1:
        raise ValueError(f"rows_per_day must be at least 1, got {rows_per_day}")
    ctx = Context(start, days, rows_per_day)
    tables: dict[str, pd.DataFrame] = {}
    for spec in STORIES:
        # A child seed per model: editing one model's generator leaves the others' data alone.
        seeds = np.random.SeedSequence([seed, zlib.crc32(spec.model_id.encode())])
        tables[spec.table] = spec.build(np.random.default_rng(seeds), ctx)
    tables["retrain_gate_events"] = _events(ctx)
    stories = tuple(_story(spec, ctx) for spec in STORIES)
    return DemoData(tables=tables, as_of=ctx.as_of, stories=stories)


def _story(spec: StorySpec, ctx: Context) -> Story:
    """The story of the table's row, its days as dates of the generated period."""
    return Story(
        model_id=spec.model_id,
        story=spec.story,
        description=spec.description,
        subject=spec.subject,
        start=None if spec.start is None else ctx.day(spec.start),
        end=None if spec.end is None else ctx.day(spec.end),
        expected_verdict=spec.expected_verdict,
        drifting_features=spec.drifting_features,
        stable_features=spec.stable_features,
    )


def _events(ctx: Context) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "model_id": pd.array(["promo_response", None], dtype="str"),
            "start_date": pd.Series(
                [ctx.day(CAMPAIGN[0]), ctx.day(_UI_EXPERIMENT[0])], dtype=object
            ),
            "end_date": pd.Series([ctx.day(CAMPAIGN[1]), ctx.day(_UI_EXPERIMENT[1])], dtype=object),
            "kind": ["campaign", "ui_experiment"],
            "description": [
                "Partner reactivation campaign: 30-50% discounts to lapsed customers",
                "Checkout redesign A/B test",
            ],
        }
    )
