"""The operating characteristics of retrain_gate's verdicts: false alarms on quiet models and
detection delays on breakage stories, measured on one dbt build of many simulated models.

    python -m calibration.run [--quick] [--seed N] [--out docs/operating_characteristics.md]

Every quiet config and every story is one monitored model of the same dbt project, on an
embedded DuckDB file in a temporary directory, with retrain_gate installed from this checkout
as a local package; one `dbt build` with the as-of date pinned evaluates them all. The raw
results go to build/calibration/results[-quick].json, the table to --out (the full run only,
unless --out is given). See calibration/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python calibration/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb
import pandas as pd
import yaml

from calibration.simulate import (
    REFERENCE_DAYS,
    REGRESSION_STORIES,
    STORIES,
    STORY_FEATURE,
    STORY_SIZES,
    TOTAL_DAYS,
    LogSpec,
    calendar_day,
    model_config,
    prediction_log,
    realized,
    verify_auc_drop,
)
from retrain_gate import registry
from retrain_gate.dbt_project import PACKAGE_ROOT, run_dbt

VERDICTS = [
    "retrain",
    "fix_data",
    "fix_labels",
    "hold",
    "investigate",
    "no_retrain",
    "insufficient_data",
    "healthy",
]
FALSE_ALARMS = ("retrain", "fix_data", "fix_labels")
#: The targets on quiet models: a false-alarm verdict on at most one date per model-year,
#: healthy on at least 95% of the dates.
MAX_FALSE_ALARM_SHARE = 1 / 365
MIN_HEALTHY_SHARE = 0.95
DETECTION_DAYS = 28
SCHEMA = "raw"
BUILD_DIR = PACKAGE_ROOT / "build" / "calibration"
DOC = PACKAGE_ROOT / "docs" / "operating_characteristics.md"


@dataclass(frozen=True)
class Grid:
    """What a suite simulates: the quiet configs and the stories, each one monitored model."""

    quiet: list[LogSpec]
    stories: list[LogSpec]
    notes: list[str] = field(default_factory=list)

    @property
    def specs(self) -> list[LogSpec]:
        return self.quiet + self.stories


def _volume_name(volume: int) -> str:
    return f"{volume // 1000}k" if volume >= 1000 and volume % 1000 == 0 else str(volume)


def quiet_spec(volume: int, prevalence: float, calibrated: bool, days: int, seed: int) -> LogSpec:
    kind = "cal" if calibrated else "rank"
    name = f"quiet_v{_volume_name(volume)}_p{round(prevalence * 100):02d}_{kind}"
    return LogSpec(name, volume, prevalence, calibrated, days=days, seed=seed)


def quiet_regression_spec(volume: int, days: int, seed: int) -> LogSpec:
    """A quiet regression model (its predicted and paid costs: simulate.prediction_log)."""
    name = f"quiet_v{_volume_name(volume)}_reg"
    return LogSpec(name, volume, 0.1, True, days=days, seed=seed, kind="regression")


def quiet_ranking_spec(volume: int, days: int, seed: int) -> LogSpec:
    """A quiet ranking model (its lists and graded relevance: simulate.prediction_log)."""
    name = f"quiet_v{_volume_name(volume)}_rnk"
    return LogSpec(name, volume, 0.1, True, days=days, seed=seed, kind="ranking")


def story_spec(story: str, size: float, volume: int, seed: int, pre_days: int = 30) -> LogSpec:
    """A story on a calibrated model with 10% positives: the reference, `pre_days` quiet
    evaluation dates (the outcome window is full REFERENCE_DAYS + 14 days in), then the break,
    followed for DETECTION_DAYS + 7 days."""
    start = REFERENCE_DAYS + pre_days
    name = f"story_{story}_{round(size * 100):02d}_v{_volume_name(volume)}"
    days = start + DETECTION_DAYS + 7
    kind = "regression" if story in REGRESSION_STORIES else "binary"
    return LogSpec(name, volume, 0.1, True, days, seed, story, size, start, kind)


def full_grid(seed: int, high: int = 20_000) -> Grid:
    """Every quiet config (volumes 100, 1,000 and `high` a day) and every story x size x
    volume; the quiet configs at `high` a day get 150 evaluation dates, not 365 (build time)."""
    high_days = REFERENCE_DAYS + 150
    quiet = [
        quiet_spec(volume, prevalence, calibrated, TOTAL_DAYS if volume < high else high_days, s)
        for s, (volume, prevalence, calibrated) in enumerate(
            (v, p, c) for v in (100, 1_000, high) for p in (0.01, 0.1, 0.4) for c in (True, False)
        )
    ]
    quiet += [
        quiet_regression_spec(volume, TOTAL_DAYS if volume < high else high_days, len(quiet) + i)
        for i, volume in enumerate((100, 1_000, high))
    ]
    quiet += [
        quiet_ranking_spec(volume, TOTAL_DAYS if volume < high else high_days, len(quiet) + i)
        for i, volume in enumerate((100, 1_000, high))
    ]
    stories = [
        story_spec(story, size, volume, seed + 100 + i)
        for i, (story, size, volume) in enumerate(
            (story, size, volume)
            for story in STORIES
            for size in STORY_SIZES[story]
            for volume in (100, 1_000, high)
        )
    ]
    notes = [
        f"Quiet configs at 100 and 1,000 a day: {TOTAL_DAYS - REFERENCE_DAYS} evaluation dates "
        f"(a model-year); at {high:,} a day {high_days - REFERENCE_DAYS} (the build's time).",
    ]
    return Grid([replace(q, seed=seed * 1000 + q.seed) for q in quiet], stories, notes)


def quick_grid(seed: int) -> Grid:
    days = REFERENCE_DAYS + 90
    quiet = [
        quiet_spec(1_000, 0.1, True, days, seed * 1000 + 1),
        quiet_spec(1_500, 0.3, True, days, seed * 1000 + 2),
        quiet_spec(1_500, 0.3, False, days, seed * 1000 + 3),
        quiet_spec(100, 0.1, True, days, seed * 1000 + 4),
        quiet_regression_spec(1_000, days, seed * 1000 + 5),
        quiet_ranking_spec(1_000, days, seed * 1000 + 6),
    ]
    stories = [
        story_spec(story, STORY_SIZES[story][1], 1_000, seed + 100 + i)
        for i, story in enumerate(STORIES)
    ]
    notes = [f"Quick subset: quiet configs with {days - REFERENCE_DAYS} evaluation dates."]
    return Grid(quiet, stories, notes)


# ---------------------------------------------------------------------------------------------
# The warehouse and the dbt project


def load_logs(specs: Iterable[LogSpec], path: Path) -> dict[str, dict[str, float]]:
    """Writes each spec's log to SCHEMA.<name> of the DuckDB file `path` (categoricals as
    text), one at a time; returns what each log really holds (simulate.realized)."""
    figures: dict[str, dict[str, float]] = {}
    con = duckdb.connect(str(path))
    try:
        con.execute(f"create schema if not exists {SCHEMA}")
        for spec in specs:
            log = prediction_log(spec)
            figures[spec.name] = realized(spec, log)
            con.register("log_frame", log)
            con.execute(
                f"create or replace table {SCHEMA}.{spec.name} as select * replace ("
                "cast(channel as varchar) as channel, cast(product as varchar) as product, "
                "cast(region as varchar) as region) from log_frame"
            )
            con.unregister("log_frame")
            print(f"  {spec.name}: {len(log):,} rows", flush=True)
    finally:
        con.close()
    return figures


def write_project(root: Path, warehouse: Path, specs: Sequence[LogSpec]) -> None:
    """A dbt project in `root` monitoring every spec, with retrain_gate from this checkout as
    a local package (as python_tests/harness.py does) and warning gates (the stories break
    data on purpose)."""
    (root / "models").mkdir(parents=True, exist_ok=True)
    config = {
        "gates": {"fix_data": "warn", "fix_labels": "warn"},
        "models": {spec.name: model_config(spec, SCHEMA) for spec in specs},
    }
    project = {
        "name": "retrain_gate_calibration",
        "version": "0.1.0",
        "config-version": 2,
        "profile": "calibration",
        "vars": {"retrain_gate": config},
    }
    (root / "dbt_project.yml").write_text(yaml.safe_dump(project, sort_keys=False))
    (root / "packages.yml").write_text(yaml.safe_dump({"packages": [{"local": str(PACKAGE_ROOT)}]}))
    output = {"type": "duckdb", "path": str(warehouse), "threads": 2}
    profile = {"calibration": {"target": "sim", "outputs": {"sim": output}}}
    (root / "profiles.yml").write_text(yaml.safe_dump(profile))
    sources = {
        "version": 2,
        "sources": [
            {"name": SCHEMA, "schema": SCHEMA, "tables": [{"name": spec.name} for spec in specs]}
        ],
    }
    (root / "models" / "sources.yml").write_text(yaml.safe_dump(sources))


def build(root: Path, as_of: date, echo: bool) -> None:
    run_dbt(["deps", "--quiet"], root, echo=echo)
    run_dbt(
        ["build", "--vars", yaml.safe_dump({"retrain_gate_as_of": as_of.isoformat()})],
        root,
        echo=echo,
    )


def query(path: Path, statement: str) -> pd.DataFrame:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(statement).df()


def read_results(path: Path) -> dict[str, pd.DataFrame]:
    """The decisions, and the few aggregates of the signals the tables need (the signals of a
    full suite are millions of rows)."""
    decisions = query(
        path,
        "select model_id, eval_date, verdict, reason_code, reason, evidence, started_on "
        "from main.retrain_gate_decisions order by model_id, eval_date",
    )
    decisions["eval_date"] = pd.to_datetime(decisions.eval_date).dt.date
    breaches = query(
        path,
        "select model_id, family, check_name, subject, "
        "count(*) as breach_rows, count(distinct eval_date) as breach_dates, "
        "string_agg(distinct segment, ', ' order by segment) as segments "
        "from main.retrain_gate_signals where status = 'breach' group by all",
    )
    discrimination = query(
        path,
        "select model_id, eval_date, value, baseline, z_score from main.retrain_gate_signals "
        "where check_name = 'discrimination' and segment = 'all' "
        "and status <> 'insufficient_data'",
    )
    discrimination["eval_date"] = pd.to_datetime(discrimination.eval_date).dt.date
    thresholds = query(
        path,
        "select check_name, family, mode(warn_threshold) as warn, "
        "mode(breach_threshold) as breach from main.retrain_gate_signals group by all "
        "order by family, check_name",
    )
    return {
        "decisions": decisions,
        "breaches": breaches,
        "discrimination": discrimination,
        "thresholds": thresholds,
    }


# ---------------------------------------------------------------------------------------------
# The measures


def quiet_measures(spec: LogSpec, decisions: pd.DataFrame, z: pd.DataFrame) -> dict[str, Any]:
    """Per verdict the share of the model's evaluation dates, the false alarms per model-year
    and the discrimination z_score's mean and standard deviation."""
    mine = decisions[decisions.model_id == spec.name]
    n = len(mine)
    shares = {v: float((mine.verdict == v).mean()) if n else 0.0 for v in VERDICTS}
    alarms = int(mine.verdict.isin(FALSE_ALARMS).sum())
    zs = z[z.model_id == spec.name].z_score.dropna()
    return {
        "dates": n,
        "shares": shares,
        "false_alarm_dates": alarms,
        "false_alarms_per_model_year": alarms * 365 / n if n else None,
        "discrimination_z_mean": float(zs.mean()) if len(zs) else None,
        "discrimination_z_sd": float(zs.std()) if len(zs) > 1 else None,
        "discrimination_dates": len(zs),
    }


