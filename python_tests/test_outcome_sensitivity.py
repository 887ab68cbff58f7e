"""The discrimination check's sensitivity at the default thresholds (warn z >= 2, breach z >= 3,
min_effect 0.005), with the AUC's noise from DeLong's variance of the window and the reference:

  * DeLong's standard error of a healthy window's AUC is its real sampling sd: the sd of the
    AUCs of 400 independent healthy windows (within 10%);
  * healthy data (one process throughout, several seeds) never breaches;
  * a persistent AUC drop of about 0.012 at about 5,000 labelled rows per window (3.4 standard
    errors of the change, against a 60-day reference) breaches on every evaluation date whose
    window lies in the degraded period, and not before.

The expected figures are computed here from the very rows the warehouse holds, independently
of the SQL: sklearn's exact AUC, and the midrank DeLong variance (python_tests/oracle.py) of the
window and of the reference, z = (reference AUC - window AUC) / sqrt(V_window + V_reference).
Windows shorter than window_days (the first 6 evaluation dates after the reference) are not
judged; they must not breach either.

The generator: 715 labelled predictions a day (5,005 in a 7-day window), balanced classes,
score = logistic(latent) with latent ~ N(+mu, 1) for positives and N(-mu, 1) for negatives,
mu = probit(0.935) / sqrt(2): the AUC is 0.935, where one standard error at 5,005 rows is
0.0033 and the reference's (42,900 rows) 0.0011, so the change's is 0.0035.

Healthy days are independent draws. Degraded days replace the score of a share f of each class
by an uninformative one (drawn from the score's own marginal distribution, whatever the label),
which lowers the AUC by exactly f * (AUC - 0.5) and leaves the score's distribution unchanged.
A window of independent draws carries its own sampling noise, one standard error, the very
noise the threshold is about. The requirement is about a window that shows the drop, so degraded
days are drawn as a stratified sample (each class's scores at shuffled quantiles of its
distribution): a window's AUC is then the degraded process's to within about 0.0003, and f is
set from the reference's own AUC so that every degraded window is about 0.012 below it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import oracle
import pandas as pd
import pytest
from conftest import make_warehouse
from harness import Project
from pg_server import ThrowawayPostgres
from scipy.stats import norm
from sklearn.metrics import roc_auc_score

START = date(2024, 1, 1)
ROWS_PER_DAY = 715  # a 7-day window: 5,005 labelled rows
WINDOW_DAYS = 7
REFERENCE_DAYS = 60  # days 0..59
LAST_DAY = 99  # evaluation dates: days 60..99 (40)
POPULATION_AUC = 0.935
MU = float(norm.ppf(POPULATION_AUC) / np.sqrt(2))  # AUC of N(mu, 1) vs N(-mu, 1)

HEALTHY_SEEDS = [31, 32, 33]
DROP_SEED = 60
DEGRADED_FROM = 75  # the first degraded prediction day
TARGET_DROP = 0.012  # below the reference's own AUC, in every degraded window

# the default thresholds of discrimination (macros/config/defaults.sql)
BREACH_Z = 3.0
MIN_EFFECT = 0.005

# the first evaluation day whose window holds window_days days after the reference
FIRST_FULL_WINDOW = REFERENCE_DAYS + WINDOW_DAYS - 1


def day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()


# ---------------------------------------------------------------------------------------------
# data


def _independent_day(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    label = (rng.random(n) < 0.5).astype(np.int64)
    latent = np.where(label == 1, MU, -MU) + rng.normal(size=n)
    return label, latent


def _marginal_quantile(u: np.ndarray) -> np.ndarray:
    """Quantiles of the latent's marginal distribution, 0.5 N(mu, 1) + 0.5 N(-mu, 1)."""
    grid = np.linspace(-MU - 9.0, MU + 9.0, 20001)
    cdf = 0.5 * norm.cdf(grid - MU) + 0.5 * norm.cdf(grid + MU)
    quantiles: np.ndarray = np.interp(u, cdf, grid)
    return quantiles


