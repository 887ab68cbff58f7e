"""Benchmark of retrain_gate on DuckDB: a synthetic prediction log, a full build, a nightly
incremental build and the floor (one aggregate scan of the raw log). See bench/README.md.

Usage: .venv/bin/python bench/run.py --rows N [--features-numeric 20 --features-categorical 5
--days 60 --models 1 --kind binary] [--peers PYTHON]. Progress goes to stdout; the last line is
one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

import duckdb
import psutil
import yaml

BENCH_DIR = Path(__file__).resolve().parent
OUT = BENCH_DIR / "out"
PROJECT = OUT / "project"
DATABASE = OUT / "bench.duckdb"
LOGS = OUT / "logs"
# The dbt next to this Python: the venv's, whatever PATH says.
DBT = str(Path(sys.executable).with_name("dbt"))

FIRST_DAY = date(2024, 1, 1)
REFERENCE_DAYS = 30
WINDOW_DAYS = 7
CHANNELS = "case when u(i, 2) < 0.5 then 'web' when u(i, 2) < 0.85 then 'app' else 'branch' end"
CATEGORY_LEVELS = [5, 10, 20, 35, 50]
FLOOR_RUNS = 3
POLL_S = 0.05
# The drift signals' last model: `--select +DRIFT_MODEL` builds the drift work alone.
DRIFT_MODEL = "int_retrain_gate__feature_drift"
PEERS = ["evidently", "nannyml", "numpy"]

# u(i, k): a uniform in (0, 1) from the row number and a stream key; z(i, k): a standard normal
# (Box-Muller). Hash-based, so the data is the same on every run whatever the thread count.
MACROS = [
    "create temp macro u(i, k) as ((hash(i, k) >> 11)::double + 0.5) / 9007199254740992.0",
    "create temp macro z(i, k) as sqrt(-2 * ln(u(i, k))) * cos(2 * pi() * u(i, k + 1000000))",
]

# Runs in a fresh Python per repetition: times one query on the bench database, prints its wall
# and CPU seconds (all of DuckDB's threads: the process's CPU clock).
FLOOR_SCRIPT = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute("set enable_progress_bar = false")
start, cpu = time.perf_counter(), time.process_time()
con.execute(sys.argv[2]).fetchall()
print(time.perf_counter() - start, time.process_time() - cpu)
"""


def connect() -> duckdb.DuckDBPyConnection:
    """The bench database, without DuckDB's progress bar (it would land in our stdout)."""
    con = duckdb.connect(str(DATABASE))
    con.execute("set enable_progress_bar = false")
    return con


def numeric_expression(j: int) -> str:
    """num_j: normal, lognormal, uniform or count-like by j; every third one has ~1% nulls."""
    key = 100 * j
    kind = (j - 1) % 4
    if kind == 0:
        # num_1 drifts by half a standard deviation over 60 days, so drift is not all zero.
        shift = f" + {0.5 * j / 60} * day_index" if j == 1 else ""
        value = f"{10 * j}{shift} + {j} * z(i, {key})"
    elif kind == 1:
        value = f"exp(3 + 0.75 * z(i, {key}))"
    elif kind == 2:
        value = f"{100 * j} * u(i, {key})"
    else:
        value = f"floor(-ln(u(i, {key})) * {1 + j / 4})"
    if j % 3 == 0:
        value = f"case when u(i, {key + 1}) >= 0.01 then {value} end"
    return f"{value} as num_{j}"


def categorical_expression(j: int) -> str:
    """cat_j: 5 to 50 levels, skewed towards the first ones (u ** 2.5)."""
    levels = CATEGORY_LEVELS[(j - 1) % len(CATEGORY_LEVELS)]
    # Indexing a list literal: about 3x cheaper than formatting the label on every row.
    names = ", ".join(f"'v{level:02d}'" for level in range(levels))
    level = f"cast(floor({levels} * pow(u(i, {100 * j + 50}), 2.5)) as integer)"
    return f"[{names}][1 + {level}] as cat_{j}"