def _names_feature(row: pd.Series, feature: str) -> bool:
    text = f"{row.reason or ''} {row.evidence or ''}"
    return re.search(rf"\b{re.escape(feature)}\b", text) is not None


def story_measures(spec: LogSpec, decisions: pd.DataFrame) -> dict[str, Any]:
    """Detected (the expected verdict, naming the broken feature where there is one, within
    DETECTION_DAYS of the start), its delay, the first verdict other than healthy and
    insufficient_data on or after the start, and the false alarms before it."""
    assert spec.story is not None
    start = spec.day(spec.start_day)
    mine = decisions[decisions.model_id == spec.name]
    before, after = mine[mine.eval_date < start], mine[mine.eval_date >= start]
    expected = STORIES[spec.story]
    hits = after[after.verdict == expected]
    feature = STORY_FEATURE.get(spec.story)
    if feature is not None:
        hits = hits[hits.apply(_names_feature, axis=1, feature=feature)]
    delay = (hits.eval_date.iloc[0] - start).days if len(hits) else None
    notable = after[~after.verdict.isin(["healthy", "insufficient_data"])]
    first = notable.iloc[0] if len(notable) else None
    return {
        "expected": expected,
        "detected": delay is not None and delay <= DETECTION_DAYS,
        "delay_days": delay,
        "first_notable_verdict": None if first is None else str(first.verdict),
        "first_notable_reason_code": None if first is None else str(first.reason_code),
        "first_notable_delay_days": None if first is None else (first.eval_date - start).days,
        "pre_start_dates": len(before),
        "pre_start_false_alarms": int(before.verdict.isin(FALSE_ALARMS).sum()),
        "pre_start_healthy_share": float((before.verdict == "healthy").mean())
        if len(before)
        else None,
        "insufficient_share_after": float((after.verdict == "insufficient_data").mean())
        if len(after)
        else None,
    }


