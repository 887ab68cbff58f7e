"""Date cells as the wrapper prints them; engines hand dates back as dates, timestamps or
datetime64, and nulls as None, NaT or NaN."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd


def _is_null(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def format_day(value: Any) -> str:
    """A date cell as YYYY-MM-DD ('' when null)."""
    if _is_null(value):
        return ""
    return str(pd.Timestamp(value).date())


def format_iso(value: Any) -> str | None:
    """A date or timestamp cell as ISO text: YYYY-MM-DD at midnight, the full timestamp
    otherwise (None when null)."""
    if _is_null(value):
        return None
    stamp = pd.Timestamp(value)
    return str(stamp.date()) if stamp == stamp.normalize() else stamp.isoformat()


def to_date(value: Any) -> dt.date:
    """A date cell (date, Timestamp or datetime64) as a date."""
    return pd.Timestamp(value).date()