def _stratified_day(
    rng: np.random.Generator, n: int, uninformative: float
) -> tuple[np.ndarray, np.ndarray]:
    """A day whose classes are each a stratified sample: of a class's m rows, about
    `uninformative` * m take the marginal's quantiles, the rest their class's quantiles, each
    at a uniform point of its own 1/m slice, in shuffled order."""
    n_pos = n // 2 + int(rng.random() < 0.5)
    labels, latents = [], []
    for label, m in ((1, n_pos), (0, n - n_pos)):
        k = int(np.floor(uninformative * m + rng.random()))
        informative = (rng.permutation(m - k) + rng.random(m - k)) / (m - k)
        noise = (rng.permutation(k) + rng.random(k)) / max(k, 1)
        centre = MU if label == 1 else -MU
        values = np.concatenate([centre + norm.ppf(informative), _marginal_quantile(noise)])
        labels.append(np.full(m, label, dtype=np.int64))
        latents.append(rng.permutation(values))
    return np.concatenate(labels), np.concatenate(latents)


def prediction_log(seed: int, degraded_from: int | None = None) -> pd.DataFrame:
    """Days 0..LAST_DAY of ROWS_PER_DAY labelled predictions each (every label arrives). From
    `degraded_from` on, the stratified, degraded days described in the module docstring, with
    the uninformative share set so that their AUC is TARGET_DROP below the reference's."""
    rng = np.random.default_rng(seed)
    days = [_independent_day(rng, ROWS_PER_DAY) for _ in range(LAST_DAY + 1)]
    if degraded_from is not None:
        reference_auc = roc_auc_score(
            np.concatenate([label for label, _ in days[:REFERENCE_DAYS]]),
            np.concatenate([latent for _, latent in days[:REFERENCE_DAYS]]),
        )
        # a share f of uninformative scores lowers the AUC by f * (AUC - 0.5)
        share = (TARGET_DROP - (reference_auc - POPULATION_AUC)) / (POPULATION_AUC - 0.5)
        for degraded_day in range(degraded_from, LAST_DAY + 1):
            days[degraded_day] = _stratified_day(rng, ROWS_PER_DAY, share)
    label = np.concatenate([label for label, _ in days])
    latent = np.concatenate([latent for _, latent in days])
    n = len(label)
    offset = np.repeat(np.arange(LAST_DAY + 1), ROWS_PER_DAY)
    seconds = rng.integers(0, 86_400, n)
    return pd.DataFrame(
        {
            "prediction_id": [f"p{seed}_{i:07d}" for i in range(n)],
            "scored_at": pd.Timestamp(START) + pd.to_timedelta(offset * 86_400 + seconds, "s"),
            "day": offset,
            "score": 1.0 / (1.0 + np.exp(-latent)),
            "label": label,
            "amount": rng.lognormal(3.0, 0.5, n),
        }
    )


# ---------------------------------------------------------------------------------------------
# the expected figures, from the rows


@dataclass
class ReferenceNoise:
    auc: float
    variance: float  # DeLong's, on the reference's rows


def reference_noise(frame: pd.DataFrame) -> ReferenceNoise:
    reference = frame[frame.day < REFERENCE_DAYS]
    return ReferenceNoise(
        auc=float(roc_auc_score(reference.label, reference.score)),
        variance=oracle.delong_variance(reference.label.to_numpy(), reference.score.to_numpy()),
    )


@dataclass
class WindowFigures:
    eval_day: int
    rows: int
    auc: float
    drop: float  # reference AUC - window AUC
    sigma: float  # the change's: sqrt(V_window + V_reference), DeLong's
    z: float


def window_figures(frame: pd.DataFrame, noise: ReferenceNoise, eval_day: int) -> WindowFigures:
    """maturity_days 0: the window of evaluation day D is days [D - 6, D], never before the day
    after the reference."""
    first = max(eval_day - WINDOW_DAYS + 1, REFERENCE_DAYS)
    rows = frame[(frame.day >= first) & (frame.day <= eval_day)]
    auc = float(roc_auc_score(rows.label, rows.score))
    variance = oracle.delong_variance(rows.label.to_numpy(), rows.score.to_numpy())
    sigma = float(np.sqrt(variance + noise.variance))
    drop = noise.auc - auc
    return WindowFigures(eval_day, len(rows), auc, drop, sigma, drop / sigma)


