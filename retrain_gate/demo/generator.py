"""Deterministic prediction logs for the eleven demo models, each telling one story.

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
conversion_model  covariate_drift        2024-03-10: richer visitors over 14 days,   no_retrain
                                         P(converted | inputs) unchanged
spam_filter       quiet                  nothing                                     healthy
================  =====================  ==========================================  ============

Every table holds the columns the demo config names (prediction id, timestamp, entity,
segment, score, features, label, and the loss / exposure / proxy / override columns) plus
``labeled_at``, when the label arrived. Labels arrive after a gamma-distributed delay; the
label, ``labeled_at`` and any loss are NULL for rows whose label had not arrived by the end of
``as_of``. Losses are 0 for negatives. ``retrain_gate_events`` lists the campaign and one global
UI experiment (2024-02-12..14) that changes nothing.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pandas.arrays import IntegerArray

Floats: TypeAlias = NDArray[np.float64]
Ints: TypeAlias = NDArray[np.int64]
Bools: TypeAlias = NDArray[np.bool_]
Times: TypeAlias = NDArray[np.datetime64]
Column: TypeAlias = NDArray[Any] | IntegerArray

_DAY_US = 86_400_000_000
# Activity peaks mid-afternoon and bottoms out at night.
_HOURS = np.arange(24)
_HOUR_WEIGHTS = 1.0 + 0.8 * np.cos(2 * np.pi * (_HOURS - 14) / 24)
_HOUR_WEIGHTS /= _HOUR_WEIGHTS.sum()

# Story dates, as days after `start` (with the defaults, offset 0 is 2024-01-01).
_UI_EXPERIMENT = (42, 44)
_OVERRIDES_FROM, _OVERRIDES_FULL = 69, 105
_CONCEPT_CHANGE = 69
_COVARIATE_FROM, _COVARIATE_FULL = 69, 82
_PROXY_FROM, _PROXY_FULL = 74, 87
_MIX_FROM, _MIX_FULL = 74, 83
_FREEZE = 77
_TAXONOMY_FROM, _TAXONOMY_FULL = 79, 88
_NULL_SPIKE = 84
_UNIT_CHANGE = 91
_CAMPAIGN = (117, 118)
MIN_DAYS = _CAMPAIGN[1] + 1


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


@dataclass(frozen=True)
class _Context:
    start: date
    days: int
    rows_per_day: int

    @property
    def as_of(self) -> date:
        return self.day(self.days - 1)

    def day(self, offset: int) -> date:
        return self.start + timedelta(days=offset)

    def volume(self, rng: np.random.Generator) -> Floats:
        """Expected rows per day: weekends at 70% of weekdays, +6% over the period, noise."""
        offsets = np.arange(self.days)
        weekday = (self.start.weekday() + offsets) % 7
        weekly = np.where(weekday >= 5, 0.7, 1.0) / (6.4 / 7)
        trend = 0.97 + 0.06 * offsets / max(self.days - 1, 1)
        noise = rng.lognormal(0.0, 0.05, self.days)
        volume: Floats = self.rows_per_day * weekly * trend * noise
        return volume

    def timeline(self, rng: np.random.Generator, counts: Ints) -> tuple[Times, Ints]:
        """Sorted timestamps for `counts[d]` rows on day d, and each row's day offset."""
        day = np.repeat(np.arange(self.days, dtype=np.int64), counts)
        hour = rng.choice(24, size=day.size, p=_HOUR_WEIGHTS)
        micros = day * _DAY_US + hour * 3_600_000_000 + rng.integers(0, 3_600_000_000, day.size)
        micros.sort()
        base = np.datetime64(self.start, "us")
        return base + micros.astype("timedelta64[us]"), micros // _DAY_US

    def entities(self, rng: np.random.Generator, n: int, prefix: str) -> tuple[Ints, Column]:
        """Entity indices and ids from a pool of ~10 days of rows, some entities busier."""
        pool = self.rows_per_day * 10
        activity = rng.gamma(1.5, 1.0, pool)
        index = rng.choice(pool, size=n, p=activity / activity.sum())
        ids = np.char.mod(f"{prefix}-%06d", np.arange(pool))
        return index, ids[index]


@dataclass(frozen=True)
class _Outcome:
    """The true label of every row, and which labels had arrived by the end of as_of."""

    y: Ints
    arrived: Bools
    labeled_at: Times

    def label(self, values: Ints | None = None) -> IntegerArray:
        return _ints(self.y if values is None else values, ~self.arrived)

    def loss(self, amount: Floats) -> Floats:
        return np.where(self.arrived, np.where(self.y == 1, amount, 0.0), np.nan)


