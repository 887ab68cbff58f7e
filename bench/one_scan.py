"""What one scan of the raw rows would save: the bench's prediction log (bench/run.py's
generator), the per-day and per-channel histograms and moments of its numeric features as two
statements and as one, on DuckDB or on a throwaway Postgres server (python_tests/pg_server.py).
See bench/README.md, "One scan of the raw rows".

Usage: .venv/bin/python bench/one_scan.py [--engine duckdb|postgres --rows N
--features-numeric 20 --runs 3]. Writes bench/out/one_scan.duckdb; prints each statement's
seconds per run and their median: CPU of this process on DuckDB (its threads included), the
statement's time on Postgres (one backend process: no parallel workers, no JIT).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import run as bench

sys.path.insert(0, str(bench.BENCH_DIR.parent / "python_tests"))

DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
#: The package's finest level: a day and a segment value (coarser levels are sums of it).
KEYS = "cast(scored_at as date) as d, channel"
SOURCE = "from bench_raw.predictions"
#: A statement run, and the seconds it took (CPU on DuckDB, the statement's on Postgres).
Timer = Callable[[str], float]


def _moments(features: list[str]) -> list[str]:
    """Each feature's count, sum, sum of squares, minimum and maximum: the moments' sums."""
    return [
        f"count({f}) as n_{f}, sum({f}) as s_{f}, sum({f} * {f}) as ss_{f}, "
        f"min({f}) as lo_{f}, max({f}) as hi_{f}"
        for f in features
    ]


def duckdb_statements(features: list[str], edges: dict[str, list[float]]) -> dict[str, str]:
    """DuckDB bins with its histogram(value, boundaries) aggregate, one per feature."""
    histograms = [f"histogram({f}, {edges[f]}::double[]) as h_{f}" for f in features]
    moments = _moments(features)
    group = "group by cast(scored_at as date), channel"
    return {
        "histograms": f"select {KEYS}, {', '.join(histograms)} {SOURCE} {group}",
        "moments": f"select {KEYS}, {', '.join(moments)} {SOURCE} {group}",
        "both": f"select {KEYS}, {', '.join(histograms + moments)} {SOURCE} {group}",
        "floor": f"select count(*), {', '.join(f'sum({f})' for f in features)} {SOURCE}",
    }


def postgres_statements(features: list[str], edges: dict[str, list[float]]) -> dict[str, str]:
    """Postgres bins each value (width_bucket), unpivoted to a row per feature, grouped by bin;
    in one scan each bin also carries the sums a feature's moments are made of."""
    names = ", ".join(f"'{f}'" for f in features)
    bins = ", ".join(f"width_bucket({f}, array{edges[f]}::double precision[])" for f in features)
    unpivoted = (
        f"(select {KEYS}, unnest(array[{names}]) as f, unnest(array[{bins}]) as b, "
        f"unnest(array[{', '.join(features)}]) as v {SOURCE}) as u where v is not null "
        "group by d, channel, f, b"
    )
    moments = _moments(features)
    return {
        "histograms": f"select d, channel, f, b, count(*) as n from {unpivoted}",
        "moments": f"select {KEYS}, {', '.join(moments)} {SOURCE} group by 1, 2",
        "both": "select d, channel, f, b, count(*) as n, sum(v) as s, sum(v * v) as ss, "
        f"min(v) as lo, max(v) as hi from {unpivoted}",
        "floor": f"select count(*), {', '.join(f'sum({f}) as s_{f}' for f in features)} {SOURCE}",
    }


@contextmanager
def on_duckdb(features: list[str]) -> Iterator[tuple[dict[str, str], Timer]]:
    with bench.connect() as con:
        quantiles = f"quantile_cont({{}}, {DECILES})"
        edges = {f: _first(con.execute(f"select {quantiles.format(f)} {SOURCE}")) for f in features}

        def timed(sql: str) -> float:
            start = time.process_time()  # this process's CPU: DuckDB's threads included
            con.execute(f"create or replace temp table result as {sql}")
            return time.process_time() - start

        yield duckdb_statements(features, edges), timed


@contextmanager
def on_postgres(features: list[str]) -> Iterator[tuple[dict[str, str], Timer]]:
    import psycopg2
    from pg_server import ThrowawayPostgres

    csv = bench.OUT / "one_scan.csv"
    with bench.connect() as con:
        columns = ", ".join(["scored_at", "channel", *features])
        con.execute(f"copy (select {columns} {SOURCE}) to '{csv}' (header false)")
    server = ThrowawayPostgres()
    server.start()
    try:
        server.create_database("one_scan")
        connection = psycopg2.connect(server.dsn("one_scan"))
        connection.autocommit = True
        cur = connection.cursor()
        typed = ", ".join(f"{f} double precision" for f in features)
        cur.execute("create schema bench_raw")
        cur.execute(
            f"create table bench_raw.predictions (scored_at timestamp, channel text, {typed})"
        )
        with csv.open() as rows:
            cur.copy_expert("copy bench_raw.predictions from stdin with (format csv)", rows)
        csv.unlink()
        cur.execute("analyze bench_raw.predictions")
        # one backend per statement, compiled as written: its time is its CPU
        cur.execute("set jit = off; set max_parallel_workers_per_gather = 0; set work_mem = '64MB'")
        quantiles = f"percentile_cont(array{DECILES}) within group (order by {{}})"
        edges = {}
        for f in features:
            cur.execute(f"select {quantiles.format(f)} {SOURCE}")
            edges[f] = _first(cur)

        def timed(sql: str) -> float:
            start = time.perf_counter()
            cur.execute(f"create temp table result as {sql}")
            seconds = time.perf_counter() - start
            cur.execute("drop table result")
            return seconds

        yield postgres_statements(features, edges), timed
        connection.close()
    finally:
        server.stop()


def _first(cursor: Any) -> list[float]:
    row = cursor.fetchone()
    assert row is not None
    return [float(x) for x in row[0]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=["duckdb", "postgres"], default="duckdb")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--features-numeric", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bench.DATABASE = bench.OUT / "one_scan.duckdb"
    bench.OUT.mkdir(exist_ok=True)
    bench.generate(args.rows, args.features_numeric, 0, 60, "binary")
    features = [f"num_{j}" for j in range(1, args.features_numeric + 1)]
    engine = on_duckdb if args.engine == "duckdb" else on_postgres
    with engine(features) as (queries, timed):
        seconds: dict[str, list[float]] = {name: [] for name in queries}
        for _ in range(args.runs):
            for name, sql in queries.items():
                seconds[name].append(round(timed(sql), 2))
                print(f"{name}: {seconds[name][-1]} s", flush=True)
    for name, runs in seconds.items():
        print(f"{args.engine} {name}: median {statistics.median(runs):.2f} s of {runs}")


if __name__ == "__main__":
    main()