def day_bounds(rows: int, days: int) -> list[int]:
    """Row-number boundaries of each day: even shares with +-15% deterministic daily noise."""
    noise = random.Random(60)
    weights = [1 + noise.uniform(-0.15, 0.15) for _ in range(days)]
    total = sum(weights)
    bounds, cumulative = [0], 0.0
    for weight in weights:
        cumulative += weight
        bounds.append(round(rows * cumulative / total))
    return bounds


#: The softmax's denominator of the multiclass bench's four logits (1.5 z3, 1.5 z9, 0, -0.5).
SOFTMAX_DENOMINATOR = "exp(1.5 * z(i, 3)) + exp(1.5 * z(i, 9)) + 1 + exp(-0.5)"


def generate(rows: int, numeric: int, categorical: int, days: int, kind: str) -> None:
    """Writes days 1..days-1 to bench_raw.predictions and the last day to predictions_held_back.

    Rows are written in time order, as a log is appended, so row groups hold one or two days
    and a filter on scored_at can skip the old ones (as it would in production).
    """
    for path in (DATABASE, DATABASE.with_suffix(".duckdb.wal")):
        path.unlink(missing_ok=True)
    bounds = day_bounds(rows, days)
    columns = [
        "'p' || i as prediction_id",
        # Evenly spaced through the day, with jitter: increasing with i, like an appended log.
        f"timestamp '{FIRST_DAY}' + to_microseconds(cast("
        "(day_index + (i - lo + u(i, 0)) / (hi - lo)) * 86400000000 as bigint)) as scored_at",
        f"'c' || (hash(i, 1) % {max(1, rows // 20)}) as customer_id",
        f"{CHANNELS} as channel",
        "1 / (1 + exp(1 - 1.5 * z(i, 3))) as score",
        # Feedback: a label drawn from the score, a loss for positives, an exposure, overrides.
        "cast(u(i, 4) < 1 / (1 + exp(1 - 1.5 * z(i, 3))) as integer) as label",
        "case when u(i, 4) < 1 / (1 + exp(1 - 1.5 * z(i, 3))) then 50 * u(i, 5) else 0 end as loss",
        "100 + 100 * u(i, 6) as exposure",
        "u(i, 7) < 0.05 as was_overridden",
        # kind regression: a predicted cost and the paid cost, exponential around it
        *(
            [
                "exp(4 + 0.5 * z(i, 3)) as predicted_cost",
                "-ln(u(i, 8)) * exp(4 + 0.5 * z(i, 3)) as paid_cost",
            ]
            if kind == "regression"
            else []
        ),
        # kind multiclass: four class probabilities (a softmax) and the class drawn from them
        *(
            [
                f"exp(1.5 * z(i, 3)) / ({SOFTMAX_DENOMINATOR}) as p_a",
                f"exp(1.5 * z(i, 9)) / ({SOFTMAX_DENOMINATOR}) as p_b",
                f"1 / ({SOFTMAX_DENOMINATOR}) as p_c",
                f"exp(-0.5) / ({SOFTMAX_DENOMINATOR}) as p_d",
                f"case when u(i, 4) < exp(1.5 * z(i, 3)) / ({SOFTMAX_DENOMINATOR}) then 'a'"
                f" when u(i, 4) < (exp(1.5 * z(i, 3)) + exp(1.5 * z(i, 9)))"
                f" / ({SOFTMAX_DENOMINATOR}) then 'b'"
                f" when u(i, 4) < (exp(1.5 * z(i, 3)) + exp(1.5 * z(i, 9)) + 1)"
                f" / ({SOFTMAX_DENOMINATOR}) then 'c' else 'd' end as intent",
            ]
            if kind == "multiclass"
            else []
        ),
        *(numeric_expression(j) for j in range(1, numeric + 1)),
        *(categorical_expression(j) for j in range(1, categorical + 1)),
    ]
    with connect() as con:
        for macro in MACROS:
            con.execute(macro)
        con.execute("create temp table days (day_index integer, lo bigint, hi bigint)")
        con.executemany(
            "insert into days values (?, ?, ?)",
            [(day, bounds[day], bounds[day + 1]) for day in range(days)],
        )
        con.execute("create schema bench_raw")
        for table, days_wanted in [
            ("predictions", f"< {days - 1}"),
            ("predictions_held_back", f"= {days - 1}"),
        ]:
            con.execute(
                f"create table bench_raw.{table} as select {', '.join(columns)} from ("
                f"select day_index, lo, hi, i from days, range(lo, hi) as t(i) "
                f"where day_index {days_wanted} order by i)"
            )