def generate_demo(
    seed: int = 7, start: date = date(2024, 1, 1), days: int = 120, rows_per_day: int = 2000
) -> DemoData:
    """Generates the demo's prediction logs; the same arguments always give the same data."""
    if days < MIN_DAYS:
        raise ValueError(f"days must be at least {MIN_DAYS} to hold every story, got {days}")
    if rows_per_day < 1:
        raise ValueError(f"rows_per_day must be at least 1, got {rows_per_day}")
    ctx = _Context(start, days, rows_per_day)
    tables: dict[str, pd.DataFrame] = {}
    stories: list[Story] = []
    for model_id, table, build in _MODELS:
        # A child seed per model: editing one model's generator leaves the others' data alone.
        rng = np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(model_id.encode())]))
        frame, story = build(rng, ctx)
        tables[table] = frame
        stories.append(story)
    tables["retrain_gate_events"] = _events(ctx)
    return DemoData(tables=tables, as_of=ctx.as_of, stories=tuple(stories))


# ---------------------------------------------------------------------------------------------
# Shared building blocks


def _sigmoid(x: Floats) -> Floats:
    result: Floats = 1.0 / (1.0 + np.exp(-x))
    return result


def _z(values: NDArray[Any], mean: float, sd: float) -> Floats:
    """A model input: standardised, clipped like a winsorised feature, nulls imputed to 0."""
    z: Floats = np.nan_to_num(np.clip((values - mean) / sd, -3.0, 3.0), nan=0.0)
    return z


def _ramp(day: Ints, first: int, full: int) -> Floats:
    """0 before day `first`, rising linearly to 1 on day `full` and after."""
    return np.clip((day - first + 1) / (full - first + 1), 0.0, 1.0)


def _draw(rng: np.random.Generator, probs: Sequence[float] | Floats, n: int) -> Ints:
    weights = np.asarray(probs, dtype=float)
    return rng.choice(weights.size, size=n, p=weights / weights.sum())


def _draw_rows(rng: np.random.Generator, probs: Floats) -> Ints:
    """One category per row from row-specific probabilities (rows x levels)."""
    cumulative = np.cumsum(probs / np.sum(probs, axis=1, keepdims=True), axis=1)
    index: Ints = (rng.random((probs.shape[0], 1)) > cumulative[:, :-1]).sum(axis=1)
    return index


def _levels(names: Sequence[str], index: Ints) -> NDArray[np.object_]:
    return np.asarray(names, dtype=object)[index]


def _ints(values: NDArray[Any], mask: Bools | None = None) -> IntegerArray:
    missing = np.zeros(values.shape, dtype=bool) if mask is None else mask
    return IntegerArray(values.astype(np.int32), missing)


def _with_nulls(rng: np.random.Generator, values: Floats, rate: float) -> Floats:
    return np.where(rng.random(values.size) < rate, np.nan, values)


def _null_mask(rng: np.random.Generator, n: int, rate: float) -> Bools:
    mask: Bools = rng.random(n) < rate
    return mask


def _outcome(
    rng: np.random.Generator, ctx: _Context, ts: Times, p: Floats, maturity_days: int
) -> _Outcome:
    """Bernoulli labels arriving after a gamma delay (99% within the model's maturity)."""
    y = (rng.random(p.size) < p).astype(np.int64)
    delay_us = rng.gamma(2.0, maturity_days / 7.0, p.size) * _DAY_US
    labeled_at = ts + delay_us.astype(np.int64).astype("timedelta64[us]")
    arrived = labeled_at < np.datetime64(ctx.day(ctx.days), "us")
    return _Outcome(y, arrived, np.where(arrived, labeled_at, np.datetime64("NaT", "us")))


def _table(prefix: str, ts: Times, columns: dict[str, Column]) -> pd.DataFrame:
    """The frame in scored_at order, with prediction ids numbered in that order."""
    order = np.argsort(ts, kind="stable")
    data: dict[str, Column] = {
        "prediction_id": np.char.mod(f"{prefix}-%08d", np.arange(1, ts.size + 1)),
        "scored_at": ts[order],
    }
    data.update({name: values[order] for name, values in columns.items()})
    return pd.DataFrame(data)


def _rows(rng: np.random.Generator, ctx: _Context) -> tuple[Times, Ints]:
    return ctx.timeline(rng, rng.poisson(ctx.volume(rng)))


# ---------------------------------------------------------------------------------------------
# The eleven models. Each draws its inputs, scores them with a logistic model, and draws labels
# from the true probability, which equals the score except where its story says otherwise.