def false_alarm_causes(decisions: pd.DataFrame, quiet: Sequence[str]) -> pd.DataFrame:
    """The reason codes of the quiet models' dates that were not healthy, by verdict."""
    mine = decisions[decisions.model_id.isin(quiet) & (decisions.verdict != "healthy")]
    causes = mine.groupby(["verdict", "reason_code"]).size().rename("dates").reset_index()
    return causes.sort_values("dates", ascending=False).reset_index(drop=True)


def _default_settings() -> dict[str, int]:
    """The package's min_* and persistence defaults (macros/config/defaults.sql)."""
    keys = ["min_window_rows", "min_day_rows", "min_reference_rows", "min_labelled_rows"]
    keys += ["min_band_labels", "persistence_days", "window_days", "maturity_days"]
    found = registry.defaults()
    return {key: int(found[key]) for key in keys}


# ---------------------------------------------------------------------------------------------
# The report


def _pct(share: float | None, digits: int = 1) -> str:
    return "" if share is None else f"{100 * share:.{digits}f}%"


def _num(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def render(results: Mapping[str, Any]) -> str:
    meta = results["meta"]
    pooled = results["pooled"]
    lines = [
        "# Operating characteristics",
        "",
        "False alarms of retrain_gate's verdicts on quiet simulated models, and detection",
        "delays on breakage stories, at the package defaults. Written by `make calibrate`",
        "(`python -m calibration.run`); the design is in `calibration/README.md`.",
        "",
        f"- run: {meta['finished_at']}, seed {meta['seed']}, commit `{meta['commit']}`"
        f"{' (quick subset)' if meta['quick'] else ''}",
        f"- command: `{meta['command']}`; {meta['models']} monitored models in one dbt build,"
        f" {meta['rows']:,} predictions; simulated in {meta['simulate_s']:.0f} s, built in"
        f" {meta['build_s']:.0f} s",
        f"- as-of date {meta['as_of']}; reference {REFERENCE_DAYS} days (fixed, the first of each"
        f" log); labels mature after {meta['maturity_days']} days; window {meta['window_days']}"
        " days",
        *[f"- {note}" for note in meta["notes"]],
        "",
        "## Quiet models: the targets",
        "",
        f"Pooled over {pooled['dates']:,} evaluation dates of {pooled['models']} quiet models:",
        "",
        *_table(
            ["measure", "value", "target", "met"],
            [
                [
                    "retrain, fix_data or fix_labels",
                    f"{_pct(pooled['false_alarm_share'], 2)} of dates,"
                    f" {_num(pooled['false_alarms_per_model_year'])} per model-year",
                    "<= 0.27% (one date per model-year)",
                    "yes" if pooled["false_alarm_met"] else "**no**",
                ],
                [
                    "healthy",
                    _pct(pooled["healthy_share"]),
                    ">= 95%",
                    "yes" if pooled["healthy_met"] else "**no**",
                ],
                [
                    "healthy, models with >= 1,000 a day",
                    _pct(pooled["healthy_share_1k"]),
                    ">= 95%",
                    "yes" if (pooled["healthy_share_1k"] or 0) >= MIN_HEALTHY_SHARE else "**no**",
                ],
            ],
        ),
        "",
        "## Quiet models: share of evaluation dates per verdict",
        "",
        "`cal`: the score is the calibrated probability; `rank`: its cube (a ranking score, O/E"
        " far from 1); `reg`: a regression model of a skewed cost (`kind: regression`, no AUC);"
        " `rnk`: a ranking model, lists of 10 by the calibrated score, the label graded 0..3"
        " (`kind: ranking`)."
        " FA/yr: retrain, fix_data and fix_labels dates per 365 dates. z: the",
        "discrimination check's z_score over the dates it was judged (mean, sd; an honest AUC"
        " noise gives about 0 and 1).",
        "",
    ]
    rows = []
    for name, q in results["quiet"].items():
        z = f"{_num(q['discrimination_z_mean'])} / {_num(q['discrimination_z_sd'])}"
        shares = [_pct(q["shares"][v]) for v in VERDICTS]
        fa = _num(q["false_alarms_per_model_year"], 1)
        rows.append([name, q["dates"], *shares, fa, f"{z} ({q['discrimination_dates']})"])
    lines += _table(["model", "dates", *VERDICTS, "FA/yr", "z mean / sd (n)"], rows)
    lines += [
        "",
        "## Quiet models: what caused the dates that were not healthy",
        "",
        "By the decision's reason_code (the first breach by precedence):",
        "",
        *_table(
            ["verdict", "reason_code", "dates"],
            [[c["verdict"], c["reason_code"], c["dates"]] for c in results["causes"]],
        ),
        "",
        "Breaching signals on quiet models, per check and subject (any segment; model-dates:"
        " the quiet models' dates with at least one such breach; an integrity breach moves the"
        " verdict only on segment `all` or on a critical feature):",
        "",
        *_table(
            [
                "family",
                "check",
                "subject",
                "breach rows",
                "model-dates",
                "share of dates",
                "segments",
                "models",
            ],
            [
                [
                    b["family"],
                    b["check_name"],
                    b["subject"],
                    b["breach_rows"],
                    b["breach_dates"],
                    _pct(b["breach_dates"] / max(pooled["dates"], 1), 2),
                    b["segments"],
                    b["models"],
                ]
                for b in results["quiet_breaches"]
            ],
        ),
        "",
        "## Breakage stories",
        "",
        f"Each starts on a known day (30 quiet evaluation dates in), on a calibrated model with"
        f" 10% positives; detected: the expected verdict (fix_data naming the feature) within"
        f" {DETECTION_DAYS} days. Delay: first date with the expected verdict minus the start"
        " day. First notable: the first verdict other than healthy and insufficient_data on or"
        " after the start. Realized: the effect measured on the simulated rows (the AUC drop by"
        " sklearn's roc_auc_score).",
        "",
    ]
    story_rows = []
    for name, s in results["stories"].items():
        story_rows.append(
            [
                s["story"],
                f"{s['size']:g}",
                s["volume"],
                s["realized"],
                s["expected"],
                "yes" if s["detected"] else "no",
                "" if s["delay_days"] is None else s["delay_days"],
                s["first_notable_verdict"] or "",
                s["first_notable_reason_code"] or "",
                "" if s["first_notable_delay_days"] is None else s["first_notable_delay_days"],
                _pct(s["insufficient_share_after"], 0),
                s["pre_start_false_alarms"],
                name,
            ]
        )
    lines += _table(
        [
            "story",
            "size",
            "volume/day",
            "realized",
            "expected",
            "detected",
            "delay",
            "first notable",
            "its reason_code",
            "its delay",
            "insufficient after",
            "FA before",
            "model",
        ],
        story_rows,
    )
    lines += [
        "",
        "## Defaults in force",
        "",
        "Thresholds as they land in retrain_gate_signals (warn_threshold, breach_threshold,"
        " the most common per check); settings from macros/config/defaults.sql:"
        f" {', '.join(f'{k} {v}' for k, v in meta['settings'].items())}.",
        "",
        *_table(
            ["family", "check", "warn", "breach"],
            [
                [t["family"], t["check_name"], _num(t["warn"], 4), _num(t["breach"], 4)]
                for t in results["thresholds"]
            ],
        ),
        "",
    ]
    return "\n".join(lines)


def _realized_effect(spec: LogSpec, figures: Mapping[str, float]) -> str:
    key = {
        "auc_drop": "auc",
        "null_rate": "null_rate",
        "unseen": "unseen",
        "overrides": "override_rate",
        "cost_level": "cost_ratio",
    }[str(spec.story)]
    before, after = figures.get(f"{key}_before"), figures.get(f"{key}_after")
    if before is None or after is None:
        return ""
    return f"{before - after:+.3f}" if key == "auc" else f"{after - before:+.3f}"


def summarize(
    grid: Grid, frames: Mapping[str, pd.DataFrame], figures: Mapping[str, Mapping[str, float]]
) -> dict[str, Any]:
    decisions = frames["decisions"]
    quiet = {s.name: quiet_measures(s, decisions, frames["discrimination"]) for s in grid.quiet}
    names = [s.name for s in grid.quiet]
    pooled_rows = decisions[decisions.model_id.isin(names)]
    high = [s.name for s in grid.quiet if s.volume >= 1_000]
    high_rows = decisions[decisions.model_id.isin(high)]
    alarm_share = float(pooled_rows.verdict.isin(FALSE_ALARMS).mean()) if len(pooled_rows) else 0
    healthy_share = float((pooled_rows.verdict == "healthy").mean()) if len(pooled_rows) else 0
    breaches = frames["breaches"]
    quiet_breaches = (
        breaches[breaches.model_id.isin(names)]
        .groupby(["family", "check_name", "subject"])
        .agg(
            breach_rows=("breach_rows", "sum"),
            breach_dates=("breach_dates", "sum"),
            models=("model_id", lambda m: ", ".join(sorted(set(m)))),
            segments=("segments", lambda g: ", ".join(sorted(set(", ".join(g).split(", "))))),
        )
        .reset_index()
        .sort_values("breach_dates", ascending=False)
    )
    stories: dict[str, Any] = {}
    for spec in grid.stories:
        stories[spec.name] = {
            "story": spec.story,
            "size": spec.size,
            "volume": spec.volume,
            "start": spec.day(spec.start_day).isoformat(),
            "realized": _realized_effect(spec, figures[spec.name]),
            **story_measures(spec, decisions),
        }
    return {
        "quiet": quiet,
        "pooled": {
            "models": len(names),
            "dates": len(pooled_rows),
            "false_alarm_share": alarm_share,
            "false_alarms_per_model_year": alarm_share * 365,
            "false_alarm_met": alarm_share <= MAX_FALSE_ALARM_SHARE,
            "healthy_share": healthy_share,
            "healthy_met": healthy_share >= MIN_HEALTHY_SHARE,
            "healthy_share_1k": float((high_rows.verdict == "healthy").mean())
            if len(high_rows)
            else None,
        },
        "causes": false_alarm_causes(decisions, names).to_dict("records"),
        "quiet_breaches": quiet_breaches.to_dict("records"),
        "stories": stories,
        "thresholds": frames["thresholds"].to_dict("records"),
        "realized": {name: dict(f) for name, f in figures.items()},
    }


def _commit() -> str:
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=PACKAGE_ROOT, capture_output=True, text=True
    )
    return done.stdout.strip() or "unknown"