def write_project(
    numeric: int, categorical: int, models: int, kind: str, memory_limit: str | None
) -> None:
    """The bench dbt project: installs the package from this repository, like demo/ does, and
    monitors `models` models (a fleet: each reads the same log with the same settings).
    `memory_limit`: DuckDB's setting of that name in the profile (DuckDB's own default, 80% of
    the machine's memory, when None)."""
    (PROJECT / "models").mkdir(parents=True, exist_ok=True)
    reference_end = FIRST_DAY + timedelta(days=REFERENCE_DAYS - 1)
    duckdb_output: dict[str, Any] = {"type": "duckdb", "path": str(DATABASE), "threads": 2}
    if memory_limit:
        duckdb_output["settings"] = {"memory_limit": memory_limit}
    monitored: dict[str, Any] = {
        "kind": kind,
        "relation": "source:bench_raw.predictions",
        "prediction_id": "prediction_id",
        "timestamp": "scored_at",
        "entity_id": "customer_id",
        "segments": ["channel"],
        "score": "score",
        "features": {
            "numeric": [f"num_{j}" for j in range(1, numeric + 1)],
            "categorical": [f"cat_{j}" for j in range(1, categorical + 1)],
        },
        "labels": {"label": "label", "loss": "loss", "exposure": "exposure", "maturity_days": 7},
        "overrides": {"flag": "was_overridden"},
        "reference": {"start": str(FIRST_DAY), "end": str(reference_end)},
        "window_days": WINDOW_DAYS,
    }
    if kind == "regression":
        monitored.update(
            score="predicted_cost",
            labels={
                "label": "paid_cost",
                "loss": "loss",
                "exposure": "exposure",
                "maturity_days": 7,
            },
        )
    if kind == "multiclass":
        del monitored["score"]
        monitored.update(
            scores={name: f"p_{name}" for name in "abcd"},
            labels={"label": "intent", "loss": "loss", "exposure": "exposure", "maturity_days": 7},
        )
    files: dict[str, Any] = {
        "dbt_project.yml": {
            "name": "retrain_gate_bench",
            "version": "0.1.0",
            "config-version": 2,
            "profile": "retrain_gate_bench",
            "model-paths": ["models"],
            # dbt deps links the package (this repository) in here: a dot directory, so that
            # mypy, crawling bench/, skips the symlink loop (the link leads back to bench/).
            "packages-install-path": ".dbt_packages",
            # The bench measures the build: a verdict must not stop it.
            "vars": {
                "retrain_gate": {
                    "gates": {"fix_data": "warn", "fix_labels": "warn"},
                    "models": {
                        "bench_model" + (f"_{i}" if i > 1 else ""): monitored
                        for i in range(1, models + 1)
                    },
                }
            },
        },
        # Relative, so the generated project works wherever the repository is checked out.
        "packages.yml": {"packages": [{"local": "../../.."}]},
        "profiles.yml": {
            "retrain_gate_bench": {
                "target": "duckdb",
                "outputs": {"duckdb": duckdb_output},
            }
        },
        "models/sources.yml": {
            "version": 2,
            "sources": [
                {"name": "bench_raw", "schema": "bench_raw", "tables": [{"name": "predictions"}]}
            ],
        },
    }
    for name, content in files.items():
        (PROJECT / name).write_text(yaml.safe_dump(content, sort_keys=False))


