"""The building blocks every demo story draws its prediction log with: the calendar and volume
of rows (Context), labels that arrive late (draw_outcome), categorical and nullable columns,
and the frame in scored_at order (log_frame)."""

from __future__ import annotations

from collections.abc import Sequence
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

DAY_US = 86_400_000_000
# Activity peaks mid-afternoon and bottoms out at night.
_HOURS = np.arange(24)
_HOUR_WEIGHTS = 1.0 + 0.8 * np.cos(2 * np.pi * (_HOURS - 14) / 24)
_HOUR_WEIGHTS /= _HOUR_WEIGHTS.sum()


@dataclass(frozen=True)
class Context:
    """The generated period (`days` from `start`) and the usual rows per model and day."""

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
        micros = day * DAY_US + hour * 3_600_000_000 + rng.integers(0, 3_600_000_000, day.size)
        micros.sort()
        base = np.datetime64(self.start, "us")
        return base + micros.astype("timedelta64[us]"), micros // DAY_US

    def entities(self, rng: np.random.Generator, n: int, prefix: str) -> tuple[Ints, Column]:
        """Entity indices and ids from a pool of ~10 days of rows, some entities busier."""
        pool = self.rows_per_day * 10
        activity = rng.gamma(1.5, 1.0, pool)
        index = rng.choice(pool, size=n, p=activity / activity.sum())
        ids = np.char.mod(f"{prefix}-%06d", np.arange(pool))
        return index, ids[index]


@dataclass(frozen=True)
class Outcome:
    """The true label of every row, and which labels had arrived by the end of as_of."""

    y: Ints
    arrived: Bools
    labeled_at: Times

    def label(self, values: Ints | None = None) -> IntegerArray:
        return ints(self.y if values is None else values, ~self.arrived)

    def loss(self, amount: Floats) -> Floats:
        return np.where(self.arrived, np.where(self.y == 1, amount, 0.0), np.nan)


def sigmoid(x: Floats) -> Floats:
    result: Floats = 1.0 / (1.0 + np.exp(-x))
    return result


def z(values: NDArray[Any], mean: float, sd: float) -> Floats:
    """A model input: standardised, clipped like a winsorised feature, nulls imputed to 0."""
    value: Floats = np.nan_to_num(np.clip((values - mean) / sd, -3.0, 3.0), nan=0.0)
    return value


def ramp(day: Ints, first: int, full: int) -> Floats:
    """0 before day `first`, rising linearly to 1 on day `full` and after."""
    return np.clip((day - first + 1) / (full - first + 1), 0.0, 1.0)


def draw(rng: np.random.Generator, probs: Sequence[float] | Floats, n: int) -> Ints:
    weights = np.asarray(probs, dtype=float)
    return rng.choice(weights.size, size=n, p=weights / weights.sum())


def draw_rows(rng: np.random.Generator, probs: Floats) -> Ints:
    """One category per row from row-specific probabilities (rows x levels)."""
    cumulative = np.cumsum(probs / np.sum(probs, axis=1, keepdims=True), axis=1)
    index: Ints = (rng.random((probs.shape[0], 1)) > cumulative[:, :-1]).sum(axis=1)
    return index


def levels(names: Sequence[str], index: Ints) -> NDArray[np.object_]:
    return np.asarray(names, dtype=object)[index]


def ints(values: NDArray[Any], mask: Bools | None = None) -> IntegerArray:
    missing = np.zeros(values.shape, dtype=bool) if mask is None else mask
    return IntegerArray(values.astype(np.int32), missing)


def with_nulls(rng: np.random.Generator, values: Floats, rate: float) -> Floats:
    return np.where(rng.random(values.size) < rate, np.nan, values)


def null_mask(rng: np.random.Generator, n: int, rate: float) -> Bools:
    mask: Bools = rng.random(n) < rate
    return mask


def draw_outcome(
    rng: np.random.Generator, ctx: Context, ts: Times, p: Floats, maturity_days: int
) -> Outcome:
    """Bernoulli labels arriving after a gamma delay (99% within the model's maturity)."""
    y = (rng.random(p.size) < p).astype(np.int64)
    arrived, labeled_at = draw_arrival(rng, ctx, ts, maturity_days)
    return Outcome(y, arrived, labeled_at)


def draw_arrival(
    rng: np.random.Generator, ctx: Context, ts: Times, maturity_days: int
) -> tuple[Bools, Times]:
    """When each row's label arrives, after a gamma delay (99% within the model's maturity),
    and whether it had by the end of as_of (labeled_at NaT where not)."""
    delay_us = rng.gamma(2.0, maturity_days / 7.0, ts.size) * DAY_US
    labeled_at = ts + delay_us.astype(np.int64).astype("timedelta64[us]")
    arrived: Bools = labeled_at < np.datetime64(ctx.day(ctx.days), "us")
    return arrived, np.where(arrived, labeled_at, np.datetime64("NaT", "us"))


def log_frame(prefix: str, ts: Times, columns: dict[str, Column]) -> pd.DataFrame:
    """The frame in scored_at order, with prediction ids numbered in that order."""
    order = np.argsort(ts, kind="stable")
    data: dict[str, Column] = {
        "prediction_id": np.char.mod(f"{prefix}-%08d", np.arange(1, ts.size + 1)),
        "scored_at": ts[order],
    }
    data.update({name: values[order] for name, values in columns.items()})
    return pd.DataFrame(data)


def daily_rows(rng: np.random.Generator, ctx: Context) -> tuple[Times, Ints]:
    """The rows' timestamps over the period (the usual volume) and each row's day offset."""
    return ctx.timeline(rng, rng.poisson(ctx.volume(rng)))
