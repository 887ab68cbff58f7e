"""Cost growth of retrain_gate on DuckDB: time against rows, and against numeric features at
fixed rows. See bench/README.md, "Cost growth".

Runs bench/run.py for each point that bench/out/results.jsonl does not yet hold for the
package's current SQL (run.py's sql_revision; so the main runs count), then fits each figure
by least squares, y = a + b x, and writes the points and the fits to bench/out/growth.md (and
stdout).

Usage: .venv/bin/python bench/growth.py [--rows 1000000,5000000,10000000]
[--features 5,10,20,40] [--feature-rows 1000000]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import subprocess
import sys
from typing import Any

from run import BENCH_DIR, OUT, sql_revision

RESULTS = OUT / "results.jsonl"
# The figures fitted: the floor, the drift models alone, the full build, the nightly; CPU
# seconds too, which a busy machine disturbs less than wall and node times (bench/README.md).
FIGURES = [
    "floor_s",
    "floor_cpu_s",
    "drift_compute_s",
    "drift_cpu_s",
    "build_compute_s",
    "build_cpu_s",
    "nightly_cpu_s",
]
CATEGORICAL = 5


def recorded_runs(revision: str) -> list[dict[str, Any]]:
    """Every run in bench/out/results.jsonl of this SQL revision."""
    if not RESULTS.exists():
        return []
    runs = [json.loads(line) for line in RESULTS.read_text().splitlines() if line.strip()]
    return [r for r in runs if r.get("sql_revision") == revision]


def results(revision: str) -> list[dict[str, Any]]:
    """The runs of this SQL revision, with the default days and categorical features."""
    return [
        r
        for r in recorded_runs(revision)
        if r["days"] == 60
        and r["categorical_features"] == CATEGORICAL
        and r.get("models", 1) == 1
        and "drift_compute_s" in r
    ]


def point(runs: list[dict[str, Any]], rows: int, numeric: int) -> list[dict[str, Any]]:
    return [r for r in runs if r["rows"] == rows and r["numeric_features"] == numeric]


def fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least squares y = a + b x: (a, b, R^2)."""
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    total = sum((y - mean) ** 2 for y in ys)
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    return intercept, slope, 1 - residual / total if total else 1.0


def table(
    runs: list[dict[str, Any]], points: list[tuple[int, int]], axis: str, unit: float
) -> list[str]:
    """The median of each figure at each point, then a fit per figure against the axis."""
    label = "rows (M)" if axis == "rows" else "numeric features"
    lines = [
        f"| {label} | runs | " + " | ".join(FIGURES) + " |",
        "|---" * (len(FIGURES) + 2) + "|",
    ]
    xs: list[float] = []
    medians: dict[str, list[float]] = {f: [] for f in FIGURES}
    for rows, numeric in points:
        found = point(runs, rows, numeric)
        x = (rows if axis == "rows" else numeric) / unit
        xs.append(x)
        cells = []
        for figure in FIGURES:
            # A run from before a figure existed (floor_cpu_s) has none: median of the rest.
            values = [r[figure] for r in found if figure in r]
            medians[figure].append(statistics.median(values) if values else float("nan"))
            cells.append(" / ".join(f"{v:.2f}" for v in values) or "-")
        lines.append(f"| {x:g} | {len(found)} | " + " | ".join(cells) + " |")
    per = "per million rows" if axis == "rows" else "per numeric feature"
    lines += ["", f"| figure | intercept (s) | slope (s {per}) | R^2 |", "|---|---|---|---|"]
    for figure in FIGURES:
        if any(math.isnan(y) for y in medians[figure]):
            lines.append(f"| {figure} | - | - | - |")
            continue
        intercept, slope, r2 = fit(xs, medians[figure])
        lines.append(f"| {figure} | {intercept:.2f} | {slope:.3f} | {r2:.4f} |")
    return lines


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])

    def integers(text: str) -> list[int]:
        return [int(v) for v in text.split(",")]

    parser.add_argument("--rows", type=integers, default=[1_000_000, 5_000_000, 10_000_000])
    parser.add_argument("--features", type=integers, default=[5, 10, 20, 40])
    parser.add_argument("--feature-rows", type=int, default=1_000_000)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    revision = sql_revision()
    row_points = [(rows, 20) for rows in args.rows]
    feature_points = [(args.feature_rows, numeric) for numeric in args.features]
    for rows, numeric in row_points + feature_points:
        if not point(results(revision), rows, numeric):
            command = [sys.executable, str(BENCH_DIR / "run.py"), "--rows", str(rows)]
            subprocess.run([*command, "--features-numeric", str(numeric)], check=True)
    runs = results(revision)
    lines = [
        f"Package SQL at `{revision}`; medians of the runs at each point are fitted.",
        "",
        "Against rows (20 numeric, 5 categorical features):",
        "",
        *table(runs, row_points, "rows", 1e6),
        "",
        f"Against numeric features ({args.feature_rows:,} rows, 5 categorical features):",
        "",
        *table(runs, feature_points, "features", 1),
    ]
    text = "\n".join(lines) + "\n"
    (OUT / "growth.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