def peak_rss_bytes(pid: int) -> int:
    """The kernel's high-water mark of a process's RSS (VmHWM), so no spike between two polls
    is missed; 0 once the process is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def run_measured(args: Sequence[str], log_name: str) -> tuple[float, float, int]:
    """Runs a command in the bench project; returns its wall seconds, CPU seconds (user +
    system, from the reaped child's rusage) and peak RSS in bytes (each process's VmHWM,
    polled every POLL_S, summed over the process and its children). Exits on failure.

    Not ru_maxrss: a child inherits its parent's RSS high-water mark through fork and exec, so
    it would report this script's own peak (the data generation) instead of dbt's.
    """
    log = LOGS / f"{log_name}.log"
    peaks: dict[int, int] = {}
    start = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(args, cwd=PROJECT, stdout=out, stderr=subprocess.STDOUT)
        root = psutil.Process(process.pid)
        while True:
            try:
                pids = [root.pid, *(child.pid for child in root.children(recursive=True))]
            except psutil.Error:
                pids = [root.pid]
            for pid in pids:
                peaks[pid] = max(peaks.get(pid, 0), peak_rss_bytes(pid))
            reaped, status, usage = os.wait4(process.pid, os.WNOHANG)
            if reaped:
                break
            time.sleep(POLL_S)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text().splitlines()[-30:]
        sys.exit(f"`{' '.join(args)}` failed (exit {process.returncode}):\n" + "\n".join(tail))
    return wall, usage.ru_utime + usage.ru_stime, sum(peaks.values())


def dbt_build(as_of: date, log_name: str, *flags: str) -> dict[str, Any]:
    """A measured `dbt build`: wall time, compute time (sum of the nodes' execution_time in
    run_results.json), CPU time, peak RSS and per-node times."""
    variables = json.dumps({"retrain_gate_as_of": str(as_of)})
    args = [DBT, "build", *flags, "--vars", variables]
    args += ["--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT)]
    wall, cpu, peak = run_measured(args, log_name)
    results_path = PROJECT / "target" / "run_results.json"
    results = json.loads(results_path.read_text())["results"]
    (LOGS / f"{log_name}_run_results.json").write_text(results_path.read_text())
    # Node name without its "model.retrain_gate." prefix (tests keep their hash suffix).
    per_node = {
        ".".join(r["unique_id"].split(".")[2:]): round(r["execution_time"], 3) for r in results
    }
    return {
        "wall_s": round(wall, 2),
        "compute_s": round(sum(r["execution_time"] for r in results), 2),
        "cpu_s": round(cpu, 2),
        "peak_rss_mib": round(peak / 2**20),
        "per_node_s": per_node,
    }


def drift_build(as_of: date) -> dict[str, Any]:
    """Only the models the drift signals need, from a full refresh: the fairer figure to set
    against a peer that computes drift alone (bench/README.md, "Peers")."""
    return dbt_build(as_of, "drift", "--full-refresh", "--select", f"+{DRIFT_MODEL}")


def measure_peer(python: str, peer: str, as_of: date) -> dict[str, Any]:
    """One peer (bench/peers/peers.py) in its own process and venv: wall time and peak RSS as
    for dbt, and the figures it writes (load and compute seconds, a statistic per feature)."""
    output = LOGS / f"peer_{peer}.json"
    reference_end = FIRST_DAY + timedelta(days=REFERENCE_DAYS - 1)
    window_start = as_of - timedelta(days=WINDOW_DAYS - 1)
    args = [python, str(BENCH_DIR / "peers" / "peers.py"), peer, str(DATABASE)]
    args += [str(d) for d in (FIRST_DAY, reference_end, window_start, as_of)]
    wall, cpu, peak = run_measured([*args, "--out", str(output)], f"peer_{peer}")
    figures: dict[str, Any] = json.loads(output.read_text())
    peak_mib = round(peak / 2**20)
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mib": peak_mib} | figures


def retrain_gate_statistic(check: str, as_of: date) -> dict[str, float]:
    """retrain_gate_signals' value of one drift check per feature, whole population."""
    with connect() as con:
        rows = con.execute(
            "select subject, value from retrain_gate_signals where check_name = ? "
            "and segment = 'all' and eval_date = ?",
            [check, as_of],
        ).fetchall()
    return {subject: value for subject, value in rows}