def check_generators() -> dict[str, float]:
    """The simulator's own sanity check: each AUC drop size, realized on a large sample."""
    drops = {f"{size:g}": verify_auc_drop(0.1, size) for size in STORY_SIZES["auc_drop"]}
    for size, drop in drops.items():
        if abs(drop - float(size)) > 0.004:
            raise AssertionError(f"auc_drop {size}: the generator drops the AUC by {drop:.4f}")
    return drops


def run(
    quick: bool, seed: int, out: Path | None, echo: bool = True, high: int = 20_000
) -> dict[str, Any]:
    grid = quick_grid(seed) if quick else full_grid(seed, high)
    as_of = calendar_day(TOTAL_DAYS - 1)
    print(f"calibration: {len(grid.specs)} models, as-of {as_of}", flush=True)
    drops = check_generators()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="retrain_gate_calibration_") as tmp:
        root = Path(tmp)
        warehouse = root / "warehouse.duckdb"
        figures = load_logs(grid.specs, warehouse)
        simulated = time.monotonic()
        write_project(root / "project", warehouse, grid.specs)
        build(root / "project", as_of, echo)
        built = time.monotonic()
        frames = read_results(warehouse)
        rows = int(query(warehouse, _count_rows(grid.specs)).to_numpy()[0, 0])
    results = summarize(grid, frames, figures)
    results["meta"] = {
        "quick": quick,
        "seed": seed,
        "commit": _commit(),
        "finished_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": _command(quick, seed, high),
        "as_of": as_of.isoformat(),
        "models": len(grid.specs),
        "rows": rows,
        "simulate_s": simulated - started,
        "build_s": built - simulated,
        "maturity_days": 7,
        "window_days": 7,
        "settings": _default_settings(),
        "notes": grid.notes,
        "generator_auc_drops": drops,
        "specs": [asdict(s) for s in grid.specs],
    }
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    raw = BUILD_DIR / ("results-quick.json" if quick else "results.json")
    raw.write_text(json.dumps(results, indent=1, default=str))
    print(f"raw results: {raw}")
    if out is not None:
        out.write_text(render(results))
        print(f"table: {out}")
    return results


