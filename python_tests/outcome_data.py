"""A deterministic prediction log with feedback (labels, losses, a proxy, overrides), for the
outcome and trust correctness tests (python_tests/test_outcome_correctness.py).

50 days x 400 predictions from 2024-01-01; the reference is days 0..29. Healthy until day 33,
then one thing breaks at a time (prediction days):

  day 33  region shares move: north (high scores, high rates) 15% -> 45%    segment_mix,
                                                                            mix_attribution
  day 36  target per proxy (target = 1 among proxy = 1) 0.6 -> 0.3          proxy_alignment
  day 38  scores in (0.16, 0.24) (inside band 2 of 5) turn out positive     calibration,
          75% of the time (calibrated before: rate = score)                 rank_order,
                                                                            loss_rank_order
  day 38  losses of scores above 0.5 are 2.5x as large                      band_loss_shift
  day 41  30% of labels are coin flips (Bernoulli 0.3)                      discrimination
  day 41  only 45% of the predictions get a label (85% before)             label_coverage
  day 43  region west: 20% of decisions overridden (4% before)              override_rate
  day 44  the proxy rate itself falls 0.4 -> 0.1 (no decoupling: z null)

Edge cases on purpose: scores that are null (1%); labels that are null (labels not arrived) or
not 0/1 (the value 2: null); losses that are NaN; exposures that are infinite; a null region
('(missing)'); a region seen only in the reference ('legacy', days 0..14) and one only late
('new', from day 42); override flags that are null (not overridden); proxy targets that are
null.

`outcomes` is the same kind of feedback in its own relation (labels.relation): a boolean label
`is_bad` (null for 10%, and 5% of the predictions have no row at all), loss_amount and
exposure_amount; from day 40 scores above 0.5 are bad only 30% of the time.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from synthetic import START

DAYS = 50
ROWS_PER_DAY = 400
REGIONS = ["east", "west", "north", "south"]


def _regions(rng: np.random.Generator, day: np.ndarray) -> np.ndarray:
    n = len(day)
    before = rng.choice(REGIONS, n, p=[0.45, 0.35, 0.15, 0.05])
    after = rng.choice(REGIONS, n, p=[0.25, 0.2, 0.45, 0.1])
    region = np.where(day >= 33, after, before).astype(object)
    region[(day <= 14) & (rng.random(n) < 0.04)] = "legacy"
    region[(day >= 42) & (rng.random(n) < 0.05)] = "new"
    region[rng.random(n) < 0.005] = None
    return region


def outcome_log(seed: int = 23) -> dict[str, pd.DataFrame]:
    """{'predictions': the log, 'outcomes': the separate labels relation}."""
    rng = np.random.default_rng(seed)
    n = DAYS * ROWS_PER_DAY
    day = np.repeat(np.arange(DAYS), ROWS_PER_DAY)
    seconds = rng.integers(0, 86_400, n)
    scored_at = pd.to_datetime(START) + pd.to_timedelta(day * 86_400 + seconds, unit="s")
    region = _regions(rng, day)
    north = region == "north"
    score = np.where(north, rng.beta(5.0, 3.0, n), rng.beta(2.0, 5.0, n))

    # labels: calibrated (rate = score) until the breaks
    rate = score.copy()
    rate[(day >= 38) & (score > 0.16) & (score < 0.24)] = 0.75
    label = (rng.random(n) < rate).astype(float)
    flipped = (day >= 41) & (rng.random(n) < 0.3)
    label[flipped] = (rng.random(int(flipped.sum())) < 0.3).astype(float)
    coverage = np.where(day >= 41, 0.45, 0.85)
    label[rng.random(n) >= coverage] = np.nan
    label[rng.random(n) < 0.005] = 2.0  # not a usable label

    exposure = rng.lognormal(3.0, 0.4, n)
    severity = rng.gamma(2.0, 1.0, n) * np.where((day >= 38) & (score > 0.5), 2.5, 1.0)
    loss = np.where(label == 1, exposure * severity, 0.0)
    loss[rng.random(n) < 0.03] = np.nan
    exposure[rng.random(n) < 0.004] = np.inf

    proxy_rate = np.where(day >= 44, 0.1, 0.4)
    proxy_metric = (rng.random(n) < proxy_rate).astype(float)
    target_rate = np.where(proxy_metric == 1, np.where(day >= 36, 0.3, 0.6), 0.2)
    proxy_target = (rng.random(n) < target_rate).astype(float)
    proxy_metric[rng.random(n) < 0.1] = np.nan
    proxy_target[rng.random(n) < 0.03] = np.nan

    override_rate = np.where((day >= 43) & (region == "west"), 0.2, 0.04)
    overridden = (rng.random(n) < override_rate).astype(float)
    overridden[rng.random(n) < 0.05] = np.nan

    score[rng.random(n) < 0.01] = np.nan
    ids = [f"o{i:06d}" for i in range(n)]
    predictions = pd.DataFrame(
        {
            "prediction_id": ids,
            "scored_at": scored_at,
            "region": pd.Series(region, dtype=object),
            "channel": rng.choice(["web", "app"], n, p=[0.6, 0.4]),
            "score": score,
            "x1": rng.normal(0.0, 1.0, n),
            "label": pd.array(label, dtype="Float64").astype("Int64"),
            "loss": loss,
            "exposure": exposure,
            "proxy_metric": pd.array(proxy_metric, dtype="Float64").astype("Int64"),
            "proxy_target": pd.array(proxy_target, dtype="Float64").astype("Int64"),
            "overridden": pd.array(overridden, dtype="Float64").astype("Int64"),
        }
    )

    # the second model's feedback, in its own relation
    clean = np.nan_to_num(score, nan=0.0)
    bad_rate = np.where((day >= 40) & (clean > 0.5), 0.3, clean)
    bad = rng.random(n) < bad_rate
    is_bad = pd.array(bad, dtype="boolean")
    is_bad[rng.random(n) < 0.1] = pd.NA
    exposure_b = rng.lognormal(2.0, 0.5, n)
    loss_b = np.where(bad, exposure_b * rng.gamma(3.0, 0.5, n), 0.0)
    loss_b[rng.random(n) < 0.02] = np.nan
    outcomes = pd.DataFrame(
        {
            "prediction_id": ids,
            "is_bad": is_bad,
            "loss_amount": loss_b,
            "exposure_amount": exposure_b,
        }
    )
    outcomes = outcomes[rng.random(n) >= 0.05].reset_index(drop=True)
    return {"predictions": predictions, "outcomes": outcomes}
