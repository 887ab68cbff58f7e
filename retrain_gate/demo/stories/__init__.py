"""The demo's stories: one module each, whose `build` draws the model's prediction log, and
their metadata in one table, STORIES, in the order the demo generates them (the docstring of
retrain_gate.demo.generator tells them in prose)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import pandas as pd

from retrain_gate.demo.blocks import Context
from retrain_gate.demo.stories import (
    campaign,
    claim_cost,
    concept_change,
    covariate_drift,
    frozen_feature,
    intent_router,
    null_spike,
    override_rise,
    proxy_decoupling,
    quiet,
    search_ranker,
    segment_mix_shift,
    stale_taxonomy,
    thin_file,
    unit_change,
)

Builder: TypeAlias = Callable[[np.random.Generator, Context], pd.DataFrame]


@dataclass(frozen=True)
class StorySpec:
    """One demo model: its source table, the generator of its log, and its story; start and end
    are days after the generated period's start."""

    model_id: str
    table: str
    build: Builder
    story: str
    description: str
    subject: str | None
    start: int | None
    end: int | None
    expected_verdict: str
    drifting_features: tuple[str, ...]
    stable_features: tuple[str, ...]


STORIES: tuple[StorySpec, ...] = (
    StorySpec(
        model_id="fraud_detector",
        table="fraud_predictions",
        build=frozen_feature.build,
        story="frozen_feature",
        description=(
            "The upstream engagement metric is deprecated and every customer keeps reporting "
            "their last engagement_rate, so values stop changing while the distribution holds."
        ),
        subject="engagement_rate",
        start=frozen_feature.FREEZE,
        end=None,
        expected_verdict="fix_data",
        drifting_features=(),
        stable_features=("loan_amount", "engagement_rate", "account_age_days", "product"),
    ),
    StorySpec(
        model_id="churn_predictor",
        table="churn_scores",
        build=null_spike.build,
        story="null_spike",
        description=(
            "A broken upstream join leaves sessions_last_7d null on 45% of rows (1% before); "
            "the values that do arrive keep their distribution."
        ),
        subject="sessions_last_7d",
        start=null_spike.NULL_SPIKE,
        end=None,
        expected_verdict="fix_data",
        drifting_features=(),
        stable_features=(
            "tenure_months",
            "monthly_spend",
            "sessions_last_7d",
            "support_calls_30d",
            "device_os",
        ),
    ),
    StorySpec(
        model_id="credit_limit",
        table="credit_limit_scores",
        build=unit_change.build,
        story="unit_change",
        description=(
            "The income feed switches to cents, so monthly_income is 100 times larger on every "
            "row and the scores collapse."
        ),
        subject="monthly_income",
        start=unit_change.UNIT_CHANGE,
        end=None,
        expected_verdict="fix_data",
        drifting_features=("monthly_income", "default_score"),
        stable_features=("debt_to_income", "credit_lines", "housing"),
    ),
    StorySpec(
        model_id="ticket_router",
        table="ticket_router_scores",
        build=stale_taxonomy.build,
        story="stale_taxonomy",
        description=(
            "Three intents the model never saw (bnpl_dispute, crypto_refund, esim_activation) "
            "grow from 0 to 25% of tickets over 10 days, then hold."
        ),
        subject="intent",
        start=stale_taxonomy.TAXONOMY_FROM,
        end=None,
        expected_verdict="fix_data",
        drifting_features=("intent",),
        stable_features=("message_length", "prior_tickets_30d"),
    ),
    StorySpec(
        model_id="promo_response",
        table="promo_response_scores",
        build=campaign.build,
        story="campaign",
        description=(
            "A weekend partner campaign triples traffic through a new partner_campaign channel: "
            "30-50% discounts offered to long-lapsed customers."
        ),
        subject="channel",
        start=campaign.CAMPAIGN[0],
        end=campaign.CAMPAIGN[1],
        expected_verdict="hold",
        drifting_features=("discount_pct", "days_since_last_order", "response_score"),
        stable_features=("basket_value", "customer_tier"),
    ),
    StorySpec(
        model_id="feed_ranker",
        table="feed_ranker_scores",
        build=proxy_decoupling.build,
        story="proxy_decoupling",
        description=(
            "Clickbait: the click-through rate holds or rises slightly while engaged per click "
            "falls from 0.55 to 0.25 over 14 days, so the clicked label stops tracking engagement."
        ),
        subject="clicked",
        start=proxy_decoupling.PROXY_FROM,
        end=None,
        expected_verdict="fix_labels",
        drifting_features=(),
        stable_features=("dwell_prior_s", "item_age_hours", "topic"),
    ),
    StorySpec(
        model_id="loan_approval",
        table="loan_approval_scores",
        build=override_rise.build,
        story="override_rise",
        description=(
            "Loan officers override the model more and more: 4% of decisions before, 18% by "
            "mid-April, most of the rise in the south region."
        ),
        subject="was_overridden",
        start=override_rise.OVERRIDES_FROM,
        end=None,
        expected_verdict="investigate",
        drifting_features=(),
        stable_features=("loan_amount", "credit_score", "employment_years", "loan_purpose"),
    ),
    StorySpec(
        model_id="claims_risk",
        table="claims_risk_scores",
        build=segment_mix_shift.build,
        story="segment_mix_shift",
        description=(
            "Young drivers grow from 15% to 45% of quotes over 10 days; within each segment "
            "inputs and claim risk are unchanged, so the claim rate rises only through the mix."
        ),
        subject="driver_segment",
        start=segment_mix_shift.MIX_FROM,
        end=None,
        expected_verdict="investigate",
        drifting_features=("vehicle_value", "annual_mileage", "claim_score"),
        stable_features=("vehicle_type",),
    ),
    StorySpec(
        model_id="default_risk",
        table="default_risk_scores",
        build=concept_change.build,
        story="concept_change",
        description=(
            "The link between inputs and default changes (utilisation matters less, payment "
            "delays matter by income band) while every input keeps its distribution."
        ),
        subject="utilization",
        start=concept_change.CONCEPT_CHANGE,
        end=None,
        expected_verdict="retrain",
        drifting_features=(),
        stable_features=("utilization", "payment_delay_days", "account_age_months", "income_band"),
    ),
    StorySpec(
        model_id="claim_cost",
        table="claim_cost_predictions",
        build=claim_cost.build,
        story="claim_cost",
        description=(
            "A regression model of each motor claim's cost: repair prices rise, so from "
            "mid-March every claim costs 30% more than the model predicts, while the claims "
            "coming in (and so the predictions) do not change."
        ),
        subject="paid_cost",
        start=claim_cost.INFLATION_FROM,
        end=None,
        expected_verdict="retrain",
        drifting_features=(),
        stable_features=(
            "vehicle_age",
            "driver_age",
            "vehicle_value",
            "claim_type",
            "region",
            "predicted_cost",
        ),
    ),
    StorySpec(
        model_id="intent_router",
        table="intent_router_scores",
        build=intent_router.build,
        story="multiclass_taxonomy",
        description=(
            "A multiclass router of support messages to four teams: two product areas the model "
            "never saw (smart_home, insurance_addon) grow from 0 to 20% of messages over 10 "
            "days, and their messages are mostly technical questions and sales leads."
        ),
        subject="product_area",
        start=intent_router.AREAS_FROM,
        end=None,
        expected_verdict="fix_data",
        drifting_features=("product_area",),
        stable_features=("message_length", "prior_contacts_30d"),
    ),
    StorySpec(
        model_id="search_ranker",
        table="search_ranker_results",
        build=search_ranker.build,
        story="ranking_stale_feature",
        description=(
            "A ranking model of product search results, ten per query: queries of new intents "
            "grow from 0 to 35% over 10 days, the popularity pipeline has no value for their "
            "results, and the model ranks them worse (NDCG falls): the feature is what broke."
        ),
        subject="popularity_7d",
        start=search_ranker.STALE_FROM,
        end=None,
        expected_verdict="fix_data",
        drifting_features=(),
        stable_features=("text_match", "popularity_7d", "product_age_days", "product_category"),
    ),
    StorySpec(
        model_id="shop_ranker",
        table="shop_ranker_results",
        build=search_ranker.build_behaviour_change,
        story="ranking_behaviour_change",
        description=(
            "A ranking model of a shop's product search, ten results per query: over a week "
            "shoppers come to prefer new products over popular ones, at the same inputs and "
            "scores, so the model's order is worse for every query (NDCG falls): a retrain."
        ),
        subject=None,
        start=search_ranker.SHIFT_FROM,
        end=None,
        expected_verdict="retrain",
        drifting_features=(),
        stable_features=("text_match", "popularity_7d", "product_age_days", "product_category"),
    ),
    StorySpec(
        model_id="card_approval",
        table="card_approval_scores",
        build=thin_file.build,
        story="thin_file",
        description=(
            "Thin-file applicants grow from 5% to 55% of applications over 10 days; their scores "
            "crowd into the middle, where the model always separated defaulters less well, while "
            "P(default | inputs) is unchanged."
        ),
        subject=None,
        start=thin_file.THIN_FILE_FROM,
        end=None,
        expected_verdict="investigate",
        drifting_features=("bureau_score", "credit_history_months", "default_score"),
        stable_features=("annual_income", "employment_type"),
    ),
    StorySpec(
        model_id="conversion_model",
        table="conversion_scores",
        build=covariate_drift.build,
        story="covariate_drift",
        description=(
            "Richer visitors arrive over 14 days (bigger baskets, more pages, more paid and "
            "social traffic) but conversion given the inputs is unchanged and the score holds."
        ),
        subject=None,
        start=covariate_drift.COVARIATE_FROM,
        end=None,
        expected_verdict="no_retrain",
        drifting_features=("basket_value", "pages_viewed", "traffic_source", "conversion_score"),
        stable_features=(),
    ),
    StorySpec(
        model_id="spam_filter",
        table="spam_filter_scores",
        build=quiet.build,
        story="quiet",
        description="Nothing happens: the control model, which retrain_gate should call healthy.",
        subject=None,
        start=None,
        end=None,
        expected_verdict="healthy",
        drifting_features=(),
        stable_features=(
            "message_length",
            "link_count",
            "sender_reputation",
            "attachment_type",
        ),
    ),
)