def _command(quick: bool, seed: int, high: int) -> str:
    if quick:
        return f"python -m calibration.run --quick --seed {seed}"
    if seed == 1 and high == 20_000:
        return "make calibrate"
    return f"python -m calibration.run --seed {seed} --high-volume {high}"


def _count_rows(specs: Sequence[LogSpec]) -> str:
    return "select " + " + ".join(f"(select count(*) from {SCHEMA}.{spec.name})" for spec in specs)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="the small subset (minutes)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out", type=Path, help=f"the markdown table (default: {DOC} for the full run)"
    )
    parser.add_argument(
        "--high-volume", type=int, default=20_000, help="the full grid's highest volume a day"
    )
    parser.add_argument("--quiet-dbt", action="store_true", help="do not echo dbt's output")
    args = parser.parse_args(argv)
    out = args.out if args.out is not None or args.quick else DOC
    results = run(args.quick, args.seed, out, not args.quiet_dbt, args.high_volume)
    pooled = results["pooled"]
    print(
        f"quiet: {_pct(pooled['false_alarm_share'], 2)} false-alarm dates, "
        f"{_pct(pooled['healthy_share'])} healthy; stories detected: "
        f"{sum(s['detected'] for s in results['stories'].values())}/{len(results['stories'])}"
    )


if __name__ == "__main__":
    main()