def compare_peers(python: str, as_of: date) -> dict[str, Any]:
    """Each peer's run, and the largest gap between its values and retrain_gate's (same check)
    over the features; bench/README.md explains the binning behind the gaps."""
    peers = {}
    for peer in PEERS:
        load = os.getloadavg()
        figures = measure_peer(python, peer, as_of)
        ours = retrain_gate_statistic(figures["check"], as_of)
        gaps = {f: abs(v - ours[f]) for f, v in figures["values"].items() if f in ours}
        figures["retrain_gate_values"] = {f: ours[f] for f in figures["values"] if f in ours}
        figures["max_abs_gap"] = round(max(gaps.values()), 6) if gaps else None
        figures["loadavg_before"] = [round(x, 2) for x in load]
        print(
            f"peer {peer}: wall {figures['wall_s']}s (load {figures['load_s']}s, compute "
            f"{figures['compute_s']}s), peak RSS {figures['peak_rss_mib']} MiB, "
            f"max |{figures['check']} - retrain_gate| {figures['max_abs_gap']}",
            flush=True,
        )
        peers[peer] = figures
    return peers


def floor_query(numeric: int, categorical: int) -> str:
    """One aggregate pass over every configured column of the raw log (bench/README.md)."""
    aggregates = ["count(*)", "count(prediction_id)", "count(customer_id)"]
    for column in ["score", *(f"num_{j}" for j in range(1, numeric + 1))]:
        aggregates += [f"{f}({column})" for f in ("count", "min", "max", "sum")]
    aggregates += [f"count(cat_{j})" for j in range(1, categorical + 1)]
    aggregates += ["sum(label)", "sum(loss)", "sum(exposure)", "count(was_overridden)"]
    return (
        f"select cast(scored_at as date), channel, {', '.join(aggregates)} "
        "from bench_raw.predictions group by 1, 2"
    )


