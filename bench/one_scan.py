"""What one scan of the raw rows would save on DuckDB: the bench's prediction log (bench/run.py's
generator), the per-day and per-channel histograms and moments of its numeric features as two
statements and as one. See bench/README.md, "One scan of the raw rows".

Usage: .venv/bin/python bench/one_scan.py [--rows 10000000 --features-numeric 20 --runs 3].
Writes its own database, bench/out/one_scan.duckdb; prints each statement's CPU seconds per run
and their median.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

import duckdb
import run as bench

DECILES = "[0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]"
#: The package's finest level: a day and a segment value (coarser levels are sums of it).
FINEST = "group by cast(scored_at as date), channel"
SOURCE = "from bench_raw.predictions"


def statements(con: duckdb.DuckDBPyConnection, features: list[str]) -> dict[str, str]:
    """The statements compared, with each feature's deciles as its histogram's boundaries."""
    histograms, moments = [], []
    for f in features:
        row = con.execute(f"select quantile_cont({f}, {DECILES}) {SOURCE}").fetchone()
        assert row is not None
        edges = ", ".join(repr(float(x)) for x in row[0])
        histograms.append(f"histogram({f}, [{edges}]::double[]) as h_{f}")
        moments.append(
            f"count({f}) as n_{f}, sum({f}) as s_{f}, sum({f} * {f}) as ss_{f}, "
            f"min({f}) as lo_{f}, max({f}) as hi_{f}"
        )
    keys = "select cast(scored_at as date) as d, channel"
    return {
        "histograms": f"{keys}, {', '.join(histograms)} {SOURCE} {FINEST}",
        "moments": f"{keys}, {', '.join(moments)} {SOURCE} {FINEST}",
        "both": f"{keys}, {', '.join(histograms + moments)} {SOURCE} {FINEST}",
        "floor": f"select count(*), {', '.join(f'sum({f})' for f in features)} {SOURCE}",
    }


def process_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--features-numeric", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bench.DATABASE = bench.OUT / "one_scan.duckdb"
    bench.OUT.mkdir(exist_ok=True)
    bench.generate(args.rows, args.features_numeric, 0, 60, "binary")
    features = [f"num_{j}" for j in range(1, args.features_numeric + 1)]
    with bench.connect() as con:
        queries = statements(con, features)
        cpu: dict[str, list[float]] = {name: [] for name in queries}
        for _ in range(args.runs):
            for name, sql in queries.items():
                start, wall = process_cpu_s(), time.perf_counter()
                con.execute(f"create or replace temp table result as {sql}")
                cpu[name].append(round(process_cpu_s() - start, 2))
                print(f"{name}: CPU {cpu[name][-1]} s, wall {time.perf_counter() - wall:.2f} s")
    for name, runs in cpu.items():
        print(f"{name}: median CPU {statistics.median(runs):.2f} s of {runs}")


if __name__ == "__main__":
    main()