def sampling_se(rows: int, draws: int = 400) -> float:
    """The standard deviation of the AUC of `rows` independent healthy predictions."""
    rng = np.random.default_rng(7)
    aucs = [roc_auc_score(*_independent_day(rng, rows)) for _ in range(draws)]
    return float(np.std(aucs, ddof=1))


# ---------------------------------------------------------------------------------------------
# one project: the healthy seeds and the drop, each a monitored model


def _model(table: str) -> dict[str, object]:
    return {
        "relation": f"source:raw.{table}",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "score": "score",
        "features": {"numeric": ["amount"]},
        "labels": {"label": "label", "maturity_days": 0},
        "reference": {"start": day(0), "end": day(REFERENCE_DAYS - 1)},
        "window_days": WINDOW_DAYS,
    }


@dataclass
class Scenario:
    frames: dict[str, pd.DataFrame]  # model_id -> rows
    discrimination: pd.DataFrame  # the signals of check discrimination, segment 'all'


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, pg_server: ThrowawayPostgres) -> Scenario:
    frames = {f"healthy_{seed}": prediction_log(seed) for seed in HEALTHY_SEEDS}
    frames["auc_drop"] = prediction_log(DROP_SEED, degraded_from=DEGRADED_FROM)
    warehouse = make_warehouse("duckdb", tmp_path_factory, pg_server)
    warehouse.load({name: frame.drop(columns="day") for name, frame in frames.items()})
    project = Project(
        tmp_path_factory.mktemp("sensitivity"),
        warehouse,
        {"models": {name: _model(name) for name in frames}},
        {"raw": list(frames)},
    )
    project.build(day(LAST_DAY))
    signals = warehouse.query(
        f"select * from {warehouse.schema}.retrain_gate_signals "
        "where family = 'outcome' and check_name = 'discrimination' and segment = 'all'"
    )
    signals["eval_day"] = (pd.to_datetime(signals.eval_date) - pd.Timestamp(START)).dt.days
    return Scenario(frames, signals.sort_values(["model_id", "eval_day"]).reset_index(drop=True))


def _signal(scenario: Scenario, model_id: str, eval_day: int) -> pd.Series:
    rows = scenario.discrimination[
        (scenario.discrimination.model_id == model_id)
        & (scenario.discrimination.eval_day == eval_day)
    ]
    assert len(rows) == 1, (model_id, eval_day, rows)
    return rows.iloc[0]


def _describe(model_id: str, figures: WindowFigures, signal: pd.Series) -> str:
    return (
        f"{model_id} eval day {figures.eval_day}: {figures.rows} rows, AUC {figures.auc:.4f}, "
        f"drop {figures.drop:.4f}, sigma {figures.sigma:.5f}, z {figures.z:.2f}; SQL value "
        f"{signal.value:.4f} baseline {signal.baseline:.4f} z {signal.z_score:.2f} "
        f"status {signal.status}"
    )


def _assert_sql_agrees(
    noise: ReferenceNoise, figures: WindowFigures, signal: pd.Series, message: str
) -> None:
    """The SQL's AUCs come from 100 score bins (ties within a bin count one half): they agree
    with sklearn's to well within the drop, and so does its z."""
    assert signal.n_window == figures.rows, message
    assert signal.value == pytest.approx(figures.auc, abs=0.0005), message
    assert signal.baseline == pytest.approx(noise.auc, abs=0.0005), message
    assert signal.z_score == pytest.approx(figures.z, abs=0.15), message


# ---------------------------------------------------------------------------------------------
# tests


