"""Hostile prediction logs (issue 6): one small log per hostile case, each monitored as its own
model in one dbt project, so that one build per engine covers every case.

Every log has DAYS days of ROWS_PER_DAY predictions from 2024-01-01 (synthetic.START), the
reference is days 0..9, the window 3 days, labels mature after 2 days, and the minimum samples
are scaled down to the log (SETTINGS). The build's as-of date is day 19 (AS_OF).

  m_nulls     nulls in every column kind: 2% of rows without a prediction id, 2% without a
              timestamp, 10% each without entity, segment, score, numeric, categorical, label,
              loss, and proxy/override flags; 2% of the scores +/-infinity; `gone` and
              `gone_cat` entirely null from day 17 (the whole window), `never` null everywhere
  m_range     scores uniform in [-0.5, 1.5], labels drawn at the score clipped to [0, 1]
  m_negloss   losses of negatives are -0.3 x exposure (refunds)
  m_stopped   no rows after day 15: the as-of date's window (days 17..19) is empty
  m_gap       no rows on day 15
  m_single    no rows on days 10..18 and one row on day 19
  m_constant  amount is 5.0 on every reference day, varies after
  m_many      5,600 rows a day; kind is a value of its own on 90% of the rows (about 100,800
              distinct values) and one of 30 common categories (Zipf) on the rest
  m_dups      5% of the rows twice (the same prediction id, the same values)
  m_noref     no rows before day 10: the reference (days 0..9) is empty
  m_tz        a timestamptz column, 10% of the rows at 20:00 UTC written as 01:00+05:00 the
              next day; the session time zone is Asia/Kolkata (t_tz is made in SQL from
              t_tz_text, TZ_TABLE)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from synthetic import START, day

DAYS = 20
ROWS_PER_DAY = 100
AS_OF = day(DAYS - 1)
SETTINGS: dict[str, Any] = {
    "reference": {"start": day(0), "end": day(9)},
    "window_days": 3,
    "min_window_rows": 50,
    "min_day_rows": 20,
    "min_reference_rows": 100,
    "min_labelled_rows": 50,
    "min_band_labels": 10,
    "bands": 4,
}
FEEDBACK: dict[str, Any] = {
    "labels": {"label": "label", "loss": "loss", "exposure": "exposure", "maturity_days": 2},
    "proxy": {"metric": "clicked", "target": "engaged"},
    "overrides": {"flag": "overridden"},
}


def base_log(seed: int, prefix: str, days: int = DAYS, per_day: int = ROWS_PER_DAY) -> pd.DataFrame:
    """A healthy log: every column kind the config knows, no null anywhere."""
    rng = np.random.default_rng(seed)
    n = days * per_day
    day_index = np.repeat(np.arange(days), per_day)
    seconds = rng.integers(0, 86_400, n)
    score = rng.random(n)
    label = (rng.random(n) < score).astype(int)
    exposure = rng.lognormal(3.0, 0.4, n)
    return pd.DataFrame(
        {
            "prediction_id": [f"{prefix}{i:06d}" for i in range(n)],
            "scored_at": pd.to_datetime(START) + pd.to_timedelta(day_index * 86_400 + seconds, "s"),
            "customer_id": [f"c{e}" for e in rng.integers(0, 300, n)],
            "channel": rng.choice(["web", "app"], n),
            "score": score,
            "amount": rng.lognormal(3.0, 0.5, n),
            "kind": rng.choice(["a", "b", "c", "d"], n),
            "label": label,
            "loss": np.where(label == 1, exposure * rng.gamma(2.0, 0.5, n), 0.0),
            "exposure": exposure,
            "clicked": (rng.random(n) < 0.4).astype(int),
            "engaged": (rng.random(n) < 0.5).astype(int),
            "overridden": (rng.random(n) < 0.05).astype(int),
            "day": day_index,
        }
    )


def model(table: str, **changes: Any) -> dict[str, Any]:
    """A monitored model over raw.<table> with every column kind, SETTINGS and FEEDBACK."""
    entry: dict[str, Any] = {
        "relation": f"source:raw.{table}",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "entity_id": "customer_id",
        "segments": ["channel"],
        "score": "score",
        "features": {"numeric": ["amount"], "categorical": ["kind"]},
        **SETTINGS,
        **FEEDBACK,
    }
    entry.update(changes)
    return entry


def _nulls() -> pd.DataFrame:
    log = base_log(1, "n")
    i = np.arange(len(log))
    log.loc[i % 50 == 0, "prediction_id"] = None
    log.loc[i % 50 == 1, "scored_at"] = pd.NaT
    kinds = ["customer_id", "channel", "score", "amount", "kind", "label", "loss"]
    for k, column in enumerate(kinds, start=2):
        log.loc[i % 10 == k, column] = None
    # infinite scores (NaN and infinite features: test_drift_correctness.py)
    log.loc[i % 50 == 11, "score"] = np.inf
    log.loc[i % 50 == 13, "score"] = -np.inf
    for column in ["label", "clicked", "engaged", "overridden"]:
        log[column] = log[column].astype("Int64")
    for column in ["clicked", "engaged", "overridden"]:
        log.loc[i % 10 == 9, column] = pd.NA
    rng = np.random.default_rng(11)
    log["gone"] = np.where(log.day >= 17, np.nan, rng.normal(0.0, 1.0, len(log)))
    log["gone_cat"] = pd.Series(rng.choice(["x", "y"], len(log)), dtype=object).where(log.day < 17)
    log["never"] = np.nan
    return log


def _scores_out_of_range() -> pd.DataFrame:
    log = base_log(2, "r")
    rng = np.random.default_rng(12)
    log["score"] = rng.uniform(-0.5, 1.5, len(log))
    log["label"] = (rng.random(len(log)) < log.score.clip(0.0, 1.0)).astype(int)
    return log


def _many_categories() -> pd.DataFrame:
    log = base_log(8, "y", per_day=5600)
    rng = np.random.default_rng(13)
    zipf = 1.0 / np.arange(1, 31)
    common = rng.choice([f"k{j:02d}" for j in range(30)], len(log), p=zipf / zipf.sum())
    own = np.array([f"u{j}" for j in range(len(log))], dtype=object)
    log["kind"] = np.where(rng.random(len(log)) < 0.1, common, own)
    return log


def _zoned() -> pd.DataFrame:
    log = base_log(10, "z")
    near = (log.day < DAYS - 1) & (np.arange(len(log)) % 10 == 0)
    log.loc[near, "scored_at"] = log.scored_at[near].dt.normalize() + pd.Timedelta(hours=20)
    text = log.scored_at.dt.strftime("%Y-%m-%d %H:%M:%S+00:00")
    local = log.scored_at[near] + pd.Timedelta(hours=5)
    text[near] = local.dt.strftime("%Y-%m-%d %H:%M:%S+05:00")
    return log.assign(scored_at_text=text)


def hostile_logs() -> dict[str, pd.DataFrame]:
    """{table: log}, each log with its `day` column (the UTC day index; not loaded)."""
    logs = {"t_nulls": _nulls(), "t_range": _scores_out_of_range()}
    negloss = base_log(3, "l")
    logs["t_negloss"] = negloss.assign(
        loss=np.where(negloss.label == 1, negloss.loss, -0.3 * negloss.exposure)
    )
    stopped, gap, single = base_log(4, "s"), base_log(5, "g"), base_log(6, "o")
    logs["t_stopped"] = stopped[stopped.day <= 15]
    logs["t_gap"] = gap[gap.day != 15]
    logs["t_single"] = pd.concat([single[single.day <= 9], single[single.day == DAYS - 1].head(1)])
    constant = base_log(7, "k")
    logs["t_constant"] = constant.assign(amount=constant.amount.where(constant.day > 9, 5.0))
    logs["t_many"] = _many_categories()
    dups = base_log(9, "d")
    logs["t_dups"] = pd.concat([dups, dups[np.arange(len(dups)) % 20 == 0]])
    late = base_log(10, "r")
    logs["t_late"] = late[late.day >= 10]
    logs["t_tz_text"] = _zoned()
    return {name: log.reset_index(drop=True) for name, log in logs.items()}


def loaded(logs: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The tables to load: without `day`, and t_tz_text without its naive timestamp."""
    tables = {name: log.drop(columns="day") for name, log in logs.items()}
    tables["t_tz_text"] = tables["t_tz_text"].drop(columns="scored_at")
    return tables