def _fraud_detector(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, day = _rows(rng, ctx)
    n = ts.size
    customer, customer_id = ctx.entities(rng, n, "cus")
    channel = _draw(rng, [0.52, 0.33, 0.15], n)
    loan_amount = np.round(rng.lognormal(7.4, 0.8, n), 2)
    account_age = np.maximum(1, rng.lognormal(6.3, 0.9, n)).astype(np.int64)
    age_missing = _null_mask(rng, n, 0.007)
    product = _draw(rng, [0.34, 0.24, 0.18, 0.12, 0.08, 0.04], n)
    true_rate, logged_rate = _frozen_by_entity(rng, customer, day, _FREEZE)

    def logit(engagement: Floats) -> Floats:
        age = np.where(age_missing, np.nan, np.log(account_age))
        value: Floats = (
            -3.9
            + 0.6 * _z(np.log(loan_amount), 7.4, 0.8)
            - 1.0 * _z(engagement, 0.286, 0.16)
            - 0.6 * _z(age, 6.3, 0.9)
            + np.array([0.0, 0.5, -0.3, 0.2, 0.8, -0.2])[product]
            + np.array([-0.4, 0.4, 0.3])[channel]
        )
        return value

    score = _sigmoid(logit(logged_rate))
    # Fraud follows customers' real engagement, which the frozen feed no longer reports.
    outcome = _outcome(rng, ctx, ts, _sigmoid(logit(true_rate)), 14)
    chargeback = loan_amount * np.minimum(1.0, rng.lognormal(-0.35, 0.3, n))
    frame = _table(
        "fd",
        ts,
        {
            "customer_id": customer_id,
            "channel": _levels(["card_present", "online", "mobile_wallet"], channel),
            "fraud_score": score,
            "loan_amount": loan_amount,
            "engagement_rate": np.round(logged_rate, 4),
            "account_age_days": _ints(account_age, age_missing),
            "product": _levels(
                ["personal_loan", "credit_card", "bnpl", "auto_loan", "overdraft", "student_loan"],
                product,
            ),
            "is_fraud": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "chargeback_amount": np.round(outcome.loss(chargeback), 2),
        },
    )
    story = Story(
        model_id="fraud_detector",
        story="frozen_feature",
        description=(
            "The upstream engagement metric is deprecated and every customer keeps reporting "
            "their last engagement_rate, so values stop changing while the distribution holds."
        ),
        subject="engagement_rate",
        start=ctx.day(_FREEZE),
        end=None,
        expected_verdict="fix_data",
        drifting_features=(),
        stable_features=("loan_amount", "engagement_rate", "account_age_days", "product"),
    )
    return frame, story


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


def _churn_predictor(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, day = _rows(rng, ctx)
    n = ts.size
    _, subscriber_id = ctx.entities(rng, n, "sub")
    plan = _draw(rng, [0.30, 0.25, 0.22, 0.13, 0.10], n)
    tenure = np.ceil(rng.gamma(1.3, 18.0, n)).astype(np.int64)
    spend = np.round(rng.lognormal(3.6, 0.45, n), 2)
    sessions = rng.negative_binomial(3, 0.25, n)
    sessions_missing: Bools = rng.random(n) < np.where(day >= _NULL_SPIKE, 0.45, 0.01)
    calls = rng.poisson(0.7, n)
    device_os = _draw(rng, [0.55, 0.35, 0.07, 0.03], n)
    score = _sigmoid(
        -2.1
        - 0.7 * _z(np.log(tenure), 2.7, 1.1)
        + 0.25 * _z(np.log(spend), 3.6, 0.45)
        # The model imputes a missing session count with the mean.
        - 0.8 * _z(np.where(sessions_missing, np.nan, sessions), 9.0, 6.0)
        + 0.6 * _z(calls, 0.7, 0.84)
        + np.array([0.5, 0.2, 0.0, -0.3, -0.5])[plan]
        + np.array([0.1, -0.1, 0.3, 0.2])[device_os]
    )
    outcome = _outcome(rng, ctx, ts, score, 14)
    frame = _table(
        "ch",
        ts,
        {
            "subscriber_id": subscriber_id,
            "plan": _levels(["prepaid", "basic", "standard", "premium", "family"], plan),
            "churn_score": score,
            "tenure_months": _ints(tenure),
            "monthly_spend": spend,
            "sessions_last_7d": _ints(sessions, sessions_missing),
            "support_calls_30d": _ints(calls),
            "device_os": _levels(["android", "ios", "web", "other"], device_os),
            "churned": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    story = Story(
        model_id="churn_predictor",
        story="null_spike",
        description=(
            "A broken upstream join leaves sessions_last_7d null on 45% of rows (1% before); "
            "the values that do arrive keep their distribution."
        ),
        subject="sessions_last_7d",
        start=ctx.day(_NULL_SPIKE),
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
    )
    return frame, story


def _credit_limit(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, day = _rows(rng, ctx)
    n = ts.size
    _, applicant_id = ctx.entities(rng, n, "app")
    employment = _draw(rng, [0.58, 0.14, 0.10, 0.10, 0.05, 0.03], n)
    income = np.round(rng.lognormal(8.1, 0.5, n), 2)
    # From the unit change on, the feed sends cents; the model reads them as they come.
    logged_income = np.where(day >= _UNIT_CHANGE, income * 100, income)
    dti = _with_nulls(rng, np.round(rng.beta(2.5, 6.0, n), 4), 0.005)
    lines = rng.poisson(4.0, n)
    housing = _draw(rng, [0.40, 0.33, 0.15, 0.09, 0.03], n)

    def logit(monthly_income: Floats) -> Floats:
        value: Floats = (
            -2.6
            - 0.6 * _z(np.log(monthly_income), 8.1, 0.5)
            + 0.9 * _z(dti, 0.29, 0.14)
            + 0.2 * _z(lines, 4.0, 2.0)
            + np.array([0.0, 0.3, 0.2, -0.2, 0.4, 0.9])[employment]
            + np.array([0.2, 0.0, -0.3, 0.1, 0.3])[housing]
        )
        return value

    outcome = _outcome(rng, ctx, ts, _sigmoid(logit(income)), 14)
    limit = np.round(income * rng.lognormal(0.4, 0.3, n), -2)
    frame = _table(
        "cl",
        ts,
        {
            "applicant_id": applicant_id,
            "employment": _levels(
                ["salaried", "self_employed", "contractor", "retired", "student", "unemployed"],
                employment,
            ),
            "default_score": _sigmoid(logit(logged_income)),
            "monthly_income": logged_income,
            "debt_to_income": dti,
            "credit_lines": _ints(lines),
            "housing": _levels(["rent", "mortgage", "own", "with_parents", "other"], housing),
            "defaulted": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "write_off_amount": np.round(
                outcome.loss(limit * np.minimum(1.0, rng.lognormal(-0.5, 0.4, n))), 2
            ),
            "credit_limit": limit,
        },
    )
    story = Story(
        model_id="credit_limit",
        story="unit_change",
        description=(
            "The income feed switches to cents, so monthly_income is 100 times larger on every "
            "row and the scores collapse."
        ),
        subject="monthly_income",
        start=ctx.day(_UNIT_CHANGE),
        end=None,
        expected_verdict="fix_data",
        drifting_features=("monthly_income", "default_score"),
        stable_features=("debt_to_income", "credit_lines", "housing"),
    )
    return frame, story


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


def _ticket_router(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, day = _rows(rng, ctx)
    n = ts.size
    _, customer_id = ctx.entities(rng, n, "tcu")
    channel = _draw(rng, [0.34, 0.28, 0.16, 0.12, 0.10], n)
    length = np.maximum(5, rng.lognormal(5.3, 0.7, n)).astype(np.int64)
    prior = rng.poisson(0.6, n)
    known = _draw(rng, [0.22, 0.17, 0.13, 0.11, 0.09, 0.08, 0.07, 0.05, 0.04, 0.04], n)
    unseen = _draw(rng, [0.45, 0.30, 0.25], n)
    is_new = rng.random(n) < 0.25 * _ramp(day, _TAXONOMY_FROM, _TAXONOMY_FULL)
    intent = np.where(is_new, len(_INTENTS) + unseen, known)
    base = (
        -1.6
        + 0.4 * _z(np.log(length), 5.3, 0.7)
        + 0.7 * _z(prior, 0.6, 0.77)
        + np.array([0.0, -0.1, 0.4, 0.1, -0.2])[channel]
    )
    # The model has no weight for an intent it never saw; escalation still depends on it.
    known_effect = [-0.5, 0.0, 0.3, 0.2, -0.8, 0.1, 0.4, 0.5, 1.2, 0.0]
    score = _sigmoid(base + np.array([*known_effect, 0.0, 0.0, 0.0])[intent])
    truth = _sigmoid(base + np.array([*known_effect, 0.9, 1.2, 0.4])[intent])
    outcome = _outcome(rng, ctx, ts, truth, 7)
    frame = _table(
        "tr",
        ts,
        {
            "customer_id": customer_id,
            "channel": _levels(["email", "chat", "phone", "web_form", "app"], channel),
            "escalation_score": score,
            "message_length": _ints(length),
            "prior_tickets_30d": _ints(prior),
            "intent": _levels(_INTENTS + _NEW_INTENTS, intent),
            "escalated": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    story = Story(
        model_id="ticket_router",
        story="stale_taxonomy",
        description=(
            "Three intents the model never saw (bnpl_dispute, crypto_refund, esim_activation) "
            "grow from 0 to 25% of tickets over 10 days, then hold."
        ),
        subject="intent",
        start=ctx.day(_TAXONOMY_FROM),
        end=None,
        expected_verdict="fix_data",
        drifting_features=("intent",),
        stable_features=("message_length", "prior_tickets_30d"),
    )
    return frame, story


def _promo_response(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    volume = ctx.volume(rng)
    ts, _ = ctx.timeline(rng, rng.poisson(volume))
    campaign_days = np.zeros(ctx.days, dtype=bool)
    campaign_days[_CAMPAIGN[0] : _CAMPAIGN[1] + 1] = True
    # Partner traffic comes on top of the usual traffic: three times the volume on its days.
    extra_ts, _ = ctx.timeline(rng, rng.poisson(np.where(campaign_days, 2 * volume, 0.0)))
    ts = np.concatenate([ts, extra_ts])
    n = ts.size
    campaign = np.arange(n) >= n - extra_ts.size
    _, customer_id = ctx.entities(rng, n, "pcu")
    channel = np.where(campaign, 4, _draw(rng, [0.45, 0.25, 0.12, 0.18], n))
    discount = np.where(campaign, rng.integers(30, 51, n), rng.integers(5, 16, n)).astype(float)
    basket = np.round(rng.lognormal(4.0, 0.6, n), 2)
    usual_gap = np.ceil(rng.gamma(1.2, 25.0, n))
    lapsed_gap = np.round(rng.lognormal(5.4, 0.35, n))
    gap = np.where(campaign, lapsed_gap, usual_gap).astype(np.int64)
    gap_missing = _null_mask(rng, n, 0.008)
    tier = _draw(rng, [0.55, 0.28, 0.13, 0.04], n)
    logit = (
        -2.2
        + 0.6 * _z(discount, 10.0, 3.2)
        + 0.3 * _z(np.log(basket), 4.0, 0.6)
        - 0.6 * _z(np.where(gap_missing, np.nan, np.log(gap)), 3.0, 1.0)
        + np.array([-0.2, 0.0, 0.3, 0.5])[tier]
        # The model has no weight for the partner channel it never saw.
        + np.array([0.0, -0.2, -0.3, 0.2, 0.0])[channel]
    )
    score = _sigmoid(logit)
    # Lapsed partner customers take the discount less often than the model expects.
    outcome = _outcome(rng, ctx, ts, _sigmoid(np.where(campaign, logit - 1.0, logit)), 7)
    frame = _table(
        "pr",
        ts,
        {
            "customer_id": customer_id,
            "channel": _levels(["email", "push", "sms", "in_app", "partner_campaign"], channel),
            "response_score": score,
            "discount_pct": discount,
            "basket_value": basket,
            "days_since_last_order": _ints(gap, gap_missing),
            "customer_tier": _levels(["bronze", "silver", "gold", "platinum"], tier),
            "responded": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    story = Story(
        model_id="promo_response",
        story="campaign",
        description=(
            "A weekend partner campaign triples traffic through a new partner_campaign channel: "
            "30-50% discounts offered to long-lapsed customers."
        ),
        subject="channel",
        start=ctx.day(_CAMPAIGN[0]),
        end=ctx.day(_CAMPAIGN[1]),
        expected_verdict="hold",
        drifting_features=("discount_pct", "days_since_last_order", "response_score"),
        stable_features=("basket_value", "customer_tier"),
    )
    return frame, story


def _feed_ranker(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, day = _rows(rng, ctx)
    n = ts.size
    _, user_id = ctx.entities(rng, n, "usr")
    surface = _draw(rng, [0.50, 0.20, 0.12, 0.10, 0.08], n)
    dwell = _with_nulls(rng, np.round(rng.lognormal(3.3, 0.8, n), 1), 0.01)
    age = np.round(rng.lognormal(2.5, 1.1, n), 2)
    topic = _draw(rng, [0.20, 0.16, 0.15, 0.12, 0.10, 0.09, 0.08, 0.06, 0.04], n)
    logit = (
        -1.05
        + 0.6 * _z(np.log(dwell), 3.3, 0.8)
        - 0.5 * _z(np.log(age), 2.5, 1.1)
        + np.array([0.1, 0.0, 0.3, -0.1, -0.2, -0.3, 0.4, 0.2, -0.1])[topic]
        + np.array([0.0, -0.2, 0.4, 0.5, -0.3])[surface]
    )
    score = _sigmoid(logit)
    drift = _ramp(day, _PROXY_FROM, _PROXY_FULL)
    # Clickbait: slightly more clicks, and each click is far less often a real engagement.
    outcome = _outcome(rng, ctx, ts, _sigmoid(logit + 0.15 * drift), 3)
    engaged_per_click = 0.55 - 0.30 * drift
    # Long-dwell users both click and engage more; -0.13 offsets that so clicks engage at the
    # intended rate on average.
    p_engaged = _sigmoid(
        np.log(engaged_per_click / (1 - engaged_per_click))
        - 0.13
        + 0.4 * _z(np.log(dwell), 3.3, 0.8)
    )
    engaged = outcome.y * (rng.random(n) < p_engaged)
    frame = _table(
        "fr",
        ts,
        {
            "user_id": user_id,
            "surface": _levels(
                ["home_feed", "explore", "notifications", "search", "profile"], surface
            ),
            "click_score": score,
            "dwell_prior_s": dwell,
            "item_age_hours": age,
            "topic": _levels(
                [
                    "news",
                    "sports",
                    "entertainment",
                    "tech",
                    "lifestyle",
                    "finance",
                    "gaming",
                    "food",
                    "travel",
                ],
                topic,
            ),
            "clicked": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "engaged": outcome.label(engaged),
        },
    )
    story = Story(
        model_id="feed_ranker",
        story="proxy_decoupling",
        description=(
            "Clickbait: the click-through rate holds or rises slightly while engaged per click "
            "falls from 0.55 to 0.25 over 14 days, so the clicked label stops tracking engagement."
        ),
        subject="clicked",
        start=ctx.day(_PROXY_FROM),
        end=None,
        expected_verdict="fix_labels",
        drifting_features=(),
        stable_features=("dwell_prior_s", "item_age_hours", "topic"),
    )
    return frame, story


_REGIONS = ["north", "south", "east", "west", "central"]


def _loan_approval(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, day = _rows(rng, ctx)
    n = ts.size
    _, applicant_id = ctx.entities(rng, n, "lap")
    region_share = np.array([0.22, 0.22, 0.20, 0.20, 0.16])
    region = _draw(rng, region_share, n)
    amount = np.round(rng.lognormal(9.3, 0.7, n), 2)
    credit_score = np.clip(np.round(rng.normal(690.0, 60.0, n)), 300, 850).astype(np.int64)
    employment_years = _with_nulls(rng, np.round(rng.gamma(2.0, 3.5, n), 1), 0.006)
    purpose = _draw(rng, [0.32, 0.18, 0.15, 0.10, 0.08, 0.07, 0.04, 0.06], n)
    score = _sigmoid(
        1.75
        - 0.4 * _z(np.log(amount), 9.3, 0.7)
        + 0.9 * _z(credit_score, 690.0, 60.0)
        + 0.4 * _z(np.log1p(employment_years), 1.8, 0.6)
        + np.array([0.0, 0.2, 0.1, -0.3, 0.1, -0.5, 0.0, -0.2])[purpose]
        + np.array([0.0, -0.15, 0.05, 0.1, 0.0])[region]
    )
    outcome = _outcome(rng, ctx, ts, score, 14)
    # The override rate climbs from 4% to 18%; south officers account for 70% of the rise.
    rise = 0.14 * _ramp(day, _OVERRIDES_FROM, _OVERRIDES_FULL)
    south = region == _REGIONS.index("south")
    south_share = region_share[_REGIONS.index("south")]
    override_rate = 0.04 + np.where(south, 0.7 / south_share, 0.3 / (1 - south_share)) * rise
    frame = _table(
        "la",
        ts,
        {
            "applicant_id": applicant_id,
            "branch_region": _levels(_REGIONS, region),
            "approval_score": score,
            "loan_amount": amount,
            "credit_score": _ints(credit_score),
            "employment_years": employment_years,
            "loan_purpose": _levels(
                [
                    "debt_consolidation",
                    "home_improvement",
                    "car",
                    "medical",
                    "education",
                    "business",
                    "wedding",
                    "other",
                ],
                purpose,
            ),
            "repaid": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "was_overridden": rng.random(n) < override_rate,
        },
    )
    story = Story(
        model_id="loan_approval",
        story="override_rise",
        description=(
            "Loan officers override the model more and more: 4% of decisions before, 18% by "
            "mid-April, most of the rise in the south region."
        ),
        subject="was_overridden",
        start=ctx.day(_OVERRIDES_FROM),
        end=None,
        expected_verdict="investigate",
        drifting_features=(),
        stable_features=("loan_amount", "credit_score", "employment_years", "loan_purpose"),
    )
    return frame, story


def _claims_risk(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, day = _rows(rng, ctx)
    n = ts.size
    _, policy_id = ctx.entities(rng, n, "pol")
    young = 0.15 + 0.30 * _ramp(day, _MIX_FROM, _MIX_FULL)
    # Standard and senior drivers keep their 70:15 ratio as young drivers grow.
    shares = np.column_stack([young, (1 - young) * 0.70 / 0.85, (1 - young) * 0.15 / 0.85])
    segment = _draw_rows(rng, shares)
    value = np.round(rng.lognormal(np.array([9.3, 10.1, 9.9])[segment], 0.45), -1)
    mileage = _with_nulls(
        rng, np.round(rng.lognormal(np.array([9.8, 9.2, 8.9])[segment], 0.4)), 0.005
    )
    vehicle_type = _draw(rng, [0.30, 0.25, 0.20, 0.10, 0.06, 0.06, 0.03], n)
    score = _sigmoid(
        -2.7
        + np.array([1.0, 0.0, 0.3])[segment]
        + 0.3 * _z(np.log(value), 10.0, 0.5)
        + 0.6 * _z(np.log(mileage), 9.2, 0.45)
        + np.array([0.0, -0.1, 0.1, -0.2, 0.5, 0.3, 0.2])[vehicle_type]
    )
    outcome = _outcome(rng, ctx, ts, score, 14)
    premium = np.round((120.0 + 1.3 * score * 4000.0) * rng.lognormal(0.0, 0.1, n), 2)
    frame = _table(
        "cr",
        ts,
        {
            "policy_id": policy_id,
            "driver_segment": _levels(["young", "standard", "senior"], segment),
            "claim_score": score,
            "vehicle_value": value,
            "annual_mileage": mileage,
            "vehicle_type": _levels(
                ["hatchback", "sedan", "suv", "estate", "coupe", "van", "pickup"], vehicle_type
            ),
            "had_claim": outcome.label(),
            "labeled_at": outcome.labeled_at,
            "claim_amount": np.round(outcome.loss(rng.lognormal(np.log(0.15 * value), 0.7)), 2),
            "premium": premium,
        },
    )
    story = Story(
        model_id="claims_risk",
        story="segment_mix_shift",
        description=(
            "Young drivers grow from 15% to 45% of quotes over 10 days; within each segment "
            "inputs and claim risk are unchanged, so the claim rate rises only through the mix."
        ),
        subject="driver_segment",
        start=ctx.day(_MIX_FROM),
        end=None,
        expected_verdict="investigate",
        drifting_features=("vehicle_value", "annual_mileage", "claim_score"),
        stable_features=("vehicle_type",),
    )
    return frame, story


def _default_risk(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, day = _rows(rng, ctx)
    n = ts.size
    _, borrower_id = ctx.entities(rng, n, "bor")
    product = _draw(rng, [0.50, 0.25, 0.15, 0.10], n)
    utilization = np.round(rng.beta(2.0, 3.0, n), 4)
    late = rng.random(n) < 0.35
    delay = np.where(late, 1 + rng.negative_binomial(1.5, 0.12, n), 0).astype(np.int64)
    account_age = np.ceil(rng.gamma(2.0, 24.0, n)).astype(np.int64)
    band = _draw(rng, [0.15, 0.30, 0.25, 0.20, 0.10], n)
    z_util = _z(utilization, 0.4, 0.2)
    z_delay = _z(np.log1p(delay), 0.9, 1.4)
    common = (
        -0.35 * _z(np.log(account_age), 3.5, 0.8)
        + np.array([0.4, 0.2, 0.0, -0.2, -0.4])[band]
        + np.array([0.0, -0.2, 0.3, 0.2])[product]
    )
    score = _sigmoid(-2.5 + 1.3 * z_util + 0.6 * z_delay + common)
    # After the change, utilisation barely matters and delays matter only for low incomes.
    changed = _sigmoid(
        -2.4 + 0.2 * z_util + np.array([1.6, 1.1, 0.5, 0.1, -0.1])[band] * z_delay + common
    )
    outcome = _outcome(rng, ctx, ts, np.where(day >= _CONCEPT_CHANGE, changed, score), 14)
    frame = _table(
        "dr",
        ts,
        {
            "borrower_id": borrower_id,
            "product": _levels(
                ["credit_card", "personal_loan", "overdraft", "store_card"], product
            ),
            "risk_score": score,
            "utilization": utilization,
            "payment_delay_days": _ints(delay),
            "account_age_months": _ints(account_age),
            "income_band": _levels(["<20k", "20-40k", "40-60k", "60-100k", "100k+"], band),
            "defaulted": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    story = Story(
        model_id="default_risk",
        story="concept_change",
        description=(
            "The link between inputs and default changes (utilisation matters less, payment "
            "delays matter by income band) while every input keeps its distribution."
        ),
        subject="utilization",
        start=ctx.day(_CONCEPT_CHANGE),
        end=None,
        expected_verdict="retrain",
        drifting_features=(),
        stable_features=("utilization", "payment_delay_days", "account_age_months", "income_band"),
    )
    return frame, story


_SOURCES = ["organic_search", "direct", "paid_search", "social", "email", "referral", "affiliate"]


def _conversion_model(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, day = _rows(rng, ctx)
    n = ts.size
    _, visitor_id = ctx.entities(rng, n, "vis")
    device = _draw(rng, [0.42, 0.50, 0.08], n)
    drift = _ramp(day, _COVARIATE_FROM, _COVARIATE_FULL)
    basket = np.round(rng.lognormal(4.2 + np.log(1.6) * drift, 0.6), 2)
    pages = 1 + rng.poisson(rng.gamma(3.0, 5.0 / 3.0 * (1 + 0.5 * drift)))
    pages_missing = _null_mask(rng, n, 0.005)
    before = np.array([0.35, 0.25, 0.15, 0.08, 0.09, 0.05, 0.03])
    after = np.array([0.20, 0.18, 0.28, 0.20, 0.07, 0.04, 0.03])
    source = _draw_rows(rng, (1 - drift)[:, None] * before + drift[:, None] * after)
    score = _sigmoid(
        -3.1
        + 0.5 * _z(np.log(basket), 4.2, 0.6)
        + 0.7 * _z(np.where(pages_missing, np.nan, np.log(pages)), 1.7, 0.6)
        + np.array([0.2, 0.0, -0.2, -0.4, 0.5, 0.3, 0.1])[source]
        + np.array([0.2, -0.2, 0.0])[device]
    )
    outcome = _outcome(rng, ctx, ts, score, 7)
    frame = _table(
        "cv",
        ts,
        {
            "visitor_id": visitor_id,
            "device": _levels(["desktop", "mobile", "tablet"], device),
            "conversion_score": score,
            "basket_value": basket,
            "pages_viewed": _ints(pages, pages_missing),
            "traffic_source": _levels(_SOURCES, source),
            "converted": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    story = Story(
        model_id="conversion_model",
        story="covariate_drift",
        description=(
            "Richer visitors arrive over 14 days (bigger baskets, more pages, more paid and "
            "social traffic) but conversion given the inputs is unchanged and the score holds."
        ),
        subject=None,
        start=ctx.day(_COVARIATE_FROM),
        end=None,
        expected_verdict="no_retrain",
        drifting_features=("basket_value", "pages_viewed", "traffic_source", "conversion_score"),
        stable_features=(),
    )
    return frame, story


def _spam_filter(rng: np.random.Generator, ctx: _Context) -> tuple[pd.DataFrame, Story]:
    ts, _ = _rows(rng, ctx)
    n = ts.size
    _, sender_id = ctx.entities(rng, n, "snd")
    mailbox = _draw(rng, [0.50, 0.30, 0.12, 0.08], n)
    length = np.maximum(20, rng.lognormal(6.2, 0.9, n)).astype(np.int64)
    links = rng.negative_binomial(1.2, 0.32, n)
    reputation = _with_nulls(rng, np.round(rng.beta(5.0, 2.0, n), 4), 0.008)
    attachment = _draw(rng, [0.62, 0.14, 0.10, 0.06, 0.04, 0.03, 0.01], n)
    score = _sigmoid(
        -1.2
        + 0.2 * _z(np.log(length), 6.2, 0.9)
        + 0.7 * _z(np.log1p(links), 0.95, 0.7)
        - 1.1 * _z(reputation, 0.71, 0.16)
        + np.array([-0.3, 0.2, 0.0, 0.3, 0.9, 0.4, 1.2])[attachment]
        + np.array([0.2, -0.3, 0.0, 0.1])[mailbox]
    )
    outcome = _outcome(rng, ctx, ts, score, 3)
    frame = _table(
        "sf",
        ts,
        {
            "sender_id": sender_id,
            "mailbox_type": _levels(["personal", "work", "shared", "support"], mailbox),
            "spam_score": score,
            "message_length": _ints(length),
            "link_count": _ints(links),
            "sender_reputation": reputation,
            "attachment_type": _levels(
                ["none", "pdf", "image", "docx", "xlsx", "zip", "html"], attachment
            ),
            "is_spam": outcome.label(),
            "labeled_at": outcome.labeled_at,
        },
    )
    story = Story(
        model_id="spam_filter",
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
    )
    return frame, story


def _events(ctx: _Context) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "model_id": pd.array(["promo_response", None], dtype="str"),
            "start_date": pd.Series(
                [ctx.day(_CAMPAIGN[0]), ctx.day(_UI_EXPERIMENT[0])], dtype=object
            ),
            "end_date": pd.Series(
                [ctx.day(_CAMPAIGN[1]), ctx.day(_UI_EXPERIMENT[1])], dtype=object
            ),
            "kind": ["campaign", "ui_experiment"],
            "description": [
                "Partner reactivation campaign: 30-50% discounts to lapsed customers",
                "Checkout redesign A/B test",
            ],
        }
    )


_Builder: TypeAlias = Callable[[np.random.Generator, _Context], tuple[pd.DataFrame, Story]]
_MODELS: tuple[tuple[str, str, _Builder], ...] = (
    ("fraud_detector", "fraud_predictions", _fraud_detector),
    ("churn_predictor", "churn_scores", _churn_predictor),
    ("credit_limit", "credit_limit_scores", _credit_limit),
    ("ticket_router", "ticket_router_scores", _ticket_router),
    ("promo_response", "promo_response_scores", _promo_response),
    ("feed_ranker", "feed_ranker_scores", _feed_ranker),
    ("loan_approval", "loan_approval_scores", _loan_approval),
    ("claims_risk", "claims_risk_scores", _claims_risk),
    ("default_risk", "default_risk_scores", _default_risk),
    ("conversion_model", "conversion_scores", _conversion_model),
    ("spam_filter", "spam_filter_scores", _spam_filter),
)