def measure_floor(numeric: int, categorical: int) -> tuple[list[float], list[float]]:
    """The floor query timed FLOOR_RUNS times, each in a fresh process: wall and CPU seconds."""
    query = floor_query(numeric, categorical)
    runs, cpu_runs = [], []
    for _ in range(FLOOR_RUNS):
        output = subprocess.run(
            [sys.executable, "-c", FLOOR_SCRIPT, str(DATABASE), query],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        wall, cpu = output.split()
        runs.append(round(float(wall), 3))
        cpu_runs.append(round(float(cpu), 3))
    return runs, cpu_runs


def git(*args: str) -> str:
    """A git command's output in this repository ('' when git fails)."""
    output = subprocess.run(["git", "-C", str(BENCH_DIR.parent), *args], capture_output=True)
    return output.stdout.decode().strip()


def package_revision() -> str:
    """The repository's commit ('-dirty' with uncommitted changes)."""
    return git("describe", "--always", "--dirty") or "unknown"


def sql_revision() -> str:
    """The last commit that changed the package's SQL ('-dirty' with uncommitted changes to
    it): the figures are for that SQL, whatever else changed since (docs, bench/)."""
    paths = ["--", "models", "macros", "dbt_project.yml"]
    dirty = "-dirty" if git("status", "--porcelain", *paths) else ""
    return (git("log", "-1", "--format=%h", *paths) or "unknown") + dirty


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--features-numeric", type=int, default=20)
    parser.add_argument("--features-categorical", type=int, default=5)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--models", type=int, default=1, help="monitored models (a fleet)")
    parser.add_argument("--kind", choices=["binary", "regression", "multiclass"], default="binary")
    parser.add_argument(
        "--memory-limit",
        help="DuckDB's memory_limit in the bench profile, e.g. 1GB (default: DuckDB's own)",
    )
    parser.add_argument(
        "--peers",
        metavar="PYTHON",
        help="also run bench/peers/peers.py with this Python (a venv with bench/peers/"
        "requirements.txt, as `make bench-peers` builds) on the same data",
    )
    args = parser.parse_args()
    # The reference is the first 30 days; evaluation needs at least one day after it, plus
    # the held-back day for the nightly run.
    if args.days < REFERENCE_DAYS + 2:
        parser.error(f"--days must be at least {REFERENCE_DAYS + 2}")
    if args.rows < args.days or args.features_numeric < 1 or args.features_categorical < 0:
        parser.error("need --rows >= --days, --features-numeric >= 1, --features-categorical >= 0")
    if args.models < 1:
        parser.error("need --models >= 1")
    return args


def main() -> None:
    args = parse_args()
    numeric, categorical, days = args.features_numeric, args.features_categorical, args.days
    LOGS.mkdir(parents=True, exist_ok=True)
    # No usage tracking: its network calls would land in the timed runs.
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    last_day = FIRST_DAY + timedelta(days=days - 1)
    # The machine is shared: the load before each phase says how far to trust its figures.
    loadavg: dict[str, list[float]] = {}

    def note_load(phase: str) -> None:
        loadavg[phase] = [round(x, 2) for x in os.getloadavg()]

    note_load("generate")
    start = time.perf_counter()
    generate(args.rows, numeric, categorical, days, args.kind)
    generate_s = time.perf_counter() - start
    size_mib = DATABASE.stat().st_size / 2**20
    print(f"generated {args.rows:,} rows in {generate_s:.1f}s ({size_mib:,.0f} MiB)", flush=True)

    write_project(numeric, categorical, args.models, args.kind, args.memory_limit)
    subprocess.run(
        [DBT, "deps", "--project-dir", str(PROJECT), "--profiles-dir", str(PROJECT)],
        cwd=PROJECT,
        check=True,
        stdout=subprocess.DEVNULL,
    )

    # a full parse (new vars: dbt cannot parse partially), what every run with a new as-of
    # date pays before any SQL runs: the config validated, every model's Jinja rendered
    note_load("parse")
    parse_vars = json.dumps({"retrain_gate_as_of": str(FIRST_DAY + timedelta(days=REFERENCE_DAYS))})
    parse_command = [DBT, "parse", "--vars", parse_vars, "--project-dir", str(PROJECT)]
    parse_wall_s, parse_cpu_s, _ = run_measured(
        [*parse_command, "--profiles-dir", str(PROJECT)], "parse"
    )
    print(f"parse: wall {parse_wall_s:.1f}s, CPU {parse_cpu_s:.1f}s", flush=True)

    note_load("floor")
    floor_runs, floor_cpu_runs = measure_floor(numeric, categorical)
    floor_s, floor_cpu_s = statistics.median(floor_runs), statistics.median(floor_cpu_runs)
    print(f"floor: {floor_runs} s, median {floor_s}s, CPU median {floor_cpu_s}s", flush=True)

    note_load("drift")
    drift = drift_build(last_day - timedelta(days=1))
    print(
        f"drift models alone: wall {drift['wall_s']}s, compute {drift['compute_s']}s, "
        f"peak RSS {drift['peak_rss_mib']} MiB",
        flush=True,
    )

    note_load("build")
    build = dbt_build(last_day - timedelta(days=1), "build", "--full-refresh")
    print(
        f"full build: wall {build['wall_s']}s, compute {build['compute_s']}s, "
        f"CPU {build['cpu_s']}s, "
        f"peak RSS {build['peak_rss_mib']} MiB",
        flush=True,
    )

    with connect() as con:
        con.execute(
            "insert into bench_raw.predictions select * from bench_raw.predictions_held_back"
        )
    note_load("nightly")
    nightly = dbt_build(last_day, "nightly")
    print(
        f"nightly: wall {nightly['wall_s']}s, compute {nightly['compute_s']}s, "
        f"CPU {nightly['cpu_s']}s, "
        f"peak RSS {nightly['peak_rss_mib']} MiB",
        flush=True,
    )

    # The same night again with the same --vars: dbt reuses the nightly's parse (partial
    # parsing), as it can for a scheduled nightly that passes no --vars when nothing in the
    # project changed. It rewrites the same lookback days: the nightly less a full parse.
    note_load("nightly_rerun")
    rerun = dbt_build(last_day, "nightly_rerun")
    print(
        f"the night again, parse reused: wall {rerun['wall_s']}s, CPU {rerun['cpu_s']}s", flush=True
    )

    # Absolute, not resolved: the peers run in the project directory, and a venv's python is
    # a symlink that must stay one.
    peers = compare_peers(os.path.abspath(args.peers), last_day) if args.peers else None

    result = {
        "rows": args.rows,
        "numeric_features": numeric,
        "categorical_features": categorical,
        "days": days,
        "models": args.models,
        "kind": args.kind,
        "parse_wall_s": round(parse_wall_s, 2),
        "parse_cpu_s": round(parse_cpu_s, 2),
        "generate_s": round(generate_s, 2),
        "floor_s": floor_s,
        "floor_runs_s": floor_runs,
        "floor_cpu_s": floor_cpu_s,
        "floor_cpu_runs_s": floor_cpu_runs,
        "build_wall_s": build["wall_s"],
        "build_compute_s": build["compute_s"],
        "nightly_wall_s": nightly["wall_s"],
        "nightly_compute_s": nightly["compute_s"],
        "build_cpu_s": build["cpu_s"],
        "nightly_cpu_s": nightly["cpu_s"],
        "nightly_rerun_wall_s": rerun["wall_s"],
        "nightly_rerun_cpu_s": rerun["cpu_s"],
        "build_peak_rss_mib": build["peak_rss_mib"],
        "nightly_peak_rss_mib": nightly["peak_rss_mib"],
        "peak_rss_mib": max(build["peak_rss_mib"], nightly["peak_rss_mib"]),
        "drift_wall_s": drift["wall_s"],
        "drift_compute_s": drift["compute_s"],
        "drift_cpu_s": drift["cpu_s"],
        "drift_peak_rss_mib": drift["peak_rss_mib"],
        "build_to_floor": round(build["compute_s"] / floor_s, 2),
        # CPU against CPU: less sensitive to other processes on the machine than wall times
        # (the build's CPU includes dbt's start-up and parsing, about 4.5 s).
        "build_cpu_to_floor_cpu": round(build["cpu_s"] / floor_cpu_s, 2),
        "nightly_to_build": round(nightly["compute_s"] / build["compute_s"], 4),
        "per_model_s": build["per_node_s"],
        "nightly_per_model_s": nightly["per_node_s"],
        "drift_per_model_s": drift["per_node_s"],
        "loadavg": loadavg,
        "memory_limit": args.memory_limit,
        "peers": peers,
        "package_revision": package_revision(),
        "sql_revision": sql_revision(),
        "duckdb_version": duckdb.__version__,
        "dbt_version": version("dbt-core"),
        "dbt_duckdb_version": version("dbt-duckdb"),
    }
    line = json.dumps(result)
    # Kept across runs (bench/out is gitignored), so runs can be compared afterwards.
    with (OUT / "results.jsonl").open("a") as results:
        results.write(line + "\n")
    print(line, flush=True)


if __name__ == "__main__":
    main()