def tz_table_sql(
    logs: dict[str, pd.DataFrame], schema: str = "raw", zoned_type: str = "timestamp with time zone"
) -> str:
    """`schema`.t_tz: t_tz_text with scored_at_text cast to a timestamp with time zone
    (`zoned_type`: Spark's own `timestamp` is one)."""
    columns = [c for c in loaded(logs)["t_tz_text"].columns if c != "scored_at_text"]
    return (
        f"create table {schema}.t_tz as select {', '.join(columns)}, "
        f"cast(scored_at_text as {zoned_type}) as scored_at from {schema}.t_tz_text"
    )


MODELS: dict[str, dict[str, Any]] = {
    "m_nulls": model(
        "t_nulls",
        features={"numeric": ["amount", "gone", "never"], "categorical": ["kind", "gone_cat"]},
    ),
    "m_range": model("t_range"),
    "m_negloss": model("t_negloss"),
    "m_stopped": model("t_stopped"),
    "m_gap": model("t_gap"),
    "m_single": model("t_single"),
    "m_constant": model("t_constant"),
    "m_many": {
        key: value
        for key, value in model("t_many").items()
        if key not in FEEDBACK and key != "entity_id"
    },
    "m_dups": model("t_dups"),
    "m_noref": model("t_late"),
    "m_tz": model("t_tz"),
}