def test_delong_standard_error_is_the_sampling_sd(scenario: Scenario) -> None:
    """DeLong's standard error of a healthy window is the AUC's real sampling sd: the sd over
    400 independent healthy windows of 5,005 rows (about 0.0033), within 10%."""
    se = sampling_se(WINDOW_DAYS * ROWS_PER_DAY)
    print(f"\nsampling sd of the AUC at {WINDOW_DAYS * ROWS_PER_DAY} rows: {se:.5f}")
    assert 0.0031 <= se <= 0.0035, se
    for model_id, frame in scenario.frames.items():
        noise = reference_noise(frame)
        assert abs(noise.auc - POPULATION_AUC) < 0.004, noise
        figures = window_figures(frame, noise, FIRST_FULL_WINDOW)
        window_se = float(np.sqrt(figures.sigma**2 - noise.variance))
        print(f"{model_id}: DeLong se of the first full window {window_se:.5f}")
        assert abs(window_se / se - 1) < 0.1, (model_id, window_se, se)


def test_healthy_windows_never_breach(scenario: Scenario) -> None:
    """On every healthy seed and evaluation date: the window's AUC is less than 3 standard
    errors of the change (computed here) below the reference's, and the SQL never breaches."""
    worst: tuple[float, str] = (-np.inf, "")
    widest: tuple[float, str] = (-np.inf, "")
    for seed in HEALTHY_SEEDS:
        model_id = f"healthy_{seed}"
        frame = scenario.frames[model_id]
        noise = reference_noise(frame)
        for eval_day in range(REFERENCE_DAYS, LAST_DAY + 1):
            signal = _signal(scenario, model_id, eval_day)
            figures = window_figures(frame, noise, eval_day)
            message = _describe(model_id, figures, signal)
            assert signal.status != "breach", message
            if eval_day < FIRST_FULL_WINDOW:
                continue  # a window shorter than window_days is not judged (yet)
            assert signal.status != "insufficient_data", message
            # the direction that breaches (a rise of the AUC is never one)
            assert figures.z < BREACH_Z, message
            _assert_sql_agrees(noise, figures, signal, message)
            worst = max(worst, (signal.z_score, message))
            widest = max(widest, (abs(figures.z), message))
    print(f"\nlargest healthy z: {worst[1]}\nlargest healthy |z|: {widest[1]}")


def test_persistent_drop_of_three_standard_errors_breaches(scenario: Scenario) -> None:
    """A persistent drop of about 0.012 (3.4 standard errors of the change at about 5,000
    rows) breaches on every evaluation date whose window lies in the degraded period, and
    nothing breaches before the degradation starts."""
    frame = scenario.frames["auc_drop"]
    noise = reference_noise(frame)
    print(f"\nauc_drop: reference AUC {noise.auc:.4f}, DeLong se {np.sqrt(noise.variance):.5f}")
    for eval_day in range(REFERENCE_DAYS, DEGRADED_FROM):
        signal = _signal(scenario, "auc_drop", eval_day)
        figures = window_figures(frame, noise, eval_day)
        message = _describe("auc_drop", figures, signal)
        assert signal.status != "breach", message
        if eval_day >= FIRST_FULL_WINDOW:
            assert signal.status != "insufficient_data", message
            assert figures.z < BREACH_Z, message
    degraded = range(DEGRADED_FROM + WINDOW_DAYS - 1, LAST_DAY + 1)
    assert len(degraded) >= 15
    for eval_day in degraded:
        signal = _signal(scenario, "auc_drop", eval_day)
        figures = window_figures(frame, noise, eval_day)
        message = _describe("auc_drop", figures, signal)
        print(message)
        # the scenario of the requirement, from the rows themselves
        assert 4900 <= figures.rows <= 5100, message
        assert 0.0105 <= figures.drop <= 0.0135, message
        assert figures.drop >= MIN_EFFECT, message
        assert figures.drop >= BREACH_Z * figures.sigma, message
        # and the check breaches
        assert signal.status == "breach", message
        assert signal.z_score >= BREACH_Z, message
        _assert_sql_agrees(noise, figures, signal, message)
