"""Cost of a fleet: retrain_gate on DuckDB monitoring 1, 6 and 24 models (each reading the same
log with the same settings), so that what grows with the number of models shows: the parse
(the config validated and every model's Jinja rendered), the full build and the nightly run.
See bench/README.md, "A fleet of models".

Runs bench/run.py for each count that bench/out/results.jsonl does not yet hold for the
package's current SQL at these rows and features, fits each figure by least squares against the
count, y = a + b x, and writes the points and fits to bench/out/fleet.md (and stdout).

Usage: .venv/bin/python bench/fleet.py [--models 1,6,24] [--rows 200000] [--features-numeric 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from typing import Any

from growth import fit, recorded_runs
from run import BENCH_DIR, OUT, sql_revision

FIGURES = ["parse_cpu_s", "build_cpu_s", "build_compute_s", "nightly_cpu_s", "nightly_compute_s"]


def results(revision: str, rows: int, numeric: int) -> list[dict[str, Any]]:
    """The fleet runs of this SQL revision at these rows and numeric features."""
    return [
        r
        for r in recorded_runs(revision)
        if r["rows"] == rows and r["numeric_features"] == numeric and "parse_cpu_s" in r
    ]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="1,6,24", type=lambda t: [int(v) for v in t.split(",")])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--features-numeric", type=int, default=5)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    revision = sql_revision()
    for count in args.models:
        done = results(revision, args.rows, args.features_numeric)
        if not [r for r in done if r.get("models", 1) == count]:
            command = [sys.executable, str(BENCH_DIR / "run.py"), "--rows", str(args.rows)]
            command += ["--features-numeric", str(args.features_numeric), "--models", str(count)]
            subprocess.run(command, check=True)
    runs = results(revision, args.rows, args.features_numeric)
    medians = {
        count: {
            figure: statistics.median(r[figure] for r in runs if r.get("models", 1) == count)
            for figure in FIGURES
        }
        for count in args.models
    }
    lines = [
        f"Package SQL at `{revision}`; {args.rows:,} rows a model ({args.features_numeric} "
        "numeric, 5 categorical features), the same log for each; medians per count.",
        "",
        "| models | " + " | ".join(FIGURES) + " |",
        "|---|" + "---|" * len(FIGURES),
        *(
            f"| {count} | " + " | ".join(f"{medians[count][f]:.1f}" for f in FIGURES) + " |"
            for count in args.models
        ),
        "",
        "Fits y = a + b models (seconds; b is the cost of one more model):",
        "",
        "| figure | a | b | R^2 |",
        "|---|---|---|---|",
    ]
    for figure in FIGURES:
        a, b, r2 = fit([float(c) for c in args.models], [medians[c][figure] for c in args.models])
        lines.append(f"| {figure} | {a:.2f} | {b:.2f} | {r2:.3f} |")
    text = "\n".join(lines) + "\n"
    (OUT / "fleet.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
