"""One peer's drift computation on the bench log, for the side-by-side of bench/README.md.

Runs in its own venv (bench/peers/requirements.txt; `make bench-peers` builds it), not the
project's: Evidently 0.7 needs pandas < 3. Loads the reference and the window of the bench log
from DuckDB into pandas, as a user of an in-memory library would, computes one drift statistic
per feature and writes {peer, check, load_s, compute_s, rows_reference, rows_window, values} as
JSON to --out. The caller (bench/run.py) measures wall time and peak RSS from outside.

Peers:
  evidently  Evidently's ValueDrift(method="psi") per feature.
  nannyml    NannyML's UnivariateDriftCalculator, Jensen-Shannon distance (NannyML has no PSI;
             JS distance is its binned divergence, set against retrain_gate's js_distance).
  numpy      PSI by retrain_gate's own definition (docs/drift.md "psi") over the bins retrain_gate
             froze (int_retrain_gate__reference_bins): the check that the SQL computes the
             documented formula, and the least an in-memory implementation has to do.

Usage: python bench/peers/peers.py PEER DATABASE REFERENCE_START REFERENCE_END WINDOW_START
WINDOW_END --out FILE (dates inclusive).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

MODEL_ID = "bench_model"
PSI_EPSILON = 1e-4  # retrain_gate's default psi_epsilon (macros/config/defaults.sql)


def load(con: duckdb.DuckDBPyConnection, columns: list[str], start: str, end: str) -> Any:
    """The rows scored from start to end (inclusive dates), feature columns only."""
    return con.execute(
        f"select {', '.join(columns)} from bench_raw.predictions "
        "where scored_at >= cast(? as date) and scored_at < cast(? as date) + 1",
        [start, end],
    ).df()


def evidently_psi(
    reference: Any, window: Any, numeric: list[str], categorical: list[str]
) -> dict[str, float]:
    """Evidently 0.7: numeric columns with more than 20 distinct values are cut into
    equal-width bins over the reference and window together (numpy's "sturges" count), the
    others binned by value; a zero share becomes 1e-4."""
    from evidently import DataDefinition, Dataset, Report
    from evidently.metrics import ValueDrift

    definition = DataDefinition(numerical_columns=numeric, categorical_columns=categorical)
    report = Report([ValueDrift(column=c, method="psi") for c in numeric + categorical])
    snapshot = report.run(
        current_data=Dataset.from_pandas(window, data_definition=definition),
        reference_data=Dataset.from_pandas(reference, data_definition=definition),
    )
    values = {}
    for metric in snapshot.dict()["metrics"]:
        values[metric["config"]["column"]] = float(metric["value"])
    return values


def nannyml_js(
    reference: Any, window: Any, numeric: list[str], categorical: list[str]
) -> dict[str, float]:
    """NannyML 0.13: Jensen-Shannon distance (base 2), numeric columns over equal-width bins of
    the reference ("doane" count) plus one bin for the window's mass outside them, categorical
    columns by value; the whole window as one chunk."""
    import nannyml

    calculator = nannyml.UnivariateDriftCalculator(
        column_names=numeric + categorical,
        treat_as_categorical=categorical,
        continuous_methods=["jensen_shannon"],
        categorical_methods=["jensen_shannon"],
        chunk_number=1,
    )
    calculator.fit(reference)
    result = calculator.calculate(window).filter(period="analysis").to_df()
    return {c: float(result[(c, "jensen_shannon", "value")].iloc[0]) for c in numeric + categorical}


def shares(bins: Any, size: int) -> Any:
    """Each bin's share of the values, floored at psi_epsilon."""
    return np.maximum(np.bincount(bins, minlength=size) / len(bins), PSI_EPSILON)


def psi(window_bins: Any, reference_bins: Any, size: int) -> float:
    """sum over bins of (p' - q') ln(p' / q'), p', q' the floored shares (docs/drift.md "psi")."""
    p, q = shares(window_bins, size), shares(reference_bins, size)
    return float(np.sum((p - q) * np.log(p / q)))


def numpy_psi(
    con: duckdb.DuckDBPyConnection,
    reference: Any,
    window: Any,
    numeric: list[str],
    categorical: list[str],
) -> dict[str, float]:
    """retrain_gate's PSI over its frozen bins: numeric fine bin 0 below the reference minimum
    u_0, 1 + (number of cuts below v) from u_0 up, merged into drift bins; categorical bins by
    label, reference categories outside the top ones in '__other__', the rest '__unseen__'."""
    bins = con.execute(
        "select feature, bin_index, upper_bound, bin_label, drift_bin "
        "from int_retrain_gate__reference_bins where model_id = ? order by feature, bin_index",
        [MODEL_ID],
    ).df()
    values = {}
    for feature, rows in bins.groupby("feature"):
        if feature not in numeric + categorical:
            continue
        drift_bin = rows.set_index("bin_index")["drift_bin"]
        size = int(drift_bin.max()) + 1
        sides = []
        for frame in (window, reference):
            column = frame[feature]
            if feature in numeric:
                v = column.to_numpy(dtype="float64")
                v = v[np.isfinite(v)]
                cuts = rows.loc[rows["bin_index"] >= 1, "upper_bound"].dropna().to_numpy()
                fine = np.where(v < cuts[0], 0, 1 + np.searchsorted(cuts, v, side="left"))
            else:
                labels = rows.dropna(subset=["bin_label"]).set_index("bin_label")["bin_index"]
                seen = set(reference[feature].dropna().unique())
                v = column.dropna()
                rest = np.where(v.isin(seen), labels["__other__"], labels["__unseen__"])
                fine = v.map(labels).fillna(pd.Series(rest, index=v.index)).to_numpy()
            sides.append(drift_bin.loc[fine].to_numpy(dtype="int64"))
        values[str(feature)] = psi(sides[0], sides[1], size)
    return values


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("peer", choices=["evidently", "nannyml", "numpy"])
    parser.add_argument("database", type=Path)
    for name in ("reference_start", "reference_end", "window_start", "window_end"):
        parser.add_argument(name)
    parser.add_argument("--out", type=Path, required=True)
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    # No usage tracking: its network calls would land in the timed compute.
    os.environ["NML_DISABLE_USAGE_LOGGING"] = "1"
    os.environ["DO_NOT_TRACK"] = "1"
    con = duckdb.connect(str(args.database), read_only=True)
    con.execute("set enable_progress_bar = false")
    names = [
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'bench_raw' and table_name = 'predictions' "
            "order by ordinal_position"
        ).fetchall()
    ]
    numeric = ["score", *(n for n in names if n.startswith("num_"))]
    categorical = [n for n in names if n.startswith("cat_")]

    start = time.perf_counter()
    reference = load(con, numeric + categorical, args.reference_start, args.reference_end)
    window = load(con, numeric + categorical, args.window_start, args.window_end)
    loaded = time.perf_counter()
    peers: dict[str, tuple[str, Callable[[], dict[str, float]]]] = {
        "evidently": ("psi", lambda: evidently_psi(reference, window, numeric, categorical)),
        "nannyml": ("js_distance", lambda: nannyml_js(reference, window, numeric, categorical)),
        "numpy": ("psi", lambda: numpy_psi(con, reference, window, numeric, categorical)),
    }
    check, compute = peers[args.peer]
    values = compute()
    done = time.perf_counter()
    figures = {
        "peer": args.peer,
        "check": check,
        "load_s": round(loaded - start, 2),
        "compute_s": round(done - loaded, 2),
        "rows_reference": len(reference),
        "rows_window": len(window),
        "values": values,
    }
    args.out.write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
