"""`retrain-gate demo`: generate the demo data, build retrain_gate on it, print the summary."""

from __future__ import annotations

from pathlib import Path

import duckdb

from retrain_gate.dbt_project import DEMO_PROJECT, run_dbt
from retrain_gate.demo.generator import generate_demo
from retrain_gate.demo.load import write_duckdb
from retrain_gate.summary import drift_summary, integrity_summary


def run_demo(db: Path, rows_per_day: int = 2000, seed: int = 7) -> str:
    """Writes the demo logs to the DuckDB file `db`, runs `dbt build` of the demo project on
    it and prints (and returns) the drift and integrity summary of its latest evaluation date."""
    print(f"Generating the demo prediction logs ({rows_per_day} rows per model per day) ...")
    data = generate_demo(seed=seed, rows_per_day=rows_per_day)
    db.parent.mkdir(parents=True, exist_ok=True)
    db.unlink(missing_ok=True)
    write_duckdb(data.tables, db)
    rows = sum(len(frame) for frame in data.tables.values())
    print(f"Wrote {rows:,} rows to {db} (schema demo_raw).\n")

    env = {"RETRAIN_GATE_DEMO_DB": str(db.resolve())}
    run_dbt(["deps", "--quiet"], DEMO_PROJECT, env=env, echo=False)
    run_dbt(["build"], DEMO_PROJECT, env=env)

    with duckdb.connect(str(db), read_only=True) as con:
        signals = con.execute("select * from main.retrain_gate_signals").df()
    summary = (
        f"Drift on {data.as_of} (all segments):\n\n{drift_summary(signals)}\n\n"
        f"Integrity on {data.as_of} (all segments):\n\n{integrity_summary(signals)}"
    )
    print(f"\n{summary}")
    return summary
